"""Time `asm-ls check` over $(go env GOROOT)/src and print the figures.

    python bench/check_goroot.py [--jobs N] [--runs N]

Runs the real CLI in a subprocess; prints files, lines, findings and wall
time per run (no assertions: figures go into docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from asm_ls.cli.discovery import expand_paths
from asm_ls.golang.goroot import find_goroot


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    goroot = find_goroot()
    if goroot is None:
        sys.exit("bench: no Go installation found (set GOROOT or put go on PATH)")
    tree = os.path.join(goroot, "src")
    files = expand_paths([tree])
    lines = sum(open(f, encoding="utf-8", errors="replace").read().count("\n") for f in files)
    command = [sys.executable, "-m", "asm_ls", "check", "--format", "json", tree]
    if arguments.jobs:
        command[4:4] = ["--jobs", str(arguments.jobs)]
    print(f"tree: {tree} ({len(files)} .s files, {lines} lines), cores: {os.cpu_count()}")
    print(f"command: {' '.join(command)}")
    for run in range(1, arguments.runs + 1):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        elapsed = time.perf_counter() - start
        findings = json.loads(result.stdout or "[]")
        errors = sum(1 for f in findings if f["severity"] == "error")
        print(f"run {run}: {elapsed:.2f} s, exit {result.returncode}, findings {len(findings)}, errors {errors}")


if __name__ == "__main__":
    main()
