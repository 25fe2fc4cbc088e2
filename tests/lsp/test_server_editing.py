"""The editing features end to end, over stdio, for every client profile
(UTF-16, and UTF-8 where `∕` and `·` are 3 and 2 bytes): rename with
prepareRename (and its refusals), semantic tokens, inlay hints and their
settings, signature help, folding ranges, document links, selection ranges
and register highlights with read and write kinds, on the module in
tests/fixtures/editing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient
from support.lsp_support import (
    PROFILES,
    SERVER,
    apply_edits,
    client_units,
    offset_at,
    open_document,
    position_in,
    start,
)
from support.paths import FIXTURES

from asm_ls.features.semantic_tokens import TOKEN_MODIFIERS, TOKEN_TYPES

EDITING = FIXTURES / "editing"


async def _session(client: LanguageClient, profile: str, tmp_path_factory):
    root = tmp_path_factory.mktemp("ed") / "editing"
    shutil.copytree(EDITING, root)
    client.root = root
    await start(client, profile, root, settings={"toolchain": False})


# Where positions are converted (a rename after `∕`, tokens, hints, signatures, selections): every profile.
@pytest_lsp.fixture(config=SERVER, params=sorted(PROFILES))
async def client(request, lsp_client: LanguageClient, tmp_path_factory):
    await _session(lsp_client, request.param, tmp_path_factory)
    yield
    await lsp_client.shutdown_session()


# The rest: one profile.
@pytest_lsp.fixture(config=SERVER)
async def vscode(lsp_client: LanguageClient, tmp_path_factory):
    await _session(lsp_client, "vscode", tmp_path_factory)
    yield
    await lsp_client.shutdown_session()


def _at(client: LanguageClient, relative: str, needle: str, nth: int = 0, delta: int = 1):
    path = client.root / relative
    uri = open_document(client, path, language="go" if relative.endswith(".go") else "goasm")
    return types.TextDocumentIdentifier(uri=uri), position_in(client, path.read_text(), needle, nth, delta)


def _applied(client: LanguageClient, edit: types.WorkspaceEdit) -> dict[str, str]:
    """The files the edit changes, as they read after it (relative path -> text)."""
    changed = {}
    for uri, edits in (edit.changes or {}).items():
        path = Path(uri.removeprefix("file://"))
        changed[str(path.relative_to(client.root))] = apply_edits(client, path.read_text(), edits)
    return changed


def _original(client: LanguageClient, relative: str) -> str:
    return (client.root / relative).read_text()


async def test_capabilities_advertise_the_editing_features(vscode: LanguageClient):
    server = vscode.server_capabilities
    assert server.rename_provider == types.RenameOptions(prepare_provider=True)
    legend = server.semantic_tokens_provider.legend
    assert list(legend.token_types) == list(TOKEN_TYPES) and list(legend.token_modifiers) == list(TOKEN_MODIFIERS)
    assert server.semantic_tokens_provider.full and server.semantic_tokens_provider.range
    assert server.inlay_hint_provider and server.folding_range_provider and server.selection_range_provider
    assert server.document_link_provider is not None
    assert set(server.signature_help_provider.trigger_characters) >= {"(", ","}


async def test_rename_a_symbol_across_assembly_go_and_packages(client: LanguageClient):
    document, position = _at(client, "vec/vec_amd64.s", "·Sum")
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=document, position=position)
    )
    assert prepared.placeholder == "Sum"
    assert prepared.range.start == position_in(client, _original(client, "vec/vec_amd64.s"), "·Sum", delta=1)
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=document, position=position, new_name="Total")
    )
    changed = _applied(client, edit)
    for relative in ("vec/vec.go", "vec/vec_amd64.s", "vec/vec_arm64.s", "app/app.go", "app/app_amd64.s"):
        before = _original(client, relative)
        assert changed[relative] == (
            before.replace("·Sum", "·Total").replace("vec.Sum", "vec.Total").replace(" Sum(", " Total(")
        ), relative
    assert "edmod∕vec·Total(SB)" in changed["app/app_amd64.s"]  # after a 3-byte `∕` in UTF-8
    assert (client.root / "vec/vec.go").read_text() == _original(client, "vec/vec.go")  # nothing written


async def test_rename_an_argument_with_its_go_parameter_and_components(client: LanguageClient):
    document, position = _at(client, "vec/vec_arm64.s", "xs_len")
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=document, position=position)
    )
    assert prepared.placeholder == "xs"
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=document, position=position, new_name="values")
    )
    changed = _applied(client, edit)
    assert sorted(changed) == ["vec/vec.go", "vec/vec_amd64.s", "vec/vec_arm64.s"]
    assert "func Sum(values []int64) (total int64)" in changed["vec/vec.go"]
    assert "func Scale(xs []int64, k int64)" in changed["vec/vec.go"]  # another function's xs stays
    arm64 = changed["vec/vec_arm64.s"]
    assert "// func Sum(values []int64) (total int64)" in arm64
    assert "values_base+0(FP), R2" in arm64 and "values_len+8(FP), R3" in arm64
    assert arm64.count("xs_base+0(FP)") == 1  # Scale's


REFUSED = [
    ("vec/vec_amd64.s", "NOSPLIT", 1, "X", "NOSPLIT is a flag of textflag.h"),
    ("vec/vec_amd64.s", "·Sum", 1, "Scale", "Scale is already defined at vec_amd64.s:21"),
    ("vec/vec_amd64.s", "·Sum", 1, "sum", "sum would be unexported, but other packages use Sum"),
    ("vec/vec_amd64.s", "loop:", 0, "done", "Sum already has a label done"),
    ("vec/vec_amd64.s", "loop:", 0, "AX", "AX is a register on amd64"),
    ("app/app_amd64.s", "ret+", 0, "r", "ret is an unnamed parameter or result of Total"),
]


async def test_unsafe_renames_are_refused_with_the_reason(vscode: LanguageClient):
    for relative, needle, delta, new_name, message in REFUSED:
        document, position = _at(vscode, relative, needle, delta=delta)
        with pytest.raises(JsonRpcException, match=message) as refused:
            await vscode.text_document_prepare_rename_async(
                types.PrepareRenameParams(text_document=document, position=position)
            )
            await vscode.text_document_rename_async(
                types.RenameParams(text_document=document, position=position, new_name=new_name)
            )
        assert refused.value.code == types.LSPErrorCodes.RequestFailed


async def test_rename_a_macro_in_its_header_and_every_file_using_it(vscode: LanguageClient):
    document, position = _at(vscode, "vec/vec_arm64.s", "ZERO")
    edit = await vscode.text_document_rename_async(
        types.RenameParams(text_document=document, position=position, new_name="CLEAR")
    )
    changed = _applied(vscode, edit)
    assert sorted(changed) == ["vec/vec.h", "vec/vec_amd64.s", "vec/vec_arm64.s"]
    assert changed["vec/vec.h"].count("#define CLEAR(r)") == 2  # both #ifdef branches
    assert "CLEAR(AX)" in changed["vec/vec_amd64.s"] and "CLEAR(R0)" in changed["vec/vec_arm64.s"]


def _decoded(client: LanguageClient, text: str, data: list[int]) -> list[tuple[int, str, str, list[str]]]:
    """(line, text, type, modifiers) of each token of a semantic tokens answer."""
    lines = text.split("\n")
    found = []
    line = column = 0
    for index in range(0, len(data), 5):
        delta_line, delta_start, length, kind, modifiers = data[index : index + 5]
        line += delta_line
        column = column + delta_start if delta_line == 0 else delta_start
        encoded = lines[line]
        start = len(_prefix(client, encoded, column))
        word = encoded[start : start + len(_prefix(client, encoded[start:], length))]
        names = [m for bit, m in enumerate(TOKEN_MODIFIERS) if modifiers >> bit & 1]
        found.append((line + 1, word, TOKEN_TYPES[kind], names))
    return found


def _prefix(client: LanguageClient, text: str, units: int) -> str:
    """The longest prefix of text that is `units` long in the client's encoding."""
    for end in range(len(text) + 1):
        if client_units(client, text[:end]) >= units:
            return text[:end]
    return text


async def test_semantic_tokens_full_and_range(client: LanguageClient):
    relative = "app/app_amd64.s"
    text = _original(client, relative)
    uri = open_document(client, client.root / relative)
    full = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    tokens = _decoded(client, text, full.data)
    assert (4, "·Total", "function", ["declaration", "definition"]) in tokens
    assert (4, "SB", "variable", ["defaultLibrary", "pseudo"]) in tokens
    assert (5, "xs_base", "parameter", []) in tokens
    assert (5, "AX", "variable", ["defaultLibrary", "general"]) in tokens
    assert (11, "CALL", "keyword", []) in tokens
    assert (11, "edmod∕vec·Sum", "function", []) in tokens  # decoded after `∕`, in every encoding
    assert (3, "// func Total(xs []int64) int64", "comment", []) in tokens
    assert (1, "#", "keyword", ["directive"]) in tokens and (1, '"textflag.h"', "string", []) in tokens
    lines = types.Range(types.Position(10, 0), types.Position(11, 0))
    ranged = await client.text_document_semantic_tokens_range_async(
        types.SemanticTokensRangeParams(text_document=types.TextDocumentIdentifier(uri=uri), range=lines)
    )
    assert _decoded(client, text, ranged.data) == [t for t in tokens if t[0] in (11, 12)]


async def test_semantic_tokens_delta_after_an_edit(client: LanguageClient):
    """A delta request gets the one edit that turns the last answer into a
    full answer of the new text (a few tokens after a keystroke, not the file)."""
    relative = "app/app_amd64.s"
    lines = _original(client, relative).split("\n")
    uri = open_document(client, client.root / relative)
    document = types.TextDocumentIdentifier(uri=uri)
    first = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=document))
    assert first.result_id
    lines[11:11] = ["again:", "\tCALL\tedmod∕vec·Sum(SB)", "\tJMP\tagain"]
    text = "\n".join(lines)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    delta = await client.text_document_semantic_tokens_full_delta_async(
        types.SemanticTokensDeltaParams(text_document=document, previous_result_id=first.result_id)
    )
    assert isinstance(delta, types.SemanticTokensDelta) and len(delta.edits) == 1
    edit = delta.edits[0]
    assert edit.start > 0 and len(edit.data or []) < len(first.data)  # the lines before and after are kept
    data = list(first.data)
    data[edit.start : edit.start + edit.delete_count] = edit.data or []
    tokens = _decoded(client, text, data)
    assert (12, "again", "label", ["declaration", "definition"]) in tokens
    assert (13, "edmod∕vec·Sum", "function", []) in tokens and (14, "again", "label", []) in tokens
    assert (17, "RET", "keyword", []) in tokens  # moved down by the lines inserted
    whole = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=document))
    assert list(whole.data) == data
    stale = await client.text_document_semantic_tokens_full_delta_async(
        types.SemanticTokensDeltaParams(text_document=document, previous_result_id=first.result_id)
    )
    assert isinstance(stale, types.SemanticTokens) and list(stale.data) == data  # an id not the last: all of it


async def test_inlay_hints_and_their_settings(client: LanguageClient):
    relative = "vec/vec_amd64.s"
    text = _original(client, relative)
    uri = open_document(client, client.root / relative)
    whole = types.Range(types.Position(0, 0), types.Position(len(text.splitlines()), 0))

    async def hints() -> list[tuple[int, str, str]]:
        found = await client.text_document_inlay_hint_async(
            types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=uri), range=whole)
        )
        lines = text.splitlines()
        shown = []
        for hint in found or []:
            line = lines[hint.position.line]
            shown.append((hint.position.line + 1, _prefix(client, line, hint.position.character).strip(), hint.label))
        return shown

    found = await hints()
    assert (5, "TEXT ·Sum(SB), NOSPLIT, $0-32", "frame 0 bytes, args 32 bytes") in found
    assert (7, "MOVQ\txs_len+8(FP)", "slice len, 8 bytes") in found
    assert (8, "ZERO(AX)", "→ XORQ AX, AX") in found
    assert (13, "ADDQ\t$STEP", "→ 8") in found
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"asmLs": {"inlayHints": {"frameTypes": False}}})
    )
    for _ in range(100):  # the notification is handled before the next request, but not synchronously
        found = await hints()
        if not any(label.endswith("bytes") and "frame" not in label for _, _, label in found):
            break
    assert not any(label == "slice len, 8 bytes" for _, _, label in found)
    assert (8, "ZERO(AX)", "→ XORQ AX, AX") in found
    workspace = client.capabilities.workspace
    if workspace is not None and workspace.inlay_hint is not None and workspace.inlay_hint.refresh_support:
        assert client.refreshed == [types.WORKSPACE_INLAY_HINT_REFRESH]  # asked to show the new ones


async def test_signature_help_for_a_macro_and_an_instruction(client: LanguageClient):
    path = client.root / "vec/vec_amd64.s"
    lines = path.read_text().split("\n")
    lines[12] = "\tADDTO((SI), "
    uri = open_document(client, path, "\n".join(lines))
    document = types.TextDocumentIdentifier(uri=uri)
    found = await client.text_document_signature_help_async(
        types.SignatureHelpParams(text_document=document, position=types.Position(12, len(lines[12])))
    )
    assert [s.label for s in found.signatures] == ["ADDTO(src, dst)"]
    start, end = found.signatures[0].parameters[found.active_parameter].label
    assert found.signatures[0].label[start:end] == "dst"

    lines[12] = "\tMOVQ\t$1, "
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="\n".join(lines))],
        )
    )
    found = await client.text_document_signature_help_async(
        types.SignatureHelpParams(text_document=document, position=types.Position(12, len(lines[12])))
    )
    first = found.signatures[found.active_signature]
    assert first.label == "MOVQ imm32, r/m64" and found.active_parameter == 1
    start, end = first.parameters[1].label
    assert first.label[start:end] == "r/m64"


async def test_folding_links_and_selection_ranges(client: LanguageClient):
    relative = "vec/vec_amd64.s"
    document, position = _at(client, relative, "xs_len", delta=2)
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=document))
    assert [(f.start_line + 1, f.end_line + 1, f.kind) for f in folds] == [
        (1, 2, "imports"),
        (5, 18, "region"),  # TEXT ·Sum
        (21, 37, "region"),  # TEXT ·Scale
        (39, 40, "comment"),
        (41, 45, "region"),  # the DATA table
        (48, 51, "region"),  # TEXT ·One
        (53, 54, "region"),  # ones<>
    ]
    links = await client.text_document_document_link_async(types.DocumentLinkParams(text_document=document))
    assert [link.target.rsplit("/", 1)[-1] for link in links] == ["textflag.h", "vec.h"]
    assert links[1].target == (client.root / "vec/vec.h").as_uri()
    selections = await client.text_document_selection_range_async(
        types.SelectionRangeParams(text_document=document, positions=[position])
    )
    text = _original(client, relative)
    chain = []
    selection = selections[0]
    while selection is not None:
        start = offset_at(client, text, selection.range.start)
        chain.append(text[start : offset_at(client, text, selection.range.end)].split("\n")[0])
        selection = selection.parent
    assert chain == [
        "xs_len",
        "xs_len+8(FP)",
        "MOVQ\txs_len+8(FP), CX",
        "TEXT ·Sum(SB), NOSPLIT, $0-32",
        '#include "textflag.h"',
    ]


# (file, register, the lines it is on in the function, with read or write)
HIGHLIGHTS = [
    # amd64, from x86.v0.2.csv: TESTQ and BTQ only read, XCHGQ writes both, a store reads its address.
    ("vec/vec_amd64.s", "DX", [(31, "write"), (32, "read")]),
    ("vec/vec_amd64.s", "DI", [(22, "write"), (28, "read"), (30, "read"), (33, "write")]),
    ("vec/vec_amd64.s", "CX", [(7, "write"), (10, "read"), (10, "read"), (14, "write")]),
    # arm64: CMP reads; SUB $1, R1, R1 reads one R1 and writes the other; LDP writes its pair,
    # STP reads it; MOVD.P writes its base back.
    ("vec/vec_arm64.s", "R1", [(22, "write"), (25, "read"), (30, "read"), (30, "write")]),
    ("vec/vec_arm64.s", "R5", [(31, "write"), (32, "read")]),
    ("vec/vec_arm64.s", "R2", [(6, "write"), (11, "write")]),
]


async def test_register_highlights_read_and_write(vscode: LanguageClient):
    kinds = {types.DocumentHighlightKind.Read: "read", types.DocumentHighlightKind.Write: "write"}
    for relative, register, expected in HIGHLIGHTS:
        document, position = _at(vscode, relative, register, delta=0)
        found = await vscode.text_document_document_highlight_async(
            types.DocumentHighlightParams(text_document=document, position=position)
        )
        assert [(h.range.start.line + 1, kinds.get(h.kind, "text")) for h in found] == expected, register
