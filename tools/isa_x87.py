"""x87 forms of Go's own mnemonics, read from the Go assembler's optab (asm6.go, BSD-3).

Go names x87 instructions by operand type (FMOVD float64, FMOVF float32,
FMOVL/FMOVW/FMOVV int32/int16/int64, FMOVX float80, a P suffix pops) where
Intel has FLD/FST/FILD/FISTP...; the Go column of x86.v0.2.csv guesses these
names and gets some wrong (FADDD for the float32 form). The optab gives each
Go mnemonic's operand classes in Go order and its opcode bytes; the Intel
form is the CSV row with the same encoding.
"""

from __future__ import annotations

import re

# Only entries without an opcode prefix (Px): FXSAVE and friends are 0F-prefixed and in the CSV.
_OPTAB = re.compile(r"\{A(F\w+), (\w+), Px, opBytes\{([^}]*)\}\}")
_YTAB = re.compile(r"^var (\w+) = \[\]ytab\{\n(.*?)\n\}", re.M | re.S)
_YROW = re.compile(r"\{(\w+), (\d+), argList\{([^}]*)\}\}")
_CLASS = {"Ym": "m", "Yf0": "F0", "Yrf": "Fi", "Yax": "AX"}
_MEMORY_TYPE = re.compile(r"\bm\d+\w*")


def _go_int(literal: str) -> int:
    """A Go integer literal: 0x.. hex, 0.. octal, else decimal."""
    if literal.startswith("0x"):
        return int(literal, 16)
    return int(literal, 8) if literal.startswith("0") else int(literal)


def _ytabs(asm6: str) -> dict[str, list[tuple[str, int, list[str]]]]:
    return {
        name: [
            (zcase, int(offset), [a.strip() for a in args.split(",") if a.strip()])
            for zcase, offset, args in _YROW.findall(body)
        ]
        for name, body in _YTAB.findall(asm6)
    }


def _encoding(zcase: str, args: list[str], opcode: list[int]) -> str:
    if zcase == "Zlit":  # literal bytes, up to a zero
        literal = opcode[: opcode.index(0)] if 0 in opcode else opcode
        return " ".join(f"{b:02X}" for b in literal)
    byte, reg = opcode[0], opcode[1]
    if "Yrf" in args:  # register in ModRM.rm: the CSV writes it as "+i"
        return f"{byte:02X} {(0xC0 | reg << 3) & 0xFF:02X}+i"
    return f"{byte:02X} /{reg}"


def x87_forms(asm6: str, csv_by_encoding: dict[str, tuple[str, str, int]]) -> dict[str, list[list]]:
    """Go x87 mnemonic -> forms [go operands, intel, gnu, encoding, [], modes]."""
    ytabs = _ytabs(asm6)
    forms: dict[str, list[list]] = {}
    for mnemonic, ytab, op_bytes in _OPTAB.findall(asm6):
        rows = ytabs.get(ytab)
        if not rows or any(arg not in _CLASS for _, _, args in rows for arg in args):
            continue
        opcode = [_go_int(b.strip()) for b in op_bytes.split(",") if b.strip()]
        z = 0  # each ytab row consumes `offset` opcode bytes, in order
        for zcase, offset, args in rows:
            encoding = _encoding(zcase, args, opcode[z:])
            z += offset
            intel, gnu, modes = csv_by_encoding.get(encoding, ("", "", 3))
            memory = _MEMORY_TYPE.search(intel)
            operands = ", ".join(memory.group(0) if arg == "Ym" and memory else _CLASS[arg] for arg in args)
            forms.setdefault(mnemonic, []).append([operands, intel, gnu, encoding, [], modes])
    return forms
