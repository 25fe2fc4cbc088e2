"""Oracle: `go vet`, with all its default passes, on the packages under
fixtures/vet, for amd64 and arm64: per GOARCH, the (file, line, message) set
of its findings in assembly files is asm-ls's findings of vet's codes
(asmdecl, framepointer, buildtag, directive), no more and no fewer. Where vet
reads text the assembler does not (an inactive `#ifdef` side, inside
`/* */`), the line says what vet reports there beyond asm-ls:

    MOVQ $0, BP // vetonly "frame pointer is clobbered before saving"

vet's messages are never written down otherwise: vet is asked.
"""

from __future__ import annotations

import functools
import re
import subprocess

import pytest
from support.paths import FIXTURES
from support.tools import offline_go_env
from support.want import Found, Want, compare, read_wants

from asm_ls.arch.context import contexts_for_file
from asm_ls.engine.analyzer import Analyzer, Options

pytestmark = pytest.mark.oracle

MODULE = FIXTURES / "vet"
# The go command refuses a package with a //go:build it cannot parse (see its decl.go).
PACKAGES = sorted(p.name for p in MODULE.iterdir() if p.is_dir() and p.name != "badconstraint")
VET_CODES = {"asmdecl", "framepointer", "buildtag", "directive"}
FINDING = re.compile(r"^(?P<path>\S+\.s):(?P<line>\d+):\d+: (?P<message>.*)$")


@functools.cache
def vet_findings(go: str, goarch: str) -> tuple[Found, ...]:
    packages = [f"./{name}" for name in PACKAGES]
    done = subprocess.run(
        [go, "vet", *packages],
        cwd=MODULE,
        env=offline_go_env(goarch),
        capture_output=True,
        text=True,
        timeout=600,
    )
    findings = []
    for line in done.stderr.splitlines():
        match = FINDING.match(line)
        if match:
            findings.append(Found(str(MODULE / match["path"]), int(match["line"]), match["message"]))
        else:
            assert line.startswith("#"), f"vet failed: {done.stderr}"
    return tuple(findings)


def asm_ls_findings(goarch: str) -> list[Found]:
    """asm-ls's findings of vet's codes in the build vet's run has, and what vet reads beyond them."""
    analyzer = Analyzer(Options(goarches=(goarch,), gooses=("linux",)))
    findings = []
    for name in PACKAGES:
        package = MODULE / name
        diagnostics = analyzer.check_directory(str(package))
        findings += [
            Found(d.path, d.span.lines_and_columns()[0] + 1, d.message) for d in diagnostics if d.code in VET_CODES
        ]
        for path in sorted(package.glob("*.s")):
            if contexts_for_file(str(path), path.read_text(), [goarch], ["linux"]):
                findings += [Found(want.path, want.line, want.text) for want in read_wants(path, "vetonly")]
    return findings


@pytest.mark.parametrize("goarch", ["amd64", "arm64"])
def test_findings_are_go_vets(go_binary, goarch):
    vet = vet_findings(go_binary, goarch)
    ours = [Want(f.path, f.line, f.text) for f in asm_ls_findings(goarch)]
    assert compare(vet, ours, exact=True) == ([], [])  # (only vet's, only asm-ls's)
    messages = {f.text for f in vet}
    assert "frame pointer is clobbered before saving" in messages
    assert "//go:debug directive only valid in Go source files" in messages
    assert "unexpected extra //go:build line" in messages
    assert any(m.startswith(f"[{goarch}] add: ") for m in messages)
