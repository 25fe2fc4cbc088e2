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

BASE_URL = "https://developer.arm.com/documentation/ddi0602/latest/Base-Instructions"
SIMD_URL = "https://developer.arm.com/documentation/ddi0602/latest/SIMD-FP-Instructions"

# (Go mnemonic prefix, summary, feature) for instructions newer than inst.json.
NEWER_FAMILIES = [
    ("LDADD", "Atomic add on memory, returning the old value (LSE)", "LSE"),
    ("LDCLR", "Atomic bit clear on memory, returning the old value (LSE)", "LSE"),
    ("LDEOR", "Atomic exclusive OR on memory, returning the old value (LSE)", "LSE"),
    ("LDOR", "Atomic OR on memory, returning the old value (Go name of LDSET, LSE)", "LSE"),
    ("LDSET", "Atomic bit set on memory, returning the old value (LSE)", "LSE"),
    ("LDSMAX", "Atomic signed maximum on memory (LSE)", "LSE"),
    ("LDSMIN", "Atomic signed minimum on memory (LSE)", "LSE"),
    ("LDUMAX", "Atomic unsigned maximum on memory (LSE)", "LSE"),
    ("LDUMIN", "Atomic unsigned minimum on memory (LSE)", "LSE"),
    ("SWP", "Atomic swap of a register with memory (LSE)", "LSE"),
    ("CASP", "Atomic compare and swap of a register pair (LSE)", "LSE"),
    ("CAS", "Atomic compare and swap (LSE)", "LSE"),
    ("SHA512", "SHA-512 hash step (crypto extension)", "SHA512"),
    ("VEOR3", "Three-way exclusive OR of vectors (SHA-3 extension)", "SHA3"),
    ("VRAX1", "Rotate and exclusive OR (SHA-3 extension)", "SHA3"),
    ("VXAR", "Exclusive OR and rotate (SHA-3 extension)", "SHA3"),
    ("VBCAX", "Bit clear and exclusive OR (SHA-3 extension)", "SHA3"),
]

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


def _summary(patterns: list[Pattern]) -> str:
    titles: dict[str, list[str]] = {}
    for pattern in patterns:
        base, _, detail = pattern.name.partition(" (")
        details = titles.setdefault(base, [])
        if detail and detail.rstrip(")") not in details:
            details.append(detail.rstrip(")"))
    return "; ".join(f"{base} ({', '.join(details)})" if details else base
                     for base, details in titles.items())


def _newer_family(mnemonic: str) -> tuple[str, str] | None:
    for prefix, summary, feature in NEWER_FAMILIES:
        if mnemonic.startswith(prefix):
            return summary, feature
    return None


def build(inst_json: Path, mnemonics: list[str],
          examples: list[tuple[str, str, bytes]]) -> dict[str, dict]:
    """Go mnemonic -> record (see gen_isa_data.RECORD_KEYS)."""
    patterns = load_patterns(inst_json)
    matched: dict[str, list[Pattern]] = {}
    forms: dict[str, dict[tuple, list]] = {}
    for mnemonic, operands, encoding in examples:
        base = mnemonic.split(".")[0]
        if base not in mnemonics or len(encoding) != 4:
            continue  # skip expansions into several machine instructions
        word = int.from_bytes(encoding[:4], "little")
        pattern = next((p for p in patterns if p.matches(word)), None)
        go_operands = generalize(operands)
        if pattern is None:
            family = _newer_family(base)
            if family:
                form = [go_operands, "", "", encoding[:4].hex(), [family[1]], 3]
                forms.setdefault(base, {}).setdefault((go_operands, ""), form)
            continue
        matched.setdefault(base, [])
        if pattern not in matched[base]:
            matched[base].append(pattern)
        form = [go_operands, pattern.syntax, "", pattern.encoding(), list(pattern.features()), 3]
        forms.setdefault(base, {}).setdefault((go_operands, pattern.syntax), form)

    records: dict[str, dict] = {}
    for mnemonic in mnemonics:
        mnemonic_forms = list(forms.get(mnemonic, {}).values())
        features = sorted({f for form in mnemonic_forms for f in form[4]})
        if mnemonic in matched:
            found = matched[mnemonic]
            summary = _summary(found)
            arm_names = sorted({p.arm_mnemonic() for p in found})
        elif (family := _newer_family(mnemonic)) and mnemonic_forms:
            summary, arm_names = family[0], []
        else:
            continue
        records[mnemonic] = {
            "summary": summary, "intel": arm_names, "gnu": [], "forms": mnemonic_forms,
            "features": features,
            "url": SIMD_URL if {"ASIMD", "FP"} & set(features) else BASE_URL,
        }
    return records
