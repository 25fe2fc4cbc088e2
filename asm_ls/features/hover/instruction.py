"""Markdown for an instruction's editor hover."""

from __future__ import annotations

from collections.abc import Sequence

from asm_ls.isa.forms import LineForm
from asm_ls.isa.model import Form, InstructionDoc

MAX_FORMS = 8  # a hover is a glance, the reference link has the rest
_VENDOR = {"x86": "Intel", "arm64": "ARM"}


def _names_line(doc: InstructionDoc) -> str:
    parts = []
    if doc.intel_names:
        vendor = _VENDOR.get(doc.arch_family, "Vendor")
        parts.append(f"{vendor}: " + ", ".join(f"`{n}`" for n in doc.intel_names))
    if doc.gnu_names:
        parts.append("GNU: " + ", ".join(f"`{n}`" for n in doc.gnu_names))
    if doc.alias_of:
        parts.append(f"alias of `{doc.alias_of}`")
    return " · ".join(parts)


def _form_line(doc: InstructionDoc, form: Form) -> str:
    if form.operands or not form.intel:
        line = f"- `{' '.join(filter(None, [doc.mnemonic, form.operands]))}`"
    else:  # only the vendor syntax is known for this form
        line = f"- {_VENDOR.get(doc.arch_family, 'Vendor')}: `{form.intel}`"
    return line + (" — " + ", ".join(form.features) if form.features else "")


def _this_line(doc: InstructionDoc, line: LineForm | None, decoded: Sequence[str]) -> str:
    """The hovered line's operand kinds, the vendor syntax of the form it matches, and what
    the assembler made of it."""
    parts = []
    if line is not None:
        parts.append(f"This line: `{' '.join(filter(None, [doc.mnemonic, line.operands]))}`")
    if line is not None and line.matched:
        form = line.matched[0]
        if form.intel:
            parts.append(f"{_VENDOR.get(doc.arch_family, 'vendor')} `{form.intel}`")
        if form.features:
            parts.append(", ".join(form.features))
    if decoded:
        parts.append("assembled: " + "; ".join(f"`{text}`" for text in decoded))
    return " · ".join(parts)


def instruction_markdown(doc: InstructionDoc, line: LineForm | None = None, decoded: Sequence[str] = ()) -> str:
    """Go mnemonic and summary; the hovered line's operand kinds with the vendor syntax of the
    form it matches (`line`) and its disassembly (`decoded`); vendor/GNU names; the other
    Go-order forms with features; reference link."""
    lines = [f"**{doc.mnemonic}** ({doc.arch_family})" + (f" — {doc.summary}" if doc.summary else "")]
    matched = line.matched if line is not None else ()
    this_line = _this_line(doc, line, decoded)
    if this_line:
        lines += ["", this_line]
    names = _names_line(doc)
    if names:
        lines += ["", names]
    others = [form for form in doc.forms if form not in matched[:1]]
    if others:
        lines += ["", ("Other forms" if matched else "Forms") + " (Go operand order):"]
        # Several vendor forms can share one Go operand list: show each once.
        shown = list(dict.fromkeys(_form_line(doc, form) for form in others))
        lines += shown[:MAX_FORMS]
        if len(shown) > MAX_FORMS:
            lines.append(f"- … {len(shown) - MAX_FORMS} more")
    if doc.reference_url:
        lines += ["", f"[Reference]({doc.reference_url})"]
    return "\n".join(lines)
