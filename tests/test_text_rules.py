"""The TEXT rules on fixtures whose lines say what is expected
(`// want "code: part of the message"`, several per line), and their fixes."""

import re

import pytest
from conftest import FIXTURES

from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.model import Diagnostic
from asm_ls.syntax.source import SourceFile

FIXTURE_DIR = FIXTURES / "nosplit" / "text_rules"
CODES = ("abi-selector", "abiinternal-nosplit", "frame-size", "unbalanced-push", "nosplit-divide")
WANT = re.compile(r"//\s*want\s+(\".*)$")
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
PACKAGE = re.compile(r"^// package: (\S+)$", re.M)


def found(path: str, text: str, goarch: str, import_path: str | None = None) -> list[Diagnostic]:
    facts = {"import_path": import_path} if import_path else {}
    diagnostics = Analyzer(Options(goarches=(goarch,))).check(SourceFile(path, text), **facts)
    return [d for d in diagnostics if d.code in CODES]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURE_DIR.glob("*.s")))
def test_fixture_lines_are_flagged_as_wanted(name):
    path = FIXTURE_DIR / name
    text = path.read_text()
    package = PACKAGE.search(text)
    wanted = sorted(
        (number, code, part.replace('\\"', '"'))
        for number, line in enumerate(text.splitlines(), 1)
        if (m := WANT.search(line))
        for code, _, part in (q.partition(": ") for q in QUOTED.findall(m[1]))
    )
    diagnostics = found(str(path), text, path.stem.rsplit("_", 1)[1], package[1] if package else None)
    got = sorted((d.span.lines_and_columns()[0] + 1, d.code, d.message) for d in diagnostics)
    assert [(n, c) for n, c, _ in got] == [(n, c) for n, c, _ in wanted]
    for (_, _, message), (_, _, part) in zip(got, wanted):
        assert part in message


def apply(text: str, diagnostic: Diagnostic) -> str:
    (edit,) = diagnostic.fixes[0].edits
    return text[: edit.span.start] + edit.new_text + text[edit.span.end :]


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
    (diagnostic,) = found(path, text, "amd64", "runtime")
    assert diagnostic.fixes[0].title == "Add NOSPLIT to the TEXT flags"
    result = apply(text, diagnostic)
    assert result.splitlines()[1] == expected
    assert found(path, result, "amd64", "runtime") == []


def test_a_selector_outside_the_runtime_is_fixed_by_removing_it(tmp_path):
    text = '#include "textflag.h"\nTEXT ·f(SB), NOSPLIT, $0-0\n\tCALL runtime·g<ABIInternal>(SB)\n\tRET\n'
    path = str(tmp_path / "f_amd64.s")
    (diagnostic,) = found(path, text, "amd64", "example.com/p")
    result = apply(text, diagnostic)
    assert "\tCALL runtime·g(SB)\n" in result
    assert found(path, result, "amd64", "example.com/p") == []
