"""The LSP edge: findings merged across arches for the editor, ranges in the
client's units."""

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from asm_ls.engine.registry import merge_arch_tags
from asm_ls.lsp.convert import to_range
from asm_ls.model import Diagnostic
from asm_ls.syntax.source import SourceFile, Span

SOURCE = SourceFile("/w/f.s", "TEXT ·f(SB), $0-8\n\tMOVQ x+0(FP), AX\n")


def finding(arch: str, message: str, start: int = 24) -> Diagnostic:
    return Diagnostic(Span(SOURCE, start, start + 8), "asmdecl", message, arch=arch)


def test_vet_style_findings_of_several_arches_become_one_naming_them_all():
    merged = merge_arch_tags(
        [
            finding("arm64", "[arm64] f: unknown variable x"),
            finding("amd64", "[amd64] f: unknown variable x"),
            finding("386", "[386] f: invalid offset x+0(FP); expected x+4(FP)"),
        ]
    )
    assert sorted(d.message for d in merged) == [
        "[386] f: invalid offset x+0(FP); expected x+4(FP)",
        "[amd64, arm64] f: unknown variable x",
    ]


def test_findings_at_different_places_stay_apart():
    merged = merge_arch_tags(
        [finding("amd64", "[amd64] f: unknown variable x", 24), finding("arm64", "[arm64] f: unknown variable x", 30)]
    )
    assert len(merged) == 2


def test_range_counts_utf16_units_after_the_middle_dot():
    codec = PositionCodec(types.PositionEncodingKind.Utf8)
    assert to_range(Span(SOURCE, 6, 7), codec) == types.Range(types.Position(0, 7), types.Position(0, 8))
    codec = PositionCodec(types.PositionEncodingKind.Utf16)
    assert to_range(Span(SOURCE, 6, 7), codec) == types.Range(types.Position(0, 6), types.Position(0, 7))
