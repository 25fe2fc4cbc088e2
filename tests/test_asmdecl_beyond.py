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

import os
import re
import subprocess
from pathlib import Path

import pytest

from asm_ls.arch.context import contexts_for_file
from asm_ls.engine.analyzer import Analyzer, Options

MODULE = Path(__file__).parent / "fixtures" / "asmdecl"
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

GOARCH_LINE = re.compile(r"^//\s*goarch:\s*(?P<arches>[\w ]+)$", re.M)
ANNOTATION = re.compile(r'\b(?P<kind>want|vet)(?:\[(?P<arches>[\w,]+)\])?(?P<quoted>(?:\s+"(?:[^"\\]|\\.)*")+)')
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
FINDING = re.compile(r"^(?P<path>\S+):(?P<line>\d+):\d+: (?P<message>.*)$")

Expected = tuple[str, int, str, str]  # (file, line, arch, "code: message" or vet's message)


def package_goarches(package: Path) -> list[str]:
    for path in sorted(package.glob("*.go")):
        declared = GOARCH_LINE.search(path.read_text())
        if declared:
            return declared["arches"].split()
    raise AssertionError(f"{package.name}: no '// goarch:' line")


def annotations(package: Path, kind: str) -> set[Expected]:
    goarches = package_goarches(package)
    found = set()
    for path in sorted(package.iterdir()):
        if not path.is_file():
            continue
        text = path.read_text()
        built_for = [c.goarch for c in contexts_for_file(str(path), text, goarches, ["linux"])]
        for number, line in enumerate(text.splitlines(), 1):
            comment = line.partition("//")[2]
            for match in ANNOTATION.finditer(comment):
                if match["kind"] != kind:
                    continue
                arches = match["arches"].split(",") if match["arches"] else built_for
                for quoted in QUOTED.findall(match["quoted"]):
                    for arch in arches:
                        found.add((path.name, number, arch, quoted.replace('\\"', '"').replace("{arch}", arch)))
    return found


def asm_ls_findings(package: Path) -> set[Expected]:
    analyzer = Analyzer(Options(goarches=tuple(package_goarches(package)), gooses=("linux",)))
    return {
        (Path(d.path).name, d.span.lines_and_columns()[0] + 1, d.arch, f"{d.code}: {d.message}")
        for d in analyzer.check_directory(str(package))
        if d.code in CODES
    }


def go_env(goarch: str) -> dict[str, str]:
    return {
        **os.environ,
        "GOARCH": goarch,
        "GOOS": "linux",
        "CGO_ENABLED": "0",
        "GOTOOLCHAIN": "local",
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
    }


def vet_findings(go: str, package: Path) -> set[Expected]:
    found = set()
    for goarch in package_goarches(package):
        done = subprocess.run(
            [go, "vet", "-asmdecl", f"./{package.relative_to(MODULE).as_posix()}"],
            cwd=MODULE,
            env=go_env(goarch),
            capture_output=True,
            text=True,
            timeout=600,
        )
        for line in done.stderr.splitlines():
            match = FINDING.match(line)
            if match:
                found.add((Path(match["path"]).name, int(match["line"]), goarch, match["message"]))
            else:
                assert line.startswith("#"), f"vet failed: {done.stderr}"
    return found


@pytest.mark.parametrize("name", PACKAGES)
def test_asm_ls_reports_what_the_fixture_wants(name):
    package = BEYOND / name
    assert sorted(asm_ls_findings(package)) == sorted(annotations(package, "want"))


@pytest.mark.oracle
@pytest.mark.parametrize("name", PACKAGES)
def test_vet_reports_what_the_fixture_says(go_binary, name):
    package = BEYOND / name
    assert sorted(vet_findings(go_binary, package)) == sorted(annotations(package, "vet"))


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
        env=go_env(goarch),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if error is None:
        assert done.returncode == 0, done.stderr
    else:
        assert done.returncode != 0 and error in done.stderr
