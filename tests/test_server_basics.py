"""The language server end to end, over stdio, as editors start it."""

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

# VS Code appends --stdio to the command it is given.
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "asm_ls", "--stdio"])
# (client profile, position encoding it asks for)
PROFILES = {
    "vscode": ("visual-studio-code", None),
    "neovim": ("neovim", None),
    "neovim-utf8": ("neovim", ["utf-8", "utf-16"]),
}


@pytest_lsp.fixture(config=SERVER, params=sorted(PROFILES))
async def client(request, lsp_client: LanguageClient):
    spec, encodings = PROFILES[request.param]
    capabilities = client_capabilities(spec)
    if encodings:
        capabilities.general = types.GeneralClientCapabilities(position_encodings=encodings)
    result = await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    lsp_client.encoding = result.capabilities.position_encoding
    yield
    await lsp_client.shutdown_session()


def open_document(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="goasm", version=version, text=text)))
    return uri


async def diagnostics_for(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri and params.version == version:
            return params.diagnostics


async def test_syntax_error_after_middle_dot_lands_in_client_units(client: LanguageClient, tmp_path):
    # `·` is 1 UTF-16 unit but 2 UTF-8 bytes: the column of AX depends on the encoding.
    text = "TEXT ·f(SB), 0, $0-0\n\tJMP ·g(SB); MOVQ sym(AX), BX\n\tRET\n"
    uri = open_document(client, tmp_path / "f_amd64.s", text)
    diagnostics = await diagnostics_for(client, uri, 1)
    assert [(d.code, d.message) for d in diagnostics] == [
        ("parse-error", "expected pseudo-register; found AX [amd64]")]
    start = diagnostics[0].range.start
    column_in_code_points = text.splitlines()[1].index("AX")
    extra_bytes_for_dot = 1 if client.encoding == "utf-8" else 0
    assert (start.line, start.character) == (1, column_in_code_points + extra_bytes_for_dot)


async def test_edits_republish_with_their_version_and_close_clears(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "g_arm64.s", "TEXT ·g(SB), 0, $0-0\n\tMOVD R1, AX\n\tRET\n")
    assert [d.message for d in await diagnostics_for(client, uri, 1)] == ["unknown register AX on arm64 [arm64]"]
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="TEXT ·g(SB), 0, $0-0\n\tMOVD R1, R2\n\tRET\n")]))
    assert list(await diagnostics_for(client, uri, 2)) == []
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert params.uri == uri and list(params.diagnostics) == []
