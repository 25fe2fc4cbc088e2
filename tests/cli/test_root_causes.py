"""`asm-ls check` on the root-cause fixtures (support.root_causes): the root
cause once with its fix, its symptoms folded into it, nothing repeated
per GOARCH; `--fix` applies the safe fixes and says what it changed."""

import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from support.paths import REPO
from support.root_causes import MOST, PACKAGES, ROOT, ROOT_CAUSES, repeated, unmet


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "ASM_LS_CACHE_DIR": ""}
    return subprocess.run(
        [sys.executable, "-m", "asm_ls", "check", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@cache
def every_finding() -> tuple[dict, ...]:
    done = run("--format", "json", "./...")
    assert done.returncode == 1, done.stderr
    return tuple(json.loads(done.stdout))


def of(package: str) -> list[dict]:
    return [f for f in every_finding() if Path(f["path"]).parts[0] == package]


@pytest.mark.parametrize("package", PACKAGES)
def test_the_root_cause_once_with_its_fix_and_nothing_per_goarch(package):
    found = of(package)
    seen = [(ROOT / f["path"], f["line"], f["code"], f["message"]) for f in found]
    assert unmet(package, seen) == ([], [])
    assert len(found) <= MOST and repeated(seen) == []
    path, code, title = ROOT_CAUSES[package]
    [cause] = [f for f in found if f["path"] == f"{package}/{path}" and f["code"] == code]
    assert title in [fix["title"] for fix in cause["fixes"]]


def test_the_symptoms_are_the_root_causes_related_information():
    [cause] = [f for f in of("tutorial") if f["code"] == "foreign-code"]
    related = [r["message"] for r in cause["related"]]
    assert "[12 GOARCHes] unrecognized instruction 'MOVQ'" in related
    assert any(r.startswith("[386] Add: invalid MOVQ of a+0(FP)") for r in related)
    [fix] = [fix for fix in cause["fixes"] if fix["renames"]]
    assert fix["renames"] == [{"path": str(ROOT / "tutorial/add.s"), "new_path": str(ROOT / "tutorial/add_amd64.s")}]


def test_a_name_in_the_wrong_case_is_renamed_from_either_side():
    """The Go declaration's missing body and the TEXT's missing declaration
    are one typo: both offer the rename first (not a stub beside it)."""
    found = {f["code"]: f for f in of("lettercase")}
    assert [fix["title"] for fix in found["missing-body"]["fixes"]] == [
        "Rename TEXT \u00b7add to \u00b7Add",
        "Add a TEXT stub for Add to add_amd64.s",
    ]
    [rename] = found["missing-body"]["fixes"][0]["edits"]
    assert rename["path"].endswith("lettercase/add_amd64.s") and rename["new_text"] == "\u00b7Add"
    assert [fix["title"] for fix in found["asmdecl"]["fixes"]] == ["Rename to \u00b7Add"]


def test_the_text_output_is_one_line_per_finding_tagged_as_vet_does():
    done = run("tutorial")
    assert done.stdout.splitlines() == [
        "tutorial/add.s:4:17: [amd64] Add: wrong argument size 0; expected $...-24",
        "tutorial/add.s:5:2: add.s is built for every GOARCH, but it is amd64 code (MOVQ is not an instruction "
        "on 12 GOARCHes): name it add_amd64.s or add `//go:build amd64`",
    ]


def test_fix_applies_the_safe_fixes_and_prints_what_it_changed(tmp_path):
    shutil.copytree(ROOT, tmp_path / "rootcause")
    module = tmp_path / "rootcause"
    done = run("--fix", "./...", cwd=module)
    changed = [line for line in done.stderr.splitlines() if line.startswith("asm-ls: fixed ")]
    assert "asm-ls: fixed spaced/add.s:1:1: Write it as `//go:build amd64`" in changed
    assert "asm-ls: fixed garbled/add_amd64.s:4:6: Write `·` for 2 garbled dots" in changed
    assert "asm-ls: fixed lettercase/add_amd64.s:3:6: Rename to ·Add" in changed
    assert (module / "spaced/add.s").read_text().startswith("//go:build amd64\n")
    assert "TEXT ·Add(SB)" in (module / "garbled/add_amd64.s").read_text()
    assert "TEXT ·Add(SB)" in (module / "lettercase/add_amd64.s").read_text()
    # A rename is for the user to do; --fix says how.
    assert (
        "asm-ls: to do by hand: tutorial/add.s:5:2: Rename to add_amd64.s (mv tutorial/add.s tutorial/add_amd64.s)"
        in (done.stderr.splitlines())
    )
    assert (module / "tutorial/add.s").exists()
    # What is left is reported: the fixed files' findings are gone.
    left = {line.split(":")[0] for line in done.stdout.splitlines()}
    assert not left & {"garbled/add_amd64.s", "lettercase/add_amd64.s", "spaced/add.s", "plusbuild/add.s"}


def test_a_finding_in_an_included_file_is_a_warning_at_its_own_path(tmp_path):
    module = tmp_path / "mod"
    (module / "curve" / "body").mkdir(parents=True)
    (module / "go.mod").write_text("module example.com/mod\n\ngo 1.22\n")
    (module / "curve" / "mul.go").write_text("//go:build amd64\n\npackage curve\n\nfunc Mul(x, y int64) int64\n")
    (module / "curve" / "mul_amd64.s").write_text(
        '#include "textflag.h"\n\nTEXT ·Mul(SB), NOSPLIT, $0-24\n#include "body/mul_amd64.s"\n\tRET\n'
    )
    (module / "curve" / "body" / "mul_amd64.s").write_text(
        "\tMOVQ x+0(FP), AX\n\tIMULQ y+16(FP), AX\n\tMOVQ AX, ret+16(FP)\n"
    )
    done = run("--format", "json", "./curve", cwd=module)
    [found] = json.loads(done.stdout)
    assert (found["path"], found["line"], found["code"], found["severity"]) == (
        "curve/body/mul_amd64.s",
        2,
        "asmdecl-include",
        "warning",
    )
    assert found["message"] == "Mul: invalid offset y+16(FP); expected y+8(FP)"
