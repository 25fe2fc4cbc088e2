"""The editor on the root-cause fixtures (support.root_causes): what each
file shows is the root cause once, with its fix offered wherever the cursor
is on its line, and nothing repeated per GOARCH."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient
from support.lsp_support import SERVER, open_document, published_eventually, start
from support.root_causes import MOST, PACKAGES, ROOT, ROOT_CAUSES, repeated, unmet


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("rc") / "rootcause"
    shutil.copytree(ROOT, root)
    lsp_client.root = root
    await start(lsp_client, "vscode", root, settings={"toolchain": False})
    yield
    await lsp_client.shutdown_session()


async def published(client: LanguageClient, path: Path) -> list[types.Diagnostic]:
    language = "go" if path.suffix == ".go" else "goasm"
    uri = open_document(client, path, language=language)
    return await published_eventually(client, uri, lambda found: True)


@pytest.mark.parametrize("package", PACKAGES)
async def test_each_file_shows_its_root_cause_once_with_the_fix(client: LanguageClient, package: str):
    directory = client.root / package
    seen, shown = [], {}
    for path in sorted(p for p in directory.iterdir() if p.suffix in (".s", ".go")):
        shown[path.name] = await published(client, path)
        # Wants name the fixture's paths: the client's copy is elsewhere.
        seen += [(ROOT / package / path.name, d.range.start.line + 1, str(d.code), d.message) for d in shown[path.name]]
    assert unmet(package, seen) == ([], [])
    assert len(seen) <= MOST and repeated(seen) == []
    name, code, title = ROOT_CAUSES[package]
    [cause] = [d for d in shown[name] if d.code == code]
    line = cause.range.start.line
    anywhere_on_the_line = types.Range(types.Position(line, 0), types.Position(line, 0))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=(directory / name).as_uri()),
            range=anywhere_on_the_line,
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert title in [action.title for action in actions or []]


async def test_the_rename_is_a_workspace_file_operation(client: LanguageClient):
    path = client.root / "tutorial" / "add.s"
    [cause] = [d for d in await published(client, path) if d.code == "foreign-code"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            range=cause.range,
            context=types.CodeActionContext(diagnostics=[cause]),
        )
    )
    [rename] = [a for a in actions or [] if a.title == "Rename to add_amd64.s"]
    assert rename.edit is not None and list(rename.edit.document_changes or ()) == [
        types.RenameFile(old_uri=path.as_uri(), new_uri=path.with_name("add_amd64.s").as_uri())
    ]
    [constraint] = [a for a in actions or [] if a.title == "Add //go:build amd64"]
    assert constraint.edit is not None and constraint.edit.changes is not None
    assert list(constraint.edit.changes[path.as_uri()]) == [
        types.TextEdit(types.Range(types.Position(0, 0), types.Position(0, 0)), "//go:build amd64\n\n")
    ]
