"""The shape of a file for the editor: folding ranges (TEXT functions,
`#ifdef` blocks, DATA tables, comment blocks, multi-line `#define`s, runs of
`#include`), document links (`#include` to the header it resolves to), and
selection ranges (a word, its operand, its statement, its function, the
file). Pure functions of (workspace, path[, offsets])."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Literal

from asm_ls.features.workspace import Workspace, readable
from asm_ls.model import CheckUnit
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.source import SourceFile, Span

FoldKind = Literal["region", "comment", "imports"]


@dataclass(frozen=True)
class Fold:
    start_line: int  # 0-based, inclusive
    end_line: int
    kind: FoldKind


@dataclass(frozen=True)
class Link:
    span: Span  # the file name, inside the quotes
    target: str  # the header's path


_CONDITIONAL = re.compile(r"^[ \t]*#[ \t]*(ifdef|ifndef|else|endif)\b", re.MULTILINE)
_INCLUDE_LINE = re.compile(r"[ \t]*#[ \t]*include\b")
_LINE_COMMENT = re.compile(r"[ \t]*//")
_BLOCK_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)


# --- folding --------------------------------------------------------------------------


def folding_ranges(workspace: Workspace, path: str) -> list[Fold]:
    unit = workspace.unit(path)
    if unit is None or not readable(unit.source):
        return []
    source = unit.source
    folds = [*_functions(unit), *_data_tables(unit), *_conditionals(source), *_comments(source)]
    folds += _includes(source) + _definitions(unit)
    unique = {(f.start_line, f.end_line): f for f in folds if f.end_line > f.start_line}
    return sorted(unique.values(), key=lambda f: (f.start_line, -f.end_line))


def _line(source: SourceFile, offset: int) -> int:
    return source.position(offset)[0]


def _written(unit: CheckUnit, statement: Statement) -> bool:
    return bool(statement.tokens) and statement.span.source is unit.source


def _functions(unit: CheckUnit) -> list[Fold]:
    """A TEXT line to the function's last instruction (DATA/GLOBL after it fold on their own)."""
    folds = []
    for function in unit.program.functions:
        if not _written(unit, function.text):
            continue
        last = next(
            (s for s in reversed(function.statements) if s.word not in ("DATA", "GLOBL") and _written(unit, s)),
            function.text,
        )
        folds.append(Fold(_line(unit.source, function.text.span.start), _line(unit.source, last.span.end), "region"))
    return folds


def _data_tables(unit: CheckUnit) -> list[Fold]:
    """Runs of DATA (and GLOBL) lines of one symbol."""
    folds = []
    run: list[Statement] = []
    name = None

    def close() -> None:
        if len(run) > 1:
            folds.append(Fold(_line(unit.source, run[0].span.start), _line(unit.source, run[-1].span.end), "region"))

    for statement in unit.program.statements:
        symbol = None
        if statement.word in ("DATA", "GLOBL") and statement.operands and _written(unit, statement):
            symbol = statement.operands[0].text().split("+")[0].split("(")[0]
        if symbol is None or symbol != name:
            close()
            run, name = [], symbol
        if symbol is not None:
            run.append(statement)
    close()
    return folds


def _conditionals(source: SourceFile) -> list[Fold]:
    """`#ifdef` to the line before its `#else`, `#else` to the line before `#endif`."""
    folds = []
    open_lines: list[int] = []
    for match in _CONDITIONAL.finditer(source.text):
        line = _line(source, match.start())
        word = match.group(1)
        if word in ("ifdef", "ifndef"):
            open_lines.append(line)
        elif open_lines:
            folds.append(Fold(open_lines.pop(), line - 1, "region"))
            if word == "else":
                open_lines.append(line)
    return folds


def _comments(source: SourceFile) -> list[Fold]:
    folds = [
        Fold(_line(source, m.start()), _line(source, m.end()), "comment")
        for m in _BLOCK_COMMENT.finditer(source.text)
        if "\n" in m.group()
    ]
    folds += _runs(source, _LINE_COMMENT, "comment")
    return folds


def _includes(source: SourceFile) -> list[Fold]:
    return _runs(source, _INCLUDE_LINE, "imports")


def _runs(source: SourceFile, pattern: re.Pattern[str], kind: FoldKind) -> list[Fold]:
    """Runs of two or more consecutive lines that start with pattern."""
    folds = []
    start = None
    lines = source.text.split("\n")
    for number, text in enumerate([*lines, ""]):
        if pattern.match(text):
            start = number if start is None else start
        else:
            if start is not None and number - 1 > start:
                folds.append(Fold(start, number - 1, kind))
            start = None
    return folds


def _definitions(unit: CheckUnit) -> list[Fold]:
    """`#define`s continued over several lines."""
    return [
        Fold(_line(unit.source, d.directive_span.start), _line(unit.source, d.directive_span.end), "region")
        for d in unit.preprocessed.definitions
        if d.directive_span.source is unit.source
    ]


# --- links -----------------------------------------------------------------------------


def document_links(workspace: Workspace, path: str) -> list[Link]:
    """Each `#include` of the file whose header exists, to that header."""
    unit = workspace.unit(path)
    if unit is None:
        return []
    links = []
    for include in unit.preprocessed.includes:
        span = include.span
        if span.source is unit.source and include.path and os.path.isfile(include.path):
            links.append(Link(Span(span.source, span.start + 1, max(span.end - 1, span.start + 1)), include.path))
    return links


# --- selection ranges --------------------------------------------------------------------


def selection_ranges(workspace: Workspace, path: str, offsets: list[int]) -> list[list[Span]]:
    """For each offset, spans from the innermost out: the word (token), its
    operand, its statement, its function, the whole file."""
    unit = workspace.unit(path)
    if unit is None:
        return [[] for _ in offsets]
    return [_selection(unit, offset) for offset in offsets]


def _selection(unit: CheckUnit, offset: int) -> list[Span]:
    source = unit.source
    spans: list[Span] = []
    function, statement = unit.program.statement_at(source, offset)
    if statement is not None:
        tokens = [t for t in (*statement.labels, *statement.tokens) if t.span.source is source and t.site is None]
        touching = [t for t in tokens if t.span.start <= offset <= t.span.end]
        word = next((t for t in touching if t.kind == "IDENT"), touching[0] if touching else None)
        if word is not None:
            spans.append(word.span)
        operand = next(
            (o.span for o in statement.operands if o.span.source is source and o.span.start <= offset <= o.span.end),
            None,
        )
        if operand is not None:
            spans.append(operand)
        whole = statement.span  # a macro's statement: the whole invocation
        labels = [t.span.start for t in statement.labels if t.span.source is source and t.site is None]
        if whole.source is source:
            spans.append(Span(source, min([whole.start, *labels]), whole.end))
    if function is not None and function.text.span.source is source:
        written = [s for s in function.statements if _written(unit, s)]
        if written:
            spans.append(Span(source, function.text.span.start, written[-1].span.end))
    line = _line(source, offset)
    line_span = Span(source, source.offset(line, 0), source.offset(line + 1, 0) - (line + 1 < len(source.line_starts)))
    if not spans:
        spans.append(line_span)
    spans.append(Span(source, 0, len(source.text)))
    # Innermost first, each containing the one before.
    nested: list[Span] = []
    for span in spans:
        if not nested or (span.start <= nested[-1].start and span.end >= nested[-1].end and span != nested[-1]):
            nested.append(span)
    return nested
