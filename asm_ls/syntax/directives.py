"""The assembler's directives (pseudo-instructions such as TEXT and DATA) and
the preprocessor's, with what each does: the one table that the statement
grouping, the checks, hover and completion read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Directive:
    name: str
    syntax: str  # how it is written
    summary: str  # what it does, in a phrase
    detail: str = ""  # more, in sentences


DIRECTIVES: Mapping[str, Directive] = MappingProxyType(
    {
        d.name: d
        for d in (
            Directive(
                "TEXT",
                "TEXT sym(SB), flags, $frame-args",
                "starts a function",
                "The frame is the local stack frame size, args the size of the arguments and results in bytes.",
            ),
            Directive("DATA", "DATA sym+offset(SB)/size, value", "initializes part of a symbol"),
            Directive("GLOBL", "GLOBL sym(SB), flags, $size", "declares a symbol global with its size"),
            Directive("PCDATA", "PCDATA $table, $value", "attaches runtime metadata to the program counter"),
            Directive(
                "FUNCDATA",
                "FUNCDATA $index, sym(SB)",
                "attaches runtime metadata (such as pointer maps) to the function",
            ),
            Directive("PCALIGN", "PCALIGN $n", "aligns the next instruction to a power-of-two boundary of n bytes"),
        )
    }
)
PSEUDO_OPS = frozenset(DIRECTIVES)

PREPROCESSOR_DIRECTIVES: Mapping[str, str] = MappingProxyType(
    {
        "include": '#include "file"',
        "define": "#define NAME body, #define F(a, b) body",
        "undef": "#undef NAME",
        "ifdef": "#ifdef NAME",
        "ifndef": "#ifndef NAME",
        "else": "#else",
        "endif": "#endif",
        "line": '#line N "file"',
    }
)

PSEUDO_REGISTERS: Mapping[str, str] = MappingProxyType(
    {
        "SB": "static base: `sym(SB)` names a global symbol by its address.",
        "FP": "frame pointer of the arguments: `name+off(FP)` is an argument or result of this function.",
        "SP": "with a name (`x-8(SP)`), the local frame (the pseudo stack pointer); without one, "
        "the hardware stack pointer.",
        "PC": "program counter: `off(PC)` branches relative to this instruction.",
    }
)
