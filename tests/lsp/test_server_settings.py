"""Settings reach the engine from initializationOptions and from
workspace/configuration, and bad values are reported, not fatal."""

from __future__ import annotations

import pytest
import pytest_lsp
from pytest_lsp import LanguageClient
from support.lsp_support import SERVER, diagnostics_for, open_document, start

from asm_ls.features.inlay_hints import HintOptions
from asm_ls.lsp.settings import read_settings

# Built for every arch (no suffix, no constraint); an x86 instruction.
TEXT = "TEXT ·f(SB), 0, $0-0\n\tVZEROUPPER\n\tRET\n"


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.mark.parametrize("where", ["initializationOptions", "workspace/configuration"])
async def test_goarches_setting_limits_the_arches_checked(client, tmp_path, where):
    settings = {"goarches": ["arm64", "riscv64"], "toolchain": False}
    if where == "initializationOptions":
        await start(client, "vscode", settings=settings)
    else:
        client.set_configuration({"asmLs": settings})
        await start(client, "vscode")
    uri = open_document(client, tmp_path / "f.s", TEXT)
    found = await diagnostics_for(client, uri, 1)
    assert sorted(d.message for d in found) == [
        "unrecognized instruction 'VZEROUPPER' for arm64 [arm64]",
        "unrecognized instruction 'VZEROUPPER' for riscv64 [riscv64]",
    ]


async def test_unknown_goarch_is_logged_and_ignored(client, tmp_path):
    await start(client, "neovim", settings={"goarches": ["arm64", "z80"]})
    uri = open_document(client, tmp_path / "f.s", TEXT)
    found = await diagnostics_for(client, uri, 1)
    assert [d.message for d in found] == ["unrecognized instruction 'VZEROUPPER' for arm64 [arm64]"]
    assert any("unknown GOARCH z80" in m.message for m in client.log_messages)


def test_settings_read_from_either_shape():
    assert read_settings({"asmLs": {"goarches": "amd64,arm64"}}).options.goarches == ("amd64", "arm64")
    settings = read_settings(
        {"includeDirs": ["/inc"], "goBinary": "/opt/go/bin/go", "toolchain": False, "toolchainDiagnostics": True}
    )
    assert (
        settings.options.include_dirs,
        settings.options.go_binary,
        settings.encodings,
        settings.options.toolchain,
    ) == (("/inc",), "/opt/go/bin/go", False, True)
    assert read_settings({"includeDirs": 3}).problems == ("includeDirs must be a list of directories",)


def test_inlay_hint_settings_each_on_their_own():
    assert read_settings({}).hints == HintOptions(True, True, True)  # all on by default
    settings = read_settings({"asmLs": {"inlayHints": {"frameTypes": False}}})
    assert settings.hints == HintOptions(frame_types=False, text_frame=True, macro_expansions=True)
    later = read_settings({"inlayHints": {"macroExpansions": False}}, settings)  # a change keeps the rest
    assert later.hints == HintOptions(frame_types=False, text_frame=True, macro_expansions=False)
    assert read_settings({"inlayHints": False}).hints == HintOptions(False, False, False)
    assert read_settings({"inlayHints": {"types": True}}).problems == (
        "unknown inlayHints key types; known: frameTypes, textFrame, macroExpansions",
    )
    assert read_settings({"inlayHints": "on"}).problems == (
        "inlayHints must be true, false or an object of frameTypes, textFrame, macroExpansions",
    )
