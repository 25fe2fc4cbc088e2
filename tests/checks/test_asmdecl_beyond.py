"""Where go vet is wrong or silent and asm-ls is right: the packages under
fixtures/asmdecl/beyond say, next to each line, what asm-ls reports there and
what vet reports there:

    LOAD_X // want "asmdecl-macro: [amd64] f: invalid offset x+8(FP); expected x+0(FP)"
    #define LOAD_Y MOVQ y+8(FP), BX // vet "[amd64] f: unknown variable y"

`want`/`vet` may name GOARCHes (`want[arm64,riscv64]`; by default those of
the package that the file is built for), and `{arch}` in a message stands
for each. A package's `// goarch:` line lists the GOARCHes:
asm-ls checks them all in one run, vet is run once per GOARCH. Both must
report exactly what the fixtures say, no more and no fewer. Packages that
the toolchain refuses to build say so too, and the build is tried.
"""

import re
import subprocess
from pathlib import Path

import pytest
from support.paths import FIXTURES
from support.tools import offline_go_env
from support.want import Found, Want, compare, declared_goarches, found, per_arch, read_wants

from asm_ls.arch.context import contexts_for_file
from asm_ls.engine.analyzer import Analyzer, Options

MODULE = FIXTURES / "asmdecl"
BEYOND = MODULE / "beyond"
PACKAGES = sorted(p.name for p in BEYOND.iterdir() if p.is_dir())
# The codes of the checks these fixtures are about.
CODES = {
    "asmdecl",
    "asmdecl-macro",
    "asmdecl-hidden",
    "asmdecl-comment",
    "asmdecl-misread",
    "frame-unknown",
    "missing-body",
    "duplicate-text",
}

FINDING = re.compile(r"^(?P<path>\S+):(?P<line>\d+):\d+: (?P<message>.*)$")


def package_goarches(package: Path) -> list[str]:
    for path in sorted(package.glob("*.go")):
        declared = declared_goarches(path)
        if declared:
            return list(declared)
    raise AssertionError(f"{package.name}: no '// goarch:' line")


def annotations(package: Path, kind: str) -> list[Want]:
    """The package's annotations of one kind, one per GOARCH each file is built for."""
    goarches = package_goarches(package)
    wants = []
    for path in sorted(p for p in package.iterdir() if p.is_file()):
        built_for = [c.goarch for c in contexts_for_file(str(path), path.read_text(), goarches, ["linux"])]
        wants += per_arch(read_wants(path, kind), built_for)
    return wants


def asm_ls_findings(package: Path) -> list[Found]:
    analyzer = Analyzer(Options(goarches=tuple(package_goarches(package)), gooses=("linux",)))
    return found(d for d in analyzer.check_directory(str(package)) if d.code in CODES)


def vet_findings(go: str, package: Path) -> list[Found]:
    findings = []
    for goarch in package_goarches(package):
        done = subprocess.run(
            [go, "vet", "-asmdecl", f"./{package.relative_to(MODULE).as_posix()}"],
            cwd=MODULE,
            env=offline_go_env(goarch),
            capture_output=True,
            text=True,
            timeout=600,
        )
        for line in done.stderr.splitlines():
            match = FINDING.match(line)
            if match:
                findings.append(
                    Found(str(package / Path(match["path"]).name), int(match["line"]), match["message"], goarch)
                )
            else:
                assert line.startswith("#"), f"vet failed: {done.stderr}"
    return findings


@pytest.mark.parametrize("name", PACKAGES)
def test_asm_ls_reports_what_the_fixture_wants(name):
    package = BEYOND / name
    assert compare(asm_ls_findings(package), annotations(package, "want"), exact=True) == ([], [])


@pytest.mark.oracle
@pytest.mark.parametrize("name", PACKAGES)
def test_vet_reports_what_the_fixture_says(go_binary, name):
    package = BEYOND / name
    assert compare(vet_findings(go_binary, package), annotations(package, "vet"), exact=True) == ([], [])


@pytest.mark.oracle
@pytest.mark.parametrize(
    ("target", "goarch", "error"),
    [
        ("missingbody/cmd", "amd64", None),
        ("missingbody/cmd", "arm64", "relocation target example.com/asmdecl/beyond/missingbody.Sum not defined"),
        ("duplicate/cmd", "amd64", "duplicated definition of symbol example.com/asmdecl/beyond/duplicate.F"),
        ("redeclared", "amd64", "symbol example.com/asmdecl/beyond/redeclared.G redeclared"),
    ],
)
def test_the_toolchain_refuses_what_asm_ls_reports(go_binary, tmp_path, target, goarch, error):
    """missing-body and duplicate-text are the linker's and assembler's own verdicts."""
    done = subprocess.run(
        [go_binary, "build", "-o", str(tmp_path / "out"), f"./beyond/{target}"],
        cwd=MODULE,
        env=offline_go_env(goarch),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if error is None:
        assert done.returncode == 0, done.stderr
    else:
        assert done.returncode != 0 and error in done.stderr
