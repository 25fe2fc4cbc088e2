"""Oracle: the bodyless functions read with tree-sitter-go must match what
go/parser finds in the standard library: names, lines, parameter and result
names, variadic-ness, //go: directives and doc text."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from support.paths import FIXTURES

from asm_ls.golang.source import parse_file

HELPER = FIXTURES / "golang" / "bodyless"
TREES = ("runtime", "syscall", "internal", "crypto", "math", "reflect", "os")


@pytest.mark.oracle
@pytest.mark.slow
def test_bodyless_functions_match_go_parser(go_binary, goroot, tmp_path):
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "GOPROXY": "off"}
    helper = tmp_path / "bodyless"
    subprocess.run(
        [go_binary, "build", "-o", str(helper), "."], cwd=HELPER, env=env, check=True, capture_output=True, timeout=300
    )
    paths = sorted(
        str(p)
        for tree in TREES
        for p in (goroot / "src" / tree).rglob("*.go")
        if "testdata" not in p.parts and p.is_file()
    )
    done = subprocess.run(
        [str(helper)], input="\n".join(paths), capture_output=True, text=True, check=True, timeout=300
    )
    expected: dict[str, list[dict]] = {}
    for line in done.stdout.splitlines():
        function = json.loads(line)
        expected.setdefault(function["file"], []).append(function)
    assert sum(map(len, expected.values())) > 1000

    differences = []
    for path in paths:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        ours = [_describe(path, f) for f in parse_file(path, text).funcs]
        if ours != expected.get(path, []):
            differences.append(path)
    assert not differences, differences[:20]


def _describe(path, func) -> dict:
    return {
        "file": path,
        "name": func.name,
        "line": func.location.line,
        "params": [p.name or "" for p in func.params],
        "results": [p.name or "" for p in func.results],
        "variadic": func.variadic,
        "directives": list(func.directives),
        "doc": func.doc,
    }
