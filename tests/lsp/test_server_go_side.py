"""The Go side end to end, over stdio: from assembly to Go functions with
bodies, a method, a variable, another package and //go:linkname; go_asm.h
names in hover and definition; the call hierarchy across both languages.
On the goside fixture module (see tests/fixtures/goside)."""

from __future__ import annotations

import shutil

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient
from support.lsp_support import SERVER, open_document, places, position, start
from support.paths import FIXTURES


@pytest_lsp.fixture(config=SERVER, params=["vscode", "neovim-utf8"])
async def client(request, lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("ws") / "goside"
    shutil.copytree(FIXTURES / "goside", root)
    lsp_client.root = root
    await start(lsp_client, request.param, root, settings={"toolchain": False})
    yield
    await lsp_client.shutdown_session()


def _at(client: LanguageClient, relative: str, needle: str, delta: int = 1) -> dict:
    path = client.root / relative
    uri = open_document(client, path, language="go" if relative.endswith(".go") else "goasm")
    return {
        "text_document": types.TextDocumentIdentifier(uri=uri),
        "position": position(client, path, needle, 0, delta),
    }


async def definition(client, relative: str, needle: str, delta: int = 2):
    found = await client.text_document_definition_async(types.DefinitionParams(**_at(client, relative, needle, delta)))
    return places(client, found)


async def test_assembly_reaches_every_kind_of_go_declaration(client):
    assert await definition(client, "mul/mul_amd64.s", "·mulGo") == [("mul/mul.go", 26, "mulGo")]
    assert await definition(client, "mul/mul_arm64.s", "·mulGo") == [("mul/mul.go", 26, "mulGo")]
    assert await definition(client, "mul/mul_amd64.s", "·Counter") == [("mul/mul.go", 14, "Counter")]
    assert await definition(client, "mul/mul_amd64.s", "other·Helper") == [("other/other.go", 10, "Helper")]
    assert await definition(client, "mul/mul_amd64.s", "·pushed") == [("other/other.go", 15, "pushedImpl")]
    assert await definition(client, "method/method_amd64.s", "·counter·Value") == [("method/method.go", 13, "Value")]


async def test_go_asm_h_names_in_hover_and_definition(client):
    found = await client.text_document_hover_async(types.HoverParams(**_at(client, "mul/mul_amd64.s", "acc_buf")))
    assert found is not None
    assert "#define acc_buf 16" in found.contents.value
    assert "`acc.buf`, offset 16 on amd64" in found.contents.value
    assert await definition(client, "mul/mul_amd64.s", "acc_buf") == [("mul/mul.go", 19, "buf")]
    assert await definition(client, "mul/mul_amd64.s", "const_Scale") == [("mul/mul.go", 11, "Scale")]


async def test_references_of_a_go_function_include_assembly(client):
    found = await client.text_document_references_async(
        types.ReferenceParams(
            **_at(client, "mul/mul.go", "func mulGo", 6), context=types.ReferenceContext(include_declaration=True)
        )
    )
    assert places(client, found) == [
        ("mul/mul.go", 26, "mulGo"),
        ("mul/mul_amd64.s", 10, "·mulGo"),
        ("mul/mul_arm64.s", 10, "·mulGo"),
    ]


async def test_implementation_through_a_linkname(client):
    found = await client.text_document_implementation_async(
        types.ImplementationParams(**_at(client, "mul/mul.go", "func fastMul", 6))
    )
    assert places(client, found) == [("other/other_amd64.s", 4, "·asmMul"), ("other/other_arm64.s", 4, "·asmMul")]


def _calls(client: LanguageClient, found, item_of) -> list[tuple[str, str, list[int]]]:
    return sorted(
        (item_of(call).name, item_of(call).uri.rsplit("/", 1)[1], sorted(r.start.line + 1 for r in call.from_ranges))
        for call in found or []
    )


async def test_call_hierarchy_across_assembly_and_go(client):
    items = await client.text_document_prepare_call_hierarchy_async(
        types.CallHierarchyPrepareParams(**_at(client, "mul/mul_amd64.s", "TEXT ·Mul", 6))
    )
    assert items is not None and [(i.name, i.detail) for i in items] == [("·Mul", "mul_amd64.s (amd64)")]
    outgoing = await client.call_hierarchy_outgoing_calls_async(types.CallHierarchyOutgoingCallsParams(item=items[0]))
    assert _calls(client, outgoing, lambda call: call.to) == [
        ("Helper", "other.go", [17]),
        ("mulGo", "mul.go", [10]),
        ("pushedImpl", "other.go", [18]),
    ]
    incoming = await client.call_hierarchy_incoming_calls_async(types.CallHierarchyIncomingCallsParams(item=items[0]))
    assert _calls(client, incoming, lambda call: call.from_) == [("Twice", "mul.go", [40])]
    # From the Go function the assembly calls, back to the assembly.
    mul_go = [call.to for call in outgoing if call.to.name == "mulGo"][0]
    back = await client.call_hierarchy_incoming_calls_async(types.CallHierarchyIncomingCallsParams(item=mul_go))
    assert _calls(client, back, lambda call: call.from_) == [
        ("·Mul", "mul_amd64.s", [10]),
        ("·Mul", "mul_arm64.s", [10]),
    ]
