"""Source texts and positions.

Positions inside asm-ls are code-point offsets into a file's text; lines and
columns are 0-based code points. Conversion to a client's encoding (UTF-16,
UTF-8) happens only at the LSP edge.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_NEWLINE = re.compile("\n")


class LineStarts:
    """Where a text's lines start (code-point offsets; the last line may be
    empty), as a read-only sequence. An edit makes a new one from the old in
    time that does not grow with the file while the editor types on one line:
    the starts from `pivot` on are `base[i] + delta`, and typing moves only
    delta (the base list is shared with the versions before, never changed).
    An edit elsewhere, or one that adds or removes lines, copies the list
    (in C: under a millisecond for 200,000 lines)."""

    __slots__ = ("base", "pivot", "delta")

    def __init__(self, base: list[int], pivot: int | None = None, delta: int = 0):
        self.base = base
        self.pivot = len(base) if pivot is None or not delta else pivot
        self.delta = delta if self.pivot < len(base) else 0

    @classmethod
    def of(cls, text: str) -> LineStarts:
        return cls([0, *(m.end() for m in _NEWLINE.finditer(text))])

    def __len__(self) -> int:
        return len(self.base)

    def __getitem__(self, line: int) -> int:
        if line < 0:
            line += len(self.base)
        return self.base[line] + self.delta if line >= self.pivot else self.base[line]

    def __iter__(self) -> Iterator[int]:
        return iter(self.as_list())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LineStarts):
            other = other.as_list()
        return isinstance(other, list) and self.as_list() == other

    __hash__ = None  # type: ignore[assignment]

    def as_list(self) -> list[int]:
        base, pivot = self.base, self.pivot
        if pivot >= len(base):
            return base
        return base[:pivot] + list(map(operator.add, base[pivot:], itertools.repeat(self.delta, len(base) - pivot)))

    def line_of(self, offset: int) -> int:
        """The 0-based line an offset is on."""
        base, pivot = self.base, self.pivot
        if pivot >= len(base) or offset < base[pivot] + self.delta:
            return bisect.bisect_right(base, offset, 0, pivot) - 1
        return bisect.bisect_right(base, offset - self.delta, pivot) - 1

    def edited(self, first: int, last: int, added: list[int], delta: int) -> LineStarts:
        """The starts after an edit of lines first..last (their text replaced
        from within line `first`, whose start stays): `added` are the starts of
        the lines the new text begins, and the lines after `last` move by delta."""
        base, moved = self.base, self.delta
        if moved and self.pivot != last + 1:
            base, moved = self.as_list(), 0  # the edit is not where the moved lines begin
        # (else the lines after `last` are those moved already: the base stays theirs)
        if added or last > first:
            base = base[: first + 1] + added + base[last + 1 :]
        return LineStarts(base, first + 1 + len(added), moved + delta)


@dataclass(eq=False)
class SourceFile:
    """One file's text, as on disk or as in an editor buffer."""

    path: str
    text: str
    _starts: LineStarts | None = field(default=None, repr=False)

    @property
    def line_starts(self) -> LineStarts:
        if self._starts is None:
            self._starts = LineStarts.of(self.text)
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of a code-point offset, both 0-based."""
        starts = self.line_starts
        base = starts.base
        if starts.pivot >= len(base):  # (as read from disk: a list, no call per index)
            line = bisect.bisect_right(base, offset) - 1
            return line, offset - base[line]
        line = starts.line_of(offset)
        return line, offset - starts[line]

    def offset(self, line: int, column: int) -> int:
        """Offset of a (line, column), clamped to the text."""
        starts = self._starts_list()
        if line < 0:
            return 0
        if line >= len(starts):
            return len(self.text)
        end = starts[line + 1] - 1 if line + 1 < len(starts) else len(self.text)
        return min(starts[line] + max(column, 0), end)

    def line_text(self, line: int) -> str:
        starts = self._starts_list()
        if not 0 <= line < len(starts):
            return ""
        end = starts[line + 1] - 1 if line + 1 < len(starts) else len(self.text)
        return self.text[starts[line] : end]

    def _starts_list(self) -> list[int] | LineStarts:
        """The line starts as a list when they are one (as read from disk), else as they are."""
        starts = self.line_starts
        return starts.base if starts.pivot >= len(starts.base) else starts


class Span:
    """A range of code-point offsets in one file; a value (equal spans are
    the same range of the same SourceFile object), never changed once made.

    Not a frozen dataclass: a check makes millions (one per token), and a
    frozen dataclass's __init__ took three times as long."""

    __slots__ = ("source", "start", "end")

    def __init__(self, source: SourceFile, start: int, end: int):
        self.source = source
        self.start = start
        self.end = end

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Span:
            return NotImplemented
        return self.source is other.source and self.start == other.start and self.end == other.end

    def __hash__(self) -> int:
        return hash((id(self.source), self.start, self.end))

    def __repr__(self) -> str:
        return f"Span(start={self.start}, end={self.end})"

    def lines_and_columns(self) -> tuple[int, int, int, int]:
        line, col = self.source.position(self.start)
        end_line, end_col = self.source.position(self.end)
        return line, col, end_line, end_col

    def cover(self, other: Span) -> Span:
        """The smallest span covering both (other must be in the same file)."""
        if other.source is not self.source:
            return self
        return Span(self.source, min(self.start, other.start), max(self.end, other.end))
