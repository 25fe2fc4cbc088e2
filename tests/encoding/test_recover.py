"""Machine code of a file with a line `go tool asm` rejects: the file is assembled
again without that line, so every other line keeps its bytes (hover's rule)."""

from asm_ls.arch.context import BuildContext
from asm_ls.encoding import assemble
from asm_ls.encoding.assemble import blank_lines
from asm_ls.features.hover.machine_code import machine_code_markdown

BROKEN = """#include "textflag.h"
TEXT ·f(SB), NOSPLIT, $0-8
	MOVQ $1, AX
	MOVQ AX, ret+0(FP)
	RET

TEXT ·g(SB), NOSPLIT, $0-0
loop:	BADINSN AX
	ADDQ $1, AX
	JMP loop
"""


def test_blanking_keeps_line_numbers_labels_and_continuations():
    text = "a\nloop:\tBAD AX\n#define M \\\n\tBAD \\\n\tRET\n"
    assert blank_lines(text, {2, 4}) == "a\nloop:\n#define M \\\n \\\n\tRET\n"


def test_other_lines_keep_their_bytes(go_binary, tmp_path):
    path = tmp_path / "b_amd64.s"
    path.write_text(BROKEN)
    ctx = BuildContext("linux", "amd64")
    plain = assemble(str(path), BROKEN, ctx, pkgpath="x", go=go_binary)
    assert plain.functions == () and [e.line for e in plain.errors] == [8]
    result = assemble(str(path), BROKEN, ctx, pkgpath="x", go=go_binary, recover=True)
    assert result.errors == plain.errors  # the diagnostics are the file's own
    assert result.blanked == (8,)
    assert "48 c7 c0 01 00 00 00" in machine_code_markdown(result, 3)  # MOVQ $1, AX in the other function
    assert "48 83 c0 01" in machine_code_markdown(result, 9)  # ADDQ after the rejected line, its label kept
    assert "Assembled without line 8" in machine_code_markdown(result, 9)
    assert (
        machine_code_markdown(result, 8)
        == 'No machine code: `go tool asm` rejects this line: unrecognized instruction "BADINSN"'
    )
