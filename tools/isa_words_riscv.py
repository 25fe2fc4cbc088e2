"""Summaries of riscv64 Go mnemonics, written for this project (BSD-3-Clause).

WORDS: Go's own mnemonics and the RISC-V pseudo-instructions Go accepts,
and the mnemonics that stand for a register and an immediate instruction
(ADD is add or addi). Checked against cmd/internal/obj/riscv (obj.go,
inst.go) and the encodings in cmd/asm's test data.

vector_words: the vector extension, which riscv-unified-db names without
words. A summary is composed from the vendor's spelling (vadd.vx = add,
vector and scalar register) with the phrases below.
"""

from __future__ import annotations

import re

_IMM = "with a constant, {imm}"
_BRANCH_ZERO = "Branch if the register is {what} zero ({insn} against X0)."
_BRANCH_SWAPPED = "Branch if the first register is {what} the second ({insn} with the registers swapped)."

WORDS = {
    # Moves: Go names them by width.
    "MOV": "64-bit move: register copy (addi rd, rs, 0), constant (addi, lui+addi, or from read-only data), "
    "load (ld), store (sd), or an address (`MOV $sym(SB), X5`: auipc+addi).",
    "MOVW": "32-bit move: load sign-extended (lw), store (sw), or sign-extend a register (addiw rd, rs, 0).",
    "MOVWU": "32-bit load zero-extended (lwu), or zero-extend a register's low word.",
    "MOVH": "16-bit move: load sign-extended (lh), store (sh), or sign-extend a register.",
    "MOVHU": "16-bit load zero-extended (lhu), or zero-extend a register's low halfword.",
    "MOVB": "8-bit move: load sign-extended (lb), store (sb), or sign-extend a register.",
    "MOVBU": "8-bit load zero-extended (lbu), or zero-extend a register's low byte (andi rd, rs, 255).",
    "MOVF": "Single-precision move: load (flw), store (fsw), copy (fsgnj.s), or between integer and "
    "floating-point registers (fmv.w.x, fmv.x.w).",
    "MOVD": "Double-precision move: load (fld), store (fsd), copy (fsgnj.d), or between integer and "
    "floating-point registers (fmv.d.x, fmv.x.d).",
    # One mnemonic, a register and an immediate instruction.
    "ADD": "Add; " + _IMM.format(imm="addi (or a longer sequence for a large constant)") + ".",
    "ADDW": "Add the low 32 bits, sign-extending the result; " + _IMM.format(imm="addiw") + ".",
    "SUB": "Subtract: `SUB X5, X6, X7` sets X7 = X6 - X5; " + _IMM.format(imm="addi of its negation") + ".",
    "SUBW": "Subtract the low 32 bits, sign-extending the result (subw).",
    "AND": "Bitwise AND; " + _IMM.format(imm="andi") + ".",
    "OR": "Bitwise OR; " + _IMM.format(imm="ori") + ".",
    "XOR": "Bitwise exclusive OR; " + _IMM.format(imm="xori") + ".",
    "SLL": "Shift left logical; " + _IMM.format(imm="slli") + ".",
    "SRL": "Shift right logical (zero-filling); " + _IMM.format(imm="srli") + ".",
    "SRA": "Shift right arithmetic (sign-filling); " + _IMM.format(imm="srai") + ".",
    "SLLW": "Shift the low word left, sign-extending the 32-bit result; " + _IMM.format(imm="slliw") + ".",
    "SRLW": "Shift the low word right logical, sign-extending the 32-bit result; " + _IMM.format(imm="srliw") + ".",
    "SRAW": "Shift the low word right arithmetic, sign-extending the result; " + _IMM.format(imm="sraiw") + ".",
    "SLT": "Set to 1 if less than (signed), else 0; " + _IMM.format(imm="slti") + ".",
    "SLTU": "Set to 1 if less than (unsigned), else 0; " + _IMM.format(imm="sltiu") + ".",
    "ROR": "Rotate right (Zbb); " + _IMM.format(imm="rori") + ".",
    "ROL": "Rotate left (Zbb).",
    "RORW": "Rotate the low word right, sign-extending the result (Zbb); " + _IMM.format(imm="roriw") + ".",
    "ROLW": "Rotate the low word left, sign-extending the result (Zbb).",
    "BCLR": "Clear one bit (Zbs); " + _IMM.format(imm="bclri") + ".",
    "BSET": "Set one bit (Zbs); " + _IMM.format(imm="bseti") + ".",
    "BINV": "Invert one bit (Zbs); " + _IMM.format(imm="binvi") + ".",
    "BEXT": "Extract one bit to bit 0 (Zbs); " + _IMM.format(imm="bexti") + ".",
    # RISC-V pseudo-instructions.
    "NEG": "Negate (sub rd, x0, rs).",
    "NEGW": "Negate the low word, sign-extending the result (subw rd, x0, rs).",
    "NOT": "Bitwise NOT (xori rd, rs, -1).",
    "SEQZ": "Set to 1 if the register is zero, else 0 (sltiu rd, rs, 1).",
    "SNEZ": "Set to 1 if the register is not zero, else 0 (sltu rd, x0, rs).",
    "BEQZ": _BRANCH_ZERO.format(what="equal to", insn="beq"),
    "BNEZ": _BRANCH_ZERO.format(what="not equal to", insn="bne"),
    "BLTZ": _BRANCH_ZERO.format(what="less than", insn="blt"),
    "BGEZ": _BRANCH_ZERO.format(what="greater than or equal to", insn="bge"),
    "BGTZ": _BRANCH_ZERO.format(what="greater than", insn="blt"),
    "BLEZ": _BRANCH_ZERO.format(what="less than or equal to", insn="bge"),
    "BGT": _BRANCH_SWAPPED.format(what="greater than (signed)", insn="blt"),
    "BLE": _BRANCH_SWAPPED.format(what="less than or equal to (signed)", insn="bge"),
    "BGTU": _BRANCH_SWAPPED.format(what="greater than (unsigned)", insn="bltu"),
    "BLEU": _BRANCH_SWAPPED.format(what="less than or equal to (unsigned)", insn="bgeu"),
    "FNEGS": "Negate a single-precision value (fsgnjn.s rd, rs, rs).",
    "FNEGD": "Negate a double-precision value (fsgnjn.d rd, rs, rs).",
    "FABSS": "Absolute value of a single-precision value (fsgnjx.s rd, rs, rs).",
    "FABSD": "Absolute value of a double-precision value (fsgnjx.d rd, rs, rs).",
    "FNES": "Set to 1 if two single-precision values are not equal (feq.s, then xori with 1).",
    "FNED": "Set to 1 if two double-precision values are not equal (feq.d, then xori with 1).",
    "RDCYCLE": "Read the cycle counter CSR (csrrs rd, cycle, x0).",
    "RDTIME": "Read the real-time clock CSR (csrrs rd, time, x0).",
    "RDINSTRET": "Read the retired-instruction counter CSR (csrrs rd, instret, x0).",
    "LRW": "Load-reserved word, sign-extended (lr.w.aq): starts an atomic read-modify-write that SCW completes.",
    "LRD": "Load-reserved doubleword (lr.d.aq): starts an atomic read-modify-write that SCD completes.",
    "SCW": "Store-conditional word (sc.w.rl): `SCW X5, (X6), X7` stores X5 if the reservation holds and sets "
    "X7 to 0 on success, non-zero on failure.",
    "SCD": "Store-conditional doubleword (sc.d.rl): `SCD X5, (X6), X7` stores X5 if the reservation holds and "
    "sets X7 to 0 on success, non-zero on failure.",
    "DRET": "Return from debug mode (Sdext).",
    "CADD": "Compressed 16-bit add of two registers (c.add, C extension).",
    "CADDW": "Compressed 16-bit add of the low words, sign-extending the result (c.addw, C extension).",
    "VSETVLI": "Set the vector length and type: the destination gets vl = min(the requested length, VLMAX) for "
    "the element width (E8...E64), register grouping (MF8...M8) and tail and mask policies given; "
    "vsetivli when the length is a constant.",
    "WORD": "Go pseudo-instruction: emit a 4-byte value in place.",
    # Vector pseudo-instructions (the vector spec's, which Go spells as mnemonics).
    **{f"VL{n}RV": f"Load {n} whole vector registers (vl{n}re8.v)." for n in (1, 2, 4, 8)},
    "VNEGV": "Negate each element (vrsub.vx with x0).",
    "VNOTV": "Bitwise NOT of each element (vxor.vi with -1).",
    "VFNEGV": "Negate each floating-point element (vfsgnjn.vv with itself).",
    "VFABSV": "Absolute value of each floating-point element (vfsgnjx.vv with itself).",
    "VMMVM": "Copy a mask register (vmand.mm with itself).",
    "VMNOTM": "Invert a mask register (vmnand.mm with itself).",
    "VMCLRM": "Clear every bit of a mask register (vmxor.mm with itself).",
    "VMSETM": "Set every bit of a mask register (vmxnor.mm with itself).",
    "VWCVTXXV": "Widen signed elements to twice their width (vwadd.vx with x0).",
    "VWCVTUXXV": "Widen unsigned elements to twice their width (vwaddu.vx with x0).",
    "VNCVTXXW": "Narrow elements to half their width (vnsrl.wx with x0).",
    "VMSGTVV": "Set mask bits where greater than, signed (vmslt.vv with the sources swapped).",
    "VMSGTUVV": "Set mask bits where greater than, unsigned (vmsltu.vv with the sources swapped).",
    "VMSGEVV": "Set mask bits where greater than or equal, signed (vmsle.vv with the sources swapped).",
    "VMSGEUVV": "Set mask bits where greater than or equal, unsigned (vmsleu.vv with the sources swapped).",
    "VMFGTVV": "Set mask bits where floating-point greater than (vmflt.vv with the sources swapped).",
    "VMFGEVV": "Set mask bits where floating-point greater than or equal (vmfle.vv with the sources swapped).",
    "VMSLTVI": "Set mask bits where less than an immediate, signed (vmsle.vi with the immediate minus one).",
    "VMSLTUVI": "Set mask bits where less than an immediate, unsigned (vmsleu.vi with the immediate minus one).",
    "VMSGEVI": "Set mask bits where greater than or equal to an immediate, signed (vmsgt.vi with the immediate "
    "minus one).",
    "VMSGEUVI": "Set mask bits where greater than or equal to an immediate, unsigned (vmsgtu.vi with the "
    "immediate minus one).",
}

# --- the vector extension -------------------------------------------------------

_VECTOR_OPS = {
    "add": "Add",
    "sub": "Subtract",
    "rsub": "Reverse subtract (the scalar minus each element)",
    "and": "Bitwise AND",
    "or": "Bitwise OR",
    "xor": "Bitwise exclusive OR",
    "sll": "Shift left logical",
    "srl": "Shift right logical",
    "sra": "Shift right arithmetic",
    "mul": "Multiply, keeping the low half",
    "mulh": "Signed multiply, keeping the high half",
    "mulhu": "Unsigned multiply, keeping the high half",
    "mulhsu": "Signed-by-unsigned multiply, keeping the high half",
    "div": "Signed divide",
    "divu": "Unsigned divide",
    "rem": "Signed remainder",
    "remu": "Unsigned remainder",
    "min": "Signed minimum",
    "minu": "Unsigned minimum",
    "max": "Signed maximum",
    "maxu": "Unsigned maximum",
    "macc": "Multiply and add to the destination (vd += vs1 * vs2)",
    "nmsac": "Multiply and subtract from the destination (vd -= vs1 * vs2)",
    "madd": "Multiply the destination and add (vd = vs1 * vd + vs2)",
    "nmsub": "Multiply the destination and subtract (vd = -(vs1 * vd) + vs2)",
    "merge": "Merge: each element from the second source where mask v0 is set, else from the first",
    "mv": "Move (splat a scalar or copy elements)",
    "adc": "Add with carry-in from mask v0",
    "madc": "Carry-out of an add, written as a mask",
    "sbc": "Subtract with borrow-in from mask v0",
    "msbc": "Borrow-out of a subtract, written as a mask",
    "saddu": "Saturating unsigned add",
    "sadd": "Saturating signed add",
    "ssubu": "Saturating unsigned subtract",
    "ssub": "Saturating signed subtract",
    "aadd": "Averaging signed add (rounded by vxrm)",
    "aaddu": "Averaging unsigned add (rounded by vxrm)",
    "asub": "Averaging signed subtract (rounded by vxrm)",
    "asubu": "Averaging unsigned subtract (rounded by vxrm)",
    "smul": "Fractional signed multiply with rounding and saturation",
    "ssrl": "Scaling shift right logical, rounded by vxrm",
    "ssra": "Scaling shift right arithmetic, rounded by vxrm",
    "nclip": "Narrowing shift right and clip to the signed range",
    "nclipu": "Narrowing shift right and clip to the unsigned range",
    "nsrl": "Narrowing shift right logical",
    "nsra": "Narrowing shift right arithmetic",
    "wadd": "Widening signed add",
    "waddu": "Widening unsigned add",
    "wsub": "Widening signed subtract",
    "wsubu": "Widening unsigned subtract",
    "wmul": "Widening signed multiply",
    "wmulu": "Widening unsigned multiply",
    "wmulsu": "Widening signed-by-unsigned multiply",
    "wmacc": "Widening signed multiply-add to the destination",
    "wmaccu": "Widening unsigned multiply-add to the destination",
    "wmaccsu": "Widening signed-by-unsigned multiply-add to the destination",
    "wmaccus": "Widening unsigned-by-signed multiply-add to the destination",
    "mseq": "Set mask bits where equal",
    "msne": "Set mask bits where not equal",
    "mslt": "Set mask bits where less than (signed)",
    "msltu": "Set mask bits where less than (unsigned)",
    "msle": "Set mask bits where less than or equal (signed)",
    "msleu": "Set mask bits where less than or equal (unsigned)",
    "msgt": "Set mask bits where greater than (signed)",
    "msgtu": "Set mask bits where greater than (unsigned)",
    "msge": "Set mask bits where greater than or equal (signed)",
    "msgeu": "Set mask bits where greater than or equal (unsigned)",
    "redsum": "Sum reduction into element 0",
    "redand": "AND reduction into element 0",
    "redor": "OR reduction into element 0",
    "redxor": "Exclusive-OR reduction into element 0",
    "redmax": "Signed maximum reduction into element 0",
    "redmaxu": "Unsigned maximum reduction into element 0",
    "redmin": "Signed minimum reduction into element 0",
    "redminu": "Unsigned minimum reduction into element 0",
    "wredsum": "Widening signed sum reduction into element 0",
    "wredsumu": "Widening unsigned sum reduction into element 0",
    "fadd": "Floating-point add",
    "fsub": "Floating-point subtract",
    "frsub": "Floating-point reverse subtract (the scalar minus each element)",
    "fmul": "Floating-point multiply",
    "fdiv": "Floating-point divide",
    "frdiv": "Floating-point reverse divide (the scalar divided by each element)",
    "fmin": "Floating-point minimum",
    "fmax": "Floating-point maximum",
    "fsgnj": "Floating-point sign injection: magnitude of the first source, sign of the second",
    "fsgnjn": "Floating-point sign injection with the second source's sign negated",
    "fsgnjx": "Floating-point sign injection with the exclusive OR of both signs",
    "fmacc": "Floating-point multiply-add to the destination (vd = vs1 * vs2 + vd)",
    "fnmacc": "Floating-point negated multiply-add to the destination (vd = -(vs1 * vs2) - vd)",
    "fmsac": "Floating-point multiply-subtract the destination (vd = vs1 * vs2 - vd)",
    "fnmsac": "Floating-point negated multiply-subtract (vd = -(vs1 * vs2) + vd)",
    "fmadd": "Floating-point multiply the destination and add (vd = vs1 * vd + vs2)",
    "fnmadd": "Floating-point negated multiply the destination and add (vd = -(vs1 * vd) - vs2)",
    "fmsub": "Floating-point multiply the destination and subtract (vd = vs1 * vd - vs2)",
    "fnmsub": "Floating-point negated multiply the destination and subtract (vd = -(vs1 * vd) + vs2)",
    "fwadd": "Widening floating-point add",
    "fwsub": "Widening floating-point subtract",
    "fwmul": "Widening floating-point multiply",
    "fwmacc": "Widening floating-point multiply-add to the destination",
    "fwnmacc": "Widening floating-point negated multiply-add to the destination",
    "fwmsac": "Widening floating-point multiply-subtract the destination",
    "fwnmsac": "Widening floating-point negated multiply-subtract",
    "fsqrt": "Floating-point square root",
    "frsqrt7": "Floating-point reciprocal square root estimate (7 bits)",
    "frec7": "Floating-point reciprocal estimate (7 bits)",
    "fclass": "Classify each floating-point element (a bit per class)",
    "fmerge": "Floating-point merge: the scalar where mask v0 is set, else the element",
    "fmv": "Floating-point move (splat a scalar or move element 0)",
    "mfeq": "Set mask bits where floating-point equal",
    "mfne": "Set mask bits where floating-point not equal",
    "mflt": "Set mask bits where floating-point less than",
    "mfle": "Set mask bits where floating-point less than or equal",
    "mfgt": "Set mask bits where floating-point greater than",
    "mfge": "Set mask bits where floating-point greater than or equal",
    "fredusum": "Floating-point sum reduction in any order into element 0",
    "fredosum": "Floating-point sum reduction in element order into element 0",
    "fredmax": "Floating-point maximum reduction into element 0",
    "fredmin": "Floating-point minimum reduction into element 0",
    "fwredusum": "Widening floating-point sum reduction in any order",
    "fwredosum": "Widening floating-point sum reduction in element order",
    "slideup": "Slide elements up by an offset",
    "slidedown": "Slide elements down by an offset",
    "slide1up": "Slide elements up by one, inserting the scalar at element 0",
    "slide1down": "Slide elements down by one, inserting the scalar at the top",
    "fslide1up": "Slide elements up by one, inserting the floating-point scalar at element 0",
    "fslide1down": "Slide elements down by one, inserting the floating-point scalar at the top",
    "rgather": "Gather: each element from the source at the given index",
    "rgatherei16": "Gather with 16-bit indices",
    "compress": "Compress: pack the elements whose mask bit is set",
    "mand": "Mask AND",
    "mnand": "Mask NAND",
    "mandn": "Mask AND-NOT",
    "mxor": "Mask exclusive OR",
    "mor": "Mask OR",
    "mnor": "Mask NOR",
    "morn": "Mask OR-NOT",
    "mxnor": "Mask exclusive NOR",
    "cpop": "Count the set mask bits into an integer register",
    "first": "Index of the first set mask bit into an integer register (-1 if none)",
    "msbf": "Set mask bits before the first set bit",
    "msif": "Set mask bits up to and including the first set bit",
    "msof": "Set only the mask bit at the first set bit",
    "iota": "Write to each element the count of set mask bits below it",
    "id": "Write each element's index",
    "zext": "Zero-extend narrower elements",
    "sext": "Sign-extend narrower elements",
    "neg": "Negate (vrsub.vx with x0)",
    "not": "Bitwise NOT (vxor.vi with -1)",
    "fneg": "Floating-point negate (vfsgnjn with itself)",
    "fabs": "Floating-point absolute value (vfsgnjx with itself)",
    "mmv": "Copy a mask (vmand.mm with itself)",
    "mnot": "Invert a mask (vmnand.mm with itself)",
    "mclr": "Clear a mask (vmxor.mm with itself)",
    "mset": "Set every mask bit (vmxnor.mm with itself)",
    "wcvt": "Widen signed elements to twice their width",
    "wcvtu": "Widen unsigned elements to twice their width",
    "ncvt": "Narrow elements to half their width",
}
_CONVERSIONS = {
    "x.f": "floating-point to signed integer",
    "xu.f": "floating-point to unsigned integer",
    "rtz.x.f": "floating-point to signed integer, rounding toward zero",
    "rtz.xu.f": "floating-point to unsigned integer, rounding toward zero",
    "f.x": "signed integer to floating-point",
    "f.xu": "unsigned integer to floating-point",
    "f.f": "floating-point to floating-point",
    "rod.f.f": "floating-point to floating-point, rounding toward odd",
    "x.x": "integer to integer",
    "xu.x": "integer to unsigned integer",
}
_SUFFIXES = {
    "vv": "vector and vector",
    "vx": "vector and integer register",
    "vi": "vector and immediate",
    "vf": "vector and floating-point register",
    "wv": "wide vector and vector",
    "wx": "wide vector and integer register",
    "wi": "wide vector and immediate",
    "wf": "wide vector and floating-point register",
    "vvm": "vector and vector, under mask v0",
    "vxm": "vector and integer register, under mask v0",
    "vim": "vector and immediate, under mask v0",
    "vfm": "vector and floating-point register, under mask v0",
    "vs": "vector, scalar in element 0 of the second source",
    "mm": "mask registers",
    "m": "mask register",
    "v": "vector",
    "x.s": "element 0 to an integer register",
    "s.x": "an integer register to element 0",
    "f.s": "element 0 to a floating-point register",
    "s.f": "a floating-point register to element 0",
    "vf2": "from a half-width source",
    "vf4": "from a quarter-width source",
    "vf8": "from an eighth-width source",
    "vm": "under the mask in the second source",
    "v.v": "vector to vector",
    "v.x": "an integer register to every element",
    "v.i": "an immediate to every element",
    "v.f": "a floating-point register to every element",
}
_ELEMENTS = re.compile(
    r"^v(?P<dir>[ls])(?P<mode>s|ux|ox)?(?:seg(?P<fields>\d))?e(?P<index>i)?(?P<eew>\d+)(?P<ff>ff)?\.v$"
)
_WHOLE = re.compile(r"^v(?P<dir>[ls])(?P<count>\d)r(?:e(?P<eew>\d+))?\.v$")
_MODES = {None: "unit-stride", "s": "strided", "ux": "indexed, unordered", "ox": "indexed, ordered"}


def _load_store(name: str) -> str:
    """vle8.v, vlsseg4e32.v, vluxei16.v, vl2re32.v, vlm.v... in words."""
    if name in ("vlm.v", "vsm.v"):
        return ("Load" if name[1] == "l" else "Store") + " a mask register (one bit per element)"
    if m := _WHOLE.match(name):
        verb = "Load" if m["dir"] == "l" else "Store"
        return f"{verb} {m['count']} whole vector registers" + (f" of {m['eew']}-bit elements" if m["eew"] else "")
    m = _ELEMENTS.match(name)
    if m is None:
        return ""
    verb = "Load" if m["dir"] == "l" else "Store"
    what = f"{m['fields']}-field segments" if m["fields"] else "elements"
    size = f"{m['eew']}-bit indices" if m["index"] else f"{m['eew']}-bit elements"
    text = f"{verb} {what} ({_MODES[m['mode']]}, {size})"
    if m["ff"]:
        text += "; a fault after element 0 only shortens the vector length"
    return text


def _vector_summary(name: str) -> str:
    """One vector instruction's summary from its spelling, or "" when the parts are not known."""
    if name in ("vsetvli", "vsetivli", "vsetvl"):
        return ""  # the database has words for these
    if text := _load_store(name):
        return text
    base, _, suffix = name.removeprefix("v").partition(".")
    for prefix, kind in (("fwcvt", "Widening conversion"), ("fncvt", "Narrowing conversion"), ("fcvt", "Conversion")):
        if base == prefix and suffix.rsplit(".", 1)[0] in _CONVERSIONS:
            return f"{kind}, {_CONVERSIONS[suffix.rsplit('.', 1)[0]]}"
    if base.startswith("mv") and base[2:-1].isdigit() and base.endswith("r"):
        return f"Copy {base[2:-1]} whole vector registers"
    op = _VECTOR_OPS.get(base)
    where = _SUFFIXES.get(suffix)
    if op is None or where is None:
        return ""
    return f"{op} ({where})"


def vector_words(names: dict) -> dict[str, str]:
    """Go mnemonic (VADDVX) -> summary, for each vector instruction the database spells."""
    words = {}
    for name in names:
        if name.startswith("v") and (summary := _vector_summary(name)):
            words[name.replace(".", "").upper()] = summary
    return words
