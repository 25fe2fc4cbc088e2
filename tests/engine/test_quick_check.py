"""A keystroke's quick check (asm_ls.engine.incremental.check) must find exactly what a
whole check of the new text finds, or decline. Differentially on the Go
tree's assembly (edits of every kind at random lines, of DATA and GLOBL
lines as tables are edited, next to continued lines), and on fixtures for
what it must find and the cases it must decline."""

import random
import re
from pathlib import Path

import pytest

from asm_ls.engine.analyzer import Analyzer
from asm_ls.syntax.source import SourceFile

EDITS = [
    "X",
    " AX",
    ",",
    "(",
    ")",
    "$1",
    "\u00b7",
    "\n",
    "\n\tMOVQ AX, BX",
    "\tCALL \u00b7f(SB)",
    "JMP nowhere",
    "loop:",
    "-8",
    None,
]  # None deletes the character at the column
FILES = 40
EDITS_PER_FILE = 5


def findings(found) -> list[tuple]:
    """Everything a user sees of the diagnostics, positions included."""
    return [
        (
            d.path,
            d.span.lines_and_columns(),
            d.code,
            d.message,
            d.severity,
            d.arch,
            tuple((r.span.lines_and_columns(), r.message) for r in d.related),
            tuple((f.title, tuple((e.span.lines_and_columns(), e.new_text) for e in f.edits)) for f in d.fixes),
        )
        for d in found
    ]


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


def typed(tmp_path: Path, text: str, edited_text: str) -> tuple:
    """The quick check of a buffer of text (in a file of the directory)
    edited to edited_text, and what a whole check of edited_text finds."""
    path = tmp_path / "f_amd64.s"
    path.write_text(text)
    return Buffer(path, text).type(edited_text), findings(whole_check(str(path), edited_text))


def edited(lines: list[str], rng: random.Random) -> str:
    """One edit: of a DATA or GLOBL line as tables are edited, on or next to
    a line continued with a backslash, or a character typed or deleted anywhere."""
    tables = [n for n, line in enumerate(lines) if TABLE_LINE.match(line)]
    continued = [n + step for n, line in enumerate(lines) if line.endswith("\\") for step in (0, 1)]
    kind = rng.choice(["table", "continued", "any", "any"])
    if kind == "table" and tables:
        number = rng.choice(tables)
        return "\n".join(lines[:number] + table_edit(lines[number], rng) + lines[number + 1 :])
    number = rng.choice(continued) if kind == "continued" and continued else rng.randrange(len(lines))
    line = lines[min(number, len(lines) - 1)]
    column = rng.randrange(len(line) + 1)
    insert = rng.choice(EDITS)
    changed = line[:column] + line[column + 1 :] if insert is None else line[:column] + insert + line[column:]
    return "\n".join(lines[:number] + [changed] + lines[number + 1 :])


TABLE_LINE = re.compile(r"\s*(DATA|GLOBL)\b")
VALUES = ["$0", "$1", "$0xffffffffffffffff", "$1.5", '$"abcdefgh"', "$\u00b7f(SB)", "AX"]


def table_edit(line: str, rng: random.Random) -> list[str]:
    """The line's replacement: a value, a size, an offset (often one that
    overlaps) or GLOBL's flags changed; the line deleted, or doubled."""
    kind = rng.choice(["value", "size", "offset", "flags", "delete", "double"])
    if kind == "delete":
        return []
    if kind == "double":
        return [line, line] if rng.random() < 0.5 else [line, re.sub(r"\+\w+\(", "+8(", line, count=1)]
    if kind == "value":
        return [re.sub(r"\$?[^,]*$", " " + rng.choice(VALUES), line, count=1)]
    if kind == "size":
        size = rng.choice(["1", "2", "3", "4", "8", "16", "0x40"])
        return [re.sub(r"/\w+", "/" + size, line, count=1) if "/" in line else re.sub(r"\$\w+\s*$", "$" + size, line)]
    if kind == "offset":
        return [re.sub(r"\+\w+\(|\(", lambda m: f"+{rng.choice(['0', '4', '8', '0x10'])}(", line, count=1)]
    return [
        re.sub(
            r",\s*[\w|]+\s*,",
            ", " + rng.choice(["RODATA", "NOPTR|RODATA", "8", "DUPOK", "NOSUCH"]) + ",",
            line,
            count=1,
        )
    ]


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
        (21, "zero: invalid offset ret+4(FP); expected ret+0(FP)")
    ]
    text = FUNCTION.replace("MOVQ b+8(FP), BX", "MOVQ b+4(FP), BX\n\tNOP")
    quick = buffer.type(text)
    assert quick is not None
    assert findings(quick) == findings(whole_check(buffer.path, text))
    assert frame_findings(quick) == [  # (asmdecl-comment: the frame of the `// func` comment)
        (7, "add: invalid offset b+4(FP); expected b+8(FP)"),
        (22, "zero: invalid offset ret+4(FP); expected ret+0(FP)"),
    ]


def test_macros_and_ifdefs_in_effect_at_the_function_are_resumed(buffer):
    text = FUNCTION.replace("\tZERO(AX)\n", "\tZERO(AX)\n\tZERO(CX, DX)\n")
    quick = buffer.type(text)
    assert quick is not None
    assert findings(quick) == findings(whole_check(buffer.path, text))
    assert (18, "wrong arg count for macro ZERO: want 1, got 2") in [
        (d.span.lines_and_columns()[0], d.message) for d in quick
    ]


def test_an_ifdef_open_across_functions_is_no_error_in_the_one_edited(buffer):
    text = FUNCTION.replace("MOVQ $1, ret+0(FP)", "MOVQ $1, ret+8(FP)")
    quick = buffer.type(text)
    assert quick is not None
    assert findings(quick) == findings(whole_check(buffer.path, text))
    assert [d.code for d in quick if d.code == "macro-error"] == []


@pytest.mark.parametrize(
    "old, new",
    [
        ("#define ZERO(r) XORQ r, r", "#define ZERO(r) XORL r, r"),  # a directive
        ("#ifdef GOAMD64_v3", "#ifndef GOAMD64_v3"),
    ],
)
def test_edits_of_directives_are_left_to_the_whole_check(buffer, old, new):
    assert buffer.type(FUNCTION.replace(old, new)) is None


def test_another_file_changed_since_leaves_it_to_the_whole_check(buffer):
    buffer.analyzer.changed(str(Path(buffer.path).with_name("stub.go")))
    assert buffer.type(FUNCTION.replace("ADDQ BX, AX", "ADDQ CX, AX")) is None


def test_an_edit_undone_gives_the_last_whole_check_again(buffer):
    assert buffer.type(FUNCTION.replace("ADDQ BX, AX", "ADDQ BX, AXX")) is not None
    assert findings(buffer.type(FUNCTION)) == findings(whole_check(buffer.path, FUNCTION))


TABLE = """\
#include "textflag.h"

DATA  bits<>+0x00(SB)/8, $1
DATA  bits<>+0x08(SB)/8, $2
DATA  bits<>+0x08(SB)/8, $3
GLOBL bits<>(SB), RODATA, $0x18

// func f() uint64
TEXT ·f(SB), NOSPLIT, $0-8
#define LOAD(r) \\
	MOVQ bits<>+0x08(SB), r
	LOAD(AX)
	MOVQ AX, ret+0(FP)
	RET

DATA  masks<>+0x00(SB)/8, $4
DATA  masks<>+0x08(SB)/8, $5
GLOBL masks<>(SB), RODATA, $16
"""
OVERLAP = "overlapping DATA entry for "


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("", "", [(5, OVERLAP + "bits")]),  # the table as it is
        ("#include", "// Tables.\n\n#include", [(7, OVERLAP + "bits")]),  # comments only: the findings move
        ("DATA  bits<>+0x08(SB)/8, $2\n", "", []),  # the line deleted: the next no longer overlaps
        (
            "+0x00(SB)/8, $1",
            "+0x00(SB)/16, $1",  # grown over the next two
            [(3, "bad int size for DATA argument: 16"), (4, OVERLAP + "bits"), (5, OVERLAP + "bits")],
        ),
        ("+0x08(SB)/8, $2", "+0x08(SB)/8, AX", [(4, "DATA value must be an immediate constant or address")]),
        (
            "RODATA, $0x18",
            "NOSUCH, $0x18",
            [(5, OVERLAP + "bits"), (6, "GLOBL: expected integer constant; found NOSUCH")],
        ),
        ("GLOBL bits", "DATA  bits<>+0x10(SB)/8, $4\nGLOBL bits", [(5, OVERLAP + "bits")]),  # after the overlap
        ("masks<>+0x08", "masks<>+0x00", [(5, OVERLAP + "bits"), (17, OVERLAP + "masks")]),  # the function's tables
        ("LOAD(AX)", "LOAD(AX, BX)", [(5, OVERLAP + "bits"), (12, "wrong arg count for macro LOAD: want 1, got 2")]),
    ],
)
def test_edits_of_tables_and_of_functions_holding_continued_lines_are_checked_quickly(tmp_path, old, new, expected):
    quick, whole = typed(tmp_path, TABLE, TABLE.replace(old, new, 1) if old else TABLE + "// edited\n")
    assert quick is not None
    assert findings(quick) == whole
    assert [
        (d.span.lines_and_columns()[0] + 1, d.message) for d in quick if d.code in ("parse-error", "macro-error")
    ] == expected


@pytest.mark.parametrize(
    "old, new",
    [
        ("\tMOVQ bits<>+0x08(SB), r", "\tMOVQ bits<>+0x10(SB), r"),  # a line a #define continues onto
        ("#include", "\tNOP\n#include"),  # before any DATA or TEXT
        ("#include", "//go:build amd64\n#include"),  # a comment the lexer reads
    ],
)
def test_edits_of_a_macro_or_before_the_first_table_are_left_to_the_whole_check(tmp_path, old, new):
    assert typed(tmp_path, TABLE, TABLE.replace(old, new, 1))[0] is None


def test_a_table_without_functions_is_checked_quickly(tmp_path):
    table = TABLE[: TABLE.index("// func")]
    quick, whole = typed(tmp_path, table, table.replace("DATA  bits<>+0x08(SB)/8, $3", "DATA  bits<>+0x10(SB)/8, $3"))
    assert quick is not None and findings(quick) == whole == []


def test_a_label_on_a_table_line_labels_the_function_after_it(tmp_path):
    labelled = TABLE.replace("DATA  bits<>+0x08", "here:\nDATA  bits<>+0x08").replace("\tRET\n", "\tJMP here\n\tRET\n")
    quick, whole = typed(tmp_path, labelled, labelled.replace("here:\nDATA", "DATA"))
    assert "undefined-label" in [f[2] for f in whole]  # (the jump had a label)
    assert quick is None or findings(quick) == whole


def test_an_ifdef_left_open_is_reported_at_the_end_of_the_file_wherever_it_is(tmp_path):
    unclosed = FUNCTION[: FUNCTION.rindex("#endif")]  # the #ifdef GOOS_linux, in ·zero's lines
    quick, whole = typed(tmp_path, unclosed, unclosed.replace("ZERO(AX)", "ZERO(CX)"))
    assert "unclosed #ifdef or #ifndef" in [f[3] for f in whole]
    assert quick is None or findings(quick) == whole


@pytest.mark.parametrize(
    "old, new",
    [
        ("// func zero() uint64", "// func zero() uint32"),
        ("// func add(a, b int64) int64", "// func add(a, b int32) int64"),  # above the first TEXT
        ("\tRET\n\nTEXT ·two", "\tRET\n// func two() int32\nTEXT ·two"),  # a blank line made the signature
    ],
)
def test_the_comment_lines_above_a_text_are_its_functions(buffer, old, new):
    text = FUNCTION.replace(old, new)
    quick = buffer.type(text)
    assert quick is not None
    assert findings(quick) == findings(whole_check(buffer.path, text))
    assert frame_findings(quick) != frame_findings(whole_check(buffer.path, FUNCTION))


@pytest.mark.parametrize(
    "old, new, quick",
    [
        ("ADDQ BX, AX", "ADDQ BX, AX /* a\n\tcomment */", True),
        ("MOVQ b+8(FP), BX", "MOVQ b+8(FP), BX /* hides the ADDQ", True),  # to the end of the next one
        ("\tRET\n\nDATA", "\tRET /* runs on\n\nDATA", False),  # past the function
        ("MOVQ b+8(FP), BX", "MOVQ b+8(FP), BX /* hides the ADDQ\n\tADDQ BX, AX */", True),
    ],
)
def test_block_comments_are_read_with_their_function_unless_they_run_out_of_it(tmp_path, old, new, quick):
    commented = FUNCTION.replace("MOVQ AX, ret+16(FP)", "MOVQ AX, ret+16(FP) /* the sum */")
    found, whole = typed(tmp_path, commented, commented.replace(old, new))
    assert (found is not None) == quick
    assert found is None or findings(found) == whole


def test_a_function_is_read_with_the_tables_after_it(buffer):
    text = FUNCTION.replace("\tMOVQ AX, ret+16(FP)\n", "")  # (asmdecl: no result check after a DATA)
    quick = buffer.type(text)
    assert quick is not None
    assert findings(quick) == findings(whole_check(buffer.path, text))


@pytest.mark.parametrize(
    "old, new, undefined",
    [
        ("GLOBL table<>(SB), RODATA, $8\n", "GLOBL table<>(SB), RODATA, $8\nlater:\n", 0),  # labels ·zero's TEXT
        ("\tMOVQ $2, ret+0(FP)\n\tRET\n", "\tMOVQ $2, ret+0(FP)\n\tRET\nlast:\n", 1),  # at the end of the file
    ],
)
def test_a_label_typed_at_the_end_of_a_function_is_read_with_what_it_labels(tmp_path, old, new, undefined):
    jumping = FUNCTION.replace("\tZERO(AX)\n", "\tZERO(AX)\n\tJMP later\n")
    quick, whole = typed(tmp_path, jumping, jumping.replace(old, new))
    assert quick is not None
    assert findings(quick) == whole
    assert [d.code for d in quick].count("undefined-label") == undefined  # ·zero's JMP


HIDDEN = """\
#include "textflag.h"

TEXT ·f(SB), NOSPLIT, $0-0
	MOVQ AX, BX
#define FIVE $5
	MOVQ $1, CX // */
	RET

TEXT ·g(SB), NOSPLIT, $0-0
	MOVQ FIVE, AX
	RET
"""


def test_a_block_comment_that_hides_a_directive_is_left_to_the_whole_check(tmp_path):
    quick, whole = typed(tmp_path, HIDDEN, HIDDEN.replace("MOVQ AX, BX", "MOVQ AX, BX /*"))  # to the */: FIVE is gone
    assert "illegal or missing addressing mode for symbol FIVE" in [f[3] for f in whole]
    assert quick is None or findings(quick) == whole


def test_a_framepointer_watch_into_the_next_function_follows_an_edit(tmp_path):
    """framepointer's watch runs on from one function into the next: an edit
    of one function changes what is found in the next, and the quick check,
    which runs package checks over the whole file, sees it."""
    text = """\
#include "textflag.h"

TEXT ·f(SB), NOSPLIT, $0-0
	CALL ·g(SB)
	RET

TEXT ·g(SB), NOSPLIT, $16-0
	MOVQ AX, BP
	RET
"""
    path = tmp_path / "f_amd64.s"
    path.write_text(text)
    buffer = Buffer(path, text)
    edits = [
        text.replace("\tRET\n\nTEXT ·g", "\tINT $3\n\nTEXT ·g"),  # f no longer returns: vet watches into g
        text.replace("CALL ·g(SB)", "MOVQ $1, BP"),  # f writes BP
        text.replace("MOVQ AX, BP", "MOVQ BP, AX"),
    ]
    for edited_text in edits:
        quick = buffer.type(edited_text)
        whole = findings(whole_check(str(path), edited_text))
        assert quick is not None and findings(quick) == whole
        assert any(f[2] == "framepointer" for f in whole) == (edited_text is not edits[2])
        buffer.type(text)


CHAIN = """\
#include "textflag.h"

TEXT ·f(SB), NOSPLIT, $700-0
	CALL ·g(SB)
	RET

TEXT ·g(SB), NOSPLIT, $0-0
	MOVQ AX, BX
	RET

TEXT ·h(SB), NOSPLIT, $100-0
	RET
"""


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("MOVQ AX, BX", "MOVQ AX, CX", None),  # nothing the stack graph reads: its findings kept
        ("MOVQ AX, BX", "CALL ·h(SB)", "nosplit-stack"),  # g calls h: f's chain goes over the limit
        ("MOVQ AX, BX", "CALL ·f(SB)", "nosplit-stack"),  # a cycle
        (
            "TEXT ·h(SB), NOSPLIT, $100-0\n\tRET",
            "TEXT ·h(SB), NOSPLIT, $100-0\n\tRET\nTEXT ·g(SB), $0",
            "duplicate-text",
        ),
        ("\tRET\n\nTEXT ·h", "\tMOVQ $1, AX\n\tRET\n\nTEXT ·h", None),
    ],
)
def test_package_checks_digest_the_edited_function(tmp_path, old, new, code):
    """A package check that reads a function only through a digest keeps
    its findings when the edit leaves the digest as it was, and runs again
    when not: either way, what a whole check of the new text finds."""
    quick, whole = typed(tmp_path, CHAIN, CHAIN.replace(old, new))
    assert quick is not None and findings(quick) == whole
    assert code is None or code in [f[2] for f in whole]


def test_edits_far_apart_are_checked_whole_once_then_quickly_again(tmp_path):
    """Typing in one function, then in another 5,000 lines on, before a whole
    check: a quick check would read every line between them again at each
    keystroke. It declines, saying why; from the whole check of that text the
    next keystrokes are quick."""
    functions = [f"TEXT ·f{n}(SB), NOSPLIT, $0-8\n\tMOVQ $1, AX\n\tMOVQ AX, ret+0(FP)\n\tRET\n\n" for n in range(1200)]
    text = '#include "textflag.h"\n\n' + "".join(functions)
    path = tmp_path / "f_amd64.s"
    path.write_text(text)
    buffer = Buffer(path, text)
    here = text.replace("TEXT ·f10(SB), NOSPLIT, $0-8\n\tMOVQ $1, AX", "TEXT ·f10(SB), NOSPLIT, $0-8\n\tMOVQ $1, AXX")
    assert buffer.type(here) is not None  # one place: quick
    there = here.replace(
        "TEXT ·f1190(SB), NOSPLIT, $0-8\n\tMOVQ $1, AX", "TEXT ·f1190(SB), NOSPLIT, $0-8\n\tMOVQ $1, BXX"
    )
    assert buffer.type(there) is None  # 80 KB of lines between the two places
    assert buffer.analyzer.edits_far_apart(SourceFile(buffer.path, there))
    assert not buffer.analyzer.edits_far_apart(SourceFile(buffer.path, here))
    assert findings(buffer.analyzer.check(SourceFile(buffer.path, there))) == findings(whole_check(buffer.path, there))
    again = there.replace("MOVQ $1, BXX", "MOVQ $1, BX")
    quick = buffer.type(again)
    assert quick is not None and findings(quick) == findings(whole_check(buffer.path, again))
    assert [d.message for d in quick if "AXX" in d.message]  # the first place's finding stays


def test_an_edit_undone_reads_as_the_last_whole_check_did(buffer):
    """A typo typed and taken back: hover and the other cursor features read
    the text again only if it is new (the whole check's reading is kept)."""
    context = buffer.analyzer.contexts(SourceFile(buffer.path, FUNCTION))[0]
    checked = buffer.analyzer.last_checked(buffer.path, context)
    assert checked is not None
    typo = FUNCTION.replace("ADDQ BX, AX", "ADDQ BX, AXX")
    assert buffer.type(typo) is not None
    assert buffer.analyzer.analyze(SourceFile(buffer.path, typo), context) is not checked
    assert buffer.type(FUNCTION) is not None
    assert buffer.analyzer.analyze(SourceFile(buffer.path, FUNCTION), context) is checked
