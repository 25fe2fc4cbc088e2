"""Hypothesis strategies for Go assembly texts to format: plausible files
(the shapes people write, carelessly spaced) and token soup (asmfmt's quirks
on lines no one writes on purpose)."""

from __future__ import annotations

from hypothesis import strategies as st

SPACE = st.sampled_from(["", " ", "  ", "\t", " \t", "\t\t"])
SOME_SPACE = st.sampled_from([" ", "  ", "\t", " \t"])
MNEMONIC = st.sampled_from(
    ["MOVQ", "MOVL", "ADDQ", "VPXOR", "VMOVDQU", "LEAQ", "CMPQ", "JNE", "JNZ", "CALL", "PSHUFB", "MOVD", "movq", "addq"]
)
OPERAND = st.sampled_from(
    [
        "AX",
        "BX",
        "R1",
        "$1",
        "$0x7f",
        "x+0(FP)",
        "ret+16(FP)",
        "(SI)",
        "8(DI)(CX*8)",
        "Y0",
        "X15",
        "·tab<>(SB)",
        "-8(SP)",
    ]
)
NAME = st.sampled_from(["loop", "done", "tail", "L1", "ret1", "é"])
WORDS = st.sampled_from(["note", "sum the lanes", "x·y", "TODO: fix", "see #define", "a, b"])


@st.composite
def _operands(draw) -> str:
    separator = draw(st.sampled_from([",", ", ", " ,", ",\t", " , "]))
    return separator.join(draw(st.lists(OPERAND, min_size=1, max_size=3)))


@st.composite
def _trailing_comment(draw) -> str:
    if not draw(st.booleans()):
        return ""
    return draw(SPACE) + "//" + draw(st.sampled_from(["", " ", "  "])) + draw(WORDS)


@st.composite
def _instruction(draw) -> str:
    line = draw(SPACE) + draw(MNEMONIC)
    if draw(st.integers(0, 4)):
        line += draw(SOME_SPACE) + draw(_operands())
    return line + draw(_trailing_comment()) + draw(SPACE)


@st.composite
def _semicolons(draw) -> str:
    first, second = draw(_instruction()).strip(), draw(_instruction()).split("//")[0].strip()
    return "\t" + first.split("//")[0].strip() + draw(st.sampled_from([";", "; ", " ;  "])) + second


@st.composite
def _label(draw) -> str:
    line = draw(SPACE) + draw(NAME) + ":"
    if draw(st.booleans()):
        line += draw(SOME_SPACE) + draw(_instruction()).strip()
    return line


@st.composite
def _comment(draw) -> str:
    return draw(SPACE) + "//" + draw(st.sampled_from(["", " ", "\t", "+", "/"])) + draw(WORDS)


@st.composite
def _macro(draw) -> list[str]:
    body = draw(st.lists(_instruction(), min_size=1, max_size=4))
    lines = ["#define M" + draw(st.sampled_from(["", "(a, b)", "(x)"])) + draw(SPACE) + "\\"]
    for line in body[:-1]:
        lines.append(line.split("//")[0] + draw(SPACE) + "\\")
    lines.append(body[-1].split("//")[0])
    return lines


FIXED = st.sampled_from(
    [
        "TEXT ·f(SB), NOSPLIT, $0-24",
        "TEXT ·g(SB),$16-8",
        "DATA ·tab<>+0(SB)/8, $1",
        "GLOBL ·tab<>(SB), RODATA, $8",
        '#include "textflag.h"',
        "RET",
        "\tRET",
        "\tJMP loop",
        "",
        "",
        "\tM(AX, BX)",
        "\tPCDATA $0, $-1",
    ]
)


@st.composite
def assembly_texts(draw, block_comments: bool = True) -> str:
    """A plausible file: functions, labels, comments, macros, tables, blank
    lines, carelessly spaced, with LF or CRLF line ends."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 10 if block_comments else 9))
        if kind <= 3:
            lines.append(draw(_instruction()))
        elif kind == 4:
            lines.append(draw(_label()))
        elif kind == 5:
            lines.append(draw(_comment()))
        elif kind == 6:
            lines.extend(draw(_macro()))
        elif kind == 7:
            lines.append(draw(_semicolons()))
        elif kind == 10:
            lines.append(draw(SPACE) + "/*" + draw(SPACE) + draw(WORDS) + draw(SPACE) + "*/")
        else:
            lines.append(draw(FIXED))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    return end.join(lines) + draw(st.sampled_from([end, ""]))


TOKENS = st.sampled_from(
    [
        *("MOVQ", "movq", "RET", "ret", "JMP", "TEXT", "DATA", "GLOBL", "PCDATA", "#define", "#include", "NOP"),
        *("loop:", "a:", "x_y:", "FOO(", "FOO", "A_B", "AX", "$0", "·f(SB)", "x+8(FP)", "(SP)", "\\", "\\\\"),
        *("//", "// x", "//x", "/*", "*/", "/* c */", ";", ",", ", ", '"', "'", '"a//b"', "'//'", "\t", " "),
        *("ß", "ᾳ", "ǅ", "\u00a0", "\u3000", "\x1c", "\x85", "\r", "package", "+build", "go:build", "*", "/", ":"),
        *("(", ")", "_", "{", "}"),
    ]
)


@st.composite
def token_soup(draw) -> str:
    """Lines of random tokens: what asmfmt does with them is its quirks."""
    lines = [
        "".join(draw(st.lists(st.tuples(TOKENS, SPACE).map("".join), max_size=8)))
        for _ in range(draw(st.integers(0, 12)))
    ]
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))
