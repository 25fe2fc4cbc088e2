"""The NOSPLIT limit in the tables is the one the Go linker enforces."""

import os
import re
import subprocess

import pytest

from asm_ls.arch.context import BuildContext

pytestmark = pytest.mark.oracle

MAIN_GO = "package main\n\nfunc f()\n\nfunc main() { f() }\n"
OVERSIZED_NOSPLIT_S = '#include "textflag.h"\n\nTEXT ·f(SB), NOSPLIT, $2000-0\n\tRET\n'


# Pairs whose standard library is usually in the build cache already: a
# cold cross build of the runtime takes several seconds each.
@pytest.mark.parametrize(
    "ctx", [BuildContext("linux", "amd64"), BuildContext("linux", "arm64"), BuildContext("linux", "386")], ids=str
)
def test_linker_reports_the_table_limit(go_binary, tmp_path, ctx):
    (tmp_path / "go.mod").write_text("module nosplit\n")
    (tmp_path / "main.go").write_text(MAIN_GO)
    (tmp_path / "f.s").write_text(OVERSIZED_NOSPLIT_S)
    env = {
        **os.environ,
        "GOTOOLCHAIN": "local",
        "CGO_ENABLED": "0",
        "GOFLAGS": "",
        "GOOS": ctx.goos,
        "GOARCH": ctx.goarch,
    }
    result = subprocess.run(
        [go_binary, "build", "-o", str(tmp_path / "out"), "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    limit = re.search(r"nosplit stack over (\d+) byte limit", result.stderr)
    assert limit, result.stderr
    assert int(limit[1]) == ctx.nosplit_limit()
