"""Listing parser, byte attribution, decoding and hover on captured listings (no Go needed)."""

import pytest
from support.paths import FIXTURES

from asm_ls.encoding.attribute import build_function
from asm_ls.encoding.decode import decode, decode_at, fully_decoded
from asm_ls.encoding.listing import AsmError, ListingError, parse_errors, parse_listing
from asm_ls.encoding.model import Assembly
from asm_ls.encoding.targets import target
from asm_ls.features.hover.machine_code import machine_code_markdown
from asm_ls.golang.toolchain import GoNotFound, ToolTimeout

FIXTURES = FIXTURES / "encoding"


def captured(goarch: str) -> Assembly:
    """The Assembly that assemble() would build from the captured listing."""
    source = FIXTURES / f"{goarch}.s"
    symbols = parse_listing((FIXTURES / f"{goarch}.listing").read_text())
    rename = {source.name: str(source)}
    lines = source.read_text().splitlines()
    functions = tuple(build_function(s, target(goarch), rename, lines) for s in symbols)
    return Assembly(str(source), goarch, functions, ())


def hexes(instructions) -> list[str]:
    return [i.data.hex(" ") for i in instructions]


def test_parse_listing_reads_headers_progs_and_bytes():
    add, vectors = parse_listing((FIXTURES / "amd64.listing").read_text())
    assert (add.name, add.kind, add.size) == ("example.com/enc.add", "STEXT", 16)
    assert add.progs[3].text == "MOVQ a+8(FP), AX"
    assert (add.progs[4].pc, add.progs[4].file, add.progs[4].line) == (5, "amd64.s", 8)
    assert len(add.code) == 16 and add.code.endswith(b"\xc3")
    assert len(vectors.code) == vectors.size == 59


def test_parse_listing_rejects_garbage():
    with pytest.raises(ListingError, match="before any symbol"):
        parse_listing("hello\n")
    with pytest.raises(ListingError, match="not understood"):
        parse_listing("x.f STEXT size=1\n\tsomething odd\n")


def test_parse_errors_keeps_located_messages_only():
    errors = parse_errors((FIXTURES / "error.stderr").read_text())
    assert errors == (AsmError("error.s", 5, 'unrecognized instruction "MOVZ"'),)


def test_amd64_bytes_per_line():
    asm = captured("amd64")
    assert hexes(asm.instructions_at(8)) == ["48 03 44 24 10"]
    assert hexes(asm.instructions_at(14)) == ["c5 ed fe d9"]  # AVX2
    assert hexes(asm.instructions_at(15)) == ["62 f1 6d 49 fe d9"]  # AVX-512
    assert hexes(asm.instructions_at(16)) == ["48 83 c1 01", "48 83 c1 02"]  # macro
    assert [i.offset for i in asm.instructions_at(16)] == [0x21, 0x25]
    assert asm.instructions_at(3) == ()


def test_amd64_inserted_code():
    vectors = captured("amd64").functions[1]
    assert [i.text for i in vectors.prologue] == [
        "MOVQ (TLS), R14",
        "CMPQ SP, 16(R14)",
        "JLS 52",
        "PUSHQ BP",
        "MOVQ SP, BP",
        "SUBQ $32, SP",
    ]
    assert [i.text for i in vectors.stack_growth] == ["CALL runtime.morestack_noctxt(SB)", "JMP 0"]
    assert {line: [i.text for i in insts] for line, insts in vectors.epilogues.items()} == {
        18: ["ADDQ $32, SP", "POPQ BP"]
    }
    assert sum(len(i.data) for i in vectors.instructions) == vectors.size


def test_arm64_trailing_padding_is_not_an_instruction():
    add, vectors = captured("arm64").functions
    assert add.size == 32 and hexes(add.instructions[-1:]) == ["c0 03 5f d6"]
    assert sum(len(i.data) for i in add.instructions) == 20
    assert vectors.size == 80 and hexes(vectors.instructions[-1:]) == ["ee ff ff 17"]


def test_arm64_neon_and_multi_word_constant():
    asm = captured("arm64")
    assert [d.text for i in asm.instructions_at(13) for d in decode("arm64", i.data)] == ["add v3.16b, v2.16b, v1.16b"]
    wide = asm.instructions_at(15)
    assert len(wide) == 1 and len(wide[0].data) == 16
    assert [d.text.split()[0] for d in decode("arm64", wide[0].data)] == ["mov", "movk", "movk", "movk"]


def test_decode_intel_syntax_and_function_relative_targets():
    assert [d.text for d in decode("amd64", bytes.fromhex("c5edfed9"))] == ["vpaddd ymm3, ymm2, ymm1"]
    assert [d.text for d in decode("amd64", bytes.fromhex("eb c5"), 0x39)] == ["jmp 0"]


def test_decode_reports_undecodable_bytes():
    (item,) = decode("amd64", b"\x06")  # PUSH ES does not exist in 64-bit mode
    assert item.text is None and item.data == b"\x06"
    assert not fully_decoded("amd64", b"\x06") and fully_decoded("amd64", b"\xc3")
    (item,) = decode("loong64", b"\x00\x00\x00\x00")  # capstone 5 has no LoongArch
    assert item.text is None


def test_hover_on_an_instruction_line():
    text = machine_code_markdown(captured("amd64"), 8)
    assert text.startswith("**5 bytes** at `enc.add+0x5`")
    assert "48 03 44 24 10  add rax, qword ptr [rsp + 0x10]" in text


def test_hover_on_a_macro_line_shows_each_instruction():
    text = machine_code_markdown(captured("amd64"), 16)
    assert "add rcx, 1" in text and "add rcx, 2" in text and "; ADDQ $2, CX" in text


def test_hover_on_a_text_line():
    text = machine_code_markdown(captured("amd64"), 13)
    assert text.startswith("**`enc.vectors`: 59 bytes**")
    assert "Prologue" in text and "sub rsp, 0x20" in text
    assert "Stack growth" in text and "Epilogue before RET (line 18)" in text and "pop rbp" in text


def test_hover_without_code_or_toolchain():
    assert machine_code_markdown(captured("amd64"), 1) is None
    assert machine_code_markdown(GoNotFound("Go toolchain not found on PATH"), 3) == (
        "Encodings need a Go toolchain: Go toolchain not found on PATH"
    )
    assert machine_code_markdown(ToolTimeout("`asm` timed out after 60 s"), 3) == (
        "No encodings: `asm` timed out after 60 s"
    )


def test_a_lone_prefix_is_decoded_with_the_instruction_it_prefixes():
    code = bytes.fromhex("f0 0f c1 03 c3")  # LOCK; XADDL AX, (BX); RET as three Progs
    (lock,) = decode_at("amd64", code, 0, 1)
    assert lock.data == b"\xf0" and lock.text == "lock xadd dword ptr [rbx], eax  (with the bytes after)"
    assert fully_decoded("amd64", code, 0, 1)


def test_parse_listing_accepts_progs_without_position():
    (sym,) = parse_listing(
        "x.f STEXT size=8\n"
        "\t0x0000 00000 (a.s:3)\tTEXT\tx.f(SB), $0\n"
        "\t0x0000 00000 (<unknown line number>)\tPCALIGN\t$16\n"
        "\t0x0004 00004 (a.s:4)\tRET\n"
        "\t0x0000 00 00 40 03 20 00 00 4c                          ..@. ..L\n"
    )
    assert [(p.file, p.line, p.text) for p in sym.progs] == [
        ("a.s", 3, "TEXT x.f(SB), $0"),
        ("", 0, "PCALIGN $16"),
        ("a.s", 4, "RET"),
    ]
    function = build_function(sym, target("loong64"), {}, [])
    assert [(i.path, i.line, i.text) for i in function.instructions] == [
        ("a.s", 3, "PCALIGN $16"),
        ("a.s", 4, "RET"),
    ]  # the line table's rule
