"""A bare JSON-RPC client for the real server process over stdio, for tests
that need what a polite client library does not do: send malformed frames,
stop reading, vanish mid-request.

Waits take a generous timeout so that a hang fails the test instead of
blocking it; they are not speed assertions.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WAIT = 120.0  # seconds: only a server that hangs takes this long


class ServerExited(Exception):
    pass


class StdioServer:
    """`python -m asm_ls` with pipes; a reader thread sorts what it says."""

    def __init__(
        self,
        args: list[str] = (),
        env: dict[str, str] | None = None,
        cwd: str | None = None,
        stderr_path: str | os.PathLike | None = None,
        read: bool = True,
    ):
        self.stderr_path = Path(stderr_path) if stderr_path else None
        stderr = open(self.stderr_path, "wb") if self.stderr_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "asm_ls", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env,
            cwd=cwd,
        )
        if self.stderr_path:
            stderr.close()
        self.ids = itertools.count(1)
        self.responses: dict[Any, dict] = {}
        self.notifications: list[dict] = []
        self.server_requests: list[dict] = []
        self.cond = threading.Condition()
        self.closed = False
        self.shut_down = False
        self.write_lock = threading.Lock()
        # Answers to the server's own requests (configuration, progress, registration).
        self.answer: Callable[[dict], Any] = lambda message: (
            [None] * len(message.get("params", {}).get("items", []))
            if message["method"] == "workspace/configuration"
            else None
        )
        self.reading = threading.Event()  # cleared: the client stops reading (back-pressure)
        self.reader = threading.Thread(target=self._read, daemon=True)
        if read:
            self.start_reading()

    def start_reading(self) -> None:
        self.reading.set()
        if not self.reader.is_alive():
            self.reader.start()

    def stop_reading(self) -> None:
        self.reading.clear()

    # --- wire ---------------------------------------------------------------

    def send_bytes(self, data: bytes) -> None:
        with self.write_lock:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        self.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _read(self) -> None:
        stream = self.proc.stdout
        try:
            while True:
                self.reading.wait()
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                body = stream.read(length)
                if len(body) < length:
                    return
                self._dispatch(json.loads(body))
        except (OSError, ValueError):  # the test closed the pipe under us
            return
        finally:
            with self.cond:
                self.closed = True
                self.cond.notify_all()

    def _dispatch(self, message: dict) -> None:
        message["_arrived"] = time.perf_counter()  # for latency figures (bench/soak.py)
        if "method" in message and "id" in message:  # a request from the server
            with self.cond:
                self.server_requests.append(message)
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": self.answer(message)})
            return
        with self.cond:
            if "method" in message:
                self.notifications.append(message)
            else:
                self.responses[message.get("id")] = message
            self.cond.notify_all()

    def _wait(self, found: Callable[[], Any], timeout: float) -> Any:
        with self.cond:
            self.cond.wait_for(lambda: found() or self.closed, timeout)
            value = found()
            if value:
                return value
            if self.closed:
                raise ServerExited(f"the server closed its output (exit code {self.proc.poll()})")
            raise TimeoutError(f"no answer within {timeout} s")

    # --- messages -------------------------------------------------------------

    def request_async(self, method: str, params: Any = None) -> int:
        request_id = next(self.ids)
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        return request_id

    def response(self, request_id: Any, timeout: float = WAIT) -> dict:
        return self._wait(lambda: self.responses.get(request_id), timeout)

    def request(self, method: str, params: Any = None, timeout: float = WAIT) -> dict:
        if method == "shutdown":
            self.shut_down = True
        return self.response(self.request_async(method, params), timeout)

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def notification(
        self, method: str, where: Callable[[dict], bool] = lambda p: True, timeout: float = WAIT, after: int = 0
    ) -> dict:
        """The params of the first notification (from index `after`) that matches."""

        def found():
            return next(
                (n["params"] for n in self.notifications[after:] if n["method"] == method and where(n["params"])), None
            )

        return self._wait(found, timeout)

    def diagnostics(self, uri: str, version: int | None = None, timeout: float = WAIT) -> list[dict]:
        params = self.notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == uri and (version is None or p.get("version") == version),
            timeout,
        )
        return params["diagnostics"]

    def log_messages(self) -> list[str]:
        with self.cond:
            return [n["params"]["message"] for n in self.notifications if n["method"] == "window/logMessage"]

    # --- sessions ----------------------------------------------------------------

    def initialize(
        self, root: Path | None = None, options: dict | None = None, capabilities: dict | None = None
    ) -> dict:
        params = {
            "processId": os.getpid(),
            "rootUri": root.as_uri() if root else None,
            "capabilities": capabilities or {},
            "initializationOptions": options or {},
        }
        if root is not None:
            params["workspaceFolders"] = [{"uri": root.as_uri(), "name": root.name}]
        result = self.request("initialize", params)
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str, version: int = 1, language: str = "goasm") -> str:
        uri = path.as_uri()
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}},
        )
        return uri

    def change(self, uri: str, version: int, changes: list[dict]) -> None:
        self.notify(
            "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}
        )

    def hover(self, uri: str, line: int, character: int, timeout: float = WAIT) -> dict:
        return self.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
            timeout,
        )

    def alive(self) -> bool:
        """The server answers a request (a hover on nothing in particular)."""
        response = self.request("textDocument/documentSymbol", {"textDocument": {"uri": "file:///nonexistent/x.s"}})
        return "result" in response or "error" in response

    def stderr_text(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path else ""

    def close(self) -> int:
        """Shut down politely if possible; the exit code (killed if it lingers)."""
        try:
            if self.proc.poll() is None and not self.closed:
                if not self.shut_down:
                    self.request("shutdown", None, timeout=30)
                self.notify("exit")
        except (OSError, ServerExited, TimeoutError):
            pass
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()
        finally:
            for stream in (self.proc.stdin, self.proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass

    def __enter__(self) -> StdioServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
