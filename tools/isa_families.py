"""Per family: which decoder reads its test data, which vendor table names its instructions,
and our own words where no table has them (isa_words_*.py)."""

from __future__ import annotations

import isa_words_arm
import isa_words_loong64
import isa_words_ppc64
import isa_words_riscv
import isa_words_s390x
from isa_decoded import DecodedFamily
from isa_sources import Sources
from isa_vendor import VendorName, ppc64_names, riscv_names, s390x_names

GOARCH_OF_FAMILY = {"ppc64": "ppc64", "s390x": "s390x", "riscv": "riscv64", "loong64": "loong64", "arm": "arm"}

_S390X_ELEMENTS = {"B": "byte", "H": "halfword", "F": "word", "G": "doubleword", "Q": "quadword"}
_S390X_FLOATS = {"SB": "single precision", "DB": "double precision", "XB": "extended precision"}


def _s390x_spelled_like(mnemonic: str) -> list[tuple[str, str]]:
    """Go's s390x vector mnemonics add the element size the vendor puts in an operand:
    VCEQF is VCEQ on words, VCEQFS also sets the condition code, WFADB is VFA on one double."""
    found = [(mnemonic, "")]
    name, cc = mnemonic, ""
    if mnemonic.startswith(("V", "W")) and mnemonic.endswith("S") and len(mnemonic) > 3:
        name, cc = mnemonic[:-1], "; sets the condition code"
    if name[-2:] in _S390X_FLOATS and name[:2] in ("VF", "WF"):
        scalar = "scalar, " if name.startswith("W") else ""
        found.append(("VF" + name[2:-2], f"{scalar}{_S390X_FLOATS[name[-2:]]}{cc}"))
    if name[:1] == "V" and name[-1:] in _S390X_ELEMENTS:
        found.append((name[:-1], f"{_S390X_ELEMENTS[name[-1]]} elements{cc}"))
    return found


def _ppc64_spelled_like(mnemonic: str) -> list[tuple[str, str]]:
    """Go's ppc64 suffixes: CC is the vendor's `.` (record in CR0), V its `o` (overflow)."""
    name = mnemonic.lower()
    found = [(name, "")]
    if name.endswith("cc"):
        found.append((name[:-2] + ".", ""))
        if name[:-2].endswith("v"):
            found.append((name[:-3] + "o.", ""))
    elif name.endswith("v"):
        found.append((name[:-1] + "o", ""))
    return found


def decoded_family(name: str, sources: Sources) -> DecodedFamily:
    x_arch = sources.x_arch_dir
    if name == "ppc64":
        return DecodedFamily(
            "ppc64",
            ppc64_names(x_arch / "ppc64/pp64.csv"),
            isa_words_ppc64.WORDS,
            spelled_like=_ppc64_spelled_like,
        )
    if name == "s390x":
        return DecodedFamily(
            "s390x",
            s390x_names(x_arch / "s390x/s390x.csv"),
            isa_words_s390x.WORDS,
            vendor_key=str.upper,
            spelled_like=_s390x_spelled_like,
        )
    if name == "riscv":
        names = riscv_names()
        undotted: dict[str, VendorName] = {}
        for vendor, value in names.items():
            undotted.setdefault(vendor.replace(".", "").upper(), value)
        return DecodedFamily(
            "riscv64",
            {**names, **undotted},
            {**isa_words_riscv.vector_words(names), **isa_words_riscv.WORDS},
            spelled_like=lambda mnemonic: [(mnemonic, "")],
        )
    if name == "loong64":
        return DecodedFamily("loong64", {}, isa_words_loong64.WORDS, describe=isa_words_loong64.describe)
    if name == "arm":
        return DecodedFamily("arm", {}, isa_words_arm.WORDS)
    raise KeyError(name)
