"""Oracle: asm-ls's stand-in go_asm.h for a build context defines what the
compiler's -asmhdr does, with the same values: integers, quoted strings
and booleans; float constants are left out as the compiler leaves them out.

On a fixture package of every kind of constant and layout, and on the
runtime: `go build -work -a runtime` (the `-a` makes the compiler run, and
so write each package's header, even when the build cache is warm) for
amd64 and arm64, every package of the build that has a header compared
whole, and each go_asm.h name runtime's assembly uses checked by name."""

import os
import re
import subprocess

import pytest
from support.go_asm_headers import compiler_headers, defines
from support.paths import FIXTURES

from asm_ls.arch.context import BuildContext, file_matches
from asm_ls.golang.go_asm_header import synthesize

PACKAGE = FIXTURES / "asmdecl" / "goasmh"
WORD = re.compile(r"[A-Za-z_]\w*")


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


@pytest.mark.oracle
@pytest.mark.parametrize("goarch", ["amd64", "arm64"])
def test_runtime_build_headers_are_the_compilers(go_binary, goroot, tmp_path, goarch):
    context = BuildContext("linux", goarch)
    headers = compiler_headers(go_binary, goarch, "linux", tmp_path)
    assert "runtime" in headers and len(headers) > 5, sorted(headers)
    for package, compiler in headers.items():
        ours = defines(synthesize(str(goroot / "src" / package), context).text)
        wrong = {name: (value, ours.get(name)) for name, value in compiler.items() if ours.get(name) != value}
        assert not wrong, f"{package} on {goarch}: name: (compiler's, asm-ls's) {wrong}"
        assert set(ours) == set(compiler), f"{package}: asm-ls defines more: {set(ours) - set(compiler)}"
    # The names runtime's assembly for this arch uses: each one has the compiler's value.
    runtime = goroot / "src" / "runtime"
    compiler = headers["runtime"]
    ours = defines(synthesize(str(runtime), context).text)
    used: set[str] = set()
    for path in runtime.glob("*.s"):
        text = path.read_text()
        if file_matches(str(path), text, context):
            used.update(word for word in WORD.findall(text) if word in compiler)
    assert len(used) > 30, sorted(used)  # 42 on amd64, 34 on arm64 in Go 1.26
    assert {name: ours.get(name) for name in used} == {name: compiler[name] for name in used}
