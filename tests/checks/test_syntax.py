"""The syntax checks on fixture files whose bad lines say what is expected:

    MOVQ (RAX), BX   // want "unknown-register: unknown register RAX"
    FROB             // want[amd64] "unknown-instruction: unrecognized instruction"

Each quoted string is `code: part of the message`; `want[a,b]` limits it to
those GOARCHes. A fixture is checked for the GOARCH of its `_goarch.s` suffix,
or for those of a `// goarch: a b` line. Wants may also sit in the headers the
fixture includes. The diagnostics on every (file, line) must be exactly the
wanted ones, no more and no fewer.
"""

from pathlib import Path

import pytest
from support.paths import FIXTURES
from support.want import compare, declared_goarches, found, read_wants

from asm_ls.arch import GOARCHES
from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.model import Diagnostic
from asm_ls.syntax.source import SourceFile

ERRORS = FIXTURES / "syntax" / "errors"


def fixture_arches(path: Path) -> tuple[str, ...]:
    declared = declared_goarches(path)
    if declared:
        return declared
    suffix = path.stem.rsplit("_", 1)[-1]
    assert suffix in GOARCHES, f"{path.name}: name it *_<goarch>.s or add a '// goarch:' line"
    return (suffix,)


def unmatched(path: Path, goarch: str, text: str | None = None) -> tuple[list[str], list[str]]:
    return compare(found(check(path, goarch, text)), read_wants(path, headers=ERRORS), goarch)


def check(path: Path, goarch: str, text: str | None = None) -> list[Diagnostic]:
    source = SourceFile(str(path), path.read_text() if text is None else text)
    return Analyzer(Options(goarches=(goarch,))).check(source)


CASES = [(path.name, goarch) for path in sorted(ERRORS.glob("*.s")) for goarch in fixture_arches(path)]


@pytest.mark.parametrize(("fixture", "goarch"), CASES, ids=[f"{f}-{a}" for f, a in CASES])
def test_diagnostics_are_the_wanted_ones(fixture, goarch):
    assert unmatched(ERRORS / fixture, goarch) == ([], [])


def test_every_code_has_a_fixture():
    codes = {w.text.partition(":")[0] for fixture, _ in CASES for w in read_wants(ERRORS / fixture, headers=ERRORS)}
    assert codes >= {
        "parse-error",
        "unknown-instruction",
        "unknown-register",
        "undefined-label",
        "duplicate-label",
        "include-not-found",
        "include-cycle",
        "macro-error",
    }


def test_the_harness_sees_a_missing_and_an_unexpected_diagnostic(tmp_path):
    path = tmp_path / "harness_amd64.s"
    path.write_text('TEXT ·f(SB), 0, $0\n\tMOVQ (RAX), BX\n\tRET // want "unknown-instruction: RET"\n')
    extra, missing = unmatched(path, "amd64")
    assert extra == ["harness_amd64.s:2: unknown-register: unknown register RAX (did you mean AX?) [amd64]"]
    assert missing == ["harness_amd64.s:3: unknown-instruction: RET"]


def test_a_message_must_contain_the_wanted_text(tmp_path):
    path = tmp_path / "harness_amd64.s"
    path.write_text('TEXT ·f(SB), 0, $0\n\tFROB // want "unknown-instruction: FRAB"\n')
    extra, missing = unmatched(path, "amd64")
    assert (len(extra), len(missing)) == (1, 1)


# --- positions ------------------------------------------------------------------


def test_columns_count_code_points():
    text = "TEXT ·f(SB), 0, $0\n\tMOVQ ·x∕y(SB), (RAX)\n\tRET\n"
    (diagnostic,) = check(Path("/virtual/columns_amd64.s"), "amd64", text)
    line, column, end_line, end_column = diagnostic.span.lines_and_columns()
    line_text = text.splitlines()[1]
    assert (line, end_line) == (1, 1)
    assert line_text[column:end_column] == "RAX"
    assert column == 17  # `·` and `∕` are one column each (UTF-8 has 2 and 3 bytes, UTF-16 one unit)


def test_a_diagnostic_names_its_function_and_arch():
    text = "TEXT ·f(SB), 0, $0\n\tRET\nTEXT ·g(SB), 0, $0\n\tFROB\n"
    (diagnostic,) = check(Path("/virtual/function_arm64.s"), "arm64", text)
    assert (diagnostic.function, diagnostic.arch, diagnostic.severity) == ("·g", "arm64", "error")


def test_macro_diagnostics_span_the_invocation_only():
    text = "#define BAD(r) MOVQ (r), BX\nTEXT ·f(SB), 0, $0\n\tBAD(RAX)\n\tRET\n"
    (diagnostic,) = check(Path("/virtual/macro_amd64.s"), "amd64", text)
    line, column, end_line, end_column = diagnostic.span.lines_and_columns()
    assert text.splitlines()[line][column:end_column] == "RAX"  # the argument, where it is written
    text = "#define BAD MOVQ (RAX), BX\nTEXT ·f(SB), 0, $0\n\tBAD\n\tRET\n"
    (diagnostic,) = check(Path("/virtual/macro_amd64.s"), "amd64", text)
    line, column, end_line, end_column = diagnostic.span.lines_and_columns()
    assert text.splitlines()[line][column:end_column] == "BAD"  # the body's register: the whole use
