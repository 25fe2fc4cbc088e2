"""Real modules' inputs never kill a check (issue 21): a go.work naming a
missing directory, a Go type error, a broken go.mod, and a frame that
depends on typed constant arithmetic (`32 << (^uint(0) >> 63)`).

tests/fixtures/workmod is such a module. `asm-ls check` prints a JSON array
and exits 0 or 1 with or without --toolchain; the frame is checked for the
word size of each GOARCH (what the `// want` lines expect, which is also
what `go vet` says once go.work and the type error are out of the way); a
toolchain that cannot load the module is one line on stderr.
Imports resolve through go.work, replace directives and vendor/ as the go
command resolves them.
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

from asm_ls.golang.locate import ImportNotFound, find_workspace, import_directory

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "workmod"
_WANT = re.compile(r'// want "(.*)"')


def check(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
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


def wanted(directory: Path) -> set[tuple[str, int, str]]:
    """(file, line, message pattern) of every `// want` in the module's assembly."""
    found = set()
    for path in sorted(directory.glob("*.s")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = _WANT.search(line)
            if match:
                found.add((path.name, number, match.group(1)))
    return found


def assert_as_wanted(findings: list[dict], directory: Path) -> None:
    want = wanted(directory)
    got = {(f["path"], f["line"], f["message"]) for f in findings}
    assert len(got) == len(want), (got, want)
    for name, line, pattern in want:
        assert any(p == name and n == line and re.search(pattern, m) for p, n, m in got), (name, line, got)


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
        [(name, line, pattern)] = [w for w in wanted(module) if w[0] == source]
        assert re.search(rf"{name}:{line}:\d+: \[{goarch}\] sum: {pattern}", vet.stderr), vet.stderr


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


# --- imports through go.work, replace and vendor ----------------------------------


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """A go.work using two modules (and one missing), a replace to a local directory, a vendor tree."""
    monkeypatch.delenv("GOWORK", raising=False)
    root = tmp_path / "ws"
    write(root / "go.work", "go 1.22\n\nuse (\n\t./app\n\t./lib // the library\n\t./gone\n)\n")
    write(root / "app" / "go.mod", "module example.com/app\n\ngo 1.22\n\nreplace example.com/local => ../local\n")
    write(root / "app" / "main.go", "package app\n")
    write(root / "lib" / "go.mod", "module example.com/lib\n\ngo 1.22\n")
    write(root / "lib" / "sub" / "s.go", "package sub\n")
    write(root / "local" / "l.go", "package local\n")
    write(root / "vendor" / "example.com" / "vendored" / "v.go", "package vendored\n")
    return root


def test_imports_resolve_through_the_workspace(workspace):
    app = workspace / "app"
    assert import_directory("example.com/lib/sub", app) == workspace / "lib" / "sub"
    assert import_directory("example.com/local", app) == (workspace / "local").resolve()
    assert import_directory("example.com/vendored", app) == workspace / "vendor" / "example.com" / "vendored"
    work = find_workspace(app)
    assert work is not None and work.missing == ("./gone",)


def test_gowork_off_and_gowork_path_choose_as_the_go_command_does(workspace, monkeypatch, tmp_path):
    app = workspace / "app"
    monkeypatch.setenv("GOWORK", "off")
    assert find_workspace(app) is None
    with pytest.raises(ImportNotFound, match="not required"):
        import_directory("example.com/lib/sub", app)
    monkeypatch.setenv("GOWORK", str(workspace / "go.work"))
    assert find_workspace(tmp_path) is not None and find_workspace(tmp_path).path == workspace / "go.work"


def test_garbage_go_work_is_read_leniently(workspace):
    (workspace / "go.work").write_bytes(b"\xff\xfe use (\x00 ./app\n")
    found = find_workspace(workspace / "app")
    assert found is not None and found.modules == ()
    assert import_directory("unicode/utf8", workspace / "app").name == "utf8"  # the standard library still resolves


@pytest.mark.oracle
def test_server_logs_the_broken_workspace_once_and_publishes(module, go_binary, tmp_path):
    from lsp_stdio import StdioServer

    server = StdioServer(stderr_path=tmp_path / "server.log", env={**os.environ, "ASM_LS_CACHE_DIR": ""})
    try:
        server.initialize(module, {"goBinary": go_binary, "goarches": ["amd64", "386"], "toolchainDiagnostics": True})
        published = {}
        for name in ("sum_amd64.s", "sum_386.s"):
            path = module / name
            uri = server.open(path, path.read_text())
            published[name] = server.diagnostics(uri, 1)
        for name, found in published.items():
            [(line, message)] = [(d["range"]["start"]["line"] + 1, d["message"]) for d in found]
            [(_, want_line, pattern)] = [w for w in wanted(module) if w[0] == name]
            assert line == want_line and re.search(pattern, message), found
        told = [m for m in server.log_messages() if "go.work" in m]
        assert len(told) == 1 and "missing" in told[0], server.log_messages()
        assert server.alive()
    finally:
        server.close()
