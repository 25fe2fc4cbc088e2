"""Instruction and register hover end to end: docs (the form the line matches,
other forms, CPU features), the bytes the installed `go tool asm` emits for the
very line, decoded by capstone, and registers by their vendor names.

The expected bytes were read from `go tool asm -S` on these fixture files; the
vendor names are the manuals' (Intel RAX/EAX/AX/AL, ARM X0/W0, RISC-V a0)."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient
from support.lsp_support import PROFILES, SERVER, open_document, start
from support.paths import FIXTURES

FIXTURE = FIXTURES / "hover_isa"


@pytest_lsp.fixture(config=SERVER, params=sorted(PROFILES))
async def client(request, lsp_client: LanguageClient, go_binary):
    await start(lsp_client, request.param, FIXTURE, settings={"goBinary": go_binary, "toolchain": True})
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def vscode(lsp_client: LanguageClient, go_binary):
    """One client profile for what position encodings do not change (the lines are ASCII)."""
    await start(lsp_client, "vscode", FIXTURE, settings={"goBinary": go_binary, "toolchain": True})
    yield
    await lsp_client.shutdown_session()


async def hover_at(client: LanguageClient, name: str, needle: str) -> str:
    path = FIXTURE / name
    text = path.read_text()
    offset = text.index(needle) + 1
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1)  # ASCII lines: any encoding
    uri = open_document(client, path)
    found = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, column))
    )
    return found.contents.value


@pytest.mark.parametrize(
    "name, needle, wanted",
    [
        (
            "hv_amd64.s",
            "VPADDB",
            [
                "Add Packed Byte Integers",
                "This line: `VPADDB ymm2/m256, ymmV, ymm1` · Intel `VPADDB ymm1, ymmV, ymm2/m256` · AVX2",
                "c5 fd fc 06",
                "vpaddb ymm0, ymm0, ymmword ptr [rsi]",
            ],
        ),
        (
            "hv_amd64.s",
            "VPADDD.Z",
            [
                "This line: `VPADDD m512/m32bcst, zmm, [K], zmm` · Intel `VPADDD zmm{k}{z}, zmm, m512/m32bcst` "
                "· AVX512F",
                "- `VPADDD zmm, zmm, [K], zmm` — AVX512F",
                "62 f1 75 c9 fe 16",
                "vpaddd zmm2 {k1} {z}, zmm1, zmmword ptr [rsi]",
            ],
        ),
        ("hv_amd64.s", "LOAD(Y0)", ["VMOVDQU (DI), Y0", "c5 fe 6f 07"]),
        (
            "hv_amd64.s",
            "MOVQ\ty",
            [
                "**MOVQ** (x86) — Move",
                # The form this line matches leads, with its Intel syntax and the line's disassembly.
                "This line: `MOVQ r/m64, r64` · Intel `MOV r64, r/m64` · assembled: `mov rsi, qword ptr [rsp + 0x10]`",
                "48 8b 74 24 10",
            ],
        ),
        (
            "hv_arm64.s",
            "VADD\tV2",
            [
                "**VADD** (arm64) — Add, lane by lane",
                "This line: `VADD V.B16, V.B16, V.B16` · ARM `ADD <Vd>.<T>, <Vn>.<T>, <Vm>.<T>` · ASIMD · "
                "assembled: `add v0.16b, v0.16b, v2.16b`",
                "00 84 22 4e",
            ],
        ),
        ("hv_arm64.s", "VLD1\t(R1)", ["**VLD1**", "ld1 {v2.16b, v3.16b}, [x1]"]),
    ],
)
async def test_instruction_hover_has_docs_and_the_real_bytes(client, name, needle, wanted):
    text = await hover_at(client, name, needle)
    for part in wanted:
        assert part in text


async def test_the_matched_form_comes_before_the_others(vscode):
    text = await hover_at(vscode, "hv_amd64.s", "MOVQ\ty")
    # MOVQ's control-register forms come first in the manual's order, not here.
    assert text.index("This line: `MOVQ r/m64, r64`") < text.index("Other forms") < text.index("CR0-CR7")


REGISTERS = [  # file, where, what the hover says, what it must not say
    (
        "hv_amd64.s",
        "SI\n",
        [
            "**SI** — amd64 general register, 64 bits",
            "`RSI` (64 bits) · `ESI` (32 bits) · `SI` (16 bits) · `SIL`",
            "ABIInternal: integer argument and result register 5",
        ],
        [],
    ),
    (
        "hv_amd64.s",
        "Y0, Y0",
        [
            "`YMM0` (256 bits, the low 256 bits of ZMM0)",
            "32 × 8-bit (bytes, B)",
            "4 × 64-bit (qwords Q, or float64 PD)",
        ],
        [],
    ),
    (
        "hv_386.s",
        "AX\n",
        ["**AX** — 386 general register, 32 bits", "`EAX` (32 bits) · `AX` (16 bits) · `AL` (8 bits)"],
        ["RAX", "ABIInternal"],  # 386 has neither 64-bit registers nor register arguments
    ),
    (
        "hv_arm64.s",
        "R0\n",
        [
            "**R0** — arm64 general register, 64 bits",
            "`X0` (64 bits) · `W0` (32 bits, the low 32 bits)",
            "ABIInternal: integer argument and result register 1",
        ],
        [],
    ),
    (
        "hv_arm64.s",
        "V0.B16",
        ["`Q0` (128 bits)", "16 × 8-bit (V0.B16)", "2 × 64-bit (V0.D2)"],
        [],
    ),
    (
        "hv_riscv64.s",
        "X10\n",
        [
            "**X10** — riscv64 general register, 64 bits",
            "`x10` (64 bits, ABI name a0)",
            "ABIInternal: integer argument and result register 1",
        ],
        [],
    ),
]


async def test_register_hover_names_the_vendor_registers(vscode):
    for name, needle, wanted, unwanted in REGISTERS:
        text = await hover_at(vscode, name, needle)
        for part in wanted:
            assert part in text, (name, needle)
        for part in unwanted:
            assert part not in text, (name, needle)


async def test_a_line_that_does_not_assemble_costs_only_its_own_bytes(vscode):
    client = vscode
    path = FIXTURE / "hv_amd64.s"
    broken = path.read_text().replace("\tVZEROUPPER\n", "\tVZEROUPPR\n")  # a typo, as while typing
    uri = open_document(client, path, broken)
    line = broken[: broken.index("VZEROUPPR")].count("\n")

    async def hover(needle: str) -> str:
        offset = broken.index(needle) + 1
        position = types.Position(broken.count("\n", 0, offset), offset - (broken.rfind("\n", 0, offset) + 1))
        found = await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
        )
        return found.contents.value

    before = await hover("VPADDB")  # same function, above the broken line
    assert "c5 fd fc 06" in before and "vpaddb ymm0, ymm0, ymmword ptr [rsi]" in before
    assert f"Assembled without line {line + 1}, which `go tool asm` rejects" in before
    after = await hover("VPADDD.Z")  # the next function
    assert "62 f1 75 c9 fe 16" in after
    broken_line = await hover("VMOVDQU\tY0")  # the line above the typo keeps its bytes too
    assert "c5 fe 7f 07" in broken_line
