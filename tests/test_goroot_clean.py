"""The Go tree is the largest body of valid Go assembly there is: every .s file
under $GOROOT/src assembles in its package's builds, so asm-ls must report no
error on any of them, for any GOARCH. And the assembler's own broken test
files must not pass."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from asm_ls.analysis import Analyzer, Options
from asm_ls.checker import expand_paths
from asm_ls.syntax.source import SourceFile

pytestmark = [pytest.mark.slow, pytest.mark.oracle]

REPO = Path(__file__).resolve().parents[1]


def asm_ls_check(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "asm_ls", "check", "--format", "json", *args],
                          capture_output=True, text=True, timeout=600, env=env, check=False)


def test_goroot_src_has_no_errors(goroot):
    src = goroot / "src"
    result = asm_ls_check(str(src))
    assert result.stderr == ""
    errors = [f for f in json.loads(result.stdout) if f["severity"] == "error"]
    shown = [f"{f['path']}:{f['line']}:{f['column']}: [{f['arch']}] {f['code']}: {f['message']}" for f in errors]
    assert shown[:30] == [] and result.returncode == 0


def test_goroot_walk_reaches_the_assembly(goroot):
    """The clean run above means something only if it read the files."""
    files = {Path(p).relative_to(goroot / "src").as_posix() for p in expand_paths([str(goroot / "src")])}
    assert {"runtime/asm_amd64.s", "runtime/asm_arm64.s", "crypto/internal/fips140/bigmod/nat_amd64.s",
            "math/big/arith_arm64.s", "internal/bytealg/indexbyte_wasm.s"} <= files
    assert len(files) > 400
    # cmd/asm's test data holds deliberately broken files: walking skips testdata.
    assert not any("/testdata/" in f for f in files)


TESTDATA = "cmd/asm/internal/asm/testdata"


BROKEN = [
    ("buildtagerror.s", "amd64", None),
    ("duperror.s", "amd64", None),
    ("amd64error.s", "amd64", "invalid instruction, offset too large, register overlap, rounding and SAE"),
    ("arm64error.s", "arm64", "illegal combination, invalid arrangement, unwritable system register"),
    ("armerror.s", "arm", "illegal combination, invalid .S/.P/.W/.U suffix, illegal shift"),
    ("loong64error.s", "loong64", "constant alignment and range"),
    ("riscv64error.s", "riscv64", "invalid vector mask register, immediate range, unknown CSR"),
    # amd64dynlinkerror.s is broken only with -dynlink, which a check cannot know.
]


@pytest.mark.parametrize(("name", "goarch"), [
    pytest.param(name, goarch, id=name, marks=[pytest.mark.xfail(strict=True, reason=(
        f"gap: every error in it is an encoder error ({what}); asm-ls checks syntax only"))] if what else [])
    for name, goarch, what in BROKEN
])
def test_assembler_error_testdata_has_errors(goroot, name, goarch):
    path = goroot / "src" / TESTDATA / name
    source = SourceFile(str(path), path.read_text())
    found = Analyzer(Options(goarches=(goarch,))).check(source)
    assert [d for d in found if d.severity == "error"]
