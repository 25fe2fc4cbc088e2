"""The Go tree is the largest body of valid Go assembly there is: every .s file
under $GOROOT/src assembles in its package's builds, so asm-ls must report no
error on any of them, for any GOARCH, that the toolchain does not report too:
an asmdecl error must be one of `go vet`'s, a missing-body error one the linker
gives when the function is used. And the assembler's own broken test files
must not pass."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import REPO

from asm_ls.cli.discovery import expand_paths
from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.syntax.source import SourceFile

pytestmark = [pytest.mark.slow, pytest.mark.oracle]


def asm_ls_check(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "asm_ls", "check", "--format", "json", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )


def test_goroot_src_has_no_errors_the_toolchain_does_not_report(goroot, go_binary, tmp_path):
    src = goroot / "src"
    result = asm_ls_check(str(src))
    assert result.stderr == ""
    errors = [f for f in json.loads(result.stdout) if f["severity"] == "error"]
    vet = VetOfStd(go_binary, src)
    unconfirmed = [
        f
        for f in errors
        if not (f["code"] == "asmdecl" and vet.reports(f))
        and not (f["code"] == "missing-body" and linker_refuses(go_binary, src, f, tmp_path))
    ]
    shown = [f"{f['path']}:{f['line']}:{f['column']}: {f['code']}: {f['message']}" for f in unconfirmed]
    assert shown[:30] == []


class VetOfStd:
    """`go vet -asmdecl std` findings, asked for only the GOARCHes that need them."""

    def __init__(self, go: str, src: Path):
        self.go, self.src, self.found = go, src, {}

    def reports(self, finding: dict) -> bool:
        """Whether vet reports finding (vet's message but for its `[arch] ` tag) for each of its GOARCHes."""
        message = re.sub(r"^\[[\w, ]+\] ", "", finding["message"])
        return all((finding["path"], finding["line"], message) in self.of(goarch) for goarch in finding["arches"])

    def of(self, goarch: str) -> set[tuple[str, int, str]]:
        if goarch not in self.found:
            goos = "js" if goarch == "wasm" else "linux"
            env = {**os.environ, "GOARCH": goarch, "GOOS": goos, "CGO_ENABLED": "0", "GOTOOLCHAIN": "local"}
            done = subprocess.run(
                [self.go, "vet", "-asmdecl", "std"], cwd=self.src, env=env, capture_output=True, text=True, timeout=3600
            )
            self.found[goarch] = {
                (os.path.normpath(self.src / m[1]), int(m[2]), m[3])
                for m in re.findall(r"^(\S+\.s):(\d+):\d+: \[\w+\] (.*)$", done.stderr, re.M)
            }
        return self.found[goarch]


def linker_refuses(go: str, src: Path, finding: dict, tmp_path: Path) -> bool:
    """Whether a program using the function fails to link where asm-ls says it has no body."""
    name = re.search(r"no TEXT \u00b7(\w+)\(SB\)", finding["message"])[1]
    # (`for aix/ppc64`, then perhaps what it found instead: `(TEXT ·f(SB) differs only in case)`)
    goos, goarch = re.search(r" for (\w+)/(\w+)\b", finding["message"]).groups()
    package = Path(finding["path"]).parent.relative_to(src).as_posix()
    probe = tmp_path / f"probe_{name}_{goos}_{goarch}"
    probe.mkdir()
    (probe / "go.mod").write_text("module probe\n\ngo 1.21\n")
    (probe / "main.go").write_text(
        f'package main\n\nimport p "{package}"\n\nvar sink any = p.{name}\n\nfunc main() {{ println(sink != nil) }}\n'
    )
    env = {
        **os.environ,
        "GOOS": goos,
        "GOARCH": goarch,
        "CGO_ENABLED": "0",
        "GOTOOLCHAIN": "local",
        "GOFLAGS": "",
        "GO111MODULE": "on",
    }
    done = subprocess.run(
        [go, "build", "-o", str(probe / "out"), "."], cwd=probe, env=env, capture_output=True, text=True, timeout=1800
    )
    return f"relocation target {package}.{name} not defined" in done.stderr


def test_goroot_walk_reaches_the_assembly(goroot):
    """The clean run above means something only if it read the files."""
    files = {Path(p).relative_to(goroot / "src").as_posix() for p in expand_paths([str(goroot / "src")])}
    assert {
        "runtime/asm_amd64.s",
        "runtime/asm_arm64.s",
        "crypto/internal/fips140/bigmod/nat_amd64.s",
        "math/big/arith_arm64.s",
        "internal/bytealg/indexbyte_wasm.s",
    } <= files
    assert len(files) > 400
    # cmd/asm's test data holds deliberately broken files: walking skips testdata.
    assert not any("/testdata/" in f for f in files)


TESTDATA = "cmd/asm/internal/asm/testdata"


BROKEN = [
    ("buildtagerror.s", "amd64", None),
    ("duperror.s", "amd64", None),
    ("amd64error.s", "amd64", "invalid instruction, offset too large, register overlap, rounding and SAE"),
    ("arm64error.s", "arm64", "illegal combination, invalid arrangement, unwritable system register"),
    ("armerror.s", "arm", "illegal combination, invalid .S/.P/.W/.U suffix, illegal shift"),
    ("loong64error.s", "loong64", "constant alignment and range"),
    ("riscv64error.s", "riscv64", "invalid vector mask register, immediate range, unknown CSR"),
    # amd64dynlinkerror.s is broken only with -dynlink, which a check cannot know.
]


@pytest.mark.parametrize(
    ("name", "goarch"),
    [
        pytest.param(
            name,
            goarch,
            id=name,
            marks=[
                pytest.mark.xfail(
                    strict=True,
                    reason=(f"gap: every error in it is an encoder error ({what}); asm-ls checks syntax only"),
                )
            ]
            if what
            else [],
        )
        for name, goarch, what in BROKEN
    ],
)
def test_assembler_error_testdata_has_errors(goroot, name, goarch):
    path = goroot / "src" / TESTDATA / name
    source = SourceFile(str(path), path.read_text())
    found = Analyzer(Options(goarches=(goarch,))).check(source)
    assert [d for d in found if d.severity == "error"]
