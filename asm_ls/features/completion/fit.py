"""What fits an operand of an instruction, for ranking completion: the
registers the instruction's operand forms (the isa data, Go operand order)
take at that operand, and the size of memory it moves there (vet's asmdecl
sizes, else the forms' memory classes)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType

from asm_ls.arch import Arch, get_arch
from asm_ls.checks.asmdecl.moves import move_of, vet_opcode
from asm_ls.isa import lookup

# x86 operand classes (golang.org/x/arch's x86.v0.2.csv spelling) that name a
# kind of register rather than a register: (kind, width in bits; 0 for the
# arch's general width). Go writes AX where Intel writes AL, AX, EAX or RAX,
# so a byte operand takes the full names too.
_KIND_CLASSES: tuple[tuple[re.Pattern[str], tuple[tuple[str, int], ...]], ...] = (
    (re.compile(r"(?:r/m|rmr|r)8(?:op|V)?$"), (("general", 8), ("general", 0))),
    (re.compile(r"(?:r/m|rmr|r)(?:16|32|64)(?:op|V)?$"), (("general", 0),)),
    (re.compile(r"xmm"), (("vector", 128),)),
    (re.compile(r"ymm"), (("vector", 256),)),
    (re.compile(r"zmm"), (("vector", 512),)),
    (re.compile(r"mm"), (("vector", 64),)),
    (re.compile(r"\[?[kK]\]?$"), (("mask", 64),)),
    (re.compile(r"Sreg$"), (("segment", 16),)),
)
_MEMORY_SIZE = re.compile(r"(?:^|/)m(?:offs)?(\d+)")  # r/m32, m128, xmm2/m64, moffs32: bits
_ANY_MEMORY = re.compile(r"^(?:m|mem|vm\d+\w)$|\(")  # m (LEA), vm32x (VSIB), off(R), (R)
_OPERAND_COMMA = re.compile(r"\s*,\s*(?![^()\[\]]*[)\]])")  # not those inside (R1, R2) or [V1, V2]
_REGISTER_WORD = re.compile(r"[A-Z]+")
_NUMBERED = re.compile(r"([A-Z]+)\d+$")


@dataclass(frozen=True)
class OperandFit:
    # The registers the operand takes, each with its tier: 0 for those the
    # most forms take there, 1 for the next... None: not known.
    registers: Mapping[str, int] | None
    sizes: frozenset[int] | None  # bytes a memory operand there is read or written as; None: any

    def register(self, name: str) -> int | None:
        """The register's tier, None when the operand does not take it."""
        if self.registers is None:
            return 0
        return self.registers.get(name)

    def slot(self, size: int) -> bool:
        return self.sizes is None or size in self.sizes


UNKNOWN = OperandFit(None, None)


@lru_cache(maxsize=4096)
def operand_fit(goarch: str, mnemonic: str, index: int) -> OperandFit:
    """What operand `index` (0 for the first, Go order) of `mnemonic` takes on a GOARCH."""
    arch = get_arch(goarch)
    doc = lookup(goarch, mnemonic)
    classes: list[str] = []
    for operand_list in dict.fromkeys(form.operands for form in doc.forms) if doc else ():
        operands = _OPERAND_COMMA.split(operand_list)
        if operand_list and index < len(operands):
            classes.append(operands[index].strip())
    forms_taking: Counter[str] = Counter()
    named: set[str] = set()  # registers a form names alone (AL in `moffs8, AL`): a shorter encoding, seldom chosen
    memory_sizes: set[int] = set()
    any_memory = False
    for operand_class in classes:
        registers, alone = _registers_of(arch, operand_class)
        if alone:
            named |= registers
        else:
            forms_taking.update(registers)
        sizes = _MEMORY_SIZE.findall(operand_class)
        memory_sizes.update(int(bits) // 8 for bits in sizes)
        any_memory = any_memory or bool(_ANY_MEMORY.search(operand_class))
    move = move_of(goarch, vet_opcode(mnemonic, goarch))
    moved = move.source if index == 0 else move.destination
    if move.address or any_memory:
        sizes_fit = None
    elif moved:
        sizes_fit = frozenset({moved})
    else:
        sizes_fit = frozenset(memory_sizes) or None
    for name in named:
        forms_taking.setdefault(name, 1)
    counts = sorted(set(forms_taking.values()), reverse=True)
    tiers = {name: counts.index(count) for name, count in forms_taking.items()}
    return OperandFit(MappingProxyType(tiers) if classes else None, sizes_fit)


def _registers_of(arch: Arch, operand_class: str) -> tuple[set[str], bool]:
    """The registers an operand class stands for, and whether it names them alone."""
    for pattern, kinds in _KIND_CLASSES:
        if pattern.match(operand_class):
            return {name for kind, width in kinds for name in _by_kind(arch.name, kind, width)}, False
    word = operand_class.strip("[]{}").split(".")[0]
    if word in arch.registers:  # AL, CL, F0, ZR, RSP, CR0, LR...
        return {word, *arch.registers[word].aliases}, True
    if word[:1] in ("E", "R") and word[1:] in arch.registers:  # EAX, RAX: Go's AX
        return {word[1:]}, True
    if "(" in word:  # memory: the register inside is no operand of its own
        return set(), False
    letters = _REGISTER_WORD.match(word)  # R, F, V.B16, VS1, X, Fi, CR0-CR7: numbered registers
    return (set(_numbered(arch.name).get(letters.group(), ())) if letters else set()), False


@cache
def _by_kind(goarch: str, kind: str, width: int) -> frozenset[str]:
    arch = get_arch(goarch)
    width = width or arch.reg_size * 8
    return frozenset(
        name
        for name, register in arch.registers.items()
        if register.kind == kind and register.width == width and name not in arch.pseudo_registers
    )


@cache
def _numbered(goarch: str) -> dict[str, tuple[str, ...]]:
    """Register names by the letters before their number: R -> R0, R1..."""
    found: dict[str, list[str]] = {}
    for name in get_arch(goarch).registers:
        numbered = _NUMBERED.match(name)
        if numbered:
            found.setdefault(numbered.group(1), []).append(name)
    return {letters: tuple(names) for letters, names in found.items()}
