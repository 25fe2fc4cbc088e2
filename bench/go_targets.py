"""How often a CALL/JMP/BL target in runtime's assembly that is a Go
function reaches its Go declaration with go-to-definition.

For each `.s` file of $GOROOT/src/runtime built for amd64 or arm64, each
branch (`CALL`, `JMP`, `BL`, `B`, conditional branches) to an `(SB)` symbol
is classified: Go (a plain regex over the Go files of the target's package
that build in the context finds `func name`, `func (r T) name` or
`func (r *T) name`, with a body or bodyless with a TEXT elsewhere:
independent of asm-ls's Go reader), assembly only (a TEXT defines it for
that GOARCH and Go declares nothing), or other (neither: listed with the
reason). For the Go targets asm-ls's definition must include that
declaration's line.

    python bench/go_targets.py [--goroot DIR] [--show-misses] [--file asm_amd64.s]

Then, as written: every branch line of those files (in any `#ifdef`
block, for any GOOS) whose last operand is `name(SB)`, asked where it
goes: a Go declaration, a TEXT only, or nowhere (each listed).

--file also prints, for one file of runtime, its CALLs to (SB) symbols per
GOARCH: how many name Go functions and how many reach them.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from definition_rate import built_go_files

from asm_ls.arch import get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.engine.analyzer import Analyzer
from asm_ls.features.index import qualified_reference
from asm_ls.features.navigation import definition
from asm_ls.features.workspace import Workspace
from asm_ls.golang.goroot import find_goroot
from asm_ls.syntax import ast
from asm_ls.syntax.linkname import split_linker_name

GOARCHES = ("amd64", "arm64")


def go_functions(directory: str, context: BuildContext) -> dict[str, tuple[str, int]]:
    """`name`, `T.name` and `(*T).name` -> (file, 0-based line) of each
    top-level func or method in the files of directory built in context."""
    found: dict[str, tuple[str, int]] = {}
    pattern = re.compile(r"^func[ \t]+(?:\([ \t]*\w*[ \t]*(\*?)[ \t]*(\w+)[^)]*\)[ \t]*)?(\w+)", re.M)
    for path, text in built_go_files(directory, context):
        for match in pattern.finditer(text):
            pointer, receiver, function = match.groups()
            line_end = text.find("\n", match.start())
            body = text[match.start() : line_end if line_end >= 0 else len(text)].rstrip().endswith("{")
            where = (path, text.count("\n", 0, match.start()), body)
            if receiver is None:
                found.setdefault(function, where)
            else:
                found.setdefault(f"(*{receiver}).{function}", where)
                if not pointer:
                    found.setdefault(f"{receiver}.{function}", where)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goroot", default=None)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--file", default=None, help="a .s file of runtime whose CALLs to count apart")
    args = parser.parse_args()
    root = args.goroot or find_goroot(shutil.which("go"))
    if root is None:
        sys.exit("go_targets: no GOROOT (give --goroot, or put go on PATH)")
    src = os.path.join(root, "src")
    runtime = os.path.join(src, "runtime")
    workspace = Workspace(Analyzer())
    started = time.perf_counter()
    workspace.index.add_folder(runtime)
    go_cache: dict[tuple, dict] = {}
    counts: Counter = Counter()
    misses: list[str] = []
    others: Counter = Counter()
    in_file: Counter = Counter()  # (arch, kind) of the CALLs in --file
    written: dict[tuple[str, int], str] = {}  # each CALL's place in --file (macro bodies once): its kind
    asked: dict[tuple[str, int], bool] = {}  # a position is asked once, in the context definition reads it in
    for path in sorted(workspace.index.files):
        source = workspace.analyzer.source(path)
        assert source is not None
        for context in workspace.analyzer.contexts(source):
            if context.goarch not in GOARCHES:
                continue
            unit = workspace.analyzer.analyze(source, context)
            for statement in unit.program.statements:
                if statement.word not in unit.arch.jumps:
                    continue
                for operand in statement.operands:
                    value = operand.value
                    if not isinstance(value, ast.SymbolRef) or value.pseudo != "SB" or value.static:
                        continue
                    span = operand.tokens[value.at].span
                    if os.path.abspath(span.source.path) != path:
                        continue  # written in a header's macro
                    qualified = qualified_reference(unit, value)
                    kind = _classify(workspace, qualified, context, go_cache, runtime)
                    arch = context.goarch
                    counts[(arch, kind[0])] += 1
                    calls_here = statement.word == "CALL" and os.path.basename(path) == args.file
                    if calls_here:
                        in_file[(arch, "calls")] += 1
                        in_file[(arch, kind[0])] += 1
                        written[(arch, span.start)] = kind[0]
                    if kind[0] == "other":
                        others[(qualified, kind[1])] += 1
                        continue
                    if kind[0] != "go":
                        continue
                    go_path, go_line, body = kind[1]
                    counts[(arch, "body")] += body
                    key = (path, span.start)
                    if key not in asked:
                        found = definition(workspace, path, span.start)
                        asked[key] = any(
                            s.source.path == go_path and s.source.position(s.start)[0] == go_line for s in found
                        )
                    if asked[key]:
                        counts[(arch, "reached")] += 1
                        in_file[(arch, "reached")] += calls_here
                        if calls_here:
                            written[(arch, span.start)] = "reached"
                    else:
                        line = source.position(span.start)[0] + 1
                        misses.append(f"{arch} {os.path.relpath(path, src)}:{line}: {qualified}")
    elapsed = time.perf_counter() - started
    print(f"runtime's .s files: {len(workspace.index.files)}, {elapsed:.1f} s")
    header = ("GOARCH", "branches", "asm only", "Go", "(body)", "other", "reached", "rate")
    print("{:<8} {:>9} {:>9} {:>6} {:>7} {:>6} {:>8} {:>8}".format(*header))
    for arch in GOARCHES:
        go, reached = counts[(arch, "go")], counts[(arch, "reached")]
        total = sum(counts[(arch, k)] for k in ("asm", "go", "other"))
        rate = f"{100 * reached / go if go else 100.0:.2f}%"
        row = (arch, total, counts[(arch, "asm")], go, counts[(arch, "body")], counts[(arch, "other")], reached, rate)
        print("{:<8} {:>9} {:>9} {:>6} {:>7} {:>6} {:>8} {:>8}".format(*row))
    print(f"{len(misses)} Go targets missed")
    if args.show_misses:
        print("\n".join(misses))
    if args.file:
        for arch in GOARCHES:
            if in_file[(arch, "calls")]:
                calls, go, reached = (in_file[(arch, k)] for k in ("calls", "go", "reached"))
                places = Counter(kind for (where, _), kind in written.items() if where == arch)
                print(
                    f"{args.file} on {arch}: {calls} CALLs to (SB) symbols ({sum(places.values())} written, macro"
                    f" bodies once), {go} ({places['go'] + places['reached']}) of Go functions,"
                    f" {reached} ({places['reached']}) reached"
                )
    _written(workspace, src, runtime)
    if others:
        print("targets neither in assembly nor in Go (by the regex), with why:")
        by_why: dict[str, list[str]] = {}
        for (qualified, why), count in sorted(others.items()):
            by_why.setdefault(why, []).append(f"{qualified} x{count}")
        for why, names in sorted(by_why.items()):
            print(f"  {why}: {len(names)}: {', '.join(names[:8])}{' ...' if len(names) > 8 else ''}")


_BRANCH_LINE = re.compile(
    r"^[ \t]*(?:\w+:[ \t]*)?([A-Z][A-Z0-9.]*)[ \t]+(?:.*,[ \t]*)?([^\s,(]+)\(SB\)[ \t]*(?://.*)?$", re.M
)


def _written(workspace: Workspace, src: str, runtime: str) -> None:
    """Every branch to `name(SB)` as written in runtime's amd64 and arm64
    files, in whatever #ifdef block: where definition goes."""
    jumps = {arch: get_arch(arch).jumps for arch in GOARCHES}
    outcome: Counter = Counter()
    nowhere: list[str] = []
    for path in sorted(workspace.index.files):
        entry = workspace.index.files[path]
        arches = [arch for arch in GOARCHES if arch in entry.archs]
        if not arches:
            continue
        text = open(path, encoding="utf-8").read()
        for match in _BRANCH_LINE.finditer(text):
            if not any(match.group(1) in jumps[arch] for arch in arches):
                continue
            found = definition(workspace, path, match.start(2) + 1)
            kind = "go" if any(s.source.path.endswith(".go") for s in found) else "text" if found else "nowhere"
            if kind == "nowhere" and "·" not in match.group(2):
                kind = "C"  # libc_write: a symbol of no package, //go:cgo_import_dynamic's
            outcome[kind] += 1
            if kind == "nowhere":
                line = text.count("\n", 0, match.start()) + 1
                nowhere.append(f"{os.path.relpath(path, src)}:{line}: {match.group(1)} {match.group(2)}")
    total = sum(outcome.values())
    print(
        f"as written (amd64/arm64 files, every #ifdef block): {total} branch lines to (SB) symbols:"
        f" {outcome['go']} reach Go, {outcome['text']} a TEXT only, {outcome['C']} are C symbols"
        f" (no package; cgo_import_dynamic), {outcome['nowhere']} go nowhere"
    )
    for line in nowhere:
        print(f"  nowhere: {line}")


def _classify(workspace: Workspace, qualified: str, context: BuildContext, cache: dict, importer: str):
    """("go", (path, line)) for a target declared in Go (with a body, or
    bodyless with its TEXT), ("asm", None) for one only a TEXT defines, or ("other", why)."""
    import_path, name = split_linker_name(qualified)
    if not import_path:
        if any(site.kind == "TEXT" for site in workspace.index.definitions(qualified)):
            return "asm", None
        return "other", "no package: a C symbol (cgo_import_dynamic)"
    directory = workspace.package_directory(import_path, importer)
    if directory is None:
        return "other", f"package {import_path} not found"
    key = (directory, context)
    if key not in cache:
        cache[key] = go_functions(directory, context)
    found = cache[key].get(name)
    if found is not None:
        return "go", found
    workspace.ensure_package_indexed(directory)
    for site in workspace.index.definitions(qualified):
        entry = workspace.index.files.get(site.span.source.path)
        if site.kind == "TEXT" and entry is not None and context.goarch in entry.archs:
            return "asm", None
    return "other", f"no func {name} in {os.path.basename(directory)}'s Go files for {context.goarch}, no TEXT"


if __name__ == "__main__":
    main()
