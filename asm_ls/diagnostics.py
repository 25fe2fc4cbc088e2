"""Diagnostics: what every check reports, and the registry that runs them.

A check is a module in asm_ls/checks/ with a `run(unit)` function yielding
Diagnostics; adding a check means adding a file there.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Callable, Iterable, Literal

from asm_ls.arch import Arch
from asm_ls.arch.context import BuildContext
from asm_ls.syntax.preprocess import Preprocessed
from asm_ls.syntax.program import Function, Program
from asm_ls.syntax.source import SourceFile, Span

Severity = Literal["error", "warning", "information", "hint"]


@dataclass(frozen=True)
class Related:
    span: Span
    message: str


@dataclass(frozen=True)
class Diagnostic:
    span: Span
    code: str
    message: str
    severity: Severity = "error"
    source: str = "asm-ls"
    arch: str | None = None
    function: str | None = None
    related: tuple[Related, ...] = ()

    @property
    def path(self) -> str:
        return self.span.source.path

    def sort_key(self) -> tuple:
        return (self.span.source.path, self.span.start, self.span.end, self.code, self.message, self.arch or "")


@dataclass(eq=False)
class CheckUnit:
    """What a check looks at: one file preprocessed and parsed for one build context."""

    source: SourceFile
    context: BuildContext
    arch: Arch
    preprocessed: Preprocessed
    program: Program
    # Extra facts the caller knows (package path, workspace index, ...).
    options: dict = field(default_factory=dict)

    def function_at(self, span: Span) -> Function | None:
        if span.source is not self.source:
            return None
        for function in self.program.functions:
            statements = function.statements
            if statements and statements[0].span.start <= span.start <= statements[-1].span.end:
                return function
        return None


Check = Callable[[CheckUnit], Iterable[Diagnostic]]


@cache
def all_checks() -> tuple[Check, ...]:
    import asm_ls.checks as package

    checks = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        run = getattr(module, "run", None)
        if run is not None:
            checks.append(run)
    return tuple(checks)


def run_checks(unit: CheckUnit) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for check in all_checks():
        for diagnostic in check(unit):
            if diagnostic.arch is None:
                diagnostic = replace(diagnostic, arch=unit.arch.name)
            found.append(diagnostic)
    return found


def merge_contexts(per_context: Iterable[list[Diagnostic]]) -> list[Diagnostic]:
    """One diagnostic per finding: the same (place, code, message) found for
    several build contexts is reported once, with arch null when it came from
    more than one GOARCH."""
    merged: dict[tuple, Diagnostic] = {}
    for diagnostics in per_context:
        for diagnostic in diagnostics:
            key = (diagnostic.span.source.path, diagnostic.span.start, diagnostic.span.end,
                   diagnostic.code, diagnostic.message)
            seen = merged.get(key)
            if seen is None:
                merged[key] = diagnostic
            elif seen.arch != diagnostic.arch:
                merged[key] = replace(seen, arch=None)
    return sorted(merged.values(), key=Diagnostic.sort_key)
