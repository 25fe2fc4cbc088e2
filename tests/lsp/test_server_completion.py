"""Completion end to end, over stdio, for every client profile: lists that
carry labels, kinds, ranks and edits only, completionItem/resolve for the
detail and documentation, and what comes first where."""

from __future__ import annotations

from dataclasses import dataclass

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient
from support.lsp_support import (
    PROFILES,
    SERVER,
    client_slice,
    client_units,
    diagnostics_for,
    open_document,
    start_in_workspace_copy,
)


@pytest_lsp.fixture(config=SERVER, params=sorted(PROFILES))
async def client(request, lsp_client: LanguageClient, tmp_path_factory):
    await start_in_workspace_copy(lsp_client, request.param, tmp_path_factory)
    yield
    await lsp_client.shutdown_session()


@dataclass
class Offered:
    item: types.CompletionItem
    inserted: str  # what accepting it writes
    replaced: str  # the text it replaces

    @property
    def label(self) -> str:
        return self.item.label


async def complete(
    client, relative: str, line: int, typed: str, checked: bool = False
) -> tuple[types.CompletionList, list[Offered]]:
    """Complete after `typed` (lines, the cursor at its end) replaced line
    (1-based) of a copy of the file, once the server has checked the text
    when `checked`; each item with what accepting it would write and
    replace, as a client reads an item's own edit or the list's default
    range."""
    path = client.root / relative
    lines = path.read_text().splitlines(keepends=True)
    lines[line - 1] = typed + "\n"
    uri = open_document(client, path, "".join(lines))
    if checked:
        await diagnostics_for(client, uri, 1)
    line += typed.count("\n")
    typed = typed.rpartition("\n")[2]
    return await complete_at(client, uri, line - 1, typed)


async def complete_at(client, uri: str, line: int, typed: str) -> tuple[types.CompletionList, list[Offered]]:
    """Complete at the end of `typed`, the start of the document's 0-based line."""
    found = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line, client_units(client, typed)),
        )
    )
    assert isinstance(found, types.CompletionList)
    offered = []
    for item in found.items:
        if item.text_edit is not None:
            assert isinstance(item.text_edit, types.TextEdit)
            edit_range, inserted = item.text_edit.range, item.text_edit.new_text
        else:
            assert found.item_defaults is not None and isinstance(found.item_defaults.edit_range, types.Range)
            edit_range, inserted = found.item_defaults.edit_range, item.text_edit_text or item.label
        assert edit_range.start.line == edit_range.end.line == line
        offered.append(
            Offered(item, inserted, client_slice(client, typed, edit_range.start.character, edit_range.end.character))
        )
    return found, offered


def by_label(offered: list[Offered]) -> dict[str, Offered]:
    return {o.label: o for o in offered}


def kinds(offered: list[Offered], kind: types.CompletionItemKind) -> list[str]:
    return [o.label for o in offered if o.item.kind == kind]


async def described(client, offered: Offered) -> tuple[str | None, str]:
    """(detail, Markdown documentation) of an item, from completionItem/resolve."""
    resolved = await client.completion_item_resolve_async(offered.item)
    assert resolved.label == offered.label and resolved.data == offered.item.data
    if resolved.documentation is None:
        return resolved.detail, ""
    assert isinstance(resolved.documentation, types.MarkupContent)
    assert resolved.documentation.kind == types.MarkupKind.Markdown
    return resolved.detail, resolved.documentation.value


async def test_lists_carry_no_documentation_and_resolve_describes_items(client):
    found, offered = await complete(client, "add/add_amd64.s", 14, "\tMOVQ\txs_")
    assert all(o.item.detail is None and o.item.documentation is None for o in offered)
    slot = by_label(offered)["xs_len+8(FP)"]
    assert (slot.replaced, slot.inserted) == ("xs_", "xs_len+8(FP)")
    assert await described(client, slot) == ("slice len, 8 bytes", "`func Sum(xs []int64) int64`")

    found, offered = await complete(client, "add/add_amd64.s", 19, "\tVPADD")
    detail, documentation = await described(client, by_label(offered)["VPADDD"])
    assert detail == "Add Packed Doubleword Integers"
    assert "`VPADDD ymm2/m256, ymmV, ymm1`" in documentation

    stranger = types.CompletionItem(label="AX", data={"from": "another server"})
    assert await client.completion_item_resolve_async(stranger) == stranger


async def test_symbols_after_middle_dot_resolve_to_their_go_declaration(client):
    found, offered = await complete(client, "use/use_amd64.s", 8, "\tCALL\t·")
    triple = by_label(offered)["·Triple"]
    assert (triple.replaced, triple.inserted) == ("·", "·Triple(SB)")
    found, offered = await complete(client, "use/use_amd64.s", 8, "\tCALL\twsmod∕add·")
    assert [o.label for o in offered] == ["wsmod∕add·Add", "wsmod∕add·Sum", "wsmod∕add·table"]  # functions first
    add = by_label(offered)["wsmod∕add·Add"]
    assert (add.replaced, add.inserted) == ("wsmod∕add·", "wsmod∕add·Add(SB)")
    assert await described(client, add) == ("func Add(a, b int64) int64", "Add returns a+b.")
    # The package's symbols, then what its assembly uses without defining (Twice has a Go body).
    found, offered = await complete(client, "add/add_amd64.s", 9, "\tCALL\t·Twice(SB)\n\tCALL\t·", checked=True)
    assert [o.label for o in offered] == ["·Add", "·Sum", "·table", "·Twice"]
    assert (await described(client, offered[-1]))[0] == "used in add_amd64.s"


async def test_operand_offers_frame_slots_and_registers_that_fit_first(client):
    found, offered = await complete(client, "add/add_amd64.s", 14, "\tMOVL\t$0, ")
    assert found.is_incomplete  # the first list: the rest comes as the user types
    # Writing 4 bytes: no slot of Sum fits; the general registers do, not AL, not X0.
    registers = kinds(offered, types.CompletionItemKind.Variable)
    assert [o.label for o in offered[:3]] == ["AX", "BP", "BX"]
    assert registers.index("R15") < registers.index("AL") < registers.index("X0")
    found, offered = await complete(client, "add/add_amd64.s", 14, "\tMOVQ\t")
    assert [o.label for o in offered[:2]] == ["xs_base+0(FP)", "xs_len+8(FP)"]
    found, offered = await complete(client, "add/add_arm64.s", 14, "\tFMOVD\t")
    assert kinds(offered, types.CompletionItemKind.Variable)[:2] == ["F0", "F1"]


async def test_branches_offer_the_function_labels_first(client):
    found, offered = await complete(client, "add/add_arm64.s", 20, "\tB\t")
    assert [o.label for o in offered[:2]] == ["loop", "done"]
    found, offered = await complete(client, "add/add_arm64.s", 20, "\tB\tlo")
    assert (by_label(offered)["loop"].replaced, by_label(offered)["loop"].inserted) == ("lo", "loop")
    found, offered = await complete(client, "add/add_amd64.s", 19, "\tVPADD")
    assert "VPADDD" in by_label(offered) and found.is_incomplete


async def test_completion_reads_the_buffer_after_incremental_changes(client):
    path = client.root / "add/add_amd64.s"
    uri = open_document(client, path)
    await diagnostics_for(client, uri, 1)
    # Two lines above Sum, then its first operand (line 14, now 16) retyped: each change
    # moves the line starts the server keeps, which the completion reads.
    changes = [((12, 0, 12, 0), "// one\n// two\n"), ((15, 6, 15, 23), "xs_")]
    for version, ((line, column, end_line, end_column), text) in enumerate(changes, start=2):
        where = types.Range(types.Position(line, column), types.Position(end_line, end_column))
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(range=where, text=text)],
            )
        )
    found, offered = await complete_at(client, uri, 15, "\tMOVQ\txs_")
    slot = by_label(offered)["xs_len+8(FP)"]
    assert (slot.replaced, slot.inserted) == ("xs_", "xs_len+8(FP)")
