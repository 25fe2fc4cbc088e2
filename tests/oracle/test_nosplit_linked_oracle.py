"""The stack summaries against the linker on real assembly: a program that
links the runtime, crypto and math/big is built with -ldflags=-debugnosplit,
which prints every edge of the linker's stack check (`nosplit: f<0> +24 ->
g<0>`). For every assembly function the linker lists, asm-ls must find the
same edges: the same growths to the same callees, the same local growth,
and for a function that splits, the call to morestack."""

import os
import re
import subprocess
from collections import defaultdict

import pytest
from support.paths import FIXTURES

from asm_ls.arch import GOARCHES
from asm_ls.arch.context import BuildContext
from asm_ls.checks.stack.graph import MORESTACK, StackGraph
from asm_ls.engine.analyzer import Analyzer, Options

pytestmark = pytest.mark.oracle

PROGRAM = FIXTURES / "nosplit" / "linked"
GOOS = {"wasm": "js"}
_EDGE = re.compile(r"^nosplit: (\S+) \+(-?\d+)(?: -> (\S+))?$")

Edge = tuple[int, str | None]


def _plain(name: str | None) -> str | None:
    return None if name is None else re.sub(r"<\d*>$", "", name)


def linker_edges(go_binary: str, goos: str, goarch: str, out) -> tuple[dict[str, list[Edge]], list[str]]:
    env = {**os.environ, "GOTOOLCHAIN": "local", "CGO_ENABLED": "0", "GOFLAGS": "", "GOOS": goos, "GOARCH": goarch}
    done = subprocess.run(
        [go_binary, "build", "-ldflags=-debugnosplit", "-o", str(out), "."],
        cwd=PROGRAM,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=True,
    )
    edges = defaultdict(list)
    for line in (done.stdout + done.stderr).splitlines():
        if match := _EDGE.match(line):
            edges[match[1]].append((int(match[2]), _plain(match[3])))
    listed = subprocess.run(
        [go_binary, "list", "-deps", "-f", "{{if .SFiles}}{{.Dir}}{{end}}", "."],
        cwd=PROGRAM,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
    )
    return edges, listed.stdout.split()


def asm_ls_edges(goos: str, goarch: str, directories: list[str]) -> dict[str, list[Edge]]:
    """Each function's edges as the linker records them: its calls, and its
    local growth when that is larger than any call's; a function that splits
    only calls morestack."""
    analyzer = Analyzer(Options(goarches=(goarch,), gooses=(goos,)))
    edges = {}
    for directory in directories:
        graph = StackGraph(analyzer.package_unit(directory, BuildContext(goos, goarch)))
        for summary in graph.functions():
            symbol = summary.symbol
            name = symbol.name if symbol.file else f"{symbol.name}<{0 if symbol.abi == 'ABI0' else 1}>"
            if not summary.nosplit:
                edges[name] = [(graph.call_size, MORESTACK)]
                continue
            targets = [graph.resolve(edge.target) for edge in summary.edges]
            found = [
                (edge.growth, _plain(target.name.removesuffix("<>"))) for edge, target in zip(summary.edges, targets)
            ]
            reached = max([0] + [e.growth + graph.height(t) for e, t in zip(summary.edges, targets)])
            if summary.local_height > reached:
                found.append((summary.local_height, None))
            edges[name] = found
    return edges


@pytest.mark.parametrize("goarch", GOARCHES)
def test_every_linked_assembly_function_has_the_linkers_edges(go_binary, tmp_path, goarch):
    goos = GOOS.get(goarch, "linux")
    theirs, directories = linker_edges(go_binary, goos, goarch, tmp_path / "out")
    ours = asm_ls_edges(goos, goarch, directories)
    compared, differing = 0, set()
    for name, edges in theirs.items():
        key = name if re.search(r"<[01]>$", name) else _plain(name)  # file-local symbols have other versions
        if key not in ours:
            continue  # Go code, the indirect and morestack nodes
        compared += 1
        if sorted(edges, key=repr) != sorted(ours[key], key=repr):
            differing.add(name)
    assert compared >= 25  # the runtime's assembly at least
    assert differing == set()
