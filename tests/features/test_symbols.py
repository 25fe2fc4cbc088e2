"""Document and workspace symbols on the fixture workspace (module wsmod)."""

import os
from pathlib import Path

from support.workspace import ADD_AMD64, ADD_ARM64, WORKSPACE
from support.workspace import fixture_workspace as workspace

from asm_ls.features.symbols import MAX_WORKSPACE_SYMBOLS, document_symbols, workspace_symbols

ROOT = WORKSPACE
EXTRA = str(ROOT / "add" / "extra_amd64.s")  # an editor buffer only

EXTRA_TEXT = """\
#include "textflag.h"

#define HALF(r) SHRQ $1, r
#define WIDTH 16

DATA greeting<>+0(SB)/8, $"hello, w"
GLOBL greeting<>(SB), RODATA|NOPTR, $8

DATA ·counter+0(SB)/8, $0

// func addAll(xs []int64) int64
TEXT ·addAll(SB), NOSPLIT, $0-32
start:
	HALF(AX)
	JMP	start
	RET

TEXT ·madd(SB), NOSPLIT, $0
	RET

TEXT ·anDd(SB), NOSPLIT, $0
	RET
"""


def text_of(span) -> str:
    return span.source.text[span.start : span.end]


def outline(symbols, depth=0):
    """(depth, kind, name, selected text, detail) of each symbol, children after their parent."""
    rows = []
    for symbol in symbols:
        rows.append((depth, symbol.kind, symbol.name, text_of(symbol.selection_span), symbol.detail))
        rows += outline(symbol.children, depth + 1)
    return rows


# --- document symbols ---------------------------------------------------------------


def test_outline_of_amd64_file():
    assert outline(document_symbols(workspace(), ADD_AMD64)) == [
        (0, "function", "·Add", "·Add", "NOSPLIT, $0-24"),
        (0, "function", "·Sum", "·Sum", "NOSPLIT, $0-32"),
        (1, "label", "loop", "loop", ""),
        (1, "label", "done", "done", ""),
        (0, "constant", "·table", "·table", "RODATA, $16, 4 DATA"),
    ]


def test_outline_of_arm64_file():
    assert outline(document_symbols(workspace(), ADD_ARM64)) == [
        (0, "function", "·Add", "·Add", "NOSPLIT, $0-24"),
        (0, "function", "·Sum", "·Sum", "NOSPLIT, $0-32"),
        (1, "label", "loop", "loop", ""),
        (1, "label", "done", "done", ""),
    ]


def test_ranges_cover_definitions_and_selections_their_names():
    symbols = document_symbols(workspace(), ADD_AMD64)
    add, total, table = symbols
    assert text_of(add.span).startswith("TEXT ·Add(SB)") and text_of(add.span).endswith("RET")
    assert text_of(total.span).endswith("\tMOVQ\tAX, ret+24(FP)\n\tRET")
    # The symbol's range spans its DATA lines and its GLOBL; the name selected is the GLOBL's.
    assert text_of(table.span).startswith("DATA ·table+0(SB)/4")
    assert text_of(table.span).endswith("GLOBL ·table(SB), RODATA, $16")
    assert table.selection_span.source.line_text(
        table.selection_span.source.position(table.selection_span.start)[0]
    ).startswith("GLOBL")
    for symbol in symbols:
        assert symbol.span.start <= symbol.selection_span.start <= symbol.selection_span.end <= symbol.span.end
        for child in symbol.children:
            assert symbol.span.start <= child.span.start <= child.span.end <= symbol.span.end


def test_outline_with_macros_file_local_data_and_data_without_globl():
    rows = outline(document_symbols(workspace({EXTRA: EXTRA_TEXT}), EXTRA))
    assert rows == [
        (0, "macro", "HALF", "HALF", "#define HALF(r) SHRQ $ 1 , r"),
        (0, "macro", "WIDTH", "WIDTH", "#define WIDTH 16"),
        (0, "constant", "greeting<>", "greeting", "RODATA|NOPTR, $8, 1 DATA"),
        (0, "variable", "·counter", "·counter", "1 DATA"),
        (0, "function", "·addAll", "·addAll", "NOSPLIT, $0-32"),
        (1, "label", "start", "start", ""),
        (0, "function", "·madd", "·madd", "NOSPLIT, $0"),
        (0, "function", "·anDd", "·anDd", "NOSPLIT, $0"),
    ]


def test_outline_of_a_file_being_edited_that_does_not_parse():
    broken = Path(ADD_ARM64).read_text().replace("\tSUB\t$1, R3", "\tSUB\t$(, ((R3")
    rows = outline(document_symbols(workspace({ADD_ARM64: broken}), ADD_ARM64))
    assert [row[2] for row in rows] == ["·Add", "·Sum", "loop", "done"]


# --- workspace symbols --------------------------------------------------------------


def names(found):
    return [(s.name, os.path.basename(s.span.source.path)) for s in found]


def test_ranked_exact_prefix_substring_subsequence():
    found = workspace_symbols(workspace({EXTRA: EXTRA_TEXT}), "add")
    assert names(found) == [
        ("·Add", "add_amd64.s"),
        ("·Add", "add_arm64.s"),  # exact, case-insensitive
        ("·addAll", "extra_amd64.s"),  # prefix
        ("·madd", "extra_amd64.s"),  # substring
        ("·anDd", "extra_amd64.s"),  # subsequence
    ]
    assert found[0].kind == "function" and found[0].container == "wsmod/add"
    assert found[0].qualified == "wsmod/add.Add"


def test_globl_symbols_and_file_local_names():
    found = workspace_symbols(workspace({EXTRA: EXTRA_TEXT}), "gre")
    assert [(s.name, s.kind, s.container) for s in found] == [("greeting<>", "variable", "wsmod/add")]
    assert text_of(found[0].span) == "greeting"
    found = workspace_symbols(workspace(), "table")
    assert [(s.name, s.kind) for s in found] == [("·table", "variable")]


def test_data_lines_and_uses_are_not_symbols():
    ws = workspace({EXTRA: EXTRA_TEXT})
    assert workspace_symbols(ws, "counter") == []  # DATA without GLOBL: no definition to list
    assert names(workspace_symbols(ws, "Triple")) == [("·Triple", "use_amd64.s")]


def test_qualified_queries():
    ws = workspace()
    assert names(workspace_symbols(ws, "wsmod/use.Tr")) == [("·Triple", "use_amd64.s")]
    assert names(workspace_symbols(ws, "add·Sum")) == [("·Sum", "add_amd64.s"), ("·Sum", "add_arm64.s")]


def test_no_match_and_empty_query():
    ws = workspace()
    assert workspace_symbols(ws, "zzz") == []
    assert {s.name for s in workspace_symbols(ws, "")} == {"·Add", "·Sum", "·table", "·Triple"}


def test_at_most_the_limit():
    many = "".join(f"TEXT ·f{i}(SB), $0\n\tRET\n" for i in range(MAX_WORKSPACE_SYMBOLS + 50))
    found = workspace_symbols(workspace({EXTRA: many}), "f")
    assert len(found) == MAX_WORKSPACE_SYMBOLS
    assert found[0].name == "·f0"  # shortest prefix matches first
