"""textflag-include against `go tool asm`: a line is rejected because of a
missing textflag.h exactly when the assembler rejects it as written but
accepts it once the flags are defined (passed as -D, so line numbers stay);
asm-ls must flag exactly those lines, and its fix must make them assemble."""

import os
import re
import subprocess
from importlib import resources
from pathlib import Path

import pytest
from support.asm_oracle import LINUX_DEFINES, parse_errors
from support.checking import check_text
from support.fixes import apply_fix
from support.paths import FIXTURES

from asm_ls.arch.textflag import FLAG_NAMES, FLAGS

pytestmark = pytest.mark.oracle

FIXTURE_DIR = FIXTURES / "nosplit" / "textflag"


def rejected_lines(go_binary: str, goroot: Path, goarch: str, path: Path, defines: dict[str, int]) -> set[int]:
    argv = [
        go_binary,
        "tool",
        "asm",
        "-e",
        "-p",
        "example.com/flags",
        "-I",
        str(path.parent),
        "-I",
        str(goroot / "pkg" / "include"),
    ]
    for define in LINUX_DEFINES[goarch]:
        argv += ["-D", define]
    for name, value in defines.items():
        argv += ["-D", f"{name}={value}"]
    argv += ["-o", str(path.with_suffix(".o")), str(path)]
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOOS": "linux", "GOARCH": goarch}
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env, check=False)
    return {error.line for error in parse_errors(done.stderr)}


def generated(goarch: str) -> str:
    """Every flag in a TEXT, a GLOBL and a DATA line, alone and combined."""
    lines = ["// Generated: every flag name in the lines that take flags."]
    for name in sorted(FLAG_NAMES):
        lines += [
            f"TEXT ·f{name}(SB), {name}, $0-0",
            "\tRET",
            f"GLOBL ·g{name}(SB), {name}, $8",
            f"DATA ·d{name}+0(SB)/8, ${name}",
            f"GLOBL ·d{name}(SB), 8, $8",
        ]
    lines += ["TEXT ·combined(SB), NOSPLIT|NOFRAME, $0-0", "\tRET", "TEXT ·plain(SB), 0, $0-0", "\tRET"]
    return "\n".join(lines) + "\n"


def defines(header: str) -> dict[str, int]:
    return {name: int(value, 0) for name, value in re.findall(r"^#define\s+(\w+)\s+(\w+)", header, re.M)}


def test_the_flag_table_is_the_bundled_header_and_goroots(goroot):
    bundled = resources.files("asm_ls").joinpath("data", "include", "textflag.h").read_text()
    assert defines(bundled) == dict(FLAGS)
    assert defines((goroot / "src" / "runtime" / "textflag.h").read_text()) == dict(FLAGS)


@pytest.mark.parametrize(
    "case",
    [f"{name}:amd64" for name in sorted(p.name for p in FIXTURE_DIR.glob("*.s"))]
    + [f"generated:{goarch}" for goarch in ("amd64", "arm64", "386", "riscv64")],
)
def test_asm_ls_flags_the_lines_the_assembler_rejects_for_want_of_textflag_h(go_binary, goroot, tmp_path, case):
    name, goarch = case.split(":")
    text = generated(goarch) if name == "generated" else (FIXTURE_DIR / name).read_text()
    path = tmp_path / f"case_{goarch}.s"
    path.write_text(text)
    for header in FIXTURE_DIR.glob("*.h"):
        (tmp_path / header.name).write_text(header.read_text())
    as_written = rejected_lines(go_binary, goroot, goarch, path, {})
    with_flags = rejected_lines(go_binary, goroot, goarch, path, FLAGS)
    diagnostics = check_text(str(path), text, goarch, codes={"textflag-include"})
    assert {d.span.lines_and_columns()[0] + 1 for d in diagnostics} == as_written - with_flags
    if diagnostics:
        path.write_text(apply_fix(text, diagnostics[0].fixes[0]))
        assert rejected_lines(go_binary, goroot, goarch, path, {}) == set()
