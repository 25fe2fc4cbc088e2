"""Go's portable pseudo-instructions, shared by every architecture (cmd/internal/obj).

Written for this project from the Go assembler's behaviour (checked with
`go tool asm -S`); only those that appear in hand-written assembly are listed.
"""

from __future__ import annotations

# Per family: how a call saves the return address, how RET returns, the jump instructions.
_CALLS = {
    "x86": ("CALL pushes the return address on the stack", "RET pops it and jumps there", "JMP"),
    "arm64": (
        "BL (BLR for a register) puts the return address in the link register R30",
        "RET branches to R30",
        "B, BR",
    ),
    "arm": ("BL puts the return address in the link register R14", "RET branches to R14", "B"),
    "ppc64": (
        "BL (BCTRL for a register, through CTR) puts the return address in LR",
        "RET branches to LR (blr)",
        "B, BCTR",
    ),
    "s390x": ("BRASL (BASR for a register) puts the return address in R14", "RET branches to R14 (BR R14)", "BRC, BCR"),
    "riscv": (
        "JAL (JALR for a register) puts the return address in X1 (ra)",
        "RET jumps to X1 (jalr x0, x1)",
        "JAL X0, JALR X0",
    ),
    "mips": (
        "JAL (JALR for a register) puts the return address in R31; the assembler fills the delay slot",
        "RET jumps to R31",
        "JMP (j, jr)",
    ),
    "loong64": ("BL (JIRL for a register) puts the return address in R1", "RET jumps to R1 (jirl r0, r1)", "B, JIRL"),
    "wasm": (
        "Go saves the return PC and calls the target's WebAssembly function",
        "RET returns to the caller",
        "a Go dispatch loop",
    ),
}
_UNDEF = {"x86": "UD2", "riscv": "an EBREAK-based trap"}


def _family_words(family: str) -> dict[str, str]:
    call, ret, jumps = _CALLS[family]
    return {
        "CALL": f"Call a function: {call}.",
        "JMP": f"Jump to a label, a function (a tail call) or the address in a register ({jumps}).",
        "RET": f"Return from the function: {ret}; first the assembler adds the epilogue that pops the frame "
        "when the frame is not empty.",
        "UNDEF": f"Emit an instruction that always faults ({_UNDEF.get(family, 'a permanently undefined encoding')}).",
    }


# mnemonic: (summary, Go operand forms); CALL, JMP, RET and UNDEF get their family's words.
PORTABLE = {
    "CALL": ("", ["name(SB)", "reg", "off(reg)"]),
    "JMP": ("", ["label", "name(SB)", "reg", "off(PC)"]),
    "RET": ("", [""]),
    "NOP": (
        "Go pseudo-instruction that assembles to no machine code; use the arch's hardware NOP to emit one.",
        ["", "reg"],
    ),
    "UNDEF": ("", [""]),
    "PCALIGN": ("Align the next instruction to $n bytes (a power of two from 8 to 2048) by padding with NOPs.", ["$n"]),
    "PCALIGNMAX": (
        "Align the next instruction to $n bytes when at most $max bytes of padding are needed.",
        ["$n, $max"],
    ),
    "PCDATA": (
        "Record a value in one of the function's PC-value tables (for example the stack map index).",
        ["$table, $value"],
    ),
    "FUNCDATA": (
        "Attach a data symbol to the function's metadata (for example its argument pointer maps).",
        ["$index, name(SB)"],
    ),
}


def records(family: str) -> dict[str, dict]:
    """Portable mnemonic -> record, with Go-order forms and no machine encoding."""
    words = _family_words(family)
    return {
        mnemonic: {
            "summary": words.get(mnemonic, summary),
            "intel": [],
            "gnu": [],
            "forms": [[operands, "", "", "", [], 3] for operands in forms],
            "features": [],
            "url": None,
        }
        for mnemonic, (summary, forms) in PORTABLE.items()
    }
