"""Diagnostics from the Go assembler itself (source `go tool asm`, code `asm`):
the same run that gives encodings, its errors mapped to lines. Errors on a
line asm-ls already reports an error for are dropped as duplicates."""

from __future__ import annotations

import os

from asm_ls.arch.context import BuildContext
from asm_ls.encoding import assemble
from asm_ls.golang.package_path import package_import_path
from asm_ls.model import Diagnostic
from asm_ls.syntax.source import SourceFile, Span

CODE = "asm"
SOURCE = "go tool asm"


def assembler_diagnostics(
    source: SourceFile,
    context: BuildContext,
    own: list[Diagnostic],
    include_dirs: tuple[str, ...] = (),
    go: str | None = None,
) -> tuple[list[Diagnostic], tuple[str, ...]]:
    """The assembler's errors as diagnostics, and notes on how it was run (why
    go_asm.h is asm-ls's stand-in). Raises asm_ls.golang.toolchain.ToolchainError
    when the toolchain cannot be run."""
    path = os.path.abspath(source.path)
    assembly = assemble(
        path, source.text, context, pkgpath=package_import_path(os.path.dirname(path)), include_dirs=include_dirs, go=go
    )
    flagged = {
        d.span.source.position(d.span.start)[0]
        for d in own
        if d.severity == "error" and os.path.abspath(d.path) == path
    }
    found = []
    for error in assembly.errors:
        line = error.line - 1
        if os.path.abspath(error.path) != path or line in flagged:
            continue
        found.append(Diagnostic(_line_span(source, line), CODE, error.message, source=SOURCE, arch=context.goarch))
    return found, assembly.notes


def _line_span(source: SourceFile, line: int) -> Span:
    """The line without its indentation and trailing space."""
    text = source.line_text(line)
    start = source.offset(line, len(text) - len(text.lstrip()))
    return Span(source, start, source.offset(line, len(text.rstrip())))
