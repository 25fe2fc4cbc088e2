"""The LSP edge: asm-ls diagnostics (code-point columns) to LSP types in the
client's position encoding (UTF-16 by default, UTF-8 or UTF-32 if chosen)."""

from __future__ import annotations

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
    return types.Range(start=_to_position(span, line, column, codec),
                       end=_to_position(span, end_line, end_column, codec))


def _to_position(span: Span, line: int, column: int, codec: PositionCodec) -> types.Position:
    """Code-point column to client units, reading only that line."""
    return types.Position(line, codec.client_num_units(span.source.line_text(line)[:column]))


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
