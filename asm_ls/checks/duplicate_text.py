"""duplicate-text: one symbol defined by two TEXTs in one build context.

In one file the assembler refuses the second ("symbol p.f redeclared"),
DUPOK or not. Across the package's files the linker refuses the pair
("duplicated definition of symbol p.f") unless one of them is DUPOK; a
directory without Go files is no package, and its files are never linked.
File-local `name<>` symbols clash only within their file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from asm_ls.arch.textflag import DUPOK
from asm_ls.model import CheckUnit, Diagnostic, PackageUnit, Related
from asm_ls.syntax.lines import template_of
from asm_ls.syntax.linkname import linker_name
from asm_ls.syntax.program import Function
from asm_ls.syntax.source import Span
from asm_ls.syntax.text import directive_flags

CODE = "duplicate-text"


@dataclass(frozen=True)
class _Definition:
    function: Function
    path: str
    dupok: bool

    @property
    def span(self) -> Span:
        return self.function.text.operands[0].span


def _defines(function: Function, import_path: str) -> tuple[str, bool, bool] | None:
    """(linker name, file-local, DUPOK) of the function's TEXT symbol, None for no symbol(SB)."""
    key = (_defines, import_path)
    if key not in function.facts:  # kept with the function: the quick check reuses the others
        symbol = function.symbol
        found = None
        if symbol is not None and symbol.pseudo == "SB":
            text = template_of(function.text)
            found = (linker_name(symbol.name, import_path), symbol.static, bool(directive_flags(text) & DUPOK))
        function.facts[key] = found
    return function.facts[key]


def function_digest(unit: CheckUnit, function: Function, package: PackageUnit) -> object:
    """All the check reads of a function (asm_ls.engine.registry)."""
    return _defines(function, package.import_path)


def run_package(package: PackageUnit) -> Iterator[Diagnostic]:
    linked = package.go.name is not None  # without Go files, no package is built from the directory
    by_symbol: dict[tuple[str, str | None], list[_Definition]] = defaultdict(list)
    for unit in package.units:
        path = unit.source.path
        for function in unit.program.functions:
            defines = _defines(function, package.import_path)
            if defines is None:
                continue
            name, static, dupok = defines
            # A file-local symbol is its file's own: keyed by the file too.
            by_symbol[(name, path if static else None)].append(_Definition(function, path, dupok))
    for (shown, _), definitions in by_symbol.items():
        first_in_file: dict[str, _Definition] = {}
        for definition in definitions:
            first = first_in_file.setdefault(definition.path, definition)
            if first is not definition:
                yield _report(
                    package,
                    definition,
                    f"symbol {shown} redeclared",
                    (Related(first.span, f"other declaration of symbol {shown}"),),
                )
        files = list(first_in_file.values())
        if linked and len(files) > 1 and not any(d.dupok for d in definitions):
            for definition in files:
                others = tuple(Related(o.span, "also defined here") for o in files if o is not definition)
                yield _report(package, definition, f"duplicated definition of symbol {shown}", others)


def _report(package: PackageUnit, definition: _Definition, message: str, related) -> Diagnostic:
    return Diagnostic(
        definition.span, CODE, message, arches=(package.arch.name,), function=definition.function.name, related=related
    )
