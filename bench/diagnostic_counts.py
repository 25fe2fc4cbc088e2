"""Count what a person is shown: the diagnostics `asm-ls check` prints and
those the editor publishes, for each directory given (its .s and .go files).

    python bench/diagnostic_counts.py [--python PY] DIR...

PY is the interpreter whose asm_ls runs (another worktree's venv, to compare
with main; by default this one). Prints one line per directory with the
CLI's and the editor's counts and the codes; figures go into docs/checks.md
(Root causes).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from lsp_client import Server

SETTLE = 3.0  # seconds without a new publishDiagnostics: the server has said all


def cli_codes(python: str, directory: Path) -> Counter[str]:
    done = subprocess.run(
        [python, "-m", "asm_ls", "check", "--format", "json", "."],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "GOTOOLCHAIN": "local", "ASM_LS_CACHE_DIR": ""},
    )
    return Counter(finding["code"] for finding in json.loads(done.stdout or "[]"))


def editor_codes(python: str, directory: Path) -> Counter[str]:
    with Server([python, "-m", "asm_ls", "--stdio"], cwd=directory) as server:
        server.initialize(str(directory), options={"toolchain": False})
        paths = sorted(p for p in directory.iterdir() if p.suffix in (".s", ".go"))
        uris = [server.open(str(p), language="go" if p.suffix == ".go" else "goasm") for p in paths]
        for uri in uris:
            server.diagnostics(uri)
        while True:
            count = len(server.notifications)
            time.sleep(SETTLE)
            if len(server.notifications) == count:
                break
        codes: Counter[str] = Counter()
        for uri in uris:
            published = [
                message["params"]["diagnostics"]
                for _arrived, message in server.notifications
                if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri
            ]
            codes.update(str(d.get("code")) for d in (published[-1] if published else []))
        return codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("directories", nargs="+", type=Path)
    arguments = parser.parse_args()
    for directory in arguments.directories:
        directory = directory.resolve()
        cli = cli_codes(arguments.python, directory)
        editor = editor_codes(arguments.python, directory)
        shown = ", ".join(f"{code} {n}" for code, n in cli.most_common())
        print(f"{directory.name}: CLI {sum(cli.values())}, editor {sum(editor.values())} ({shown})")


if __name__ == "__main__":
    main()
