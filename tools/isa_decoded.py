"""Instruction records for the arches whose encodings x/arch decodes (ppc64, s390x, riscv, loong64, arm).

The mapping from a Go mnemonic to the vendor's instructions is measured, not
guessed: every `INSN operands // hex` line of the Go assembler's test data
(BSD-3) is decoded (isa_decode.py), so `MOVD 8(R3), R4` on ppc64 is `ld`.
A mnemonic's summary is, first, our own words (isa_words_*.py) where Go's
mnemonic means more than one vendor instruction or no vendor table has
words; else the vendor's name of the one instruction it assembles to; else
the vendor's name of the instruction spelled like it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from isa_decode import Decoded
from isa_examples import generalize
from isa_vendor import VendorName


@dataclass
class DecodedFamily:
    goarch: str  # the GOARCH whose decoder reads the test data
    vendor: dict[str, VendorName]  # vendor mnemonic -> name and syntax; {} where no table has words
    words: dict[str, str]  # Go mnemonic -> our summary
    vendor_key: Callable[[str], str] = str.lower  # decoded op -> key of `vendor`
    # Go mnemonic -> (vendor key, note) pairs to try when the test data never decodes it.
    spelled_like: Callable[[str], list[tuple[str, str]]] = lambda mnemonic: [(mnemonic.lower(), "")]
    url: str | None = None
    # Where no vendor table has words: a vendor instruction ("ADD.D") -> our summary of it.
    describe: Callable[[str], str] | None = None


def _measure(mnemonics: set[str], examples: list[tuple[str, str, bytes]], decoded: list[Decoded], family):
    ops: dict[str, Counter[str]] = {}
    forms: dict[str, dict[str, list]] = {}
    for (mnemonic, operands, code), inst in zip(examples, decoded):
        base = mnemonic.split(".")[0]
        if base not in mnemonics or not inst.op:
            continue
        key = family.vendor_key(inst.op)
        single = inst.size == len(code)  # else the first of several instructions: a Go expansion
        if single:
            ops.setdefault(base, Counter())[key] += 1
        shape = generalize(operands)
        vendor = family.vendor.get(key)
        syntax = vendor.syntax if vendor and single else inst.gnu if single else ""
        form = forms.setdefault(base, {}).setdefault(shape, [shape, syntax, "", code.hex(), [], 3])
        if not form[1] and syntax:
            form[1], form[3] = syntax, code.hex()
    return ops, {m: list(f.values()) for m, f in forms.items()}


def _vendor_summary(names: list[str]) -> str:
    """The one name, or the name the others extend ("Add" of "Add Immediate");
    else "": the Go mnemonic stands for several instructions and needs our words."""
    for name in sorted(names, key=len):
        if all(other.startswith(name) for other in names):
            return name
    return ""


def _immediate_form(op: str, ops: list[str]) -> bool:
    base, dot, rest = op.partition(".")
    return base.endswith("i") and f"{base[:-1]}{dot}{rest}" in ops


def _described(ops: list[str], family: DecodedFamily) -> str:
    """Our words for the commonest instruction, naming the others (the immediate forms, mostly)."""
    # The register form first: addi is the immediate form of add when both were measured.
    ops = sorted(ops, key=lambda op: _immediate_form(op, ops))
    if family.describe is None or not ops or not (first := family.describe(ops[0].upper())):
        return ""
    return first + (f"; also {', '.join(op.lower() for op in ops[1:4])}" if len(ops) > 1 else "")


def build(
    mnemonics: list[str],
    examples: list[tuple[str, str, bytes]],
    decoded: list[Decoded],
    family: DecodedFamily,
) -> dict[str, dict]:
    ops, forms = _measure(set(mnemonics), examples, decoded, family)
    records: dict[str, dict] = {}
    for mnemonic in mnemonics:
        measured = [op for op, _ in ops.get(mnemonic, Counter()).most_common()]
        names = list(dict.fromkeys(family.vendor[op].name for op in measured if op in family.vendor))
        names = [name for name in names if name]  # a table may know the spelling but have no words
        summary = family.words.get(mnemonic) or _vendor_summary(names) or _described(measured, family)
        vendor_names = measured
        for key, note in family.spelled_like(mnemonic):
            if key not in family.vendor or (measured and measured != [key]):
                continue
            if not family.vendor[key].name:
                break
            if not summary or (not measured and not family.words.get(mnemonic)):
                summary = family.vendor[key].name
            if note and not family.words.get(mnemonic):
                summary += f" ({note})"  # what Go's spelling adds: the element size, a condition code
            vendor_names = [key]
            break
        records[mnemonic] = {
            "summary": summary,
            "intel": vendor_names[:6],
            "gnu": [],
            "forms": forms.get(mnemonic, []),
            "features": [],
            "url": family.url,
        }
    return records
