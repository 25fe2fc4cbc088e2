"""The words hover uses: directives, pseudo-registers, register roles under
Go's internal ABI (cmd/compile/abi-internal.md), flags and doc comments."""

from __future__ import annotations

import os

from asm_ls.arch import Arch, Register
from asm_ls.diagnostics import CheckUnit
from asm_ls.syntax.literals import parse_int
from asm_ls.syntax.source import SourceFile

DIRECTIVES = {
    "TEXT": "starts a function: `TEXT sym(SB), flags, $frame-args`. The frame is the local "
    "stack frame size, args the size of the arguments and results in bytes.",
    "DATA": "initializes part of a symbol: `DATA sym+offset(SB)/size, value`.",
    "GLOBL": "declares a symbol global with its size: `GLOBL sym(SB), flags, $size`.",
    "PCDATA": "attaches runtime metadata to the program counter: `PCDATA $table, $value`.",
    "FUNCDATA": "attaches runtime metadata (such as pointer maps) to the function: `FUNCDATA $index, sym(SB)`.",
    "PCALIGN": "aligns the next instruction to a power-of-two boundary: `PCALIGN $32`.",
}

PSEUDO_REGISTERS = {
    "SB": "static base: `sym(SB)` names a global symbol by its address.",
    "FP": "frame pointer of the arguments: `name+off(FP)` is an argument or result of this function.",
    "SP": "with a name (`x-8(SP)`), the local frame (the pseudo stack pointer); without one, "
    "the hardware stack pointer.",
    "PC": "program counter: `off(PC)` branches relative to this instruction.",
}


def register_roles(arch: Arch, name: str) -> list[str]:
    """What Go uses the register for: ABIInternal arguments, fixed roles, stack and link registers
    (one home for these facts: the arch tables, see asm_ls/arch/data/SOURCES.md)."""
    register = arch.registers.get(name)
    names = (name, *(register.aliases if register else ()))
    roles = []
    role = arch.register_roles.get(name, "")
    if role:
        roles.append(f"Go: {role}")
    if name == arch.stack_register and "stack pointer" not in role:
        roles.append("the hardware stack pointer")
    if name == arch.link_register and "link register" not in role:
        roles.append("the link register (return address)")
    for kind, registers in (("integer", arch.abi_int_registers), ("floating-point", arch.abi_float_registers)):
        for index, argument in enumerate(registers):
            if argument in names:
                view = f" (as {argument})" if argument != name and name not in registers else ""
                roles.append(f"ABIInternal: {kind} argument and result register {index + 1}{view}")
    return roles


def register_names(register: Register) -> list[str]:
    """The vendor's names for the register (widest first) and its vector lanes."""
    lines = []
    if register.vendor:
        views = (
            f"`{view.name}`" + (f" ({', '.join(filter(None, [f'{view.bits} bits' if view.bits else '', view.note]))})")
            if view.bits or view.note
            else f"`{view.name}`"
            for view in register.vendor
        )
        lines.append("Vendor: " + " · ".join(views))
    if register.lanes:
        lines.append("Lanes: " + " · ".join(register.lanes))
    return lines


def flag_names(unit: CheckUnit, flags: int) -> list[tuple[str, int]]:
    """The textflag.h names whose bits are set in flags, as the file's includes define them."""
    bits = {}
    for definition in unit.preprocessed.definitions:
        if os.path.basename(definition.name_span.source.path) != "textflag.h" or len(definition.body) != 1:
            continue
        try:
            value = parse_int(definition.body[0].text)
        except ValueError:
            continue
        if value and value & (value - 1) == 0:
            bits.setdefault(value, definition.name)
    return [(bits.get(bit, f"bit {bit}"), bit) for bit in (1 << i for i in range(32)) if flags & bit]


def comment_above(source: SourceFile, offset: int) -> str:
    """The `//` comment lines right above the line at offset, without their slashes."""
    line = source.position(offset)[0] - 1
    lines = []
    while line >= 0:
        text = source.line_text(line).strip()
        if not text.startswith("//"):
            break
        lines.append(text[2:].removeprefix(" "))
        line -= 1
    return "\n".join(reversed(lines))
