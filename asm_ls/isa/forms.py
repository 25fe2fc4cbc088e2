"""Which of an instruction's forms a written line matches.

A form's operands are spelled two ways in the data (see data/SOURCES.md):
x86 forms use the manuals' operand classes in Go order (`imm32, r/m64`,
`xmm2/m128, xmmV, xmm1`, `m512/m32bcst, zmm, [K], zmm`); the other
families' forms are shapes generalized from encoded test lines
(`$imm, R, off(R)`), made by `shape` below, which tools/ uses too. A line
matches a shape form when its own shape is the same, or else when its
operands are of the same classes (register, immediate, memory, branch
target) in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from asm_ls.arch import Arch, Register
from asm_ls.isa.model import Form

_COMMA = re.compile(r"\s*,\s*(?![^()\[\]]*[)\]])")  # operand separators, not those inside (R1, R2) or [V1, V2]
_SHAPE_RULES = [
    (re.compile(r"\$\([^)]*\)|\$-?[\w.]+"), "$imm"),
    (re.compile(r"-?(?:0x[0-9a-fA-F]+|\d+)\("), "off("),
    (re.compile(r"\bCR\d(LT|GT|EQ|SO)\b"), r"CRn\1"),
    (re.compile(r"\b(VS|CR|AR|FCC|FCSR|[RFVXYZWK])\d+\b"), r"\1"),
    (re.compile(r"\[\d+\]"), "[i]"),
    (re.compile(r"(<<|>>|->|@>)\d+"), r"\1n"),
]


_SYMBOL = re.compile(r"^(\$?)(?!off\()[\w·∕<>]+((?:[+-]off)?\((?:SB|FP|SP)\))$")


def shape(operands: str) -> str:
    """`$3, R1, 8(R2)` -> `$imm, R, off(R)`: the operands with numbers generalized."""
    for pattern, replacement in _SHAPE_RULES:
        operands = pattern.sub(replacement, operands)
    return ", ".join(" ".join(part.split()) for part in _COMMA.split(operands)) if operands.strip() else ""


@dataclass(frozen=True)
class Written:
    """One operand as written on the line, classified for matching."""

    text: str
    kind: str  # "reg", "imm", "mem", "target" (a label or symbol to branch to), "list", "other"
    register: Register | None = None


def classify(text: str, arch: Arch) -> Written:
    """What kind of operand `text` is on `arch` (a light reading: forms, not checks)."""
    text = text.strip()
    if text.startswith("$"):
        return Written(text, "imm")
    if text.startswith("[") or (text.startswith("(") and "," in text and ")" == text[-1:] and "(" not in text[1:]):
        return Written(text, "list")
    if text.endswith("(PC)"):
        return Written(text, "target")
    if "(" in text:
        return Written(text, "mem")
    name = re.split(r"[.<>@\-\[]", text, maxsplit=1)[0]
    register = arch.registers.get(name)
    if register is not None or arch.is_register(name):
        return Written(text, "reg", register)
    if re.fullmatch(r"[\w·∕<>]+", text):
        return Written(text, "target")
    return Written(text, "other")


def split_operands(text: str) -> list[str]:
    return [part for part in _COMMA.split(text.strip()) if part] if text.strip() else []


# --- x86 operand classes ------------------------------------------------------

_X86_VECTOR_WIDTH = {"xmm": 128, "ymm": 256, "zmm": 512}


def _x86_register(token: str, register: Register | None) -> bool:
    if register is None:
        return False
    low = token.lower()
    width, kind = register.width, register.kind
    if m := re.fullmatch(r"r(8|16|32|64)(op|v)?", low):
        return kind == "general" and (width == 8) == (m[1] == "8")
    if low in ("rmr32", "rmr64"):
        return kind == "general" and width != 8
    for prefix, bits in _X86_VECTOR_WIDTH.items():
        if low.startswith(prefix) or low == prefix[0]:  # xmm1, xmmV, ymmIH, X (measured forms)
            return kind == "vector" and width == bits
    if low.startswith("mm"):
        return kind == "vector" and width == 64
    if low in ("k", "[k]", "k1"):
        return kind == "mask"
    if low in ("st(i)", "fi", "f0"):
        return kind == "float"
    if low in ("cr0-cr7", "cr8"):
        return kind == "control" and register.name.startswith("CR")
    if low == "dr0-dr7":
        return kind == "control" and register.name.startswith("DR")
    if low == "sreg":
        return kind == "segment"
    if low == "r":
        return kind == "general"
    names = {register.name.lower(), *(view.name.lower() for view in register.vendor)}
    return low in names or low.strip("<>") in names


def _x86_accepts(token: str, operand: Written) -> bool:
    for alternative in token.split("/") if not token.startswith("r/m") else ("r" + token[3:], "m" + token[3:]):
        low = alternative.lower()
        if low.startswith(("$", "imm")) or low in ("0", "1", "3"):
            if operand.kind == "imm":
                return True
        elif low.startswith("rel") or low in ("label", "name(sb)"):
            if operand.kind in ("target", "mem") and (low != "name(sb)" or "(SB)" in operand.text):
                return True
        elif re.fullmatch(r"(m\d.*|m|mem|moffs\d+|vm\d+[xyz]|off\(\w+\))", low):
            if operand.kind == "mem":
                return True
        elif low == "[z-z]":
            if operand.kind == "list":
                return True
        elif operand.kind == "reg" and _x86_register(alternative, operand.register):
            return True
    return False


def _x86_matches(tokens: Sequence[str], operands: Sequence[Written]) -> bool:
    """Go-order form tokens against the line's operands; `[K]` may be left out."""
    if not tokens:
        return not operands
    first, rest = tokens[0], tokens[1:]
    if first == "[K]" and _x86_matches(rest, operands):
        return True
    return bool(operands) and _x86_accepts(first, operands[0]) and _x86_matches(rest, operands[1:])


def _x86_prefix(tokens: Sequence[str], operands: Sequence[Written]) -> bool:
    """The operands fit the first tokens of a form (`[K]` may be left out)."""
    if not operands:
        return True
    if not tokens:
        return False
    first, rest = tokens[0], tokens[1:]
    if first == "[K]" and _x86_prefix(rest, operands):
        return True
    return _x86_accepts(first, operands[0]) and _x86_prefix(rest, operands[1:])


# --- matching ---------------------------------------------------------------------


def fits_so_far(form: Form, typed: Sequence[Written], family: str) -> bool:
    """Whether the operands typed so far (a line's first ones) fit the start of a form."""
    if family == "x86":
        return _x86_prefix(split_operands(form.operands), typed)
    classes = _shape_classes(form.operands)
    return len(classes) >= len(typed) and all(
        w.kind == f or {w.kind, f} == {"mem", "target"} for w, f in zip(typed, classes, strict=False)
    )


def _classes(operands: Sequence[str], arch: Arch) -> tuple[str, ...]:
    return tuple(classify(text, arch).kind for text in operands)


def _shape_classes(form_shape: str) -> tuple[str, ...]:
    kinds = []
    for part in split_operands(form_shape):
        if part.startswith("$"):
            kinds.append("imm")
        elif part == "reg":  # the portable forms' spelling (CALL reg)
            kinds.append("reg")
        elif part.startswith("[") or re.fullmatch(r"\((R|X|V), ?(R|X|V)\)", part):
            kinds.append("list")
        elif part.endswith(("(PC)", "(SB)")) or part in ("label", "lable1", "lable2") or part.islower():
            kinds.append("target")
        elif "(" in part:
            kinds.append("mem")
        else:
            kinds.append("reg")
    return tuple(kinds)


def _fits(written: Sequence[str], form: Sequence[str]) -> bool:
    """Operand classes agree; a symbol or PC-relative operand may be either memory or a target."""
    return len(written) == len(form) and all(
        w == f or {w, f} == {"mem", "target"} for w, f in zip(written, form, strict=True)
    )


def _likeness(line: Sequence[str], form: Sequence[str]) -> int:
    """How close a form's shape is to the line's: 2 per equal operand, 1 per operand with the
    same register file and both with or both without an arrangement (V.B16 and V.S4)."""
    score = 0
    for a, b in zip(line, form, strict=False):
        if a == b:
            score += 2
        elif a.split(".")[0] == b.split(".")[0] and ("." in a) == ("." in b):
            score += 1
    return score


@dataclass(frozen=True)
class LineForm:
    """What the hovered line is, in the instruction's form vocabulary."""

    operands: str  # the line's operand kinds in Go order: `r/m64, r64` (x86) or `$imm, R, R`
    matched: tuple[Form, ...]  # the forms it fits, best first


def matching_forms(
    forms: Sequence[Form], operands_text: str, arch: Arch, family: str, mnemonic: str = ""
) -> list[Form]:
    """The forms the written operands fit, best first (an exact shape before a class match)."""
    return list(line_form(forms, operands_text, arch, family, mnemonic).matched)


_X86_SUFFIX_BITS = {"B": 8, "W": 16, "L": 32, "Q": 64}
_X86_WIDTH = re.compile(r"^(?:r/m|r|m)(8|16|32|64)")


def _x86_width_agreement(form: Form, bits: int | None) -> int:
    """How many of a form's sized operands have the width the mnemonic's suffix says
    (MOVQ's `r/m64, xmm1` before MOVD's `r/m32, xmm1`), less those that do not."""
    if bits is None:
        return 0
    sizes = [int(m[1]) for token in split_operands(form.operands) if (m := _X86_WIDTH.match(token))]
    return sum(1 if size == bits else -1 for size in sizes)


def line_form(forms: Sequence[Form], operands_text: str, arch: Arch, family: str, mnemonic: str = "") -> LineForm:
    written = split_operands(operands_text)
    if family == "x86":
        operands = [classify(text, arch) for text in written]
        bits = _X86_SUFFIX_BITS.get(mnemonic[-1:]) if mnemonic else None
        fitting = [f for f in forms if _x86_matches(split_operands(f.operands), operands)]
        matched = tuple(sorted(fitting, key=lambda f: -_x86_width_agreement(f, bits)))
        return LineForm(matched[0].operands if matched else shape(operands_text), matched)
    line_shape = shape(operands_text)
    exact = [f for f in forms if f.operands == line_shape]
    classes = _classes(written, arch)
    fitting = [f for f in forms if f not in exact and _fits(classes, _shape_classes(f.operands))]
    parts = split_operands(line_shape)
    fitting.sort(key=lambda f: -_likeness(parts, split_operands(f.operands)))
    # Shown with the line's own names generalized: `label`, `name(SB)`, `name+off(FP)`.
    kinds = ", ".join(
        "label" if kind == "target" and "(" not in part else _SYMBOL.sub(r"\1name\2", part)
        for part, kind in zip(parts, classes, strict=False)
    )
    return LineForm(kinds if len(parts) == len(classes) else line_shape, tuple(exact + fitting))
