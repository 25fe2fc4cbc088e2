"""A keystroke's quick check (asm_ls.quick_check) must find exactly what a
whole check of the new text finds, or decline. Differentially on the Go
tree's assembly (edits of every kind at random lines), and on fixtures for
the cases it must decline."""

import random
from pathlib import Path

import pytest

from asm_ls.analysis import Analyzer
from asm_ls.syntax.source import SourceFile

from conftest import FIXTURES

EDITS = ["X", " AX", ",", "(", ")", "$1", "\u00b7", "\n", "\n\tMOVQ AX, BX", "\tCALL \u00b7f(SB)", "JMP nowhere",
         "loop:", "-8", None]  # None deletes the character at the column
FILES = 40
EDITS_PER_FILE = 5


def findings(found) -> list[tuple]:
    """Everything a user sees of the diagnostics, positions included."""
    return [(d.path, d.span.lines_and_columns(), d.code, d.message, d.severity, d.arch,
             tuple((r.span.lines_and_columns(), r.message) for r in d.related),
             tuple((f.title, tuple((e.span.lines_and_columns(), e.new_text) for e in f.edits)) for f in d.fixes))
            for d in found]


class Buffer:
    """An editor buffer of one file and the analyzer the server keeps for it."""

    def __init__(self, path: Path, text: str):
        self.path = str(path)
        self.overlays = {self.path: text}
        self.analyzer = Analyzer(overlays=self.overlays)
        self.analyzer.check(SourceFile(self.path, text))

    def type(self, text: str):
        """The quick check of the buffer changed to text (None: declined)."""
        self.overlays[self.path] = text
        self.analyzer.changed(self.path)
        return self.analyzer.check_edit(SourceFile(self.path, text))


def whole_check(path: str, text: str, analyzer: Analyzer | None = None) -> list:
    """A whole check of text by an analyzer of its own (the same one across
    calls keeps the Go side it read, not the quick check's state)."""
    analyzer = analyzer or Analyzer(overlays={})
    analyzer.overlays[path] = text
    analyzer.changed(path)
    return analyzer.check(SourceFile(path, text))


def edited(lines: list[str], rng: random.Random) -> str:
    number = rng.randrange(len(lines))
    line = lines[number]
    column = rng.randrange(len(line) + 1)
    insert = rng.choice(EDITS)
    changed = line[:column] + line[column + 1:] if insert is None else line[:column] + insert + line[column:]
    return "\n".join(lines[:number] + [changed] + lines[number + 1:])


@pytest.mark.slow
def test_quick_checks_of_edits_in_the_go_tree_find_what_whole_checks_find(goroot):
    rng = random.Random(8)
    paths = sorted(p for p in (goroot / "src").rglob("*.s") if "testdata" not in p.parts)
    taken, declined = 0, 0
    for path in rng.sample(paths, FILES):
        # damaged first: findings before and after the edits, to be moved
        text = edited(edited(path.read_text(encoding="utf-8").split("\n"), rng).split("\n"), rng)
        lines = text.split("\n")
        whole = Analyzer(overlays={})
        buffer = Buffer(path, text)
        for _ in range(EDITS_PER_FILE):
            new = edited(lines, rng)
            quick = buffer.type(new)
            if quick is None:
                declined += 1
                continue
            taken += 1
            assert findings(quick) == findings(whole_check(str(path), new, whole)), f"{path}: {new!r}"
            # and typing it back gives the first check's findings again
            assert findings(buffer.type(text)) == findings(whole_check(str(path), text, whole))
    assert taken >= FILES * EDITS_PER_FILE // 3, (taken, declined)


FUNCTION = """\
#include "textflag.h"

#define ZERO(r) XORQ r, r

// func add(a, b int64) int64
TEXT ·add(SB), NOSPLIT, $0-24
	MOVQ a+0(FP), AX
	MOVQ b+8(FP), BX
	ADDQ BX, AX
	MOVQ AX, ret+16(FP)
	RET

DATA table<>+0(SB)/8, $1
GLOBL table<>(SB), RODATA, $8

// func zero() uint64
TEXT ·zero(SB), NOSPLIT, $0-8
	ZERO(AX)
#ifdef GOAMD64_v3
	ZERO(BX)
#endif
	MOVQ AX, ret+4(FP)
	RET

#ifdef GOOS_linux
TEXT ·one(SB), NOSPLIT, $0-8
	MOVQ $1, ret+0(FP)
	RET

TEXT ·two(SB), NOSPLIT, $0-8
	MOVQ $2, ret+0(FP)
	RET
#endif
"""


def frame_findings(found) -> list[tuple[int, str]]:
    return [(d.span.lines_and_columns()[0], d.message) for d in found if d.code.startswith("asmdecl")]


@pytest.fixture
def buffer(tmp_path) -> Buffer:
    path = tmp_path / "f_amd64.s"
    path.write_text(FUNCTION)
    return Buffer(path, FUNCTION)


def test_an_edit_in_a_body_is_checked_quickly_with_the_lines_after_it_moved(buffer):
    assert frame_findings(buffer.analyzer.check(SourceFile(buffer.path, FUNCTION))) == [
        (21, "[amd64] zero: invalid offset ret+4(FP); expected ret+0(FP)")]
    text = FUNCTION.replace("MOVQ b+8(FP), BX", "MOVQ b+4(FP), BX\n\tNOP")
    quick = buffer.type(text)
    assert quick is not None
    assert findings(quick) == findings(whole_check(buffer.path, text))
    assert frame_findings(quick) == [  # (asmdecl-comment: the frame of the `// func` comment)
        (7, "[amd64] add: invalid offset b+4(FP); expected b+8(FP)"),
        (22, "[amd64] zero: invalid offset ret+4(FP); expected ret+0(FP)")]


def test_macros_and_ifdefs_in_effect_at_the_function_are_resumed(buffer):
    text = FUNCTION.replace("\tZERO(AX)\n", "\tZERO(AX)\n\tZERO(CX, DX)\n")
    quick = buffer.type(text)
    assert quick is not None
    assert findings(quick) == findings(whole_check(buffer.path, text))
    assert (18, "wrong arg count for macro ZERO: want 1, got 2") in [
        (d.span.lines_and_columns()[0], d.message) for d in quick]


def test_an_ifdef_open_across_functions_is_no_error_in_the_one_edited(buffer):
    text = FUNCTION.replace("MOVQ $1, ret+0(FP)", "MOVQ $1, ret+8(FP)")
    quick = buffer.type(text)
    assert quick is not None
    assert findings(quick) == findings(whole_check(buffer.path, text))
    assert [d.code for d in quick if d.code == "macro-error"] == []


@pytest.mark.parametrize("old, new", [
    ("DATA table<>+0(SB)/8, $1", "DATA table<>+0(SB)/8, $2"),  # DATA is checked across the file
    ("#define ZERO(r) XORQ r, r", "#define ZERO(r) XORL r, r"),  # a directive
    ("#ifdef GOAMD64_v3", "#ifndef GOAMD64_v3"),
    ("// func add(a, b int64) int64", "// func add(a, b int32) int64"),  # before any TEXT
])
def test_edits_outside_a_function_body_are_left_to_the_whole_check(buffer, old, new):
    assert buffer.type(FUNCTION.replace(old, new)) is None


def test_another_file_changed_since_leaves_it_to_the_whole_check(buffer):
    buffer.analyzer.changed(str(Path(buffer.path).with_name("stub.go")))
    assert buffer.type(FUNCTION.replace("ADDQ BX, AX", "ADDQ CX, AX")) is None


def test_an_edit_undone_gives_the_last_whole_check_again(buffer):
    assert buffer.type(FUNCTION.replace("ADDQ BX, AX", "ADDQ BX, AXX")) is not None
    assert findings(buffer.type(FUNCTION)) == findings(whole_check(buffer.path, FUNCTION))


def test_an_ifdef_left_open_is_reported_at_the_end_of_the_file_wherever_it_is(tmp_path):
    unclosed = FUNCTION[:FUNCTION.rindex("#endif")]  # the #ifdef GOOS_linux, in ·zero's lines
    path = tmp_path / "f_amd64.s"
    path.write_text(unclosed)
    text = unclosed.replace("ZERO(AX)", "ZERO(CX)")
    whole = findings(whole_check(str(path), text))
    assert "unclosed #ifdef or #ifndef" in [f[3] for f in whole]
    quick = Buffer(path, unclosed).type(text)
    assert quick is None or findings(quick) == whole
