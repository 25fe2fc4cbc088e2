"""Phrases shared by several families' summaries (written for this project, BSD-3-Clause)."""

from __future__ import annotations

# ARM condition codes (arm and arm64 flags NZCV), as Go spells them in B<cond>.
ARM_CONDITIONS = {
    "EQ": "equal (Z set)",
    "NE": "not equal (Z clear)",
    "CS": "carry set: unsigned higher or same (C set)",
    "HS": "unsigned higher or same (C set)",
    "CC": "carry clear: unsigned lower (C clear)",
    "LO": "unsigned lower (C clear)",
    "MI": "negative (N set)",
    "PL": "positive or zero (N clear)",
    "VS": "overflow (V set)",
    "VC": "no overflow (V clear)",
    "HI": "unsigned higher (C set and Z clear)",
    "LS": "unsigned lower or same (C clear or Z set)",
    "GE": "signed greater than or equal (N equals V)",
    "LT": "signed less than (N differs from V)",
    "GT": "signed greater than (Z clear and N equals V)",
    "LE": "signed less than or equal (Z set or N differs from V)",
}


def data(size: int) -> str:
    """The summary of Go's data-emitting pseudo-instructions (BYTE, WORD, DWORD...)."""
    return (
        f"Go pseudo-instruction: emit a {size}-byte value in place."
        if size > 1
        else ("Go pseudo-instruction: emit one byte in place.")
    )


# Floating-point operations named alike on arm64 and loong64 (FADD, FMADD...), scalar or by lane.
FLOAT_OPS = {
    "FADD": "Floating-point add",
    "FSUB": "Floating-point subtract",
    "FMUL": "Floating-point multiply",
    "FDIV": "Floating-point divide",
    "FMADD": "Floating-point fused multiply-add",
    "FMSUB": "Floating-point fused multiply-subtract",
    "FNMADD": "Floating-point negated fused multiply-add",
    "FNMSUB": "Floating-point negated fused multiply-subtract",
    "FMAX": "Floating-point maximum",
    "FMIN": "Floating-point minimum",
    "FSQRT": "Floating-point square root",
}
