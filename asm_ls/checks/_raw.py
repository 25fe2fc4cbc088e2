"""A file's raw lines as go vet's text-reading passes (buildtag, directive,
framepointer) see them: no preprocessing, no tokens; spans of whole lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from asm_ls.arch.constraint import SPACES
from asm_ls.syntax.source import SourceFile, Span

_FIELD = re.compile(f"[^{re.escape(SPACES)}]+")


def lines_with_offsets(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line, its newline kept, as vet's loops cut them;
    one at a time: the passes stop at the first line of code, and the rest
    of a large file is never cut."""
    offset = 0
    while offset < len(text):
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end + 1
        yield offset, text[offset:end]
        offset = end


def fields(text: str) -> list[str]:
    """strings.Fields: the words between runs of Unicode white space."""
    return _FIELD.findall(text)


def line_span(source: SourceFile, offset: int) -> Span:
    """The line starting at offset, without its line end: where vet reports (its first column)."""
    line, _ = source.position(offset)
    text = source.line_text(line).rstrip("\r")
    return Span(source, offset, offset + len(text))
