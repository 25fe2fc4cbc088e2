"""The check registry: every check module in asm_ls.checks, run on a unit or a
package, and the merge of what several build contexts found.

A check is a module (or package) in asm_ls/checks/ with a `run(unit)` and/or a
`run_package(package)` function yielding Diagnostics; adding a check means
adding a file there. A check that judges each statement by itself, for an
arch, says so with `check_statement(statement, arch)`: its verdict on a
statement read from a line template (asm_ls.syntax.lines) is made once for
every line of that text, and placed where each line is. A check of a file's
raw text that no build context changes has a `run_file(source)` function
instead: it runs once per file, for files built in no context too (go vet's
buildtag and directive passes read those).

A file check that takes a large share of a file check's time says so
(`FIRST_LOOK = False`): an editor's first look at a large file, published
before the whole check, leaves it out.

A package check whose findings are all in Go files says so (`GO_FILES_ONLY =
True`): an assembly file's check leaves it out. One whose findings in an
assembly file depend on each function only through a digest of it says so
with `function_digest(unit, function, package)`: a keystroke that leaves the
edited function's digests as they were keeps its findings (moved), rather
than running it on the whole package again (asm_ls.engine.incremental.check).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cache

from asm_ls.arch import Arch
from asm_ls.golang.toolchain import ToolchainError
from asm_ls.interrupt import checkpoint
from asm_ls.model import CheckUnit, Diagnostic, Edit, PackageUnit, Related, internal_error, with_arch
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.lines import PlacedStatement, Placer, facts_of
from asm_ls.syntax.program import Function
from asm_ls.syntax.source import SourceFile

Check = Callable[[CheckUnit], Iterable[Diagnostic]]
StatementCheck = Callable[[Statement, Arch], Iterable[Diagnostic]]
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


def first_look_checks() -> tuple[Check, ...]:
    """The file checks an editor's first look at a large file runs: all but
    those that say `FIRST_LOOK = False` (they take most of a file check's time)."""
    return tuple(c for c in all_checks() if getattr(sys.modules.get(c.__module__), "FIRST_LOOK", True))


@cache
def statement_checks() -> tuple[StatementCheck, ...]:
    return tuple(m.check_statement for m in _check_modules() if hasattr(m, "check_statement"))


def all_package_checks() -> tuple[PackageCheck, ...]:
    return tuple(m.run_package for m in _check_modules() if hasattr(m, "run_package"))


Digest = Callable[[CheckUnit, Function, PackageUnit], object]


def assembly_package_checks() -> list[tuple[str, PackageCheck, Digest | None]]:
    """(name, check, function digest or None) of the package checks that may
    report in assembly files."""
    found = []
    for check in all_package_checks():
        module = sys.modules.get(check.__module__)  # (None for a check made elsewhere: it has neither)
        if not getattr(module, "GO_FILES_ONLY", False):
            found.append((check.__module__.rsplit(".", 1)[-1], check, getattr(module, "function_digest", None)))
    return found


def all_file_checks() -> tuple[FileCheck, ...]:
    return tuple(m.run_file for m in _check_modules() if hasattr(m, "run_file"))


def run_file_checks(source: SourceFile) -> list[Diagnostic]:
    """What the checks of raw text find in one file (arch None: no context
    decides). A check that raises gives one internal-error diagnostic."""
    found = []
    for check in all_file_checks():
        found += _isolated(check, source, source, None)
    return found


def _with_arch(found: Iterable[Diagnostic], arch: Arch | None) -> Iterator[Diagnostic]:
    for diagnostic in found:
        yield diagnostic if arch is None else with_arch(diagnostic, arch.name)


def run_checks(unit: CheckUnit, first_look: bool = False) -> list[Diagnostic]:
    """Every file check on unit (or those of a first look). A check that raises
    gives one internal-error diagnostic on the file instead of its findings;
    the others still run."""
    found = run_statement_checks(unit, unit.program.scopes())
    for check in first_look_checks() if first_look else all_checks():
        checkpoint()
        found += _isolated(check, unit, unit.source, unit.arch)
    return found


def run_statement_checks(
    unit: CheckUnit, scopes: Iterable[tuple[Function | None, list[Statement]]]
) -> list[Diagnostic]:
    """The statement checks' findings on the statements of scopes: for a statement
    placed from a line template, the template's, made once per arch and placed.
    A check that raises gives one internal-error diagnostic on the file."""
    arch = unit.arch
    key = (statement_checks, arch.name)
    failed: dict[str, Exception] = {}
    found: list[Diagnostic] = []
    for number, (function, statements) in enumerate(scopes):
        if not number & 255:
            checkpoint()
        name = function.name if function is not None else None
        for statement in statements:
            if isinstance(statement, PlacedStatement) and statement.as_template:
                facts = facts_of(statement)
                verdict = facts.get(key)
                if verdict is None:
                    before = len(failed)
                    verdict = _statement_verdict(statement.template, arch, failed)
                    if len(failed) == before:  # (a check that failed fails again where the line is next read)
                        facts[key] = verdict
                if verdict:
                    found += [placed_diagnostic(d, statement.placer, name) for d in verdict]
            else:
                found += [replace(d, function=name) for d in _statement_verdict(statement, arch, failed)]
    for where, error in failed.items():
        found.append(with_arch(internal_error(unit.source, error, where), arch.name))
    return found


def _statement_verdict(statement: Statement, arch: Arch, failed: dict[str, Exception]) -> list[Diagnostic]:
    verdict: list[Diagnostic] = []
    for check in statement_checks():
        try:
            verdict += check(statement, arch)
        except Exception as error:  # a bug in one check: the others' findings still count
            failed.setdefault(f"check {check.__module__.rsplit('.', 1)[-1]}", error)
    return verdict


def placed_diagnostic(diagnostic: Diagnostic, placer: Placer, function: str | None) -> Diagnostic:
    """A finding on a line template where the line is, in function."""
    place = placer.span
    return replace(
        diagnostic,
        span=place(diagnostic.span),
        related=tuple(Related(place(r.span), r.message) for r in diagnostic.related),
        fixes=tuple(
            replace(f, edits=tuple(Edit(place(e.span), e.new_text) for e in f.edits)) for f in diagnostic.fixes
        ),
        function=function,
    )


def run_package_checks(
    package: PackageUnit, report_on: SourceFile | None = None, checks: Iterable[PackageCheck] | None = None
) -> list[Diagnostic]:
    """Every package check (or those given) on package. A check that raises
    gives one internal-error diagnostic, on report_on (by default the
    package's first assembly file), instead of its findings; the others still run."""
    found = []
    for check in all_package_checks() if checks is None else checks:
        checkpoint()
        where = report_on or (package.units[0].source if package.units else None)
        found += _isolated(check, package, where, package.arch)
    return found


def _isolated(check: Callable, on, source: SourceFile | None, arch: Arch | None) -> list[Diagnostic]:
    try:
        return list(_with_arch(check(on), arch))
    except ToolchainError:
        raise  # the caller turns the toolchain off or stops, as for any toolchain run
    except Exception as error:  # a bug in one check: the others' findings still count
        if source is None:
            return []
        where = f"check {check.__module__.rsplit('.', 1)[-1]}"
        found = internal_error(source, error, where)
        return [found if arch is None else with_arch(found, arch.name)]


def merge_contexts(per_context: Iterable[list[Diagnostic]]) -> list[Diagnostic]:
    """One diagnostic per finding: the same (place, code, message) found for
    several build contexts is reported once, with every GOARCH it holds for
    (asm_ls.engine.explain then tells them by root cause)."""

    def place(d: Diagnostic) -> tuple:
        return d.span.source.path, d.span.start, d.span.end, d.code, d.message

    return sorted(merge_same_finding(per_context, place), key=Diagnostic.sort_key)


def merge_same_finding(groups: Iterable[list], key: Callable) -> list:
    """Items with `arches` from groups (build contexts, or shares of them),
    one per key: the first seen, holding for the GOARCHes of all. Merging
    merged shares gives what merging all at once does."""
    merged: dict = {}
    for group in groups:
        for item in group:
            place = key(item)
            seen = merged.setdefault(place, item)
            if not set(item.arches) <= set(seen.arches):
                merged[place] = replace(seen, arches=tuple(sorted({*seen.arches, *item.arches})))
    return list(merged.values())
