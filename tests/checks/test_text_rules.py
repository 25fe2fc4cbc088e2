"""The TEXT rules on fixtures whose lines say what is expected
(`// want "code: part of the message"`, several per line), and their fixes."""

import re

import pytest
from support.checking import check_text
from support.fixes import apply_fix
from support.paths import FIXTURES
from support.want import compare, found, read_wants

FIXTURE_DIR = FIXTURES / "nosplit" / "text_rules"
CODES = ("abi-selector", "abiinternal-nosplit", "frame-size", "unbalanced-push", "nosplit-divide")
PACKAGE = re.compile(r"^// package: (\S+)$", re.M)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURE_DIR.glob("*.s")))
def test_fixture_lines_are_flagged_as_wanted(name):
    path = FIXTURE_DIR / name
    text = path.read_text()
    package = PACKAGE.search(text)
    diagnostics = check_text(
        str(path), text, path.stem.rsplit("_", 1)[1], CODES, **({"import_path": package[1]} if package else {})
    )
    assert compare(found(diagnostics), read_wants(path)) == ([], [])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("TEXT ·b<ABIInternal>(SB), 0, $0-0", "TEXT ·b<ABIInternal>(SB), 0|NOSPLIT, $0-0"),
        ("TEXT ·b<ABIInternal>(SB), $0-0", "TEXT ·b<ABIInternal>(SB), NOSPLIT, $0-0"),
        ("TEXT ·b<ABIInternal>(SB), WRAPPER, $16-8", "TEXT ·b<ABIInternal>(SB), WRAPPER|NOSPLIT, $16-8"),
    ],
)
def test_abiinternal_without_nosplit_is_fixed_by_adding_the_flag(tmp_path, line, expected):
    text = f'#include "textflag.h"\n{line}\n\tRET\n'
    path = str(tmp_path / "f_amd64.s")
    (diagnostic,) = check_text(path, text, "amd64", CODES, import_path="runtime")
    assert diagnostic.fixes[0].title == "Add NOSPLIT to the TEXT flags"
    result = apply_fix(text, diagnostic.fixes[0])
    assert result.splitlines()[1] == expected
    assert check_text(path, result, "amd64", CODES, import_path="runtime") == []


def test_a_selector_outside_the_runtime_is_fixed_by_removing_it(tmp_path):
    text = '#include "textflag.h"\nTEXT ·f(SB), NOSPLIT, $0-0\n\tCALL runtime·g<ABIInternal>(SB)\n\tRET\n'
    path = str(tmp_path / "f_amd64.s")
    (diagnostic,) = check_text(path, text, "amd64", CODES, import_path="example.com/p")
    result = apply_fix(text, diagnostic.fixes[0])
    assert "\tCALL runtime·g(SB)\n" in result
    assert check_text(path, result, "amd64", CODES, import_path="example.com/p") == []
