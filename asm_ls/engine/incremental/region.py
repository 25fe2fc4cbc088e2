"""Where a keystroke's quick check (asm_ls.engine.incremental.check) re-reads the file:
the lines around the edit that the file checks can read alone.

A region runs from a TEXT written at the start of a line to the next one
(functions a macro writes in between belong to it, and so do the tables
after the last: asmdecl stops reading a function's frame at its first DATA
or GLOBL, and reports a result never written only without one). It starts
at the edit instead when only comment and blank lines lead from there to
the TEXT, in the old text and the new. It takes in the next function when
labels at its end label that function's TEXT, or the edit is in the `//`
lines above that TEXT (asmdecl reads a `// func` signature there). Before
any function, a region runs from a DATA or GLOBL line to the line of the
next statement.

An edit of comment and blank lines only needs no region: the findings
move. There is none (the whole file is checked) for another edit before the
first of those, of a directive line or of a line a directive continues onto
(a backslash ending the line before), and for a region a block comment
runs into or out of, holding a block comment and a directive, a //go:build
line (the lexer reads one only before any code), `#include` or `#line`, or
labels from before it.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from asm_ls.model import CheckUnit
from asm_ls.syntax.program import UNPLACED, Program
from asm_ls.syntax.source import SourceFile

# The comment the lexer reads only before any code, the directives that bring in other text.
_NOT_LOCAL = re.compile(r"//go:build|^[ \t]*#[ \t]*(?:include|line)\b", re.M)
_BLOCK_COMMENT = re.compile(r"/\*|\*/")
_COMMENT_LINES = re.compile(r"(?:[ \t\r]*(?://[^\n]*)?\n)*")
_DIRECTIVE = re.compile(r"^[ \t]*#", re.M)
_CONTINUED = ("\\\n", "\\\r\n")


@dataclass(frozen=True)
class LineEdit:
    """Whole lines replaced: old text [start, old_end) is new [start, new_end)."""

    start: int
    old_end: int
    new_end: int

    @property
    def delta(self) -> int:
        return self.new_end - self.old_end


def lines_changed(old: str, new: str) -> LineEdit:
    shorter = min(len(old), len(new))
    prefix = _common_prefix(old, new, shorter)
    suffix = _common_suffix(old, new, shorter - prefix)
    start = old.rfind("\n", 0, prefix) + 1
    old_end, new_end = len(old) - suffix, len(new) - suffix
    while not (_line_starts_at(old, old_end, start) and _line_starts_at(new, new_end, start)):
        old_end, new_end = old_end + 1, new_end + 1  # to the end of the line, the same in both
    return LineEdit(start, old_end, new_end)


def _line_starts_at(text: str, offset: int, start: int) -> bool:
    return offset in (start, len(text)) or text[offset - 1] == "\n"


_CHUNK = 1 << 16


def _common_prefix(old: str, new: str, most: int) -> int:
    """The length of the common start of old and new (at most most): chunk by
    chunk, then by bisection in the first chunk that differs. Slice
    comparisons run in C; each character is copied about once."""
    at = 0
    while at < most:
        step = min(_CHUNK, most - at)
        if old[at : at + step] != new[at : at + step]:
            return at + _common_length(step, lambda k, at=at: old[at : at + k] == new[at : at + k])
        at += step
    return most


def _common_suffix(old: str, new: str, most: int) -> int:
    """The length of the common end of old and new (at most most)."""
    old_end, new_end, at = len(old), len(new), 0
    while at < most:
        step = min(_CHUNK, most - at)
        if old[old_end - at - step : old_end - at] != new[new_end - at - step : new_end - at]:
            return at + _common_length(
                step, lambda k, at=at: old[old_end - at - k : old_end - at] == new[new_end - at - k : new_end - at]
            )
        at += step
    return most


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


@dataclass(frozen=True)
class Region:
    """The lines [start, end) of the old text that hold the edit: from a TEXT
    to the next (or the end) with the functions written there (macros may
    write several), or DATA and GLOBL lines before any function."""

    start: int
    end: int
    resume_at: int  # the offset of its first word, where the preprocessor's state was recorded
    statements: range  # the indices of its statements in the old program's
    first: int  # the indices of its functions in the old program's (first == stop: none)
    stop: int


def find_region(unit: CheckUnit, source: SourceFile, edit: LineEdit, new: str) -> Region | None:
    """The region of unit's text (source) holding the edit's old lines (new: the edited text)."""
    edit_start, edit_end = edit.start, edit.old_end
    program = unit.program
    functions = program.functions
    # (index, first offset of its line) of each function whose TEXT starts a line of the file
    anchors = _texts_written(unit, source)
    count = bisect_right(anchors.lines, edit_start)  # those whose line starts at or before the edit
    before = anchors.at[count - 1] if count else None
    following = anchors.at[count] if count < len(anchors.at) else None
    if (
        following is not None
        and _blank_but_comments(source.text, edit_start, following[1])
        and _blank_but_comments(new, edit_start, following[1] + edit.delta)
    ):
        # from the edit on, the lines lead to a TEXT through comments, old and
        # new: the preprocessor's state there is the state at the TEXT
        (first, _), start = following, edit_start
    elif before is not None:
        first, start = before
    else:
        return _data_region(unit, source, edit, new)
    if functions[first].text.labels:
        return None  # labels on lines before it (or on DATA before it) label its TEXT
    region = _functions(unit, source, first, start, *_anchor_after(unit, source, first))
    # Labels before the next TEXT label it; asmdecl reads the `// func` lines above it.
    while (
        region is not None
        and region.stop < len(functions)
        and (functions[region.stop].text.labels or _in_signature(source.text, new, region.end, edit))
    ):
        region = widened(unit, source, region)
    return region if region is not None and edit_end <= region.end else None


def widened(unit: CheckUnit, source: SourceFile, region: Region) -> Region | None:
    """The region of functions with the next ones too, up to the next TEXT
    written at the start of a line; None for DATA and GLOBL lines, or at the end."""
    if region.first == region.stop or region.stop == len(unit.program.functions):
        return None
    return _functions(unit, source, region.first, region.start, *_anchor_after(unit, source, region.stop))


def _functions(unit: CheckUnit, source: SourceFile, first: int, start: int, stop: int, end: int) -> Region | None:
    program = unit.program
    inside = program.functions[first:stop]
    if any(f.text_token.location.source is not source for f in inside):
        return None  # a function of an included file
    starts = _statement_starts(program)
    return Region(start, end, inside[0].text_token.span.start, range(starts[first], starts[stop]), first, stop)


def _anchor_after(unit: CheckUnit, source: SourceFile, index: int) -> tuple[int, int]:
    """(index, first offset of its line) of the first function after index
    whose TEXT starts a line of the file; past the last, the end of the file."""
    anchors = _texts_written(unit, source)
    after = bisect_right(anchors.indices, index)
    return anchors.at[after] if after < len(anchors.at) else (len(unit.program.functions), len(source.text))


def _data_region(unit: CheckUnit, source: SourceFile, edit: LineEdit, new: str) -> Region | None:
    """DATA and GLOBL lines before the first function: from one written at the
    start of a line to the next statement (any line start will do as the end)."""
    edit_start, edit_end = edit.start, edit.old_end
    program = unit.program
    preamble = program.preamble
    written = unit.preprocessed.resume_states
    low, high = None, len(preamble)
    for index, statement in enumerate(preamble):
        at = statement.span
        if at.source is not source:
            continue  # an included file's (one in the region declines: #include)
        if at.start >= edit_end:
            high = index
            break
        word = statement.mnemonic
        if (
            word is not None
            and word.site is None
            and word.span.start in written
            and _line_start(source, at.start) <= edit_start
        ):
            low = index
    if low is None:
        return None
    after = preamble[high] if high < len(preamble) else program.functions[0].text if program.functions else None
    if after is None:
        end = len(source.text)
    elif after.span.source is source:
        end = _line_start(source, after.span.start)
        if high == len(preamble) and _in_signature(source.text, new, end, edit):
            return None
    else:
        return None
    start = _line_start(source, preamble[low].span.start)
    if (
        edit_end > end
        or any(s.word not in UNPLACED for s in preamble[low:high])
        or _labels_carried_from(program.statements[high:], source, start, end)
    ):
        return None
    word = preamble[low].mnemonic
    assert word is not None, "low is only set at a statement with a mnemonic"
    return Region(start, end, word.span.start, range(low, high), 0, 0)


def reads_alone(old: str, new: str, region: Region, edit: LineEdit) -> bool:
    """Whether the region's new lines read alone as in the whole new text
    (and leave the preprocessor in the same state after them)."""
    new_end = region.end + edit.delta
    # (a block comment may not run into it: one out of it is a lex error of its own)
    return not (
        _NOT_LOCAL.search(new, region.start, new_end)
        or "*/" in old[region.start : region.resume_at]
        or _in_directive(new, edit.start, edit.new_end)
        or _in_directive(old, edit.start, edit.old_end)
        or _hides_directives(old, region.start, region.end)
        or _hides_directives(new, region.start, new_end)
    )


def _hides_directives(text: str, start: int, end: int) -> bool:
    """Whether a block comment may hide a directive in lines [start, end), or
    carry one on to lines the backslashes do not show."""
    return bool(_BLOCK_COMMENT.search(text, start, end) and _DIRECTIVE.search(text, start, end))


def comments_only(old: str, new: str, edit: LineEdit) -> bool:
    """Whether the edit's old and new lines are comments and blank lines only
    (and no signature of a function: no code right after their `//` lines)."""
    return all(
        _blank_but_comments(text, edit.start, end)
        and not _in_directive(text, edit.start, end)
        and _signature_free(text, end)
        for text, end in ((old, edit.old_end), (new, edit.new_end))
    )


def _blank_but_comments(text: str, start: int, end: int) -> bool:
    """Whether lines [start, end) of text are blank or `//` comments (holding
    no block comment mark nor //go:build, which the lexer would read)."""
    lines = _COMMENT_LINES.match(text, start, end)
    assert lines is not None, "the pattern matches the empty string"
    return lines.end() == end and not (_NOT_LOCAL.search(text, start, end) or _BLOCK_COMMENT.search(text, start, end))


def _signature_free(text: str, line: int) -> bool:
    """Whether the `//` lines from line on are followed by a blank line, a
    directive or the end: by no TEXT they would be the signature of."""
    while line < len(text):
        end = text.find("\n", line) + 1 or len(text)
        written = text[line:end].strip()
        if not written.startswith("//"):
            return not written or written.startswith("#")
        line = end
    return True


def _labels_carried_from(statements, source: SourceFile, start: int, end: int) -> bool:
    """Whether labels written in [start, end) label the first of statements that cmd/asm places."""
    placed = next((s for s in statements if s.mnemonic is not None and s.word not in UNPLACED), None)
    return placed is not None and any(
        label.location.source is source and start <= label.location.start < end for label in placed.labels
    )


@dataclass(frozen=True)
class _Anchors:
    """The functions whose TEXT is written at the start of a line of the file
    (not by a macro, not in a header), in order: (index, offset of the line) each."""

    at: list[tuple[int, int]]
    indices: list[int]
    lines: list[int]


def _texts_written(unit: CheckUnit, source: SourceFile) -> _Anchors:
    """The program's anchors, kept with it: every keystroke until the next
    whole check starts from it (looked up by bisection: no walk over the
    functions of a generated file at each keystroke)."""
    cached = _WRITTEN.get(unit.program)
    if cached is None or cached[0] is not source:
        written = unit.preprocessed.resume_states
        at = [
            (i, _line_start(source, word.span.start))
            for i, word in enumerate(f.text_token for f in unit.program.functions)
            if word.site is None and word.span.source is source and word.span.start in written
        ]
        cached = _WRITTEN[unit.program] = (source, _Anchors(at, [i for i, _ in at], [line for _, line in at]))
    return cached[1]


_WRITTEN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _statement_starts(program: Program) -> list[int]:
    """The index in program.statements of each function's first statement,
    and the count of them all last (kept with the program)."""
    starts = _STARTS.get(program)
    if starts is None:
        starts = _STARTS[program] = list(
            accumulate((len(f.statements) for f in program.functions), initial=len(program.preamble))
        )
    return starts


_STARTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _line_start(source: SourceFile, offset: int) -> int:
    return source.text.rfind("\n", 0, offset) + 1


def _in_directive(text: str, start: int, end: int) -> bool:
    """Whether lines [start, end) of text hold a directive, or are lines a
    directive continues onto (each line before ending in a backslash)."""
    if _DIRECTIVE.search(text, start, end):
        return True
    line = start
    while text.endswith(_CONTINUED, 0, line):
        line = _line_start_before(text, line)
        if _DIRECTIVE.match(text, line):
            return True
    return False


def _line_start_before(text: str, line: int) -> int:
    return text.rfind("\n", 0, line - 1) + 1


def _in_signature(old: str, new: str, text_line: int, edit: LineEdit) -> bool:
    """Whether the edit is in the `//` lines right above the TEXT on the old
    line text_line (after the edit), old or new: asmdecl reads the function's
    `// func` signature there."""
    return edit.old_end > _comments_above(old, text_line) or edit.new_end > _comments_above(new, text_line + edit.delta)


def _comments_above(text: str, line: int) -> int:
    """The first line of the `//` lines right above line."""
    while line > 0:
        above = _line_start_before(text, line)
        if not text[above:line].lstrip().startswith("//"):
            break
        line = above
    return line
