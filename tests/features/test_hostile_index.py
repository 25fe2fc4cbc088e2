"""Hostile workspaces for the index the server builds on `initialized`:
symlink loops, files deleted or renamed behind its back, a package of
thousands of files, a workspace that is `/`. The server reports progress,
says what it indexed in a log line, and keeps answering."""

from __future__ import annotations

import os
import time
from pathlib import Path

from support.lsp_stdio import WAIT, StdioServer

PROGRESS = {"window": {"workDoneProgress": True}}


def asm(name: str, body: str = "") -> str:
    return f'#include "textflag.h"\nTEXT \u00b7{name}(SB), NOSPLIT, $0-0\n{body}\tRET\n'


def start(workspace: Path, log: Path) -> StdioServer:
    server = StdioServer(stderr_path=log)
    server.initialize(workspace, capabilities=PROGRESS)
    return server


def indexed_line(server: StdioServer, folder: Path) -> str:
    """The log line of the first index of folder (waits for it)."""
    suffix = f" under {folder}"
    params = server.notification("window/logMessage", lambda p: p["message"].endswith(suffix))
    return params["message"]


def progress_kinds(server: StdioServer) -> list[str]:
    return [n["params"]["value"]["kind"] for n in server.notifications if n["method"] == "$/progress"]


def eventually(ask, wanted):
    """ask() until it gives wanted: the server indexes watched-file changes on
    its index thread, after the notification has been handled."""
    deadline = time.monotonic() + WAIT
    while (answer := ask()) != wanted and time.monotonic() < deadline:
        time.sleep(0.2)
    return answer


def position(line: int, character: int) -> dict:
    return {"line": line, "character": character}


def definition(server: StdioServer, uri: str, line: int, character: int):
    return server.request(
        "textDocument/definition", {"textDocument": {"uri": uri}, "position": position(line, character)}
    )["result"]


def symbols(server: StdioServer, query: str) -> list[str]:
    found = server.request("workspace/symbol", {"query": query})["result"] or []
    return sorted(Path(s["location"]["uri"]).name for s in found)


def test_symlink_loops_in_the_workspace(tmp_path):
    workspace = tmp_path / "ws"
    (workspace / "pkg").mkdir(parents=True)
    (workspace / "pkg" / "real_amd64.s").write_text(asm("real"))
    os.symlink(".", workspace / "pkg" / "self")  # a directory that contains itself
    os.symlink(workspace, workspace / "pkg" / "up")  # and one that contains its parent
    os.symlink("b", workspace / "a")  # two directory links pointing at each other
    os.symlink("a", workspace / "b")
    os.symlink("y_amd64.s", workspace / "pkg" / "x_amd64.s")  # two file links, likewise
    os.symlink("x_amd64.s", workspace / "pkg" / "y_amd64.s")
    os.symlink("nowhere_amd64.s", workspace / "pkg" / "dangling_amd64.s")
    with start(workspace, tmp_path / "server.log") as server:
        assert indexed_line(server, workspace) == f"asm-ls: indexed 1 assembly files under {workspace}"
        assert progress_kinds(server)[0] == "begin" and progress_kinds(server)[-1] == "end"
        assert symbols(server, "real") == ["real_amd64.s"]
        uri = server.open(workspace / "pkg" / "real_amd64.s", asm("real", "\tMOVZZ AX, BX\n"))
        assert [d["code"] for d in server.diagnostics(uri, 1)] == ["unknown-instruction"]


def test_files_deleted_and_renamed_while_indexed(tmp_path):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "target_amd64.s").write_text(asm("target"))
    (workspace / "other_amd64.s").write_text(asm("other"))
    caller = workspace / "caller_amd64.s"
    caller.write_text(asm("caller", "\tCALL \u00b7target(SB)\n"))
    with start(workspace, tmp_path / "server.log") as server:
        indexed_line(server, workspace)
        uri = server.open(caller, caller.read_text())
        server.diagnostics(uri, 1)
        [found] = definition(server, uri, 2, 7)
        assert found["uri"] == (workspace / "target_amd64.s").as_uri()
        # Behind the server's back: one file deleted, one renamed.
        (workspace / "target_amd64.s").unlink()
        (workspace / "other_amd64.s").rename(workspace / "renamed_amd64.s")
        definition(server, uri, 2, 7)  # stale or empty, but an answer
        symbols(server, "other")
        assert "result" in server.hover(uri, 2, 7)
        # Then the client's file watcher tells it.
        server.notify(
            "workspace/didChangeWatchedFiles",
            {
                "changes": [
                    {"uri": (workspace / "target_amd64.s").as_uri(), "type": 3},
                    {"uri": (workspace / "other_amd64.s").as_uri(), "type": 3},
                    {"uri": (workspace / "renamed_amd64.s").as_uri(), "type": 1},
                ]
            },
        )
        assert eventually(lambda: definition(server, uri, 2, 7) or None, None) is None
        assert eventually(lambda: symbols(server, "other"), ["renamed_amd64.s"]) == ["renamed_amd64.s"]


def test_a_package_of_thousands_of_files(tmp_path):
    count = 2000
    package = tmp_path / "ws" / "big"
    package.mkdir(parents=True)
    for i in range(count):
        (package / f"f{i}_amd64.s").write_text(asm(f"f{i}"))
    (package / "f0_amd64.s").write_text(asm("f0", "\tMOVZZ AX, BX\n"))
    with start(tmp_path / "ws", tmp_path / "server.log") as server:
        uri = server.open(package / "f0_amd64.s", (package / "f0_amd64.s").read_text())
        assert [d["code"] for d in server.diagnostics(uri, 1)] == ["unknown-instruction"]
        assert "result" in server.hover(uri, 2, 2)
        assert indexed_line(server, tmp_path / "ws").startswith(f"asm-ls: indexed {count} assembly files")
        assert len(symbols(server, "f1")) >= 111  # f1, f10..f19, f100..f199, f1000..f1999
        assert not [m for m in server.log_messages() if "failed" in m]


def test_a_long_chain_of_nosplit_calls(tmp_path):
    """2,000 chained NOSPLIT calls: the stack check computes the chain's height
    recursively and hits Python's recursion limit (a gap: it should give its
    verdict). Since checks are isolated, that is one internal-error
    diagnostic and the file's other findings are still published; when the
    gap is closed, the internal error goes and this test must change."""
    count = 2000
    package = tmp_path / "ws" / "chain"
    package.mkdir(parents=True)
    for i in range(count):
        (package / f"f{i}_amd64.s").write_text(asm(f"f{i}", f"\tCALL \u00b7f{i + 1}(SB)\n" if i + 1 < count else ""))
    text = asm("f0", "\tCALL \u00b7f1(SB)\n\tMOVZZ AX, BX\n")
    with start(tmp_path / "ws", tmp_path / "server.log") as server:
        uri = server.open(package / "f0_amd64.s", text)
        found = server.diagnostics(uri, 1)
        assert sorted(d["code"] for d in found) == ["internal-error", "unknown-instruction"]
        [internal] = [d["message"] for d in found if d["code"] == "internal-error"]
        assert "RecursionError" in internal, internal
        assert not [m for m in server.log_messages() if "failed" in m]


def test_a_workspace_that_is_the_root_directory(tmp_path):
    """Indexing / walks the whole machine (once the file opened is checked):
    the server answers meanwhile, says what it did in a log line, and exits when asked."""
    with start(Path("/"), tmp_path / "server.log") as server:
        uri = server.open(tmp_path / "f_amd64.s", asm("f", "\tMOVZZ AX, BX\n"))
        assert [d["code"] for d in server.diagnostics(uri, 1)] == ["unknown-instruction"]
        assert eventually(lambda: progress_kinds(server)[:1], ["begin"]) == ["begin"]
        assert "result" in server.hover(uri, 2, 2)
        assert indexed_line(server, Path("/").resolve()).startswith("asm-ls: indexed ")
        server.request("shutdown")
        server.notify("exit")
        assert server.proc.wait(timeout=WAIT) == 0
