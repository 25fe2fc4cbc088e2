"""Summaries of loong64 Go mnemonics, written for this project (BSD-3-Clause).

No permissively licensed table describes LoongArch instructions in words, so
all of these are ours: WORDS for Go's own mnemonics and for those that stand
for several LoongArch instructions (MOVV is a load, a store, a copy or a
constant), and `describe` for the rest, which composes a summary from the
LoongArch instruction each Go mnemonic assembles to (measured by decoding
the assembler's test data: Go's VADDV is vadd.d). Checked against
cmd/internal/obj/loong64 (asm.go, doc.go).
"""

from __future__ import annotations

from isa_words_common import FLOAT_OPS

_IMM = "; with a constant, {imm}"
_CMP_BRANCH = "Branch if the first register is {what} the second ({insn}); with one register, compare with zero."

WORDS = {
    "MOVV": "64-bit move: load (ld.d, ldx.d), store (st.d, stx.d), register copy (or with $zero), "
    "constant (lu12i.w, ori, lu32i.d, lu52i.d as needed), or between general, floating-point and "
    "condition registers (movgr2fr.d, movfr2gr.d...).",
    "MOVW": "32-bit move: load sign-extended (ld.w, ldx.w), store (st.w, stx.w), sign-extend a register "
    "(sll.w with $zero), or a constant.",
    "MOVWU": "32-bit load zero-extended (ld.wu, ldx.wu), store (st.w), or zero-extend a register (bstrpick.d).",
    "MOVH": "16-bit move: load sign-extended (ld.h, ldx.h), store (st.h, stx.h), or sign-extend a register (ext.w.h).",
    "MOVHU": "16-bit load zero-extended (ld.hu, ldx.hu), store (st.h), or zero-extend a register (bstrpick.d).",
    "MOVB": "8-bit move: load sign-extended (ld.b, ldx.b), store (st.b, stx.b), or sign-extend a register (ext.w.b).",
    "MOVBU": "8-bit load zero-extended (ld.bu, ldx.bu), store (st.b), or zero-extend a register (andi 0xff).",
    "MOVD": "Double-precision move: load (fld.d, fldx.d), store (fst.d, fstx.d), or copy (fmov.d).",
    "MOVF": "Single-precision move: load (fld.s, fldx.s), store (fst.s, fstx.s), or copy (fmov.s).",
    "VMOVQ": "128-bit LSX move: load (vld, vldx) or store (vst, vstx) a vector; move an element to or from a "
    "general register (vinsgr2vr, vpickve2gr); broadcast a loaded element (vldrepl) or a register (vreplgr2vr).",
    "XVMOVQ": "256-bit LASX move: load (xvld, xvldx) or store (xvst, xvstx) a vector; move an element to or from "
    "a general register (xvinsgr2vr, xvpickve2gr); broadcast a loaded element (xvldrepl) or a register "
    "(xvreplgr2vr).",
    "ADD": "32-bit add, sign-extending the result (add.w)" + _IMM.format(imm="addi.w") + ".",
    "ADDU": "32-bit add, sign-extending the result (add.w; no overflow trap)" + _IMM.format(imm="addi.w") + ".",
    "ADDV": "64-bit add (add.d)" + _IMM.format(imm="addi.d, or lu12i.w/ori into a temporary first") + ".",
    "ADDVU": "64-bit add (add.d; no overflow trap)" + _IMM.format(imm="addi.d") + ".",
    "SUB": "32-bit subtract, sign-extending the result (sub.w): `SUB R4, R5, R6` sets R6 = R5 - R4.",
    "SUBU": "32-bit subtract, sign-extending the result (sub.w; no overflow trap).",
    "SUBV": "64-bit subtract (sub.d): `SUBV R4, R5, R6` sets R6 = R5 - R4.",
    "SUBVU": "64-bit subtract (sub.d; no overflow trap).",
    "AND": "Bitwise AND (and)" + _IMM.format(imm="andi") + ".",
    "OR": "Bitwise OR (or)" + _IMM.format(imm="ori") + ".",
    "XOR": "Bitwise exclusive OR (xor)" + _IMM.format(imm="xori") + ".",
    "NOR": "Bitwise NOR (nor).",
    "SLL": "32-bit shift left, sign-extending the result (sll.w)" + _IMM.format(imm="slli.w") + ".",
    "SRL": "32-bit shift right logical, sign-extending the result (srl.w)" + _IMM.format(imm="srli.w") + ".",
    "SRA": "32-bit shift right arithmetic (sra.w)" + _IMM.format(imm="srai.w") + ".",
    "ROTR": "32-bit rotate right, sign-extending the result (rotr.w)" + _IMM.format(imm="rotri.w") + ".",
    "SLLV": "64-bit shift left (sll.d)" + _IMM.format(imm="slli.d") + ".",
    "SRLV": "64-bit shift right logical (srl.d)" + _IMM.format(imm="srli.d") + ".",
    "SRAV": "64-bit shift right arithmetic (sra.d)" + _IMM.format(imm="srai.d") + ".",
    "ROTRV": "64-bit rotate right (rotr.d)" + _IMM.format(imm="rotri.d") + ".",
    "SGT": "Set to 1 if the second operand is greater than the first, signed (slt with the operands swapped)"
    + _IMM.format(imm="slti")
    + ".",
    "SGTU": "Set to 1 if the second operand is greater than the first, unsigned (sltu with the operands swapped)"
    + _IMM.format(imm="sltui")
    + ".",
    "MUL": "32-bit multiply, keeping the low word sign-extended (mul.w).",
    "MULV": "64-bit multiply, keeping the low 64 bits (mul.d).",
    "MULVU": "64-bit multiply, keeping the low 64 bits (mul.d; the same bits as MULV).",
    "MULHV": "64-bit signed multiply, keeping the high 64 bits (mulh.d).",
    "MULHVU": "64-bit unsigned multiply, keeping the high 64 bits (mulh.du).",
    "DIVV": "64-bit signed divide (div.d): `DIVV R4, R5, R6` sets R6 = R5 / R4.",
    "DIVVU": "64-bit unsigned divide (div.du): `DIVVU R4, R5, R6` sets R6 = R5 / R4.",
    "REMV": "64-bit signed remainder (mod.d).",
    "REMVU": "64-bit unsigned remainder (mod.du).",
    "NEGV": "64-bit negate (sub.d from $zero).",
    "NEGW": "32-bit negate, sign-extending the result (sub.w from $zero).",
    "BEQ": _CMP_BRANCH.format(what="equal to", insn="beq; beqz"),
    "BNE": _CMP_BRANCH.format(what="not equal to", insn="bne; bnez"),
    "BLT": _CMP_BRANCH.format(what="less than (signed)", insn="blt"),
    "BGE": _CMP_BRANCH.format(what="greater than or equal to (signed)", insn="bge"),
    "BLTU": _CMP_BRANCH.format(what="less than (unsigned)", insn="bltu"),
    "BGEU": _CMP_BRANCH.format(what="greater than or equal to (unsigned)", insn="bgeu"),
    "BFPT": "Branch if the floating-point condition flag (FCC0 unless named) is true (bcnez).",
    "BFPF": "Branch if the floating-point condition flag (FCC0 unless named) is false (bceqz).",
    "CMPEQD": "Compare two double-precision values for equality into a condition flag (fcmp.ceq.d).",
    "CMPEQF": "Compare two single-precision values for equality into a condition flag (fcmp.ceq.s).",
    "CMPGTD": "Set a condition flag if the second double-precision value is greater than the first "
    "(fcmp.slt.d with the operands swapped).",
    "CMPGTF": "Set a condition flag if the second single-precision value is greater than the first "
    "(fcmp.slt.s with the operands swapped).",
    "CMPGED": "Set a condition flag if the second double-precision value is greater than or equal to the first "
    "(fcmp.sle.d with the operands swapped).",
    "CMPGEF": "Set a condition flag if the second single-precision value is greater than or equal to the first "
    "(fcmp.sle.s with the operands swapped).",
    "ABSD": "Double-precision absolute value (fabs.d).",
    "ABSF": "Single-precision absolute value (fabs.s).",
    "NEGD": "Double-precision negate (fneg.d).",
    "NEGF": "Single-precision negate (fneg.s).",
    "ADDD": "Double-precision add (fadd.d).",
    "ADDF": "Single-precision add (fadd.s).",
    "SUBD": "Double-precision subtract (fsub.d).",
    "SUBF": "Single-precision subtract (fsub.s).",
    "MULD": "Double-precision multiply (fmul.d).",
    "MULF": "Single-precision multiply (fmul.s).",
    "DIVD": "Double-precision divide (fdiv.d).",
    "DIVF": "Single-precision divide (fdiv.s).",
    "SQRTD": "Double-precision square root (fsqrt.d).",
    "SQRTF": "Single-precision square root (fsqrt.s).",
    "LL": "Load-linked word, sign-extended (ll.w): starts an atomic read-modify-write that SC completes.",
    "LLV": "Load-linked doubleword (ll.d): starts an atomic read-modify-write that SCV completes.",
    "SC": "Store-conditional word (sc.w): stores if the link holds, then sets the source register to 1 on "
    "success, 0 on failure.",
    "SCV": "Store-conditional doubleword (sc.d): stores if the link holds, then sets the source register to 1 "
    "on success, 0 on failure.",
    "NOOP": "Hardware no-op (andi $zero, $zero, 0): emits an instruction, unlike NOP.",
    "SYSCALL": "System call (syscall 0): enter the kernel with the call number in R11.",
    "BREAK": "Breakpoint (break): trap into a debugger.",
    "DBAR": "Memory barrier (dbar): with hint 0, orders every earlier load and store before every later one.",
    "RDTIMED": "Read the 64-bit stable counter into the first register and its counter ID into the second (rdtime.d).",
    "WORD": "Go pseudo-instruction: emit a 4-byte value in place.",
    "BGEZ": "Branch if the register is greater than or equal to zero (bge against $zero).",
    "BGTZ": "Branch if the register is greater than zero (blt with $zero first).",
    "BLEZ": "Branch if the register is less than or equal to zero (bge with $zero first).",
    "BLTZ": "Branch if the register is less than zero (blt against $zero).",
    "JIRL": "Jump to a register plus offset, writing the return address to the first register (jirl).",
    "LU12IW": "Load a 20-bit immediate into bits 12-31, sign-extended (lu12i.w).",
    "LU32ID": "Load a 20-bit immediate into bits 32-51, keeping the low word (lu32i.d).",
    "LU52ID": "Load a 12-bit immediate into bits 52-63, keeping the rest (lu52i.d).",
    "LUI": "Load a 20-bit immediate into bits 12-31, sign-extended (lu12i.w).",
    "PCADDU12I": "Add a 20-bit immediate shifted left 12 to the PC (pcaddu12i).",
    "PCALAU12I": "Add a 20-bit immediate shifted left 12 to the PC and clear the low 12 bits (pcalau12i).",
    "PRELDX": "Prefetch the address of two registers added (preldx), with a hint.",
    "RDTIMEHW": "Read the high word of the stable counter (rdtimeh.w).",
    "RDTIMELW": "Read the low word of the stable counter (rdtimel.w).",
    "RFE": "Return from an exception (ertn, privileged).",
    "MOVDV": "Convert double precision to a 64-bit integer in the current rounding mode (ftint.l.d).",
    "MOVFV": "Convert single precision to a 64-bit integer in the current rounding mode (ftint.l.s).",
    "MOVVD": "Convert a 64-bit integer to double precision (ffint.d.l).",
    "TRUNCDV": "Convert double precision to a 64-bit integer, rounding toward zero (ftintrz.l.d).",
    "TRUNCFV": "Convert single precision to a 64-bit integer, rounding toward zero (ftintrz.l.s).",
    **{
        f"{x}VFRINT{mode}{t}": f"Round each {'single' if t == 'F' else 'double'}-precision element to an integral "
        f"value, {how} ({'256-bit LASX' if x else '128-bit LSX'})"
        for x in ("", "X")
        for mode, how in (("RM", "down"), ("RP", "up"), ("RZ", "toward zero"), ("RNE", "to nearest even"))
        for t in ("F", "D")
    },
    "TEQ": "Trap if the two registers are equal (Go: emits a branch over a break).",
    "TNE": "Trap if the two registers are not equal (Go: emits a branch over a break).",
}

# --- composing a summary from the LoongArch instruction -----------------------

_SCALAR = {
    "ADD": "Add",
    "ADDI": "Add an immediate",
    "ADDU16I": "Add a 16-bit immediate shifted left 16",
    "SUB": "Subtract",
    "MUL": "Multiply, keeping the low half",
    "MULH": "Multiply, keeping the high half",
    "MULW": "Widening multiply of 32-bit values",
    "DIV": "Divide",
    "MOD": "Remainder",
    "ALSL": "Shift left by 1-4 and add",
    "AND": "Bitwise AND",
    "ANDI": "Bitwise AND with an immediate",
    "ANDN": "Bitwise AND with the complement of the second source",
    "OR": "Bitwise OR",
    "ORI": "Bitwise OR with an immediate",
    "ORN": "Bitwise OR with the complement of the second source",
    "XOR": "Bitwise exclusive OR",
    "XORI": "Bitwise exclusive OR with an immediate",
    "NOR": "Bitwise NOR",
    "SLL": "Shift left",
    "SLLI": "Shift left by an immediate",
    "SRL": "Shift right logical",
    "SRLI": "Shift right logical by an immediate",
    "SRA": "Shift right arithmetic",
    "SRAI": "Shift right arithmetic by an immediate",
    "ROTR": "Rotate right",
    "ROTRI": "Rotate right by an immediate",
    "SLT": "Set if less than, signed",
    "SLTU": "Set if less than, unsigned",
    "SLTI": "Set if less than an immediate, signed",
    "SLTUI": "Set if less than an immediate, unsigned",
    "MASKEQZ": "Keep the first source if the second is not zero, else zero",
    "MASKNEZ": "Keep the first source if the second is zero, else zero",
    "EXT": "Sign-extend the low bits",
    "CLO": "Count leading ones",
    "CLZ": "Count leading zeros",
    "CTO": "Count trailing ones",
    "CTZ": "Count trailing zeros",
    "REVB": "Reverse the bytes",
    "REVH": "Reverse the halfwords",
    "BITREV": "Reverse the bits",
    "BSTRINS": "Insert a bit field from the low bits of the source",
    "BSTRPICK": "Extract a bit field, zero-extended",
    "BYTEPICK": "Concatenate two registers and pick bytes at an offset",
    "LU12I": "Load a 20-bit immediate into bits 12-31 (sign-extended)",
    "LU32I": "Load a 20-bit immediate into bits 32-51, keeping the low word",
    "LU52I": "Load a 12-bit immediate into bits 52-63, keeping the rest",
    "PCADDI": "Add a word offset to the PC",
    "PCADDU12I": "Add a 20-bit immediate shifted left 12 to the PC",
    "PCADDU18I": "Add a 20-bit immediate shifted left 18 to the PC",
    "PCALAU12I": "Add a 20-bit immediate shifted left 12 to the PC, clearing the low 12 bits",
    "LD": "Load",
    "LDX": "Load, indexed",
    "LDPTR": "Load with a word-scaled offset",
    "ST": "Store",
    "STX": "Store, indexed",
    "STPTR": "Store with a word-scaled offset",
    "LL": "Load-linked",
    "SC": "Store-conditional",
    "CRC": "CRC-32 (IEEE polynomial) step",
    "CRCC": "CRC-32C (Castagnoli polynomial) step",
    "CPUCFG": "Read a CPU configuration word",
    "RDTIME": "Read the stable counter",
    "IBAR": "Instruction barrier",
    "DBAR": "Memory barrier",
    "SYSCALL": "System call",
    "BREAK": "Breakpoint",
    "PRELD": "Prefetch",
    "PRELDX": "Prefetch, indexed",
    "BEQ": "Branch if equal",
    "BNE": "Branch if not equal",
    "BLT": "Branch if less than, signed",
    "BGE": "Branch if greater than or equal, signed",
    "BLTU": "Branch if less than, unsigned",
    "BGEU": "Branch if greater than or equal, unsigned",
    "BEQZ": "Branch if zero",
    "BNEZ": "Branch if not zero",
    "BCEQZ": "Branch if a floating-point condition flag is false",
    "BCNEZ": "Branch if a floating-point condition flag is true",
    "JIRL": "Jump to a register plus offset, saving the return address",
    "B": "Branch",
    "BL": "Branch and link",
    **FLOAT_OPS,
    "FMAXA": "Floating-point maximum magnitude",
    "FMINA": "Floating-point minimum magnitude",
    "FABS": "Floating-point absolute value",
    "FNEG": "Floating-point negate",
    "FRECIP": "Floating-point reciprocal",
    "FRSQRT": "Floating-point reciprocal square root",
    "FRECIPE": "Floating-point reciprocal estimate",
    "FRSQRTE": "Floating-point reciprocal square root estimate",
    "FCOPYSIGN": "Floating-point copy sign: magnitude of the first source, sign of the second",
    "FCLASS": "Classify a floating-point value (a bit per class)",
    "FLOGB": "Floating-point exponent (logb)",
    "FSCALEB": "Floating-point scale by a power of two",
    "FCVT": "Convert between floating-point formats",
    "FFINT": "Convert an integer to floating point",
    "FTINT": "Convert floating point to an integer (current rounding mode)",
    "FTINTRM": "Convert floating point to an integer, rounding down",
    "FTINTRP": "Convert floating point to an integer, rounding up",
    "FTINTRZ": "Convert floating point to an integer, rounding toward zero",
    "FTINTRNE": "Convert floating point to an integer, rounding to nearest even",
    "FRINT": "Round to an integral floating-point value",
    "FMOV": "Floating-point register copy",
    "FSEL": "Select one of two floating-point registers by a condition flag",
    "FLD": "Floating-point load",
    "FLDX": "Floating-point load, indexed",
    "FST": "Floating-point store",
    "FSTX": "Floating-point store, indexed",
    "FCMP": "Floating-point compare into a condition flag",
    "MOVGR2FR": "Move a general register into a floating-point register",
    "MOVFR2GR": "Move a floating-point register into a general register",
    "MOVGR2FRH": "Move a general register into the high word of a floating-point register",
    "MOVFRH2GR": "Move the high word of a floating-point register into a general register",
    "MOVGR2FCSR": "Move a general register into a floating-point control and status register",
    "MOVFCSR2GR": "Move a floating-point control and status register into a general register",
    "MOVFR2CF": "Move a floating-point register into a condition flag",
    "MOVCF2FR": "Move a condition flag into a floating-point register",
    "MOVGR2CF": "Move a general register into a condition flag",
    "MOVCF2GR": "Move a condition flag into a general register",
}
_VECTOR = {
    "ADD": "Add",
    "SUB": "Subtract",
    "ADDI": "Add an immediate",
    "SUBI": "Subtract an immediate",
    "NEG": "Negate",
    "MUL": "Multiply, keeping the low half",
    "MUH": "Multiply, keeping the high half",
    "DIV": "Divide",
    "MOD": "Remainder",
    "MAX": "Maximum",
    "MIN": "Minimum",
    "MAXI": "Maximum with an immediate",
    "MINI": "Minimum with an immediate",
    "SADD": "Saturating add",
    "SSUB": "Saturating subtract",
    "AVG": "Average, rounding down",
    "AVGR": "Average, rounding up",
    "ABSD": "Absolute difference",
    "ADDA": "Add absolute values",
    "MADD": "Multiply-add into the destination",
    "MSUB": "Multiply-subtract from the destination",
    "MULWEV": "Widening multiply of the even elements",
    "MULWOD": "Widening multiply of the odd elements",
    "ADDWEV": "Widening add of the even elements",
    "ADDWOD": "Widening add of the odd elements",
    "SUBWEV": "Widening subtract of the even elements",
    "SUBWOD": "Widening subtract of the odd elements",
    "MADDWEV": "Widening multiply-add of the even elements",
    "MADDWOD": "Widening multiply-add of the odd elements",
    "HADDW": "Widening horizontal add of adjacent elements",
    "HSUBW": "Widening horizontal subtract of adjacent elements",
    "AND": "Bitwise AND",
    "OR": "Bitwise OR",
    "XOR": "Bitwise exclusive OR",
    "NOR": "Bitwise NOR",
    "ANDN": "Bitwise AND with the complement of the first source",
    "ORN": "Bitwise OR with the complement of the second source",
    "ANDI": "Bitwise AND with an immediate",
    "ORI": "Bitwise OR with an immediate",
    "XORI": "Bitwise exclusive OR with an immediate",
    "NORI": "Bitwise NOR with an immediate",
    "SLL": "Shift left",
    "SRL": "Shift right logical",
    "SRA": "Shift right arithmetic",
    "SLLI": "Shift left by an immediate",
    "SRLI": "Shift right logical by an immediate",
    "SRAI": "Shift right arithmetic by an immediate",
    "ROTR": "Rotate right",
    "ROTRI": "Rotate right by an immediate",
    "SRLR": "Shift right logical, rounding",
    "SRAR": "Shift right arithmetic, rounding",
    "SEQ": "Set all bits of each element where equal",
    "SEQI": "Set all bits of each element where equal to an immediate",
    "SLE": "Set all bits of each element where less than or equal",
    "SLT": "Set all bits of each element where less than",
    "SLEI": "Set all bits of each element where less than or equal to an immediate",
    "SLTI": "Set all bits of each element where less than an immediate",
    "PCNT": "Population count of each element",
    "CLO": "Count leading ones of each element",
    "CLZ": "Count leading zeros of each element",
    "BITCLR": "Clear one bit of each element",
    "BITSET": "Set one bit of each element",
    "BITREV": "Invert one bit of each element",
    "BITCLRI": "Clear the bit an immediate selects in each element",
    "BITSETI": "Set the bit an immediate selects in each element",
    "BITREVI": "Invert the bit an immediate selects in each element",
    "BITSEL": "Bitwise select by a mask vector",
    "BITSELI": "Bitwise select with an immediate",
    "ILVH": "Interleave the high halves of two vectors",
    "ILVL": "Interleave the low halves of two vectors",
    "PACKEV": "Pack the even elements of two vectors",
    "PACKOD": "Pack the odd elements of two vectors",
    "PICKEV": "Pick the even elements of two vectors",
    "PICKOD": "Pick the odd elements of two vectors",
    "SHUF": "Shuffle elements by an index vector",
    "SHUF4I": "Shuffle each group of four elements by an immediate",
    "PERMI": "Permute by an immediate",
    "PERM": "Permute words by an index vector",
    "REPLGR2VR": "Broadcast a general register to every element",
    "REPLVE": "Broadcast the element a register selects",
    "REPLVEI": "Broadcast the element an immediate selects",
    "REPLVE0": "Broadcast element 0",
    "INSGR2VR": "Insert a general register into one element",
    "PICKVE2GR": "Move one element to a general register",
    "INSVE0": "Insert element 0 into the element an immediate selects",
    "PICKVE": "Pick one element, zeroing the rest",
    "LD": "Load a vector",
    "ST": "Store a vector",
    "LDX": "Load a vector, indexed",
    "STX": "Store a vector, indexed",
    "LDREPL": "Load one element and broadcast it",
    "STELM": "Store one element",
    "LDI": "Load an immediate pattern into every element",
    "SETEQZ": "Set a condition flag if the whole vector is zero",
    "SETNEZ": "Set a condition flag if the vector is not all zero",
    "SETANYEQZ": "Set a condition flag if any element is zero",
    "SETALLNEZ": "Set a condition flag if no element is zero",
    "MSKLTZ": "Collect each element's sign bit into a mask",
    "MSKGEZ": "Collect a mask of non-negative elements",
    "MSKNZ": "Collect a mask of non-zero elements",
    "EXTL": "Widen the low elements",
    "EXTH": "Widen the high elements",
    "EXT2XV": "Widen elements into a 256-bit vector",
    "SLLWIL": "Widen the low elements and shift them left",
    "SAT": "Saturate each element to a bit width",
    "SIGNCOV": "Negate or zero each element by the sign of another",
    "BSLL": "Shift the whole vector left by bytes",
    "BSRL": "Shift the whole vector right by bytes",
    "EXTRINS": "Extract one element and insert it into another position",
    **FLOAT_OPS,
    "FRECIP": "Floating-point reciprocal",
    "FRSQRT": "Floating-point reciprocal square root",
    "FCLASS": "Classify each floating-point element",
    "FCMP": "Floating-point compare, setting all bits of each element where true",
    "FFINT": "Convert integers to floating point",
    "FTINT": "Convert floating point to integers",
    "FTINTRZ": "Convert floating point to integers, rounding toward zero",
    "FRINT": "Round to integral floating-point values",
    "FCVT": "Convert between floating-point formats",
}
_SCALAR_TYPES = {
    "W": "32-bit, the result sign-extended",
    "D": "64-bit",
    "WU": "32-bit unsigned",
    "DU": "64-bit unsigned",
    "B": "byte",
    "H": "halfword",
    "BU": "byte, zero-extended",
    "HU": "halfword, zero-extended",
    "S": "single precision",
}
_ELEMENTS = {
    "B": "bytes",
    "H": "halfwords",
    "W": "words",
    "D": "doublewords",
    "Q": "quadwords",
    "BU": "unsigned bytes",
    "HU": "unsigned halfwords",
    "WU": "unsigned words",
    "DU": "unsigned doublewords",
    "V": "the whole vector",
    "S": "single precision",
}


_NUMBERS = {"S": "single precision", "D": "double precision", "W": "a 32-bit integer", "L": "a 64-bit integer"}
_DATA = {"B": "a byte", "H": "a halfword", "W": "a word", "D": "a doubleword"}
_GROUPS = {
    "2H": "in each halfword",
    "4H": "in each halfword",
    "2W": "in each word",
    "4B": "in each byte",
    "8B": "in each byte",
}


def _special(base: str, rest: list[str]) -> str | None:
    """Instructions whose suffixes are not an operand size."""
    if base in ("CRC", "CRCC") and len(rest) == 3:
        return f"{_SCALAR[base]} over {_DATA.get(rest[1], rest[1].lower())} of data"
    if base in ("FFINT", "FTINT", "FTINTRM", "FTINTRP", "FTINTRZ", "FTINTRNE", "FCVT") and len(rest) == 2:
        verb = _SCALAR[base].split(" to ")[0].removesuffix(" an integer").removesuffix(" floating point")
        rounding = _SCALAR[base].partition(", ")[2]
        text = f"Convert {_NUMBERS.get(rest[1], rest[1])} to {_NUMBERS.get(rest[0], rest[0])}"
        return text + (f", {rounding}" if rounding else "") if verb else text
    if base in ("REVB", "REVH", "BITREV") and rest and rest[0] in _GROUPS:
        return f"{_SCALAR[base]} {_GROUPS[rest[0]]}"
    return None


def describe(op: str) -> str:
    """A LoongArch instruction ("ADD.D", "XVADD.W", "FCMP.CEQ.D", "AMADD_DB.D") in words."""
    lasx = op.startswith("XV")
    parts = (op[1:] if lasx else op).split(".")
    base, rest = parts[0], parts[1:]
    if base.startswith("AM"):
        what = base[2:].removesuffix("_DB")
        barrier = ", with a full barrier" if base.endswith("_DB") else ""
        size = _SCALAR_TYPES.get(rest[-1], rest[-1].lower()) if rest else ""
        kinds = {
            "SWAP": "swap",
            "ADD": "add",
            "AND": "AND",
            "OR": "OR",
            "XOR": "exclusive OR",
            "CAS": "compare-and-swap",
        }
        kind = kinds.get(what, what.lower())
        return f"Atomic {kind} on memory, returning the old value ({size}{barrier})"
    if base.startswith("V"):
        verb = _VECTOR.get(base[1:])
        if verb is None:
            return ""
        unit = "256-bit LASX" if lasx else "128-bit LSX"
        floats = {"S": "single precision", "D": "double precision"} if base[1:2] == "F" else {}
        types = [floats.get(part) or _ELEMENTS.get(part, part.lower()) for part in rest]
        return f"{verb} ({', '.join([*types, unit])})"
    verb = _SCALAR.get(base)
    if verb is None:
        return ""
    if (special := _special(base, rest)) is not None:
        return special
    if base == "FCMP" and rest:
        precision = "single precision" if rest[-1] == "S" else "double precision"
        return f"{verb} ({rest[0].lower()}, {precision})"
    if base.startswith("F") and rest and rest[-1] in ("S", "D"):
        return f"{verb} ({'single' if rest[-1] == 'S' else 'double'} precision)"
    types = [_SCALAR_TYPES.get(part, part.lower()) for part in rest]
    return f"{verb} ({', '.join(types)})" if types else verb
