"""Oracle: asm-ls's stand-in go_asm.h for a build context defines what the
compiler's -asmhdr does, with the same values: integers, quoted strings
and booleans; float constants are left out as the compiler leaves them out."""

import os
import re
import subprocess

import pytest
from support.paths import FIXTURES

from asm_ls.arch.context import BuildContext
from asm_ls.golang.go_asm_header import synthesize

PACKAGE = FIXTURES / "asmdecl" / "goasmh"
DEFINE = re.compile(r"^#define (\w+) (.*)$", re.M)


def defines(text: str) -> dict[str, str]:
    return dict(DEFINE.findall(text))


@pytest.mark.oracle
@pytest.mark.parametrize("goarch", ["amd64", "386", "arm", "arm64", "s390x"])
def test_values_are_the_compilers(go_binary, tmp_path, goarch):
    env = {**os.environ, "GOARCH": goarch, "GOOS": "linux", "GOTOOLCHAIN": "local"}
    subprocess.run(
        [
            go_binary,
            "tool",
            "compile",
            "-p",
            "goasmh",
            "-asmhdr",
            str(tmp_path / "go_asm.h"),
            "-o",
            str(tmp_path / "p.a"),
            str(PACKAGE / "layout.go"),
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    compiler = defines((tmp_path / "go_asm.h").read_text())
    ours = defines(synthesize(str(PACKAGE), BuildContext("linux", goarch)).text)
    assert ours == compiler  # strings quoted as Go quotes them; floats left out
    assert int(ours["header__size"]) > 0


def test_without_a_context_names_are_there_with_value_0():
    ours = defines(synthesize(str(PACKAGE)).text)
    assert {"const_Size", "header__size", "header_inline", "inline_hi"} <= set(ours)
    assert set(ours.values()) == {"0"}
