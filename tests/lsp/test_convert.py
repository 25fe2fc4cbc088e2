"""The LSP edge: findings merged across arches, one message naming them
(as the CLI writes it), ranges in the client's units."""

import re

import pytest
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from asm_ls.engine.registry import merge_contexts
from asm_ls.lsp.convert import client_token_data, to_lsp, to_range
from asm_ls.model import Diagnostic
from asm_ls.syntax.source import SourceFile, Span

SOURCE = SourceFile("/w/f.s", "TEXT ·f(SB), $0-8\n\tMOVQ x+0(FP), AX\n")
CODEC = PositionCodec(types.PositionEncodingKind.Utf16)


def finding(arch: str, message: str, start: int = 24) -> Diagnostic:
    return Diagnostic(Span(SOURCE, start, start + 8), "asmdecl", message, arches=(arch,))


def shown(found: list[Diagnostic]) -> list[str]:
    return sorted(to_lsp(d, CODEC, str).message for d in found)


def test_vet_style_findings_of_several_arches_become_one_naming_them_all():
    merged = merge_contexts(
        [
            [finding("arm64", "f: unknown variable x")],
            [finding("amd64", "f: unknown variable x")],
            [finding("386", "f: invalid offset x+0(FP); expected x+4(FP)")],
        ]
    )
    assert shown(merged) == [
        "[386] f: invalid offset x+0(FP); expected x+4(FP)",
        "[amd64, arm64] f: unknown variable x",
    ]


def test_findings_at_different_places_stay_apart():
    merged = merge_contexts(
        [[finding("amd64", "f: unknown variable x", 24)], [finding("arm64", "f: unknown variable x", 30)]]
    )
    assert shown(merged) == ["[amd64] f: unknown variable x", "[arm64] f: unknown variable x"]


def test_range_counts_utf16_units_after_the_middle_dot():
    codec = PositionCodec(types.PositionEncodingKind.Utf8)
    assert to_range(Span(SOURCE, 6, 7), codec) == types.Range(types.Position(0, 7), types.Position(0, 8))
    codec = PositionCodec(types.PositionEncodingKind.Utf16)
    assert to_range(Span(SOURCE, 6, 7), codec) == types.Range(types.Position(0, 6), types.Position(0, 7))


def _absolute(data: list[int]) -> list[tuple[int, int, int]]:
    """(line, column, length) of each token of LSP's relative encoding."""
    tokens, line, column = [], 0, 0
    for at in range(0, len(data), 5):
        line, column = (line + data[at], data[at + 1]) if data[at] else (line, column + data[at + 1])
        tokens.append((line, column, data[at + 2]))
    return tokens


@pytest.mark.parametrize("encoding", list(types.PositionEncodingKind))
def test_token_columns_are_counted_as_the_client_counts_them(encoding):
    """Semantic tokens of lines with `·`, an emoji (two UTF-16 units, four UTF-8
    bytes) and a block comment's non-ASCII line, as the client counts them."""
    text = "TEXT ·f(SB), $0-8 // ∑ x\n\tMOVQ x+0(FP), AX\n/* é 🙂\n   ü */ MOVQ AX, BX // 🙂 y\n\tRET\n"
    source = SourceFile("/w/f.s", text)
    codec = PositionCodec(encoding)
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\s,()+$]+", text)]  # every word a token
    data, previous = [], (0, 0)
    for start, end in spans:
        line, column = source.position(start)
        data += [line - previous[0], column - (previous[1] if line == previous[0] else 0), end - start, 0, 0]
        previous = (line, column)
    found = _absolute(client_token_data(data, source, codec))
    lines = text.split("\n")
    expected = [
        (line, codec.client_num_units(lines[line][:column]), codec.client_num_units(lines[line][column : column + n]))
        for line, column, n in _absolute(data)
    ]
    assert found == expected
    assert client_token_data(data, SourceFile("/w/f.s", "TEXT f(SB), $0\n"), codec) is data  # ASCII: as it is
