"""`asm-ls fmt` as a user and CI run it: stdout, -l, -d, -w, stdin, exit
codes (gofmt's), files left alone, bytes that are not UTF-8."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import FIXTURES, REPO

from asm_ls.features.formatting import PACKAGE_MESSAGE

FORMATTING = FIXTURES / "formatting"


def asm_ls_fmt(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "asm_ls", "fmt", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "pkg" / "testdata").mkdir(parents=True)
    (tmp_path / "pkg" / "messy.s").write_bytes((FORMATTING / "labels.in").read_bytes())
    (tmp_path / "pkg" / "tidy.s").write_bytes((FORMATTING / "labels.golden").read_bytes())
    (tmp_path / "pkg" / "testdata" / "skipped.s").write_bytes((FORMATTING / "labels.in").read_bytes())
    (tmp_path / "go.s").write_text("package main\n")
    return tmp_path


def test_cli_prints_the_formatted_file(tree):
    result = asm_ls_fmt("pkg/messy.s", cwd=tree)
    assert (result.returncode, result.stdout, result.stderr) == (0, (FORMATTING / "labels.golden").read_bytes(), b"")


def test_cli_reads_stdin_without_paths(tree):
    result = asm_ls_fmt(cwd=tree, stdin=(FORMATTING / "macros.in").read_bytes())
    assert (result.returncode, result.stdout) == (0, (FORMATTING / "macros.golden").read_bytes())


def test_cli_lists_files_that_differ_and_exits_0(tree):
    result = asm_ls_fmt("-l", "pkg", cwd=tree)
    assert (result.returncode, result.stdout.decode().splitlines(), result.stderr) == (0, ["pkg/messy.s"], b"")


def test_cli_diff_exits_1_when_a_file_differs(tree):
    result = asm_ls_fmt("-d", "pkg/...", cwd=tree)
    assert result.returncode == 1
    assert result.stdout.decode().startswith(
        "diff pkg/messy.s.orig pkg/messy.s\n--- pkg/messy.s.orig\n+++ pkg/messy.s\n"
    )
    assert asm_ls_fmt("-d", "pkg/tidy.s", cwd=tree).returncode == 0


def test_cli_writes_files_keeping_their_mode(tree):
    messy = tree / "pkg" / "messy.s"
    messy.chmod(0o640)
    result = asm_ls_fmt("-w", "-l", "pkg", cwd=tree)
    assert (result.returncode, result.stdout) == (0, b"pkg/messy.s\n")
    assert messy.read_bytes() == (FORMATTING / "labels.golden").read_bytes()
    assert messy.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in messy.parent.iterdir()) == ["messy.s", "testdata", "tidy.s"]  # no temporary left
    assert asm_ls_fmt("-l", "pkg", cwd=tree).stdout == b""


def test_cli_refused_file_exits_2_and_leaves_it(tree):
    result = asm_ls_fmt("-w", "go.s", "pkg/messy.s", cwd=tree)
    assert result.returncode == 2
    assert result.stderr.decode() == f"go.s:1: {PACKAGE_MESSAGE}\n"
    assert (tree / "go.s").read_text() == "package main\n"
    assert (tree / "pkg" / "messy.s").read_bytes() == (FORMATTING / "labels.golden").read_bytes()  # the others are done


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-w",), "asm-ls: fmt: cannot use -w with standard input\n"),
        (("missing.s",), "asm-ls: missing.s: no such file or directory\n"),
    ],
)
def test_cli_usage_errors_exit_2(tree, args, message):
    result = asm_ls_fmt(*args, cwd=tree, stdin=b"")
    assert (result.returncode, result.stderr.decode()) == (2, message)


def test_cli_keeps_undecodable_bytes_outside_operands(tree):
    (tree / "latin1.s").write_bytes(b"// caf\xe9\nTEXT f(SB),0,$0\n")
    result = asm_ls_fmt("latin1.s", cwd=tree)
    assert (result.returncode, result.stdout) == (0, b"// caf\xe9\nTEXT f(SB), 0, $0\n")
