"""Editor buffers as the server holds them: pygls's TextDocument, with an
incremental change applied at the offsets of the lines it touches; and the
last semantic tokens answer of each (TokenResults).

pygls splits the whole text into lines and writes it anew line by line for
every change: 50 ms of a keystroke in a 136k-line generated file. Here the
document keeps where its lines start (lines end at `\\n`, as everywhere in
asm-ls), finds the change's offsets from the two lines it names, slices the
text, and moves the later line starts by the change's length (asm_ls.syntax.source.LineStarts:
typing on one line moves them without touching them). The same line starts go
to the analyzer's SourceFile, which would count them again.
"""

from __future__ import annotations

import itertools
import re

from lsprotocol import types
from pygls.workspace import Workspace
from pygls.workspace.text_document import TextDocument

from asm_ls.syntax.source import LineStarts

_NEWLINE = re.compile("\n")


class LineIndexedDocument(TextDocument):
    _line_starts: LineStarts | None = None
    _starts_of: str | None = None  # the text _line_starts are of

    def line_starts(self) -> LineStarts:
        """Offsets (code points) where the text's lines start; the last line may be empty."""
        source = self.source
        if self._line_starts is None or self._starts_of is not source:
            self._line_starts = LineStarts.of(source)
            self._starts_of = source
        return self._line_starts

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        source = self.source
        starts = self.line_starts()
        start = self._offset(source, starts, change.range.start)
        end = max(start, self._offset(source, starts, change.range.end))
        text = change.text
        self._source = source[:start] + text + source[end:]
        first = starts.line_of(start)  # the line the change starts on: its start stays
        last = starts.line_of(end)
        added = [start + m.end() for m in _NEWLINE.finditer(text)]
        self._line_starts = starts.edited(first, last, added, len(text) - (end - start))
        self._starts_of = self._source

    def _offset(self, source: str, starts: LineStarts, position: types.Position) -> int:
        """The offset of a client position: its line's start plus its column in code points
        (the client's units converted on that line's text alone), clamped to the line."""
        line = position.line
        if line >= len(starts):
            return len(source)
        line_end = starts[line + 1] - 1 if line + 1 < len(starts) else len(source)
        text = source[starts[line] : line_end]
        column = self._position_codec.position_from_client_units(
            [text], types.Position(0, max(position.character, 0))
        ).character
        return starts[line] + min(column, len(text))


def use_line_indexed_documents(workspace: Workspace) -> None:
    """Make the workspace create LineIndexedDocuments (pygls has no option for
    the document class: its factory method is replaced on this instance)."""

    def create(
        doc_uri: str, source: str | None = None, version: int | None = None, language_id: str | None = None
    ) -> TextDocument:
        return LineIndexedDocument(
            doc_uri,
            source=source,
            version=version,
            language_id=language_id,
            sync_kind=workspace._sync_kind,
            position_codec=workspace._position_codec,
        )

    workspace._create_text_document = create  # type: ignore[method-assign]


class TokenResults:
    """The last whole-file semantic tokens answers per document, by result id:
    a delta request names one, and gets only what changed since. Two are
    kept: an answer the client cancelled (typed on meanwhile) may still have
    been sent, and its next request names the one before."""

    KEPT = 2

    def __init__(self) -> None:
        self._last: dict[str, list[tuple[str, list[int]]]] = {}
        self._ids = itertools.count(1)

    def keep(self, uri: str, data: list[int]) -> str:
        result_id = str(next(self._ids))
        kept = self._last.setdefault(uri, [])
        kept.append((result_id, data))
        del kept[: -self.KEPT]
        return result_id

    def get(self, uri: str, result_id: str) -> list[int] | None:
        return next((data for kept_id, data in self._last.get(uri, ()) if kept_id == result_id), None)

    def forget(self, uri: str) -> None:
        self._last.pop(uri, None)
