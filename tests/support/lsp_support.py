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

    client.refreshed = []  # what the server asked the client to request again

    @client.feature(types.WORKSPACE_INLAY_HINT_REFRESH)
    def inlay_hint_refresh(params: None) -> None:
        client.refreshed.append(types.WORKSPACE_INLAY_HINT_REFRESH)

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
    client.server_capabilities = result.capabilities


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


# --- positions in the client's units ----------------------------------------------------


def client_units(client: LanguageClient, text: str) -> int:
    """The length of text in the client's position encoding."""
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


def position_in(client: LanguageClient, text: str, needle: str, nth: int = 0, delta: int = 1) -> types.Position:
    """Where needle (its nth occurrence, plus delta code points) is in text, in the client's units."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    offset += delta
    line = text.count("\n", 0, offset)
    return types.Position(line, client_units(client, text[text.rfind("\n", 0, offset) + 1 : offset]))


def position(client: LanguageClient, path: Path, needle: str, nth: int = 0, delta: int = 1) -> types.Position:
    """Where needle (its nth occurrence, plus delta) is in the file, in the client's units."""
    return position_in(client, path.read_text(), needle, nth, delta)


def places(client: LanguageClient, locations) -> list[tuple[str, int, str]]:
    """(file, line, the located text) of each location, in order."""
    found = []
    for location in locations or []:
        path = Path(location.uri.removeprefix("file://"))
        line = path.read_text().splitlines()[location.range.start.line] if path.stat().st_size else ""
        encoded = line.encode("utf-8") if client.encoding == "utf-8" else None

        def cut(start: int, end: int, line: str = line, encoded: bytes | None = encoded) -> str:
            if encoded is not None:
                return encoded[start:end].decode("utf-8")
            if client.encoding == "utf-32":
                return line[start:end]
            return line.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")

        text = cut(location.range.start.character, location.range.end.character)
        found.append((str(path.relative_to(client.root)), location.range.start.line + 1, text))
    return sorted(found)


def offset_at(client: LanguageClient, text: str, position: types.Position) -> int:
    """The code-point offset of a position in the client's units."""
    line_start = 0
    for _ in range(position.line):
        line_start = text.index("\n", line_start) + 1
    end = text.find("\n", line_start)
    line = text[line_start : end if end >= 0 else len(text)]
    if client.encoding == types.PositionEncodingKind.Utf8:
        return line_start + len(line.encode("utf-8")[: position.character].decode("utf-8"))
    if client.encoding == types.PositionEncodingKind.Utf32:
        return line_start + position.character
    return line_start + len(line.encode("utf-16-le")[: 2 * position.character].decode("utf-16-le"))


def apply_edits(client: LanguageClient, text: str, edits: list[types.TextEdit]) -> str:
    """What the editor does with the edits."""
    spans = [(offset_at(client, text, e.range.start), offset_at(client, text, e.range.end), e.new_text) for e in edits]
    for first, end, new_text in sorted(spans, reverse=True):
        text = text[:first] + new_text + text[end:]
    return text
