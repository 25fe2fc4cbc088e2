"""One keystroke to its fresh diagnostics, in the real server over stdio:
in a .s file of about 3,000 lines of $(go env GOROOT)/src, with GOROOT/src
as the (indexed) workspace, type a character at the end of an instruction
line, wait for the diagnostics of that version, delete it, wait again.

    python bench/keystroke.py [--file REL | --code] [--keystrokes N]

Prints p50/p95 of the wall time from sending the change to receiving the
diagnostics published for its version, and the server's CPU per keystroke.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import REPO, Server, asm_ls_command
from measure import percentile

sys.path.insert(0, str(REPO))
from asm_ls.golang.goroot import find_goroot

TARGET_LINES = 3000


@dataclass
class Keystrokes:
    path: str
    lines: int
    seconds: list[float]
    cpu_seconds: float  # server CPU over all of them

    def row(self) -> str:
        count = len(self.seconds)
        return (
            f"{os.path.relpath(self.path, os.path.dirname(os.path.dirname(self.path)))} ({self.lines} lines): "
            f"n={count} p50 {percentile(self.seconds, 0.5) * 1000:.1f} ms, p95 "
            f"{percentile(self.seconds, 0.95) * 1000:.1f} ms wall; server CPU "
            f"{self.cpu_seconds / max(count, 1) * 1000:.1f} ms per keystroke"
        )


def file_near(src: str, lines: int, code: bool = False) -> str:
    """The .s file of the tree whose line count is closest to `lines`; with
    code, among those with TEXT functions (not only DATA tables)."""
    best = None
    for directory, subdirectories, names in os.walk(src):
        subdirectories[:] = [d for d in subdirectories if d not in ("testdata", "vendor") and not d.startswith(".")]
        for name in names:
            if name.endswith(".s"):
                path = os.path.join(directory, name)
                with open(path, "rb") as stream:
                    text = stream.read()
                count = text.count(b"\n")
                if code and b"\nTEXT" not in text:
                    continue
                if best is None or (abs(count - lines), path) < best[0]:
                    best = ((abs(count - lines), path), path)
    return best[1]


def instruction_lines(text: str, count: int) -> list[int]:
    """Lines of statements (not comments, directives or lone labels), spread through the file."""
    lines = [
        i
        for i, line in enumerate(text.split("\n"))
        if line.strip()
        and not line.strip().startswith(("//", "#", "/*", "*"))
        and not line.rstrip().endswith(":")
        and not line.rstrip().endswith("\\")
    ]
    step = max(1, len(lines) // count)
    return lines[::step][:count]


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def measure(path: str | None = None, keystrokes: int = 40, code: bool = False) -> Keystrokes:
    goroot = find_goroot()
    if goroot is None:
        sys.exit("keystroke: no Go installation found")
    src = os.path.join(goroot, "src")
    path = os.path.join(src, path) if path else file_near(src, TARGET_LINES, code)
    text = Path(path).read_text(encoding="utf-8")
    lines = text.split("\n")
    with Server(asm_ls_command()) as server:
        server.initialize(src)
        uri = server.open(path, text)
        server.diagnostics(uri, version=1)
        server.wait_notification(lambda m: m["method"] == "$/progress" and m["params"]["value"].get("kind") == "end")
        version, seconds = 1, []
        cpu = server.cpu_seconds()
        for line in instruction_lines(text, keystrokes // 2):
            end = _utf16(lines[line])
            for change in (
                {"range": _range(line, end, line, end), "text": "X"},
                {"range": _range(line, end, line, end + 1), "text": ""},
            ):
                version += 1
                sent = time.perf_counter()
                server.notify(
                    "textDocument/didChange",
                    {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
                )
                arrived, _ = server.diagnostics(uri, sent, version)
                seconds.append(arrived - sent)
        return Keystrokes(path, len(lines) - 1, seconds, server.cpu_seconds() - cpu)


def _range(line: int, character: int, end_line: int, end_character: int) -> dict:
    return {"start": {"line": line, "character": character}, "end": {"line": end_line, "character": end_character}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", help="a .s file under GOROOT/src (default: the one closest to 3,000 lines)")
    parser.add_argument("--code", action="store_true", help="the file closest to 3,000 lines that has TEXT functions")
    parser.add_argument("--keystrokes", type=int, default=40)
    arguments = parser.parse_args()
    print(measure(arguments.file, arguments.keystrokes, arguments.code).row())


if __name__ == "__main__":
    main()
