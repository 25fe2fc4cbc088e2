"""Summaries of s390x Go mnemonics, written for this project (BSD-3-Clause).

Only where a Go mnemonic stands for several z/Architecture instructions (a
load, a store and a register copy; register, immediate and storage forms)
or where Go's spelling has no z/Architecture counterpart. The rest take the
instruction name from s390x.csv. Behaviour checked against
cmd/internal/obj/s390x (asmz.go) and the encodings in cmd/asm's test data.
"""

from __future__ import annotations

_CC = "Go order: `CMP R1, R2` compares R1 with R2 and sets the condition code for BEQ, BLT..."
_CMPB = "Compare {how} and branch if {what} (one instruction: {insns}): `{mn} R1, R2, label` or `{mn} R1, $imm, label`."
_CONDITIONS = (
    ("EQ", "equal"),
    ("NE", "not equal"),
    ("LT", "less than"),
    ("LE", "less than or equal"),
    ("GT", "greater than"),
    ("GE", "greater than or equal"),
)
_BRANCH = "Branch if {what}, as the condition code says after a compare (BRC with mask {mask})."

WORDS = {
    # Moves: Go names them by width, z/Architecture by direction and extension.
    "MOVD": "64-bit move: load (LG), store (STG), register copy (LGR), constant (LGHI, LGFI, LLIHF/IILF), "
    "or store a constant (MVGHI).",
    "MOVW": "32-bit move: load sign-extended (LGF), store (ST, STY), sign-extend a register (LGFR), or a constant.",
    "MOVWZ": "32-bit move: load zero-extended (LLGF), store (ST, STY), zero-extend a register (LLGFR).",
    "MOVH": "16-bit move: load sign-extended (LGH), store (STH), sign-extend a register (LGHR), "
    "or store a constant (MVHHI).",
    "MOVHZ": "16-bit move: load zero-extended (LLGH), store (STH), zero-extend a register (LLGHR).",
    "MOVB": "8-bit move: load sign-extended (LGB), store (STC), sign-extend a register (LGBR), "
    "or store a constant (MVI).",
    "MOVBZ": "8-bit move: load zero-extended (LLGC), store (STC), zero-extend a register (LLGCR).",
    "MOVDBR": "64-bit byte-reversed load or store (LRVG, STRVG): memory in little-endian order.",
    "MOVWBR": "32-bit byte-reversed load (zero-extended) or store (LRV, STRV); between registers, LRVR.",
    "MOVHBR": "16-bit byte-reversed load (zero-extended) or store (LRVH, STRVH).",
    "FMOVD": "64-bit floating-point move: load (LD, LDY), store (STD, STDY), register copy (LDR); "
    "`FMOVD $0, F` clears the register (LZDR).",
    "FMOVS": "32-bit floating-point move: load (LE, LEY), store (STE, STEY), register copy (LER); "
    "`FMOVS $0, F` clears the register (LZER).",
    # Arithmetic and logic: register, immediate and storage forms under one name.
    "ADD": "64-bit add (AGR, AGRK; AGHI, AGHIK, AGFI with a constant; AG from memory).",
    "ADDW": "32-bit add (AR, ARK; AHI, AHIK, AFI with a constant; A, AY from memory).",
    "ADDC": "64-bit add logical, setting the carry in the condition code (ALGR, ALGRK, ALGFI, ALGHSIK, ALG).",
    "ADDE": "64-bit add logical with the carry from the condition code (ALCGR, ALCG).",
    "SUB": "64-bit subtract (SGR, SGRK, SG); a constant is added negated (AGHI, AGFI). `SUB R1, R2` sets R2 = R2 - R1.",
    "SUBW": "32-bit subtract (SR, SRK, S, SY; SLFI with a constant).",
    "SUBC": "64-bit subtract logical, setting the borrow in the condition code (SLGR, SLGRK, SLG).",
    "SUBE": "64-bit subtract logical with the borrow from the condition code (SLBGR, SLBG).",
    "AND": "64-bit bitwise AND (NGR, NGRK, NG; NILL, NILH, NILF... with a constant).",
    "ANDW": "32-bit bitwise AND (NR, NRK, N, NY; NILL, NILH, NILF with a constant).",
    "OR": "64-bit bitwise OR (OGR, OGRK, OG; OILL, OILH, OILF... with a constant).",
    "ORW": "32-bit bitwise OR (OR, ORK, O, OY; OILL, OILH, OILF with a constant).",
    "XOR": "64-bit bitwise exclusive OR (XGR, XGRK, XG; XILF, XIHF with a constant).",
    "XORW": "32-bit bitwise exclusive OR (XR, XRK, X, XY; XILF with a constant).",
    "MULLD": "64-bit multiply keeping the low 64 bits (MSGR, MSG; MSGFI with a constant).",
    "MULLW": "Multiply by a sign-extended 32-bit register, keeping the low 64 bits (MSGFR).",
    "MULHD": "64-bit signed multiply keeping the high 64 bits of the 128-bit product.",
    "MULHDU": "64-bit unsigned multiply keeping the high 64 bits of the 128-bit product (MLGR).",
    "DIVD": "64-bit signed divide: `DIVD R1, R2, R3` sets R3 = R2 / R1 (DSGR on the register pair R10, R11).",
    "DIVDU": "64-bit unsigned divide: `DIVDU R1, R2, R3` sets R3 = R2 / R1 (DLGR).",
    "DIVW": "32-bit signed divide (DSGFR).",
    "DIVWU": "32-bit unsigned divide (DLR).",
    "MODD": "64-bit signed remainder (DSGR).",
    "MODDU": "64-bit unsigned remainder (DLGR).",
    "NEG": "64-bit negate (LCGR, load complement).",
    "NEGW": "32-bit negate, sign-extended to 64 bits (LCGFR).",
    # Compares and branches.
    "CMP": f"Signed 64-bit compare (CGR; CGHI, CGFI with a constant). {_CC}",
    "CMPU": f"Unsigned 64-bit compare (CLGR; CLGFI with a constant). {_CC}",
    "CMPW": f"Signed 32-bit compare (CR; CHI, CFI with a constant). {_CC}",
    "CMPWU": f"Unsigned 32-bit compare (CLR; CLFI with a constant). {_CC}",
    "FCMPU": "Compare two double-precision floating-point registers (CDBR), setting the condition code; "
    "unordered when either is NaN.",
    "FCMPO": "Compare two double-precision floating-point registers, signalling on NaN (KDBR).",
    "FNEG": "Negate a double-precision floating-point register (LCDBR).",
    "FNEGS": "Negate a single-precision floating-point register (LCEBR).",
    "FABS": "Absolute value of a double-precision floating-point register (LPDBR).",
    **{
        f"CMPB{cond}": _CMPB.format(how="signed 64-bit", what=what, insns="CGRJ, CGIJ", mn=f"CMPB{cond}")
        for cond, what in _CONDITIONS
    },
    **{
        f"CMPUB{cond}": _CMPB.format(how="unsigned 64-bit", what=what, insns="CLGRJ, CLGIJ", mn=f"CMPUB{cond}")
        for cond, what in _CONDITIONS
    },
    "BEQ": _BRANCH.format(what="equal (condition code 0)", mask=8),
    "BNE": _BRANCH.format(what="not equal (condition code 1, 2 or 3)", mask=7),
    "BLT": _BRANCH.format(what="less than (condition code 1)", mask=4),
    "BLE": _BRANCH.format(what="less than or equal (condition code 0 or 1)", mask=12),
    "BGT": _BRANCH.format(what="greater than (condition code 2)", mask=2),
    "BGE": _BRANCH.format(what="greater than or equal (condition code 0 or 2)", mask=10),
    "BLTU": _BRANCH.format(what="less than or unordered (condition code 1 or 3)", mask=5),
    "BLEU": _BRANCH.format(what="less than, equal or unordered (condition code 0, 1 or 3)", mask=13),
    "BVS": _BRANCH.format(what="overflow or unordered (condition code 3)", mask=1),
    "BVC": _BRANCH.format(what="no overflow and not unordered (condition code 0, 1 or 2)", mask=14),
    "BRRK": "Breakpoint: emits the two bytes 0x0001, which trap into a debugger.",
    "SYSCALL": "Supervisor call: SVC 0 (Linux takes the system call number from R1), or SVC n for `SYSCALL $n`.",
    "SYNC": "Serialize (BCR 14, 0): a full memory barrier.",
    "BYTE": "Go pseudo-instruction: emit one byte in place.",
    "WORD": "Go pseudo-instruction: emit a 4-byte value in place.",
    "DWORD": "Go pseudo-instruction: emit an 8-byte value in place.",
    # Vector pseudo-mnemonics Go spells as their own.
    "VZERO": "Set every bit of a vector register to zero (VGBM 0).",
    "VONE": "Set every bit of a vector register to one (VGBM 0xffff).",
    "WFLCDB": "Negate the double-precision value in element 0 of a vector register (VFPSO, load complement).",
    "VFLCDB": "Negate each double-precision element of a vector register (VFPSO, load complement).",
    "WFLPDB": "Absolute value of the double-precision value in element 0 (VFPSO, load positive).",
    "WFLNDB": "Negative absolute value of the double-precision value in element 0 (VFPSO, load negative).",
}
