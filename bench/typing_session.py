"""A long typing session: the server's memory keystroke after keystroke.

    python bench/typing_session.py [--file PATH] [--keystrokes 3000] [--every 100] [--seed 1]
    python bench/typing_session.py --generated [--keystrokes 3000]

The real server (`python -m asm_ls --stdio`) opens one file, with its
directory as the workspace: by default runtime/asm_amd64.s of
$(go env GOROOT)/src (a buffer: nothing on disk changes), or with
--generated reedsolomon's 136k-line galois_gen_amd64.s (taken through the
Go module proxy, copied to a temporary directory). Then it types as an
editor sends it, one incremental didChange a character: a word typed at the
end of an instruction line and deleted again, at a place that moves every
few words, each keystroke waiting for the diagnostics published for its
version. Every 10 keystrokes it asks a hover and a completion where it
types, every 50 it saves (didSave). Every --every keystrokes it prints the
server's resident memory, the diagnostics latency p50/p95 of the keystrokes
since, and the server's CPU per keystroke; at the end, the growth from the
50th keystroke to the last. A keystroke without its diagnostics is a failure
(exit status 1).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Server, asm_ls_command
from measure import percentile

ENV = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "ASM_LS_CACHE_DIR": ""}
WORDS = ["AX", "R8", "$1", "loop", "X0", "(SI)", "8(SP)"]


def goroot() -> str:
    return subprocess.run(["go", "env", "GOROOT"], env=ENV, capture_output=True, text=True, check=True).stdout.strip()


def generated_file(work: Path) -> Path:
    found = subprocess.run(
        ["go", "mod", "download", "-json", "github.com/klauspost/reedsolomon@v1.14.2"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    copy = work / "reedsolomon"
    shutil.copytree(json.loads(found.stdout)["Dir"], copy)
    for path in copy.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return copy / "galois_gen_amd64.s"


def _range(line: int, start: int, end: int) -> dict:
    return {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}


def session(path: Path, keystrokes: int, every: int, rng: random.Random) -> tuple[dict[int, float], int]:
    """Type; returns the server's resident memory (MiB) by keystrokes typed, and the
    number of keystrokes whose diagnostics did not come."""
    lines = path.read_text().split("\n")
    places = [i for i, line in enumerate(lines) if line.startswith("\t") and line.strip() and line.isascii()]
    print(f"{path.name}: {len(lines)} lines; {keystrokes} keystrokes; load average {os.getloadavg()[0]:.1f}")
    print(f"{'keystrokes':>10} {'memory':>10} {'p50':>8} {'p95':>8} {'CPU/keystroke':>14}")
    failures = 0
    with Server(asm_ls_command(), cwd=str(path.parent), env=ENV) as server:
        server.initialize(str(path.parent), options={"goarches": ["amd64", "arm64"]})
        uri = server.open(str(path))
        server.diagnostics(uri, version=1)
        version, typed, window, rss = 1, 0, [], {}
        cpu = server.cpu_seconds()
        line = rng.choice(places)
        while typed < keystrokes:
            if typed % 40 == 0:
                line = rng.choice(places)  # somewhere else
            word = rng.choice(WORDS)
            column = len(lines[line])
            changes = [({"range": _range(line, column, column), "text": " " + word[:1]}, 1)]
            changes += [
                ({"range": _range(line, column + 1 + i, column + 1 + i), "text": c}, 1)
                for i, c in enumerate(word[1:], 1)
            ]
            changes += [
                ({"range": _range(line, column + len(word) - i, column + len(word) + 1 - i), "text": ""}, -1)
                for i in range(len(word) + 1)
            ]
            for change, _ in changes:
                if typed >= keystrokes:
                    break
                version += 1
                sent = time.perf_counter()
                server.notify(
                    "textDocument/didChange",
                    {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
                )
                try:
                    arrived, _ = server.diagnostics(uri, sent, version)
                    window.append(arrived - sent)
                except TimeoutError:
                    failures += 1
                typed += 1
                position = {"line": line, "character": change["range"]["start"]["character"]}
                if typed % 10 == 0:
                    server.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
                    server.call("textDocument/completion", {"textDocument": {"uri": uri}, "position": position})
                if typed % 50 == 0:
                    server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
                if typed % every == 0 or typed == 50:
                    rss[typed] = server.resident_bytes() / 2**20
                    spent = server.cpu_seconds() - cpu
                    print(
                        f"{typed:>10} {rss[typed]:>7.0f} MiB {percentile(window, 0.5) * 1000:>6.1f} ms "
                        f"{percentile(window, 0.95) * 1000:>6.1f} ms {spent / max(len(window), 1) * 1000:>11.1f} ms"
                    )
                    window, cpu = [], server.cpu_seconds()
    last = max(rss)
    print(
        f"memory after keystroke 50: {rss[50]:.0f} MiB; after {last}: {rss[last]:.0f} MiB "
        f"(growth {rss[last] - rss[50]:+.0f} MiB); keystrokes without their diagnostics: {failures}"
    )
    return rss, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", help="the .s file to type into (default: GOROOT's runtime/asm_amd64.s)")
    parser.add_argument("--generated", action="store_true", help="reedsolomon's 136k-line galois_gen_amd64.s")
    parser.add_argument("--keystrokes", type=int, default=3000)
    parser.add_argument("--every", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="asm-ls-typing-") as temporary:
        work = Path(temporary)
        if arguments.generated:
            path = generated_file(work)
        else:  # typed into as a buffer: the server never writes a file, a save included
            path = Path(arguments.file or os.path.join(goroot(), "src", "runtime", "asm_amd64.s"))
        _, failures = session(path, arguments.keystrokes, arguments.every, random.Random(arguments.seed))
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
