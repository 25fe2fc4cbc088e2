"""What a check reads and what it reports.

A check (a module in asm_ls/checks/) reads a CheckUnit (one file,
preprocessed and parsed for one build context) in `run(unit)` and/or a
PackageUnit (every assembly file of a directory in one build context, with its
Go side) in `run_package(package)`, and yields Diagnostics, each with its
related places and quick fixes. asm_ls.engine.registry runs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
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
class Rename:
    """A file renamed by a fix (`add.s` to `add_amd64.s`)."""

    old_path: str
    new_path: str


@dataclass(frozen=True)
class Create:
    """A new file a fix writes (a Go fallback for the other GOARCHes)."""

    path: str
    text: str


@dataclass(frozen=True)
class Fix:
    """A quick fix: edits the editor applies when the user picks it, and
    files it renames or creates (after the edits, which are of the old names).
    A preferred fix is one `asm-ls check --fix` may apply unasked when it
    only edits text."""

    title: str
    edits: tuple[Edit, ...]
    preferred: bool = False
    files: tuple[Rename | Create, ...] = ()


@dataclass(frozen=True)
class Diagnostic:
    span: Span
    code: str
    message: str
    severity: Severity = "error"
    source: str = "asm-ls"
    # The GOARCHes the finding holds for, sorted; () for one about the file
    # itself (a root cause), which holds whatever the GOARCH.
    arches: tuple[str, ...] = ()
    function: str | None = None
    related: tuple[Related, ...] = ()
    fixes: tuple[Fix, ...] = ()
    # Holds for every GOARCH its file is checked for: no arch tag is shown.
    everywhere: bool = False
    # A root cause: the GOARCHes whose other findings in this file it
    # explains; asm_ls.engine.explain folds those into it.
    explains: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return self.span.source.path

    @property
    def arch(self) -> str | None:
        """The GOARCH, when the finding holds for exactly one."""
        return self.arches[0] if len(self.arches) == 1 else None

    @property
    def shown(self) -> str:
        """The message as every output writes it: `[amd64, arm64] message`
        (vet's style), with no tag when its arches go without saying."""
        return tagged(self.message, self.arches, self.everywhere)

    def sort_key(self) -> tuple:
        return (self.span.source.path, self.span.start, self.span.end, self.code, self.message, self.arches)


def tagged(message: str, arches: tuple[str, ...] | list[str], everywhere: bool) -> str:
    """message with its GOARCHes in front, as go vet writes `[amd64] f: ...`."""
    if not arches or everywhere:
        return message
    return f"[{', '.join(arches)}] {message}"


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
    home: PackageHome | None = None
    # A part of the file read alone (a keystroke's function: asm_ls.engine.incremental), the
    # offsets of its lines; None for the whole file. Checks of the raw text read only those lines.
    part: tuple[int, int] | None = None

    @property
    def package(self) -> PackageUnit | None:
        """The file's package, with this file as its one unit: made when asked.
        (Held, it would tie the unit in a cycle only the cyclic collector
        breaks: every version of an edited buffer would wait for it.)"""
        home = self.home
        if home is None:
            return None
        return PackageUnit(home.directory, home.import_path, self.context, self.arch, [self], home.resolver)

    @package.setter
    def package(self, package: PackageUnit | None) -> None:
        self.home = None if package is None else PackageHome(package.directory, package.import_path, package.resolver)

    def diagnostic(self, function: Function | None, span: Span, code: str, message: str, **extra) -> Diagnostic:
        """A finding of a check in this unit's build context, inside function (or before any)."""
        return Diagnostic(
            span, code, message, arches=(self.arch.name,), function=function.name if function else None, **extra
        )

    def function_at(self, span: Span) -> Function | None:
        if span.source is not self.source:
            return None
        for function in self.program.functions:
            statements = function.statements
            if statements and statements[0].span.start <= span.start <= statements[-1].span.end:
                return function
        return None


@dataclass(frozen=True)
class PackageHome:
    """Where a file's package is: its directory and import path, and what resolves the rest."""

    directory: str
    import_path: str
    resolver: Resolver


class Resolver(Protocol):
    """What a package check may ask about the rest of the workspace (asm_ls.engine.analyzer.Analyzer)."""

    def analyze(self, source: SourceFile, context: BuildContext) -> CheckUnit: ...

    def go_package(self, directory: str, context: BuildContext) -> GoPackage: ...

    def package_unit(self, directory: str, context: BuildContext) -> PackageUnit: ...

    def import_directory(self, import_path: str, importer: str) -> str | None: ...

    def source(self, path: str) -> SourceFile | None: ...

    def assembly_files(self, directory: str) -> list[str]: ...

    def checked_goarches(self) -> tuple[str, ...]: ...


@dataclass(eq=False)
class PackageUnit:
    """One directory's assembly in one build context: what a package check looks at."""

    directory: str  # absolute
    import_path: str
    context: BuildContext
    arch: Arch
    units: list[CheckUnit]  # every .s file of the directory that builds in the context
    resolver: Resolver

    @cached_property
    def go(self) -> GoPackage:
        """The package's Go side (bodyless funcs, types) for this build context."""
        return self.resolver.go_package(self.directory, self.context)


INTERNAL_ERROR = "internal-error"  # in asm_ls.model.codes too, with README's and docs/checks.md's rows
_SHORT_MESSAGE = 200


def internal_error(source: SourceFile, error: BaseException, where: str = "") -> Diagnostic:
    """A bug in asm-ls met while checking source: one error at its start, so
    the user sees that part of the result is missing and can report it."""
    detail = next((line.strip() for line in str(error).splitlines() if line.strip()), "")
    if len(detail) > _SHORT_MESSAGE:
        detail = detail[: _SHORT_MESSAGE - 1] + "\u2026"
    short = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    suffix = f" (in {where})" if where else ""
    return Diagnostic(Span(source, 0, 0), INTERNAL_ERROR, f"internal error, please report: {short}{suffix}")


def with_arch(diagnostic: Diagnostic, goarch: str) -> Diagnostic:
    """diagnostic as found in a build context of goarch (unless it says its GOARCHes)."""
    return diagnostic if diagnostic.arches or diagnostic.explains else replace(diagnostic, arches=(goarch,))
