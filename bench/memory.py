"""Resident memory of the real server with $(go env GOROOT)/src indexed as
its workspace and runtime/asm_amd64.s open and checked.

    python bench/memory.py

Prints VmRSS (now) and VmHWM (peak) of the server process from /proc.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import REPO, Server, asm_ls_command

sys.path.insert(0, str(REPO))
from asm_ls.golang.goroot import find_goroot

OPENED = "runtime/asm_amd64.s"


@dataclass
class Memory:
    resident: int  # bytes
    peak: int  # bytes
    symbols: int  # workspace symbols found for "memmove" (the index answers)

    def row(self) -> str:
        return (
            f"resident {self.resident / 2**20:.0f} MiB, peak {self.peak / 2**20:.0f} MiB "
            f"(GOROOT/src indexed, {OPENED} open and checked)"
        )


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def measure() -> Memory:
    goroot = find_goroot()
    if goroot is None:
        sys.exit("memory: no Go installation found")
    src = os.path.join(goroot, "src")
    with Server(asm_ls_command()) as server:
        server.initialize(src)
        uri = server.open(os.path.join(src, OPENED))
        server.diagnostics(uri)
        _, end = server.wait_notification(
            lambda m: m["method"] == "$/progress" and m["params"]["value"].get("kind") == "end"
        )
        _, symbols = server.call("workspace/symbol", {"query": "memmove"})  # answers from the whole index
        pid = server.process.pid
        return Memory(_status(pid, "VmRSS"), _status(pid, "VmHWM"), len(symbols or []))


def main() -> None:
    print(measure().row())


if __name__ == "__main__":
    main()
