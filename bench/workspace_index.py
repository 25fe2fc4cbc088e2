"""The server started on $(go env GOROOT)/src as its workspace: how long from
starting it until the first diagnostics of runtime/asm_amd64.s, opened as
soon as the server is initialized (the workspace index runs meanwhile), and
until the index is complete.

    python bench/workspace_index.py [--runs N]

Wall times from starting the process; the server's CPU (user+sys) at the
same moments, read from /proc.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import REPO, Server, asm_ls_command
from measure import median

sys.path.insert(0, str(REPO))
from asm_ls.golang.goroot import find_goroot

OPENED = "runtime/asm_amd64.s"


@dataclass
class IndexRun:
    diagnostics_wall: float
    diagnostics_cpu: float
    index_wall: float
    index_cpu: float
    files: int  # diagnostics published for the opened file


def _index_end(message: dict) -> bool:
    return message["method"] == "$/progress" and message["params"]["value"].get("kind") == "end"


def once(src: str) -> IndexRun:
    with Server(asm_ls_command()) as server:
        server.initialize(src)
        uri = server.open(os.path.join(src, OPENED))
        published, message = server.diagnostics(uri)
        indexed, end = server.wait_notification(_index_end)
        return IndexRun(
            published - server.started,
            server.cpu_at_arrival[id(message)],
            indexed - server.started,
            server.cpu_at_arrival[id(end)],
            len(message["params"]["diagnostics"]),
        )


def measure(runs: int = 3) -> list[IndexRun]:
    goroot = find_goroot()
    if goroot is None:
        sys.exit("workspace_index: no Go installation found")
    return [once(os.path.join(goroot, "src")) for _ in range(runs)]


def report(runs: list[IndexRun]) -> list[str]:
    return [
        f"first diagnostics of {OPENED}: {median([r.diagnostics_wall for r in runs]):.2f} s wall from the "
        f"server's start, {median([r.diagnostics_cpu for r in runs]):.2f} s server CPU (median of {len(runs)}; "
        f"runs: {', '.join(f'{r.diagnostics_wall:.2f}' for r in runs)} s)",
        f"workspace index complete: {median([r.index_wall for r in runs]):.2f} s wall, "
        f"{median([r.index_cpu for r in runs]):.2f} s server CPU",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    print("\n".join(report(measure(parser.parse_args().runs))))


if __name__ == "__main__":
    main()
