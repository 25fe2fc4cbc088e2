"""`asm-ls check` as a user and CI run it: exit codes, output formats, which
files a path names, build constraints, and bad input."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import FIXTURES, REPO

from asm_ls import __version__

CLI = FIXTURES / "cli"
FIELDS = {
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "severity",
    "code",
    "source",
    "message",
    "arch",
    "arches",
    "related",
    "function",
    "fixes",
}


def asm_ls(*args: str, cwd: Path = CLI, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "asm_ls", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def findings(*args: str, cwd: Path = CLI, status: int | None = None) -> list[dict]:
    result = asm_ls("check", "--format", "json", *args, cwd=cwd)
    assert result.returncode in ((0, 1) if status is None else (status,)), result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def places(found: list[dict]) -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f["code"]) for f in found]


# --- exit codes -----------------------------------------------------------------


def test_clean_directory_exits_0():
    result = asm_ls("check", "--format", "json", "clean")
    assert (result.returncode, json.loads(result.stdout), result.stderr) == (0, [], "")


def test_directory_with_an_error_exits_1_and_prints_path_line_column_message():
    result = asm_ls("check", "broken")
    assert result.returncode == 1, result.stderr
    assert result.stdout == "broken/bad_amd64.s:4:16: unknown register RAX (did you mean AX?)\n"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("check", "no/such/dir"), "asm-ls: no/such/dir: no such file or directory"),
        (("check", "clean", "no_such_file.s"), "asm-ls: no_such_file.s: no such file or directory"),
        (("check", "--goarch", "amd65", "clean"), "asm-ls: unknown GOARCH amd65"),
        (("check", "--goarch", "amd64,foo", "clean"), "asm-ls: unknown GOARCH foo"),
        (("check", "--goos", "plan10", "broken"), "plan10"),
        (("check", "--format", "xml", "clean"), "xml"),
        (("check", "--bogus"), "--bogus"),
        # Paths with no assembly to check are said so, not passed in silence.
        (("check", "gofiles/x.go"), "gofiles/x.go: not a Go assembly (.s) file"),
        (("check", "gofiles"), "gofiles: no Go assembly (.s files) here or below"),
        (("check", "gofiles/..."), "gofiles/...: no Go assembly"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)
def test_usage_problems_exit_2_with_one_line(args, says):
    result = asm_ls(*args)
    assert (result.returncode, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("asm-ls") and says in result.stderr


# --- output formats -------------------------------------------------------------


def test_json_fields_and_one_based_code_point_columns():
    (finding,) = findings("broken/bad_amd64.s", status=1)
    assert set(finding) == FIELDS
    line = (CLI / "broken" / "bad_amd64.s").read_text().splitlines()[finding["line"] - 1]
    # `·x` comes before the register: one column for `·` (it is 2 bytes in UTF-8).
    assert line[finding["column"] - 1 : finding["end_column"] - 1] == "RAX"
    assert finding == {
        "path": "broken/bad_amd64.s",
        "line": 4,
        "column": 16,
        "end_line": 4,
        "end_column": 19,
        "severity": "error",
        "code": "unknown-register",
        "source": "asm-ls",
        "message": "unknown register RAX (did you mean AX?)",
        "arch": "amd64",
        "arches": ["amd64"],
        "function": "·pkg·f",
        "related": [],
        "fixes": [
            {
                "title": "Change to AX",
                "edits": [
                    {
                        "path": str(CLI / "broken" / "bad_amd64.s"),
                        "line": 4,
                        "column": 16,
                        "end_line": 4,
                        "end_column": 19,
                        "new_text": "AX",
                    }
                ],
                "renames": [],
                "creates": [],
                "preferred": False,
            }
        ],
    }


def test_absolute_paths_stay_absolute():
    path = CLI / "broken" / "bad_amd64.s"
    (finding,) = findings(str(path), status=1)
    assert finding["path"] == str(path)


# --- which files ------------------------------------------------------------------

TREE_ERRORS = [("tree/sub/tagged.s", 6, "unknown-register"), ("tree/sub/vec_arm64.s", 4, "unknown-register")]


@pytest.mark.parametrize(
    ("args", "cwd"),
    [
        (("tree",), CLI),
        (("tree/...",), CLI),
        (("./tree/...",), CLI),
        (("./...",), CLI / "tree"),
        (("...",), CLI / "tree"),
        ((), CLI / "tree"),
    ],
    ids=["dir", "dir/...", "./dir/...", "./...", "...", "no argument"],
)
def test_walking_skips_testdata_vendor_hidden_and_underscore_dirs(args, cwd):
    found = places(findings(*args, cwd=cwd))
    if cwd != CLI:
        found = [("tree/" + path.removeprefix("./"), line, code) for path, line, code in found]
    assert found == TREE_ERRORS


@pytest.mark.parametrize("named", ["tree/testdata", "tree/vendor", "tree/.hidden/bad_amd64.s", "tree/_underscore"])
def test_skipped_directories_are_checked_when_named(named):
    assert [(code, line) for _p, line, code in places(findings(named, status=1))] == [("unknown-instruction", 2)]


def test_non_assembly_files_in_a_directory_are_ignored(tmp_path):
    (tmp_path / "notes.txt").write_text("FROB\n")
    (tmp_path / "x.go").write_text("package x\n\nfunc f()\n")
    (tmp_path / "x.S").write_text("FROB\n")  # cgo's C-preprocessed assembly, not Go's
    (tmp_path / "any.s").write_text((CLI / "clean" / "any.s").read_text())
    assert findings(".", cwd=tmp_path, status=0) == []


# --- build contexts ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), TREE_ERRORS),
        (("--goarch", "amd64"), []),
        (("--goarch", "arm64"), TREE_ERRORS),
        (("--goarch", "amd64,riscv64"), []),
        (("--goarch", "arm64", "--goos", "windows"), TREE_ERRORS[1:]),  # //go:build wants linux
        (("--goarch", "arm64", "--goos", "linux"), TREE_ERRORS),
        (("--goos", "darwin,linux"), TREE_ERRORS),
    ],
)
def test_goarch_and_goos_restrict_the_build_contexts(args, expected):
    assert places(findings(*args, "tree")) == expected


def test_an_arch_specific_file_is_checked_for_its_arch_only():
    # Checked for amd64 too, the arm64 vector instruction would be an error.
    found = findings("tree/sub/vec_arm64.s", status=1)
    assert [(f["line"], f["arch"]) for f in found] == [(4, "arm64")]


def test_a_finding_from_several_arches_is_reported_once_without_arch(tmp_path):
    (tmp_path / "f.s").write_text("TEXT ·f(SB), 0, $0\nx:\nx:\n\tRET\n")
    found = findings("--goarch", "amd64,arm64,riscv64", "f.s", cwd=tmp_path, status=1)
    assert [(f["line"], f["code"], f["arch"]) for f in found] == [(3, "duplicate-label", None)]


# --- bad input ---------------------------------------------------------------------


def test_binary_file_is_an_unreadable_file_diagnostic(tmp_path):
    (tmp_path / "blob.s").write_bytes(b"TEXT \x00\x01\x02\xff\xfe" * 100)
    (tmp_path / "ok.s").write_text("TEXT ·f(SB), 0, $0\n\tRET\n")
    result = asm_ls("check", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1 and result.stderr == ""
    (finding,) = json.loads(result.stdout)
    assert (finding["path"], finding["line"], finding["column"], finding["code"], finding["severity"]) == (
        "blob.s",
        1,
        1,
        "unreadable-file",
        "error",
    )
    assert "binary" in finding["message"]


def test_invalid_utf8_is_read_not_refused(tmp_path):
    (tmp_path / "latin1_amd64.s").write_bytes(b"// caf\xe9\nTEXT \xb7f(SB), 0, $0\n\tRET\n")
    result = asm_ls("check", "latin1_amd64.s", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1)


def test_self_include_by_relative_path(tmp_path):
    (tmp_path / "self_amd64.s").write_text(
        '#include "textflag.h"\n#include "self_amd64.s"\nTEXT ·f(SB), NOSPLIT, $0\n\tRET\n'
    )
    found = findings("self_amd64.s", cwd=tmp_path, status=1)
    assert places(found) == [("self_amd64.s", 2, "include-cycle")]


def test_output_order_does_not_depend_on_jobs(tmp_path):
    names = [f"d{i}" for i in (9, 1, 5, 2, 3, 4, 6, 7, 8)]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "f_amd64.s").write_text("TEXT ·f(SB), 0, $0\n\tFROB\n\tRET\n")
    one = asm_ls("check", "-j", "1", *names, cwd=tmp_path)
    four = asm_ls("check", "-j", "4", *names, cwd=tmp_path)
    assert one.stdout == four.stdout


def test_many_files_checked_in_parallel_give_every_finding(tmp_path):
    for i in range(12):
        (tmp_path / f"d{i}").mkdir()
        (tmp_path / f"d{i}" / "f_amd64.s").write_text(f"TEXT ·f(SB), 0, $0\n{chr(10) * i}\tFROB\n\tRET\n")
    found = findings("-j", "4", "./...", cwd=tmp_path, status=1)
    assert sorted((f["path"], f["line"]) for f in found) == sorted((f"d{i}/f_amd64.s", i + 2) for i in range(12))


def test_a_large_directory_checked_in_shares_of_its_build_contexts_finds_what_one_process_does(tmp_path):
    # 40 files or more: each process checks a share of the contexts, and their findings are merged.
    for index, arch in enumerate(["amd64", "arm64", "386", "arm", "riscv64", "ppc64le", "s390x", "loong64"] * 5):
        (tmp_path / f"f{index}_{arch}.s").write_text(f"TEXT \u00b7f{index}(SB), 0, $0\n\tFROB\n\tRET\n")
    (tmp_path / "every.s").write_text("TEXT \u00b7every(SB), 0, $0\nx:\nx:\n\tRET\n")
    # Its two contexts are at either end of the order, so in different shares.
    (tmp_path / "two.s").write_text("//go:build 386 || s390x\n\nTEXT \u00b7two(SB), 0, $0\ny:\ny:\n\tRET\n")
    cache = {"ASM_LS_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        asm_ls("check", "--format", "json", "-j", jobs, ".", cwd=tmp_path, env=env)
        for jobs, env in (("1", {"ASM_LS_CACHE_DIR": ""}), ("2", cache), ("2", cache))
    ]
    assert [run.returncode for run in runs] == [1, 1, 1], runs[1].stderr
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout  # the third from the cache
    found = json.loads(runs[0].stdout)
    assert len(found) == 42
    places_and_arches = [(f["path"], f["line"], f["code"], f["arch"]) for f in found]
    assert ("every.s", 3, "duplicate-label", None) in places_and_arches
    assert ("two.s", 5, "duplicate-label", None) in places_and_arches
    assert {f["arch"] for f in found if f["path"].startswith("f")} == {
        "amd64",
        "arm64",
        "386",
        "arm",
        "riscv64",
        "ppc64le",
        "s390x",
        "loong64",
    }


# --- headers ---------------------------------------------------------------------------


@pytest.fixture
def shared_bad_header(tmp_path: Path) -> Path:
    """Two files that include one header with an error in it, before any TEXT."""
    (tmp_path / "bad.h").write_text("#define X 1\n#define X 2\n")
    for name in ("a", "b"):
        (tmp_path / f"{name}_amd64.s").write_text(f'#include "bad.h"\nTEXT ·{name}(SB), 0, $0\n\tRET\n')
    return tmp_path


def test_an_error_in_a_header_is_reported_in_the_header(shared_bad_header):
    found = findings("a_amd64.s", cwd=shared_bad_header, status=1)
    assert [(Path(f["path"]).name, f["line"], f["column"], f["message"]) for f in found] == [
        ("bad.h", 2, 9, "redefinition of macro: X")
    ]


def test_an_error_in_a_header_belongs_to_no_function(shared_bad_header):
    (finding,) = findings("a_amd64.s", cwd=shared_bad_header, status=1)
    assert finding["function"] is None


def test_an_error_in_a_shared_header_is_printed_once(shared_bad_header):
    result = asm_ls("check", ".", cwd=shared_bad_header)
    assert len(result.stdout.splitlines()) == 1, result.stdout


# --- other commands -------------------------------------------------------------------


def test_version():
    result = asm_ls("--version")
    assert (result.returncode, result.stdout) == (0, f"asm-ls {__version__}\n")


def test_serve_help():
    result = asm_ls("serve", "--help")
    assert result.returncode == 0
    assert "--stdio" in result.stdout and "--tcp" in result.stdout


def test_check_help_lists_the_options():
    result = asm_ls("check", "--help")
    assert result.returncode == 0
    for option in ("--goarch", "--goos", "-I", "--format"):
        assert option in result.stdout


def test_include_dir_option(tmp_path):
    (tmp_path / "hdr").mkdir()
    (tmp_path / "hdr" / "mine.h").write_text("#define LOAD MOVQ (RAX), BX\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "f_amd64.s").write_text('#include "mine.h"\nTEXT ·f(SB), 0, $0\n\tLOAD\n\tRET\n')
    without = findings("pkg", cwd=tmp_path, status=1)
    assert [f["code"] for f in without] == ["include-not-found", "unknown-instruction"]
    found = findings("-I", "hdr", "pkg", cwd=tmp_path, status=1)
    assert places(found) == [("pkg/f_amd64.s", 3, "unknown-register")]


def test_frame_prints_the_layout_vet_uses(tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "add.go").write_text("package m\n\nfunc Add(x []byte, y int32) (n int, ok bool)\n")
    result = asm_ls("frame", str(tmp_path), "·Add", "--goarch", "386")
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines[0][:3] == ["Add", "on", "386:"] and "$0-21," in lines[0]  # no trailing round-up
    assert ["x+0(FP)", "[]byte", "12"] in lines
    assert ["x_len+4(FP)", "slice", "len", "4"] in lines
    assert ["y+12(FP)", "int32", "4"] in lines
    assert ["n+16(FP)", "int", "4", "result"] in lines
    assert ["ok+20(FP)", "bool", "1", "result"] in lines


def test_frame_of_an_unknown_symbol_is_a_usage_error(tmp_path):
    (tmp_path / "a.go").write_text("package m\n")
    result = asm_ls("frame", str(tmp_path), "·Missing")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
