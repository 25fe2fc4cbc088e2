"""Formatting as asmfmt v1.3.2 does it: one fixture pair per rule, the files
asmfmt refuses and the ones it would break, edits and range formatting,
diffs, idempotence. (tests/oracle/test_formatting_oracle.py compares with
asmfmt itself and with `go tool asm`; tests/cli/test_fmt.py runs `asm-ls fmt`.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.asm_text import assembly_texts, token_soup
from support.paths import FIXTURES as ALL_FIXTURES

from asm_ls.features.formatting import (
    CRASH_MESSAGE,
    LITERAL_MESSAGE,
    NUL_MESSAGE,
    PACKAGE_MESSAGE,
    STATEMENTS_MESSAGE,
    FormatError,
    TextEdit,
    _assembler_view,
    apply_edits,
    asmfmt,
    format_text,
    format_with_origins,
    formatting_edits,
    unified_diff,
)

FIXTURES = ALL_FIXTURES / "formatting"
PAIRS = sorted(path.stem for path in FIXTURES.glob("*.in"))
PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "surrogateescape")


# --- each rule ------------------------------------------------------------------


# asmfmt pads the mnemonic column in bytes: "MÖVQ$1, AX" has no space left, so it is another word for the
# assembler (asm-ls does not apply it) and for asmfmt the next time.
CHANGES_CODE = {"unicode_width"}


@pytest.mark.parametrize("name", PAIRS)
def test_fixture_formats_to_its_golden(name):
    assert asmfmt(read(FIXTURES / f"{name}.in")) == read(FIXTURES / f"{name}.golden")


@pytest.mark.parametrize("name", sorted(set(PAIRS) - CHANGES_CODE))
def test_fixture_is_formatted_as_asmfmt_formats_it(name):
    assert format_text(read(FIXTURES / f"{name}.in")) == read(FIXTURES / f"{name}.golden")


@pytest.mark.parametrize("name", sorted(CHANGES_CODE))
def test_fixture_whose_golden_changes_the_code_is_refused(name):
    with pytest.raises(FormatError) as refused:
        format_text(read(FIXTURES / f"{name}.in"))
    assert refused.value.message == STATEMENTS_MESSAGE


@pytest.mark.parametrize("name", sorted(set(PAIRS) - CHANGES_CODE))
def test_golden_is_already_formatted(name):
    golden = read(FIXTURES / f"{name}.golden")
    assert format_text(golden) == golden
    assert formatting_edits(golden) == []


def test_every_rule_has_a_fixture():
    rules = {
        "indent",
        "operands",
        "comments_trailing",
        "blank_lines",
        "labels",
        "directives",
        "comment_spacing",
        "block_comments",
        "macros",
        "semicolons",
        "terminators",
        "terminators_lowercase",
        "strings",
        "line_endings",
        "unicode_width",
    }
    assert rules <= set(PAIRS)


@pytest.mark.parametrize(
    ("text", "formatted"),
    [
        ("", ""),
        ("\n\n\n", ""),
        ("RET", "\tRET\n"),  # a final newline is added; RET is code (one tab) even outside TEXT
        ("x: package foo\n", "x:\n"),  # asmfmt drops code after a label that it refuses, and goes on
        ("#define package\npackage foo\n", "#define package\npackage foo\n"),  # a macro named package is no Go file
        ("\tMOVQ\t$\xff, AX\n".encode("latin-1").decode("utf-8", "surrogateescape"), "\tMOVQ $\ufffd, AX\n"),
        ("TEXT f(SB),0,$0\n\tMOVQ AX,BX\n", "TEXT f(SB), 0, $0\n\tMOVQ AX, BX\n"),
    ],
)
def test_small_texts(text, formatted):
    assert asmfmt(text) == formatted


@pytest.mark.parametrize(
    "text",
    ["x: package foo\n", "\tMOVQ\t$\xff, AX\n".encode("latin-1").decode("utf-8", "surrogateescape")],
)
def test_small_texts_asmfmt_would_change_are_left_alone(text):
    with pytest.raises(FormatError) as refused:
        format_text(text)
    assert (refused.value.message, refused.value.line) == (STATEMENTS_MESSAGE, 0)


# --- what asmfmt refuses -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("TEXT ·f(SB), 0, $0\n\tRET\x00\n", NUL_MESSAGE, 1),
        ("// Go, not assembly\npackage main\n\nfunc main() {}\n", PACKAGE_MESSAGE, 1),
        ("TEXT ·f(SB), 0, $0\n\tMOVQ AX, BX /*/\n", CRASH_MESSAGE, 1),
        ("/*/\n", CRASH_MESSAGE, 0),
    ],
)
def test_refused_texts_say_why_and_where(text, message, line):
    with pytest.raises(FormatError) as refused:
        format_text(text)
    assert (refused.value.message, refused.value.line) == (message, line)
    with pytest.raises(FormatError):
        formatting_edits(text, (0, 0))


def test_line_comment_before_a_block_opener_is_not_a_crash():
    assert format_text("\tMOVQ AX, BX // /*/\n") == "\tMOVQ AX, BX // /*/\n"


# --- what asmfmt would break ---------------------------------------------------------

UNSAFE = FIXTURES / "unsafe"


@pytest.mark.parametrize(
    ("name", "message", "line"),
    [
        ("label_in_define", STATEMENTS_MESSAGE, 6),  # a blank line after the #define's last '\\' cuts `done:` out
        ("literal", LITERAL_MESSAGE, 2),  # a tab and the space after ';' inside a DATA string
    ],
)
def test_text_asmfmt_would_break_is_left_alone(name, message, line):
    text = read(UNSAFE / f"{name}.in")
    assert (
        asmfmt(text) != text
    )  # asmfmt's rules rewrite it (tests/oracle/test_formatting_oracle.py: and change the code)
    for formats in (format_text, formatting_edits, lambda text: unified_diff(text, "a", "b")):
        with pytest.raises(FormatError) as refused:
            formats(text)
        assert (refused.value.message, refused.value.line) == (message, line)


def test_range_away_from_what_asmfmt_would_break_is_formatted():
    text = read(UNSAFE / "literal.in")
    result = apply_edits(text, formatting_edits(text, (5, 6)))
    assert result == text.replace("TEXT ·f(SB),NOSPLIT,$0\n  RET", "TEXT ·f(SB), NOSPLIT, $0\n\tRET")
    with pytest.raises(FormatError):
        formatting_edits(text, (2, 2))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("loop: MOVQ AX, BX\n", "\nloop:\n\tMOVQ AX, BX\n"),  # a label's statement on a line of its own
        ("MOVQ AX,BX;ADDQ $1,AX;\n", "\tMOVQ AX, BX; ADDQ $1, AX\n"),  # ';' ends a statement as a newline does
        ("MOVQ AX, BX /* c */\n\n\n", "MOVQ AX, BX // c\n"),  # comments and blank lines are nothing
        ("#define M \\\n MOVQ a, b \\\n  RET\r\n", "#define M \\\n\tMOVQ a, b \\\n\tRET\n"),
        ('DATA s<>(SB)/4, $"a, b" // x\n', 'DATA s<>(SB)/4,$"a, b"\n'),
    ],
)
def test_assembler_view_ignores_layout(before, after):
    assert _assembler_view(before) == _assembler_view(after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("#define M \\\n\tINCQ AX \\\ndone:\n", "#define M \\\n\tINCQ AX \\\n\ndone:\n"),  # out of the #define
        ("\tMOVQ a, b // c \\\nRET\n", "\tMOVQ a, b \\ // c\nRET\n"),  # a comment hid the backslash
        ('DATA s<>(SB)/4, $"a\tb"\n', 'DATA s<>(SB)/4, $"a b"\n'),
        ("MOVQ AX, BX\n", "MOVQAX, BX\n"),
        ("NOP /* a\nb */ RET\n", "NOP\n/* a\nb */\nRET\n"),  # a comment spanning lines does not end a statement
    ],
)
def test_assembler_view_sees_changed_code(before, after):
    assert _assembler_view(before) != _assembler_view(after)


# --- edits ----------------------------------------------------------------------


def test_edits_change_only_what_differs():
    text = "TEXT ·f(SB), 0, $0\n\tMOVQ AX,BX\n\tRET\n"
    comma = text.index(",BX") + 1
    assert formatting_edits(text) == [TextEdit(comma, comma, " ")]  # code-point offsets: '·' counts 1


def test_edits_of_a_formatted_text_are_none():
    text = read(FIXTURES / "macros.golden")
    assert formatting_edits(text) == []


@PROPERTIES
@given(st.one_of(assembly_texts(), token_soup()))
def test_edits_give_the_formatted_text(text):
    try:
        formatted = format_text(text)
    except FormatError:  # refused: so are the edits
        with pytest.raises(FormatError):
            formatting_edits(text)
        return
    edits = formatting_edits(text)
    assert apply_edits(text, edits) == formatted
    spans = sorted((edit.start, edit.end) for edit in edits)
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:], strict=False))  # never overlap


# --- range formatting -------------------------------------------------------------

BLOCKS = "TEXT ·f(SB), 0, $0\n\tMOVQ $1,AX\n\tVPXOR Y0,Y1,Y2\n\tADDQ $1,AX\n\n\tXORL CX,CX\n\tRET\n"


def test_range_formats_the_whole_aligned_block_it_touches():
    result = apply_edits(BLOCKS, formatting_edits(BLOCKS, (2, 2)))
    assert result == ("TEXT ·f(SB), 0, $0\n\tMOVQ  $1, AX\n\tVPXOR Y0, Y1, Y2\n\tADDQ  $1, AX\n\n\tXORL CX,CX\n\tRET\n")


def test_range_over_blank_line_leaves_blocks_alone():
    assert formatting_edits(BLOCKS, (4, 4)) == []


def test_range_of_a_label_takes_the_code_after_it():
    text = "TEXT ·f(SB), 0, $0\nloop:  DECQ AX\n\tJNZ loop\n\tRET\n"
    result = apply_edits(text, formatting_edits(text, (1, 1)))
    assert result == "TEXT ·f(SB), 0, $0\nloop:\n\tDECQ AX\n\tJNZ  loop\n\tRET\n"


def test_range_over_every_line_is_whole_formatting():
    assert formatting_edits(BLOCKS, (0, 100)) == formatting_edits(BLOCKS)


@PROPERTIES
@given(assembly_texts(), st.integers(0, 40), st.integers(0, 10))
def test_range_formats_the_units_it_touches_and_nothing_else(text, first, length):
    try:
        formatted = format_with_origins(text)
    except FormatError:
        return
    last = first + length
    try:
        edits = formatting_edits(text, (first, last))
    except FormatError:  # asmfmt would change the code there (test_text_asmfmt_would_break_is_left_alone)
        return
    old_lines = text.split("\n")
    new_lines = formatted.text.split("\n")
    out_of = {}  # input line -> its output lines
    for out_line, origin in zip(formatted.out_lines, formatted.origin, strict=True):
        out_of.setdefault(origin, []).append(out_line)
    expected = []
    for unit_first, unit_last in formatted.units:
        for line in range(unit_first, unit_last + 1):
            if unit_last < first or unit_first > last:
                expected.append(old_lines[line] + ("\n" if line < len(old_lines) - 1 else ""))
            else:
                expected.extend(out + "\n" for out in out_of.get(line, []))
    assert apply_edits(text, edits) == "".join(expected)
    assert len(new_lines) - 1 == len(formatted.out_lines)


# --- diffs ----------------------------------------------------------------------


def test_diff_has_gofmt_header_and_hunks():
    text = "TEXT ·f(SB),0,$0\nMOVQ AX,BX\nRET"
    assert unified_diff(text, "a.s.orig", "a.s") == (
        "diff a.s.orig a.s\n--- a.s.orig\n+++ a.s\n@@ -1,3 +1,3 @@\n"
        "-TEXT ·f(SB),0,$0\n-MOVQ AX,BX\n-RET\n\\ No newline at end of file\n"
        "+TEXT ·f(SB), 0, $0\n+\tMOVQ AX, BX\n+\tRET\n"
    )


def test_diff_keeps_three_lines_of_context():
    body = "".join(f"\tMOVQ ${n}, AX\n\n" for n in range(10))
    text = "TEXT ·f(SB), 0, $0\n" + body + "\tMOVQ AX,BX\n"
    assert unified_diff(text, "a", "b").splitlines()[3:] == [
        "@@ -19,4 +19,4 @@",
        " ",
        " \tMOVQ $9, AX",
        " ",
        "-\tMOVQ AX,BX",
        "+\tMOVQ AX, BX",
    ]


def test_no_diff_for_formatted_text():
    assert unified_diff(read(FIXTURES / "labels.golden"), "a", "b") == ""


# --- idempotence ------------------------------------------------------------------


@PROPERTIES
@given(assembly_texts(block_comments=False))
def test_formatting_twice_changes_nothing(text):
    """asmfmt is idempotent on the shapes people write. It is not on some
    others, and neither is asm-ls, which follows it: a /* */ line after //
    comments (the comments are indented differently the second time), a
    non-ASCII word glued to a mnemonic, a label right after a #define's
    last line (docs/formatting.md)."""
    once = format_text(text)
    assert format_text(once) == once
