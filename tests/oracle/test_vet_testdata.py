"""go vet's own test data, met: the `.s` files of the asmdecl, framepointer,
buildtag and directive passes of the newest golang.org/x/tools, fetched
through the Go module proxy, each `// want` line (analysistest's syntax: a
regexp, `+N` for a later line) matched by one asm-ls finding of that pass's
code, and no finding of it left over.

analysistest runs each package with its build settings (the passes'
*_test.go): asmdecl's package `a` once per GOOS/GOARCH, its `wasm32` with
GOOS=wasip1 GOARCH=wasm -tags=wasm32, framepointer's on the host (linux or
darwin; windows has no findings), buildtag's and directive's reading every
file, those built nowhere included. Here the same settings are asm-ls build
contexts, and a file's `// want` lines count where it is built (everywhere
for buildtag and directive), as analysistest reads them. Two contexts more
than x/tools runs: loong64 (its test leaves asm10.s out) and mipsle (its
linux/mips run never reads asm8.s, which is built for mipsle).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.want import analysistest_wants, match_regexps

from asm_ls.arch.context import contexts_for_file
from asm_ls.engine.analyzer import Analyzer, Options

pytestmark = pytest.mark.oracle

MODULE = "golang.org/x/tools"
PASSES = "go/analysis/passes"


@dataclass(frozen=True)
class Case:
    pass_name: str
    package: str
    goos: str
    goarch: str
    tags: tuple[str, ...] = ()
    every_file: bool = False  # analysistest reads the wants of files built nowhere too
    expect_none: bool = False  # no finding at all (a GOOS or GOARCH the pass skips)

    def __str__(self) -> str:
        tags = f"-tags={','.join(self.tags)}" if self.tags else ""
        return f"{self.pass_name}/{self.package}/{self.goos}/{self.goarch}{tags}"


CASES = [
    *(
        Case("asmdecl", "a", goos, goarch)
        for goos, goarch in [
            ("linux", "amd64"),
            ("linux", "386"),
            ("linux", "arm"),
            ("linux", "loong64"),
            ("linux", "mips64"),
            ("linux", "s390x"),
            ("linux", "ppc64"),
            ("linux", "mips"),
            ("linux", "mipsle"),
            ("js", "wasm"),
            ("linux", "riscv64"),
        ]
    ),
    Case("asmdecl", "wasm32", "wasip1", "wasm", ("wasm32",)),
    *(
        Case("framepointer", "a", goos, goarch)
        for goos, goarch in [("linux", "amd64"), ("darwin", "amd64"), ("linux", "arm64"), ("darwin", "arm64")]
    ),
    Case("framepointer", "a", "windows", "amd64", expect_none=True),
    Case("framepointer", "a", "linux", "386", expect_none=True),
    Case("buildtag", "a", "linux", "amd64", every_file=True),
    Case("directive", "a", "linux", "amd64", every_file=True),
]


@pytest.fixture(scope="module")
def tools_dir(go_binary, tmp_path_factory) -> Path:
    """The newest x/tools through the module proxy (the module cache when it has it)."""
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    done = subprocess.run(
        [go_binary, "mod", "download", "-json", f"{MODULE}@latest"],
        cwd=tmp_path_factory.mktemp("download"),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        message = f"go mod download {MODULE}@latest failed: {done.stdout}{done.stderr}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return Path(json.loads(done.stdout)["Dir"])


def package_copy(tools_dir: Path, case: Case, tmp_path: Path) -> Path:
    """The test package, importable by its analysistest path (`a`), as GOPATH mode has it."""
    target = tmp_path / case.package
    shutil.copytree(tools_dir / PASSES / case.pass_name / "testdata" / "src" / case.package, target)
    for path in target.iterdir():
        path.chmod(0o644)
    (target / "go.mod").write_text(f"module {case.package}\n\ngo 1.22\n")
    return target


def unmet(case: Case, package: Path) -> list[str]:
    """What does not match: wants without a finding, findings without a want."""
    analyzer = Analyzer(Options(goarches=(case.goarch,), gooses=(case.goos,), tags=case.tags))
    messages: dict[tuple[str, int], list[str]] = {}
    for diagnostic in analyzer.check_directory(str(package)):
        if diagnostic.code == case.pass_name:
            key = (Path(diagnostic.path).name, diagnostic.span.lines_and_columns()[0] + 1)
            messages.setdefault(key, []).append(diagnostic.message)
    wants: dict[tuple[str, int], list[str]] = {}
    if not case.expect_none:
        for path in sorted(package.glob("*.s")):
            built = contexts_for_file(str(path), path.read_text(), [case.goarch], [case.goos], case.tags)
            if built or case.every_file:
                wants.update({(path.name, line): patterns for line, patterns in analysistest_wants(path).items()})
    return match_regexps(messages, wants)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_want_line_is_met_and_nothing_else(tools_dir, tmp_path, case):
    package = package_copy(tools_dir, case, tmp_path)
    assert unmet(case, package) == []


def test_the_cases_read_every_test_file(tools_dir):
    """Each `.s` file with `// want` lines is read by some case: nothing is left out."""
    read = set()
    for case in CASES:
        source = tools_dir / PASSES / case.pass_name / "testdata" / "src" / case.package
        for path in source.glob("*.s"):
            built = contexts_for_file(str(path), path.read_text(), [case.goarch], [case.goos], case.tags)
            if (built or case.every_file) and not case.expect_none:
                read.add(path)
    with_wants = {
        path
        for name in ("asmdecl", "framepointer", "buildtag", "directive")
        for path in (tools_dir / PASSES / name / "testdata").rglob("*.s")
        if analysistest_wants(path)
    }
    assert with_wants - read == set()
    assert len(with_wants) >= 15
