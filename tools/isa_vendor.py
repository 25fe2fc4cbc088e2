"""Vendor instruction names from permissively licensed tables, keyed by the vendor mnemonic.

- ppc64: golang.org/x/arch ppc64/pp64.csv (BSD-3), the POWER ISA 3.1B headlines
  ("Add Immediate D-form") and syntax ("addi RT,RA,SI").
- s390x: golang.org/x/arch s390x/s390x.csv (BSD-3), the z/Architecture names
  ("ADD HALFWORD IMMEDIATE (64←16)") and syntax ("AGHI R1,I2").
- riscv: riscv-unified-db `long_name` and `assembly` (BSD-3-Clause-Clear),
  extracted into tools/data/riscv_udb.json by isa_riscv_udb.py.

Each reader returns {mnemonic: VendorName}; the name is turned into a
sentence ("Add immediate", "Add halfword immediate (64←16)").
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import NamedTuple

UDB = Path(__file__).resolve().parent / "data" / "riscv_udb.json"


class VendorName(NamedTuple):
    name: str  # a sentence: "Add immediate", "Load (64)"
    syntax: str  # the vendor's operand syntax: "addi RT,RA,SI"


_FORM = re.compile(r"\s+[\w:]+-form$")  # "Add Immediate D-form", "... MMIRR:XX3-form"
_CONDITIONS = re.compile(r"\s*\(([A-Za-z]+=\d(?:\s+[A-Za-z]+=\d)*)\)\s*$")
# What the ISA's opcode bits mean, said in words (pp64.csv marks variants with them).
_PPC_BITS = {"Rc=1": "records the result's comparison with zero in CR0", "OE=1": "sets XER overflow bits"}
# Words of s390x.csv that stay in capitals: acronyms and register names.
_S390X_ACRONYMS = frozenset(
    "ALB ASCII ASN BEAR BFP CPU DAT DFP FP FPC FPR GR GRS HFP ID NNP PSW TLB UTF VR AR CR PER SIE".split()
)
# Words the PDF extraction ran together.
_S390X_SPLIT = {
    "COMPAREHALFWORDRELATIVE": "COMPARE HALFWORD RELATIVE",
    "CONVERTTOUNSIGNEDPACKED": "CONVERT TO UNSIGNED PACKED",
    "ROTATETHENEXCLUSIVEORSELECT": "ROTATE THEN EXCLUSIVE OR SELECT",
    "VECTORELEMENTROTATEANDINSERTUNDER": "VECTOR ELEMENT ROTATE AND INSERT UNDER",
}


def _sentence(words: list[str], keep: frozenset[str]) -> str:
    out = [w if w in keep else w.lower() for w in words]
    if out and out[0] not in keep:
        out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(line for line in path.read_text().splitlines() if line.startswith('"')))


def ppc64_names(pp64_csv: Path) -> dict[str, VendorName]:
    """ppc64 mnemonic ("add.", "addi") -> headline without the form ("Add"), and syntax."""
    names: dict[str, VendorName] = {}
    for headline, mnemonics, *_ in _rows(pp64_csv):
        name = _FORM.sub("", headline)
        for variant in mnemonics.split("|"):
            bits = _CONDITIONS.search(variant)
            syntax = _CONDITIONS.sub("", variant).strip()
            mnemonic = syntax.split(" ", 1)[0]
            notes = [_PPC_BITS[b] for b in (bits.group(1).split() if bits else []) if b in _PPC_BITS]
            if bits and "RA=0" in bits.group(1):
                continue  # an extended mnemonic (li, lis, nop): the decoder names the base instruction
            names.setdefault(mnemonic, VendorName(name + (f"; {' and '.join(notes)}" if notes else ""), syntax))
    return names


def s390x_names(s390x_csv: Path) -> dict[str, VendorName]:
    """s390x mnemonic ("AGHI") -> name in sentence case ("Add halfword immediate (64←16)"), and syntax."""
    names: dict[str, VendorName] = {}
    for name, syntax, *_ in _rows(s390x_csv):
        head, paren, rest = name.partition("(")
        words = [part for w in head.split() for part in _S390X_SPLIT.get(w, w).split()]
        sentence = _sentence(words, _S390X_ACRONYMS) + (f" ({rest}" if paren else "")
        names.setdefault(syntax.split(" ", 1)[0], VendorName(sentence, syntax))
    return names


def riscv_names(udb_json: Path = UDB) -> dict[str, VendorName]:
    """riscv mnemonic ("fcvt.d.l") -> long name ("" where the database has none) and assembly."""
    data = json.loads(udb_json.read_text())
    return {
        name: VendorName(entry["long_name"][:1].upper() + entry["long_name"][1:], f"{name} {entry['assembly']}".strip())
        for name, entry in data["instructions"].items()
    }


def riscv_provenance(udb_json: Path = UDB) -> dict[str, str]:
    data = json.loads(udb_json.read_text())
    return {"commit": data["commit"], "license": data["license"], "source": data["source"]}
