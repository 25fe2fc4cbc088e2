"""pygls wiring only: capabilities, document sync, and delegation to the
engine in asm_ls.analysis. Checks run in a worker thread, off the event loop."""

from __future__ import annotations

import asyncio
import logging
import os

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path

from asm_ls import __version__
from asm_ls.analysis import Analyzer
from asm_ls.lsp_convert import to_lsp
from asm_ls.syntax.source import SourceFile

log = logging.getLogger("asm_ls")


class AsmLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("asm-ls", __version__)
        self.overlays: dict[str, str] = {}
        self.analyzer = Analyzer(overlays=self.overlays)


server = AsmLanguageServer()


async def publish(ls: AsmLanguageServer, uri: str) -> None:
    document = ls.workspace.get_text_document(uri)
    path = document.path
    version = document.version
    source = SourceFile(path, document.source)
    loop = asyncio.get_running_loop()
    try:
        found = await loop.run_in_executor(None, ls.analyzer.check, source)
    except Exception:  # a bug in a check must not take the editor session down
        log.exception("checking %s failed", path)
        return
    current = ls.workspace.get_text_document(uri)
    if current.version != version:
        return  # a newer edit is being checked
    codec = ls.workspace.position_codec
    mine = [d for d in found if os.path.abspath(d.path) == os.path.abspath(path)]
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=[to_lsp(d, codec, from_fs_path) for d in mine]
        )
    )


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: AsmLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    document = ls.workspace.get_text_document(params.text_document.uri)
    ls.overlays[document.path] = document.source
    await publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: AsmLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    document = ls.workspace.get_text_document(params.text_document.uri)
    ls.overlays[document.path] = document.source
    await publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: AsmLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    path = ls.workspace.get_text_document(params.text_document.uri).path
    ls.overlays.pop(path, None)
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
    )


def serve(tcp: tuple[str, int] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="asm-ls: %(message)s")  # stderr, never stdout
    logging.getLogger("pygls").setLevel(logging.WARNING)
    if tcp is not None:
        server.start_tcp(*tcp)
    else:
        server.start_io()
