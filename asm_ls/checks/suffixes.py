"""parse-error for instruction suffixes the arch's assembler does not accept
(`MOVQ.XX`, `ADD.XX`, `MOVW.XX`), with cmd/asm's rules per arch family."""

from __future__ import annotations

from collections.abc import Iterator

from asm_ls.arch import Arch
from asm_ls.model import Diagnostic
from asm_ls.syntax.ast import Statement

# cmd/asm/internal/arch/arm.go armLS and armSCOND: any combination of these.
ARM_PARTS = frozenset(
    {
        "U",
        "S",
        "W",
        "P",
        "PW",
        "WP",
        "F",
        "IBW",
        "IAW",
        "DBW",
        "DAW",
        "IB",
        "IA",
        "DB",
        "DA",
        "EQ",
        "NE",
        "CS",
        "HS",
        "CC",
        "LO",
        "MI",
        "PL",
        "VS",
        "VC",
        "HI",
        "LS",
        "GE",
        "LT",
        "GT",
        "LE",
        "AL",
    }
)
# cmd/asm/internal/arch/arm64.go arm64LS.
ARM64_PARTS = frozenset({"P", "W"})
# cmd/internal/obj/x86/evex.go opSuffixTable: the whole suffix must be one of these.
X86_SUFFIXES = frozenset(
    {
        "Z",
        "SAE",
        "SAE.Z",
        "RN_SAE",
        "RZ_SAE",
        "RD_SAE",
        "RU_SAE",
        "RN_SAE.Z",
        "RZ_SAE.Z",
        "RD_SAE.Z",
        "RU_SAE.Z",
        "BCST",
        "BCST.Z",
    }
)
X86_PARTS = frozenset(part for suffix in X86_SUFFIXES for part in suffix.split("."))
# cmd/internal/obj/riscv: only the float conversions take a suffix, a rounding
# mode; other instructions ignore theirs.
RISCV_ROUNDING = frozenset({"RNE", "RTZ", "RDN", "RUP", "RMM"})
RISCV_ROUNDED = frozenset({"FCVTWS", "FCVTLS", "FCVTWUS", "FCVTLUS", "FCVTWD", "FCVTLD", "FCVTWUD", "FCVTLUD"})


def _problem(family: str, word: str, parts: list[str]) -> str | None:
    """cmd/asm's complaint about `word.parts`, or None when it is accepted."""
    suffix = ".".join(parts)
    if family == "arm":
        return None if all(p in ARM_PARTS for p in parts) else f"unrecognized condition code .{suffix!r}"
    if family == "arm64":
        return None if all(p in ARM64_PARTS for p in parts) else f"unrecognized suffix .{suffix!r}"
    if family in ("amd64", "386"):
        unknown = [p for p in parts if p not in X86_PARTS]
        if unknown:
            return f"unknown suffix {unknown[0]!r}"
        return None if suffix in X86_SUFFIXES else f"invalid suffix combination .{suffix}"
    if family == "riscv64":
        if word not in RISCV_ROUNDED or suffix in RISCV_ROUNDING:
            return None
        return f"unrecognized suffix .{suffix!r}"
    return f"unrecognized suffix .{suffix!r}"


def check_statement(statement: Statement, arch: Arch) -> Iterator[Diagnostic]:
    if not arch.instruction_suffixes:
        return  # such arches read no suffixes at all; the syntax check says so
    if not statement.suffixes or statement.errors:
        return
    message = _problem(arch.family, statement.word, [s.text for s in statement.suffixes])
    if message is not None:
        span = statement.suffixes[0].location.cover(statement.suffixes[-1].location)
        yield Diagnostic(span, "parse-error", message, arch=arch.name)
