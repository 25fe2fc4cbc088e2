"""A small JSON-RPC client for benchmarks: runs the real server (or gopls)
over stdio, answers what the server asks of a client, and records when each
response and notification arrived."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
WAIT = 600.0  # seconds: only a hung server takes this long
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def asm_ls_command() -> list[str]:
    return [sys.executable, "-m", "asm_ls", "--stdio"]


class Server:
    """A language server process and what it has said, with arrival times."""

    def __init__(self, command: list[str], cwd: str | os.PathLike = REPO, env: dict | None = None):
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.ids = itertools.count(1)
        self.responses: dict[int, tuple[float, dict]] = {}
        self.notifications: list[tuple[float, dict]] = []
        self.cpu_at_arrival: dict[int, float] = {}  # id of a notification -> server CPU when it arrived
        self.condition = threading.Condition()
        self.write_lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    # --- wire -------------------------------------------------------------------

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        with self.write_lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    with self.condition:
                        self.condition.notify_all()
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            message = json.loads(stream.read(length))
            now = time.perf_counter()
            if "method" in message and "id" in message:
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": self._answer(message)})
            elif "method" in message:
                self.cpu_at_arrival[id(message)] = self.cpu_seconds()
                with self.condition:
                    self.notifications.append((now, message))
                    self.condition.notify_all()
            else:
                with self.condition:
                    self.responses[message["id"]] = (now, message)
                    self.condition.notify_all()

    @staticmethod
    def _answer(message: dict) -> Any:
        if message["method"] == "workspace/configuration":
            return [None] * len(message["params"]["items"])
        return None  # progress creation, capability registration

    # --- requests ---------------------------------------------------------------

    def request(self, method: str, params: Any) -> int:
        identifier = next(self.ids)
        self._send({"jsonrpc": "2.0", "id": identifier, "method": method, "params": params})
        return identifier

    def wait_response(self, identifier: int) -> tuple[float, dict]:
        with self.condition:
            if not self.condition.wait_for(
                lambda: identifier in self.responses or self.process.poll() is not None, WAIT
            ):
                raise TimeoutError(f"no response to request {identifier}")
            if identifier not in self.responses:
                raise RuntimeError("the server exited")
            return self.responses.pop(identifier)

    def call(self, method: str, params: Any, errors: bool = False) -> tuple[float, Any]:
        """(seconds from sending to the response, result); an error response
        raises, or with `errors` counts as no result (gopls answers "no
        identifier here" with one)."""
        sent = time.perf_counter()
        arrived, message = self.wait_response(self.request(method, params))
        if "error" in message and not errors:
            raise RuntimeError(f"{method}: {message['error']}")
        return arrived - sent, message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_notification(self, predicate, after: float = 0.0) -> tuple[float, dict]:
        """The first notification since `after` (a perf_counter time) that predicate accepts."""

        def found():
            return next(((t, m) for t, m in self.notifications if t >= after and predicate(m)), None)

        with self.condition:
            if not self.condition.wait_for(lambda: found() is not None or self.process.poll() is not None, WAIT):
                raise TimeoutError("no such notification")
            result = found()
            if result is None:
                raise RuntimeError("the server exited")
            return result

    # --- session ------------------------------------------------------------------

    def initialize(self, root: str, progress: bool = True, options: dict | None = None) -> None:
        uri = Path(root).as_uri()
        capabilities = {
            "textDocument": {
                "synchronization": {"didSave": True},
                "hover": {"contentFormat": ["markdown"]},
                "completion": {"completionItem": {"snippetSupport": True}},
                "publishDiagnostics": {"versionSupport": True},
            },
            "workspace": {"workspaceFolders": True},
            "window": {"workDoneProgress": progress},
            "general": {"positionEncodings": ["utf-16"]},
        }
        self.call(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": uri,
                "capabilities": capabilities,
                "workspaceFolders": [{"uri": uri, "name": Path(root).name}],
                "initializationOptions": options,
            },
        )
        self.notify("initialized", {})

    def open(self, path: str, text: str | None = None, language: str = "go.asm") -> str:
        uri = Path(path).as_uri()
        text = Path(path).read_text(encoding="utf-8") if text is None else text
        self.notify(
            "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}
        )
        return uri

    def diagnostics(self, uri: str, after: float = 0.0, version: int | None = None) -> tuple[float, dict]:
        return self.wait_notification(
            lambda m: (
                m["method"] == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and (version is None or m["params"].get("version") == version)
            ),
            after,
        )

    def settled(self, uri: str, after: float, quiet: float = 1.5, limit: float = 120.0) -> float:
        """When the last diagnostics of uri since `after` came, once the server
        has indexed the workspace (a progress report ended: asm-ls indexes
        after the checks of the files opened) and sent nothing for `quiet` seconds."""

        def times(kind) -> list[float]:
            with self.condition:
                return [t for t, m in self.notifications if t >= after and kind(m)]

        def published(m) -> bool:
            return m["method"] == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri

        def ended(m) -> bool:
            return m["method"] == "$/progress" and m["params"]["value"].get("kind") == "end"

        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            last = max(times(lambda m: published(m) or m["method"] == "$/progress"), default=after)
            if times(ended) and time.perf_counter() - last >= quiet:
                break
            time.sleep(0.05)
        return max(times(published), default=after)

    def cpu_seconds(self) -> float:
        """User and system CPU time the server process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def resident_bytes(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def close(self) -> None:
        try:
            self.call("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=30)
        except Exception:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.close()
