"""Vendor names, views and vector lanes of each register (for gen_arch_tables.py).

Hardware facts kept as data, as the register widths are: which vendor names
read a Go register (amd64 AX is RAX, its low 32 bits EAX...), the ABI's
names for general registers (riscv X10 is a0), and how a vector register
splits into lanes. A view is [vendor name, bits, note].
"""

from __future__ import annotations

import re

_X86_WORDS = ("AX", "CX", "DX", "BX", "SP", "BP", "SI", "DI")
_X86_BYTES = {"AX": "AL", "CX": "CL", "DX": "DL", "BX": "BL", "SP": "SPL", "BP": "BPL", "SI": "SIL", "DI": "DIL"}
_X86_HIGH = {"AX": "AH", "CX": "CH", "DX": "DH", "BX": "BH"}
_X86_GO_BYTES = {"SPB": "SP", "BPB": "BP", "SIB": "SI", "DIB": "DI", "AL": "AX", "CL": "CX", "DL": "DX", "BL": "BX"}
_X86_GO_HIGH = {"AH": "AX", "CH": "CX", "DH": "DX", "BH": "BX"}

_RISCV_X = (
    ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0 (fp)", "s1"]
    + [f"a{i}" for i in range(8)]
    + [f"s{i}" for i in range(2, 12)]
    + [f"t{i}" for i in range(3, 7)]
)
_RISCV_F = (
    [f"ft{i}" for i in range(8)]
    + ["fs0", "fs1"]
    + [f"fa{i}" for i in range(8)]
    + [f"fs{i}" for i in range(2, 12)]
    + [f"ft{i}" for i in range(8, 12)]
)
_LOONG_R = (
    ["zero", "ra", "tp", "sp"]
    + [f"a{i}" for i in range(8)]
    + [f"t{i}" for i in range(9)]
    + ["u0 (reserved)", "fp (s9)"]
    + [f"s{i}" for i in range(9)]
)
_LOONG_F = [f"fa{i}" for i in range(8)] + [f"ft{i}" for i in range(16)] + [f"fs{i}" for i in range(8)]
_MIPS_O32 = (
    ["zero", "at", "v0", "v1", "a0", "a1", "a2", "a3"]
    + [f"t{i}" for i in range(8)]
    + [f"s{i}" for i in range(8)]
    + ["t8", "t9", "k0", "k1", "gp", "sp", "s8 (fp)", "ra"]
)
_MIPS_N64 = _MIPS_O32[:8] + ["a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3"] + _MIPS_O32[16:]
_ARM_NAMES = {9: "sb", 10: "sl", 11: "fp", 12: "ip", 13: "sp", 14: "lr", 15: "pc"}


def _number(const: str, prefix: str) -> int | None:
    m = re.fullmatch(rf"\w+\.REG_{prefix}(\d+)", const)
    return int(m[1]) if m else None


def _x86(goarch: str, name: str, const: str) -> list[list]:
    reg = const.removeprefix("x86.REG_")
    wide = goarch == "amd64"
    if reg in _X86_WORDS:
        views = ([[f"R{reg}", 64, ""]] if wide else []) + [[f"E{reg}", 32, ""], [reg, 16, ""]]
        if wide or reg in _X86_HIGH:
            views.append([_X86_BYTES[reg], 8, ""])
        if reg in _X86_HIGH:
            views.append([_X86_HIGH[reg], 8, "bits 8-15"])
        return views
    if m := re.fullmatch(r"R(\d+)", reg):
        n = m[1]
        return [[f"R{n}", 64, ""], [f"R{n}D", 32, ""], [f"R{n}W", 16, ""], [f"R{n}B", 8, ""]]
    if reg in _X86_GO_BYTES:
        wide_name = ("R" if wide else "E") + _X86_GO_BYTES[reg]
        return [[_X86_BYTES[_X86_GO_BYTES[reg]], 8, f"the low byte of {wide_name}"]]
    if reg in _X86_GO_HIGH:
        return [[reg, 8, f"bits 8-15 of {'R' if wide else 'E'}{_X86_GO_HIGH[reg]}"]]
    if m := re.fullmatch(r"R(\d+)B", reg):
        return [[f"R{m[1]}B", 8, f"the low byte of R{m[1]}"]]
    if m := re.fullmatch(r"([XYZ])(\d+)", reg):
        kind, n = m[1], m[2]
        wider = {"X": f"the low 128 bits of YMM{n} and ZMM{n}", "Y": f"the low 256 bits of ZMM{n}", "Z": ""}[kind]
        evex = "AVX-512 (EVEX) only" if int(n) >= 16 else ""
        note = "; ".join(part for part in (wider, evex) if part)
        return [[f"{kind}MM{n}", {"X": 128, "Y": 256, "Z": 512}[kind], note]]
    if m := re.fullmatch(r"K(\d)", reg):
        note = "AVX-512 opmask" + ("; as a write mask K0 means no masking" if m[1] == "0" else "")
        return [[f"k{m[1]}", 64, note]]
    if m := re.fullmatch(r"M(\d)", reg):
        return [[f"MM{m[1]}", 64, f"MMX; shares the x87 register ST({m[1]})'s storage"]]
    if m := re.fullmatch(r"F(\d)", reg):
        return [[f"ST({m[1]})", 80, "x87 register stack"]]
    return []


def _arm64(name: str, const: str) -> list[list]:
    if (n := _number(const, "R")) is not None:
        if n == 31:
            return [["XZR", 64, "zero register"], ["WZR", 32, ""]]
        return [[f"X{n}", 64, ""], [f"W{n}", 32, "the low 32 bits"]]
    if const.endswith("REG_RSP"):
        return [["SP", 64, "stack pointer"], ["WSP", 32, ""]]
    if (n := _number(const, "F")) is not None:
        return [[f"D{n}", 64, f"the low 64 bits of V{n}"], [f"S{n}", 32, ""], [f"H{n}", 16, ""], [f"B{n}", 8, ""]]
    if (n := _number(const, "V")) is not None:
        return [[f"Q{n}", 128, ""], [f"D{n}", 64, f"the low half, Go's F{n}"], [f"S{n}", 32, ""], [f"H{n}", 16, ""]]
    return []


def _indexed(names: list[str], n: int) -> str:
    return f"ABI name {names[n]}" if n < len(names) else ""


def _riscv(name: str, const: str) -> list[list]:
    if (n := _number(const, "X")) is not None:
        return [[f"x{n}", 64, _indexed(_RISCV_X, n)]]
    if (n := _number(const, "F")) is not None:
        return [[f"f{n}", 64, _indexed(_RISCV_F, n)]]
    if (n := _number(const, "V")) is not None:
        return [[f"v{n}", 0, "VLEN bits, chosen by the implementation (at least 128 with the V extension)"]]
    return []


def _ppc64(name: str, const: str) -> list[list]:
    if (n := _number(const, "R")) is not None:
        return [[f"r{n}", 64, f"GPR {n}; word instructions use its low 32 bits"]]
    if (n := _number(const, "F")) is not None:
        return [[f"f{n}", 64, f"FPR {n}, doubleword 0 of VSR {n}"]]
    if (n := _number(const, "VS")) is not None:
        other = f"FPR {n} is its doubleword 0" if n < 32 else f"the same register as VR {n - 32}"
        return [[f"vs{n}", 128, f"VSX register; {other}"]]
    if (n := _number(const, "V")) is not None:
        return [[f"v{n}", 128, f"vector register, VSR {n + 32}"]]
    if m := re.fullmatch(r"\w+\.REG_CR(\d)(LT|GT|EQ|SO)?", const):
        if m[2]:
            return [[f"cr{m[1]}.{m[2].lower()}", 1, f"one bit of CR field {m[1]}"]]
        return [[f"cr{m[1]}", 4, "condition field: LT, GT, EQ and SO bits"]]
    special = {
        "LR": ("lr", "link register"),
        "CTR": ("ctr", "count register"),
        "XER": ("xer", "fixed-point exception register"),
    }
    key = const.rsplit("REG_", 1)[-1]
    if key in special:
        return [[special[key][0], 64, special[key][1]]]
    return []


def _s390x(name: str, const: str) -> list[list]:
    if (n := _number(const, "R")) is not None:
        return [[f"r{n}", 64, "32-bit instructions use its low word (bits 32-63)"]]
    if (n := _number(const, "F")) is not None:
        return [[f"f{n}", 64, f"the leftmost 64 bits of V{n}"]]
    if (n := _number(const, "V")) is not None:
        note = f"its leftmost 64 bits are F{n}" if n < 16 else ""
        return [[f"v{n}", 128, note]]
    if (n := _number(const, "AR")) is not None:
        return [[f"a{n}", 32, "access register"]]
    return []


def _loong64(name: str, const: str) -> list[list]:
    if (n := _number(const, "R")) is not None:
        return [[f"$r{n}", 64, _indexed(_LOONG_R, n)]]
    if (n := _number(const, "F")) is not None:
        return [[f"$f{n}", 64, f"{_indexed(_LOONG_F, n)}; the low 64 bits of $vr{n}"]]
    if (n := _number(const, "V")) is not None:
        return [[f"$vr{n}", 128, f"LSX; the low half of $xr{n}"]]
    if (n := _number(const, "X")) is not None:
        return [[f"$xr{n}", 256, "LASX"]]
    if (n := _number(const, "FCC")) is not None:
        return [[f"$fcc{n}", 1, "condition flag"]]
    if (n := _number(const, "FCSR")) is not None:
        return [[f"$fcsr{n}", 32, "floating-point control and status"]]
    return []


def _mips(goarch: str, name: str, const: str, reg_bits: int) -> list[list]:
    if (n := _number(const, "R")) is not None:
        names = _MIPS_N64 if goarch.startswith("mips64") else _MIPS_O32
        return [[f"${n}", reg_bits, _indexed(names, n)]]
    if (n := _number(const, "F")) is not None:
        return [[f"$f{n}", reg_bits, ""]]
    if (n := _number(const, "W")) is not None:
        return [[f"$w{n}", 128, f"MSA vector register; its low bits are $f{n}"]]
    key = const.rsplit("REG_", 1)[-1]
    if key in ("HI", "LO"):
        return [[key.lower(), reg_bits, "receives products and quotients (MULU, DIV...)"]]
    return []


def _arm(name: str, const: str) -> list[list]:
    if (n := _number(const, "R")) is not None:
        return [[f"r{n}", 32, f"also called {_ARM_NAMES[n]}" if n in _ARM_NAMES else ""]]
    if (n := _number(const, "F")) is not None:
        return [[f"d{n}", 64, f"VFP double register; s{2 * n} and s{2 * n + 1} are its halves" if n < 16 else ""]]
    return []


def vendor_views(goarch: str, family: str, name: str, const: str, reg_bits: int) -> list[list]:
    """[vendor name, bits, note] for each way the vendor names (part of) this register."""
    if const.startswith("pseudo:"):
        return []
    if family == "x86":
        return _x86(goarch, name, const)
    if family == "mips":
        return _mips(goarch, name, const, reg_bits)
    reader = {"arm64": _arm64, "riscv64": _riscv, "ppc64": _ppc64, "s390x": _s390x, "loong64": _loong64, "arm": _arm}
    return reader[family](name, const) if family in reader else []


def _split(bits: int, spelled: list[tuple[int, str]]) -> list[str]:
    return [f"{bits // size} × {size}-bit{f' ({label})' if label else ''}" for size, label in spelled if bits >= size]


def lanes(family: str, name: str, kind: str, bits: int) -> list[str]:
    """How a vector register splits into lanes, in the family's (or Go's) spelling."""
    if kind != "vector":
        return []
    if family == "x86" and bits >= 128:
        return _split(
            bits,
            [(8, "bytes, B"), (16, "words, W"), (32, "dwords L/D, or float32 PS"), (64, "qwords Q, or float64 PD")],
        )
    if family == "x86":
        return _split(bits, [(8, "B"), (16, "W"), (32, "L")])  # MMX
    if family == "arm64":
        return [
            f"16 × 8-bit ({name}.B16)",
            f"8 × 16-bit ({name}.H8)",
            f"4 × 32-bit ({name}.S4)",
            f"2 × 64-bit ({name}.D2)",
            f"the low 64 bits: {name}.B8, {name}.H4, {name}.S2, {name}.D1",
            f"one lane: {name}.S[1]",
        ]
    if family == "loong64":
        return _split(
            bits,
            [
                (8, f"{name}.B{bits // 8}"),
                (16, f"{name}.H{bits // 16}"),
                (32, f"{name}.W{bits // 32}"),
                (64, f"{name}.V{bits // 64}"),
            ],
        )
    if family == "s390x":
        return _split(bits, [(8, "B"), (16, "H"), (32, "F"), (64, "G"), (128, "Q")])
    if family == "riscv64":
        return ["elements of 8, 16, 32 or 64 bits (E8...E64), VLEN/SEW of them, as VSETVLI sets"]
    return _split(bits, [(8, ""), (16, ""), (32, ""), (64, ""), (128, "")]) if bits else []
