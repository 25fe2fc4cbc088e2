"""arm64 instruction docs: Go mnemonics mapped to ARM instructions.

The mapping is measured, not guessed: every `INSN operands // hex` line of Go's
assembler test data (BSD-3) is matched against the encoding bit patterns of
golang.org/x/arch arm64asm/inst.json (BSD-3, ARMv8.0). So `MOVD.P (R1), R2`
becomes `LDR (immediate)`, post-index, 64-bit. Instructions newer than ARMv8.0
(LSE atomics, SHA-512, SHA-3) have no inst.json entry; they are documented by
the families below, written for this project, with forms from the test data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from isa_examples import generalize
from isa_words_arm64 import GO_WORDS, VECTOR, WORDS

BASE_URL = "https://developer.arm.com/documentation/ddi0602/latest/Base-Instructions"
SIMD_URL = "https://developer.arm.com/documentation/ddi0602/latest/SIMD-FP-Instructions"

_LSE_SUFFIXES = "Go suffixes: A acquire, L release, AL both; B/H/W/D access size"
# (Go mnemonic prefix, summary, feature) for instructions newer than inst.json.
NEWER_FAMILIES = [
    ("LDADD", f"Atomic add on memory, returning the old value (LSE). {_LSE_SUFFIXES}.", "LSE"),
    ("LDCLR", f"Atomic bit clear on memory, returning the old value (LSE). {_LSE_SUFFIXES}.", "LSE"),
    ("LDEOR", f"Atomic exclusive OR on memory, returning the old value (LSE). {_LSE_SUFFIXES}.", "LSE"),
    ("LDOR", f"Atomic OR on memory, returning the old value (ARM LDSET, LSE). {_LSE_SUFFIXES}.", "LSE"),
    ("SWP", f"Atomic swap of a register with memory (LSE). {_LSE_SUFFIXES}.", "LSE"),
    ("CASP", "Atomic compare and swap of a register pair (LSE). Go suffix: W/D register size.", "LSE"),
    ("CAS", f"Atomic compare and swap (LSE). {_LSE_SUFFIXES}.", "LSE"),
    ("SHA512", "SHA-512 hash step (crypto extension)", "SHA512"),
    ("VEOR3", "Three-way exclusive OR of vectors (SHA-3 extension)", "SHA3"),
    ("VRAX1", "Rotate and exclusive OR (SHA-3 extension)", "SHA3"),
    ("VXAR", "Exclusive OR and rotate (SHA-3 extension)", "SHA3"),
    ("VBCAX", "Bit clear and exclusive OR (SHA-3 extension)", "SHA3"),
]

# Go-only arm64 pseudo-instructions (behaviour checked with `go tool asm -S`).
GO_PSEUDO = {  # mnemonic: (summary, Go operand forms)
    "WORD": ("Go pseudo-instruction: emit a 4-byte value in place.", ["$imm"]),
    "DWORD": ("Go pseudo-instruction: emit an 8-byte value in place.", ["$imm"]),
    "VMOVS": ("Go pseudo-instruction: load a 32-bit constant into a vector register from read-only data.", ["$imm, V"]),
    "VMOVD": ("Go pseudo-instruction: load a 64-bit constant into a vector register from read-only data.", ["$imm, V"]),
    "VMOVQ": (
        "Go pseudo-instruction: load a 128-bit constant, given as its low and high 64-bit halves, "
        "into a vector register from read-only data.",
        ["$lo, $hi, V"],
    ),
    "REM": ("Go pseudo-instruction: signed 64-bit remainder, assembled as SDIV then MSUB.", ["R, R, R"]),
    "REMW": ("Go pseudo-instruction: signed 32-bit remainder, assembled as SDIV then MSUB.", ["R, R, R"]),
    "UREM": ("Go pseudo-instruction: unsigned 64-bit remainder, assembled as UDIV then MSUB.", ["R, R, R"]),
    "UREMW": ("Go pseudo-instruction: unsigned 32-bit remainder, assembled as UDIV then MSUB.", ["R, R, R"]),
}
_MOVK_SYNTAX = (
    "Go syntax: `$(uimm16<<shift), Rd`, shift 0 or 16 for the W form, else 0, 16, 32 or 48; "
    "a zero immediate is rejected."
)
# Go's operand syntax for the wide moves (cmd/internal/obj/arm64/doc.go, BSD-3), appended to their summary.
GO_NOTES = dict.fromkeys(("MOVK", "MOVKW", "MOVZ", "MOVZW", "MOVN", "MOVNW"), _MOVK_SYNTAX)
_CONDITIONS = frozenset("EQ NE CS HS CC LO MI PL VS VC HI LS GE LT GT LE".split())
_FEATURE_PREFIXES = [("AES", "AES"), ("SHA1", "SHA1"), ("SHA256", "SHA256"), ("CRC32", "CRC32")]
_VECTOR_SYNTAX = re.compile(r"<V[dnmt]\d?>|\{ ?<Vt>")
_SCALAR_FP_SYNTAX = re.compile(r"<[BHSDQ][dnmta]\d?>|<V><[dnm]>")


@dataclass(frozen=True)
class Pattern:
    name: str
    variant: str
    syntax: str
    bits: str
    mask: int
    value: int

    def matches(self, word: int) -> bool:
        return word & self.mask == self.value

    def arm_mnemonic(self) -> str:
        return self.syntax.split()[0]

    def encoding(self) -> str:
        return re.sub(r"(?<=[01])\|(?=[01](\||$))", "", self.bits)

    def features(self) -> tuple[str, ...]:
        for prefix, feature in _FEATURE_PREFIXES:
            if self.name.startswith(prefix):
                return (feature,)
        if self.name.startswith("PMULL") and "1Q" in self.syntax:
            return ("AES",)  # the 64x64-bit polynomial multiply belongs to the AES extension
        if _VECTOR_SYNTAX.search(self.syntax) or "vector" in self.name or "SIMD" in self.variant:
            return ("ASIMD",)
        if _SCALAR_FP_SYNTAX.search(self.syntax):
            # Scalar FP registers serve both extensions: F* and the int<->float
            # conversions are floating point, the rest is scalar Advanced SIMD.
            return ("FP",) if self.name.startswith(("F", "SCVTF", "UCVTF", "LD", "ST")) else ("ASIMD",)
        return ()


def _compile(entry: dict) -> Pattern:
    mask = value = 0
    for token in entry["Bits"].split("|"):
        field, _, width_text = token.partition(":")
        inner = field.strip("()")  # "(0)": should-be bits, which decoders do not check
        if width_text:
            width = int(width_text)
        else:
            width = len(inner) if set(inner) <= {"0", "1"} else 1
        mask <<= width
        value <<= width
        if field == inner and set(field) <= {"0", "1"}:
            mask |= (1 << width) - 1
            value |= int(field, 2)
    return Pattern(entry["Name"], entry["Arch"], entry["Syntax"], entry["Bits"], mask, value)


def load_patterns(inst_json: Path) -> list[Pattern]:
    patterns = [_compile(entry) for entry in json.loads(inst_json.read_text())]
    # Aliases (MOV, CMP, LSL...) fix more bits than the instruction they alias:
    # the most specific pattern names the instruction as a reader sees it.
    return sorted(patterns, key=lambda p: -bin(p.mask).count("1"))


def _arm_names(patterns: list[Pattern]) -> list[str]:
    names = [p.name.partition(" (")[0] for p in patterns]
    return list(dict.fromkeys(n for name in names for n in name.split(", ")))


def _spelled_name(mnemonic: str, simd: bool) -> str | None:
    """The ARM instruction Go's mnemonic spells (VADD is ADD, EONW is EON, FADDD is FADD): its
    words win over those of an alias the test lines happen to encode (EON of a constant is EOR)."""
    name = mnemonic[1:] if simd and mnemonic.startswith("V") else mnemonic
    for candidate in (name, name[:-1] if name.endswith("W") else "", name[:-1] if name[:1] == "F" else ""):
        if candidate in WORDS:
            return candidate
    return None


def _vendor_names(mnemonic: str, patterns: list[Pattern]) -> list[str]:
    """The ARM names measured, the one Go's mnemonic spells first (UBFX, though its test
    line encodes what inst.json's most specific pattern calls LSL)."""
    names = sorted({p.arm_mnemonic() for p in patterns})
    simd = mnemonic.startswith("V") or all("ASIMD" in p.features() for p in patterns)
    spelled = _spelled_name(mnemonic, simd) if patterns else None
    return [spelled] + [n for n in names if n != spelled] if spelled else names


def _summary(mnemonic: str, patterns: list[Pattern]) -> str:
    """Our words for the ARM instruction(s) a Go mnemonic assembles to (isa_words_arm64)."""
    if mnemonic in GO_WORDS:
        return GO_WORDS[mnemonic]
    simd = mnemonic.startswith("V") or all("ASIMD" in p.features() for p in patterns)
    names = _arm_names(patterns)
    spelled = _spelled_name(mnemonic, simd)
    if spelled is not None:
        names = [spelled] + [name for name in names if name != spelled]
    words = [(simd and VECTOR.get(name)) or WORDS.get(name, "") for name in names]
    words = list(dict.fromkeys(w for w in words if w))
    if not words:
        return ""
    text = words[0]
    if not simd and all("32-bit" in p.variant for p in patterns):
        text += " (32-bit registers)"
    return text


def _newer_family(mnemonic: str) -> tuple[str, str] | None:
    for prefix, summary, feature in NEWER_FAMILIES:
        if mnemonic.startswith(prefix):
            return summary, feature
    return None


def _named_patterns(mnemonic: str, patterns: list[Pattern]) -> list[Pattern]:
    """ARM instructions a Go mnemonic names by Go's rules (cmd/internal/obj/arm64/doc.go):
    B<cond> is B.cond, a W suffix selects the 32-bit variant, a V prefix the SIMD one."""
    if mnemonic[:1] == "B" and mnemonic[1:] in _CONDITIONS:
        return [p for p in patterns if p.name == "B.cond"]
    simd = mnemonic.startswith("V")
    name = mnemonic[1:] if simd else mnemonic
    candidates = [(name, "32-bit variant")]  # no suffix: the 64-bit variant
    if name.endswith("W"):
        candidates.append((name[:-1], "64-bit variant"))
    for candidate, other_width in candidates:
        found = [
            p
            for p in patterns
            if p.name.split(" (")[0] == candidate and ("ASIMD" in p.features()) == simd and other_width not in p.variant
        ]
        if found:
            return found
    return []


def _measure(patterns: list[Pattern], mnemonics: set[str], examples: list[tuple[str, str, bytes]]):
    """Match each encoded test line against inst.json: Go mnemonic -> patterns, forms."""
    matched: dict[str, list[Pattern]] = {}
    forms: dict[str, dict[tuple, list]] = {}
    for mnemonic, operands, encoding in examples:
        base = mnemonic.split(".")[0]
        if base not in mnemonics or len(encoding) != 4:
            continue  # skip expansions into several machine instructions
        word = int.from_bytes(encoding, "little")
        pattern = next((p for p in patterns if p.matches(word)), None)
        go_operands = generalize(operands)
        if pattern is None:
            if family := _newer_family(base):
                form = [go_operands, "", "", encoding.hex(), [family[1]], 3]
                forms.setdefault(base, {}).setdefault((go_operands, ""), form)
            continue
        if pattern not in matched.setdefault(base, []):
            matched[base].append(pattern)
        form = [go_operands, pattern.syntax, "", pattern.encoding(), list(pattern.features()), 3]
        forms.setdefault(base, {}).setdefault((go_operands, pattern.syntax), form)
    return matched, {m: list(f.values()) for m, f in forms.items()}


def _shapes(plain: list[tuple[str, str]], mnemonics: set[str]) -> dict[str, list[str]]:
    shapes: dict[str, list[str]] = {}
    for mnemonic, operands in plain:
        base = mnemonic.split(".")[0]
        if base in mnemonics and (shape := generalize(operands)) not in shapes.setdefault(base, []):
            shapes[base].append(shape)
    return shapes


def build(
    inst_json: Path, mnemonics: list[str], examples: list[tuple[str, str, bytes]], plain: list[tuple[str, str]]
) -> dict[str, dict]:
    """Go mnemonic -> record, from encoded test lines first, then Go's naming rules."""
    patterns = load_patterns(inst_json)
    matched, forms = _measure(patterns, set(mnemonics), examples)
    shapes = _shapes(plain, set(mnemonics))
    records: dict[str, dict] = {}
    for mnemonic in mnemonics:
        mnemonic_forms = forms.get(mnemonic, [])
        found = matched.get(mnemonic) or ([] if mnemonic_forms else _named_patterns(mnemonic, patterns))
        if found:
            summary = _summary(mnemonic, found)
            if not mnemonic_forms:  # named by rule: Go operand shapes from the test data, else ARM syntax
                features = sorted({f for p in found for f in p.features()})
                mnemonic_forms = [[shape, "", "", "", features, 3] for shape in shapes.get(mnemonic, [])] or [
                    ["", p.syntax, "", p.encoding(), list(p.features()), 3] for p in found
                ]
        elif (family := _newer_family(mnemonic)) and mnemonic_forms:
            summary = family[0]
        elif mnemonic in GO_PSEUDO:
            summary, go_forms = GO_PSEUDO[mnemonic]
            mnemonic_forms = [[shape, "", "", "", [], 3] for shape in go_forms]
        else:
            continue
        features = sorted({f for form in mnemonic_forms for f in form[4]})
        records[mnemonic] = {
            "summary": f"{summary}. {GO_NOTES[mnemonic]}" if mnemonic in GO_NOTES else summary,
            "intel": _vendor_names(mnemonic, found),
            "gnu": [],
            "forms": mnemonic_forms,
            "features": features,
            "url": None if mnemonic in GO_PSEUDO else SIMD_URL if {"ASIMD", "FP"} & set(features) else BASE_URL,
        }
    return records
