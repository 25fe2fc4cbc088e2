"""pygls wiring only: capabilities, document sync, settings, and delegation to
the engine (asm_ls.features.workspace and the feature modules). Engine work runs on
one worker thread, indexing on another; the event loop only converts."""

from __future__ import annotations

import asyncio
import gc
import itertools
import logging
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from asm_ls import __version__
from asm_ls.engine.analyzer import Analyzer
from asm_ls.features import (
    calls,
    completion,
    formatting,
    hover,
    inlay_hints,
    navigation,
    rename,
    semantic_tokens,
    signature_help,
    structure,
    symbols,
)
from asm_ls.features.hover.machine_code import MachineCode
from asm_ls.features.workspace import Workspace, is_assembly
from asm_ls.golang.toolchain import ToolchainError
from asm_ls.lsp.convert import (
    Json,
    client_token_data,
    code_actions,
    converter,
    encode_semantic_tokens,
    to_call_item,
    to_completion_list,
    to_document_links,
    to_document_symbols,
    to_folding_ranges,
    to_highlights,
    to_incoming_calls,
    to_inlay_hints,
    to_location,
    to_lsp,
    to_outgoing_calls,
    to_range,
    to_selection_range,
    to_signature_help,
    to_text_edits,
    to_workspace_edit,
    to_workspace_symbols,
    token_data_edit,
)
from asm_ls.lsp.documents import LineIndexedDocument, TokenResults, use_line_indexed_documents
from asm_ls.lsp.scheduler import Scheduler, Urgency
from asm_ls.lsp.settings import SECTION, Settings, read_settings
from asm_ls.model import Diagnostic, internal_error
from asm_ls.syntax.source import SourceFile

log = logging.getLogger("asm_ls")
T = TypeVar("T")
INDEX_WAIT_SECONDS = 10
INDEX_AFTER_OPENING_SECONDS = 0.2  # for the documents an editor opens right after initializing
# An opened file this large (about 20,000 lines) first gets what its reading and quicker
# checks find (Analyzer.first_look), then the whole check's findings, a second or more later.
FIRST_LOOK_CHARACTERS = 500_000
CONFIRM_AFTER_SECONDS = 0.25  # of no typing, before a quick check is confirmed by a whole one (it gives way to typing)
REQUESTS_BEFORE_WHOLE_CHECK_SECONDS = 0.03
# A keystroke's check lets the requests sent with the keystroke (completion) go
# first: they take a few ms, a quick check of a large file hundreds.
REQUESTS_BEFORE_QUICK_CHECK_SECONDS = 0.003
COMPLETION_TRIGGERS = ["\u00b7", "(", "$", '"', "#", "|"]
SIGNATURE_TRIGGERS = ["(", ",", " ", "\t"]
# An LSP error code clients show as a message (RequestFailed): a rename refused, and why.
REQUEST_FAILED = -32803


class AsmLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "asm-ls",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            converter_factory=converter,
        )
        self.settings = Settings()
        self.overlays: dict[str, str] = {}
        self.model = Workspace(Analyzer(self.settings.options, overlays=self.overlays))
        self.machine_code = MachineCode()
        self.engine = Scheduler("asm-ls-engine")
        self.indexer = ThreadPoolExecutor(1, thread_name_prefix="asm-ls-index")
        self.published: dict[str, list[tuple[types.Diagnostic, Diagnostic]]] = {}
        self.token_results = TokenResults()
        self.checking: dict[str, asyncio.Task] = {}
        self.stale: set[str] = set()
        # Whole checks confirming a quick one, waiting for typing to pause or running: an edit cancels them.
        self.confirming: dict[str, asyncio.Task] = {}
        self.indexed = asyncio.Event()  # the workspace folders have been indexed once
        self.indexing: Workspace | None = None  # the model whose folders are (being) indexed
        self.configured = asyncio.Event()  # settings read: checks wait for them

    def apply_settings(self, settings: Settings) -> None:
        for problem in settings.problems:
            log.warning("settings: %s", problem)
        if settings.options != self.settings.options:
            self.model = Workspace(Analyzer(settings.options, overlays=self.overlays))  # what it knew is moot
        self.settings = settings

    async def run(
        self, function: Callable[..., T], *args, urgency: Urgency = Urgency.CURSOR, release: bool = False
    ) -> T:
        """function(*args) on the engine thread, when nothing more urgent waits
        (asm_ls.lsp.scheduler); with release, the work a keystroke held may
        go once this is queued."""
        queued = self.engine.submit(urgency, function, *args)
        if release:
            self.engine.release()
        return await asyncio.wrap_future(queued)

    def path_of(self, uri: str) -> str | None:
        path = to_fs_path(uri)
        return os.path.abspath(path) if path else None

    def offset_of(self, uri: str, position: types.Position) -> tuple[str, int] | None:
        """The code-point offset of a client position, reading only its line
        (the document may be huge), clamped to the text."""
        path = self.path_of(uri)
        source = self.model.analyzer.source(path) if path is not None else None
        if path is None or source is None:
            return None
        line = source.line_text(position.line)
        column = self.workspace.position_codec.position_from_client_units(
            [line], types.Position(0, max(position.character, 0))
        ).character
        return path, source.offset(position.line, column)


server = AsmLanguageServer()


# --- lifecycle ------------------------------------------------------------------


@server.feature(types.INITIALIZE)
def initialize(ls: AsmLanguageServer, params: types.InitializeParams) -> None:
    use_line_indexed_documents(ls.workspace)
    ls.apply_settings(read_settings(params.initialization_options))


@server.feature(types.INITIALIZED)
async def initialized(ls: AsmLanguageServer, params: types.InitializedParams) -> None:
    log.addHandler(_ClientLog(ls, asyncio.get_running_loop()))
    capabilities = ls.client_capabilities
    workspace_capabilities = capabilities.workspace
    if workspace_capabilities is not None and workspace_capabilities.configuration:
        await _pull_configuration(ls)
    ls.configured.set()
    watched = workspace_capabilities.did_change_watched_files if workspace_capabilities else None
    if watched is not None and watched.dynamic_registration:
        await _watch_files(ls)
    await _index_workspace(ls)


async def _watch_files(ls: AsmLanguageServer) -> None:
    registration = types.Registration(
        id="asm-ls-watched-files",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern="**/*.{s,h,go}")]
        ),
    )
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
    except Exception as error:  # the client said it could, then refused: edits still arrive
        log.info("file watching not registered: %s", error)


async def _pull_configuration(ls: AsmLanguageServer) -> None:
    try:
        values = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
        )
    except Exception as error:  # a client may refuse; the initialization options stand
        log.info("workspace/configuration: %s", error)
        return
    if values and isinstance(values[0], dict):
        ls.apply_settings(read_settings(values[0], ls.settings))


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: AsmLanguageServer, params: types.DidChangeConfigurationParams) -> None:
    before = ls.settings
    if isinstance(params.settings, dict) and params.settings:
        ls.apply_settings(read_settings(params.settings, ls.settings))
    else:
        await _pull_configuration(ls)
    if ls.settings == before:
        return  # (Neovim sends the settings it started with again: no indexing and checking twice)
    workspace_capabilities = ls.client_capabilities.workspace
    hints = workspace_capabilities.inlay_hint if workspace_capabilities is not None else None
    if hints is not None and hints.refresh_support:  # the inlayHints settings may have changed
        ls.workspace_inlay_hint_refresh(None)
    if ls.settings.options != before.options:
        for uri in list(ls.workspace.text_documents):
            schedule_diagnostics(ls, uri)
        await _index_workspace(ls)


async def _index_workspace(ls: AsmLanguageServer) -> None:
    """Index the workspace folders into the model, once per model (settings
    pulled and pushed at the start of a session make the same one)."""
    model = ls.model
    if ls.indexing is model:
        return
    ls.indexing = model
    # The documents opened with the session are checked first: indexing a large
    # workspace alongside (one core at a time: Python's lock) would double their wait.
    await asyncio.sleep(INDEX_AFTER_OPENING_SECONDS)
    opening = [task for task in ls.checking.values() if not task.done()]
    if opening:
        await asyncio.wait(opening, timeout=INDEX_WAIT_SECONDS)
    folders = [f for f in (ls.path_of(folder.uri) for folder in ls.workspace.folders.values()) if f]
    if not folders and ls.workspace.root_path:
        folders = [ls.workspace.root_path]
    reporter = await _progress(ls, "Indexing Go assembly")
    loop = asyncio.get_running_loop()
    for folder in folders:

        def progress(done: int, total: int) -> None:
            if reporter is not None and (done == total or done % 50 == 0):
                loop.call_soon_threadsafe(reporter, f"{done}/{total} files", done * 100 // max(total, 1))

        await loop.run_in_executor(ls.indexer, model.index.add_folder, folder, progress)
        log.info("indexed %d assembly files under %s", len(model.index.files), folder)
    if reporter is not None:
        reporter(None, None)
    gc.freeze()  # the index lives as long as the server: keep the collector from rescanning it
    ls.indexed.set()


async def _whole_workspace(ls: AsmLanguageServer) -> None:
    """Wait for the first index of the workspace (answers that list the whole
    workspace would be partial before it), but not forever."""
    try:
        await asyncio.wait_for(ls.indexed.wait(), INDEX_WAIT_SECONDS)
    except TimeoutError:
        log.info("answering before the workspace index is complete")


_PROGRESS_TOKENS = itertools.count(1)


async def _progress(ls: AsmLanguageServer, title: str):
    """A work-done progress reporter (message, percent; None ends it), or None
    when the client does not show progress."""
    window = ls.client_capabilities.window
    if window is None or not window.work_done_progress:
        return None
    token = f"asm-ls-indexing-{next(_PROGRESS_TOKENS)}"  # a token is created once: a new one per indexing
    try:
        await ls.work_done_progress.create_async(token)
    except Exception as error:
        log.info("no progress reports: %s", error)
        return None
    ls.work_done_progress.begin(token, types.WorkDoneProgressBegin(title=title, percentage=0))

    def report(message: str | None, percentage: int | None) -> None:
        if message is None:
            ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message="done"))
        else:
            ls.work_done_progress.report(token, types.WorkDoneProgressReport(message=message, percentage=percentage))

    return report


# --- documents and diagnostics ------------------------------------------------


def _forget(ls: AsmLanguageServer, path: str) -> None:
    """Invalidate what depends on path, in turn on the engine thread: a check
    running there read the old text and must store its results before they
    are forgotten, not after (the re-check it is followed by would reuse them)."""
    ls.engine.submit(Urgency.BOOKKEEPING, ls.model.analyzer.changed, path)


def _document_changed(ls: AsmLanguageServer, uri: str, text: str | None, opened: bool = False) -> None:
    path = ls.path_of(uri)
    if path is None:
        return
    if text is None:
        ls.overlays.pop(path, None)
    else:
        ls.overlays[path] = text
    _forget(ls, path)
    document = ls.workspace.text_documents.get(uri)
    if text is not None and document is not None and document.source is text:
        # After the forgetting, on the engine thread: requests read the document's line starts.
        ls.engine.submit(Urgency.BOOKKEEPING, ls.model.analyzer.read_buffer_as, _source_of(path, document))
    directory = os.path.dirname(path)
    for other in list(ls.workspace.text_documents):  # cross-file effects: the package's other files
        other_path = ls.path_of(other)
        if other != uri and other_path and os.path.dirname(other_path) == directory:
            schedule_diagnostics(ls, other)
    if text is not None:
        ls.engine.hold()  # what the editor asks with the change waits for its check (released when queued)
        schedule_diagnostics(ls, uri, opened)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: AsmLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    _document_changed(ls, params.text_document.uri, params.text_document.text, opened=True)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: AsmLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    document = ls.workspace.get_text_document(params.text_document.uri)
    _document_changed(ls, params.text_document.uri, document.source)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: AsmLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    path = ls.path_of(uri)
    _document_changed(ls, uri, None)
    ls.token_results.forget(uri)
    if path is not None and is_assembly(path) and os.path.exists(path):
        ls.indexer.submit(ls.model.index.update, path)  # back to what the disk says
    if path is None or not ls.model.index.contains(path) or not os.path.exists(path):
        ls.published.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: AsmLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
    for change in params.changes:
        path = ls.path_of(change.uri)
        if path is None or path in ls.overlays:
            continue  # an open buffer wins over the disk
        _forget(ls, path)
        if is_assembly(path):
            ls.indexer.submit(ls.model.index.update, path)
    for uri in list(ls.workspace.text_documents):
        schedule_diagnostics(ls, uri)


def schedule_diagnostics(ls: AsmLanguageServer, uri: str, opened: bool = False) -> None:
    """Check now, or right after the check running for this document: edits
    made meanwhile are checked together (the debounce), and every check is
    published with the version it saw."""
    confirming = ls.confirming.pop(uri, None)
    if confirming is not None:
        confirming.cancel()
    running = ls.checking.get(uri)
    if running is not None and not running.done() and running is not confirming:
        ls.stale.add(uri)
        return
    ls.checking[uri] = asyncio.ensure_future(_check_and_publish(ls, uri, opened=opened))


async def _check_and_publish(ls: AsmLanguageServer, uri: str, whole: bool = False, opened: bool = False) -> None:
    """An edit inside a function body is checked quickly (asm_ls.engine.incremental.check)
    and confirmed by a whole check once typing pauses; anything else is
    checked whole at once: an opened file at once, ahead of the requests
    the editor sends with the opening (semantic tokens, inlay hints)."""
    await ls.configured.wait()
    while True:
        ls.stale.discard(uri)
        if uri not in ls.workspace.text_documents:
            return
        document = ls.workspace.get_text_document(uri)
        path, version = ls.path_of(uri), document.version
        if path is None:
            return
        source = _source_of(path, document)
        confirming, whole = whole, False  # after a stale confirmation, quick again
        first_read, opened = opened, False
        if not confirming and not first_read:
            await asyncio.sleep(REQUESTS_BEFORE_QUICK_CHECK_SECONDS)
            if uri in ls.stale:
                continue  # typed on meanwhile: check that text
        far = False
        try:
            found, far = (
                (None, False)
                if confirming or first_read
                else await ls.run(_quick_diagnostics, ls.model, source, urgency=Urgency.KEYSTROKE, release=True)
            )
        except Exception:  # a bug in the quick check: the whole check still answers
            log.exception("quick check of %s failed", path)
            found = None
        quick = found is not None
        if first_read and is_assembly(path) and len(source.text) >= FIRST_LOOK_CHARACTERS:
            # A large file opened: what its reading and quicker checks find, while the rest runs.
            try:
                early = await ls.run(_first_look, ls.model, source, urgency=Urgency.CHECK, release=True)
            except Exception:  # a bug in it: the whole check still answers
                log.exception("first look at %s failed", path)
            else:
                if uri not in ls.stale:
                    _publish(ls, uri, version, early)
        if found is None and not confirming and not first_read and not far:
            # The keystroke's quick check declined: the requests it brings (completion)
            # go first, rather than behind the whole check.
            await asyncio.sleep(REQUESTS_BEFORE_WHOLE_CHECK_SECONDS)
            if uri in ls.stale:
                continue  # typed on meanwhile: check that text
        if found is None:
            try:
                # Edits far apart: the whole check is the keystroke's, and the base of the next
                # ones (giving way to them, it would start again at each and never be done).
                urgency = Urgency.CONFIRM if confirming else Urgency.KEYSTROKE if far else Urgency.CHECK
                found = await ls.run(_diagnostics, ls.model, source, urgency=urgency, release=first_read)
            except Exception as error:  # the engine isolates checks; this is a bug around them
                log.exception("checking %s failed", path)
                found = [internal_error(source, error)]
        if uri not in ls.stale:
            _publish(ls, uri, version, found, unless_published=confirming)
            if quick:
                ls.confirming[uri] = asyncio.ensure_future(_confirm(ls, uri))
            return


async def _confirm(ls: AsmLanguageServer, uri: str) -> None:
    await asyncio.sleep(CONFIRM_AFTER_SECONDS)  # cancelled by the next edit
    # And so is the check: waiting for it (a second in a generated file) would hold up the edit's.
    ls.checking[uri] = ls.confirming[uri] = asyncio.ensure_future(_check_and_publish(ls, uri, whole=True))


def _source_of(path: str, document) -> SourceFile:
    """The buffer as the analyzer reads it, with the line starts the document keeps."""
    if isinstance(document, LineIndexedDocument):
        return SourceFile(path, document.source, document.line_starts())
    return SourceFile(path, document.source)


def _check(model: Workspace, source: SourceFile) -> list[Diagnostic]:
    """Every check; when `go tool asm` cannot run, its diagnostics are turned
    off for the session (one log line) and asm-ls's own still come."""
    try:
        found = model.analyzer.check(source)
    except ToolchainError as error:
        log.warning("go tool asm diagnostics failed, checking without them: %s", error)
        model.analyzer.options = replace(model.analyzer.options, toolchain=False)
        found = model.analyzer.check(source)
    for notice in model.analyzer.take_notices():  # once per session each: the check went on without it
        log.warning("go tool asm: %s", notice)
    return found


def _diagnostics(model: Workspace, source: SourceFile) -> list[Diagnostic]:
    if is_assembly(source.path):
        model.index.update(source.path, precise=True)
        found = _check(model, source)
    else:
        found = model.analyzer.package_diagnostics(os.path.dirname(source.path), source.path)
    return _in_file(found, source)


def _first_look(model: Workspace, source: SourceFile) -> list[Diagnostic]:
    return _in_file(model.analyzer.first_look(source), source)


def _quick_diagnostics(model: Workspace, source: SourceFile) -> tuple[list[Diagnostic] | None, bool]:
    """The keystroke's quick check (None when it declines), and whether it
    declined for edits far apart (asm_ls.engine.incremental.check.far_apart)."""
    if not is_assembly(source.path):
        return None, False
    found = model.analyzer.check_edit(source)
    if found is None:
        return None, model.analyzer.edits_far_apart(source)
    return _in_file(found, source), False


def _in_file(found: list[Diagnostic], source: SourceFile) -> list[Diagnostic]:
    here = os.path.abspath(source.path)
    return [d for d in found if os.path.abspath(d.path) == here]


def _publish(
    ls: AsmLanguageServer, uri: str, version: int | None, found: list[Diagnostic], unless_published: bool = False
) -> None:
    codec = ls.workspace.position_codec
    pairs = [(to_lsp(d, codec, from_fs_path), d) for d in found]
    if unless_published and [lsp for lsp, _ in ls.published.get(uri, ())] == [lsp for lsp, _ in pairs]:
        return  # a whole check confirming what the quick one published
    ls.published[uri] = pairs
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=[lsp for lsp, _ in pairs])
    )


# --- features -------------------------------------------------------------------


def _assembly_path(ls: AsmLanguageServer, document: types.TextDocumentIdentifier) -> str | None:
    path = ls.path_of(document.uri)
    return path if path is not None and is_assembly(path) else None


def _locations(ls: AsmLanguageServer, spans) -> list[types.Location]:
    codec = ls.workspace.position_codec
    return [to_location(span, codec, from_fs_path) for span in spans]


async def _places(
    ls: AsmLanguageServer, document: types.TextDocumentIdentifier, position: types.Position, find
) -> list[types.Location] | None:
    where = ls.offset_of(document.uri, position)
    if where is None:
        return None
    return _locations(ls, await ls.run(find, ls.model, *where)) or None


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
async def definition(ls: AsmLanguageServer, params: types.DefinitionParams) -> list[types.Location] | None:
    return await _places(ls, params.text_document, params.position, navigation.definition)


@server.feature(types.TEXT_DOCUMENT_IMPLEMENTATION)
async def implementation(ls: AsmLanguageServer, params: types.ImplementationParams) -> list[types.Location] | None:
    return await _places(ls, params.text_document, params.position, navigation.implementation)


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
async def references(ls: AsmLanguageServer, params: types.ReferenceParams) -> list[types.Location] | None:
    where = ls.offset_of(params.text_document.uri, params.position)
    if where is None:
        return None
    await _whole_workspace(ls)
    found = await ls.run(navigation.references, ls.model, *where, params.context.include_declaration)
    return _locations(ls, found) or None


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
async def document_highlight(
    ls: AsmLanguageServer, params: types.DocumentHighlightParams
) -> list[types.DocumentHighlight] | None:
    where = ls.offset_of(params.text_document.uri, params.position)
    if where is None:
        return None
    found = await ls.run(navigation.highlights, ls.model, *where)
    return to_highlights(found, ls.workspace.position_codec) or None


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover_request(ls: AsmLanguageServer, params: types.HoverParams) -> types.Hover | None:
    where = ls.offset_of(params.text_document.uri, params.position)
    if where is None:
        return None
    encodings = ls.machine_code.provider(ls.settings.options) if ls.settings.encodings else None
    found = await ls.run(hover.hover, ls.model, *where, encodings)
    if found is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=found.markdown),
        range=to_range(found.span, ls.workspace.position_codec),
    )


@server.feature(types.TEXT_DOCUMENT_PREPARE_CALL_HIERARCHY)
async def prepare_call_hierarchy(
    ls: AsmLanguageServer, params: types.CallHierarchyPrepareParams
) -> list[types.CallHierarchyItem] | None:
    where = ls.offset_of(params.text_document.uri, params.position)
    if where is None:
        return None
    found = await ls.run(calls.prepare, ls.model, *where)
    return [to_call_item(item, ls.workspace.position_codec, from_fs_path) for item in found] or None


async def _calls(ls: AsmLanguageServer, item: types.CallHierarchyItem, find) -> list | None:
    """incoming or outgoing calls of an item this server made (its data names the symbol)."""
    symbol = item.data.get("symbol") if isinstance(item.data, dict) else None
    where = ls.offset_of(item.uri, item.selection_range.start)
    if where is None or not isinstance(symbol, str):
        return None
    await _whole_workspace(ls)
    return await ls.run(find, ls.model, *where, symbol)


@server.feature(types.CALL_HIERARCHY_INCOMING_CALLS)
async def incoming_calls(
    ls: AsmLanguageServer, params: types.CallHierarchyIncomingCallsParams
) -> list[types.CallHierarchyIncomingCall] | None:
    found = await _calls(ls, params.item, calls.incoming)
    return to_incoming_calls(found, ls.workspace.position_codec, from_fs_path) if found else None


@server.feature(types.CALL_HIERARCHY_OUTGOING_CALLS)
async def outgoing_calls(
    ls: AsmLanguageServer, params: types.CallHierarchyOutgoingCallsParams
) -> list[types.CallHierarchyOutgoingCall] | None:
    found = await _calls(ls, params.item, calls.outgoing)
    return to_outgoing_calls(found, ls.workspace.position_codec, from_fs_path) if found else None


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=COMPLETION_TRIGGERS, resolve_provider=True),
)
async def completion_request(ls: AsmLanguageServer, params: types.CompletionParams) -> Json | None:
    where = ls.offset_of(params.text_document.uri, params.position)
    if where is None:
        return None
    found = await ls.run(completion.complete, ls.model, *where, urgency=Urgency.COMPLETION)
    data = [params.text_document.uri, where[1]]  # with each item's kind, what resolve describes it by
    return Json(to_completion_list(found, ls.workspace.position_codec, data, _reads_edit_range_default(ls)))


def _reads_edit_range_default(ls: AsmLanguageServer) -> bool:
    document = ls.client_capabilities.text_document
    completion_capabilities = document.completion if document else None
    completion_list = completion_capabilities.completion_list if completion_capabilities else None
    return bool(completion_list and completion_list.item_defaults and "editRange" in completion_list.item_defaults)


@server.feature(types.COMPLETION_ITEM_RESOLVE)
async def completion_resolve(ls: AsmLanguageServer, item: types.CompletionItem) -> types.CompletionItem:
    """Detail and documentation of an item of a completion list, from its data:
    (document, offset of the completion, kind); an item without such data
    (not ours, or a client that mangled it) comes back as it is."""
    data = item.data
    if not (
        isinstance(data, list)
        and len(data) == 3
        and isinstance(data[0], str)
        and isinstance(data[1], int)
        and isinstance(data[2], str)
    ):
        return item
    path = ls.path_of(data[0])
    if path is None:
        return item
    found = await ls.run(completion.describe, ls.model, path, data[1], data[2], item.label, urgency=Urgency.COMPLETION)
    if found is not None:
        item.detail = found.detail or None
        if found.documentation:
            item.documentation = types.MarkupContent(kind=types.MarkupKind.Markdown, value=found.documentation)
    return item


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
async def document_symbol(
    ls: AsmLanguageServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol] | None:
    path = _assembly_path(ls, params.text_document)
    if path is None:
        return None
    found = await ls.run(symbols.document_symbols, ls.model, path, urgency=Urgency.DOCUMENT)
    return to_document_symbols(found, ls.workspace.position_codec)


@server.feature(types.WORKSPACE_SYMBOL)
async def workspace_symbol(
    ls: AsmLanguageServer, params: types.WorkspaceSymbolParams
) -> list[types.WorkspaceSymbol] | None:
    await _whole_workspace(ls)
    found = await ls.run(symbols.workspace_symbols, ls.model, params.query)
    return to_workspace_symbols(found, ls.workspace.position_codec, from_fs_path)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
)
def code_action(ls: AsmLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    published = ls.published.get(params.text_document.uri, [])
    asked = params.context.diagnostics if params.context else []
    return (
        code_actions(published, params.range, ls.workspace.position_codec, from_fs_path, asked, _operations(ls)) or None
    )


def _operations(ls: AsmLanguageServer) -> frozenset[str]:
    """The file operations the client's workspace edits may hold."""
    workspace = ls.client_capabilities.workspace
    edit = workspace.workspace_edit if workspace else None
    if edit is None or not edit.document_changes:
        return frozenset()
    return frozenset(str(getattr(o, "value", o)) for o in edit.resource_operations or ())


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
async def document_formatting(
    ls: AsmLanguageServer, params: types.DocumentFormattingParams
) -> list[types.TextEdit] | None:
    return await _format(ls, params.text_document.uri, None)


@server.feature(types.TEXT_DOCUMENT_RANGE_FORMATTING)
async def range_formatting(
    ls: AsmLanguageServer, params: types.DocumentRangeFormattingParams
) -> list[types.TextEdit] | None:
    start, end = params.range.start, params.range.end
    last = end.line - 1 if end.character == 0 and end.line > start.line else end.line  # a selection of whole lines
    return await _format(ls, params.text_document.uri, (start.line, last))


async def _format(ls: AsmLanguageServer, uri: str, lines: tuple[int, int] | None) -> list[types.TextEdit] | None:
    """asmfmt's formatting as edits (the client's formatting options do not
    apply: asmfmt's style is fixed); a file that is not formatted is left
    alone, and the user is told why. Formatting reads only the text, so it
    runs on a thread of its own rather than waiting behind a check."""
    path = ls.path_of(uri)
    if path is None or not is_assembly(path):
        return None
    source = SourceFile(path, ls.workspace.get_text_document(uri).source)
    try:
        edits = await asyncio.to_thread(formatting.formatting_edits, source.text, lines)
    except formatting.FormatError as error:
        message = f"asm-ls: {os.path.basename(path)} not formatted: line {error.line + 1}: {error.message}"
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))
        return None
    return to_text_edits(edits, source, ls.workspace.position_codec)


# --- editing features ---------------------------------------------------------------


class RenameRefused(JsonRpcException):
    """A rename that is not safe: the client shows the message."""

    CODE = REQUEST_FAILED


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
async def prepare_rename(
    ls: AsmLanguageServer, params: types.PrepareRenameParams
) -> types.PrepareRenamePlaceholder | None:
    where = ls.offset_of(params.text_document.uri, params.position)
    if where is None:
        return None
    await _whole_workspace(ls)
    try:
        found = await ls.run(rename.prepare_rename, ls.model, *where)
    except rename.RenameError as error:
        raise RenameRefused(str(error)) from None
    if found is None:
        return None
    return types.PrepareRenamePlaceholder(
        range=to_range(found.span, ls.workspace.position_codec), placeholder=found.placeholder
    )


@server.feature(types.TEXT_DOCUMENT_RENAME)
async def rename_request(ls: AsmLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    where = ls.offset_of(params.text_document.uri, params.position)
    if where is None:
        return None
    await _whole_workspace(ls)
    try:
        edits = await ls.run(rename.rename, ls.model, *where, params.new_name)
    except rename.RenameError as error:
        raise RenameRefused(str(error)) from None
    return to_workspace_edit(edits, ls.workspace.position_codec, from_fs_path)


LEGEND = types.SemanticTokensLegend(
    token_types=list(semantic_tokens.TOKEN_TYPES), token_modifiers=list(semantic_tokens.TOKEN_MODIFIERS)
)


async def _semantic_tokens(ls: AsmLanguageServer, uri: str, lines: types.Range) -> types.SemanticTokens:
    path = ls.path_of(uri)
    source = ls.model.analyzer.source(path) if path is not None else None
    if path is None or source is None or not is_assembly(path):
        return types.SemanticTokens(data=[])
    offsets = (source.offset(lines.start.line, 0), source.offset(lines.end.line + 1, 0))
    found = await ls.run(semantic_tokens.semantic_tokens, ls.model, path, offsets, urgency=Urgency.DOCUMENT)
    return types.SemanticTokens(data=encode_semantic_tokens(found, source, ls.workspace.position_codec))


def _token_data(model: Workspace, path: str, codec) -> list[int]:
    """The whole file's tokens data as the client counts columns (on the engine thread: converting takes a while)."""
    source = model.analyzer.source(path)
    if source is None:
        return []
    return client_token_data(semantic_tokens.semantic_tokens_data(model, path), source, codec)


async def _whole_file_tokens(ls: AsmLanguageServer, uri: str) -> list[int]:
    path = ls.path_of(uri)
    if path is None or not is_assembly(path):
        return []
    return await ls.run(_token_data, ls.model, path, ls.workspace.position_codec, urgency=Urgency.DOCUMENT)


@server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, LEGEND)
async def semantic_tokens_full(ls: AsmLanguageServer, params: types.SemanticTokensParams) -> types.SemanticTokens:
    uri = params.text_document.uri
    data = await _whole_file_tokens(ls, uri)
    return types.SemanticTokens(data=data, result_id=ls.token_results.keep(uri, data))


@server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL_DELTA)
async def semantic_tokens_delta(
    ls: AsmLanguageServer, params: types.SemanticTokensDeltaParams
) -> types.SemanticTokens | types.SemanticTokensDelta:
    """Only what changed since the answer the client names: after a
    keystroke in a generated file, a few tokens instead of megabytes."""
    uri = params.text_document.uri
    previous = ls.token_results.get(uri, params.previous_result_id)
    data = await _whole_file_tokens(ls, uri)
    result_id = ls.token_results.keep(uri, data)
    if previous is None:  # not the last answer (or from before a restart): all of it
        return types.SemanticTokens(data=data, result_id=result_id)
    start, deleted, inserted = token_data_edit(previous, data)
    edits = [types.SemanticTokensEdit(start, deleted, inserted)] if deleted or inserted else []
    return types.SemanticTokensDelta(edits=edits, result_id=result_id)


@server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_RANGE, LEGEND)
async def semantic_tokens_range(ls: AsmLanguageServer, params: types.SemanticTokensRangeParams) -> types.SemanticTokens:
    return await _semantic_tokens(ls, params.text_document.uri, params.range)


@server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
async def inlay_hint(ls: AsmLanguageServer, params: types.InlayHintParams) -> Json | None:
    uri = params.text_document.uri
    start, end = ls.offset_of(uri, params.range.start), ls.offset_of(uri, params.range.end)
    if start is None or end is None or not is_assembly(start[0]):
        return None
    codec = ls.workspace.position_codec
    return await ls.run(
        _inlay_hints, ls.model, start[0], start[1], end[1], ls.settings.hints, codec, urgency=Urgency.DOCUMENT
    )


def _inlay_hints(model: Workspace, path: str, start: int, end: int, options, codec) -> Json | None:
    """The hints, converted on the engine thread (a generated file has thousands)."""
    found = inlay_hints.inlay_hints(model, path, start, end, options)
    source = model.analyzer.source(path)
    return to_inlay_hints(found, source, codec) if source is not None else None


@server.feature(
    types.TEXT_DOCUMENT_SIGNATURE_HELP,
    types.SignatureHelpOptions(trigger_characters=SIGNATURE_TRIGGERS, retrigger_characters=[","]),
)
async def signature_help_request(
    ls: AsmLanguageServer, params: types.SignatureHelpParams
) -> types.SignatureHelp | None:
    where = ls.offset_of(params.text_document.uri, params.position)
    if where is None:
        return None
    found = await ls.run(signature_help.signature_help, ls.model, *where, urgency=Urgency.COMPLETION)
    return to_signature_help(found, ls.workspace.position_codec) if found is not None else None


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
async def folding_range(ls: AsmLanguageServer, params: types.FoldingRangeParams) -> list[types.FoldingRange] | None:
    path = _assembly_path(ls, params.text_document)
    if path is None:
        return None
    return to_folding_ranges(await ls.run(structure.folding_ranges, ls.model, path, urgency=Urgency.DOCUMENT))


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_LINK)
async def document_link(ls: AsmLanguageServer, params: types.DocumentLinkParams) -> list[types.DocumentLink] | None:
    path = _assembly_path(ls, params.text_document)
    if path is None:
        return None
    found = await ls.run(structure.document_links, ls.model, path, urgency=Urgency.DOCUMENT)
    text = ls.client_capabilities.text_document
    links = text.document_link if text is not None else None
    tooltips = bool(links is not None and links.tooltip_support)
    return to_document_links(found, ls.workspace.position_codec, from_fs_path, tooltips)


@server.feature(types.TEXT_DOCUMENT_SELECTION_RANGE)
async def selection_range(
    ls: AsmLanguageServer, params: types.SelectionRangeParams
) -> list[types.SelectionRange] | None:
    uri = params.text_document.uri
    places = [ls.offset_of(uri, position) for position in params.positions]
    path = next((p[0] for p in places if p is not None), None)
    if path is None or not is_assembly(path):
        return None
    offsets = [p[1] if p is not None else 0 for p in places]
    found = await ls.run(structure.selection_ranges, ls.model, path, offsets)
    codec = ls.workspace.position_codec
    ranges = [to_selection_range(spans, codec) for spans in found]
    return [r for r in ranges if r is not None] or None


# --- running --------------------------------------------------------------------


class _ClientLog(logging.Handler):
    """Log records to the client's window/logMessage (stderr has warnings and errors too)."""

    LEVELS = {
        logging.ERROR: types.MessageType.Error,
        logging.WARNING: types.MessageType.Warning,
        logging.INFO: types.MessageType.Info,
    }

    def __init__(self, ls: AsmLanguageServer, loop: asyncio.AbstractEventLoop):
        super().__init__(logging.INFO)
        self.ls = ls
        self.loop = loop

    def emit(self, record: logging.LogRecord) -> None:
        kind = self.LEVELS.get(record.levelno, types.MessageType.Log)
        params = types.LogMessageParams(type=kind, message=f"asm-ls: {record.getMessage()}")
        try:
            self.loop.call_soon_threadsafe(self.ls.window_log_message, params)
        except RuntimeError:  # the loop has closed: stderr still has it
            pass


def _not_a_refusal(record: logging.LogRecord) -> bool:
    """pygls logs every error response with its traceback; a refused rename is an answer, not a fault."""
    return not (record.exc_info and isinstance(record.exc_info[1], RenameRefused))


def serve(tcp: tuple[str, int] | None = None) -> None:
    # A check allocates many short-lived objects: collecting less often halves a keystroke's CPU.
    gc.set_threshold(50_000, 20, 20)
    # Information goes to the client only (window/logMessage, Info or Log): clients such as
    # Neovim file all of a server's stderr as errors. Warnings and errors go to stderr too.
    stderr = logging.StreamHandler(sys.stderr)  # never stdout: that is the protocol's
    stderr.setLevel(logging.WARNING)
    logging.basicConfig(level=logging.INFO, format="asm-ls: %(message)s", handlers=[stderr])
    logging.getLogger("pygls").setLevel(logging.WARNING)
    logging.getLogger("pygls.protocol.json_rpc").addFilter(_not_a_refusal)
    if tcp is not None:
        server.start_tcp(*tcp)
    else:
        server.start_io()
