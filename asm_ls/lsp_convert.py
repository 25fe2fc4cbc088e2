"""The LSP edge: asm-ls diagnostics (code-point columns) to LSP types in the
client's position encoding (UTF-16 by default, UTF-8 or UTF-32 if chosen)."""

from __future__ import annotations

from typing import Sequence

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from asm_ls.diagnostics import Diagnostic
from asm_ls.syntax.source import Span

SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


def to_range(span: Span, codec: PositionCodec) -> types.Range:
    line, column, end_line, end_column = span.lines_and_columns()
    lines: Sequence[str] = span.source.text.split("\n")
    return types.Range(
        start=codec.position_to_client_units(lines, types.Position(line, column)),
        end=codec.position_to_client_units(lines, types.Position(end_line, end_column)),
    )


def to_lsp(diagnostic: Diagnostic, codec: PositionCodec, uri_of) -> types.Diagnostic:
    message = diagnostic.message
    if diagnostic.arch and not message.startswith("["):
        message = f"{message} [{diagnostic.arch}]"
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri_of(r.span.source.path), range=to_range(r.span, codec)),
            message=r.message,
        )
        for r in diagnostic.related
    ]
    return types.Diagnostic(
        range=to_range(diagnostic.span, codec),
        message=message,
        severity=SEVERITIES[diagnostic.severity],
        code=diagnostic.code,
        source=diagnostic.source,
        related_information=related or None,
    )
