"""Hover's machine code in a large file comes from its function assembled
alone (the other lines blanked, preprocessor lines kept): it must be what
assembling the whole file gives, line by line, and an edit elsewhere must
leave it to the cache."""

from __future__ import annotations

from asm_ls.encoding import assemble
from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.features.hover.machine_code import FOCUS_CHARACTERS, focused_text, line_code
from asm_ls.model import CheckUnit

HEADER = """\
#include "textflag.h"

#define XOR3(a, b, c, dst) \\
\tVPXOR a, b, dst \\
\tVPXOR c, dst, dst

#ifdef GOAMD64_v3
#define WIDE
#endif

DATA table<>+0(SB)/8, $0x0102030405060708
GLOBL table<>(SB), RODATA|NOPTR, $8
"""


def _function(n: int) -> str:
    return (
        f"// func f{n}(x []byte) int\n"
        f"TEXT ·f{n}(SB), NOSPLIT, $0-32\n"
        "\tMOVQ x_base+0(FP), AX\n"
        "\tMOVQ x_len+8(FP), CX\n"
        "\tLEAQ table<>(SB), DX\n"
        f"loop{n}:\n"
        "\tXOR3(Y1, Y2, Y3, Y4)\n"
        "\tVMOVDQU (AX)(CX*1), Y5\n"
        "\tDECQ CX\n"
        f"\tJNZ loop{n}\n"
        f"\tCALL ·f{(n + 1) % 900}(SB)\n"
        "\tMOVQ CX, ret+24(FP)\n"
        "\tRET\n\n"
    )


def _unit(path, text: str) -> CheckUnit:
    """The file, written with text, read for amd64 as hover reads it."""
    path.write_text(text)
    analyzer = Analyzer(Options(goarches=("amd64",)))
    source = analyzer.source(str(path))
    assert source is not None
    return analyzer.analyze(source, analyzer.contexts(source)[0])


def test_a_function_assembled_alone_has_the_whole_files_machine_code(tmp_path):
    path = tmp_path / "big_amd64.s"
    text = HEADER + "".join(_function(n) for n in range(900))
    assert len(text) >= FOCUS_CHARACTERS
    unit = _unit(path, text)
    context = unit.context
    whole = assemble(str(path), text, context, pkgpath="main", recover=True)
    lines = text.split("\n")
    for n in (0, 1, 450, 899):
        first = lines.index(f"TEXT ·f{n}(SB), NOSPLIT, $0-32") + 1  # 1-based
        for line in range(first, first + 12):
            focus = focused_text(unit, line)
            assert len(focus.text) < len(text) / 100 and focus.runs
            alone = assemble(str(path), focus.text, context, pkgpath="main", recover=True)
            expected, found = line_code(whole, line), line_code(alone.moved(focus.file_line), line)
            assert (found and found.markdown) == (expected and expected.markdown), lines[line - 1]
    assert line_code(whole, lines.index("\tXOR3(Y1, Y2, Y3, Y4)") + 1) is not None


def test_an_edit_elsewhere_leaves_the_functions_text_as_it_was(tmp_path):
    path = tmp_path / "big_amd64.s"
    text = HEADER + "".join(_function(n) for n in range(900))
    edited = text.replace("\tDECQ CX\n\tJNZ loop500\n", "\tDECQ DX\n\tJNZ loop500\n")
    texts = []
    for version in (text, edited):
        analyzer = Analyzer(Options(goarches=("amd64",)), overlays={str(path): version})
        source = analyzer.source(str(path))
        assert source is not None
        unit = analyzer.analyze(source, analyzer.contexts(source)[0])
        texts.append(focused_text(unit, version.split("\n").index("TEXT ·f7(SB), NOSPLIT, $0-32") + 3))
    assert texts[0] == texts[1]


def test_a_line_the_assembler_rejects_is_named_by_its_line_in_the_file(tmp_path):
    """The function assembled alone is a short text: what the assembler says of
    its lines (an error, a line left out to assemble the rest) is said of the file's."""
    path = tmp_path / "big_amd64.s"
    functions = [_function(n) for n in range(900)]
    functions[600] = functions[600].replace("\tDECQ CX\n", "\tDECQ CX, DX, R8\n")
    text = HEADER + "".join(functions)
    unit = _unit(path, text)
    lines = text.split("\n")
    bad = lines.index("\tDECQ CX, DX, R8") + 1
    focus = focused_text(unit, bad)
    alone = assemble(str(path), focus.text, unit.context, pkgpath="main", recover=True).moved(focus.file_line)
    assert [error.line for error in alone.errors] == [bad] and alone.blanked == (bad,)
    rejected = line_code(alone, bad)
    assert rejected is not None and "rejects this line" in rejected.markdown
    after = line_code(alone, bad + 1)  # JNZ, assembled without the line before it
    assert after is not None and f"Assembled without line {bad}," in after.markdown
