"""Slow oracle: on the standard library, asm-ls's asmdecl findings are exactly
`go vet -asmdecl std`'s, per GOARCH (bench/vet_std.py does the comparing and
prints both sets' differences; it runs every GOARCH when run by hand)."""

import subprocess
import sys

import pytest
from support.paths import REPO

pytestmark = [pytest.mark.slow, pytest.mark.oracle]


@pytest.mark.parametrize("goarch", ["amd64", "arm64"])
def test_std_findings_are_go_vets(go_binary, goarch):
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "vet_std.py"), "--goarch", goarch],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"{goarch}/linux: go vet ")
