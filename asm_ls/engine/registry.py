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
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cache

from asm_ls.arch import Arch
from asm_ls.golang.toolchain import ToolchainError
from asm_ls.model import CheckUnit, Diagnostic, Edit, Fix, PackageUnit, Related, internal_error
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


@cache
def statement_checks() -> tuple[StatementCheck, ...]:
    return tuple(m.check_statement for m in _check_modules() if hasattr(m, "check_statement"))


def all_package_checks() -> tuple[PackageCheck, ...]:
    return tuple(m.run_package for m in _check_modules() if hasattr(m, "run_package"))


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
        yield diagnostic if diagnostic.arch is not None or arch is None else replace(diagnostic, arch=arch.name)


def run_checks(unit: CheckUnit) -> list[Diagnostic]:
    """Every file check on unit. A check that raises gives one internal-error
    diagnostic on the file instead of its findings; the others still run."""
    found = run_statement_checks(unit, unit.program.scopes())
    for check in all_checks():
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
    for function, statements in scopes:
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
        found.append(replace(internal_error(unit.source, error, where), arch=arch.name))
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
            Fix(f.title, tuple(Edit(place(e.span), e.new_text) for e in f.edits), f.preferred) for f in diagnostic.fixes
        ),
        function=function,
    )


def run_package_checks(package: PackageUnit, report_on: SourceFile | None = None) -> list[Diagnostic]:
    """Every package check on package. A check that raises gives one
    internal-error diagnostic, on report_on (by default the package's first
    assembly file), instead of its findings; the others still run."""
    found = []
    for check in all_package_checks():
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
        return [replace(internal_error(source, error, where), arch=arch.name if arch else None)]


def merge_contexts(per_context: Iterable[list[Diagnostic]]) -> list[Diagnostic]:
    """One diagnostic per finding: the same (place, code, message) found for
    several build contexts is reported once, with arch null when it came from
    more than one GOARCH."""

    def place(d: Diagnostic) -> tuple:
        return d.span.source.path, d.span.start, d.span.end, d.code, d.message

    return sorted(merge_same_finding(per_context, place), key=Diagnostic.sort_key)


def merge_same_finding(groups: Iterable[list], key: Callable) -> list:
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


def merge_arch_tags(found: list[Diagnostic]) -> list[Diagnostic]:
    """One diagnostic for a finding made for several GOARCHes: vet-style
    messages (`[amd64] f: ...`) are merged into `[amd64, arm64] f: ...`, so
    the editor is not cluttered; the CLI keeps one per arch."""
    groups: dict[tuple, list[Diagnostic]] = {}
    for diagnostic in found:
        prefix = f"[{diagnostic.arch}] "
        if diagnostic.arch and diagnostic.message.startswith(prefix):
            body = diagnostic.message[len(prefix) :]
        else:
            body = None  # not arch-prefixed: merged already when equal
        key = (
            diagnostic.path,
            diagnostic.span.start,
            diagnostic.span.end,
            diagnostic.code,
            body if body is not None else (diagnostic.message, diagnostic.arch),
        )
        groups.setdefault(key, []).append(diagnostic)
    merged = []
    for (_path, _start, _end, _code, body), diagnostics in groups.items():
        first = diagnostics[0]
        if isinstance(body, str) and len(diagnostics) > 1:
            # A body was cut from an `[arch] ` prefix, so every one has its arch.
            archs = ", ".join(sorted({d.arch for d in diagnostics if d.arch is not None}))
            first = replace(first, message=f"[{archs}] {body}", arch=None)
        merged.append(first)
    return merged
