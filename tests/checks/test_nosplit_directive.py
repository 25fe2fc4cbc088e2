"""nosplit-directive: a hint on `//go:nosplit` above a Go declaration without
a body, saying the TEXT flags decide and which side wins, with fixes that
make the two agree."""

import shutil
from pathlib import Path

import pytest
from support.fixes import write_fix
from support.paths import FIXTURES

from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.model import Diagnostic

PACKAGE = FIXTURES / "nosplit" / "directive"
CODE = "nosplit-directive"


@pytest.fixture
def package(tmp_path) -> Path:
    copy = tmp_path / "directive"
    shutil.copytree(PACKAGE, copy)
    return copy


def hints(directory: Path) -> dict[str, Diagnostic]:
    found = Analyzer(Options(goarches=("amd64",))).check_directory(str(directory))
    return {d.function: d for d in found if d.code == CODE}


def test_each_directive_on_a_bodyless_declaration_gets_a_hint(package):
    found = hints(package)
    assert set(found) == {"agrees", "disagrees", "elsewhere"}  # not plain (no directive), not compiled (a body)
    for diagnostic in found.values():
        assert diagnostic.severity == "hint"
        assert diagnostic.path.endswith("decl.go")
        line = diagnostic.span.lines_and_columns()[0]
        assert diagnostic.span.source.line_text(line) == "//go:nosplit"
    assert "they say NOSPLIT" in found["agrees"].message
    assert "the TEXT wins, so disagrees checks the stack" in found["disagrees"].message
    assert "a function without a body" in found["elsewhere"].message


def test_when_they_agree_the_fix_removes_the_directive(package):
    (fix,) = hints(package)["agrees"].fixes
    assert fix.title == "Remove //go:nosplit" and fix.preferred
    write_fix(fix)
    assert "agrees" not in hints(package)
    assert "//go:nosplit\nfunc agrees" not in (package / "decl.go").read_text()
    assert "\n//\nfunc agrees() int\n" in (package / "decl.go").read_text()


def test_when_they_disagree_a_fix_adds_nosplit_to_the_text(package):
    add, remove = hints(package)["disagrees"].fixes
    assert add.title == "Add NOSPLIT to the TEXT flags" and remove.title == "Remove //go:nosplit"
    write_fix(add)
    assert "TEXT ·disagrees(SB), NOSPLIT, $0-8" in (package / "impl_amd64.s").read_text()
    assert "they say NOSPLIT" in hints(package)["disagrees"].message


def test_when_they_disagree_a_fix_removes_the_directive(package):
    _, remove = hints(package)["disagrees"].fixes
    write_fix(remove)
    assert "disagrees" not in hints(package)
    assert "//go:noescape\nfunc disagrees(p *byte)" in (package / "decl.go").read_text()
