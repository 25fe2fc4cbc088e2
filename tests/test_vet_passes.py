"""go vet's passes that read assembly (asmdecl, framepointer, buildtag,
directive), on the packages under fixtures/vet: what asm-ls reports is
written next to each line,

    MOVQ $0, BP // want "framepointer: frame pointer is clobbered before saving"
    // want +1 "buildtag: unexpected extra //go:build line"

(`+N`: N lines below, for lines that cannot carry a comment), and the
oracle runs `go vet` with all its default passes for amd64 and arm64 and
requires, per GOARCH, asm-ls's findings of vet's codes, no more and no
fewer: the same (file, line, message). Where vet reads text the assembler
does not (an inactive `#ifdef` side, inside `/* */`), the line says what vet
reports there instead: `// vet-only "frame pointer is clobbered before saving"`.
A package's `// goarch:` line lists its GOARCHes.
"""

from __future__ import annotations

import ast
import functools
import re
import subprocess
from pathlib import Path

import pytest
from test_asmdecl_beyond import go_env

from asm_ls.arch.context import contexts_for_file
from asm_ls.engine.analyzer import Analyzer, Options

MODULE = Path(__file__).parent / "fixtures" / "vet"
PACKAGES = sorted(p.name for p in MODULE.iterdir() if p.is_dir())
# Packages the go command refuses to vet (see their decl.go).
REFUSED = {"badconstraint"}
ORACLE_GOARCHES = ("amd64", "arm64")
# vet's passes, as asm-ls names their findings; then asm-ls's own codes next to them.
VET_CODES = {"asmdecl", "framepointer", "buildtag", "directive"}
CODES = VET_CODES | {"asmdecl-misread", "asmdecl-macro", "framepointer-macro", "parse-error"}

GOARCH_LINE = re.compile(r"^//\s*goarch:\s*(?P<arches>[\w ]+)$", re.M)
ANNOTATION = re.compile(
    r"\b(?P<kind>want|vet-only)(?:\s+\+(?P<delta>\d+))?(?P<quoted>(?:\s+(?:\"(?:[^\"\\]|\\.)*\"|`[^`]*`))+)"
)
QUOTED = re.compile(r"\"(?:[^\"\\]|\\.)*\"|`[^`]*`")
FINDING = re.compile(r"^(?P<path>\S+\.s):(?P<line>\d+):\d+: (?P<message>.*)$")

Finding = tuple[str, int, str]  # (file relative to the module, line, message)


def package_goarches(package: Path) -> tuple[str, ...]:
    for path in sorted(package.glob("*.go")):
        declared = GOARCH_LINE.search(path.read_text())
        if declared:
            return tuple(declared["arches"].split())
    raise AssertionError(f"{package.name}: no '// goarch:' line")


def annotations(package: Path, kind: str) -> list[tuple[Path, int, str]]:
    found = []
    for path in sorted(package.glob("*.s")):
        for number, line in enumerate(path.read_text().split("\n"), 1):
            for match in ANNOTATION.finditer(line.partition("//")[2]):
                if match["kind"] == kind:
                    line_number = number + int(match["delta"] or 0)
                    for quoted in QUOTED.findall(match["quoted"]):
                        text = quoted[1:-1] if quoted.startswith("`") else ast.literal_eval(quoted)
                        found.append((path, line_number, text))
    return found


def relative(path: str | Path) -> str:
    return Path(path).resolve().relative_to(MODULE.resolve()).as_posix()


@pytest.mark.parametrize("name", PACKAGES)
def test_asm_ls_reports_what_the_fixture_wants(name):
    package = MODULE / name
    analyzer = Analyzer(Options(goarches=package_goarches(package), gooses=("linux",)))
    found = sorted(
        (relative(d.path), d.span.lines_and_columns()[0] + 1, f"{d.code}: {d.message}")
        for d in analyzer.check_directory(str(package))
        if d.code in CODES
    )
    assert found == sorted((relative(path), line, text) for path, line, text in annotations(package, "want"))


def test_each_pass_and_finding_kind_is_in_the_fixtures():
    wanted = [text for name in PACKAGES for _, _, text in annotations(MODULE / name, "want")]
    assert {text.split(":")[0] for text in wanted} >= VET_CODES | {"framepointer-macro", "asmdecl-misread"}
    assert len(wanted) >= 30


@functools.cache
def vet_findings(go: str, goarch: str) -> frozenset[Finding]:
    env = go_env(goarch)
    packages = [f"./{name}" for name in PACKAGES if name not in REFUSED]
    done = subprocess.run([go, "vet", *packages], cwd=MODULE, env=env, capture_output=True, text=True, timeout=600)
    found = set()
    for line in done.stderr.splitlines():
        match = FINDING.match(line)
        if match:
            found.add((relative(MODULE / match["path"]), int(match["line"]), match["message"]))
        else:
            assert line.startswith("#"), f"vet failed: {done.stderr}"
    return frozenset(found)


def asm_ls_findings(goarch: str) -> set[Finding]:
    """asm-ls's findings of vet's codes in the contexts vet's run has, and what vet reads beyond them."""
    analyzer = Analyzer(Options(goarches=(goarch,), gooses=("linux",)))
    found = set()
    for name in sorted(set(PACKAGES) - REFUSED):
        package = MODULE / name
        for diagnostic in analyzer.check_directory(str(package)):
            if diagnostic.code in VET_CODES:
                found.add((relative(diagnostic.path), diagnostic.span.lines_and_columns()[0] + 1, diagnostic.message))
        for path, line, text in annotations(package, "vet-only"):
            if contexts_for_file(str(path), path.read_text(), [goarch], ["linux"]):
                found.add((relative(path), line, text))
    return found


@pytest.mark.oracle
@pytest.mark.parametrize("goarch", ORACLE_GOARCHES)
def test_findings_are_go_vets(go_binary, goarch):
    vet = vet_findings(go_binary, goarch)
    ours = asm_ls_findings(goarch)
    assert sorted(ours - vet) == [] and sorted(vet - ours) == []
    messages = {message for _, _, message in vet}
    assert "frame pointer is clobbered before saving" in messages
    assert "//go:debug directive only valid in Go source files" in messages
    assert "unexpected extra //go:build line" in messages
    assert any(message.startswith(f"[{goarch}] add: ") for message in messages)


FRAMELESS = """\
#include "textflag.h"

TEXT ·f(SB), NOSPLIT, $0-0
	MOVQ $0, BP
	RET
"""


def framepointer_lines(analyzer: Analyzer, path: Path, **facts) -> list[int]:
    from asm_ls.syntax.source import SourceFile

    found = analyzer.check(SourceFile(str(path), path.read_text()), **facts)
    return [d.span.lines_and_columns()[0] + 1 for d in found if d.code == "framepointer"]


def test_framepointer_is_vets_for_linux_and_darwin_and_not_in_the_runtime(tmp_path):
    path = tmp_path / "f_amd64.s"
    path.write_text(FRAMELESS)
    for goos, lines in [("linux", [4]), ("darwin", [4]), ("windows", []), ("freebsd", [])]:
        assert framepointer_lines(Analyzer(Options(gooses=(goos,))), path) == lines, goos
    assert framepointer_lines(Analyzer(Options(gooses=("linux",))), path, import_path="runtime") == []
    # only package runtime itself: vet compares the path
    assert framepointer_lines(Analyzer(Options(gooses=("linux",))), path, import_path="runtime/cgo") == [4]


def test_a_keystroke_finds_what_a_whole_check_finds(tmp_path):
    """The watch runs on from one function into the next: an edit of one
    function changes what is found in the next, and the quick check sees it."""
    from test_quick_check import Buffer, findings, whole_check

    text = """\
#include "textflag.h"

TEXT ·f(SB), NOSPLIT, $0-0
	CALL ·g(SB)
	RET

TEXT ·g(SB), NOSPLIT, $16-0
	MOVQ AX, BP
	RET
"""
    path = tmp_path / "f_amd64.s"
    path.write_text(text)
    buffer = Buffer(path, text)
    edits = [
        text.replace("\tRET\n\nTEXT ·g", "\tINT $3\n\nTEXT ·g"),  # f no longer returns: vet watches into g
        text.replace("CALL ·g(SB)", "MOVQ $1, BP"),  # f writes BP
        text.replace("MOVQ AX, BP", "MOVQ BP, AX"),
    ]
    for edited_text in edits:
        quick = buffer.type(edited_text)
        whole = findings(whole_check(str(path), edited_text))
        assert quick is not None and findings(quick) == whole
        assert any(f[2] == "framepointer" for f in whole) == (edited_text is not edits[2])
        buffer.type(text)
