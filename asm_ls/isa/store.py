"""Lazy access to the generated instruction data in asm_ls/isa/data/.

Nothing is read at import; each family's file is read on its first lookup and
kept. See data/SOURCES.md for where the data comes from.
"""

from __future__ import annotations

import gzip
import json
from functools import cache, lru_cache
from importlib import resources

from asm_ls.isa.model import Form, InstructionDoc

FAMILY_OF_GOARCH = {
    "amd64": "x86",
    "386": "x86",
    "arm64": "arm64",
    "arm": "arm",
    "ppc64": "ppc64",
    "ppc64le": "ppc64",
    "s390x": "s390x",
    "riscv64": "riscv",
    "mips": "mips",
    "mipsle": "mips",
    "mips64": "mips",
    "mips64le": "mips",
    "loong64": "loong64",
    "wasm": "wasm",
}
# Families whose mnemonics take `.SUFFIX`es (cmd/asm parse.go): MOVD.P, VADDPD.Z...
DOTTED_SUFFIX_FAMILIES = frozenset({"x86", "arm", "arm64", "loong64", "riscv"})
# Bit of a form's "modes" saying it is valid for that GOARCH (x86.v0.2.csv columns).
_MODE_BIT = {"386": 1, "amd64": 2}
_ANY_MODE = 3


@cache
def _instructions(family: str) -> dict[str, dict]:
    raw = resources.files("asm_ls.isa").joinpath("data", f"{family}.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw))["instructions"]


def _forms(record: dict, goarch: str) -> tuple[Form, ...]:
    mode = _MODE_BIT.get(goarch, _ANY_MODE)
    return tuple(
        Form(operands, intel, gnu, encoding, tuple(features))
        for operands, intel, gnu, encoding, features, modes in record["forms"]
        if modes & mode
    )


def _doc(goarch: str, family: str, mnemonic: str) -> InstructionDoc | None:
    instructions = _instructions(family)
    record = instructions.get(mnemonic)
    if record is None:
        return None
    alias_of = record.get("alias_of")
    note = record.get("note", "")
    if alias_of:
        record = instructions[alias_of]
    forms = _forms(record, goarch)
    if record["forms"] and not forms:
        return None  # e.g. ADDQ on 386: no form is valid in 32-bit mode
    summary = record["summary"] + (f" (Go alias: {note})" if note else "")
    return InstructionDoc(
        mnemonic=mnemonic,
        arch_family=family,
        summary=summary,
        intel_names=tuple(record["intel"]),
        gnu_names=tuple(record["gnu"]),
        forms=forms,
        features=tuple(sorted({f for form in forms for f in form.features})),
        reference_url=record["url"],
        alias_of=alias_of,
    )


def _base_mnemonic(family: str, mnemonic: str) -> str:
    if family in DOTTED_SUFFIX_FAMILIES:
        return mnemonic.split(".", 1)[0]
    return mnemonic


@lru_cache(maxsize=8192)  # keyed by editor input: bounded
def lookup(goarch: str, mnemonic: str) -> InstructionDoc | None:
    """The doc of `mnemonic` as written in a GOARCH's assembly, suffixes allowed."""
    family = FAMILY_OF_GOARCH.get(goarch)
    if family is None:
        return None
    return _doc(goarch, family, mnemonic) or _doc(goarch, family, _base_mnemonic(family, mnemonic))


@cache
def documented_mnemonics(goarch: str) -> frozenset[str]:
    """Every mnemonic (aliases included, suffixes not) that `lookup` knows for a GOARCH."""
    family = FAMILY_OF_GOARCH.get(goarch)
    if family is None:
        return frozenset()
    return frozenset(m for m in _instructions(family) if _doc(goarch, family, m))


def loaded_families() -> int:
    """How many families' data files have been read so far (lazy-loading check)."""
    return _instructions.cache_info().currsize
