"""The words hover uses: register roles under Go's internal ABI
(cmd/compile/abi-internal.md) and doc comments."""

from __future__ import annotations

from asm_ls.arch import Arch
from asm_ls.syntax.source import SourceFile

# Registers that carry arguments and results in ABIInternal, in order (integer, then floating point).
ABI_INTERNAL_ARGUMENTS = {
    "amd64": (("AX", "BX", "CX", "DI", "SI", "R8", "R9", "R10", "R11"), tuple(f"X{i}" for i in range(15))),
    "arm64": (tuple(f"R{i}" for i in range(16)), tuple(f"F{i}" for i in range(16))),
    "loong64": (tuple(f"R{i}" for i in range(4, 20)), tuple(f"F{i}" for i in range(16))),
    "ppc64": (
        ("R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R14", "R15", "R16", "R17"),
        tuple(f"F{i}" for i in range(1, 13)),
    ),
    "ppc64le": (
        ("R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R14", "R15", "R16", "R17"),
        tuple(f"F{i}" for i in range(1, 13)),
    ),
    "riscv64": (
        ("X10", "X11", "X12", "X13", "X14", "X15", "X16", "X17", "X8", "X9", "X18", "X19", "X20", "X21", "X22", "X23"),
        ("F10", "F11", "F12", "F13", "F14", "F15", "F16", "F17", "F8", "F9", "F18", "F19", "F20", "F21", "F22", "F23"),
    ),
}

# Fixed roles under ABIInternal, per arch.
FIXED_ROLES = {
    "amd64": {
        "R14": "the current goroutine (g)",
        "DX": "closure context pointer on entry",
        "X15": "zero value on entry to ABIInternal functions",
        "BP": "frame pointer",
        "R15": "GOT reference temporary when dynamically linking",
    },
    "arm64": {
        "R28": "the current goroutine (g)",
        "g": "the current goroutine",
        "R26": "closure context pointer",
        "R27": "reserved for the assembler (REGTMP)",
        "R29": "frame pointer",
        "R30": "link register",
        "R18": "reserved by the platform",
    },
    "loong64": {
        "R22": "the current goroutine (g)",
        "R29": "closure context pointer",
        "R1": "link register",
        "R3": "stack pointer",
        "R0": "always zero",
    },
    "ppc64": {
        "R30": "the current goroutine (g)",
        "R11": "closure context pointer",
        "R1": "stack pointer",
        "R2": "TOC register",
        "R13": "TLS pointer",
        "R0": "zero value",
    },
    "ppc64le": {
        "R30": "the current goroutine (g)",
        "R11": "closure context pointer",
        "R1": "stack pointer",
        "R2": "TOC register",
        "R13": "TLS pointer",
        "R0": "zero value",
    },
    "riscv64": {
        "X27": "the current goroutine (g)",
        "X26": "closure context pointer",
        "X1": "link register",
        "X2": "stack pointer",
        "X0": "always zero",
        "X3": "global pointer",
        "X4": "thread pointer",
    },
    "s390x": {
        "R13": "the current goroutine (g)",
        "R12": "closure context pointer",
        "R14": "link register",
        "R15": "stack pointer",
        "R0": "zero value",
    },
}


def register_roles(arch: Arch, name: str) -> list[str]:
    roles = []
    if name == arch.stack_register:
        roles.append("the hardware stack pointer")
    if name == arch.link_register:
        roles.append("the link register (return address)")
    fixed = FIXED_ROLES.get(arch.name, {}).get(name)
    if fixed:
        roles.append(f"ABIInternal: {fixed}")
    integers, floats = ABI_INTERNAL_ARGUMENTS.get(arch.name, ((), ()))
    for kind, registers in (("integer", integers), ("floating-point", floats)):
        if name in registers:
            roles.append(f"ABIInternal: {kind} argument and result register {registers.index(name) + 1}")
    return roles


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
