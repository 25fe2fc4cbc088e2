"""Incremental changes applied by the server's documents (asm_ls.lsp.documents)
give the text pygls's own document gives, and line starts that are the
text's, for random edits in every position encoding."""

import re
from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec
from pygls.workspace.text_document import TextDocument

from asm_ls.lsp.documents import LineIndexedDocument

PIECES = ["\tMOVQ AX, BX", "·", "∕", "😀", "\n", "\r\n", "", "x", "// é", "\t"]
ENCODINGS = [types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf32]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def position(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


@settings(max_examples=300, deadline=None)
@given(
    text=texts,
    edits=st.lists(
        st.tuples(st.integers(0, 8), st.integers(0, 12), st.integers(0, 8), st.integers(0, 12), texts), max_size=8
    ),
    encoding=st.sampled_from(ENCODINGS),
)
def test_changes_give_pygls_text_and_the_texts_line_starts(text, edits, encoding):
    codec = PositionCodec(encoding)
    ours = LineIndexedDocument("file:///x.s", source=text, position_codec=codec)
    theirs = TextDocument("file:///x.s", source=text, position_codec=codec)
    versions = []  # each version's text and line starts: an edit must leave the earlier ones as they were
    for start_line, start_char, end_line, end_char, new in edits:
        if (end_line, end_char) < (start_line, start_char):
            start_line, start_char, end_line, end_char = end_line, end_char, start_line, start_char
        lines = theirs.source.split("\n")
        if start_line >= len(lines) or end_line >= len(lines):
            continue  # pygls's text for a change past the end differs by design (it appends)
        if start_char > codec.client_num_units(lines[start_line]) or end_char > codec.client_num_units(lines[end_line]):
            continue  # past the line's end: LSP says the line's length, pygls takes its newline too
        change = types.TextDocumentContentChangePartial(
            range=types.Range(position(start_line, start_char), position(end_line, end_char)), text=new
        )
        if "\r" in theirs.source or "\u2028" in theirs.source:
            continue  # pygls splits lines at \\r too; asm-ls at \\n only, as the assembler does
        ours.apply_change(change)
        theirs.apply_change(change)
        assert ours.source == theirs.source
        assert ours.line_starts() == [0, *(m.end() for m in re.finditer("\n", ours.source))]
        versions.append((ours.source, ours.line_starts()))
    for source, starts in versions:
        expected = [0, *(m.end() for m in re.finditer("\n", source))]
        assert starts.as_list() == expected
        assert [starts.line_of(offset) for offset in range(len(source) + 1)] == [
            bisect_right(expected, offset) - 1 for offset in range(len(source) + 1)
        ]


def test_typing_on_one_line_then_elsewhere_keeps_every_versions_line_starts():
    """The typing an editor does: characters on one line (the later lines move
    without being touched), a new line, a deletion, then an edit above."""
    text = "".join(f"\tMOVQ AX, {i}(SP)\n" for i in range(50))
    document = LineIndexedDocument("file:///x.s", source=text)
    edits = [(20, 16, 20, 16, ch) for ch in "abc"] + [(20, 19, 20, 20, "")]
    edits += [(20, 18, 20, 18, "\n\t"), (21, 1, 21, 1, "X"), (21, 2, 21, 2, "Y"), (21, 0, 22, 0, "")]
    edits += [(3, 0, 3, 0, "Z"), (40, 1, 40, 1, "\n\n")]
    versions = []
    for start_line, start_char, end_line, end_char, new in edits:
        change = types.TextDocumentContentChangePartial(
            range=types.Range(position(start_line, start_char), position(end_line, end_char)), text=new
        )
        document.apply_change(change)
        versions.append((document.source, document.line_starts()))
    for source, starts in versions:
        assert starts.as_list() == [0, *(m.end() for m in re.finditer("\n", source))]
