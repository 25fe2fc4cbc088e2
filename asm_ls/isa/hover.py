"""Markdown for an instruction's editor hover."""

from __future__ import annotations

from asm_ls.isa.model import InstructionDoc

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


def _form_line(mnemonic: str, operands: str, features: tuple[str, ...]) -> str:
    line = f"- `{' '.join(filter(None, [mnemonic, operands]))}`"
    return line + (" — " + ", ".join(features) if features else "")


def hover_markdown(doc: InstructionDoc) -> str:
    """Go mnemonic, vendor/GNU names, summary, Go-order forms with features, reference link."""
    lines = [f"**{doc.mnemonic}** ({doc.arch_family})" + (f" — {doc.summary}" if doc.summary else "")]
    names = _names_line(doc)
    if names:
        lines += ["", names]
    if doc.forms:
        lines += ["", "Forms (Go operand order):"]
        # Several vendor forms can share one Go operand list: show each once.
        shown = list(dict.fromkeys((f.operands, f.features) for f in doc.forms))
        lines += [_form_line(doc.mnemonic, ops, feats) for ops, feats in shown[:MAX_FORMS]]
        if len(shown) > MAX_FORMS:
            lines.append(f"- … {len(shown) - MAX_FORMS} more")
    if doc.reference_url:
        lines += ["", f"[Reference]({doc.reference_url})"]
    return "\n".join(lines)
