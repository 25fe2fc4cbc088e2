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
from asm_ls.model import Diagnostic, PackageUnit, Related
from asm_ls.syntax.linkname import linker_name
from asm_ls.syntax.program import Function
from asm_ls.syntax.source import Span
from asm_ls.syntax.text import directive_flags

CODE = "duplicate-text"


@dataclass(frozen=True)
class _Definition:
    function: Function
    path: str
    span: Span
    dupok: bool


def run_package(package: PackageUnit) -> Iterator[Diagnostic]:
    linked = package.go.name is not None  # without Go files, no package is built from the directory
    by_symbol: dict[tuple[str, str | None], list[_Definition]] = defaultdict(list)
    for unit in package.units:
        for function in unit.program.functions:
            symbol = function.symbol
            if symbol is None or symbol.pseudo != "SB":
                continue
            # A file-local symbol is its file's own: keyed by the file too.
            key = (linker_name(symbol.name, package.import_path), unit.source.path if symbol.static else None)
            by_symbol[key].append(
                _Definition(
                    function,
                    unit.source.path,
                    function.text.operands[0].span,
                    bool(directive_flags(function.text) & DUPOK),
                )
            )
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
