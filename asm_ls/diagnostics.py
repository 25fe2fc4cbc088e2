"""Diagnostics: what every check reports, and the registry that runs them.

A check is a module in asm_ls/checks/ with a `run(unit)` function (one file,
one build context) and/or a `run_package(package)` function (every assembly
file of a directory in one build context, with its Go side), yielding
Diagnostics; adding a check means adding a file there. A check of a file's
raw text that no build context changes has a `run_file(source)` function
instead: it runs once per file, for files built in no context too (go vet's
buildtag and directive passes read those).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import TYPE_CHECKING, Literal, Protocol

from asm_ls.arch import Arch
from asm_ls.arch.context import BuildContext
from asm_ls.syntax.preprocess import Preprocessed
from asm_ls.syntax.program import Function, Program
from asm_ls.syntax.source import SourceFile, Span

if TYPE_CHECKING:
    from asm_ls.golang import GoPackage

Severity = Literal["error", "warning", "information", "hint"]


@dataclass(frozen=True)
class Related:
    span: Span
    message: str


@dataclass(frozen=True)
class Edit:
    span: Span  # replaced by new_text; an empty span inserts
    new_text: str


@dataclass(frozen=True)
class Fix:
    """A quick fix: edits the editor applies when the user picks it."""

    title: str
    edits: tuple[Edit, ...]
    preferred: bool = False


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
    fixes: tuple[Fix, ...] = ()

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
    # The package this file belongs to and where to find the rest of the workspace.
    package: PackageUnit | None = None

    def function_at(self, span: Span) -> Function | None:
        if span.source is not self.source:
            return None
        for function in self.program.functions:
            statements = function.statements
            if statements and statements[0].span.start <= span.start <= statements[-1].span.end:
                return function
        return None


class Workspace(Protocol):
    """What a check may ask about the rest of the workspace (asm_ls.analysis.Analyzer)."""

    def analyze(self, source: SourceFile, context: BuildContext) -> CheckUnit: ...

    def go_package(self, directory: str, context: BuildContext) -> GoPackage: ...

    def package_unit(self, directory: str, context: BuildContext) -> PackageUnit: ...

    def import_directory(self, import_path: str, importer: str) -> str | None: ...

    def source(self, path: str) -> SourceFile | None: ...


@dataclass(eq=False)
class PackageUnit:
    """One directory's assembly in one build context: what a package check looks at."""

    directory: str  # absolute
    import_path: str
    context: BuildContext
    arch: Arch
    units: list[CheckUnit]  # every .s file of the directory that builds in the context
    workspace: Workspace

    @cached_property
    def go(self) -> GoPackage:
        """The package's Go side (bodyless funcs, types) for this build context."""
        return self.workspace.go_package(self.directory, self.context)


Check = Callable[[CheckUnit], Iterable[Diagnostic]]
PackageCheck = Callable[[PackageUnit], Iterable[Diagnostic]]
FileCheck = Callable[[SourceFile], Iterable[Diagnostic]]


@cache
def _check_modules() -> tuple:
    import asm_ls.checks as package

    return tuple(
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name)
        if not info.name.startswith("_")
    )


def all_checks() -> tuple[Check, ...]:
    return tuple(m.run for m in _check_modules() if hasattr(m, "run"))


def all_package_checks() -> tuple[PackageCheck, ...]:
    return tuple(m.run_package for m in _check_modules() if hasattr(m, "run_package"))


def all_file_checks() -> tuple[FileCheck, ...]:
    return tuple(m.run_file for m in _check_modules() if hasattr(m, "run_file"))


def run_file_checks(source: SourceFile) -> list[Diagnostic]:
    """What the checks of raw text find in one file (arch None: no context decides)."""
    return [d for check in all_file_checks() for d in check(source)]


def _with_arch(found: Iterable[Diagnostic], arch: Arch) -> Iterator[Diagnostic]:
    for diagnostic in found:
        yield diagnostic if diagnostic.arch is not None else replace(diagnostic, arch=arch.name)


def run_checks(unit: CheckUnit) -> list[Diagnostic]:
    return [d for check in all_checks() for d in _with_arch(check(unit), unit.arch)]


def run_package_checks(package: PackageUnit) -> list[Diagnostic]:
    return [d for check in all_package_checks() for d in _with_arch(check(package), package.arch)]


def merge_contexts(per_context: Iterable[list[Diagnostic]]) -> list[Diagnostic]:
    """One diagnostic per finding: the same (place, code, message) found for
    several build contexts is reported once, with arch null when it came from
    more than one GOARCH."""

    def place(d: Diagnostic) -> tuple:
        return d.span.source.path, d.span.start, d.span.end, d.code, d.message

    return sorted(merge_arches(per_context, place), key=Diagnostic.sort_key)


def merge_arches(groups: Iterable[list], key: Callable) -> list:
    """Items with an `arch` from groups (build contexts, or shares of them),
    one per key: the first seen, with arch None when found for more than
    one GOARCH. Merging merged shares gives what merging all at once does."""
    merged: dict = {}
    for group in groups:
        for item in group:
            place = key(item)
            seen = merged.setdefault(place, item)
            if seen.arch != item.arch:
                merged[place] = replace(seen, arch=None)
    return list(merged.values())
