"""The words hover uses: a register's vendor names, lanes and roles (from the arch
tables, the one home of the ABI register facts) and doc comments."""

from __future__ import annotations

from asm_ls.arch import Arch, Register
from asm_ls.syntax.source import SourceFile


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
