"""What the end-to-end server tests share: client profiles like the editors',
the requests a real client answers for the server, and document helpers."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from support.paths import FIXTURES

# VS Code appends --stdio to the command it is given.
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "asm_ls", "--stdio"])
# (client profile, position encodings it offers)
PROFILES = {
    "vscode": ("visual-studio-code", None),
    "neovim": ("neovim", None),
    "neovim-utf8": ("neovim", ["utf-8", "utf-16"]),
}


def answer_server_requests(client: LanguageClient, settings: dict | None = None) -> None:
    """Answer what the server asks of a client, as editors do (pytest-lsp
    answers progress and configuration requests itself)."""
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)

    if settings is not None:
        client.set_configuration({"asmLs": settings})


async def start(client: LanguageClient, profile: str, root: Path | None = None, settings: dict | None = None) -> None:
    spec, encodings = PROFILES[profile]
    capabilities = client_capabilities(spec)
    if encodings:
        capabilities.general = types.GeneralClientCapabilities(position_encodings=encodings)
    answer_server_requests(client, settings)
    folders = [types.WorkspaceFolder(uri=root.as_uri(), name=root.name)] if root else None
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            workspace_folders=folders,
            root_uri=root.as_uri() if root else None,
            initialization_options=settings,
        )
    )
    client.encoding = result.capabilities.position_encoding or types.PositionEncodingKind.Utf16


def open_document(
    client: LanguageClient, path: Path, text: str | None = None, version: int = 1, language: str = "goasm"
) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=version, text=path.read_text() if text is None else text
            )
        )
    )
    return uri


async def diagnostics_for(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri and params.version == version:
            return params.diagnostics


async def published_eventually(client: LanguageClient, uri: str, wanted, timeout: float = 120) -> list:
    """The diagnostics last published for uri, once wanted(diagnostics) holds.
    Polls what the client has received: waiting for the next notification
    could miss one that arrives while the test looks at another."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        diagnostics = client.diagnostics.get(uri)
        if diagnostics is not None and wanted(diagnostics):
            return diagnostics
        if loop.time() > deadline:
            raise AssertionError(f"never published as wanted; last: {diagnostics}")
        await asyncio.sleep(0.05)


async def start_in_workspace_copy(client: LanguageClient, profile: str, tmp_path_factory) -> None:
    """Start a session on a copy of the fixture workspace (client.root), the toolchain off."""
    root = tmp_path_factory.mktemp("ws") / "workspace"
    shutil.copytree(FIXTURES / "workspace", root)
    client.root = root
    await start(client, profile, root, settings={"toolchain": False})


def client_units(client: LanguageClient, text: str) -> int:
    """The length of text in the client's position units."""
    if client.encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8"))
    if client.encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def client_slice(client: LanguageClient, line: str, start: int, end: int) -> str:
    """The part of a line between two positions in the client's units."""
    if client.encoding == types.PositionEncodingKind.Utf8:
        return line.encode("utf-8")[start:end].decode("utf-8")
    if client.encoding == types.PositionEncodingKind.Utf32:
        return line[start:end]
    return line.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")
