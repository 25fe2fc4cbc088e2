"""Formatting end to end, over stdio, for every client profile: whole
documents and ranges, edits in the client's position encoding, and a file
asmfmt refuses (no edits, a message saying why)."""

from __future__ import annotations

import asyncio

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient
from support.lsp_support import PROFILES, SERVER, open_document, start
from support.lsp_support import apply_edits as apply

from asm_ls.features.formatting import PACKAGE_MESSAGE, format_text

# '·' is 1 UTF-16 unit and 2 UTF-8 bytes, '𝄞' 2 units and 4 bytes: edits after them on a line
# land in the right place only if converted to the client's encoding.
MESSY = (
    '#include "textflag.h"\n'
    "TEXT ·sum(SB),NOSPLIT,$0-24\n"
    "    MOVQ ·𝄞tab(SB),AX // 𝄞 first\n"
    "  VPXOR Y0,Y1,Y2\n"
    "\n"
    "\n"
    "loop:   DECQ AX\n"
    "\tJNZ loop\n"
    "        RET\n"
)


@pytest_lsp.fixture(config=SERVER, params=sorted(PROFILES))
async def client(request, lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("fmt")
    (root / "sum_amd64.s").write_text(MESSY)
    lsp_client.root = root
    await start(lsp_client, request.param, root, settings={"toolchain": False})
    yield
    await lsp_client.shutdown_session()


def document(client: LanguageClient, name: str) -> tuple[str, types.TextDocumentIdentifier]:
    path = client.root / name
    return path.read_text(), types.TextDocumentIdentifier(uri=open_document(client, path))


OPTIONS = types.FormattingOptions(tab_size=4, insert_spaces=True)  # asmfmt's style is fixed: tabs all the same


async def test_formatting_gives_asmfmts_text(client: LanguageClient):
    text, identifier = document(client, "sum_amd64.s")
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=identifier, options=OPTIONS)
    )
    assert (
        apply(client, text, edits)
        == format_text(text)
        == (
            '#include "textflag.h"\n'
            "TEXT ·sum(SB), NOSPLIT, $0-24\n"
            "\tMOVQ  ·𝄞tab(SB), AX // 𝄞 first\n"
            "\tVPXOR Y0, Y1, Y2\n"
            "\n"
            "loop:\n"
            "\tDECQ AX\n"
            "\tJNZ  loop\n"
            "\tRET\n"
        )
    )
    assert len(edits) > 3  # line by line, not the whole document replaced
    assert (client.root / "sum_amd64.s").read_text() == MESSY  # the server never writes the file

    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=identifier.uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=apply(client, text, edits))],
        )
    )
    again = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=identifier, options=OPTIONS)
    )
    assert again is not None and len(again) == 0  # formatted: nothing left to do


async def test_range_formatting_touches_only_the_block_in_range(client: LanguageClient):
    text, identifier = document(client, "sum_amd64.s")
    selection = types.Range(types.Position(3, 2), types.Position(4, 0))  # inside VPXOR's line, to the next line
    edits = await client.text_document_range_formatting_async(
        types.DocumentRangeFormattingParams(text_document=identifier, range=selection, options=OPTIONS)
    )
    assert apply(client, text, edits) == (
        '#include "textflag.h"\n'
        "TEXT ·sum(SB),NOSPLIT,$0-24\n"
        "\tMOVQ  ·𝄞tab(SB), AX // 𝄞 first\n"  # the block VPXOR is aligned with
        "\tVPXOR Y0, Y1, Y2\n"
        "\n"
        "\n"
        "loop:   DECQ AX\n"
        "\tJNZ loop\n"
        "        RET\n"
    )


@pytest_lsp.fixture(config=SERVER)
async def vscode(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("fmt")
    (root / "main.s").write_text("package main\n\nfunc main() {}\n")
    lsp_client.root = root
    await start(lsp_client, "vscode", root, settings={"toolchain": False})
    yield
    await lsp_client.shutdown_session()


async def test_refused_file_gets_no_edits_and_a_message(vscode: LanguageClient):
    client = vscode
    _, identifier = document(client, "main.s")
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=identifier, options=OPTIONS)
    )
    assert edits is None
    for _ in range(100):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    assert [(m.type, m.message) for m in client.messages] == [
        (types.MessageType.Warning, f"asm-ls: main.s not formatted: line 1: {PACKAGE_MESSAGE}")
    ]
    assert (client.root / "main.s").read_text() == "package main\n\nfunc main() {}\n"
