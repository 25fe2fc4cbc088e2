"""textflag-include on fixtures whose lines say what is expected
(`// want "textflag-include: ..."`), and its quick fix: the include goes
after the file's includes, else after its license and build lines."""

import re

import pytest
from conftest import FIXTURES

from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.model import Diagnostic
from asm_ls.syntax.source import SourceFile

FIXTURE_DIR = FIXTURES / "nosplit" / "textflag"
CODE = "textflag-include"
WANT = re.compile(r'//\s*want\s+"textflag-include: ((?:[^"\\]|\\.)*)"')


def found(path: str, text: str, goarch: str = "amd64") -> list[Diagnostic]:
    diagnostics = Analyzer(Options(goarches=(goarch,))).check(SourceFile(path, text))
    return [d for d in diagnostics if d.code == CODE]


def fixed(text: str, diagnostics: list[Diagnostic]) -> str:
    (edit,) = diagnostics[0].fixes[0].edits
    return text[: edit.span.start] + edit.new_text + text[edit.span.end :]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURE_DIR.glob("*.s")))
def test_fixture_lines_are_flagged_as_wanted(name):
    path = FIXTURE_DIR / name
    text = path.read_text()
    wanted = {(number, m[1]) for number, line in enumerate(text.splitlines(), 1) if (m := WANT.search(line))}
    diagnostics = found(str(path), text)
    got = {d.span.lines_and_columns()[0] + 1 for d in diagnostics}
    assert got == {number for number, _ in wanted}
    for number, part in wanted:
        (message,) = [d.message for d in diagnostics if d.span.lines_and_columns()[0] + 1 == number]
        assert part in message


def test_one_fix_for_all_lines_and_it_clears_them():
    path = FIXTURE_DIR / "missing_amd64.s"
    text = path.read_text()
    diagnostics = found(str(path), text)
    assert len({d.fixes for d in diagnostics}) == 1
    fix = diagnostics[0].fixes[0]
    assert fix.title == 'Add #include "textflag.h"' and fix.preferred
    assert found(str(path), fixed(text, diagnostics)) == []


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # After the last include before the first use.
        (
            '#include "a.h"\n#include "b.h"\n\nTEXT ·f(SB), NOSPLIT, $0\n\tRET\n',
            '#include "a.h"\n#include "b.h"\n#include "textflag.h"\n\nTEXT ·f(SB), NOSPLIT, $0\n\tRET\n',
        ),
        # After the license and the build line, not between a doc comment and its TEXT.
        (
            "// Copyright\n// license\n\n//go:build amd64\n\n// f does it.\nTEXT ·f(SB), NOSPLIT, $0\n\tRET\n",
            '// Copyright\n// license\n\n//go:build amd64\n\n#include "textflag.h"\n\n// f does it.\n'
            "TEXT ·f(SB), NOSPLIT, $0\n\tRET\n",
        ),
        (
            "/* Copyright\n   license */\n\nTEXT ·f(SB), NOSPLIT, $0\n\tRET\n",
            '/* Copyright\n   license */\n\n#include "textflag.h"\n\nTEXT ·f(SB), NOSPLIT, $0\n\tRET\n',
        ),
        # Nothing above the code: at the top.
        ("TEXT ·f(SB), NOSPLIT, $0\n\tRET\n", '#include "textflag.h"\n\nTEXT ·f(SB), NOSPLIT, $0\n\tRET\n'),
        # An include inside a conditional is not where a top-level one goes.
        (
            '#ifdef GOOS_linux\n#include "a.h"\n#endif\nTEXT ·f(SB), NOSPLIT, $0\n\tRET\n',
            '#include "textflag.h"\n\n#ifdef GOOS_linux\n#include "a.h"\n#endif\nTEXT ·f(SB), NOSPLIT, $0\n\tRET\n',
        ),
    ],
    ids=["after-includes", "after-license-and-build", "after-block-comment", "top", "not-in-ifdef"],
)
def test_the_include_goes_where_includes_go(tmp_path, before, after):
    for header in ("a.h", "b.h"):
        (tmp_path / header).write_text("// empty\n")
    path = str(tmp_path / "f_amd64.s")
    assert fixed(before, found(path, before)) == after
