"""amd64/386 instruction docs keyed by Go mnemonic.

Forms come from golang.org/x/arch x86.v0.2.csv (Intel, Go and GNU forms,
encoding, CPUID feature, 32/64-bit validity per row) and, for Go's x87 names,
from Go's optab (isa_x87.py). x86.v0.2.csv has no AVX-512 and a few newer
extensions (SHA, K-mask ops...): those forms and the one-line summaries come
from the `opcodes` package, whose operand order is Intel's; Go's is the
reverse, with the write mask K before the destination. What neither source
says is in isa_x86_notes.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

from isa_opcodes import OpcodesForm
from isa_x86_notes import GO_NOTES, HANDWRITTEN, INTEL_SUMMARIES

URL = "https://www.felixcloutier.com/x86/{}"
MODE_32, MODE_64 = 1, 2
# Go size suffixes an Intel name may carry in Go (RDRANDQ, VCVTPD2UDQY...).
# X/Y/Z select the source vector width, B/W/L/Q the general register width.
_WIDTH_TOKENS = {
    "X": ("xmm", "m128"),
    "Y": ("ymm", "m256"),
    "Z": ("zmm", "m512"),
    "B": ("r8",),
    "W": ("r16",),
    "L": ("r32",),
    "Q": ("r64",),
}
_FEATURE_SPELLING = {
    "SSE4_1": "SSE4.1",
    "SSE4_2": "SSE4.2",
    "PCLMULQDQ+AVX": "PCLMULQDQ AVX",
    "Both AES and AVX flags": "AES AVX",
}
_CONDITIONAL_PAGES = (("CMOV", "cmovcc"), ("SET", "setcc"), ("J", "jcc"))


def _features(cpuid: str) -> tuple[str, ...]:
    text = _FEATURE_SPELLING.get(cpuid, cpuid)
    return tuple(text.split()) if " or " not in text else (text,)


def _modes(valid32: str, valid64: str) -> int:
    return (MODE_32 if valid32 == "V" else 0) | (MODE_64 if valid64 == "V" else 0)


def _opcodes_modes(form: OpcodesForm) -> int:
    wide = any(op in ("r64", "m64", "rax", "imm64", "moffs64") for op in form.operands)
    return MODE_64 if wide and not form.is_evex else MODE_32 | MODE_64


def read_csv_rows(csv_path: Path) -> list[list[str]]:
    lines = (line for line in csv_path.read_text().splitlines() if not line.startswith("#"))
    return list(csv.reader(lines))


def rows_by_encoding(rows: list[list[str]]) -> dict[str, tuple[str, str, int]]:
    """Encoding -> (Intel form, GNU form, modes) of the first CSV row with it."""
    found: dict[str, tuple[str, str, int]] = {}
    for intel, _, gnu, encoding, valid32, valid64, *_ in rows:
        found.setdefault(encoding, (intel, gnu, _modes(valid32, valid64)))
    return found


def csv_forms(rows: list[list[str]], known: set[str], aliases: dict[str, tuple[str, str]]) -> dict[str, list[list]]:
    """Go mnemonic -> forms [go operands, intel, gnu, encoding, features, modes].

    The CSV's Go column sometimes spells a Go alias (JE for JEQ) or a name Go
    does not accept (CMOVZ): forms go to the canonical mnemonic, or nowhere."""
    forms: dict[str, list[list]] = {}
    for intel, go, gnu, encoding, valid32, valid64, cpuid, *_ in rows:
        go_names, _, go_operands = go.partition(" ")
        for name in go_names.split("/"):
            mnemonic = aliases.get(name.rstrip("*"), (name.rstrip("*"), ""))[0]
            if mnemonic in known:
                form = [go_operands, intel, gnu, encoding, list(_features(cpuid)), _modes(valid32, valid64)]
                forms.setdefault(mnemonic, []).append(form)
    return forms


def _intel_candidates(mnemonic: str) -> list[tuple[str, tuple[str, ...]]]:
    """Intel names a Go mnemonic may stand for, with the operand width its suffix selects."""
    candidates = [(mnemonic, ())]
    if mnemonic[-1] in _WIDTH_TOKENS:
        candidates.append((mnemonic[:-1], _WIDTH_TOKENS[mnemonic[-1]]))
    return candidates


def _opcodes_form(form: OpcodesForm) -> list:
    return [
        form.go_operands(),
        form.intel_form(),
        form.gnu_form(),
        form.encoding,
        list(form.features),
        _opcodes_modes(form),
    ]


def _by_width(forms: list[OpcodesForm], tokens: tuple[str, ...]) -> list[OpcodesForm]:
    if not tokens:
        return forms

    def widths(form: OpcodesForm) -> set[str]:
        operands = form.operands[1:] if tokens[0] in ("xmm", "ymm", "zmm") else form.operands
        return {part.split("{")[0] for operand in operands for part in operand.split("/")}

    return [f for f in forms if widths(f) & set(tokens)]


def _reference_slug(intel_name: str, legacy_names: set[str]) -> str:
    for prefix, page in _CONDITIONAL_PAGES:
        if intel_name.startswith(prefix) and intel_name not in ("JMP", "SETSSBSY"):
            return page
    if intel_name.startswith("V") and intel_name[1:] in legacy_names:
        return intel_name[1:].lower()  # the VEX form is documented with its SSE original
    return intel_name.split("_")[0].lower()  # RET_FAR is on the RET page


def _opcodes_match(mnemonic: str, by_intel_name: dict[str, list[OpcodesForm]]) -> list[OpcodesForm]:
    """The `opcodes` forms of the Intel instruction a Go mnemonic names."""
    for candidate, width in _intel_candidates(mnemonic):
        # A suffix-stripped name counts only if it has forms of the suffix's width:
        # VPSHLDQ is not XOP's VPSHLD.
        if forms := _by_width(by_intel_name.get(candidate, []), width):
            return forms
    return []


def _summary(mnemonic: str, forms: list[list], described: list[OpcodesForm]) -> str:
    if described:
        summary = described[0].summary
    else:  # Go x87 names cover several Intel instructions (FMOVD: FLD and FST): one summary each
        names = [f[1].split()[0] for f in forms if f[1]] or [mnemonic]
        summary = " ".join(dict.fromkeys(INTEL_SUMMARIES[n] for n in names if n in INTEL_SUMMARIES))
    intel_names = {f[1].split()[0] for f in forms if f[1]}
    note = GO_NOTES.get(intel_names.pop(), "") if len(intel_names) == 1 else ""
    return " ".join(filter(None, [summary, note]))


def build(mnemonics: list[str], go_forms: dict[str, list[list]], opcodes: list[OpcodesForm]) -> dict[str, dict]:
    """Go mnemonic -> record; `go_forms` are the forms known in Go syntax (CSV, x87 optab)."""
    by_go_name: dict[str, list[OpcodesForm]] = {}
    by_intel_name: dict[str, list[OpcodesForm]] = {}
    for form in opcodes:
        if form.go_name:
            by_go_name.setdefault(form.go_name, []).append(form)
        by_intel_name.setdefault(form.intel_name, []).append(form)
    legacy_names = {f.intel_name for f in opcodes if not f.is_evex and not f.encoding.startswith("VEX")}

    records: dict[str, dict] = {}
    for mnemonic in mnemonics:
        named = by_go_name.get(mnemonic, [])
        intel_forms = _opcodes_match(mnemonic, by_intel_name)
        legacy = named or [f for f in intel_forms if not f.is_evex]
        forms = list(go_forms.get(mnemonic, [])) or [_opcodes_form(f) for f in legacy]
        _fill_features(forms, legacy)
        # x86.v0.2.csv has no EVEX (AVX-512) forms: add them from opcodes.
        forms += [_opcodes_form(f) for f in intel_forms if f.is_evex]
        if not forms:
            if mnemonic in HANDWRITTEN:
                records[mnemonic] = _handwritten_record(mnemonic)
            continue
        intel_names = sorted({f[1].split()[0] for f in forms if f[1]})
        described = named or intel_forms or [f for n in intel_names for f in by_intel_name.get(n, [])]
        records[mnemonic] = {
            "summary": _summary(mnemonic, forms, described),
            "intel": intel_names,
            "gnu": sorted({f[2].split()[0] for f in forms if f[2]}),
            "forms": forms,
            "features": sorted({feature for f in forms for feature in f[4]}),
            "url": URL.format(_reference_slug(intel_names[0], legacy_names)) if intel_names else None,
        }
    return records


def _handwritten_record(mnemonic: str) -> dict:
    summary, operand_forms, encoding = HANDWRITTEN[mnemonic]
    return {
        "summary": summary,
        "intel": [],
        "gnu": [],
        "forms": [[operands, "", "", encoding, [], MODE_32 | MODE_64] for operands in operand_forms],
        "features": [],
        "url": None,
    }


def _fill_features(forms: list[list], opcodes_forms: list[OpcodesForm]) -> None:
    """Give CSV rows without a CPUID column (CRC32, POPCNT...) the features that every
    `opcodes` form of the instruction agrees on; when the forms differ, leave them empty."""
    feature_sets = {form.features for form in opcodes_forms}
    if len(feature_sets) == 1 and (common := next(iter(feature_sets))):
        for form in forms:
            form[4] = form[4] or list(common)
