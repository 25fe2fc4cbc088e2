"""Shared test fixtures.

Oracle tests compare asm-ls with the installed Go toolchain. In CI (CI=true)
a missing toolchain is a failure, never a silent skip.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

# Tests (and the servers and CLIs they start) keep asm-ls's check cache in a
# directory of their own, never in the user's ~/.cache.
os.environ.setdefault("ASM_LS_CACHE_DIR", tempfile.mkdtemp(prefix="asm-ls-test-cache-"))


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path:
        return path
    message = f"{tool!r} is not on PATH; oracle tests need it"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must install it: see .ci/run)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def go_binary() -> str:
    """Path of the `go` command; fails the test in CI when it is missing."""
    return _require("go")


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
