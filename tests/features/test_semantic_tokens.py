"""Semantic tokens as a pure function: what each word of a file is, the
legend's modifiers covering every register kind of the arch tables, and
range requests cutting the whole file's tokens."""

from __future__ import annotations

import json

import pytest
from support.paths import REPO
from support.workspace import EDITING, fixture_workspace

from asm_ls.arch import GOARCHES, get_arch
from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.features.semantic_tokens import (
    _FILES,
    REGISTER_KINDS,
    TOKEN_MODIFIERS,
    TOKEN_TYPES,
    semantic_tokens,
    semantic_tokens_data,
)
from asm_ls.features.workspace import Workspace

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


def _generated(functions: int) -> str:
    """A file in the shape avo writes: a macro, many functions with labels and jumps, data."""
    parts = ['#include "textflag.h"\n\n#define XOR3(a, b, dst) \\\n\tVPXOR a, b, dst\n\n']
    for n in range(functions):
        parts.append(
            f"// func f{n}(x []byte) int\nTEXT ·f{n}(SB), NOSPLIT, $0-32\n\tMOVQ x_base+0(FP), AX\n"
            f"\tMOVQ x_len+8(FP), CX\nloop{n}:\n\tXOR3(Y0, Y1, Y2)\n\tADDQ $1, AX /* next */\n"
            f"\tDECQ CX\n\tJNZ loop{n}\n\tCALL ·f{(n + 1) % functions}(SB)\n\tMOVQ AX, ret+24(FP)\n\tRET\n\n"
        )
    parts.append("DATA table<>+0(SB)/8, $0x0102\nGLOBL table<>(SB), RODATA, $8\n")
    return "".join(parts)


# (line, what): edits a user makes while typing, some inside one block of lines, some across two.
EDITS = [
    (400, lambda line: line + "X"),  # a typo in a mnemonic
    (401, lambda line: line + " // why"),
    (402, lambda line: None),  # a line deleted
    (512, lambda line: "again:\n" + line),  # a label on a block's first line
    (511, lambda line: line + "\n\tJMP again"),
    (700, lambda line: line + "\n\tMOVQ ·f3(SB), BX\n\tXOR3(Y3, Y4, Y5)"),
    (513, lambda line: "\n\n" + line),
    (900, lambda line: line + '\n\tMOVQ $"abc", AX'),
]


def _edited(text: str, line: int, edit) -> str:
    """The edit made on the first instruction line from line on."""
    lines = text.split("\n")
    while not lines[line].startswith("\t") or "/*" in lines[line]:
        line += 1
    new = edit(lines[line])
    lines[line : line + 1] = [] if new is None else [new]
    return "\n".join(lines)


def test_an_edit_reads_only_its_block_again_and_finds_what_the_whole_file_gives(tmp_path):
    """Tokens after an edit are made from the last text's: the lines of the
    blocks it touched read again, the others moved. They must be the tokens
    a fresh read of the whole new text gives."""
    path = str(tmp_path / "gen_amd64.s")
    text = _generated(80)
    overlays = {path: text}
    typing = Workspace(Analyzer(Options(goarches=("amd64",)), overlays=overlays))
    analyzer = typing.analyzer
    analyzer.check(analyzer.source(path))  # as the server does on opening: edits read their lines from it
    semantic_tokens(typing, path)
    whole_reads = []
    read = analyzer.analyze
    analyzer.analyze = lambda source, context, **facts: whole_reads.append(source) or read(source, context, **facts)
    for number, (line, edit) in enumerate(EDITS):
        text = overlays[path] = _edited(text, line, edit)
        analyzer.changed(path)
        before = _FILES[path]
        found = semantic_tokens(typing, path)
        reused = sum(any(block is old for old in before.blocks) for block in _FILES[path].blocks)
        assert reused >= len(before.blocks) - 3, "only the blocks holding the edit are read again"
        assert not whole_reads, f"the lines of those blocks only ({number})"
        if number:  # typing paused: the server's whole check, which the next edit reads from
            analyzer.check(analyzer.source(path))
            whole_reads.clear()
        data = semantic_tokens_data(typing, path)
        kept = _FILES.pop(path)  # (what the next edit goes on from)
        fresh = Workspace(Analyzer(Options(goarches=("amd64",)), overlays=dict(overlays)))
        assert found == semantic_tokens(fresh, path), f"line {line}"
        assert data == semantic_tokens_data(fresh, path), f"line {line}"
        _FILES[path] = kept


@pytest.mark.parametrize(
    "edit",
    [
        lambda line: line + "\nTEXT ·g(SB), $0",  # a function: what CALL ·g is depends on it
        lambda line: "#define ZERO(r) XORQ r, r\n" + line,
        lambda line: line + " /* opens a comment",
    ],
)
def test_an_edit_that_may_change_other_lines_reads_the_whole_file(tmp_path, edit):
    path = str(tmp_path / "gen_amd64.s")
    overlays = {path: _generated(30)}
    typing = Workspace(Analyzer(Options(goarches=("amd64",)), overlays=overlays))
    semantic_tokens(typing, path)
    before = _FILES[path]
    overlays[path] = _edited(overlays[path], 200, edit)
    typing.analyzer.changed(path)
    found = semantic_tokens(typing, path)
    assert not any(block is old for old in before.blocks for block in _FILES[path].blocks)
    fresh = Workspace(Analyzer(Options(goarches=("amd64",)), overlays=dict(overlays)))
    del _FILES[path]
    assert found == semantic_tokens(fresh, path)


REAL = [
    "runtime/asm_amd64.s",  # macros, #ifdefs, DATA, block comments
    "crypto/internal/fips140/sha256/sha256block_amd64.s",  # labels before DATA
    "crypto/internal/fips140/nistec/p256_asm_amd64.s",
    "runtime/sys_linux_arm64.s",
]
REAL_EDITS = [
    lambda line: line[:3] + "X" + line[3:],
    lambda line: None,
    lambda line: line + "\n" + line,
    lambda line: "lbl:\n" + line,
    lambda line: line + " // note",
    lambda line: "\tJMP lbl\n" + line,
]


@pytest.mark.parametrize("relative", REAL)
def test_edits_of_real_files_give_what_the_whole_file_gives(goroot, relative):
    """Edits all over GOROOT files, each checked against a fresh read of the whole text."""
    path = str(goroot / "src" / relative)
    text = open(path).read()
    overlays = {path: text}
    options = Options(goarches=(relative.rsplit("_", 1)[1].removesuffix(".s"),))
    typing = Workspace(Analyzer(options, overlays=overlays))
    typing.analyzer.check(typing.analyzer.source(path))
    semantic_tokens(typing, path)
    count = text.count("\n")
    for number, line in enumerate(range(7, count, max(count // 20, 1))):
        lines = text.split("\n")
        new = REAL_EDITS[number % len(REAL_EDITS)](lines[line])
        lines[line : line + 1] = [] if new is None else [new]
        text = overlays[path] = "\n".join(lines)
        typing.analyzer.changed(path)
        found = semantic_tokens(typing, path)
        kept = _FILES.pop(path)
        fresh = Workspace(Analyzer(options, overlays=dict(overlays)))
        assert found == semantic_tokens(fresh, path), f"line {line + 1}: {new!r}"
        _FILES[path] = kept
        if number % 2:
            typing.analyzer.check(typing.analyzer.source(path))
