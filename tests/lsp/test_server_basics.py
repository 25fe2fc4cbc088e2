"""The language server end to end, over stdio, as editors start it."""

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient
from support.lsp_stdio import StdioServer
from support.lsp_support import PROFILES, SERVER, diagnostics_for, open_document, start


@pytest_lsp.fixture(config=SERVER, params=sorted(PROFILES))
async def client(request, lsp_client: LanguageClient):
    await start(lsp_client, request.param)
    yield
    await lsp_client.shutdown_session()


async def test_syntax_error_after_middle_dot_lands_in_client_units(client: LanguageClient, tmp_path):
    # `·` is 1 UTF-16 unit but 2 UTF-8 bytes: the column of AX depends on the encoding.
    text = "TEXT ·f(SB), 0, $0-0\n\tJMP ·g(SB); MOVQ sym(AX), BX\n\tRET\n"
    uri = open_document(client, tmp_path / "f_amd64.s", text)
    diagnostics = await diagnostics_for(client, uri, 1)
    assert [(d.code, d.message) for d in diagnostics] == [("parse-error", "expected pseudo-register; found AX")]
    start = diagnostics[0].range.start
    column_in_code_points = text.splitlines()[1].index("AX")
    extra_bytes_for_dot = 1 if client.encoding == "utf-8" else 0
    assert (start.line, start.character) == (1, column_in_code_points + extra_bytes_for_dot)


async def test_edits_republish_with_their_version_and_close_clears(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "g_arm64.s", "TEXT ·g(SB), 0, $0-0\n\tMOVD R1, AX\n\tRET\n")
    assert [d.message for d in await diagnostics_for(client, uri, 1)] == ["unknown register AX"]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangeWholeDocument(text="TEXT ·g(SB), 0, $0-0\n\tMOVD R1, R2\n\tRET\n")
            ],
        )
    )
    assert list(await diagnostics_for(client, uri, 2)) == []
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert params.uri == uri and list(params.diagnostics) == []


def test_information_goes_to_the_client_as_info_not_to_stderr(tmp_path):
    """Neovim files a server's stderr under ERROR: what is only information (the index
    line) reaches the client as window/logMessage of type Info, and stderr stays empty;
    a bad setting, a warning, reaches both."""
    (tmp_path / "a_amd64.s").write_text('#include "textflag.h"\nTEXT ·a(SB), NOSPLIT, $0-0\n\tRET\n')
    log = tmp_path / "stderr.log"
    with StdioServer(stderr_path=log) as server:
        server.answer = lambda message: (
            [{"goarches": ["z80"]}] if message["method"] == "workspace/configuration" else None
        )
        server.initialize(tmp_path, capabilities={"workspace": {"configuration": True}})
        indexed = server.notification("window/logMessage", lambda p: p["message"].endswith(f"under {tmp_path}"))
        assert indexed["type"] == types.MessageType.Info
        warned = server.notification("window/logMessage", lambda p: "z80" in p["message"])
        assert warned["type"] == types.MessageType.Warning
        server.request("shutdown")
        server.notify("exit")
    lines = log.read_text().splitlines()
    assert [line for line in lines if "z80" in line], lines
    assert not [line for line in lines if "indexed" in line], lines
