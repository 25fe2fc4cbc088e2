"""Oracle: asm-ls's constant evaluator agrees with the Go compiler on 10,000
generated constant expressions (fuzz/goconst.py, fixed seed), on a 64-bit
and a 32-bit GOARCH.

Per GOARCH the compiler runs twice, on one file each time: once with `-e`
over every expression (its errors say which ones Go rejects), once with
`-asmhdr` over the ones it accepts (go_asm.h holds the exact value of every
integer, string and boolean constant; for a float or complex constant, a
boolean `c == value` written from asm-ls's value is checked instead). Each
expression must come out the same: rejected by both, or accepted by both with
the same type of value and the same value. "Unknown" (asm-ls cannot tell,
which it says instead of guessing) is allowed for a few.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from support.paths import REPO

from asm_ls.arch import get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.golang import load_package
from asm_ls.golang.constant import ConstError, ConstUnknown, binding_value
from asm_ls.golang.constvalue import Const
from asm_ls.golang.sizes import Sizes

sys.path.insert(0, str(REPO))

from fuzz.goconst import corpus, go_file

# Other seeds and sizes for a longer run: ASM_LS_CONST_SEED=2 ASM_LS_CONST_COUNT=20000.
COUNT = int(os.environ.get("ASM_LS_CONST_COUNT", "10000"))
SEED = int(os.environ.get("ASM_LS_CONST_SEED", "1"))
# At most this share may be unknown to asm-ls (values beyond what it keeps exactly).
MAX_UNKNOWN = 0.01
_ERROR = re.compile(r"^p\.go:(\d+):\d+: ", re.M)
_DEFINE = re.compile(r"^#define (\w+) (.*)$", re.M)


def _compile(go_binary: str, directory: Path, goarch: str, *flags: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GOARCH": goarch, "GOOS": "linux", "GOTOOLCHAIN": "local"}
    return subprocess.run(
        [go_binary, "tool", "compile", "-p", "p", "-e", *flags, "-o", str(directory / "p.o"), "p.go"],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _lines_of(text: str, names: list[str]) -> dict[int, str]:
    """Line number (1-based) of each `\\tNAME = ` declaration."""
    where = {}
    for number, line in enumerate(text.split("\n"), 1):
        name = line.strip().split(" = ", 1)[0]
        if line.startswith("\t") and " = " in line:
            where[number] = name
    return {n: name for n, name in where.items() if name in set(names)}


def _exact(value: Fraction) -> str:
    return f"({value.numerator}.0 / {value.denominator}.0)"


def _check_of(name: str, value: Const) -> str:
    """A boolean Go expression true when constant name has value."""
    if isinstance(value.value, tuple):
        real, imag = value.value
        return f"real({name}) == {_exact(real)} && imag({name}) == {_exact(imag)}"
    assert isinstance(value.value, Fraction)
    return f"{name} == {_exact(value.value)}"


def _ours(directory: Path, goarch: str, names: list[str]) -> dict[str, Const | ConstError | ConstUnknown]:
    package = load_package(directory, BuildContext("linux", goarch))
    sizes = Sizes(get_arch(goarch))
    found: dict[str, Const | ConstError | ConstUnknown] = {}
    for name in names:
        try:
            found[name] = binding_value(package.consts[name], sizes)
        except ConstUnknown as error:  # ConstError included
            found[name] = error
    return found


@pytest.mark.oracle
@pytest.mark.parametrize("goarch", ["amd64", "386"])
def test_constants_agree_with_the_compiler(go_binary, tmp_path, goarch):
    expressions = corpus(COUNT, SEED)
    names = [f"c{i}" for i in range(COUNT)]
    everything = tmp_path / "all"
    everything.mkdir()
    text = go_file(expressions, names)
    (everything / "p.go").write_text(text)
    line_names = _lines_of(text, names)
    rejected = {line_names[int(n)] for n in _ERROR.findall(_compile(go_binary, everything, goarch).stdout)}
    rejected &= set(names)
    ours = _ours(everything, goarch, names)

    # The accepted ones again, each in its place (iota counts lines), with checks of float values.
    accepted = tmp_path / "accepted"
    accepted.mkdir()
    kept = [expr if name not in rejected else "0" for name, expr in zip(names, expressions)]
    checks = {
        f"check{name[1:]}": _check_of(name, value)
        for name, value in ours.items()
        if name not in rejected and isinstance(value, Const) and value.type.category in ("float", "complex")
    }
    text = go_file(kept + list(checks.values()), names + list(checks))
    (accepted / "p.go").write_text(text)
    run = _compile(go_binary, accepted, goarch, "-asmhdr", str(accepted / "go_asm.h"))
    check_lines = _lines_of(text, list(checks))
    failed_checks = {check_lines[int(n)] for n in _ERROR.findall(run.stdout) if int(n) in check_lines}
    other_errors = [line for line in run.stdout.splitlines() if _ERROR.match(line) and line not in failed_checks]
    assert run.returncode == 0 or failed_checks, run.stdout[:2000]
    header = dict(_DEFINE.findall((accepted / "go_asm.h").read_text())) if run.returncode == 0 else {}

    disagreements, unknown = [], []
    for index, name in enumerate(names):
        mine = ours[name]
        expression = expressions[index]
        if isinstance(mine, ConstError):
            if name not in rejected:
                disagreements.append(f"{name} = {expression}: Go accepts it, asm-ls says: {mine}")
            continue
        if isinstance(mine, ConstUnknown):
            unknown.append(f"{name} = {expression}: {mine}")
            continue
        if name in rejected:
            disagreements.append(f"{name} = {expression}: Go rejects it, asm-ls gives {mine.text()} ({mine.type.name})")
            continue
        if mine.type.category in ("float", "complex"):
            check = f"check{index}"
            if f"const_{name}" in header or check in failed_checks or header.get(f"const_{check}") != "true":
                go_says = header.get(f"const_{name}", "a float")
                disagreements.append(f"{name} = {expression}: Go gives {go_says}, asm-ls {mine.text()}")
        elif header.get(f"const_{name}") != mine.text():
            go_says = header.get(f"const_{name}")
            disagreements.append(f"{name} = {expression}: Go gives {go_says}, asm-ls {mine.text()} ({mine.type.name})")
    print(
        f"{goarch}: {COUNT} expressions, {len(rejected)} rejected by Go, {len(unknown)} unknown to asm-ls, "
        f"{len(disagreements)} disagreements"
    )
    assert not other_errors, other_errors[:10]
    assert not disagreements, "\n".join(disagreements[:30])
    assert len(unknown) <= MAX_UNKNOWN * COUNT, "\n".join(unknown[:30])
    assert not unknown, "\n".join(unknown[:40])
