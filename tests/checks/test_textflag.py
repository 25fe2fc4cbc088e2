"""textflag-include on fixtures whose lines say what is expected
(`// want "textflag-include: ..."`), and its quick fix: the include goes
after the file's includes, else after its license and build lines."""

import pytest
from support.checking import check_text
from support.fixes import apply_fix
from support.paths import FIXTURES
from support.want import compare, found, read_wants

FIXTURE_DIR = FIXTURES / "nosplit" / "textflag"
CODE = "textflag-include"


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURE_DIR.glob("*.s")))
def test_fixture_lines_are_flagged_as_wanted(name):
    path = FIXTURE_DIR / name
    text = path.read_text()
    assert compare(found(check_text(str(path), text, codes={CODE})), read_wants(path)) == ([], [])


def test_one_fix_for_all_lines_and_it_clears_them():
    path = FIXTURE_DIR / "missing_amd64.s"
    text = path.read_text()
    diagnostics = check_text(str(path), text, codes={CODE})
    assert len({d.fixes for d in diagnostics}) == 1
    fix = diagnostics[0].fixes[0]
    assert fix.title == 'Add #include "textflag.h"' and fix.preferred
    assert check_text(str(path), apply_fix(text, diagnostics[0].fixes[0]), codes={CODE}) == []


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
    assert apply_fix(before, check_text(path, before, codes={CODE})[0].fixes[0]) == after
