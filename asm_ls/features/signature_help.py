"""Signature help while operands are typed: a function-like macro's
parameters (inside `NAME(`), or an instruction's operand forms for the
file's arch, in Go order, the current operand marked and the form that fits
what is typed so far first. Read from the cursor's line (it is mid-edit);
macros from the file's last analysis. Pure function of (workspace, path, offset)."""

from __future__ import annotations

from dataclasses import dataclass

from asm_ls import isa
from asm_ls.arch import Arch, get_arch
from asm_ls.features.completion.context import line_context
from asm_ls.features.workspace import Workspace, is_assembly
from asm_ls.isa.access import family
from asm_ls.isa.forms import Written, classify, fits_so_far, split_operands
from asm_ls.syntax.preprocess import MacroDefinition

MAX_FORMS = 24


@dataclass(frozen=True)
class Signature:
    label: str
    parameters: tuple[tuple[int, int], ...]  # [start, end) of each parameter in label
    documentation: str = ""


@dataclass(frozen=True)
class SignatureHelp:
    signatures: tuple[Signature, ...]
    active_signature: int
    active_parameter: int


def signature_help(workspace: Workspace, path: str, offset: int) -> SignatureHelp | None:
    if not is_assembly(path):
        return None
    source = workspace.analyzer.source(path)
    if source is None:
        return None
    context = line_context(source.text, offset)
    if context.position != "operand":
        return None
    line_start = source.text.rfind("\n", 0, offset) + 1
    before = source.text[line_start:offset]
    call = _open_call(before[before.rfind(";") + 1 :])
    if call is not None:
        found = _macro_help(workspace, path, *call)
        if found is not None:
            return found
    build = workspace.context(path)
    if build is None:
        return None
    return _instruction_help(get_arch(build.goarch), before, context.mnemonic, context.operand_index)


# --- macros -------------------------------------------------------------------------------


def _open_call(statement: str) -> tuple[str, int] | None:
    """(name, active argument) of the innermost `NAME(` still open at the end of statement."""
    depth = 0
    commas = 0
    for index in range(len(statement) - 1, -1, -1):
        char = statement[index]
        if char in ")]":
            depth += 1
        elif char == "[":
            depth -= 1
        elif char == "(":
            if depth == 0:
                name = statement[:index].rstrip()
                start = len(name)
                while start > 0 and (name[start - 1].isalnum() or name[start - 1] in "_\u00b7"):
                    start -= 1
                word = name[start:]
                return (word, commas) if word and not word[0].isdigit() else None
            depth -= 1
        elif char == "," and depth == 0:
            commas += 1
    return None


def _macro_help(workspace: Workspace, path: str, name: str, argument: int) -> SignatureHelp | None:
    unit = workspace.unit(path)
    if unit is None:
        return None
    definition: MacroDefinition | None = None
    for candidate in unit.preprocessed.definitions:
        if candidate.name == name and candidate.params is not None:
            definition = candidate  # the last one read wins, as in the preprocessor
    if definition is None:
        return None
    params = definition.params or []
    body = " ".join(t.text for t in definition.body)
    signature = _signature(f"{name}(", params, ")")
    documentation = f"```asm\n#define {signature.label} {body}\n```"
    help = Signature(signature.label, signature.parameters, documentation)
    return SignatureHelp((help,), 0, min(argument, max(len(params) - 1, 0)))


def _signature(head: str, parameters: list[str], tail: str = "", documentation: str = "") -> Signature:
    """`head` and the parameters joined by `, `, with where each parameter is."""
    spans = []
    at = len(head)
    for parameter in parameters:
        spans.append((at, at + len(parameter)))
        at += len(parameter) + 2
    return Signature(f"{head}{', '.join(parameters)}{tail}", tuple(spans), documentation)


# --- instructions -------------------------------------------------------------------------


def _typed(arch: Arch, before: str, mnemonic: str) -> list[Written]:
    """The operands already typed in full (before the current one), classified."""
    start = before.find(mnemonic)
    rest = before[start + len(mnemonic) :] if start >= 0 else ""
    rest = rest.lstrip(".ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")  # opcode suffixes
    operands = split_operands(rest + "_")  # the one being typed may be empty: keep its place
    return [classify(text, arch) for text in operands[:-1]]


def _instruction_help(arch: Arch, before: str, mnemonic: str, index: int) -> SignatureHelp | None:
    doc = isa.lookup(arch.name, mnemonic)
    if doc is None or not doc.forms:
        return None
    typed = _typed(arch, before, mnemonic)
    group = family(arch.name)
    ranked = []
    seen = set()
    for order, form in enumerate(doc.forms):
        operands = split_operands(form.operands)
        if not operands or form.operands in seen:
            continue
        seen.add(form.operands)
        fits = len(operands) > index and fits_so_far(form, typed, group)
        ranked.append((not fits, len(operands) <= index, order, form, operands))
    if not ranked:
        return None
    ranked.sort(key=lambda entry: entry[:3])
    signatures = []
    for _, _, _, form, operands in ranked[:MAX_FORMS]:
        notes = [doc.summary]
        if form.features:
            notes.append("CPU features: " + ", ".join(form.features))
        if form.intel:
            notes.append(f"Vendor syntax: `{form.intel}`")
        signatures.append(_signature(f"{mnemonic} ", operands, documentation="\n\n".join(notes)))
    active = min(index, len(signatures[0].parameters) - 1)
    return SignatureHelp(tuple(signatures), 0, active)
