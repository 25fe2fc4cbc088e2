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

from asm_ls.checks._asmdecl_text import DUPOK
from asm_ls.diagnostics import Diagnostic, PackageUnit, Related
from asm_ls.syntax import ast
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
    by_symbol: dict[str, list[_Definition]] = defaultdict(list)
    for unit in package.units:
        for function in unit.program.functions:
            symbol = function.symbol
            if symbol is None or symbol.pseudo != "SB":
                continue
            name = _linker_name(symbol, package.import_path, unit.source.path)
            by_symbol[name].append(
                _Definition(
                    function,
                    unit.source.path,
                    function.text.operands[0].span,
                    bool(directive_flags(function.text) & DUPOK),
                )
            )
    for name, definitions in by_symbol.items():
        shown = name.split("\0")[0]
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


def _linker_name(symbol: ast.SymbolRef, import_path: str, path: str) -> str:
    """The symbol as the linker names it; file-local ones keyed by their file too."""
    name = symbol.qualified
    if name.startswith("."):
        name = import_path + name
    return f"{name}\0{path}" if symbol.static else name


def _report(package: PackageUnit, definition: _Definition, message: str, related) -> Diagnostic:
    return Diagnostic(
        definition.span, CODE, message, arch=package.arch.name, function=definition.function.name, related=related
    )
