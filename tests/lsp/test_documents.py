"""Incremental changes applied by the server's documents (asm_ls.lsp.documents)
give the text pygls's own document gives, and line starts that are the
text's, for random edits in every position encoding."""

import re

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
