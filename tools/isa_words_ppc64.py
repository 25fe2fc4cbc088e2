"""Summaries of ppc64 Go mnemonics, written for this project (BSD-3-Clause).

Only where a Go mnemonic stands for several POWER instructions (a load, a
store and a register move; a register and an immediate form) or where Go's
spelling has no POWER counterpart. The rest take the POWER ISA headline from
pp64.csv. Behaviour checked against cmd/internal/obj/ppc64/doc.go and the
encodings in cmd/asm's test data.
"""

from __future__ import annotations

_UPDATE = "The U form also writes the effective address back to the base register (update)."
_CR = "Go order: `CMP R3, R4` compares R3 with R4; the result goes to CR0 unless a CR field is named last."
_BRANCH = "Branch if {what}: tests CR0 (or the CR field named first) as set by a compare or a `CC` instruction."

WORDS = {
    # Loads, stores and moves: Go names them by width, POWER by direction.
    "MOVD": "64-bit move: load (ld, ldx), store (std, stdx), register copy (mr), constant (li, lis/ori, or from "
    "read-only data), or to and from special registers (`MOVD R3, LR`, `MOVD CTR, R4`).",
    "MOVW": "32-bit move: load sign-extended (lwa, lwax), store (stw, stwx), sign-extend a register (extsw), "
    "or load a constant.",
    "MOVWZ": "32-bit load zero-extended (lwz, lwzx), or zero-extend a register's low word.",
    "MOVH": "16-bit move: load sign-extended (lha, lhax), store (sth, sthx), or sign-extend a register.",
    "MOVHZ": "16-bit load zero-extended (lhz, lhzx), or zero-extend a register's low halfword.",
    "MOVB": "8-bit move: load and sign-extend (lbz then extsb), store (stb, stbx), or sign-extend a register.",
    "MOVBZ": "8-bit load zero-extended (lbz, lbzx), or zero-extend a register's low byte.",
    "MOVDU": f"64-bit load or store with update (ldu, ldux, stdu, stdux). {_UPDATE}",
    "MOVWU": f"32-bit load sign-extended or store, with update (lwaux, stwu, stwux). {_UPDATE}",
    "MOVWZU": f"32-bit load zero-extended with update (lwzu, lwzux). {_UPDATE}",
    "MOVHU": f"16-bit load sign-extended or store, with update (lhau, sthu). {_UPDATE}",
    "MOVHZU": f"16-bit load zero-extended with update (lhzu, lhzux). {_UPDATE}",
    "MOVBU": f"8-bit load sign-extended or store, with update (lbzu then extsb, stbu, stbux). {_UPDATE}",
    "MOVBZU": f"8-bit load zero-extended with update (lbzu, lbzux). {_UPDATE}",
    "MOVDBR": "64-bit byte-reversed load or store (ldbrx, stdbrx): reads or writes memory in the other byte order.",
    "MOVWBR": "32-bit byte-reversed load (zero-extended) or store (lwbrx, stwbrx).",
    "MOVHBR": "16-bit byte-reversed load (zero-extended) or store (lhbrx, sthbrx).",
    "FMOVD": "64-bit floating-point move: load (lfd, lfdx), store (stfd, stfdx), register copy (fmr); "
    "`FMOVD $0, F` clears the register (xxlxor).",
    "FMOVS": "32-bit floating-point load, converted to double precision in the register (lfs, lfsx), "
    "or store rounded to single precision (stfs, stfsx).",
    "FMOVDU": f"64-bit floating-point load or store with update (lfdu, stfdu). {_UPDATE}",
    "FMOVSU": f"32-bit floating-point load or store with update (lfsu, stfsu). {_UPDATE}",
    "MOVFL": "Move to condition register fields: copy a GPR's bits into the CR fields a mask selects "
    "(mtcrf, mtocrf), or copy one CR field to another (mcrf).",
    # Arithmetic and logic with a register and an immediate form.
    "ADD": "Add; with a constant, addi or addis (or both for a 32-bit constant).",
    "AND": "Bitwise AND; with a constant the assembler loads it into a register first (andi. would set CR0).",
    "ANDCC": "Bitwise AND and record the result's comparison with zero in CR0 (and., andi., andis.).",
    "OR": "Bitwise OR; with a constant, ori or oris (or both).",
    "XOR": "Bitwise exclusive OR; with a constant, xori or xoris (or both).",
    "NOR": "Bitwise NOR; `NOR R3, R3, R4` with both sources equal is a NOT.",
    "MULLD": "Multiply, keeping the low 64 bits of the product (mulld; mulli for a 16-bit constant).",
    "MULLW": "Multiply the low words, keeping the 64-bit product (mullw; mulli for a 16-bit constant).",
    "SUB": "Subtract: `SUB R4, R5, R6` sets R6 = R5 - R4 (subf, subtract from).",
    "SUBC": "Subtract and set the carry (subfc): `SUBC R4, R5, R6` sets R6 = R5 - R4.",
    "SUBE": "Subtract with the carry as borrow (subfe): `SUBE R4, R5, R6` sets R6 = R5 - R4 - !CA.",
    "SLD": "Shift left doubleword (sld); by a constant, rldicr.",
    "SRD": "Shift right doubleword, zero-filling (srd); by a constant, rldicl.",
    "SRAD": "Shift right doubleword, copying the sign bit (srad); by a constant, sradi.",
    "SLW": "Shift left word, zero-extending the 32-bit result (slw); by a constant, rlwinm.",
    "SRW": "Shift right word, zero-filling (srw); by a constant, rlwinm.",
    "SRAW": "Shift right word, copying the sign bit (sraw); by a constant, srawi.",
    "ROTLW": "Rotate the low word left and zero the high word (rlwnm; by a constant, rlwinm).",
    "ROTL": "Rotate the doubleword left (rldcl; by a constant, rldicl).",
    "RLDCR": "Rotate left doubleword, then clear the bits right of the mask end (rldcr; by a constant, rldicr).",
    "RLDCL": "Rotate left doubleword, then clear the bits left of the mask start (rldcl; by a constant, rldicl).",
    # Compares and branches.
    "CMP": f"Signed 64-bit compare (cmpd; cmpdi for a constant). {_CR}",
    "CMPU": f"Unsigned 64-bit compare (cmpld; cmpldi for a constant). {_CR}",
    "CMPW": f"Signed 32-bit compare (cmpw; cmpwi for a constant). {_CR}",
    "CMPWU": f"Unsigned 32-bit compare (cmplw; cmplwi for a constant). {_CR}",
    "BEQ": _BRANCH.format(what="equal (EQ bit set)"),
    "BNE": _BRANCH.format(what="not equal (EQ bit clear)"),
    "BLT": _BRANCH.format(what="less than (LT bit set)"),
    "BGE": _BRANCH.format(what="greater than or equal (LT bit clear)"),
    "BGT": _BRANCH.format(what="greater than (GT bit set)"),
    "BLE": _BRANCH.format(what="less than or equal (GT bit clear)"),
    "BVS": _BRANCH.format(what="summary overflow or unordered (SO bit set)"),
    "BVC": _BRANCH.format(what="no summary overflow and not unordered (SO bit clear)"),
    "BC": "Branch conditional with explicit operands: `BC BO, BI, target`; BO says how to test CR bit BI "
    "(and whether to decrement CTR); with LR or CTR as target, branch to that register (bclr, bcctr).",
    "BDNZ": "Decrement CTR and branch if it is not zero (loop counter).",
    "BDZ": "Decrement CTR and branch if it is zero.",
    "ISEL": "Select: `ISEL $bit, Ra, Rb, Rt` sets Rt = Ra when CR bit `bit` is set, else Rb.",
    # System and data.
    "SYSCALL": "System call (sc): enter the kernel with the call number in R0.",
    "SYNC": "Full memory barrier (sync 0, hwsync): orders every earlier load and store before every later one.",
    "LWSYNC": "Lightweight memory barrier (sync 1): orders loads and stores except an earlier store before "
    "a later load.",
    "DWORD": "Go pseudo-instruction: emit an 8-byte value in place.",
    "WORD": "Go pseudo-instruction: emit a 4-byte value in place.",
}
