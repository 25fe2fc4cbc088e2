"""Completion latency in the real server over stdio, at the start of words
(nothing typed yet, as when a user invokes completion on an operand) and in
the middle of words, next to hover on the same positions:

  - the largest .s files of $(go env GOROOT)/src and runtime/asm_amd64.s,
    with GOROOT/src as the (indexed) workspace;
  - a large generated file: github.com/klauspost/reedsolomon v1.14.2's
    galois_gen_amd64.s (136k lines), its module copied from the module
    cache to a temporary directory, which is the workspace.

    python bench/completion.py [--files N] [--positions N] [--seed N] [--no-generated] [--no-keystrokes]

Positions are identifiers (mnemonics, registers, symbols, labels, macros)
drawn at random (seeded) from each file. Then, at the same mid-word places,
completion right after a keystroke (the next character typed): the
keystroke's check runs on the same engine thread, and the time includes it
when the request does not go first.
Prints, per file and position kind,
p50/p95/max of the wall time from sending a request to its response, the
server's CPU time per request (user+sys from /proc: the machine is shared,
so wall times under load are inflated and CPU is the steadier figure), the
items and bytes of a completion answer, and the load average before and after.
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
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import REPO, Server, asm_ls_command
from measure import load_average, percentile
from server_latency import largest_files

sys.path.insert(0, str(REPO))
from asm_ls.golang.goroot import find_goroot
from asm_ls.syntax.lexer import tokenize
from asm_ls.syntax.source import SourceFile

RUNTIME_FILE = os.path.join("runtime", "asm_amd64.s")
GENERATED_MODULE = "github.com/klauspost/reedsolomon@v1.14.2"
GENERATED_FILE = "galois_gen_amd64.s"
KINDS = ("word start", "mid-word")


@dataclass
class Timing:
    what: str
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: float = 0.0  # server CPU over all of them
    items: list[int] = field(default_factory=list)  # completion: items per answer
    sizes: list[int] = field(default_factory=list)  # completion: bytes of JSON per answer
    answered: int = 0  # requests with a non-empty result

    def row(self) -> str:
        count = len(self.seconds)
        line = (
            f"{self.what:58} n={count:4}  p50 {percentile(self.seconds, 0.5) * 1000:6.2f}  "
            f"p95 {percentile(self.seconds, 0.95) * 1000:6.2f}  max {max(self.seconds, default=0) * 1000:6.1f} ms  "
            f"cpu/request {self.cpu_seconds / max(count, 1) * 1000:5.2f} ms  answered {self.answered}/{count}"
        )
        if self.items:
            line += (
                f"  items p50 {percentile(self.items, 0.5):.0f} max {max(self.items)}"
                f"  {sum(self.sizes) / len(self.sizes) / 1024:.1f} KiB/answer"
            )
        return line


def word_positions(path: str, count: int, seed: int) -> list[tuple[int, int, int]]:
    """(line, UTF-16 column where an identifier starts, where it ends) of
    `count` identifiers drawn at random."""
    source = SourceFile(path, Path(path).read_text(encoding="utf-8"))
    identifiers = [t for t in tokenize(source)[0] if t.kind == "IDENT"]
    chosen = random.Random(seed).sample(identifiers, min(count, len(identifiers)))
    places = []
    for token in sorted(chosen, key=lambda t: t.span.start):
        line, column = source.position(token.span.start)
        start = _utf16(source.line_text(line)[:column])
        places.append((line, start, start + _utf16(token.text)))
    return places


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def cursor(place: tuple[int, int, int], kind: str) -> dict:
    line, start, end = place
    character = start if kind == "word start" else start + max(1, (end - start) // 2)
    return {"line": line, "character": min(character, end)}


def measure(server: Server, uri: str, places: list, method: str, kind: str, label: str) -> Timing:
    timing = Timing(label)
    cpu = server.cpu_seconds()
    for place in places:
        params = {"textDocument": {"uri": uri}, "position": cursor(place, kind)}
        elapsed, result = server.call(method, params)
        timing.seconds.append(elapsed)
        if method == "textDocument/completion":
            items = result.get("items", []) if isinstance(result, dict) else (result or [])
            timing.items.append(len(items))
            timing.sizes.append(len(json.dumps(result)))
            timing.answered += bool(items)
        else:
            timing.answered += bool(result)
    timing.cpu_seconds = server.cpu_seconds() - cpu
    return timing


def after_keystroke(server: Server, uri: str, text: str, places: list, label: str) -> Timing:
    """Completion right after a keystroke: at each mid-word place, the next
    character of the word is typed (the text now differs from the last whole
    check, as when a user types) and completion asked at once; then the
    character is deleted again. The time includes waiting for the
    keystroke's check when it runs first; CPU is per keystroke, both checks
    and the completion."""
    timing = Timing(label)
    lines = text.split("\n")
    version = 1
    cpu = server.cpu_seconds()
    for place in places:
        position = cursor(place, "mid-word")
        line, character = position["line"], position["character"]
        typed = lines[line].encode("utf-16-le")[2 * character : 2 * character + 2].decode("utf-16-le", "replace")
        for change, ask in (
            ({"range": _range(line, character, character), "text": typed}, True),
            ({"range": _range(line, character, character + 1), "text": ""}, False),
        ):
            version += 1
            sent = time.perf_counter()
            server.notify(
                "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
            )
            if ask:
                params = {"textDocument": {"uri": uri}, "position": {"line": line, "character": character + 1}}
                elapsed, result = server.call("textDocument/completion", params)
                timing.seconds.append(elapsed)
                items = result.get("items", []) if isinstance(result, dict) else (result or [])
                timing.items.append(len(items))
                timing.sizes.append(len(json.dumps(result)))
                timing.answered += bool(items)
            server.diagnostics(uri, sent, version)
    timing.cpu_seconds = server.cpu_seconds() - cpu
    return timing


def _range(line: int, start: int, end: int) -> dict:
    return {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}


def session(root: str, paths: list[str], count: int, seed: int, keystrokes: bool = True) -> list[Timing]:
    """Open root as the workspace and each path in it; completion and hover
    at word starts and mid-word of each, then completion after keystrokes."""
    timings = []
    with Server(asm_ls_command()) as server:
        server.initialize(root)
        uris = {}
        for path in paths:
            uris[path] = uri = server.open(path)
            server.diagnostics(uri)
        server.wait_notification(lambda m: m["method"] == "$/progress" and m["params"]["value"].get("kind") == "end")
        for path in paths:
            places = word_positions(path, count, seed)
            uri = uris[path]
            name = "/".join(Path(path).parts[-2:])
            for method in ("textDocument/completion", "textDocument/hover"):  # warm what each loads lazily
                measure(server, uri, places[:2], method, "mid-word", "")
            for kind in KINDS:
                for method in ("textDocument/completion", "textDocument/hover"):
                    label = f"{name} {method.split('/')[1]} {kind}"
                    timings.append(measure(server, uri, places, method, kind, label))
            if keystrokes:
                text = Path(path).read_text(encoding="utf-8")
                timings.append(after_keystroke(server, uri, text, places, f"{name} completion after a keystroke"))
    return timings


def generated_module(directory: str) -> str | None:
    """A copy of the generated file's module in directory (None when the
    module cache does not have it)."""
    modcache = subprocess.run(
        ["go", "env", "GOMODCACHE"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "GOTOOLCHAIN": "local"},
    ).stdout.strip()
    module = os.path.join(modcache, GENERATED_MODULE)
    if not modcache or not os.path.isfile(os.path.join(module, GENERATED_FILE)):
        return None
    copy = os.path.join(directory, "reedsolomon")
    shutil.copytree(module, copy, ignore=shutil.ignore_patterns("testdata", "examples", "benchmark"))
    for base, _, names in os.walk(copy):  # the module cache's files are read-only
        for name in names:
            os.chmod(os.path.join(base, name), 0o644)
    return os.path.join(copy, GENERATED_FILE)


def run(files: int, count: int, seed: int, generated: bool = True, keystrokes: bool = True) -> list[Timing]:
    goroot = find_goroot()
    if goroot is None:
        sys.exit("completion: no Go installation found")
    src = os.path.join(goroot, "src")
    paths = list(dict.fromkeys([os.path.join(src, RUNTIME_FILE), *largest_files(src, files)]))
    timings = session(src, paths, count, seed, keystrokes)
    if generated:
        with tempfile.TemporaryDirectory(prefix="asm-ls-bench-") as directory:
            path = generated_module(directory)
            if path is None:
                print(f"completion: {GENERATED_MODULE} is not in the module cache; its rows are left out")
            else:
                timings += session(os.path.dirname(path), [path], count, seed, keystrokes)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--files", type=int, default=3, help="how many of the largest GOROOT .s files besides runtime's"
    )
    parser.add_argument("--positions", type=int, default=100, help="words per file")
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--no-generated", action="store_true", help="leave the generated 136k-line file out")
    parser.add_argument("--no-keystrokes", action="store_true", help="leave completion after keystrokes out")
    arguments = parser.parse_args()
    print(f"before: {load_average()}", flush=True)
    timings = run(
        arguments.files, arguments.positions, arguments.seed, not arguments.no_generated, not arguments.no_keystrokes
    )
    print(f"after: {load_average()}")
    for timing in timings:
        print(timing.row())


if __name__ == "__main__":
    main()
