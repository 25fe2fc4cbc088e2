"""Fault isolation: a check that raises becomes one `internal-error`
diagnostic on the file (or package) it was checking, and everything else
is still found and reported, by `asm-ls check` (text and JSON, exit 1, never
a traceback) and by the server (published with the other findings).

The failing checks are injected: in process by replacing the registry's
lists, in a subprocess (the CLI, the server) by a sitecustomize module on
PYTHONPATH that does the same before asm-ls starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support.lsp_stdio import WAIT, StdioServer
from support.paths import REPO

from asm_ls.cli.check import check_paths
from asm_ls.engine import registry
from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.model import INTERNAL_ERROR
from asm_ls.syntax.source import SourceFile

# Two files of one package; asm-ls finds one unknown instruction in each.
FILES = {
    "a_amd64.s": '#include "textflag.h"\nTEXT \u00b7a(SB), NOSPLIT, $0-0\n\tMOVZZ AX, BX\n\tRET\n',
    "b_amd64.s": '#include "textflag.h"\nTEXT \u00b7b(SB), NOSPLIT, $0-0\n\tMOVYY AX, BX\n\tRET\n',
}
MESSAGE = "internal error, please report: ZeroDivisionError: injected by the test"


def _failing_file_check(unit):
    raise ZeroDivisionError("injected by the test")


def _failing_package_check(package):
    yield from ()
    raise ZeroDivisionError("injected by the test")


_failing_file_check.__module__ = _failing_package_check.__module__ = "asm_ls.checks.injected"

SITECUSTOMIZE = textwrap.dedent(
    """
    import asm_ls.engine.registry as registry

    def injected(unit):
        raise ZeroDivisionError("injected by the test")

    injected.__module__ = "asm_ls.checks.injected"
    _real = registry.all_checks
    registry.all_checks = lambda: (*_real(), injected)
    """
)


@pytest.fixture
def package(tmp_path) -> Path:
    directory = tmp_path / "pkg"
    directory.mkdir()
    for name, text in FILES.items():
        (directory / name).write_text(text)
    return directory


@pytest.fixture
def failing_package_check(monkeypatch):
    real = registry.all_package_checks
    monkeypatch.setattr(registry, "all_package_checks", lambda: (_failing_package_check, *real()))


def codes(findings) -> list[tuple[str, int, str]]:
    return sorted((Path(f.path).name, f.line, f.code) for f in findings)


@pytest.mark.parametrize(("registry_list", "arch"), [("all_checks", "amd64"), ("all_file_checks", None)])
def test_a_failing_file_check_is_one_diagnostic_per_file_and_the_rest_is_found(
    package, monkeypatch, registry_list, arch
):
    """A check of one file in one build context, or of its raw text (no arch)."""
    real = getattr(registry, registry_list)
    monkeypatch.setattr(registry, registry_list, lambda: (*real(), _failing_file_check))
    findings = check_paths([str(p) for p in sorted(package.glob("*.s"))], Options(goarches=("amd64",)), jobs=1)
    assert codes(findings) == [
        ("a_amd64.s", 1, INTERNAL_ERROR),
        ("a_amd64.s", 3, "unknown-instruction"),
        ("b_amd64.s", 1, INTERNAL_ERROR),
        ("b_amd64.s", 3, "unknown-instruction"),
    ]
    internal = [f for f in findings if f.code == INTERNAL_ERROR]
    assert {f.message for f in internal} == {MESSAGE + " (in check injected)"}
    assert {f.severity for f in internal} == {"error"}
    assert {f.arch for f in internal} == {arch}


def test_a_failing_package_check_is_one_diagnostic_on_the_package(package, failing_package_check):
    findings = check_paths([str(p) for p in sorted(package.glob("*.s"))], Options(goarches=("amd64",)), jobs=1)
    assert codes(findings) == [
        ("a_amd64.s", 1, INTERNAL_ERROR),  # the package's first file
        ("a_amd64.s", 3, "unknown-instruction"),
        ("b_amd64.s", 3, "unknown-instruction"),
    ]


def test_the_servers_check_of_one_file_keeps_the_other_findings(package, failing_package_check):
    analyzer = Analyzer(Options(goarches=("amd64",)))
    path = package / "b_amd64.s"
    found = analyzer.check(SourceFile(str(path), path.read_text()))
    # The package check's internal error is on the file being checked, as the editor shows it there.
    assert sorted((d.code, d.span.source.position(d.span.start)[0]) for d in found) == [
        (INTERNAL_ERROR, 0),
        ("unknown-instruction", 2),
    ]


def _with_injection(tmp_path: Path) -> dict[str, str]:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    python_path = os.pathsep.join(filter(None, [str(site), str(REPO), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": python_path, "ASM_LS_CACHE_DIR": ""}


@pytest.mark.parametrize("output", ["json", "text"])
def test_the_cli_prints_every_finding_and_exits_1(package, tmp_path, output):
    done = subprocess.run(
        [sys.executable, "-m", "asm_ls", "check", "--goarch", "amd64", "--format", output, str(package)],
        capture_output=True,
        text=True,
        timeout=WAIT,
        env=_with_injection(tmp_path),
    )
    assert done.returncode == 1 and done.stderr == "", done.stderr
    if output == "json":
        found = json.loads(done.stdout)
        assert sorted((Path(f["path"]).name, f["line"], f["code"]) for f in found) == [
            ("a_amd64.s", 1, INTERNAL_ERROR),
            ("a_amd64.s", 3, "unknown-instruction"),
            ("b_amd64.s", 1, INTERNAL_ERROR),
            ("b_amd64.s", 3, "unknown-instruction"),
        ]
    else:
        assert done.stdout.count(MESSAGE) == 2 and "MOVZZ" in done.stdout and "MOVYY" in done.stdout


def test_the_server_publishes_the_other_findings_with_the_internal_error(package, tmp_path):
    server = StdioServer(stderr_path=tmp_path / "server.log", env=_with_injection(tmp_path))
    try:
        server.initialize(package, {"goarches": ["amd64"]})
        path = package / "a_amd64.s"
        uri = server.open(path, path.read_text())
        found = server.diagnostics(uri, 1)
        assert sorted((d["code"], d["range"]["start"]["line"]) for d in found) == [
            (INTERNAL_ERROR, 0),
            ("unknown-instruction", 2),
        ]
        assert [d["severity"] for d in found if d["code"] == INTERNAL_ERROR] == [1]
        assert server.alive()
    finally:
        server.close()
