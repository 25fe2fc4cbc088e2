"""Read the x86-64 instruction forms of the PyPI `opcodes` package (BSD-2).

Each form keeps its Intel-order operand types; `go_operands` turns them into
the Go assembler's order, where a masked destination is preceded by its K
register and the {er}/{sae} pseudo-operands become opcode suffixes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

# opcodes spells a few CPUID features differently from x86.v0.2.csv.
_FEATURE_SPELLING = {"BMI": "BMI1", "FMA3": "FMA"}
_VEX_MAP = {"00001": "0F", "00010": "0F38", "00011": "0F3A", "01000": "XOP8", "01001": "XOP9", "01010": "XOPA"}
_EVEX_MAP = {"01": "0F", "10": "0F38", "11": "0F3A"}
_PP = {"00": "NP", "01": "66", "10": "F3", "11": "F2"}
_IMM = {"1": "ib", "2": "iw", "4": "id", "8": "iq"}
_REL = {"1": "cb", "4": "cd"}


@dataclass(frozen=True)
class OpcodesForm:
    intel_name: str
    summary: str
    go_name: str | None
    gas_name: str
    operands: tuple[str, ...]  # Intel order
    encoding: str
    features: tuple[str, ...]
    is_evex: bool

    def intel_form(self) -> str:
        return " ".join([self.intel_name, ", ".join(self.operands)]).strip()

    def gnu_form(self) -> str:
        return " ".join([self.gas_name, ", ".join(reversed(self.operands))]).strip()

    def go_operands(self) -> str:
        go: list[str] = []
        for operand in reversed(self.operands):
            if operand in ("{er}", "{sae}"):
                continue  # Go writes these as .RN_SAE/.SAE... opcode suffixes
            if "{k}" in operand:
                go.append("[K]")  # Go puts the optional write mask before the destination
            go.append(operand.replace("{k}", "").replace("{z}", ""))
        return ", ".join(go)


def _vex_prefix(element: ET.Element) -> str:
    kind = element.get("type", "VEX")
    length = {"0": "128", "1": "256"}.get(element.get("L", ""), "LIG")
    space = _VEX_MAP.get(element.get("m-mmmm", ""), element.get("m-mmmm", ""))
    return f"{kind}.{length}.{_PP[element.get('pp', '00')]}.{space}.W{element.get('W', 'IG')}"


def _evex_prefix(element: ET.Element) -> str:
    length = {"00": "128", "01": "256", "10": "512"}.get(element.get("LL", ""), "LIG")
    space = _EVEX_MAP.get(element.get("mm", ""), element.get("mm", ""))
    return f"EVEX.{length}.{_PP[element.get('pp', '00')]}.{space}.W{element.get('W', 'IG')}"


def _encoding_text(encoding: ET.Element) -> str:
    parts: list[str] = []
    for element in encoding:
        tag = element.tag
        if tag == "Prefix" and element.get("mandatory") == "true":
            parts.append(element.get("byte", ""))
        elif tag == "REX" and element.get("W") == "1":
            parts.append("REX.W")
        elif tag == "VEX":
            parts.append(_vex_prefix(element))
        elif tag == "EVEX":
            parts.append(_evex_prefix(element))
        elif tag == "Opcode":
            parts.append(element.get("byte", "") + (" +r" if element.get("addend") else ""))
        elif tag == "ModRM":
            reg = element.get("reg", "")
            parts.append("/r" if reg.startswith("#") else f"/{reg}")
        elif tag == "Immediate":
            parts.append(_IMM.get(element.get("size", ""), "imm"))
        elif tag == "CodeOffset":
            parts.append(_REL.get(element.get("size", ""), "rel"))
    return " ".join(parts)


def read_forms(xml_path: Path) -> list[OpcodesForm]:
    forms: list[OpcodesForm] = []
    for instruction in ET.parse(xml_path).getroot():
        for form in instruction.findall("InstructionForm"):
            encoding = form.find("Encoding")
            features = tuple(
                _FEATURE_SPELLING.get(isa.get("id", ""), isa.get("id", "")) for isa in reversed(form.findall("ISA"))
            )
            forms.append(
                OpcodesForm(
                    intel_name=instruction.get("name", ""),
                    summary=instruction.get("summary", ""),
                    go_name=form.get("go-name"),
                    gas_name=form.get("gas-name", ""),
                    operands=tuple(op.get("type", "") for op in form.findall("Operand")),
                    encoding=_encoding_text(encoding) if encoding is not None else "",
                    features=features,
                    is_evex=encoding is not None and encoding.find("EVEX") is not None,
                )
            )
    return forms
