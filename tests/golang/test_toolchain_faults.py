"""Toolchain faults: `go` missing, failing, hanging or printing garbage, a
go.mod asking for a newer Go, cache directories that cannot be written.
`asm-ls check --toolchain` says so in one line; the server degrades the
toolchain features with one log line and keeps the rest working.

Fake `go` commands are shell scripts in a temporary directory, passed with
`--go` or the `goBinary` setting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.lsp_stdio import WAIT, StdioServer
from support.paths import REPO

SOURCE = '#include "textflag.h"\nTEXT \u00b7f(SB), NOSPLIT, $0-0\n\tMOVQ AX, BX\n\tMOVZZ AX, BX\n\tRET\n'
OWN = ("unknown-instruction", 3)  # what asm-ls itself finds in SOURCE (code, line)

FAKES = {
    "failing": (
        "echo 'go: broken installation' >&2\necho more >&2\nexit 3\n",
        "failed (exit 3): go: broken installation",
    ),
    "hanging": ('echo $$ >> "$(dirname "$0")/pids"\nexec sleep 1000\n', "timed out after 10 s"),
    "garbage": ("printf '\\001\\002 garbage {{{\\n'\n", "`go env` printed unexpected output"),
    "wrong-goroot": (
        'echo \'{"GOROOT": "/nonexistent", "GOTOOLDIR": "/nonexistent/tool", "GOVERSION": "go1.99"}\'\n',
        "cannot run /nonexistent/tool/asm: not found",
    ),
}


def fake_go(directory: Path, kind: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    go = directory / "go"
    go.write_text("#!/bin/sh\n" + FAKES[kind][0])
    go.chmod(0o755)
    return go


def assert_no_leftover(directory: Path) -> None:
    """The processes a hanging go started are gone."""
    pids = directory / "pids"
    for pid in pids.read_text().split() if pids.exists() else []:
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            continue
        with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone too: only its entry is left
            assert stat.read().split()[2] == "Z", f"process {pid} of the hanging go still runs"


def check(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    python_path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))  # run from cwd
    return subprocess.run(
        [sys.executable, "-m", "asm_ls", "check", "--goarch", "amd64", *args],
        capture_output=True,
        text=True,
        timeout=WAIT,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": python_path, **(env or {})},
    )


# --- asm-ls check --toolchain ------------------------------------------------------


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "pkg" / "f_amd64.s"
    path.parent.mkdir()
    path.write_text(SOURCE)
    return path


def test_check_with_go_missing(tmp_path, source):
    done = check("--toolchain", "--go", str(tmp_path / "nonexistent" / "go"), str(source))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"asm-ls: --toolchain: Go toolchain not found at {tmp_path / 'nonexistent' / 'go'}\n"


def test_check_without_go_on_path_works_without_toolchain(source):
    """No go at all: the bundled headers stand in for $GOROOT/pkg/include."""
    env = {"PATH": "/nonexistent", "GOROOT": ""}
    done = check("--format", "json", str(source), env=env)
    assert [(d["code"], d["line"] - 1) for d in json.loads(done.stdout)] == [OWN], done.stderr
    done = check("--toolchain", str(source), env=env)
    assert (done.returncode, done.stderr) == (2, "asm-ls: --toolchain: Go toolchain not found on PATH\n")


@pytest.mark.parametrize("kind", sorted(FAKES))
def test_check_with_a_broken_go(tmp_path, source, kind):
    go = fake_go(tmp_path / "bin", kind)
    done = check("--toolchain", "--go", str(go), str(source))
    assert done.returncode == 2 and done.stdout == "", done
    [line] = done.stderr.splitlines()
    assert line.startswith("asm-ls: --toolchain: ") and FAKES[kind][1] in line, line
    assert_no_leftover(tmp_path / "bin")


@pytest.fixture
def newer_module(tmp_path) -> Path:
    """A module whose go.mod asks for a Go that does not exist yet."""
    module = tmp_path / "newer"
    module.mkdir()
    (module / "go.mod").write_text("module example.com/newer\n\ngo 1.99.0\n\ntoolchain go1.99.1\n")
    (module / "k.go").write_text("package newer\n\nconst K = 3\n\nfunc f() int64\n")
    (module / "f_amd64.s").write_text(
        '#include "textflag.h"\n#include "go_asm.h"\n'
        "TEXT \u00b7f(SB), NOSPLIT, $0-8\n"
        "\tMOVQ $const_K, AX\n\tMOVQ AX, ret+0(FP)\n\tMOVZZ AX, BX\n\tRET\n"
    )
    return module


def recording_go(directory: Path, real_go: str) -> Path:
    """A go that logs the toolchain settings it was run with, then runs the real one."""
    directory.mkdir()
    go = directory / "go"
    go.write_text(
        '#!/bin/sh\necho "GOTOOLCHAIN=$GOTOOLCHAIN GOPROXY=$GOPROXY $*" >> "$(dirname "$0")/log"\n'
        f'exec {real_go} "$@"\n'
    )
    go.chmod(0o755)
    return go


def test_go_mod_asking_for_a_newer_go_downloads_nothing(tmp_path, newer_module, go_binary):
    go = recording_go(tmp_path / "bin", go_binary)
    modcache, gopath = tmp_path / "modcache", tmp_path / "gopath"
    done = check(
        "--toolchain",
        "--go",
        str(go),
        "--format",
        "json",
        ".",
        cwd=newer_module,
        env={
            "GOMODCACHE": str(modcache),
            "GOPATH": str(gopath),
            "GOTOOLCHAIN": "auto",
            "GOPROXY": "https://proxy.golang.org",
        },
    )
    # go list fails (go.mod wants go 1.99); asm-ls's own go_asm.h defines const_K for the assembler.
    assert [(d["source"], d["code"], d["line"]) for d in json.loads(done.stdout)] == [
        ("asm-ls", "unknown-instruction", 6)
    ], done.stderr
    runs = (tmp_path / "bin" / "log").read_text().splitlines()
    assert runs and all(run.startswith("GOTOOLCHAIN=local GOPROXY=off ") for run in runs), runs
    assert any(" list " in f" {run} " for run in runs), runs
    assert not modcache.exists() and not gopath.exists()  # no toolchain module came down


@pytest.mark.parametrize("where", ["under-a-file", "dev-full"])
def test_cache_directories_that_cannot_be_written(tmp_path, source, go_binary, where):
    """GOCACHE (go list -export needs it) and asm-ls's own cache: where nothing
    can be written (as root, file modes do not stop writes, so the paths are
    ones no one can create: below a regular file, or below /dev/full)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    base = blocker if where == "under-a-file" else Path("/dev/full")
    source.write_text(SOURCE.replace("$0-0", "$0-0\n\tADDQ $1, (AX)(BX*3)"))  # an encoder error too
    done = check(
        "--toolchain",
        "--go",
        go_binary,
        "--format",
        "json",
        str(source),
        env={"GOCACHE": str(base / "gocache"), "ASM_LS_CACHE_DIR": str(base / "asm-ls")},
    )
    found = sorted((d["source"], d["line"] - 1) for d in json.loads(done.stdout or "[]"))
    assert ("asm-ls", OWN[1] + 1) in found and done.returncode == 1, done.stderr


# --- the server ------------------------------------------------------------------------


def serve(tmp_path: Path, settings: dict, env: dict | None = None) -> StdioServer:
    server = StdioServer(stderr_path=tmp_path / "server.log", env={**os.environ, **(env or {})})
    server.initialize(tmp_path / "ws", settings)
    return server


def hover_twice(server: StdioServer, uri: str) -> list[dict]:
    return [server.hover(uri, 2, 2)["result"] for _ in range(2)]


def test_server_hover_without_machine_code(tmp_path):
    """One server, its goBinary switched to each broken go in turn."""
    (tmp_path / "ws").mkdir()
    with serve(tmp_path, {"toolchain": True}) as server:
        uri = server.open(tmp_path / "ws" / "f_amd64.s", SOURCE)
        server.diagnostics(uri, 1)
        for kind in ["missing", *sorted(FAKES)]:
            go = tmp_path / "nonexistent" / "go" if kind == "missing" else fake_go(tmp_path / kind, kind)
            logged_before = len(server.log_messages())
            server.notify("workspace/didChangeConfiguration", {"settings": {"asmLs": {"goBinary": str(go)}}})
            hovers = hover_twice(server, uri)
            assert all("MOVQ" in h["contents"]["value"] for h in hovers), kind  # the instruction's docs
            logged = [m for m in server.log_messages()[logged_before:] if "machine code" in m]
            assert len(logged) == 1, (kind, server.log_messages())  # once, not per hover
            assert (FAKES[kind][1] if kind != "missing" else "not found") in logged[0]
            assert_no_leftover(tmp_path / kind)
        assert [(d["code"], d["range"]["start"]["line"]) for d in server.diagnostics(uri, 1)] == [OWN]


def test_server_without_go_on_path(tmp_path):
    (tmp_path / "ws").mkdir()
    with serve(tmp_path, {}, env={"PATH": "/nonexistent", "GOROOT": ""}) as server:
        uri = server.open(tmp_path / "ws" / "f_amd64.s", SOURCE)
        assert [(d["code"], d["range"]["start"]["line"]) for d in server.diagnostics(uri, 1)] == [OWN]
        assert all(h is not None for h in hover_twice(server, uri))


@pytest.mark.parametrize("kind", ["missing", "failing"])
def test_server_toolchain_diagnostics_with_a_broken_go(tmp_path, kind):
    go = tmp_path / "nonexistent" / "go" if kind == "missing" else fake_go(tmp_path / "bin", kind)
    (tmp_path / "ws").mkdir()
    with serve(tmp_path, {"goBinary": str(go), "toolchainDiagnostics": True}) as server:
        uri = server.open(tmp_path / "ws" / "f_amd64.s", SOURCE)
        server.diagnostics(uri, 1)
        server.change(uri, 2, [{"text": SOURCE + "\n"}])
        assert [(d["code"], d["range"]["start"]["line"]) for d in server.diagnostics(uri, 2)] == [OWN]
        assert len([m for m in server.log_messages() if "Go toolchain" in m or "failed" in m]) == 1


# --- nothing in the workspace is written or run -------------------------------------------


def test_go_never_writes_the_workspace(tmp_path, go_binary):
    """`go list` (for go_asm.h) runs in the package's module: with -mod=mod it
    would add a go line to this go.mod; asm-ls runs it read-only."""
    module = tmp_path / "module"
    module.mkdir()
    (module / "go.mod").write_text("module example.com/old\n")
    (module / "x.go").write_text('package old\n\nimport _ "golang.org/x/sys/cpu"\n\nconst K = 1\n\nfunc f()\n')
    (module / "f_amd64.s").write_text('#include "go_asm.h"\nTEXT \u00b7f(SB), 4, $0\n\tMOVQ $const_K, AX\n\tRET\n')
    before = {p.name: p.read_bytes() for p in module.iterdir()}
    done = check("--toolchain", "--go", go_binary, str(module))
    assert done.returncode == 0, done
    assert {p.name: p.read_bytes() for p in module.iterdir()} == before


def test_a_go_in_the_workspace_is_never_run(tmp_path):
    """An empty PATH entry means the working directory: its `go` is not taken."""
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    marker = tmp_path / "ran"
    (workspace / "go").write_text(f"#!/bin/sh\ntouch {marker}\n")
    (workspace / "go").chmod(0o755)
    (workspace / "f_amd64.s").write_text(SOURCE)
    done = check("--toolchain", "f_amd64.s", cwd=workspace, env={"PATH": ":.:/nonexistent", "GOROOT": ""})
    assert (done.returncode, done.stderr) == (2, "asm-ls: --toolchain: Go toolchain not found on PATH\n")
    assert not marker.exists()
