"""Hostile files on disk, through `asm-ls check` (the CLI runs the engine the
server runs): one clear diagnostic each, and the rest of the tree checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MEGABYTE = 1024 * 1024


def head(name: str) -> str:
    return f'#include "textflag.h"\nTEXT \u00b7{name}(SB), NOSPLIT, $0-0\n'


def check(*paths: Path) -> tuple[int, list[dict], str]:
    proc = subprocess.run(
        [sys.executable, "-m", "asm_ls", "check", "--format", "json", "--goarch", "amd64", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return proc.returncode, json.loads(proc.stdout or "[]"), proc.stderr


def found(results: list[dict]) -> list[tuple[str, int, str, str]]:
    return sorted((os.path.basename(r["path"]), r["line"], r["code"], r["message"]) for r in results)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> tuple[Path, list[dict]]:
    """One directory of hostile files, checked once."""
    root = tmp_path_factory.mktemp("tree")
    (root / "binary_amd64.s").write_bytes(head("b").encode() + bytes(range(256)) * 16)
    (root / "latin1_amd64.s").write_bytes(head("l").encode() + b"\t// caf\xe9 \xff\n\tMOVZZ AX, BX\n\tRET\n")
    with open(root / "huge_amd64.s", "wb") as handle:
        line = b"\tMOVQ AX, BX\n"
        handle.write(head("h").encode() + line * (50 * MEGABYTE // len(line)))
    (root / "a.h").write_text('#include "b.h"\n')
    (root / "b.h").write_text('#include "a.h"\n')
    (root / "cycle_amd64.s").write_text('#include "a.h"\n#include "cycle_amd64.s"\n' + head("c") + "\tRET\n")
    (root / "nul_amd64.s").write_text('#include "a\\000b.h"\n' + head("n") + "\tRET\n")
    (root / "fine_amd64.s").write_text(head("fine") + "\tMOVZZ AX, BX\n\tRET\n")
    code, results, stderr = check(root)
    assert code == 1, stderr
    return root, results


def test_binary_file(tree):
    root, results = tree
    [(name, line, code, message)] = [f for f in found(results) if f[0] == "binary_amd64.s"]
    assert (line, code) == (1, "unreadable-file") and "binary file (contains NUL bytes)" in message


def test_fifty_megabyte_file(tree):
    root, results = tree
    [(name, line, code, message)] = [f for f in found(results) if f[0] == "huge_amd64.s"]
    assert (line, code) == (1, "unreadable-file") and "file is too large (50 MiB" in message


def test_non_utf8_file_is_checked_after_the_bad_bytes(tree):
    root, results = tree
    assert [f[1:3] for f in found(results) if f[0] == "latin1_amd64.s"] == [(4, "unknown-instruction")]


def test_include_cycles_are_reported_where_they_close(tree):
    root, results = tree
    cycles = [f for f in found(results) if f[2] == "include-cycle"]
    assert [(f[0], f[1]) for f in cycles] == [("b.h", 1), ("cycle_amd64.s", 2)], cycles


def test_include_name_with_a_nul_character(tree):
    root, results = tree
    assert [f[1:] for f in found(results) if f[0] == "nul_amd64.s"] == [
        (1, "include-not-found", '#include "a\\000b.h": a file name cannot contain a NUL character')
    ]


def test_the_rest_of_the_tree_is_checked(tree):
    root, results = tree
    assert [f[1:3] for f in found(results) if f[0] == "fine_amd64.s"] == [(3, "unknown-instruction")]


def test_fifo_named_go_in_the_package(tmp_path):
    (tmp_path / "f_amd64.s").write_text(head("f") + "\tRET\n")
    os.mkfifo(tmp_path / "stub.go")
    proc = subprocess.run(
        [sys.executable, "-m", "asm_ls", "check", "--goarch", "amd64", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=20,
        env={**os.environ, "ASM_LS_CACHE_DIR": ""},
    )
    assert proc.returncode == 0, proc.stderr


def test_fifo_named_h_with_the_check_cache(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "f_amd64.s").write_text(head("f") + "\tRET\n")
    os.mkfifo(package / "pipe.h")
    proc = subprocess.run(
        [sys.executable, "-m", "asm_ls", "check", "--goarch", "amd64", str(package)],
        capture_output=True,
        text=True,
        timeout=20,
        env={**os.environ, "ASM_LS_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert proc.returncode == 0, proc.stderr
