"""How often go-to-definition lands on the Go declaration, over GOROOT.

For every TEXT line of the amd64 and arm64 assembly under $GOROOT/src whose
function has a bodyless Go declaration in its package (found here with a
plain regex over the package's .go files, independently of asm-ls's Go
reader), ask asm-ls for the definition of the TEXT symbol and check that the
answer includes that declaration's line; then from each such Go declaration
back to assembly, check that the answer includes the TEXT line.

    python bench/definition_rate.py [--goroot DIR] [--show-misses]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from asm_ls.arch.context import file_matches
from asm_ls.engine.analyzer import Analyzer
from asm_ls.features.navigation import definition
from asm_ls.features.workspace import Workspace

GOARCHES = ("amd64", "arm64")
_TEXT = re.compile(r"^[ \t]*TEXT[ \t]+(?:\u00b7)([A-Za-z_]\w*)(?:<ABI\w+>)?\(SB\)", re.MULTILINE)
_BODYLESS = re.compile(r"^func[ \t]+([A-Za-z_]\w*)(?:\[[^\]]*\])?\([^{}]*$", re.MULTILINE)


def goroot() -> str:
    return subprocess.run(
        ["go", "env", "GOROOT"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "GOTOOLCHAIN": "local"},
        timeout=60,
    ).stdout.strip()


def bodyless_funcs(directory: str, context) -> dict[str, tuple[str, int]]:
    """name -> (file, 0-based line) of each top-level func without a body, in
    the files of directory that build in context."""
    found = {}
    for path, text in built_go_files(directory, context):
        for match in _BODYLESS.finditer(text):
            found.setdefault(match.group(1), (path, text.count("\n", 0, match.start())))
    return found


def built_go_files(directory: str, context) -> Iterator[tuple[str, str]]:
    """Path and text of each non-test Go file of directory that builds in context."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return
    for name in names:
        if name.endswith(".go") and not name.endswith("_test.go"):
            path = os.path.join(directory, name)
            text = open(path, encoding="utf-8", errors="replace").read()
            if file_matches(path, text, context):
                yield path, text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goroot", default=None)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    src = os.path.join(args.goroot or goroot(), "src")
    workspace = Workspace(Analyzer())
    started = time.perf_counter()
    workspace.index.add_folder(src)
    print(f"indexed {len(workspace.index.files)} files in {time.perf_counter() - started:.1f} s")

    asked = Counter()
    hits = Counter()
    misses: list[str] = []
    declarations_cache: dict[str, dict] = {}
    for path in sorted(workspace.index.files):
        entry = workspace.index.files[path]
        archs = [a for a in GOARCHES if a in entry.archs]
        if not archs:
            continue
        directory = os.path.dirname(path)
        context = workspace.unit(path).context  # the build context definitions are answered in
        key = (directory, context)
        if key not in declarations_cache:
            declarations_cache[key] = bodyless_funcs(directory, context)
        declarations = declarations_cache[key]
        text = open(path, encoding="utf-8").read()
        for match in _TEXT.finditer(text):
            name = match.group(1)
            if name not in declarations:
                continue
            go_path, go_line = declarations[name]
            offset = match.start(1)  # the name after `·`
            found = definition(workspace, path, offset)
            key = "/".join(archs)
            asked["asm->go " + key] += 1
            if any(s.source.path == go_path and s.source.position(s.start)[0] == go_line for s in found):
                hits["asm->go " + key] += 1
            else:
                misses.append(f"asm->go {os.path.relpath(path, src)}: {name}")
            go_text = open(go_path, encoding="utf-8").read()
            go_offset = _offset_of_line(go_text, go_line) + go_text.splitlines()[go_line].index(name, 5)
            back = definition(workspace, go_path, go_offset)
            asked["go->asm " + key] += 1
            if any(s.source.path == path and s.start == offset - 1 for s in back):
                hits["go->asm " + key] += 1
            else:
                misses.append(f"go->asm {os.path.relpath(go_path, src)}: {name} -> {os.path.relpath(path, src)}")
    print(f"{'direction and arch':<24} {'asked':>6} {'found':>6} {'rate':>8}")
    for key in sorted(asked):
        print(f"{key:<24} {asked[key]:>6} {hits[key]:>6} {100 * hits[key] / asked[key]:>7.2f}%")
    total_asked, total_hits = sum(asked.values()), sum(hits.values())
    print(f"{'all':<24} {total_asked:>6} {total_hits:>6} {100 * total_hits / max(total_asked, 1):>7.2f}%")
    print(f"{len(misses)} misses")
    if args.show_misses:
        print("\n".join(misses))


def _offset_of_line(text: str, line: int) -> int:
    offset = 0
    for _ in range(line):
        offset = text.index("\n", offset) + 1
    return offset


if __name__ == "__main__":
    main()
