"""Folding ranges, document links and selection ranges as pure functions."""

from __future__ import annotations

import pytest
from support.workspace import EDITING, fixture_workspace, offset_of

from asm_ls.features.semantic_tokens import semantic_tokens
from asm_ls.features.structure import document_links, folding_ranges, selection_ranges

AMD64 = str(EDITING / "vec" / "vec_amd64.s")
HEADER = str(EDITING / "vec" / "vec.h")


@pytest.fixture(scope="module")
def ws():
    return fixture_workspace(root=EDITING)


def test_folds_functions_tables_conditionals_and_comments(ws):
    assert [(f.start_line + 1, f.end_line + 1, f.kind) for f in folding_ranges(ws, AMD64)] == [
        (1, 2, "imports"),
        (5, 18, "region"),  # TEXT ·Sum to its RET
        (21, 37, "region"),  # TEXT ·Scale
        (39, 40, "comment"),  # /* ... */
        (41, 45, "region"),  # DATA ·table ... GLOBL
        (48, 51, "region"),  # TEXT ·One
        (53, 54, "region"),  # ones<>
    ]
    assert [(f.start_line + 1, f.end_line + 1) for f in folding_ranges(ws, HEADER)] == [(4, 7), (8, 10)]


def test_links_go_to_the_headers(ws):
    links = document_links(ws, AMD64)
    text = open(AMD64).read()
    assert [text[link.span.start : link.span.end] for link in links] == ["textflag.h", "vec.h"]
    assert links[1].target == HEADER


def test_selections_grow_from_the_word_to_the_file(ws):
    def chain(needle: str, delta: int) -> list[str]:
        (spans,) = selection_ranges(ws, AMD64, [offset_of(AMD64, needle, 0, delta)])
        return [s.source.text[s.start : s.end].split("\n")[0] for s in spans]

    assert chain("xs_len", 2) == [
        "xs_len",
        "xs_len+8(FP)",
        "MOVQ\txs_len+8(FP), CX",
        "TEXT ·Sum(SB), NOSPLIT, $0-32",
        '#include "textflag.h"',
    ]
    assert chain("(SI), AX", 1) == [
        "SI",
        "(SI)",
        "ADDTO((SI), AX)",
        "TEXT ·Sum(SB), NOSPLIT, $0-32",
        '#include "textflag.h"',
    ]
    assert chain("loop:", 1) == ["loop", "loop:", "TEXT ·Sum(SB), NOSPLIT, $0-32", '#include "textflag.h"']
    assert chain("// func Sum", 4) == ["// func Sum(xs []int64) (total int64)", '#include "textflag.h"']


def test_a_binary_or_oversized_buffer_has_no_structure(tmp_path):
    binary = str(tmp_path / "bin_amd64.s")
    huge = str(tmp_path / "huge_amd64.s")
    workspace = fixture_workspace(
        {binary: "TEXT f(SB), 0, $0\n\0\0\n", huge: "// comment\n" * (17 * 1024 * 1024 // 11)}, root=tmp_path
    )
    for path in (binary, huge):
        assert folding_ranges(workspace, path) == [] and semantic_tokens(workspace, path) == []
