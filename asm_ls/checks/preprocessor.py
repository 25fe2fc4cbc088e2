"""include-not-found, include-cycle, include-directory, macro-error: what the preprocessor found."""

from __future__ import annotations

from collections.abc import Iterator

from asm_ls.model import CheckUnit, Diagnostic


def run(unit: CheckUnit) -> Iterator[Diagnostic]:
    for found in unit.preprocessed.diagnostics:
        function = unit.function_at(found.span)
        yield Diagnostic(
            found.span,
            found.code,
            found.message,
            severity=found.severity,
            arches=(unit.arch.name,),
            function=function.name if function else None,
        )
