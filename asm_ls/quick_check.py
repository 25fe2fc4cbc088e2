"""A keystroke's diagnostics without checking the whole file again.

An edit inside TEXT functions changes what the file checks find in those
functions only (labels, frames, registers and operands are all
function-scoped). So the region holding it, from a TEXT written at the start
of a line to the next one (functions a macro writes in between belong to it),
is lexed, preprocessed from the state the whole run recorded at its TEXT,
parsed and run through the file checks alone; the package checks run on the
file spliced from the old functions and the region's new ones; every other
finding of the last whole check is kept, moved by the edit.

Anything else declines (returns None) and the caller checks the whole file:
a file with an #ifdef left open (reported at its end), an edit before the
first such TEXT or of a directive line, a region holding
a block comment, a line continuation, `#include`, `#line`, DATA or GLOBL
(checked across the file; those ending a function are left out of its
region), findings of the last check in a header or pointing into the edited
lines from elsewhere, another file changed since (asm_ls.analysis forgets
the last check then), or `go tool asm` diagnostics (they need the whole file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from asm_ls.arch.context import BuildContext
from asm_ls.diagnostics import CheckUnit, Diagnostic, PackageUnit, merge_contexts, run_checks
from asm_ls.syntax.lexer import tokenize
from asm_ls.syntax.preprocess import Preprocessor
from asm_ls.syntax.program import Function, Program, build_program
from asm_ls.syntax.source import SourceFile, Span

# What the lexer reads across lines and the directives that bring in other
# text: a function holding one is checked whole; so is an edit of a directive.
_NOT_LOCAL = re.compile(r"/\*|\*/|\\\r?\n|^[ \t]*#[ \t]*(?:include|line)\b", re.M)
_DIRECTIVE = re.compile(r"^[ \t]*#", re.M)
_FILE_SCOPED = frozenset({"DATA", "GLOBL"})


@dataclass(eq=False)
class ContextCheck:
    """The last whole check of a file in one build context."""

    unit: CheckUnit
    file_findings: list[Diagnostic]
    package_findings: list[Diagnostic]  # what the package checks found in this file


@dataclass(eq=False)
class WholeCheck:
    source: SourceFile
    contexts: tuple[BuildContext, ...]
    per_context: list[ContextCheck]


@dataclass(frozen=True)
class _Edit:
    """Whole lines replaced: old text [start, old_end) is new [start, new_end)."""

    start: int
    old_end: int
    new_end: int

    @property
    def delta(self) -> int:
        return self.new_end - self.old_end


def quick_check(last: WholeCheck, source: SourceFile, analyzer) -> list[Diagnostic] | None:
    """What a whole check of source would find, from the last whole check of
    an earlier text of the same file; None when this edit needs the whole check."""
    if source.text == last.source.text:  # an edit undone
        unchanged = _Edit(len(source.text), len(source.text), len(source.text))
        return merge_contexts([_Mover(c.unit.source, source, unchanged).diagnostic(d)
                               for d in (*c.file_findings, *c.package_findings)] for c in last.per_context)
    edit = _lines_changed(last.source.text, source.text)
    per_context = []
    for checked in last.per_context:
        found = _context_check(checked, source, edit, analyzer)
        if found is None:
            return None
        per_context.append(found)
    return merge_contexts(per_context)


def _lines_changed(old: str, new: str) -> _Edit:
    shorter = min(len(old), len(new))
    prefix = _common_length(shorter, lambda k: old[:k] == new[:k])
    suffix = _common_length(shorter - prefix, lambda k: old[len(old) - k:] == new[len(new) - k:])
    start = old.rfind("\n", 0, prefix) + 1
    old_end, new_end = len(old) - suffix, len(new) - suffix
    while not (_line_starts_at(old, old_end, start) and _line_starts_at(new, new_end, start)):
        old_end, new_end = old_end + 1, new_end + 1  # to the end of the line, the same in both
    return _Edit(start, old_end, new_end)


def _line_starts_at(text: str, offset: int, start: int) -> bool:
    return offset in (start, len(text)) or text[offset - 1] == "\n"


def _common_length(most: int, same) -> int:
    """The largest k <= most with same(k), by bisection: slice comparisons run
    in C, a loop over the characters would not."""
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _context_check(checked: ContextCheck, source: SourceFile, edit: _Edit, analyzer) -> list[Diagnostic] | None:
    old_unit = checked.unit
    old_source = old_unit.source  # (the findings' spans are in it: units are shared by equal texts)
    if old_unit.preprocessed.unclosed is not None:
        return None  # reported at the end of the file, on an #ifdef that may be in the region
    region = _region(old_unit, old_source, edit)
    if region is None:
        return None
    new_end = region.end + edit.delta
    if _NOT_LOCAL.search(source.text, region.start, new_end) or _DIRECTIVE.search(source.text, edit.start, edit.new_end) \
            or _DIRECTIVE.search(old_source.text, edit.start, edit.old_end) \
            or any(_names_file_scoped(_before(f, region.end)) for f in region.functions):
        return None
    unit = _region_unit(old_unit, source, region, new_end, analyzer)
    if unit is None:
        return None
    moved = _Mover(old_source, source, edit)
    kept = []
    for finding in checked.file_findings:
        if finding.span.source is not old_source:
            return None  # in a header: it may come from this function's macro uses
        if not region.start <= finding.span.start < region.end:
            kept.append(moved.diagnostic(finding))
    kept += [moved.diagnostic(finding) for finding in _package_findings(old_unit, region, unit, analyzer)]
    if None in kept:
        return None
    return kept + run_checks(unit)


@dataclass(frozen=True)
class _Region:
    """The lines of the old text from a TEXT to the next (or the end) that
    hold the edit, and the functions written there (macros may write several)."""

    start: int
    end: int
    first: int  # the functions' indices in the program
    stop: int

    functions: tuple[Function, ...]


def _region(unit: CheckUnit, source: SourceFile, edit: _Edit) -> _Region | None:
    functions = unit.program.functions
    # (index, first offset of its line) of each function whose TEXT starts a line of the file
    anchors = [(i, _line_start(source, at)) for i, at in _texts_written(unit, source)]
    before = [(i, line) for i, line in anchors if line <= edit.start]
    if not before:
        return None
    first, start = before[-1]
    stop, end = next(((i, line) for i, line in anchors if i > first), (len(functions), len(source.text)))
    inside = functions[first:stop]
    if any(f.text.mnemonic.location.source is not source for f in inside):
        return None  # a function of an included file
    if stop < len(functions) and functions[stop].text.labels:
        return None  # labels alone on the lines before a TEXT label the TEXT
    trailing = _trailing_data(inside[-1], source)
    if trailing is not None and edit.old_end <= trailing:
        end = trailing  # the tables after the code are not the function's
    return _Region(start, end, first, stop, tuple(inside)) if edit.old_end <= end else None


def _texts_written(unit: CheckUnit, source: SourceFile) -> list[tuple[int, int]]:
    """(index, offset of the TEXT) of the functions whose TEXT is written at
    the start of a line of the file (not by a macro, not in a header)."""
    written = unit.preprocessed.state_at_text
    return [(i, word.span.start) for i, word in enumerate(f.text.mnemonic for f in unit.program.functions)
            if word.site is None and word.span.source is source and word.span.start in written]


def _line_start(source: SourceFile, offset: int) -> int:
    return source.text.rfind("\n", 0, offset) + 1


def _trailing_data(function: Function, source: SourceFile) -> int | None:
    """The first line of the DATA and GLOBL statements that end a function, if it has any."""
    first = None
    for statement in reversed(function.statements):
        if statement.word not in _FILE_SCOPED or statement.span.source is not source:
            break
        first = statement
    return None if first is None else _line_start(source, first.span.start)


def _region_unit(old: CheckUnit, source: SourceFile, region: _Region, end: int, analyzer) -> CheckUnit | None:
    """The region's lines of source alone, as the whole file would read them."""
    tokens, lex_errors = tokenize(source, region.start, end)
    state = old.preprocessed.state_at_text[region.functions[0].text.mnemonic.span.start]
    preprocessor = Preprocessor({}, lambda name, including: "not read here", lambda s: tokens)
    preprocessed = preprocessor.run_region(source, tokens, state, end == len(source.text))
    # What the file checks ask of the whole file (textflag.h included?) stays as it was.
    preprocessed = replace(preprocessed, includes=old.preprocessed.includes)
    program = build_program(preprocessed)
    if program.preamble or not program.functions or _names_file_scoped(program.statements) \
            or program.statements[-1].mnemonic is None:  # a label alone at the end labels the next TEXT
        return None
    unit = CheckUnit(source, old.context, old.arch, preprocessed, program, dict(old.options, lex_errors=lex_errors))
    unit.package = _package_of(unit, old.package, analyzer)
    return unit


def _package_of(unit: CheckUnit, package: PackageUnit, analyzer) -> PackageUnit:
    return PackageUnit(package.directory, package.import_path, package.context, package.arch, [unit], analyzer)


def _names_file_scoped(statements) -> bool:
    return any(s.word in _FILE_SCOPED for s in statements)


def _before(function: Function, end: int) -> list:
    """The function's statements before offset end of its file (the region's)."""
    return [s for s in function.statements if s.span.start < end]


def _package_findings(old: CheckUnit, region: _Region, unit: CheckUnit, analyzer) -> list[Diagnostic]:
    """What the package checks find in this file, with the region's functions
    replaced: the other functions keep the old text's spans (moved later)."""
    functions = list(unit.program.functions)
    tail = [s for s in region.functions[-1].statements if s.span.start >= region.end]  # trailing DATA
    if tail:
        last = functions[-1]
        functions[-1] = Function(last.text, last.statements + tail)
    program = old.program
    functions = program.functions[:region.first] + functions + program.functions[region.stop:]
    statements = program.preamble + [s for f in functions for s in f.statements]
    spliced = CheckUnit(old.source, old.context, old.arch, old.preprocessed,
                        Program(old.preprocessed, statements, functions, program.preamble), old.options)
    spliced.package = _package_of(spliced, old.package, analyzer)
    return analyzer.package_findings(spliced)


class _Mover:
    """Spans of the old text as they are in the new one; None for the edited lines."""

    def __init__(self, old: SourceFile, new: SourceFile, edit: _Edit):
        self.old, self.new, self.edit = old, new, edit

    def span(self, span: Span) -> Span | None:
        if span.source is not self.old:
            return span
        edit = self.edit
        if span.end <= edit.start:
            return Span(self.new, span.start, span.end)
        if span.start >= edit.old_end:
            return Span(self.new, span.start + edit.delta, span.end + edit.delta)
        return None

    def diagnostic(self, finding: Diagnostic) -> Diagnostic | None:
        span = self.span(finding.span)
        related = tuple(replace(r, span=self.span(r.span)) for r in finding.related)
        fixes = tuple(replace(f, edits=tuple(replace(e, span=self.span(e.span)) for e in f.edits))
                      for f in finding.fixes)
        if span is None or any(r.span is None for r in related) or \
                any(e.span is None for f in fixes for e in f.edits):
            return None
        return replace(finding, span=span, related=related, fixes=fixes)
