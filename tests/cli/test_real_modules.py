"""Real modules' inputs never kill a check (issue 21): a go.work naming a
missing directory, a Go type error, a broken go.mod, and a frame that
depends on typed constant arithmetic (`32 << (^uint(0) >> 63)`).

tests/fixtures/cli/workmod is such a module. `asm-ls check` prints a JSON array
and exits 0 or 1 with or without --toolchain; the frame is checked for the
word size of each GOARCH (what the `// want` lines expect, which is also
what `go vet` says once go.work and the type error are out of the way); a
toolchain that cannot load the module is one line on stderr.
(Imports through go.work, replace and vendor/: tests/golang/test_locate.py.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.lsp_stdio import StdioServer
from support.paths import FIXTURES, REPO
from support.want import Found, Want, compare, read_wants

FIXTURE = FIXTURES / "cli" / "workmod"


def check(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    python_path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "asm_ls", "check", "--format", "json", "--goarch", "amd64,386", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": python_path, "ASM_LS_CACHE_DIR": "", **(env or {})},
    )


@pytest.fixture
def module(tmp_path) -> Path:
    copy = tmp_path / "workmod"
    shutil.copytree(FIXTURE, copy)
    return copy


def wanted(directory: Path) -> list[Want]:
    return [w for path in sorted(directory.glob("*.s")) for w in read_wants(path)]


def assert_as_wanted(findings: list[dict], directory: Path) -> None:
    found = [Found(str(directory / f["path"]), f["line"], f"{f['code']}: {f['message']}", f["arch"]) for f in findings]
    extra, missing = compare(found, wanted(directory))
    assert not extra and not missing, (extra, missing)


def test_static_check_prints_json_with_the_frame_of_each_word_size(module):
    done = check(".", cwd=module)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    assert_as_wanted(json.loads(done.stdout), module)


@pytest.mark.oracle
def test_toolchain_check_says_once_that_go_work_is_broken(module, go_binary):
    done = check("--toolchain", "--go", go_binary, ".", cwd=module)
    assert done.returncode == 1, done.stderr
    assert_as_wanted(json.loads(done.stdout), module)
    [line] = done.stderr.splitlines()  # one line for the module, whatever the number of packages and arches
    assert line.startswith("asm-ls: --toolchain: `go list` failed"), line
    assert "go.work" in line and "missing" in line and "GOWORK=off" in line, line


@pytest.mark.oracle
def test_toolchain_check_without_the_workspace_names_the_type_error(module, go_binary):
    done = check("--toolchain", "--go", go_binary, ".", cwd=module, env={"GOWORK": "off"})
    assert done.returncode == 1, done.stderr
    assert_as_wanted(json.loads(done.stdout), module)
    [line] = done.stderr.splitlines()
    assert "is asm-ls's stand-in" in line and 'cannot use "not an int"' in line, line


@pytest.mark.oracle
def test_vet_agrees_once_the_module_builds(module, go_binary, tmp_path):
    """The `// want` lines are vet's own findings when vet can run."""
    (module / "go.work").unlink()
    words = module / "words.go"
    words.write_text(re.sub(r"^var broken.*$", "", words.read_text(), flags=re.M))
    for goarch, source in (("amd64", "sum_amd64.s"), ("386", "sum_386.s")):
        env = {**os.environ, "GOARCH": goarch, "GOOS": "linux", "GOTOOLCHAIN": "local", "GOFLAGS": "", "GOWORK": ""}
        vet = subprocess.run([go_binary, "vet", "."], cwd=module, env=env, capture_output=True, text=True, timeout=300)
        [want] = [w for w in wanted(module) if Path(w.path).name == source]
        message = want.text.partition(": ")[2]
        assert f"{source}:{want.line}:1: [{goarch}] sum: {message}" in vet.stderr, vet.stderr


@pytest.mark.oracle
def test_broken_go_mod_degrades_with_one_line(module, go_binary):
    (module / "go.work").unlink()
    (module / "go.mod").write_text("module example.com/workmod\n\ngo 1.22\n\nrequire (\n\tthis is not\n")
    for args in ((), ("--toolchain", "--go", go_binary)):
        done = check(*args, ".", cwd=module)
        assert done.returncode == 1, done.stderr
        assert_as_wanted(json.loads(done.stdout), module)
        assert len(done.stderr.splitlines()) == (1 if args else 0), done.stderr
    assert "go.mod" in done.stderr


@pytest.mark.oracle
def test_server_logs_the_broken_workspace_once_and_publishes(module, go_binary, tmp_path):
    server = StdioServer(stderr_path=tmp_path / "server.log", env={**os.environ, "ASM_LS_CACHE_DIR": ""})
    try:
        server.initialize(module, {"goBinary": go_binary, "goarches": ["amd64", "386"], "toolchainDiagnostics": True})
        published = {}
        for name in ("sum_amd64.s", "sum_386.s"):
            path = module / name
            uri = server.open(path, path.read_text())
            published[name] = server.diagnostics(uri, 1)
        for name, found in published.items():
            findings = [
                Found(str(module / name), d["range"]["start"]["line"] + 1, f"{d['code']}: {d['message']}")
                for d in found
            ]
            extra, missing = compare(findings, [w for w in wanted(module) if Path(w.path).name == name])
            assert not extra and not missing, (extra, missing)
        told = [m for m in server.log_messages() if "go.work" in m]
        assert len(told) == 1 and "missing" in told[0], server.log_messages()
        assert server.alive()
    finally:
        server.close()
