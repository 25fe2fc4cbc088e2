"""Inlay hints, each kind on its own switch: the Go type and size after each
`name+off(FP)`; what `$frame-args` means on a TEXT line; and a macro use's
expansion where it is short. Pure function of (workspace, path, range,
options); the file is read in its preferred build context."""

from __future__ import annotations

import bisect
import weakref
from dataclasses import dataclass
from typing import Literal

from asm_ls.arch.textflag import HEADER as TEXTFLAG_HEADER
from asm_ls.features.edits import line_local_edit
from asm_ls.features.workspace import Workspace
from asm_ls.golang import ArgFrame, frame_layout
from asm_ls.golang.types import Unresolved
from asm_ls.interrupt import checkpoint
from asm_ls.model import CheckUnit
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.lines import PlacedStatement, facts_of, from_macro, template_of
from asm_ls.syntax.program import Function
from asm_ls.syntax.source import SourceFile
from asm_ls.syntax.text import read_frame

MAX_EXPANSION = 40  # characters: a longer expansion is for hover to show
HintKind = Literal["type", "parameter"]


@dataclass(frozen=True)
class HintOptions:
    frame_types: bool = True  # `int64, 8 bytes` after x+8(FP)
    text_frame: bool = True  # `frame 32 bytes, args 24 bytes` after $32-24
    macro_expansions: bool = True  # `XORQ AX, AX` after ZERO(AX)


@dataclass(frozen=True)
class InlayHint:
    offset: int  # code point offset in the file; the hint shows before the character there
    label: str
    kind: HintKind
    tooltip: str = ""


def inlay_hints(
    workspace: Workspace, path: str, start: int, end: int, options: HintOptions = HintOptions()
) -> list[InlayHint]:
    """The hints of the lines from offset start to end: those of the whole
    file, kept, and after a line-local edit (asm_ls.features.edits) made from
    the last text's with the lines edited read again alone."""
    if not (options.frame_types or options.text_frame or options.macro_expansions):
        return []
    found = _file_hints(workspace, path, options)
    if found is None:
        return []
    hints = found.hints
    return hints[bisect.bisect_left(hints, start, key=_offset) : bisect.bisect_right(hints, end, key=_offset)]


def _offset(hint: InlayHint) -> int:
    return hint.offset


@dataclass(eq=False)
class _FileHints:
    source: SourceFile
    read_as: tuple  # (analyzer, its generation, build context, options)
    hints: list[InlayHint]  # by offset


# The last hints of each file, by path: an edit's are made from them.
_FILES: dict[str, _FileHints] = {}


def _file_hints(workspace: Workspace, path: str, options: HintOptions) -> _FileHints | None:
    analyzer = workspace.analyzer
    source = analyzer.source(path)
    context = workspace.context(path)
    if source is None or context is None:
        return None
    read_as = (weakref.ref(analyzer), analyzer.generation, context, options)
    last = _FILES.get(source.path)
    if last is not None and last.read_as == read_as and last.source.text == source.text:
        last.source = source
        return last
    hints = None
    if last is not None and last.read_as == read_as:
        hints = _spliced(workspace, last, source, context, options)
    if hints is None:
        unit = analyzer.analyze(source, context)
        hints = _hints(workspace, unit, 0, len(source.text), options)
    found = _FILES[source.path] = _FileHints(source, read_as, hints)
    return found


def _spliced(
    workspace: Workspace, last: _FileHints, source: SourceFile, context, options: HintOptions
) -> list[InlayHint] | None:
    """The hints of source from those of the last text: the lines edited read again alone."""
    edit = line_local_edit(last.source.text, source.text)
    if edit is None:
        return None
    unit = workspace.analyzer.part(source, context, edit.start, edit.new_end)
    if unit is None:
        return None
    hints = last.hints
    before = bisect.bisect_left(hints, edit.start, key=_offset)
    after = bisect.bisect_left(hints, edit.old_end, key=_offset)
    edited = [
        h for h in _hints(workspace, unit, edit.start, edit.new_end, options) if edit.start <= h.offset < edit.new_end
    ]
    delta = edit.delta
    moved = [InlayHint(h.offset + delta, h.label, h.kind, h.tooltip) for h in hints[after:]] if delta else hints[after:]
    return [*hints[:before], *edited, *moved]


def _hints(workspace: Workspace, unit: CheckUnit, start: int, end: int, options: HintOptions) -> list[InlayHint]:
    """The hints of the unit's lines from offset start to end."""
    hints: list[InlayHint] = []
    if options.frame_types or options.text_frame:
        for function in unit.program.functions:
            checkpoint()
            statements = function.statements
            if not statements:
                continue
            first = function.text.span.start
            if first > end or first < start and _last_end(function) < start:
                continue
            hints += _function_hints(workspace, unit, function, start, end, options)
    if options.macro_expansions:
        hints += _macro_hints(unit, start, end)
    return sorted(hints, key=lambda h: h.offset)


def _last_end(function: Function) -> int:
    return max(s.span.end for s in function.statements)


def _in_file(unit: CheckUnit, token) -> bool:
    return token.site is None and token.span.source is unit.source


def _function_hints(
    workspace: Workspace, unit: CheckUnit, function: Function, start: int, end: int, options: HintOptions
) -> list[InlayHint]:
    hints = []
    frame = _frame(workspace, unit, function) if options.frame_types else None
    for statement in function.statements:
        # Read from the template first: tokens are made only for the statements a hint is put on
        # (a generated file has 100,000 statements, a few hundred with hints).
        operands = template_of(statement).operands
        if not operands:
            continue
        span = statement.span
        if span.source is not unit.source or span.end < start or span.start > end:
            continue
        if statement is function.text:
            if options.text_frame and len(operands) >= 2:
                hint = _text_hint(unit, statement.operands[-1])
                if hint is not None:
                    hints.append(hint)
            continue
        if frame is None or not _names_arguments(statement):
            continue
        for operand in statement.operands:
            value = operand.value
            if not _is_argument(value):
                continue
            assert isinstance(value, ast.SymbolRef), "_is_argument says so"
            last = operand.tokens[-1]
            slot = frame.lookup(value.name)
            if slot is None or not _in_file(unit, last):
                continue
            role = "result" if slot.is_result else "argument"
            hints.append(
                InlayHint(
                    last.span.end,
                    f"{slot.type}, {slot.size} bytes",
                    "type",
                    f"{slot.name}+{slot.offset}(FP): {role} of {frame.function} on {frame.arch}",
                )
            )
    return hints


def _names_arguments(statement: Statement) -> bool:
    """Whether an operand is name+off(FP) (asked once per line template)."""
    facts = facts_of(statement)
    found = facts.get(_names_arguments)
    if found is None:
        found = facts[_names_arguments] = any(_is_argument(o.value) for o in template_of(statement).operands)
    return found


def _is_argument(value) -> bool:
    """name+off(FP): an argument or result named in the Go declaration's frame."""
    return isinstance(value, ast.SymbolRef) and value.pseudo == "FP" and not value.static


def _frame(workspace: Workspace, unit: CheckUnit, function: Function) -> ArgFrame | None:
    func = workspace.function_signature(unit, function)
    if func is None:
        return None
    try:
        return frame_layout(func, unit.arch)
    except Unresolved:
        return None


def _text_hint(unit: CheckUnit, operand: ast.Operand) -> InlayHint | None:
    """After `$frame-args`: what the two numbers are."""
    read = read_frame(operand)
    last = operand.tokens[-1]
    if read.frame is None or not _in_file(unit, last):
        return None
    args = f"args {read.args} bytes" if read.args is not None else "args from the Go declaration"
    tooltip = (
        "The local stack frame (below the return address or link register), then the size of the arguments and "
        "results the caller passes on the stack (ABI0)."
    )
    return InlayHint(last.span.end, f"frame {read.frame} bytes, {args}", "parameter", tooltip)


def _macro_hints(unit: CheckUnit, start: int, end: int) -> list[InlayHint]:
    """After a macro use written in the file, what it expands to (when short)."""
    uses = [
        use
        for use in unit.preprocessed.uses
        if use.site.source is unit.source
        and start <= use.site.end
        and use.site.start <= end
        and not use.macro.name_span.source.path.endswith(TEXTFLAG_HEADER)
        and not use.macro.name_span.source.path.startswith("<")
    ]
    if not uses:
        return []
    sites = {(use.site.start, use.site.end) for use in uses}
    expanded: dict[tuple[int, int], list[str]] = {}
    for statement in unit.program.statements:  # the statements each invocation made
        if not from_macro(statement):
            continue
        site = next((t.site for t in statement.tokens if t.site is not None), None)
        if site is not None and (site.start, site.end) in sites and site.source is unit.source:
            expanded.setdefault((site.start, site.end), []).append(_expansion_text(statement))
    hints = []
    for use in uses:
        lines = expanded.get((use.site.start, use.site.end))
        if not lines:
            continue
        text = "; ".join(lines)
        written = use.site.source.text[use.site.start : use.site.end]
        statement_text = _operand_expansion(unit, use)
        label = statement_text or text
        if label == written or len(label) > MAX_EXPANSION:
            continue
        hints.append(InlayHint(use.site.end, f"→ {label}", "parameter", f"{use.macro.signature()}"))
    return hints


def _expansion_text(statement: Statement) -> str:
    """_statement_text, once per line template (its labels are its own)."""
    if not isinstance(statement, PlacedStatement) or not statement.own_labels:
        return _statement_text(statement)
    facts = facts_of(statement)
    text = facts.get(_expansion_text)
    if text is None:
        text = facts[_expansion_text] = _statement_text(statement.template)
    return text


def _statement_text(statement: Statement) -> str:
    """A statement as it reads after expansion: `XORQ AX, AX`."""
    operands = ", ".join(operand.text() for operand in statement.operands)
    labels = "".join(f"{label.text}: " for label in statement.labels)
    return f"{labels}{statement.opcode} {operands}".rstrip()


def _operand_expansion(unit: CheckUnit, use) -> str:
    """For an object-like macro used inside an instruction (`$STEP`), just
    its own tokens, not the whole statement."""
    if use.macro.params is not None:
        return ""
    return " ".join(t.text for t in use.macro.body)
