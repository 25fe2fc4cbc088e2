"""Summaries of mips/mips64 Go mnemonics, written for this project (BSD-3-Clause).

No permissively licensed table describes MIPS instructions in words, so all
of these are ours. Go spells 64-bit (doubleword) operations with a V
(ADDV is daddu's trapping twin dadd); the HI and LO registers receive
products and quotients. Checked against cmd/internal/obj/mips (asm0.go).
"""

from __future__ import annotations

from isa_words_common import data

_ALU = "{what}: `{mn} R1, R2, R3` sets R3 = {formula} (R2 defaults to R3); {note}"
_HILO = "{what} ({insn}): the {result} goes to {where}; read it with `MOVW HI, R` or `MOVW LO, R`."
_FP = "{what} ({insn})."
_TRAP_ON_OVERFLOW = "traps on signed overflow."
_NO_TRAP = "never traps."

WORDS = {
    "ADD": _ALU.format(what="32-bit add", mn="ADD", formula="R2 + R1", note=_TRAP_ON_OVERFLOW + " (add, addi)"),
    "ADDU": _ALU.format(what="32-bit add", mn="ADDU", formula="R2 + R1", note=_NO_TRAP + " (addu, addiu)"),
    "ADDV": _ALU.format(what="64-bit add", mn="ADDV", formula="R2 + R1", note=_TRAP_ON_OVERFLOW + " (dadd, daddi)"),
    "ADDVU": _ALU.format(what="64-bit add", mn="ADDVU", formula="R2 + R1", note=_NO_TRAP + " (daddu, daddiu)"),
    "SUB": _ALU.format(what="32-bit subtract", mn="SUB", formula="R2 - R1", note=_TRAP_ON_OVERFLOW + " (sub)"),
    "SUBU": _ALU.format(what="32-bit subtract", mn="SUBU", formula="R2 - R1", note=_NO_TRAP + " (subu)"),
    "SUBV": _ALU.format(what="64-bit subtract", mn="SUBV", formula="R2 - R1", note=_TRAP_ON_OVERFLOW + " (dsub)"),
    "SUBVU": _ALU.format(what="64-bit subtract", mn="SUBVU", formula="R2 - R1", note=_NO_TRAP + " (dsubu)"),
    "AND": _ALU.format(what="Bitwise AND", mn="AND", formula="R2 AND R1", note="andi with a constant."),
    "OR": _ALU.format(what="Bitwise OR", mn="OR", formula="R2 OR R1", note="ori with a constant."),
    "XOR": _ALU.format(what="Bitwise exclusive OR", mn="XOR", formula="R2 XOR R1", note="xori with a constant."),
    "NOR": _ALU.format(what="Bitwise NOR", mn="NOR", formula="NOT (R2 OR R1)", note="with R0 it is a NOT."),
    "SLL": "32-bit shift left, sign-extending the result (sllv; sll with a constant).",
    "SRL": "32-bit shift right logical (srlv; srl with a constant).",
    "SRA": "32-bit shift right arithmetic (srav; sra with a constant).",
    "ROTR": "32-bit rotate right (rotrv; rotr with a constant; MIPS32r2).",
    "SLLV": "64-bit shift left (dsllv; dsll or dsll32 with a constant).",
    "SRLV": "64-bit shift right logical (dsrlv; dsrl or dsrl32 with a constant).",
    "SRAV": "64-bit shift right arithmetic (dsrav; dsra or dsra32 with a constant).",
    "ROTRV": "64-bit rotate right (drotrv; drotr with a constant).",
    "SGT": "Set to 1 if the second operand is greater than the first, signed (slt with the operands swapped; "
    "slti with a constant).",
    "SGTU": "Set to 1 if the second operand is greater than the first, unsigned (sltu with the operands swapped; "
    "sltiu with a constant).",
    "MUL": "Signed 32-bit multiply: with two operands the 64-bit product goes to HI and LO (mult); with three, "
    "the low 32 bits go to the destination (mul, MIPS32r2).",
    "MULU": _HILO.format(what="Unsigned 32-bit multiply", insn="multu", result="64-bit product", where="HI and LO"),
    "MULV": _HILO.format(what="Signed 64-bit multiply", insn="dmult", result="128-bit product", where="HI and LO"),
    "MULVU": _HILO.format(what="Unsigned 64-bit multiply", insn="dmultu", result="128-bit product", where="HI and LO"),
    "DIV": _HILO.format(what="Signed 32-bit divide", insn="div", result="quotient", where="LO, the remainder to HI"),
    "DIVU": _HILO.format(
        what="Unsigned 32-bit divide", insn="divu", result="quotient", where="LO, the remainder to HI"
    ),
    "DIVV": _HILO.format(what="Signed 64-bit divide", insn="ddiv", result="quotient", where="LO, the remainder to HI"),
    "DIVVU": _HILO.format(
        what="Unsigned 64-bit divide", insn="ddivu", result="quotient", where="LO, the remainder to HI"
    ),
    "REM": _HILO.format(what="Signed 32-bit divide for the remainder", insn="div", result="remainder", where="HI"),
    "REMU": _HILO.format(what="Unsigned 32-bit divide for the remainder", insn="divu", result="remainder", where="HI"),
    "REMV": _HILO.format(what="Signed 64-bit divide for the remainder", insn="ddiv", result="remainder", where="HI"),
    "REMVU": _HILO.format(
        what="Unsigned 64-bit divide for the remainder", insn="ddivu", result="remainder", where="HI"
    ),
    "MADD": "Signed 32-bit multiply and add the 64-bit product to HI and LO (madd).",
    "MSUB": "Signed 32-bit multiply and subtract the 64-bit product from HI and LO (msub).",
    "NEGW": "32-bit negate (subu from R0).",
    "NEGV": "64-bit negate (dsubu from R0).",
    "CLO": "Count leading ones of a word (clo).",
    "CLZ": "Count leading zeros of a word (clz).",
    "SEB": "Sign-extend the low byte (seb, MIPS32r2).",
    "SEH": "Sign-extend the low halfword (seh, MIPS32r2).",
    "WSBH": "Swap the bytes within each halfword of a word (wsbh).",
    "DSBH": "Swap the bytes within each halfword of a doubleword (dsbh).",
    "DSHD": "Swap the halfwords of a doubleword (dshd).",
    "LUI": "Load a 16-bit constant into the upper half of the low word, sign-extended (lui).",
    "CMOVN": "Move if the condition register is not zero (movn): `CMOVN R1, R2, R3` sets R3 = R2 if R1 != 0.",
    "CMOVZ": "Move if the condition register is zero (movz): `CMOVZ R1, R2, R3` sets R3 = R2 if R1 == 0.",
    "CMOVT": "Move if the floating-point condition flag is true (movt).",
    "CMOVF": "Move if the floating-point condition flag is false (movf).",
    # Branches.
    "BEQ": "Branch if the two registers are equal (beq); with one register, if it is zero.",
    "BNE": "Branch if the two registers are not equal (bne); with one register, if it is not zero.",
    "BGEZ": "Branch if the register is greater than or equal to zero (bgez).",
    "BGTZ": "Branch if the register is greater than zero (bgtz).",
    "BLEZ": "Branch if the register is less than or equal to zero (blez).",
    "BLTZ": "Branch if the register is less than zero (bltz).",
    "BGEZAL": "Call if the register is greater than or equal to zero, saving the return address in R31 (bgezal).",
    "BLTZAL": "Call if the register is less than zero, saving the return address in R31 (bltzal).",
    "BFPT": "Branch if the floating-point condition flag is true (bc1t).",
    "BFPF": "Branch if the floating-point condition flag is false (bc1f).",
    # Moves: Go names them by width.
    "MOVV": "64-bit move: load (ld), store (sd), register copy, constant (lui/ori... or from read-only data), "
    "or to and from HI/LO (mfhi, mflo, mthi, mtlo).",
    "MOVW": "32-bit move: load sign-extended (lw), store (sw), register copy (sign-extending on mips64), "
    "constant, to and from HI/LO, or between general and floating-point registers (mtc1, mfc1).",
    "MOVWU": "32-bit load zero-extended (lwu), or zero-extend a register's low word (mips64).",
    "MOVH": "16-bit load sign-extended (lh) or store (sh).",
    "MOVHU": "16-bit load zero-extended (lhu) or store (sh).",
    "MOVB": "8-bit load sign-extended (lb) or store (sb).",
    "MOVBU": "8-bit load zero-extended (lbu) or store (sb).",
    "MOVWL": "Unaligned word load or store, left part (lwl, swl); paired with MOVWR.",
    "MOVWR": "Unaligned word load or store, right part (lwr, swr); paired with MOVWL.",
    "MOVVL": "Unaligned doubleword load or store, left part (ldl, sdl); paired with MOVVR.",
    "MOVVR": "Unaligned doubleword load or store, right part (ldr, sdr); paired with MOVVL.",
    "MOVF": "Single-precision move: load (lwc1), store (swc1) or copy (mov.s).",
    "MOVD": "Double-precision move: load (ldc1), store (sdc1) or copy (mov.d).",
    "MOVWF": _FP.format(what="Convert a 32-bit integer to single precision", insn="cvt.s.w"),
    "MOVWD": _FP.format(what="Convert a 32-bit integer to double precision", insn="cvt.d.w"),
    "MOVFW": _FP.format(what="Convert single precision to a 32-bit integer, current rounding mode", insn="cvt.w.s"),
    "MOVDW": _FP.format(what="Convert double precision to a 32-bit integer, current rounding mode", insn="cvt.w.d"),
    "MOVFD": _FP.format(what="Convert single to double precision", insn="cvt.d.s"),
    "MOVDF": _FP.format(what="Convert double to single precision", insn="cvt.s.d"),
    "MOVVF": _FP.format(what="Convert a 64-bit integer to single precision", insn="cvt.s.l"),
    "MOVVD": _FP.format(what="Convert a 64-bit integer to double precision", insn="cvt.d.l"),
    "MOVFV": _FP.format(what="Convert single precision to a 64-bit integer, current rounding mode", insn="cvt.l.s"),
    "MOVDV": _FP.format(what="Convert double precision to a 64-bit integer, current rounding mode", insn="cvt.l.d"),
    "TRUNCFW": _FP.format(what="Convert single precision to a 32-bit integer, toward zero", insn="trunc.w.s"),
    "TRUNCDW": _FP.format(what="Convert double precision to a 32-bit integer, toward zero", insn="trunc.w.d"),
    "TRUNCFV": _FP.format(what="Convert single precision to a 64-bit integer, toward zero", insn="trunc.l.s"),
    "TRUNCDV": _FP.format(what="Convert double precision to a 64-bit integer, toward zero", insn="trunc.l.d"),
    "ADDF": _FP.format(what="Single-precision add", insn="add.s"),
    "ADDD": _FP.format(what="Double-precision add", insn="add.d"),
    "ADDW": _FP.format(what="Add 32-bit integers held in floating-point registers", insn="add.w"),
    "SUBF": _FP.format(what="Single-precision subtract", insn="sub.s"),
    "SUBD": _FP.format(what="Double-precision subtract", insn="sub.d"),
    "SUBW": _FP.format(what="Subtract 32-bit integers held in floating-point registers", insn="sub.w"),
    "MULF": _FP.format(what="Single-precision multiply", insn="mul.s"),
    "MULD": _FP.format(what="Double-precision multiply", insn="mul.d"),
    "MULW": _FP.format(what="Multiply 32-bit integers held in floating-point registers", insn="mul.w"),
    "DIVF": _FP.format(what="Single-precision divide", insn="div.s"),
    "DIVD": _FP.format(what="Double-precision divide", insn="div.d"),
    "DIVW": _FP.format(what="Divide 32-bit integers held in floating-point registers", insn="div.w"),
    "ABSF": _FP.format(what="Single-precision absolute value", insn="abs.s"),
    "ABSD": _FP.format(what="Double-precision absolute value", insn="abs.d"),
    "ABSW": _FP.format(what="Absolute value of a 32-bit integer held in a floating-point register", insn="abs.w"),
    "NEGF": _FP.format(what="Single-precision negate", insn="neg.s"),
    "NEGD": _FP.format(what="Double-precision negate", insn="neg.d"),
    "SQRTF": _FP.format(what="Single-precision square root", insn="sqrt.s"),
    "SQRTD": _FP.format(what="Double-precision square root", insn="sqrt.d"),
    "CMPEQF": _FP.format(
        what="Set the floating-point condition flag if two single-precision values are equal", insn="c.eq.s"
    ),
    "CMPEQD": _FP.format(
        what="Set the floating-point condition flag if two double-precision values are equal", insn="c.eq.d"
    ),
    "CMPGTF": _FP.format(
        what="Set the floating-point condition flag if the second single-precision value is greater", insn="c.olt.s"
    ),
    "CMPGTD": _FP.format(
        what="Set the floating-point condition flag if the second double-precision value is greater", insn="c.olt.d"
    ),
    "CMPGEF": _FP.format(
        what="Set the floating-point condition flag if the second single-precision value is greater or equal",
        insn="c.ole.s",
    ),
    "CMPGED": _FP.format(
        what="Set the floating-point condition flag if the second double-precision value is greater or equal",
        insn="c.ole.d",
    ),
    # Atomics, system, data.
    "LL": "Load-linked word (ll): starts an atomic read-modify-write that SC completes.",
    "LLV": "Load-linked doubleword (lld): starts an atomic read-modify-write that SCV completes.",
    "SC": "Store-conditional word (sc): stores if the link holds, then sets the source register to 1 on "
    "success, 0 on failure.",
    "SCV": "Store-conditional doubleword (scd): stores if the link holds, then sets the source register to 1 "
    "on success, 0 on failure.",
    "SYNC": "Memory barrier (sync): orders every earlier load and store before every later one.",
    "SYSCALL": "System call (syscall): enter the kernel with the call number in R2.",
    "BREAK": "Breakpoint (break): trap into a debugger.",
    "TEQ": "Trap if the two registers are equal (teq).",
    "TNE": "Trap if the two registers are not equal (tne).",
    "NOOP": "Hardware no-op (sll R0, R0, 0): emits an instruction, unlike NOP.",
    "RFE": "Return from an exception (privileged).",
    "TLBP": "Probe the TLB for a matching entry (tlbp, privileged).",
    "TLBR": "Read the indexed TLB entry (tlbr, privileged).",
    "TLBWI": "Write the indexed TLB entry (tlbwi, privileged).",
    "TLBWR": "Write a random TLB entry (tlbwr, privileged).",
    "GOK": "Go pseudo-instruction kept for the assembler's tables; it emits nothing useful.",
    "VMOVB": "MSA vector move of bytes: load (ld.b), store (st.b) or broadcast (fill.b, ldi.b).",
    "VMOVH": "MSA vector move of halfwords: load (ld.h), store (st.h) or broadcast (fill.h, ldi.h).",
    "VMOVW": "MSA vector move of words: load (ld.w), store (st.w) or broadcast (fill.w, ldi.w).",
    "VMOVD": "MSA vector move of doublewords: load (ld.d), store (st.d) or broadcast (fill.d, ldi.d).",
    "WORD": data(4),
}


def build(mnemonics: list[str], forms: dict[str, list[list]]) -> dict[str, dict]:
    return {
        mnemonic: {
            "summary": WORDS.get(mnemonic, ""),
            "intel": [],
            "gnu": [],
            "forms": forms.get(mnemonic, []),
            "features": [],
            "url": None,
        }
        for mnemonic in mnemonics
    }
