"""Instruction docs for the arches without a vendor table here (arm, ppc64, s390x, riscv, mips, loong64, wasm).

Every mnemonic of the arch's anames.go is listed. The summary is the Go
source's own comment on the opcode constant or on its group; forms and an
example encoding come from the assembler's test data.
"""

from __future__ import annotations


def build(mnemonics: list[str], comments: dict[str, str], forms: dict[str, list[list]]) -> dict[str, dict]:
    records: dict[str, dict] = {}
    for mnemonic in mnemonics:
        comment = comments.get(mnemonic, "")
        records[mnemonic] = {
            "summary": comment[:1].upper() + comment[1:],
            "intel": [],
            "gnu": [],
            "forms": forms.get(mnemonic, []),
            "features": [],
            "url": None,
        }
    return records
