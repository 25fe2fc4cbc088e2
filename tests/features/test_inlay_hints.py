"""Inlay hints as a pure function: frame types and sizes after name+off(FP),
the TEXT line's $frame-args, short macro expansions; each on its switch."""

from __future__ import annotations

import re

import pytest
from support.workspace import EDITING, fixture_workspace

from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.features.inlay_hints import _FILES, HintOptions, inlay_hints
from asm_ls.features.workspace import Workspace

AMD64 = str(EDITING / "vec" / "vec_amd64.s")
ARM64 = str(EDITING / "vec" / "vec_arm64.s")


@pytest.fixture(scope="module")
def ws():
    return fixture_workspace(root=EDITING)


def shown(ws, path: str, options: HintOptions | None = None, lines: tuple[int, int] | None = None):
    """(line, the text the hint follows, label) of each hint."""
    text = open(path).read()
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    start, end = (starts[lines[0] - 1], starts[lines[1]]) if lines else (0, len(text))
    found = []
    for hint in inlay_hints(ws, path, start, end, options or HintOptions()):
        line = text.count("\n", 0, hint.offset)
        found.append((line + 1, text[starts[line] : hint.offset].strip(), hint.label))
    return found


def test_each_kind_of_hint(ws):
    found = shown(ws, AMD64)
    assert found[:6] == [
        (5, "TEXT ·Sum(SB), NOSPLIT, $0-32", "frame 0 bytes, args 32 bytes"),
        (6, "MOVQ\txs_base+0(FP)", "slice base, 8 bytes"),
        (7, "MOVQ\txs_len+8(FP)", "slice len, 8 bytes"),
        (8, "ZERO(AX)", "→ XORQ AX, AX"),
        (12, "ADDTO((SI), AX)", "→ ADDQ (SI), AX"),
        (13, "ADDQ\t$STEP", "→ 8"),
    ]
    assert (17, "MOVQ\tAX, total+24(FP)", "int64, 8 bytes") in found
    assert (48, "TEXT ·One(SB), NOSPLIT, $0-8", "frame 0 bytes, args 8 bytes") in found
    assert not any("NOSPLIT" in label or "4" == label for _, _, label in found)  # flags are not expanded


def test_the_expansion_is_the_files_arch(ws):
    assert (8, "ZERO(R0)", "→ MOVD $0, R0") in shown(ws, ARM64)


def test_each_switch_turns_its_kind_off(ws):
    only_frames = shown(ws, AMD64, HintOptions(frame_types=False, macro_expansions=False))
    assert [label for _, _, label in only_frames] == [
        "frame 0 bytes, args 32 bytes",
        "frame 8 bytes, args 32 bytes",
        "frame 0 bytes, args 8 bytes",
    ]
    assert shown(ws, AMD64, HintOptions(False, False, False)) == []
    no_macros = shown(ws, AMD64, HintOptions(macro_expansions=False))
    assert not any(label.startswith("→") for _, _, label in no_macros)


def test_only_the_lines_asked_for(ws):
    assert shown(ws, AMD64, lines=(7, 8)) == [
        (7, "MOVQ\txs_len+8(FP)", "slice len, 8 bytes"),
        (8, "ZERO(AX)", "→ XORQ AX, AX"),
    ]


def test_long_expansions_are_left_to_hover(ws, tmp_path):
    path = tmp_path / "long_amd64.s"
    path.write_text(
        "#define LONG(a) MOVQ a, BX; ADDQ a, BX; SUBQ a, BX; XORQ a, BX; ANDQ a, BX\n"
        "TEXT f(SB), 0, $0\n"
        "\tLONG(AX)\n"
        "\tRET\n"
    )
    workspace = fixture_workspace(root=tmp_path)
    assert shown(workspace, str(path)) == [(2, "TEXT f(SB), 0, $0", "frame 0 bytes, args from the Go declaration")]


@pytest.mark.parametrize(
    "relative", ["runtime/asm_amd64.s", "crypto/internal/fips140/sha256/sha256block_amd64.s", "math/big/arith_amd64.s"]
)
def test_edits_give_the_hints_the_whole_file_gives(goroot, tmp_path, relative):
    """Hints after an edit are made from the last text's, the lines edited read
    alone: they must be what a fresh read of the whole new text gives. The file
    is copied next to a Go declaration of each function, for frame hints."""
    source = goroot / "src" / relative
    path = str(tmp_path / source.name)
    text = source.read_text()
    names = sorted(set(re.findall(r"^TEXT ·(\w+)\(SB\)", text, re.MULTILINE)))
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    declared = "".join(f"func {name}(x []byte, y uint64) (r int)\n" for name in names)
    (tmp_path / "decl.go").write_text(f"package m\n\n{declared}")
    overlays = {path: text}
    options = Options(goarches=("amd64",))
    typing = Workspace(Analyzer(options, overlays=overlays))
    typing.analyzer.check(typing.analyzer.source(path))
    inlay_hints(typing, path, 0, len(text))
    count = text.count("\n")
    edits = [
        lambda line: line + " // note",
        lambda line: line + "\n\tMOVQ x_base+0(FP), AX\n\tMOVQ y+24(FP), R9",
        lambda line: None,
        lambda line: "\n" + line,
    ]
    for number, line in enumerate(range(9, count, max(count // 20, 1))):
        lines = text.split("\n")
        new = edits[number % len(edits)](lines[line])
        lines[line : line + 1] = [] if new is None else [new]
        text = overlays[path] = "\n".join(lines)
        typing.analyzer.changed(path)
        found = inlay_hints(typing, path, 0, len(text))
        fresh = Workspace(Analyzer(options, overlays=dict(overlays)))
        kept = _FILES.pop(path)
        assert found == inlay_hints(fresh, path, 0, len(text)), f"line {line + 1}: {new!r}"
        _FILES[path] = kept
        if number % 2:
            typing.analyzer.check(typing.analyzer.source(path))
    assert any(hint.kind == "type" for hint in found)
