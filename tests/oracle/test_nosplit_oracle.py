"""nosplit-stack against the linker: the package in fixtures/nosplit/linker
(chains of NOSPLIT functions across files and into another package, tail
jumps, instructions that move SP, indirect calls, calls into functions that
split and into Go, recursion; frames swept across the limit) is built with
`go build` for each arch. asm-ls must report exactly the functions the linker
reports, with the same limit, the same bytes over, and as related
information the steps of one of the linker's worst chains."""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest
from support.paths import FIXTURES

from asm_ls.engine.analyzer import Analyzer, Options

pytestmark = pytest.mark.oracle

PACKAGE = FIXTURES / "nosplit" / "linker"
# amd64, arm64 and 386 carry the arch-specific functions (PUSH, SUB to RSP,
# indirect calls); the others check the generic chains with their own frame rules.
CONTEXTS = [
    ("linux", "amd64"),
    ("linux", "arm64"),
    ("linux", "386"),
    ("linux", "arm"),
    ("linux", "riscv64"),
    ("linux", "ppc64le"),
    ("linux", "s390x"),
    ("linux", "loong64"),
    ("linux", "mips64le"),
    ("linux", "mips"),
    ("js", "wasm"),
]

Step = tuple[int, str | None]  # bytes grown, function called


@dataclass
class Report:
    limit: int
    over: int | None  # None: an infinite cycle
    chains: list[tuple[list[Step], int | None]]  # every chain the report shows, with its bytes over


def _plain(name: str | None) -> str | None:
    """A symbol without the linker's ABI or version suffix (`<0>`) or asm-ls's wrapper note."""
    return None if name is None else re.sub(r"<\d*>$| \(ABI0 wrapper\)$", "", name)


_HEADER = re.compile(r"^(\S+): nosplit stack over (\d+) byte limit$")
_STEP = re.compile(r"^( *)grows (\d+) bytes(?:, calls (\S+))?$")
_END = re.compile(r"^( *)(?:(\d+) bytes over limit|infinite cycle)$")


def linker_reports(stderr: str) -> dict[str, Report]:
    """The linker's reports: chains are printed sharing their prefixes, one
    step per line indented by depth, each ending with how far over it went."""
    reports: dict[str, Report] = {}
    current, steps = None, []
    for line in stderr.splitlines():
        if header := _HEADER.match(line):
            current = reports[header[1]] = Report(int(header[2]), 0, [])
            steps = []
        elif current is None:
            continue
        elif step := _STEP.match(line):
            depth = len(step[1]) // 4
            steps[depth - 1 :] = [(int(step[2]), _plain(step[3]))]
        elif end := _END.match(line):
            over = int(end[2]) if end[2] else None
            current.chains.append((list(steps[: len(end[1]) // 4]), over))
            if over is None or current.over is None:
                current.over = None
            else:
                current.over = max(current.over, over)
    return reports


_MESSAGE = re.compile(r"^(\S+): nosplit stack over (\d+) byte limit \((?:(\d+) bytes over|infinite cycle)\)$")
_RELATED = re.compile(r"^(.+?) grows (\d+) bytes(?:, calls (\S+))?(?: \(.*\))?$")


def asm_ls_reports(goos: str, goarch: str) -> dict[str, Report]:
    analyzer = Analyzer(Options(goarches=(goarch,), gooses=(goos,)))
    reports = {}
    for diagnostic in analyzer.check_directory(str(PACKAGE)):
        if diagnostic.code != "nosplit-stack":
            continue
        message = _MESSAGE.match(diagnostic.message)
        assert message, diagnostic.message
        steps = [(int(m[2]), _plain(m[3])) for m in map(_RELATED.match, (r.message for r in diagnostic.related))]
        over = int(message[3]) if message[3] else None
        reports[message[1]] = Report(int(message[2]), over, [(steps, over)])
    return reports


def build(go_binary: str, goos: str, goarch: str, tmp_path) -> str:
    work = tmp_path / "nsx"
    shutil.copytree(PACKAGE, work)
    env = {**os.environ, "GOTOOLCHAIN": "local", "CGO_ENABLED": "0", "GOFLAGS": "", "GOOS": goos, "GOARCH": goarch}
    # -ldflags=-e: every error, not the first 20.
    done = subprocess.run(
        [go_binary, "build", "-ldflags=-e", "-o", str(tmp_path / "out"), "."],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        check=False,
    )
    assert done.returncode != 0 and "nosplit stack over" in done.stderr, done.stderr
    other = [line for line in done.stderr.splitlines() if not line.startswith(("#", " ", "main.")) and line.strip()]
    assert other == [], done.stderr  # the package fails to link for NOSPLIT reasons only
    return done.stderr


@pytest.mark.parametrize(("goos", "goarch"), CONTEXTS, ids=[f"{o}/{a}" for o, a in CONTEXTS])
def test_asm_ls_reports_what_the_linker_reports(go_binary, tmp_path, goos, goarch):
    linker = linker_reports(build(go_binary, goos, goarch, tmp_path))
    ours = asm_ls_reports(goos, goarch)
    assert len(linker) >= 2
    assert {name: (r.limit, r.over) for name, r in ours.items()} == {
        name: (r.limit, r.over) for name, r in linker.items()
    }
    for name, report in ours.items():
        ((steps, over),) = report.chains
        worst = [chain for chain, chain_over in linker[name].chains if chain_over == over]
        assert steps in worst, f"{name}: {steps} not among {worst}"


def test_the_sweeps_cross_the_limit_on_the_required_arches():
    """Each family of chains has a member just under and one just over the
    limit on amd64, arm64 and 386, so the comparison above decides edges."""
    for goos, goarch in CONTEXTS[:3]:
        reported = set(asm_ls_reports(goos, goarch))
        for family in ("leaf", "two", "three", "long", "cross", "static", "toSplit", "toGo", "toGoNosplit"):
            members = sorted(
                int(m[1])
                for m in re.finditer(rf"TEXT ·{family}(\d+)\(SB\)", "".join(p.read_text() for p in PACKAGE.glob("*.s")))
            )
            over = [f"main.{family}{n}" in reported for n in members]
            assert over == sorted(over) and True in over and False in over, (goarch, family, over)
