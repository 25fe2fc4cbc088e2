"""The committed tables are what tools/gen_arch_tables.py makes from the installed Go."""

import filecmp
import os
import subprocess
import sys

import pytest
from support.paths import REPO

from asm_ls.arch import get_arch

pytestmark = pytest.mark.oracle

DATA = REPO / "asm_ls" / "arch" / "data"


def test_regenerating_reproduces_the_committed_tables(go_binary, goroot, tmp_path):
    installed = subprocess.run(
        [go_binary, "env", "GOVERSION"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "GOTOOLCHAIN": "local"},
    ).stdout.strip()
    if installed != get_arch("amd64").go_version:
        pytest.skip(f"tables come from {get_arch('amd64').go_version}, installed Go is {installed}")
    subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "gen_arch_tables.py"),
            "--goroot",
            str(goroot),
            "--out",
            str(tmp_path / "data"),
        ],
        check=True,
        timeout=300,
        capture_output=True,
    )
    generated = sorted(p.name for p in (tmp_path / "data").glob("*.json"))
    assert generated == sorted(p.name for p in DATA.glob("*.json"))
    _, mismatched, errors = filecmp.cmpfiles(DATA, tmp_path / "data", generated, shallow=False)
    assert not mismatched and not errors
