"""How many bytes an instruction moves, as go vet's asmdecl infers it from
the opcode: per arch, a few exact opcodes, and on x86 and ppc64 the size
letter at the end of the mnemonic. Other arches (arm64, riscv64) and
unknown opcodes give 0: the size is not checked.

The opcode is vet's: the upper-case letters the mnemonic starts with
(`CVTSD2SL` is `CVTSD`, `MOVW.P` is `MOVW`); on wasm letters and digits
(`I64Load32U`). wasm's sizes are x/tools v0.53.0's (Go 1.26's vet, x/tools
v0.39, checks none on wasm).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Move:
    source: int  # bytes read from the first operand
    destination: int  # bytes written to the others
    address: bool = False  # the memory operand is only addressed (LEA)


_NONE = Move(0, 0)


def _sized(size: int) -> Move:
    return Move(size, size)


_MIPS_LIKE = {
    "MOVB": _sized(1),
    "MOVBU": _sized(1),
    "MOVH": _sized(2),
    "MOVHU": _sized(2),
    "MOVW": _sized(4),
    "MOVWU": _sized(4),
    "MOVF": _sized(4),
    "MOVV": _sized(8),
    "MOVD": _sized(8),
}

_WASM = {
    **dict.fromkeys(("MOVB", "I32Load8S", "I32Load8U", "I64Load8S", "I64Load8U", "I32Store8", "I64Store8"), _sized(1)),
    **dict.fromkeys(
        ("MOVH", "I32Load16S", "I32Load16U", "I64Load16S", "I64Load16U", "I32Store16", "I64Store16"), _sized(2)
    ),
    **dict.fromkeys(
        ("MOVW", "I32Load", "I64Load32S", "I64Load32U", "F32Load", "I32Store", "I64Store32", "F32Store"), _sized(4)
    ),
    **dict.fromkeys(("MOVD", "I64Load", "F64Load", "I64Store", "F64Store"), _sized(8)),
}

# Opcodes whose size vet knows by name, per GOARCH.
_EXACT: dict[str, dict[str, Move]] = {
    "386": {"FMOVLP": Move(8, 4), "LEAL": Move(0, 4, True)},
    "amd64": {"LEAQ": Move(0, 8, True)},
    "arm": {
        "MOVD": Move(8, 8),
        "MOVW": _sized(4),
        "MOVH": _sized(2),
        "MOVHU": _sized(2),
        "MOVB": _sized(1),
        "MOVBU": _sized(1),
    },
    "loong64": _MIPS_LIKE,
    "mips": _MIPS_LIKE,
    "mipsle": _MIPS_LIKE,
    "mips64": _MIPS_LIKE,
    "mips64le": _MIPS_LIKE,
    "s390x": {
        "MOVB": _sized(1),
        "MOVBZ": _sized(1),
        "MOVH": _sized(2),
        "MOVHZ": _sized(2),
        "MOVW": _sized(4),
        "MOVWZ": _sized(4),
        "FMOVS": _sized(4),
        "MOVD": _sized(8),
        "FMOVD": _sized(8),
    },
    "wasm": _WASM,
    "wasm32": _WASM,
}
# Arches whose opcodes vet reads as letters and digits.
_WASM_OPCODES = frozenset({"wasm", "wasm32"})

_X86_LETTERS = {"B": 1, "W": 2, "L": 4, "D": 8, "Q": 8}


def _x86(op: str) -> int:
    """x86 families first (x87 F...D/F, SSE ...SD/SS, PINSRD-like, SETcc, MOVO), then the last letter."""
    if op.startswith("F") and op.endswith(("D", "DP")):
        return 8
    if op.startswith("P") and op.endswith("RD"):
        return 4
    if op.startswith("F") and op.endswith(("F", "FP")):
        return 4
    if op.endswith("SD"):
        return 8
    if op.endswith("SS"):
        return 4
    if op in ("MOVO", "MOVOU"):
        return 16
    if op.startswith("SET"):
        return 1
    return _X86_LETTERS.get(op[-1:], 0)


_PPC64_SUFFIX = re.compile(r"([BHWD])(?:ZU|Z|U|BR)?$")
_PPC64_LETTERS = {"B": 1, "H": 2, "W": 4, "D": 8}


def _ppc64(op: str) -> int:
    """The size letter before ppc64's standard suffixes (MOVWZ, MOVBZU, MOVDBR)."""
    match = _PPC64_SUFFIX.search(op)
    return _PPC64_LETTERS[match.group(1)] if match else 0


_BY_LETTER = {"386": _x86, "amd64": _x86, "ppc64": _ppc64, "ppc64le": _ppc64}


def vet_opcode(mnemonic: str, goarch: str) -> str:
    pattern = r"[A-Za-z][A-Za-z0-9]*" if goarch in _WASM_OPCODES else r"[A-Z]*"
    found = re.match(pattern, mnemonic)
    return found.group() if found else ""


def move_of(goarch: str, op: str) -> Move:
    exact = _EXACT.get(goarch, {}).get(op)
    if exact is not None:
        return exact
    by_letter = _BY_LETTER.get(goarch)
    if by_letter is None:
        return _NONE
    return _sized(by_letter(op))
