"""Editor features end to end, over stdio, for every client profile: navigation,
hover and live diagnostics on a workspace of two packages and two arches."""

from __future__ import annotations

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient
from support.lsp_support import (
    PROFILES,
    SERVER,
    diagnostics_for,
    open_document,
    places,
    position,
    published_eventually,
    start_in_workspace_copy,
)


@pytest_lsp.fixture(config=SERVER, params=sorted(PROFILES))
async def client(request, lsp_client: LanguageClient, tmp_path_factory):
    await start_in_workspace_copy(lsp_client, request.param, tmp_path_factory)
    yield
    await lsp_client.shutdown_session()


async def _navigate(client, request, params, relative: str, needle: str, nth: int, delta: int):
    path = client.root / relative
    open_document(client, path, language="go" if relative.endswith(".go") else "goasm")
    return places(
        client,
        await request(
            params(
                text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
                position=position(client, path, needle, nth, delta),
            )
        ),
    )


async def definition(client, relative: str, needle: str, nth: int = 0, delta: int = 1):
    return await _navigate(
        client, client.text_document_definition_async, types.DefinitionParams, relative, needle, nth, delta
    )


async def test_text_line_goes_to_its_go_declaration(client):
    assert await definition(client, "add/add_amd64.s", "·Add") == [("add/add.go", 7, "Add")]


async def test_cross_package_call_goes_to_each_arch_and_to_go(client):
    assert await definition(client, "use/use_amd64.s", "add·Add") == [
        ("add/add.go", 7, "Add"),
        ("add/add_amd64.s", 5, "·Add"),
        ("add/add_arm64.s", 4, "·Add"),
    ]


async def test_go_declaration_goes_to_each_text(client):
    assert await definition(client, "add/add.go", "Add(a") == [
        ("add/add_amd64.s", 5, "·Add"),
        ("add/add_arm64.s", 4, "·Add"),
    ]


async def test_go_call_site_in_another_package_goes_to_assembly(client):
    assert await definition(client, "use/use.go", "add.Add(x", delta=5) == [
        ("add/add_amd64.s", 5, "·Add"),
        ("add/add_arm64.s", 4, "·Add"),
    ]


async def implementation(client, relative: str, needle: str, delta: int = 1):
    return await _navigate(
        client, client.text_document_implementation_async, types.ImplementationParams, relative, needle, 0, delta
    )


async def test_implementation_goes_to_each_text_from_go_and_from_assembly(client):
    texts = [("add/add_amd64.s", 5, "·Add"), ("add/add_arm64.s", 4, "·Add")]
    assert await implementation(client, "add/add.go", "Add(a") == texts
    assert await implementation(client, "use/use.go", "add.Add(x", delta=5) == texts
    assert await implementation(client, "use/use_amd64.s", "add·Add") == texts
    # A Go function with a body, and a label, have none.
    assert await implementation(client, "use/use.go", "package", delta=0) == []
    assert await implementation(client, "add/add_amd64.s", "loop", delta=0) == []


async def test_label_macro_include_and_frame_definitions(client):
    assert await definition(client, "add/add_amd64.s", "loop", nth=1) == [("add/add_amd64.s", 17, "loop")]
    assert await definition(client, "add/add_amd64.s", "ZERO") == [("add/helpers.h", 2, "ZERO")]
    assert await definition(client, "add/add_amd64.s", '"helpers.h"') == [("add/helpers.h", 1, "")]
    assert await definition(client, "add/add_amd64.s", "xs_len") == [("add/add.go", 10, "xs")]
    assert await definition(client, "add/add_amd64.s", "·table", nth=2) == [
        ("add/add.go", 15, "table"),
        ("add/add_amd64.s", 32, "·table"),
    ]


async def test_references_cross_asm_and_go_and_packages(client):
    path = client.root / "add/add_amd64.s"
    open_document(client, path)
    found = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            position=position(client, path, "·Add"),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert places(client, found) == [
        ("add/add.go", 7, "Add"),
        ("add/add.go", 13, "Add"),
        ("add/add_amd64.s", 5, "·Add"),
        ("add/add_arm64.s", 4, "·Add"),
        ("use/use.go", 8, "Add"),
        ("use/use_amd64.s", 8, "wsmod∕add·Add"),
    ]


async def test_highlights_of_a_label_stay_in_the_function(client):
    path = client.root / "add/add_arm64.s"
    open_document(client, path)
    found = await client.text_document_document_highlight_async(
        types.DocumentHighlightParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=position(client, path, "loop:")
        )
    )
    assert sorted((h.range.start.line + 1) for h in found) == [16, 21]


async def hover_text(client, relative: str, needle: str, nth: int = 0, delta: int = 1) -> str:
    path = client.root / relative
    open_document(client, path)
    found = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            position=position(client, path, needle, nth, delta),
        )
    )
    assert found is not None and found.contents.kind == types.MarkupKind.Markdown
    return found.contents.value


async def test_hover_on_text_shows_signature_flags_and_frame(client):
    text = await hover_text(client, "add/add_amd64.s", "·Sum")
    assert "func Sum(xs []int64) int64" in text and "Sum adds up xs." in text
    assert "Flags: NOSPLIT (4)" in text
    assert "xs_len+8(FP)" in text and "ret+24(FP)" in text


async def test_hover_in_go_says_where_the_assembly_is(client):
    text = await hover_text(client, "use/use.go", "add.Add(x", delta=5)
    assert text.splitlines() == [
        "**In assembly**",
        "",
        "- amd64, ../add/add_amd64.s:5: `TEXT ·Add(SB), NOSPLIT, $0-24` (NOSPLIT; 0-byte frame, 24 bytes of arguments)",
        "- arm64, ../add/add_arm64.s:4: `TEXT ·Add(SB), NOSPLIT, $0-24` (NOSPLIT; 0-byte frame, 24 bytes of arguments)",
    ]


async def test_hover_on_frame_reference_shows_type_and_offset(client):
    text = await hover_text(client, "add/add_amd64.s", "xs_len")
    assert "xs_len+8(FP)  slice len  8 bytes" in text


async def test_hover_on_register_macro_and_flag(client):
    assert "ABIInternal: integer argument and result register 1" in await hover_text(
        client, "add/add_amd64.s", "AX", delta=0
    )
    macro = await hover_text(client, "add/add_amd64.s", "ZERO(AX)")
    assert "#define ZERO(r) XORQ r, r" in macro and "XORQ AX" in macro
    nosplit = await hover_text(client, "add/add_amd64.s", "NOSPLIT")
    assert "#define NOSPLIT 4" in nosplit
    assert "NOSPLIT chain height: **0** bytes of the 792-byte limit" in nosplit


async def test_hover_on_mnemonic_has_its_docs(client):
    text = await hover_text(client, "add/add_arm64.s", "CBZ")
    assert text.startswith("**CBZ** (arm64) — Compare and branch if zero")
    assert "This line: `CBZ R, label` · ARM `CBZ <Xt>, <label>`" in text


async def test_editing_the_go_stub_republishes_the_assembly(client):
    go_path = client.root / "add/add.go"
    asm_uri = open_document(client, client.root / "add/add_amd64.s")
    await diagnostics_for(client, asm_uri, 1)
    go_uri = open_document(client, go_path, language="go")
    text = go_path.read_text().replace("func Add(a, b int64) int64", "func Add(a, b int32) int64")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=go_uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    wanted = "Add: invalid offset b+8(FP); expected b+4(FP)"
    await published_eventually(client, asm_uri, lambda found: wanted in [d.message for d in found])


async def test_document_symbols_nest_labels_in_functions(client):
    path = client.root / "add/add_amd64.s"
    uri = open_document(client, path)
    found = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    outline = {s.name: sorted(c.name for c in s.children or []) for s in found}
    assert outline["·Sum"] == ["done", "loop"] and "·table" in outline and "ZERO" not in outline


async def test_workspace_symbols_fuzzy_across_packages(client):
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="trpl"))
    assert [(s.name, s.container_name) for s in found] == [("·Triple", "wsmod/use")]


async def test_quick_fix_comes_back_as_an_edit_never_a_write(client):
    path = client.root / "add/add_amd64.s"
    text = path.read_text().replace('#include "textflag.h"\n', "")
    uri = open_document(client, path, text)
    diagnostics = await diagnostics_for(client, uri, 1)
    flagged = [d for d in diagnostics if d.code == "textflag-include"]
    assert flagged
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=flagged[0].range,
            context=types.CodeActionContext(diagnostics=flagged),
        )
    )
    edits = [e for a in actions for e in a.edit.changes[uri]]
    assert any('#include "textflag.h"' in e.new_text for e in edits)
    assert path.read_text() != text  # the file on disk is untouched


async def test_indexing_reports_progress_and_file_watching_is_registered(client):
    await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="Add"))  # after the first index
    reports = [r for token in client.progress_reports for r in client.progress_reports[token]]
    assert isinstance(reports[0], types.WorkDoneProgressBegin) and isinstance(reports[-1], types.WorkDoneProgressEnd)
    watched = client.capabilities.workspace.did_change_watched_files
    registered = [r.method for r in client.registrations]
    expected = ["workspace/didChangeWatchedFiles"] if watched and watched.dynamic_registration else []
    assert registered == expected


async def test_a_file_changed_on_disk_is_reindexed(client):
    path = client.root / "use/use_amd64.s"
    path.write_text(path.read_text().replace("TEXT ·Triple(SB)", "TEXT ·Thrice(SB)"))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    for _ in range(50):
        found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="Thrice"))
        if found:
            break
    assert [s.name for s in found] == ["·Thrice"]


async def test_keystrokes_in_a_function_body_get_diagnostics_that_follow_the_lines(client):
    path = client.root / "add/add_amd64.s"
    uri = open_document(client, path)
    await diagnostics_for(client, uri, 1)
    wrong = "Add: invalid offset b+4(FP); expected b+8(FP)"

    def change(version: int, line: int, character: int, end: int, text: str) -> None:
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(types.Position(line, character), types.Position(line, end)), text=text
                    )
                ],
            )
        )

    change(2, 6, 8, 9, "4")  # MOVQ b+8(FP), BX -> b+4(FP)
    found = await diagnostics_for(client, uri, 2)
    assert [(d.range.start.line, d.message) for d in found if d.message == wrong] == [(6, wrong)]
    change(3, 5, 0, 0, "\tNOP\n")  # a line above it
    found = await diagnostics_for(client, uri, 3)
    flagged = [d for d in found if d.message == wrong]
    assert [d.range.start.line for d in flagged] == [7]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=flagged[0].range,
            context=types.CodeActionContext(diagnostics=flagged),
        )
    )
    edits = [e for a in actions for e in a.edit.changes[uri]]
    assert [(e.range.start.line, e.new_text) for e in edits] == [(7, "b+8(FP)")]


async def test_vet_text_passes_are_live_in_files_built_and_not(client):
    """framepointer and directive findings in an open file, and buildtag's in
    a file no build context uses (vet reads those too)."""
    path = client.root / "add/add_amd64.s"
    text = "//go:debug panicnil=1\n\n" + path.read_text().replace("\tADDQ\tBX, AX\n", "\tMOVQ\tBX, BP\n")
    uri = open_document(client, path, text)
    found = await published_eventually(client, uri, lambda found: any(d.code == "directive" for d in found))
    assert sorted((d.code, d.range.start.line) for d in found if d.code in ("framepointer", "directive")) == [
        ("directive", 0),
        ("framepointer", 9),
    ]
    ignored = client.root / "add/ignored.s"
    ignored.write_text("//go:build ignore\n// +build linux\n\nTEXT ·Nothing(SB), $0\n\tRET\n")
    uri = open_document(client, ignored)
    found = await published_eventually(client, uri, lambda found: found)
    assert [(d.code, d.range.start.line, d.message) for d in found] == [
        ("buildtag", 1, "+build lines do not match //go:build condition")
    ]
