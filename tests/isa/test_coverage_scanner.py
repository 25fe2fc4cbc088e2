"""The line scanner of bench/isa_coverage.py, on a fixture that `go tool asm` assembles.

The expected list is the assembler's own listing (`go tool asm -S`) of
tests/fixtures/isa/scanner_amd64.s, with JZ as written (the listing says JEQ).
"""

import importlib.util

import pytest
from support.paths import FIXTURES, REPO

from asm_ls.arch import GOARCHES

BENCH = REPO / "bench" / "isa_coverage.py"


@pytest.fixture(scope="module")
def coverage():
    spec = importlib.util.spec_from_file_location("isa_coverage", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scanner_expands_macros_and_skips_comments_labels_directives(coverage, tmp_path):
    source = FIXTURES / "isa" / "scanner_amd64.s"
    # tmp_path stands for GOROOT: textflag.h is not needed to read mnemonics.
    assert coverage.file_mnemonics(source, tmp_path) == ["XORQ", "MOVQ", "ADDQ", "ROLQ", "NEGQ", "JZ", "RET"]


def test_goarch_of_a_file(coverage, tmp_path):
    assert coverage.file_goarches(FIXTURES / "isa" / "scanner_amd64.s") == {"amd64"}
    generic = tmp_path / "sum.s"
    generic.write_text("//go:build (arm64 || 386) && !purego\n")
    assert coverage.file_goarches(generic) == {"arm64", "386"}
    generic.write_text("//go:build !arm64\n")
    assert coverage.file_goarches(generic) == set(GOARCHES) - {"arm64"}


def test_every_mnemonic_goroot_uses_has_a_summary_in_words(coverage, goroot):
    """The bench's must-show, as a test: `python bench/isa_coverage.py` prints the figures."""
    used = coverage.used_mnemonics(coverage.assembly_files(goroot / "src"), goroot)
    missing = {arch: sorted(m for m in used[arch] if not coverage.explained(arch, m)) for arch in GOARCHES}
    assert all(used[arch] for arch in GOARCHES)
    assert missing == {arch: [] for arch in GOARCHES}
