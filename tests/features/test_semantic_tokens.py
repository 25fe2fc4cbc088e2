"""Semantic tokens as a pure function: what each word of a file is, the
legend's modifiers covering every register kind of the arch tables, and
range requests cutting the whole file's tokens."""

from __future__ import annotations

import json

import pytest
from support.paths import REPO
from support.workspace import EDITING, fixture_workspace

from asm_ls.arch import GOARCHES, get_arch
from asm_ls.features.semantic_tokens import REGISTER_KINDS, TOKEN_MODIFIERS, TOKEN_TYPES, semantic_tokens

AMD64 = str(EDITING / "vec" / "vec_amd64.s")
ARM64 = str(EDITING / "vec" / "vec_arm64.s")
HEADER = str(EDITING / "vec" / "vec.h")


@pytest.fixture(scope="module")
def ws():
    return fixture_workspace(root=EDITING)


def words(ws, path: str, offsets=None) -> list[tuple[int, str, str, tuple[str, ...]]]:
    lines = open(path).read().split("\n")
    return [
        (
            line + 1,
            lines[line][column : column + length],
            TOKEN_TYPES[kind],
            tuple(m for bit, m in enumerate(TOKEN_MODIFIERS) if modifiers >> bit & 1),
        )
        for line, column, length, kind, modifiers in semantic_tokens(ws, path, offsets)
    ]


def line(found, number: int) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(text, kind, mods) for n, text, kind, mods in found if n == number]


def test_every_word_of_a_function(ws):
    found = words(ws, AMD64)
    assert line(found, 5) == [
        ("TEXT", "keyword", ("directive",)),
        ("·Sum", "function", ("declaration", "definition")),
        ("SB", "variable", ("defaultLibrary", "pseudo")),
        ("NOSPLIT", "macro", ("readonly", "defaultLibrary")),
        ("0", "number", ()),
        ("32", "number", ()),
    ]
    assert line(found, 7) == [
        ("MOVQ", "keyword", ()),
        ("xs_len", "parameter", ()),
        ("8", "number", ()),
        ("FP", "variable", ("defaultLibrary", "pseudo")),
        ("CX", "variable", ("defaultLibrary", "general")),
    ]
    assert line(found, 8) == [("ZERO", "macro", ()), ("AX", "variable", ("defaultLibrary", "general"))]
    assert line(found, 9) == [("loop", "label", ("declaration", "definition"))]
    assert line(found, 11) == [("JZ", "keyword", ()), ("done", "label", ())]
    assert line(found, 4) == [("// func Sum(xs []int64) (total int64)", "comment", ())]
    assert line(found, 1) == [
        ("#", "keyword", ("directive",)),
        ("include", "keyword", ("directive",)),
        ('"textflag.h"', "string", ()),
    ]


def test_data_symbols_file_local_ones_and_block_comments(ws):
    found = words(ws, AMD64)
    assert ("·table", "variable", ("declaration", "definition")) in line(found, 45)
    assert ("ones", "variable", ("static",)) in line(found, 49)
    assert ("ones", "variable", ("declaration", "definition", "static")) in line(found, 54)
    # A block comment over two lines: one token per line.
    assert line(found, 39) == [("/* The table is read by the Go side:", "comment", ())]
    assert line(found, 40) == [("   four words. */", "comment", ())]


def test_arm64_suffixes_pairs_and_vector_kinds(ws):
    found = words(ws, ARM64)
    assert line(found, 11) == [
        ("MOVD", "keyword", ()),
        ("P", "keyword", ()),
        ("8", "number", ()),
        ("R2", "variable", ("defaultLibrary", "general")),
        ("R4", "variable", ("defaultLibrary", "general")),
    ]
    assert [w[0] for w in line(found, 31)] == ["LDP", "R0", "R5", "R6"]


def test_macro_definitions_and_parameters_in_a_header(ws):
    found = words(ws, HEADER)
    assert line(found, 6) == [
        ("#", "keyword", ("directive",)),
        ("define", "keyword", ("directive",)),
        ("ZERO", "macro", ("declaration", "definition")),
        ("r", "parameter", ("declaration", "definition")),
        ("r", "parameter", ()),
        ("r", "parameter", ()),
    ]
    assert line(found, 4)[-1] == ("GOARCH_amd64", "macro", ())


def test_a_range_is_a_slice_of_the_whole(ws):
    whole = words(ws, AMD64)
    text = open(AMD64).read()
    start = text.index("loop:")
    end = text.index("done:")
    assert words(ws, AMD64, (start, end)) == [w for w in whole if 9 <= w[0] <= 15]


def test_every_register_kind_of_every_arch_has_a_modifier():
    kinds = {register.kind for goarch in GOARCHES for register in get_arch(goarch).registers.values()}
    assert kinds - {"pseudo"} <= set(REGISTER_KINDS)


def test_the_vscode_extension_declares_every_modifier_beyond_lsps():
    manifest = json.loads((REPO / "editors" / "vscode" / "package.json").read_text())
    declared = {m["id"] for m in manifest["contributes"]["semanticTokenModifiers"]}
    standard = {"declaration", "definition", "readonly", "static", "defaultLibrary"}
    assert declared == set(TOKEN_MODIFIERS) - standard
