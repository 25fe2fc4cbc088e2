"""Go's portable pseudo-instructions, shared by every architecture (cmd/internal/obj).

Written for this project from the Go assembler's behaviour (checked with
`go tool asm -S`); only those that appear in hand-written assembly are listed.
"""

from __future__ import annotations

# mnemonic: (summary, Go operand forms)
PORTABLE = {
    "CALL": (
        "Call a function: pushes or saves the return address and jumps (BL on link-register arches).",
        ["name(SB)", "reg", "off(reg)"],
    ),
    "JMP": (
        "Unconditional jump to a label, a function (tail call) or an address in a register.",
        ["label", "name(SB)", "reg", "off(PC)"],
    ),
    "RET": ("Return from the function; the assembler adds the frame epilogue when the frame is non-empty.", [""]),
    "NOP": (
        "Go pseudo-instruction that assembles to no machine code; use the arch's hardware NOP to emit one.",
        ["", "reg"],
    ),
    "UNDEF": ("Emit an undefined instruction that faults when executed (UD2 on x86).", [""]),
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


def records() -> dict[str, dict]:
    """Portable mnemonic -> record, with Go-order forms and no machine encoding."""
    return {
        mnemonic: {
            "summary": summary,
            "intel": [],
            "gnu": [],
            "forms": [[operands, "", "", "", [], 3] for operands in forms],
            "features": [],
            "url": None,
        }
        for mnemonic, (summary, forms) in PORTABLE.items()
    }
