"""Instruction hover end to end: docs (forms, CPU features) and the bytes the
installed `go tool asm` emits for the very line, decoded by capstone.

The expected bytes were read from `go tool asm -S` on these fixture files."""

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
                "`VPADDB ymm2/m256, ymmV, ymm1` — AVX2",
                "c5 fd fc 06",
                "vpaddb ymm0, ymm0, ymmword ptr [rsi]",
            ],
        ),
        (
            "hv_amd64.s",
            "VPADDD.Z",
            [
                "`VPADDD zmm, zmm, [K], zmm` — AVX512F",
                "62 f1 75 c9 fe 16",
                "vpaddd zmm2 {k1} {z}, zmm1, zmmword ptr [rsi]",
            ],
        ),
        ("hv_amd64.s", "LOAD(Y0)", ["VMOVDQU (DI), Y0", "c5 fe 6f 07"]),
        ("hv_amd64.s", "MOVQ\ty", ["**MOVQ** (x86) — Move", "48 8b 74 24 10", "mov rsi, qword ptr [rsp + 0x10]"]),
        (
            "hv_arm64.s",
            "VADD\tV2",
            ["**VADD** (arm64) — ADD (vector)", "— ASIMD", "00 84 22 4e", "add v0.16b, v0.16b, v2.16b"],
        ),
        ("hv_arm64.s", "VLD1\t(R1)", ["**VLD1**", "ld1 {v2.16b, v3.16b}, [x1]"]),
    ],
)
async def test_instruction_hover_has_docs_and_the_real_bytes(client, name, needle, wanted):
    text = await hover_at(client, name, needle)
    for part in wanted:
        assert part in text
