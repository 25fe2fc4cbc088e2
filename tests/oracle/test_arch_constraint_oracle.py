"""asm_ls.arch.constraint against go/build/constraint itself: random build
lines, well formed or not, read by both (a small Go program reads them all
at once): whether each is a //go:build or // +build line, the parse error
or the expression printed back, its `// +build` lines and its Go version.
buildtag's messages are these errors and comparisons."""

from __future__ import annotations

import json
import os
import random
import subprocess

import pytest

from asm_ls.arch.constraint import (
    ConstraintError,
    go_version,
    parse_line,
    plus_build_lines,
    split_go_build,
    split_plus_build,
)

pytestmark = pytest.mark.oracle

PROGRAM = """\
package main

import (
	"bufio"
	"encoding/json"
	"go/build/constraint"
	"os"
)

type result struct {
	GoBuild, PlusBuild bool
	Err, Expr, Version string
	Lines              []string
	LinesErr           string
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var line string
		json.Unmarshal(in.Bytes(), &line)
		r := result{GoBuild: constraint.IsGoBuild(line), PlusBuild: constraint.IsPlusBuild(line)}
		x, err := constraint.Parse(line)
		if err != nil {
			r.Err = err.Error()
		} else {
			r.Expr = x.String()
			r.Version = constraint.GoVersion(x)
			r.Lines, err = constraint.PlusBuildLines(x)
			if err != nil {
				r.LinesErr = err.Error()
			}
		}
		out.Encode(r)
	}
}
"""

PREFIXES = ["//go:build ", "// +build ", "//+build ", "//go:build", "//go:build\t", "// go:build ", "//go:buildx "]
WORDS = [
    "linux",
    "amd64",
    "go1.21",
    "go1.21rc1",
    "go1",
    "go1.-2",
    "purego",
    "é",
    "x-y",
    "a,b",
    "!a,b",
    "!!x",
    "!",
    "(",
    ")",
    "&&",
    "||",
    "&",
    "|",
    " ",
    "\t",
    "\u00a0",
]


def random_lines(count: int) -> list[str]:
    rng = random.Random(17)
    lines = []
    for _ in range(count):
        words = rng.choices(WORDS, k=rng.randrange(0, 9))
        lines.append(rng.choice(PREFIXES) + " ".join(words))
    # well formed ones too, with nesting the printer must parenthesize
    for _ in range(count // 4):
        lines.append("//go:build " + _expression(rng, 3))
    return lines


def _expression(rng: random.Random, depth: int) -> str:
    if depth == 0 or rng.random() < 0.3:
        return rng.choice(["linux", "amd64", "go1.21", "arm64", "!darwin"])
    operator = rng.choice([" && ", " || "])
    left, right = _expression(rng, depth - 1), _expression(rng, depth - 1)
    text = left + operator + right
    return f"!({text})" if rng.random() < 0.2 else f"({text})" if rng.random() < 0.5 else text


def ours(line: str) -> dict:
    found = {
        "GoBuild": split_go_build(line) is not None,
        "PlusBuild": split_plus_build(line) is not None,
        "Err": "",
        "Expr": "",
        "Version": "",
        "Lines": None,
        "LinesErr": "",
    }
    try:
        expression = parse_line(line)
    except ConstraintError as error:
        found["Err"] = str(error)
        return found
    found["Expr"] = str(expression)
    found["Version"] = go_version(expression)
    try:
        found["Lines"] = plus_build_lines(expression)
    except ConstraintError as error:
        found["LinesErr"] = str(error)
    return found


def test_build_lines_read_as_go_build_constraint_reads_them(go_binary, tmp_path):
    (tmp_path / "go.mod").write_text("module oracle\n\ngo 1.22\n")
    (tmp_path / "main.go").write_text(PROGRAM)
    lines = random_lines(1200)
    done = subprocess.run(
        [go_binary, "run", "."],
        cwd=tmp_path,
        input="".join(json.dumps(line) + "\n" for line in lines),
        env={**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "GOPROXY": "off"},
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    theirs = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(theirs) == len(lines)
    differ = [(line, go, ours(line)) for line, go in zip(lines, theirs) if go != ours(line)]
    assert differ == []
    assert sum(1 for go in theirs if go["Err"]) > 100 and sum(1 for go in theirs if go["Lines"]) > 100
