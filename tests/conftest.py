"""Shared test fixtures.

Oracle tests compare asm-ls with the installed Go toolchain. In CI (CI=true)
a missing toolchain is a failure, never a silent skip.
"""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from support.tools import require_on_path

# Tests (and the servers and CLIs they start) keep asm-ls's check cache in a
# directory of their own, never in the user's ~/.cache.
os.environ.setdefault("ASM_LS_CACHE_DIR", tempfile.mkdtemp(prefix="asm-ls-test-cache-"))


@pytest.fixture(scope="session")
def go_binary() -> str:
    """Path of the `go` command; fails the test in CI when it is missing."""
    return require_on_path("go", "the oracle tests")


@pytest.fixture(scope="session")
def goroot(go_binary) -> Path:
    out = subprocess.run(
        [go_binary, "env", "GOROOT"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "GOTOOLCHAIN": "local"},
    )
    return Path(out.stdout.strip())
