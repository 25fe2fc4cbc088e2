"""The editing features in the real server over stdio, on a large generated
file (reedsolomon's 136,023-line galois_gen_amd64.s from the module cache,
or the file given): semantic tokens (full, and a screenful by range),
folding ranges, inlay hints of a screenful, a register's highlights, and a
rename's preparation; next to `go tool asm` assembling the same file, for
scale.

    python bench/editing_features.py [FILE.s]

The file's first whole check runs before the requests (the server analyses
it once for diagnostics; each feature then reads that analysis). Wall time
from request to response, and the server's CPU for it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Server, asm_ls_command
from measure import run

DEFAULT = "github.com/klauspost/reedsolomon@v1.14.2/galois_gen_amd64.s"


def _go_env(name: str) -> str:
    env = {**os.environ, "GOTOOLCHAIN": "local"}
    return subprocess.run(["go", "env", name], capture_output=True, text=True, timeout=60, env=env).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", help=f"a .s file (default: $GOMODCACHE/{DEFAULT})")
    args = parser.parse_args()
    path = Path(args.file or os.path.join(_go_env("GOMODCACHE"), DEFAULT))
    text = path.read_text()
    lines = text.count("\n")
    print(f"{path} ({lines} lines)")

    with tempfile.TemporaryDirectory(prefix="asm-ls-bench-editing-") as scratch:
        copy = Path(scratch) / path.name
        shutil.copy(path, copy)
        goroot = _go_env("GOROOT")
        assembled = run(
            ["go", "tool", "asm", "-I", os.path.join(goroot, "pkg", "include"), "-p", "bench", "-o",
             str(Path(scratch) / "out.o"), str(copy)],
            env={**os.environ, "GOTOOLCHAIN": "local", "GOARCH": "amd64"},
        )  # fmt: skip
        print(f"{'go tool asm (for scale)':34} {assembled}")
        with Server(asm_ls_command(), cwd=scratch) as server:
            server.initialize(scratch, options={"toolchain": False})
            started = time.perf_counter()
            uri = server.open(str(copy), text)
            server.settled(uri, started)  # the whole check, not a large file's first look
            print(f"{'open and first whole check':34} {time.perf_counter() - started:7.2f} s wall")
            document = {"uri": uri}
            middle = lines // 2
            screen = {"start": {"line": middle, "character": 0}, "end": {"line": middle + 60, "character": 0}}
            register_line = next(i for i, line in enumerate(text.splitlines()) if "\tVMOVDQU" in line)
            column = text.splitlines()[register_line].rindex("Y")
            requests = [
                ("semanticTokens/full", "textDocument/semanticTokens/full", {"textDocument": document}),
                ("semanticTokens/full (again)", "textDocument/semanticTokens/full", {"textDocument": document}),
                ("semanticTokens/range (60 lines)", "textDocument/semanticTokens/range", {"textDocument": document, "range": screen}),
                ("foldingRange", "textDocument/foldingRange", {"textDocument": document}),
                ("inlayHint (60 lines)", "textDocument/inlayHint", {"textDocument": document, "range": screen}),
                ("documentHighlight (a register)", "textDocument/documentHighlight",
                 {"textDocument": document, "position": {"line": register_line, "character": column}}),
            ]  # fmt: skip
            for label, method, params in requests:
                cpu = server.cpu_seconds()
                seconds, result = server.call(method, params)
                size = len(result["data"]) // 5 if isinstance(result, dict) and "data" in result else len(result or [])
                print(f"{label:34} {seconds:7.2f} s wall, {server.cpu_seconds() - cpu:6.2f} s CPU  ({size} results)")


if __name__ == "__main__":
    main()
