"""Formatting against its two oracles: asmfmt v1.3.2 itself (the output must
be byte-identical, refusals included) and `go tool asm` (the formatted file
must assemble to the same instructions and bytes)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.asm_oracle import CORPUS, assemble
from support.asm_text import assembly_texts, token_soup
from support.paths import FIXTURES as ALL_FIXTURES
from support.tools import require

from asm_ls.features.formatting import READ_BUFFER, STATEMENTS_MESSAGE, FormatError, asmfmt, format_text

FIXTURES = ALL_FIXTURES / "formatting"
SAMPLE_EVERY = 8  # every 8th GOROOT .s file, in path order: about 80 files over every arch
DIFFERENTIAL = settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
pytestmark = pytest.mark.oracle


@pytest.fixture(scope="session")
def asmfmt_binary(go_binary) -> str:
    """asmfmt v1.3.2 (.ci/run installs it with `go install`): on PATH, or in
    $(go env GOBIN) or $(go env GOPATH)/bin."""
    found = shutil.which("asmfmt")
    if found is None:
        env = {**os.environ, "GOTOOLCHAIN": "local"}
        gobin, gopath = subprocess.run(
            [go_binary, "env", "GOBIN", "GOPATH"], capture_output=True, text=True, timeout=60, check=True, env=env
        ).stdout.splitlines()
        candidates = [os.path.join(gobin, "asmfmt")] if gobin else []
        candidates += [os.path.join(directory, "bin", "asmfmt") for directory in gopath.split(os.pathsep) if directory]
        found = next((path for path in candidates if os.access(path, os.X_OK)), None)
    return require(
        "asmfmt v1.3.2 (go install github.com/klauspost/asmfmt/cmd/asmfmt@v1.3.2)", found, "the formatting oracle tests"
    )


def run_asmfmt(asmfmt_binary: str, data: bytes) -> bytes | None:
    """asmfmt's output for data, or None when it refuses (or crashes on) it."""
    done = subprocess.run([asmfmt_binary], input=data, capture_output=True, timeout=60, check=False)
    return done.stdout if done.returncode == 0 else None


def ours(data: bytes) -> bytes | None:
    """asmfmt's rules as asm-ls reproduces them (format_text applies them
    only where they keep the code: tested below)."""
    try:
        return asmfmt(data.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
    except FormatError:
        return None


@pytest.mark.parametrize("name", sorted(path.stem for path in FIXTURES.glob("*.in")))
def test_goldens_are_asmfmt_output(asmfmt_binary, name):
    assert (
        run_asmfmt(asmfmt_binary, (FIXTURES / f"{name}.in").read_bytes()) == (FIXTURES / f"{name}.golden").read_bytes()
    )


def test_goroot_sample_is_formatted_as_asmfmt_does(asmfmt_binary, goroot):
    files = sorted((goroot / "src").rglob("*.s"))[::SAMPLE_EVERY]
    assert len(files) > 50
    differ = [str(path) for path in files if ours(data := path.read_bytes()) != run_asmfmt(asmfmt_binary, data)]
    assert differ == []


@DIFFERENTIAL
@given(assembly_texts())
def test_plausible_texts_as_asmfmt(asmfmt_binary, text):
    data = text.encode()
    assert ours(data) == run_asmfmt(asmfmt_binary, data)


@DIFFERENTIAL
@given(token_soup(), st.sampled_from([b"", b"\xff", b"\xe2\x82", b"\x00"]))
def test_token_soup_as_asmfmt(asmfmt_binary, text, raw):
    data = text.encode() + raw + text[:5].encode()
    assert ours(data) == run_asmfmt(asmfmt_binary, data)


@pytest.mark.parametrize(
    "data",
    [
        b"\tMOVQ " + b"A" * READ_BUFFER + b", BX\n\tRET\n",  # cut into two lines
        b"A" * READ_BUFFER + b"\nRET\n",  # a full buffer, then an empty line
        b"A" * (READ_BUFFER - 1) + b"\r\nRET\n",  # the \r held back for the next piece
        b"\tMOVQ AX, " + b"B" * (READ_BUFFER - 11) + "ßß".encode() + b"\n",  # cut inside a character
    ],
    ids=["cut", "full-buffer", "cr-held-back", "cut-character"],
)
def test_lines_longer_than_asmfmt_reads_at_once(asmfmt_binary, data):
    assert ours(data) == run_asmfmt(asmfmt_binary, data)


_POSITION = re.compile(r"\([^()\s]+\.[sh]:\d+\)")


def _listing(result) -> str:
    """The -S listing without the file:line positions formatting moves."""
    return _POSITION.sub("(pos)", result.stdout)


def test_refused_because_asmfmt_changes_the_code(asmfmt_binary, go_binary, goroot, tmp_path):
    """asmfmt moves `done:` out of the #define (a blank line after its last
    backslash): JMP done then jumps elsewhere. asm-ls reproduces asmfmt's
    text, and for that reason does not apply it."""
    fixture = FIXTURES / "unsafe" / "label_in_define.in"
    original = tmp_path / "skip_amd64.s"
    original.write_bytes(fixture.read_bytes())
    rewritten = tmp_path / "asmfmt" / "skip_amd64.s"
    rewritten.parent.mkdir()
    rewritten.write_bytes(run_asmfmt(asmfmt_binary, fixture.read_bytes()))
    assert rewritten.read_text() == asmfmt(original.read_text())
    listings = [
        _listing(assemble(go_binary, goroot, "amd64", "x", path, tmp_path, tmp_path, listing=True))
        for path in (original, rewritten)
    ]
    assert "JMP\t5" in listings[0] and "JMP\t2" in listings[1]
    with pytest.raises(FormatError) as refused:
        format_text(original.read_text())
    assert refused.value.message == STATEMENTS_MESSAGE


def _careless(text: str) -> str:
    """text with its indentation and trailing white space changed the way
    careless editing does (neither means anything to the assembler; no
    space after a line-continuing backslash), so formatting has work to do."""
    lines = []
    for number, line in enumerate(text.split("\n")):
        line = " " * (number % 3) + line.lstrip(" \t")
        lines.append(line if line.endswith("\\") else line + "\t" * (number % 2))
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("goarch", "file"), [(goarch, file) for goarch, files in sorted(CORPUS.items()) for file in files[:3]]
)
def test_formatting_changes_nothing_go_tool_asm_reads(go_binary, goroot, tmp_path, goarch, file):
    original = goroot / "src" / file
    package = str(Path(file).parent)
    before = assemble(go_binary, goroot, goarch, package, original, original.parent, tmp_path, listing=True)
    assert before.accepted, before.stderr
    assert len(_listing(before)) > 100
    for name, text in (("formatted", original.read_text()), ("careless", _careless(original.read_text()))):
        formatted = tmp_path / name / original.name
        formatted.parent.mkdir()
        formatted.write_text(format_text(text))
        after = assemble(go_binary, goroot, goarch, package, formatted, original.parent, tmp_path, listing=True)
        assert after.accepted, after.stderr
        assert _listing(after) == _listing(before), name
