"""assemble() against the installed Go toolchain, and against broken fake ones."""

import asyncio
import json
import time
from pathlib import Path

import pytest
from support.paths import FIXTURES
from support.processes import assert_gone, fake_go

from asm_ls.arch.context import BuildContext
from asm_ls.encoding import assemble, assemble_async, decode
from asm_ls.encoding.decode import fully_decoded
from asm_ls.features.hover.machine_code import machine_code_markdown
from asm_ls.golang.toolchain import BadOutput, GoNotFound, ToolFailed, ToolTimeout

FIXTURES = FIXTURES / "encoding"
AMD64 = BuildContext("linux", "amd64")
ARM64 = BuildContext("linux", "arm64")


def assemble_fixture(name: str, ctx: BuildContext, go: str, **kwargs):
    path = FIXTURES / name
    return assemble(str(path), path.read_text(), ctx, pkgpath="example.com/enc", go=go, **kwargs)


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text().splitlines(), 1) if needle in text)


@pytest.mark.oracle
def test_amd64_avx2_and_avx512(go_binary):
    asm = assemble_fixture("amd64.s", AMD64, go_binary)
    assert asm.errors == ()
    avx2, avx512 = (asm.instructions_at(line_of(FIXTURES / "amd64.s", m)) for m in ("AVX2", "AVX-512"))
    assert [decode("amd64", i.data)[0].text for i in (*avx2, *avx512)] == [
        "vpaddd ymm3, ymm2, ymm1",
        "vpaddd zmm3 {k1}, zmm2, zmm1",
    ]
    assert all(fully_decoded("amd64", fn.code, i.offset, len(i.data)) for fn in asm.functions for i in fn.instructions)


@pytest.mark.oracle
def test_arm64_neon(go_binary):
    asm = assemble_fixture("arm64.s", ARM64, go_binary)
    neon = asm.instructions_at(line_of(FIXTURES / "arm64.s", "NEON"))
    assert [d.text for d in decode("arm64", neon[0].data)] == ["add v3.16b, v2.16b, v1.16b"]
    vectors = asm.functions[1]
    assert [i.text for i in vectors.epilogues[17]] == ["MOVD -8(RSP), R29", "MOVD.P 48(RSP), R30"]


@pytest.mark.oracle
def test_go_asm_h_is_generated_from_the_package(go_binary):
    path = FIXTURES / "asmhdr" / "hdr_amd64.s"
    asm = assemble(str(path), path.read_text(), AMD64, pkgpath="example.com/asmhdr", go=go_binary)
    assert (asm.errors, asm.notes) == ((), ())
    texts = [i.text for i in asm.functions[0].instructions]
    assert texts[:3] == ["MOVQ $42, AX", "ADDQ $16, AX", "ADDQ $8, AX"]  # const, size, offset


@pytest.mark.oracle
def test_assembler_errors_become_located_messages(go_binary):
    asm = assemble_fixture("error.s", AMD64, go_binary)
    assert [(e.path, e.line, e.message) for e in asm.errors] == [
        (str(FIXTURES / "error.s"), 5, 'unrecognized instruction "MOVZ"')
    ]
    assert machine_code_markdown(asm, 4) == (
        'No encodings: `go tool asm` rejected the file (line 5: unrecognized instruction "MOVZ")'
    )


@pytest.mark.oracle
def test_editor_buffer_is_assembled_and_includes_resolve_from_the_file_dir(go_binary):
    buffer = '#include "macros.h"\nTEXT ·f(SB), 4, $0\n\tTWICE(AX)\n\tRET\n'
    path = FIXTURES / "not_on_disk.s"
    asm = assemble(str(path), buffer, AMD64, pkgpath="example.com/enc", go=go_binary)
    assert [i.data.hex() for i in asm.instructions_at(3)] == ["4883c001", "4883c001"]
    assert not path.exists()


@pytest.mark.oracle
def test_results_are_cached(go_binary):
    first = assemble_fixture("amd64.s", AMD64, go_binary)
    assert assemble_fixture("amd64.s", AMD64, go_binary) is first


@pytest.mark.oracle
def test_assemble_async(go_binary):
    path = FIXTURES / "arm64.s"
    asm = asyncio.run(
        assemble_async(str(path), path.read_text() + "\n", ARM64, pkgpath="example.com/enc", go=go_binary)
    )
    assert len(asm.functions) == 2


def fake_toolchain(tmp_path: Path, asm_body: str) -> str:
    """A `go` whose `go env` is sane and whose asm tool runs asm_body."""
    tooldir = tmp_path / "tool"
    tooldir.mkdir()
    env = {"GOROOT": str(tmp_path), "GOTOOLDIR": str(tooldir), "GOVERSION": "go1.99"}
    fake_go(tooldir, asm_body, name="asm")
    return fake_go(tmp_path, f"cat <<'EOF'\n{json.dumps(env)}\nEOF\n")


def test_missing_go_is_reported_and_hovered(tmp_path):
    with pytest.raises(GoNotFound) as info:
        assemble_fixture("amd64.s", AMD64, str(tmp_path / "nonexistent" / "go"))
    assert machine_code_markdown(info.value, 7).startswith("Encodings need a Go toolchain")


def test_hanging_assembler_times_out(tmp_path):
    go = fake_toolchain(tmp_path, "sleep 300\n")
    started = time.monotonic()
    with pytest.raises(ToolTimeout, match="`asm` timed out"):
        assemble_fixture("amd64.s", AMD64, go, timeout=0.5)
    assert time.monotonic() - started < 5


def test_garbage_listing_is_bad_output(tmp_path):
    go = fake_toolchain(tmp_path, "echo 'Segmentation fault (core dumped)'\n")
    with pytest.raises(BadOutput, match="unexpected listing"):
        assemble_fixture("amd64.s", AMD64, go)


def test_failing_assembler_without_located_errors(tmp_path):
    go = fake_toolchain(tmp_path, "echo 'asm: out of memory' >&2\nexit 2\n")
    with pytest.raises(ToolFailed, match=r"^`asm` failed \(exit 2\): asm: out of memory$"):
        assemble_fixture("amd64.s", AMD64, go)


def test_cancelling_assemble_async_kills_the_assembler(tmp_path):
    pidfile = tmp_path / "asm.pid"
    go = fake_toolchain(tmp_path, f"echo $$ > {pidfile}\nexec sleep 300\n")
    path = FIXTURES / "amd64.s"

    async def scenario():
        task = asyncio.create_task(
            assemble_async(str(path), path.read_text() + "// cancelled\n", AMD64, pkgpath="x", go=go)
        )
        while not (pidfile.exists() and pidfile.read_text().strip()):
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(asyncio.wait_for(scenario(), 10))
    assert_gone(pidfile)


@pytest.mark.oracle
def test_go_asm_h_failure_leaves_a_note_and_the_stand_in_header(go_binary, tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/broken\n\ngo 1.22\n")
    (tmp_path / "broken.go").write_text('package broken\n\nconst x int = "not an int"\n')
    path = tmp_path / "broken_amd64.s"
    path.write_text('#include "go_asm.h"\nTEXT ·f(SB), 4, $0\n\tRET\n')
    asm = assemble(str(path), path.read_text(), AMD64, pkgpath="example.com/broken", go=go_binary)
    assert asm.errors == () and len(asm.functions) == 1
    (note,) = asm.notes
    assert note.startswith(f"go_asm.h for {tmp_path} is asm-ls's stand-in: `go list`: "), note
    assert "broken.go:3:15: cannot use" in note
    assert machine_code_markdown(asm, 3).endswith(f"_{note}_")
    assert "\n" not in note
