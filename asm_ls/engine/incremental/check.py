"""A keystroke's diagnostics without checking the whole file again.

An edit changes what the file checks find in the lines around it only:
labels, frames, registers and operands are function-scoped. So the region
holding it (asm_ls.engine.incremental.region: from a TEXT written at the start of a line
to the next one, or DATA and GLOBL lines before any function) is lexed,
preprocessed from the state the whole run recorded at its first line,
parsed and run through the file checks alone; the package checks run on the
file spliced from the old statements and the region's new ones; every other
finding of the last whole check is kept, moved by the edit.

DATA is the exception: whether a DATA overlaps depends on the earlier DATA
of its symbol. The region's check resumes from where they ended, and the
verdicts on later DATA of its symbols are taken again where the region
changed that (asm_ls.engine.incremental.data).

Anything else declines (returns None) and the caller checks the whole file:
edits far apart (far_apart), an edit of a directive line (or of a line one continues onto), a region
the lexer or preprocessor cannot read alone (see asm_ls.engine.incremental.region), findings of
the last check in a header or pointing into the edited lines from
elsewhere, textflag-include findings (their fix goes before the file's first
flag, wherever that is), another file changed since (asm_ls.engine.analyzer
forgets the last check then), or `go tool asm` diagnostics (they need the
whole file).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from asm_ls.arch.context import BuildContext
from asm_ls.checks.textflag import CODE as TEXTFLAG
from asm_ls.engine.incremental.data import DataLayout
from asm_ls.engine.incremental.region import (
    LineEdit,
    Region,
    comments_only,
    find_region,
    lines_changed,
    reads_alone,
    widened,
)
from asm_ls.engine.registry import assembly_package_checks, run_checks
from asm_ls.model import CheckUnit, Diagnostic, PackageUnit
from asm_ls.syntax.lexer import UNTERMINATED_COMMENT
from asm_ls.syntax.preprocess import Preprocessor
from asm_ls.syntax.program import UNPLACED, Program, build_program
from asm_ls.syntax.source import SourceFile, Span


@dataclass(eq=False)
class ContextCheck:
    """The last whole check of a file in one build context."""

    unit: CheckUnit
    file_findings: list[Diagnostic]
    by_package_check: dict[str, list[Diagnostic]]  # what each package check found in this file

    @property
    def package_findings(self) -> list[Diagnostic]:
        return [d for found in self.by_package_check.values() for d in found]


@dataclass(eq=False)
class WholeCheck:
    source: SourceFile
    contexts: tuple[BuildContext, ...]
    per_context: list[ContextCheck]


def quick_check(last: WholeCheck, source: SourceFile, analyzer) -> list[Diagnostic] | None:
    """What a whole check of source would find, from the last whole check of
    an earlier text of the same file; None when this edit needs the whole check."""
    if source.text == last.source.text:  # an edit undone
        unchanged = LineEdit(len(source.text), len(source.text), len(source.text))
        undone = []
        for c in last.per_context:
            mover = _Mover(c.unit.source, source, unchanged)
            moved = _all_moved([mover.diagnostic(d) for d in (*c.file_findings, *c.package_findings)])
            assert moved is not None, "no line was edited, so every finding moves"
            undone.append(moved)
        return analyzer.told(undone)
    edit = lines_changed(last.source.text, source.text)
    if far_apart(edit):
        return None
    per_context = []
    for checked in last.per_context:
        found = _context_check(checked, source, edit, analyzer)
        if found is None:
            return None
        per_context.append(found)
    return analyzer.told(per_context)


# The most unchanged text a quick check reads again between the first and the last line an
# edit changed (about 2,000 lines): past that, a whole check costs little more, once.
FAR_APART_CHARACTERS = 65_536


def far_apart(edit: LineEdit) -> bool:
    """Whether the edit's changed lines are far apart: places far from each
    other edited since the last whole check. A quick check would read all the
    text between them again on every keystroke (a second a keystroke in a
    136k-line file) until a whole check is its base again; the whole check,
    once, makes the next keystrokes quick."""
    return min(edit.old_end, edit.new_end) - edit.start > FAR_APART_CHARACTERS


def _context_check(checked: ContextCheck, source: SourceFile, edit: LineEdit, analyzer) -> list[Diagnostic] | None:
    old_unit = checked.unit
    old_source = old_unit.source  # (the findings' spans are in it: units are shared by equal texts)
    if old_unit.preprocessed.unclosed is not None:
        return None  # reported at the end of the file, on an #ifdef that may be in the region
    moved = _Mover(old_source, source, edit)
    if comments_only(old_source.text, source.text, edit):
        comments = _all_moved([moved.diagnostic(f) for f in (*checked.file_findings, *checked.package_findings)])
        return None if comments is None or any(f.code == TEXTFLAG for f in comments) else comments
    region = find_region(old_unit, old_source, edit, source.text)
    while True:
        if region is None or not reads_alone(old_source.text, source.text, region, edit):
            return None
        unit = _region_unit(old_unit, source, region, region.end + edit.delta, analyzer)
        if unit is None:
            return None
        if region.end == len(old_source.text) or not _labels_at_end(unit.program):
            break
        region = widened(old_unit, old_source, region)  # they label the next TEXT: read it with them
    layout = DataLayout(old_unit, region.statements, unit)
    found = run_checks(unit)
    gone = Counter(layout.gone)
    kept: list[Diagnostic | None] = []
    for finding in checked.file_findings:
        if finding.span.source is not old_source:
            return None  # in a header: it may come from this region's macro uses
        if finding.code == TEXTFLAG:
            return None  # its fix adds the #include before the file's first flag, wherever that is
        if gone[finding]:
            gone[finding] -= 1
        elif not region.start <= finding.span.start < region.end:
            kept.append(moved.diagnostic(finding))
    kept += map(moved.diagnostic, layout.found)
    kept += map(moved.diagnostic, _package_findings(checked, region, unit, analyzer))
    all_kept = _all_moved(kept)
    if all_kept is None or any(f.code == TEXTFLAG for f in found):
        return None
    return all_kept + found


def _region_unit(old: CheckUnit, source: SourceFile, region: Region, end: int, analyzer) -> CheckUnit | None:
    """The region's lines of source alone, as the whole file would read them."""
    unit = read_part(old, source, region.start, end, region.resume_at, analyzer)
    if unit is None:
        return None
    program = unit.program
    if region.first < region.stop:
        if program.preamble or not program.functions:
            return None
    elif program.functions or any(s.word not in UNPLACED for s in program.statements):
        return None
    return unit


def read_part(old: CheckUnit, source: SourceFile, start: int, end: int, resume_at: int, analyzer) -> CheckUnit | None:
    """The lines of source from start to end (which hold no #include) alone, as
    the whole file would read them: from the preprocessor's state old's run
    recorded at resume_at (the first word of the line at start), the text
    before it the same in both. None when a block comment runs on past end."""
    state = old.preprocessed.resume_states[resume_at]
    preprocessor = Preprocessor({}, lambda name, including: "not read here")
    preprocessed, read, lex_errors = preprocessor.read_region(source, start, end, state, end == len(source.text))
    if any(e.message == UNTERMINATED_COMMENT for e in lex_errors):
        return None  # in the whole text it runs on past the part
    # What the file checks ask of the whole file (textflag.h included?) stays as it was.
    preprocessed = replace(preprocessed, includes=old.preprocessed.includes)
    unit = CheckUnit(
        source, old.context, old.arch, preprocessed, build_program(preprocessed, read, lex_errors), dict(old.options)
    )
    unit.part = (start, end)
    unit.package = _package_of(unit, old, analyzer)
    return unit


def _labels_at_end(program: Program) -> bool:
    """Whether labels end the program: those label what follows it."""
    statements = program.statements
    return bool(program.unplaced_labels) or bool(statements) and statements[-1].mnemonic is None


def _package_of(unit: CheckUnit, old: CheckUnit, analyzer) -> PackageUnit:
    package = old.package
    assert package is not None, "the analyzer gives every unit it makes its package"
    return PackageUnit(package.directory, package.import_path, package.context, package.arch, [unit], analyzer)


def _package_findings(checked: ContextCheck, region: Region, unit: CheckUnit, analyzer) -> list[Diagnostic]:
    """What the package checks find in this file, with the region's statements
    replaced: the others keep the old text's spans (moved later). A check
    that digests functions (asm_ls.engine.registry), when the region's new
    functions digest as its old ones did, finds what it found (a keystroke
    in a 136k-line file need not walk its 765 functions again)."""
    old = checked.unit
    program = old.program
    new = unit.program
    functions = program.functions[: region.first] + new.functions + program.functions[region.stop :]
    preamble = program.preamble
    if region.first == region.stop:
        preamble = preamble[: region.statements.start] + new.statements + preamble[region.statements.stop :]
    spliced = CheckUnit(
        old.source, old.context, old.arch, old.preprocessed, Program(old.preprocessed, functions, preamble), old.options
    )
    spliced.package = _package_of(spliced, old, analyzer)
    package = spliced.package
    assert package is not None, "_package_of gives it one"
    replaced = program.functions[region.first : region.stop]
    found, again = [], []
    for name, _, digest in assembly_package_checks():
        same = (
            digest is not None
            and region.first < region.stop
            and len(replaced) == len(new.functions)
            and all(digest(old, a, package) == digest(unit, b, package) for a, b in zip(replaced, new.functions))
        )
        if same:
            found += checked.by_package_check[name]
        else:
            again.append(name)
    if again:
        for findings in analyzer.package_findings(spliced, only=again).values():
            found += findings
    return found


class _Mover:
    """Spans of the old text as they are in the new one; None for the edited lines."""

    def __init__(self, old: SourceFile, new: SourceFile, edit: LineEdit):
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
        spans = [finding.span, *(r.span for r in finding.related), *(e.span for f in finding.fixes for e in f.edits)]
        moved = [span for span in map(self.span, spans) if span is not None]
        if len(moved) < len(spans):
            return None
        new_spans = iter(moved)  # taken in the order listed
        span = next(new_spans)
        related = tuple(replace(r, span=next(new_spans)) for r in finding.related)
        fixes = tuple(replace(f, edits=tuple(replace(e, span=next(new_spans)) for e in f.edits)) for f in finding.fixes)
        return replace(finding, span=span, related=related, fixes=fixes)


def _all_moved(moved: list[Diagnostic | None]) -> list[Diagnostic] | None:
    """The moved findings; None when one of them was on the edited lines."""
    kept = [d for d in moved if d is not None]
    return kept if len(kept) == len(moved) else None
