"""go vet's passes that read assembly (asmdecl, framepointer, buildtag,
directive), on the packages under fixtures/vet: what asm-ls reports is
written next to each line,

    MOVQ $0, BP // want "framepointer: frame pointer is clobbered before saving"
    // want +1 "buildtag: unexpected extra //go:build line"

(`+N`: N lines below, for build lines, which cannot carry a comment). What
vet reports there is asked of vet itself (tests/oracle/test_vet_passes_oracle.py).
A package's `// goarch:` line lists its GOARCHes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.paths import FIXTURES
from support.want import compare, declared_goarches, found, read_wants

from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.syntax.source import SourceFile

MODULE = FIXTURES / "vet"
PACKAGES = sorted(p.name for p in MODULE.iterdir() if p.is_dir())
VET_CODES = {"asmdecl", "framepointer", "buildtag", "directive"}
# vet's passes, as asm-ls names their findings; then asm-ls's own codes next to them.
CODES = VET_CODES | {"asmdecl-misread", "asmdecl-macro", "framepointer-macro", "parse-error"}


def package_goarches(package: Path) -> tuple[str, ...]:
    declared = next(filter(None, map(declared_goarches, sorted(package.glob("*.go")))), None)
    assert declared, f"{package.name}: no '// goarch:' line"
    return declared


@pytest.mark.parametrize("name", PACKAGES)
def test_asm_ls_reports_what_the_fixture_wants(name):
    package = MODULE / name
    analyzer = Analyzer(Options(goarches=package_goarches(package), gooses=("linux",)))
    findings = found(d for d in analyzer.check_directory(str(package)) if d.code in CODES)
    wants = [want for path in sorted(package.glob("*.s")) for want in read_wants(path)]
    assert compare(findings, wants, exact=True) == ([], [])


def test_each_pass_and_finding_kind_is_in_the_fixtures():
    wanted = [want.text for path in sorted(MODULE.rglob("*.s")) for want in read_wants(path)]
    assert {text.split(":")[0] for text in wanted} >= VET_CODES | {"framepointer-macro", "asmdecl-misread"}
    assert len(wanted) >= 30


FRAMELESS = """\
#include "textflag.h"

TEXT ·f(SB), NOSPLIT, $0-0
	MOVQ $0, BP
	RET
"""


def framepointer_lines(analyzer: Analyzer, path: Path, **facts) -> list[int]:
    diagnostics = analyzer.check(SourceFile(str(path), path.read_text()), **facts)
    return [d.span.lines_and_columns()[0] + 1 for d in diagnostics if d.code == "framepointer"]


def test_framepointer_is_vets_for_linux_and_darwin_and_not_in_the_runtime(tmp_path):
    path = tmp_path / "f_amd64.s"
    path.write_text(FRAMELESS)
    for goos, lines in [("linux", [4]), ("darwin", [4]), ("windows", []), ("freebsd", [])]:
        assert framepointer_lines(Analyzer(Options(gooses=(goos,))), path) == lines, goos
    assert framepointer_lines(Analyzer(Options(gooses=("linux",))), path, import_path="runtime") == []
    # only package runtime itself: vet compares the path
    assert framepointer_lines(Analyzer(Options(gooses=("linux",))), path, import_path="runtime/cgo") == [4]
