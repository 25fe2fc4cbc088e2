"""Whether a statement reads or writes each register it names: what document
highlights mark. The instruction's forms decide (asm_ls.isa.access): per
form on amd64/386; elsewhere Go's convention, the last operand written (and
read too when the instruction has a longer form in which it is also a
source), with compares, tests and branches only reading, registers inside a
memory operand read (the address), and writeback forms writing their base."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from asm_ls.arch import Arch
from asm_ls.isa.access import ONLY_READ, WRITEBACK_MNEMONICS, WRITEBACK_SUFFIXES, family, longest_form, x86_access
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.lexer import Token
from asm_ls.syntax.walk import inner_registers

Access = Literal["read", "write", "readwrite", "unknown"]
_ACTIONS: dict[str, Access] = {"r": "read", "w": "write", "rw": "readwrite"}


@dataclass(frozen=True)
class RegisterUse:
    name: str  # as written: AX, R0, V1
    token: Token  # the register's token (the first, for `R(4)`)
    access: Access


def _is_pair(value: ast.OperandValue | None) -> bool:
    """`(R5, R6)`: an arm64 register pair, not an address."""
    return isinstance(value, ast.Memory) and value.base is not None and value.base.pair_separator == ","


def _direct_registers(value: ast.OperandValue | None) -> Iterator[ast.Name]:
    """Registers that are the operand's value (not an address)."""
    if isinstance(value, ast.Name):
        yield value
    elif isinstance(value, ast.Extended):
        yield value.register
    elif isinstance(value, ast.Shifted):
        yield value.register
        if value.base is not None:
            yield value.base
        if isinstance(value.count, ast.Name):
            yield value.count
    elif isinstance(value, ast.RegisterList):
        for first, last, _ in value.items:
            yield first
            if last is not None:
                yield last
    elif _is_pair(value):
        assert isinstance(value, ast.Memory) and value.base is not None
        yield from inner_registers(value.base)


def _address_registers(value: ast.OperandValue | None) -> Iterator[ast.Name]:
    if isinstance(value, ast.Memory) and not _is_pair(value):
        yield from inner_registers(value.base)
        yield from inner_registers(value.index)
        if value.base is not None and value.base.extension is not None:
            yield value.base.extension.register
        if value.index is not None and value.index.extension is not None:
            yield value.index.extension.register
    elif isinstance(value, ast.SymbolRef):
        yield from inner_registers(value.index)


def operand_accesses(arch: Arch, statement: Statement) -> list[Access]:
    """How the instruction uses each operand's value: read, write, both, or unknown."""
    operands = statement.operands
    count = len(operands)
    if count == 0:
        return []
    word = statement.word
    group = family(arch.name)
    if word in arch.jumps or word in ONLY_READ.get(group, ()):
        return ["read"] * count
    if group == "x86":
        actions = x86_access(arch, word, ", ".join(operand.text() for operand in operands))
        if actions is not None and len(actions) == count:
            return [_ACTIONS.get(a, "unknown") for a in actions]
    if count == 1:
        return ["unknown"]
    last: Access = "readwrite" if count < longest_form(arch.name, statement.opcode) else "write"
    reads: list[Access] = ["read"] * (count - 1)
    return [*reads, last]


def register_uses(arch: Arch, statement: Statement) -> Iterator[RegisterUse]:
    """Every register the statement names, with how it is used. Names in
    register position that are not registers of the arch (labels, symbols) are left out."""
    if statement.mnemonic is None or statement.word in ("TEXT", "DATA", "GLOBL", "PCDATA", "FUNCDATA"):
        return
    group = family(arch.name)
    writeback = bool({s.text for s in statement.suffixes} & WRITEBACK_SUFFIXES.get(group, frozenset())) or (
        statement.word in WRITEBACK_MNEMONICS.get(group, frozenset())
    )
    for operand, access in zip(statement.operands, operand_accesses(arch, statement)):
        value = operand.value
        for name in _direct_registers(value):
            if arch.reads_as_register(name.text, name.number):
                yield RegisterUse(name.text, operand.tokens[name.at], access)
        for name in _address_registers(value):
            if arch.reads_as_register(name.text, name.number) or name.text in arch.pseudo_registers:
                base = isinstance(value, ast.Memory) and value.base is not None and value.base.register is name
                yield RegisterUse(name.text, operand.tokens[name.at], "readwrite" if writeback and base else "read")
        if isinstance(value, ast.SymbolRef) and value.pseudo in arch.pseudo_registers:
            yield RegisterUse(value.pseudo, operand.tokens[value.pseudo_at], "read")
