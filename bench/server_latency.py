"""Latency of hover, definition, references and completion in the real
server over stdio, on the largest .s files of $(go env GOROOT)/src with
GOROOT/src as the workspace (indexed first); gopls's definition on the same
positions when gopls is installed.

    python bench/server_latency.py [--files N] [--positions N] [--gopls PATH]

Positions are identifiers (mnemonics, registers, symbols, labels, macros),
taken evenly through each file. Prints p50/p95 of the wall time from
sending a request to its response, and the server's CPU time per request
(user+sys from /proc: the machine is shared, so wall times under load are
inflated and CPU is the steadier figure).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lsp_client import Server, asm_ls_command

from asm_ls.golang.goroot import find_goroot
from asm_ls.syntax.lexer import tokenize
from asm_ls.syntax.source import SourceFile

METHODS = ("textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion")


@dataclass
class Timing:
    what: str
    seconds: list[float]
    cpu_seconds: float  # server CPU over all of them
    answered: int  # requests with a non-empty result

    def p(self, q: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")

    def row(self) -> str:
        count = len(self.seconds)
        return (
            f"{self.what:28} n={count:4}  p50 {self.p(0.5) * 1000:7.2f} ms  p95 {self.p(0.95) * 1000:7.2f} ms  "
            f"cpu/request {self.cpu_seconds / max(count, 1) * 1000:6.2f} ms  answered {self.answered}/{count}"
        )


def largest_files(src: str, count: int) -> list[str]:
    found = []
    for directory, subdirectories, names in os.walk(src):
        subdirectories[:] = [d for d in subdirectories if d not in ("testdata", "vendor") and not d.startswith(".")]
        found += [os.path.join(directory, n) for n in names if n.endswith(".s")]
    return sorted(found, key=lambda p: (-os.path.getsize(p), p))[:count]


def positions(path: str, count: int) -> list[tuple[int, int, int]]:
    """(line, UTF-16 column of the start, of the end) of `count` identifiers spread through the file."""
    source = SourceFile(path, Path(path).read_text(encoding="utf-8"))
    identifiers = [t for t in tokenize(source)[0] if t.kind == "IDENT"]
    step = max(1, len(identifiers) // count)
    chosen = []
    for token in identifiers[::step][:count]:
        line, column = source.position(token.span.start)
        prefix = source.line_text(line)[:column]
        start = len(prefix.encode("utf-16-le")) // 2
        chosen.append((line, start, start + len(token.text.encode("utf-16-le")) // 2))
    return chosen


def params(uri: str, method: str, line: int, start: int, end: int) -> dict:
    # Completion as if the identifier had just been typed; the others on its middle.
    character = end if method == "textDocument/completion" else (start + end) // 2
    request = {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
    if method == "textDocument/references":
        request["context"] = {"includeDeclaration": True}
    return request


def measure(server: Server, method: str, files: dict[str, list], label: str) -> Timing:
    seconds, answered = [], 0
    cpu = server.cpu_seconds()
    for uri, places in files.items():
        for place in places:
            elapsed, result = server.call(method, params(uri, method, *place), errors=True)
            seconds.append(elapsed)
            answered += bool(result and (not isinstance(result, dict) or result.get("items", True)))
    return Timing(label, seconds, server.cpu_seconds() - cpu, answered)


def index_and_open(server: Server, src: str, paths: list[str]) -> dict[str, str]:
    server.initialize(src)
    uris = {}
    for path in paths:
        sent = time.perf_counter()
        uris[path] = uri = server.open(path)
        server.diagnostics(uri, sent)
    return uris


def asm_ls_latency(src: str, paths: list[str], places: dict[str, list]) -> list[Timing]:
    with Server(asm_ls_command()) as server:
        uris = index_and_open(server, src, paths)
        server.wait_notification(lambda m: m["method"] == "$/progress" and m["params"]["value"].get("kind") == "end")
        by_uri = {uris[p]: places[p] for p in paths}
        for method in METHODS:  # one round to warm what each feature loads lazily
            measure(server, method, {uri: spots[:1] for uri, spots in by_uri.items()}, "")
        return [measure(server, method, by_uri, f"asm-ls {method.split('/')[1]}") for method in METHODS]


def gopls_latency(gopls: str, src: str, paths: list[str], places: dict[str, list]) -> tuple[Timing, str]:
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": ""}
    version = os.popen(f"{gopls} version").read().split("\n")[0]
    with Server([gopls, "serve"], cwd=src, env=env) as server:
        server.initialize(src, progress=False)
        uris = {path: server.open(path, language="asm") for path in paths}
        by_uri = {uris[p]: places[p] for p in paths}
        measure(server, "textDocument/definition", {uri: spots[:1] for uri, spots in by_uri.items()}, "")
        return measure(server, "textDocument/definition", by_uri, "gopls definition"), version


def find_gopls(given: str | None) -> str | None:
    if given is not None:
        return given or None  # --gopls "": leave gopls out
    gopath = os.environ.get("GOPATH") or os.path.expanduser("~/go")
    installed = os.path.join(gopath.split(os.pathsep)[0], "bin", "gopls")
    return shutil.which("gopls") or (installed if os.path.exists(installed) else None)


def run(files: int = 5, count: int = 40, gopls: str | None = None) -> tuple[list[Timing], str | None]:
    goroot = find_goroot()
    if goroot is None:
        sys.exit("server_latency: no Go installation found")
    src = os.path.join(goroot, "src")
    paths = largest_files(src, files)
    places = {path: positions(path, count) for path in paths}
    timings = asm_ls_latency(src, paths, places)
    gopls = find_gopls(gopls)
    version = None
    if gopls:
        timing, version = gopls_latency(gopls, src, paths, places)
        timings.append(timing)
    return timings, version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5, help="how many of the largest .s files")
    parser.add_argument("--positions", type=int, default=40, help="identifiers per file")
    parser.add_argument("--gopls", help="gopls binary (default: on PATH or in $GOPATH/bin)")
    arguments = parser.parse_args()
    timings, version = run(arguments.files, arguments.positions, arguments.gopls)
    for timing in timings:
        print(timing.row())
    print(f"gopls: {version or 'not installed'}")


if __name__ == "__main__":
    main()
