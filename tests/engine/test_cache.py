"""The persistent cache of `asm-ls check` as a user meets it: a second run
says what the first said, any change the findings depend on is seen, and a
damaged, unwritable or shared cache never changes what a check reports."""

import json
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from support.paths import REPO

from asm_ls.cli.check import Finding
from asm_ls.engine.cache import decode_entry, encode_entry

GO_MOD = "module example.com/m\n\ngo 1.22\n"
ADD_GO = "package m\n\nfunc add(a, b int64) int64\n"
ADD_S = """#include "textflag.h"
#include "defs.h"

TEXT ·add(SB), NOSPLIT, $0-24
\tMOVQ a+0(FP), AX
\tMOVQ b+16(FP), BX
\tADDQ BX, AX
\tMOVQ AX, ret+16(FP)
\tRET
"""
WRONG_B = "add: invalid offset b+16(FP); expected b+8(FP)"


@pytest.fixture
def module(tmp_path) -> Path:
    """A module with one assembly function whose second argument is read at the wrong offset."""
    root = tmp_path / "m"
    (root / "inc").mkdir(parents=True)
    (root / "go.mod").write_text(GO_MOD)
    (root / "add.go").write_text(ADD_GO)
    (root / "add_amd64.s").write_text(ADD_S)
    (root / "inc" / "defs.h").write_text("#define ZERO $0\n")
    return root


def check(module: Path, cache, *extra: str) -> tuple[int, list[tuple[str, int, str]], str]:
    """(exit status, (file, line, message) of each finding, stderr) of `asm-ls check`."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "ASM_LS_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "asm_ls",
            "check",
            "--format",
            "json",
            "--goarch",
            "amd64",
            "-I",
            str(module / "inc"),
            *extra,
            str(module),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found = json.loads(done.stdout) if done.stdout else []
    return done.returncode, [(Path(f["path"]).name, f["line"], f["message"]) for f in found], done.stderr


def uncached(module: Path, *extra: str):
    return check(module, "", *extra)


def entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*") if p.is_file())


def test_a_second_run_reports_what_the_first_did(module, tmp_path):
    cache = tmp_path / "cache"
    first = check(module, cache)
    assert first == (1, [("add_amd64.s", 6, WRONG_B)], "")
    assert entries(cache), "the first run stores what it found"
    assert check(module, cache) == first


def test_an_entry_whose_files_are_unchanged_is_what_a_run_reports(module, tmp_path):
    """The second run does not check again: it reports the entry, shown here
    by an entry altered to say something the check never would."""
    cache = tmp_path / "cache"
    check(module, cache)
    [path] = entries(cache)
    entry = decode_entry(path.read_bytes())
    message = [field.name for field in fields(Finding)].index("message")
    for row in entry["result"]:
        row[message] = "said by the cache"  # the message field of every finding
    path.write_bytes(encode_entry(entry["deps"], entry["result"]))
    assert check(module, cache)[1] == [("add_amd64.s", 6, "said by the cache")]
    # Once the assembly changes, the entry no longer holds.
    (module / "add_amd64.s").write_text(ADD_S.replace("b+16(FP)", "b+8(FP)"))
    assert check(module, cache) == (0, [], "")


@pytest.mark.parametrize("edit", ["assembly", "go declaration", "include order", "new header", "go.mod", "options"])
def test_what_the_findings_depend_on_changing_is_seen(module, tmp_path, edit):
    cache = tmp_path / "cache"
    extra: tuple[str, ...] = ()
    if edit == "go.mod":  # a type from another package of the module
        (module / "t").mkdir()
        (module / "t" / "t.go").write_text("package t\n\ntype Word int64\n")
        (module / "add.go").write_text('package m\n\nimport "example.com/m/t"\n\nfunc add(a, b t.Word) t.Word\n')
    before = check(module, cache)
    if edit == "assembly":
        (module / "add_amd64.s").write_text(ADD_S.replace("b+16(FP)", "b+24(FP)"))
    elif edit == "go declaration":  # asmdecl reads the frame from the Go side
        (module / "add.go").write_text(ADD_GO.replace("a, b int64", "a, b int32"))
    elif edit == "include order":  # a header next to the file wins over -I
        (module / "defs.h").write_text("#define\n")
    elif edit == "new header":
        (module / "inc" / "defs.h").write_text("#define ZERO $0\n#define ZERO $1\n")
    elif edit == "go.mod":  # example.com/m/t is no longer in this module
        (module / "go.mod").write_text(GO_MOD.replace("example.com/m", "example.com/other"))
    else:
        extra = ("--goarch", "arm64")
    changed = uncached(module, *extra)
    assert changed != before
    assert check(module, cache, *extra) == changed
    assert check(module, cache, *extra) == changed


@pytest.mark.parametrize(
    "damage", ["truncated", "flipped byte", "garbage", "empty", "well-formed but wrong", "a directory"]
)
def test_a_damaged_entry_is_a_miss_not_an_error(module, tmp_path, damage):
    cache = tmp_path / "cache"
    expected = check(module, cache)
    [path] = entries(cache)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flipped byte":
        path.write_bytes(data[:-5] + bytes([data[-5] ^ 1]) + data[-4:])
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "well-formed but wrong":  # rows of the wrong shape
        entry = decode_entry(data)
        path.write_bytes(encode_entry(entry["deps"], [["x"]] * len(entry["result"])))
    else:
        path.unlink()
        path.mkdir()
    assert check(module, cache) == expected
    if damage != "a directory":
        assert check(module, cache) == expected  # and the entry was written again
        assert decode_entry(path.read_bytes())["result"]


def test_a_cache_that_cannot_be_written_leaves_the_check_uncached(module, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    assert check(module, blocked) == uncached(module)
    assert check(module, blocked / "below") == uncached(module)


def test_an_empty_cache_variable_turns_the_cache_off(module, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "ASM_LS_CACHE_DIR": "", "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    subprocess.run(
        [sys.executable, "-m", "asm_ls", "check", "--goarch", "amd64", str(module)],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert not (tmp_path / "xdg").exists()
    del env["ASM_LS_CACHE_DIR"]
    subprocess.run(
        [sys.executable, "-m", "asm_ls", "check", "--goarch", "amd64", str(module)],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert entries(tmp_path / "xdg" / "asm-ls"), "by default entries go to the user cache directory"


def test_processes_sharing_a_cache_report_the_same(module, tmp_path):
    """Runs at the same time, over several packages: every one reports what an
    uncached run does, and what is left in the cache is whole entries."""
    packages = []
    for n in range(4):
        package = module / f"p{n}"
        package.mkdir()
        (package / "add.go").write_text(ADD_GO.replace("package m", f"package p{n}"))
        (package / "add_amd64.s").write_text(ADD_S)
        packages.append(str(package))
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(REPO), "ASM_LS_CACHE_DIR": str(cache)}
    command = [
        sys.executable,
        "-m",
        "asm_ls",
        "check",
        "--format",
        "json",
        "--goarch",
        "amd64",
        "-I",
        str(module / "inc"),
        str(module),
    ]
    expected = subprocess.run(command, env={**env, "ASM_LS_CACHE_DIR": ""}, capture_output=True, timeout=120).stdout
    for _ in range(2):  # a cold start together, then warm ones
        runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
        outputs = [run.communicate(timeout=240) for run in runs]
        assert [(out, err) for out, err in outputs] == [(expected, b"")] * 4
    assert len(json.loads(expected)) == 5
    for path in entries(cache):
        assert not path.name.startswith(".tmp-")
        decode_entry(path.read_bytes())
