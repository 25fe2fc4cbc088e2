"""Hostile inputs through the real server process over stdio: each gets a clear
diagnostic, and the server still answers requests afterwards.

One server serves the module (its workspace is a temporary directory); each
test opens its own documents and files in a directory of its own.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.lsp_stdio import StdioServer


def head(name: str, frame: str = "$0-0") -> str:
    """The start of a file defining function name (one name per file: a
    directory is one package, where a TEXT symbol is defined once)."""
    return f'#include "textflag.h"\nTEXT \u00b7{name}(SB), NOSPLIT, {frame}\n'


MEGABYTE = 1024 * 1024


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def server(workspace):
    with StdioServer(stderr_path=workspace.parent / "hostile-server.log") as server:
        server.initialize(workspace)
        yield server


@pytest.fixture
def here(workspace, request) -> Path:
    directory = workspace / request.node.name.replace("[", "-").rstrip("]")
    directory.mkdir()
    return directory


def codes(diagnostics: list[dict]) -> list[tuple[str, int]]:
    """(code, line) of each diagnostic, in order."""
    return sorted((d["code"], d["range"]["start"]["line"]) for d in diagnostics)


def plain(d: dict) -> tuple[str, str]:
    """(code, message) without the [goarch] tag of the build context."""
    message = d["message"]
    return d["code"], message.rsplit(" [", 1)[0] if message.endswith("]") else message


def assert_within(diagnostics: list[dict], text: str) -> None:
    lines = text.split("\n")
    for d in diagnostics:
        for end in ("start", "end"):
            position = d["range"][end]
            assert 0 <= position["line"] < len(lines), d
            assert 0 <= position["character"] <= len(lines[position["line"]].encode("utf-16-le")) // 2, d


def assert_answers(server: StdioServer, directory: Path) -> None:
    """A small document gets its diagnostics and a hover is answered."""
    (directory / "probe").mkdir()  # a package of its own: no Go declarations to match
    uri = server.open(directory / "probe" / "probe_amd64.s", head("probe") + "\tMOVQ AX, BX\n\tRET\n")
    assert server.diagnostics(uri, 1) == []
    assert "result" in server.hover(uri, 2, 2)


def test_binary_buffer_is_not_checked(server, here):
    text = head("f") + "\tMOVQ AX, BX\n" + "\x00\x01\x02\ufffd\x7f\x00" * 1000 + "\n\tRET\n"
    uri = server.open(here / "binary_amd64.s", text)
    diagnostics = server.diagnostics(uri, 1)
    assert [plain(d) for d in diagnostics] == [("unreadable-file", "binary file (contains NUL bytes): not checked")]
    assert_answers(server, here)


def test_binary_file_beside_an_open_one_is_skipped(server, here):
    (here / "blob_amd64.s").write_bytes(bytes(range(256)) * 64)
    uri = server.open(here / "ok_amd64.s", head("f") + "\tMOVZZ AX, BX\n\tRET\n")
    assert codes(server.diagnostics(uri, 1)) == [("unknown-instruction", 2)]
    assert_answers(server, here)


def test_non_utf8_header_is_read_with_replacement_characters(server, here):
    (here / "latin1.h").write_bytes(b"// caf\xe9 \xff\xfe\n#define SRC AX\n")
    text = '#include "latin1.h"\n' + head("f") + "\tMOVQ SRC, BX\n\tMOVZZ SRC, BX\n\tRET\n"
    uri = server.open(here / "uses_amd64.s", text)
    diagnostics = server.diagnostics(uri, 1)
    assert codes(diagnostics) == [("unknown-instruction", 4)]
    assert_within(diagnostics, text)


def test_fifty_megabyte_buffer_gets_one_diagnostic(server, here):
    text = head("f") + "\tMOVQ AX, BX\n" * (50 * MEGABYTE // 13)
    uri = server.open(here / "huge_amd64.s", text)
    diagnostics = server.diagnostics(uri, 1)
    assert [plain(d) for d in diagnostics] == [
        ("unreadable-file", "file is too large (50 MiB; the limit is 16 MiB): not checked")
    ]
    assert_answers(server, here)


def test_fifty_megabyte_file_on_disk_is_refused_by_the_include(server, here):
    with open(here / "huge.h", "wb") as handle:
        handle.truncate(50 * MEGABYTE)  # a size is all it takes: the file is not read
    uri = server.open(here / "inc_amd64.s", '#include "huge.h"\n' + head("f") + "\tRET\n")
    [diagnostic] = server.diagnostics(uri, 1)
    assert diagnostic["code"] == "include-not-found" and "too large" in diagnostic["message"]


@pytest.mark.parametrize(
    "line",
    [
        "// " + "x" * MEGABYTE,  # a comment
        "\tMOVQ " + "A" * MEGABYTE + ", BX",  # one identifier, quoted in a message
        'DATA x<>+0(SB)/8, $"' + "a" * MEGABYTE + '"',  # one string
        "\tMOVQ $" + "1+" * (MEGABYTE // 8) + "1, AX",  # one long expression
        "\tMOVQ $" + "9" * MEGABYTE + ", AX",  # one number, out of range
    ],
    ids=["comment", "identifier", "string", "expression", "number"],
)
def test_one_megabyte_line(server, here, line):
    text = head("f") + line + "\n\tMOVZZ AX, BX\n\tRET\n"
    uri = server.open(here / "long_amd64.s", text)
    diagnostics = server.diagnostics(uri, 1)
    assert ("unknown-instruction", 3) in codes(diagnostics)
    assert_within(diagnostics, text)
    assert all(len(d["message"]) < 4096 for d in diagnostics), [d["message"][:200] for d in diagnostics]
    assert_answers(server, here)


def test_deeply_nested_parentheses(server, here):
    depth = 5000
    text = (
        head("f")
        + "\tMOVQ $"
        + "(" * depth
        + "1"
        + ")" * depth
        + ", AX\n"
        + "\tMOVQ "
        + "(" * depth
        + "AX, BX\n\tRET\n"
    )
    uri = server.open(here / "nested_amd64.s", text)
    diagnostics = server.diagnostics(uri, 1)
    assert codes(diagnostics) == [("parse-error", 3)]
    assert_within(diagnostics, text)
    assert_answers(server, here)


def test_macro_bombs(server, here):
    doubling = "#define A0 x\n" + "".join(f"#define A{i + 1} A{i} A{i}\n" for i in range(64))
    nested = "#define M(x) x x x x x x x x\n"
    text = doubling + nested + head("f") + "\tMOVQ A64, AX\n\tMOVQ M(M(M(M(M(M(M(M(1)))))))), AX\n\tRET\n"
    uri = server.open(here / "bomb_amd64.s", text)
    diagnostics = server.diagnostics(uri, 1)
    expanding = [d for d in diagnostics if d["code"] == "macro-error"]
    assert [d["range"]["start"]["line"] for d in expanding] == [68, 69]
    assert all("macro expansion too large" in d["message"] for d in expanding)
    assert_answers(server, here)


def test_self_and_mutual_includes(server, here):
    (here / "a.h").write_text('#include "b.h"\n#define A 1\n')
    (here / "b.h").write_text('#include "a.h"\n#define B 2\n')
    (here / "back.h").write_text('#include "self_amd64.s"\n')
    text = '#include "self_amd64.s"\n#include "a.h"\n#include "back.h"\n' + head("f") + "\tMOVQ $(A+B), AX\n\tRET\n"
    uri = server.open(here / "self_amd64.s", text)
    diagnostics = server.diagnostics(uri, 1)
    # The cycles through headers are reported in the headers (see test_hostile_engine.py).
    assert [plain(d) for d in diagnostics] == [("include-cycle", "#include cycle: self_amd64.s -> self_amd64.s")]
    assert_answers(server, here)


def test_include_of_a_directory_a_device_and_a_fifo(server, here):
    (here / "sub").mkdir()
    os.mkfifo(here / "pipe.h")  # opening it would block until a writer came
    text = '#include "sub"\n#include "/dev/zero"\n#include "pipe.h"\n' + head("f") + "\tRET\n"
    uri = server.open(here / "dev_amd64.s", text)
    found = {d["range"]["start"]["line"]: plain(d) for d in server.diagnostics(uri, 1)}
    assert found[0][0] == "include-directory"
    assert found[1] == ("include-not-found", '#include "/dev/zero": /dev/zero: not a regular file')
    assert found[2][0] == "include-not-found" and "not a regular file" in found[2][1]
    assert_answers(server, here)


def test_go_file_with_syntax_errors_beside_assembly(server, here):
    go = (
        "package p\n\n"
        "func broken( {\n"  # a syntax error
        "\treturn\n}\n\n"
        "func add(x, y int64) int64\n\n"
        "var = 3\n"
    )
    (here / "decl.go").write_text(go)
    text = head("add", "$0-16") + "\tMOVQ AX, ret+16(FP)\n\tRET\n"
    uri = server.open(here / "add_amd64.s", text)
    diagnostics = server.diagnostics(uri, 1)
    # The declaration after the broken one still counts: add's frame is $0-24.
    assert [d["code"] for d in diagnostics] == ["asmdecl"], diagnostics
    assert "24" in diagnostics[0]["message"]
    go_uri = server.open(here / "decl.go", go, language="go")
    server.diagnostics(go_uri, 1)
    assert_answers(server, here)
