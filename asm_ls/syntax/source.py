"""Source texts and positions.

Positions inside asm-ls are code-point offsets into a file's text; lines and
columns are 0-based code points. Conversion to a client's encoding (UTF-16,
UTF-8) happens only at the LSP edge.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_NEWLINE = re.compile("\n")


@dataclass(eq=False)
class SourceFile:
    """One file's text, as on disk or as in an editor buffer."""

    path: str
    text: str
    _line_starts: list[int] | None = field(default=None, repr=False)

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in _NEWLINE.finditer(self.text))]
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of a code-point offset, both 0-based."""
        starts = self.line_starts
        line = bisect.bisect_right(starts, offset) - 1
        return line, offset - starts[line]

    def offset(self, line: int, column: int) -> int:
        """Offset of a (line, column), clamped to the text."""
        starts = self.line_starts
        if line < 0:
            return 0
        if line >= len(starts):
            return len(self.text)
        end = starts[line + 1] - 1 if line + 1 < len(starts) else len(self.text)
        return min(starts[line] + max(column, 0), end)

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        if not 0 <= line < len(starts):
            return ""
        end = starts[line + 1] - 1 if line + 1 < len(starts) else len(self.text)
        return self.text[starts[line] : end]


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
