"""Document symbols (the outline of one assembly file) and workspace symbols
(fuzzy search over the TEXT and GLOBL definitions of the index)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Literal

from asm_ls.arch.textflag import RODATA
from asm_ls.features.workspace import Workspace
from asm_ls.golang.package_path import package_import_path
from asm_ls.model import CheckUnit
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.linkname import split_linker_name
from asm_ls.syntax.source import Span
from asm_ls.syntax.text import directive_flags

SymbolKind = Literal["function", "variable", "constant", "label", "macro"]
MAX_WORKSPACE_SYMBOLS = 200


@dataclass(frozen=True)
class DocumentSymbol:
    name: str
    kind: SymbolKind
    span: Span  # the whole definition
    selection_span: Span  # its name
    detail: str = ""
    children: tuple[DocumentSymbol, ...] = ()


@dataclass(frozen=True)
class WorkspaceSymbol:
    name: str  # as written: ·Add, runtime·memmove, table<>
    qualified: str  # the linker's name; file-local symbols are path:name
    kind: SymbolKind
    span: Span
    container: str  # import path of the package


# --- one file -----------------------------------------------------------------------


def document_symbols(workspace: Workspace, path: str) -> list[DocumentSymbol]:
    """TEXT functions with their labels, DATA/GLOBL symbols and the macros
    the file defines, in file order, as the file reads in its preferred build
    context."""
    unit = workspace.unit(path)
    if unit is None:
        return []
    found = [*_functions(unit), *_data(unit), *_macros(unit)]
    return sorted(found, key=lambda s: (s.span.start, s.span.end))


def _in_file(unit: CheckUnit, span: Span, site: Span | None = None) -> bool:
    return site is None and (span.source is unit.source or span.source.path == unit.source.path)


def _written(unit: CheckUnit, statement: Statement) -> tuple[ast.SymbolRef, Span] | None:
    """The SB symbol a TEXT/DATA/GLOBL statement names, and where, when written in this file."""
    if not statement.operands:
        return None
    operand = statement.operands[0]
    value = operand.value
    if not isinstance(value, ast.SymbolRef) or value.pseudo != "SB":
        return None
    token = operand.tokens[value.at]
    if not _in_file(unit, token.span, token.site):
        return None
    return value, token.span


def _rest_of_line(unit: CheckUnit, statement: Statement) -> str:
    """What follows the symbol operand, as written: `NOSPLIT, $0-24`."""
    text = unit.source.text[statement.operands[0].span.end : statement.span.end]
    return " ".join(text.strip(" \t,").split())


def _functions(unit: CheckUnit):
    for function in unit.program.functions:
        written = _written(unit, function.text)
        if written is None:
            continue
        symbol, name_span = written
        # The function's range stops at its last instruction: DATA and GLOBL
        # lines after it are symbols of their own.
        last = next(
            s
            for s in reversed(function.statements)
            if s.word not in ("DATA", "GLOBL") and s.tokens and _in_file(unit, s.span)
        )
        end = last.span.end
        labels = tuple(
            DocumentSymbol(label.text, "label", label.span, label.span)
            for statement in function.statements
            for label in statement.labels
            if _in_file(unit, label.span, label.site)
        )
        yield DocumentSymbol(
            _name(symbol),
            "function",
            Span(unit.source, function.text.span.start, end),
            name_span,
            _rest_of_line(unit, function.text),
            labels,
        )


def _name(symbol: ast.SymbolRef) -> str:
    return symbol.name + ("<>" if symbol.static else "")


def _data(unit: CheckUnit):
    by_name: dict[str, list[tuple[Statement, Span]]] = {}
    for statement in unit.program.statements:
        if statement.word in ("DATA", "GLOBL"):
            written = _written(unit, statement)
            if written is not None:
                by_name.setdefault(_name(written[0]), []).append((statement, written[1]))
    for name, statements in by_name.items():
        globl = next(((s, span) for s, span in statements if s.word == "GLOBL"), None)
        selection = (globl or statements[0])[1]
        start = min(s.span.start for s, _ in statements)
        end = max(s.span.end for s, _ in statements)
        data_lines = len(statements) - (globl is not None)
        detail = _rest_of_line(unit, globl[0]) if globl else ""
        if data_lines:
            detail = f"{detail}, {data_lines} DATA" if detail else f"{data_lines} DATA"
        kind: SymbolKind = "constant" if globl and directive_flags(globl[0]) & RODATA else "variable"
        yield DocumentSymbol(name, kind, Span(unit.source, start, end), selection, detail)


def _macros(unit: CheckUnit):
    for definition in unit.preprocessed.definitions:
        if _in_file(unit, definition.name_span):
            yield DocumentSymbol(
                definition.name, "macro", definition.directive_span, definition.name_span, definition.signature()
            )


# --- the workspace ------------------------------------------------------------------


def workspace_symbols(workspace: Workspace, query: str) -> list[WorkspaceSymbol]:
    """TEXT and GLOBL definitions whose name has the query as a
    case-insensitive subsequence: exact matches first, then prefixes, then
    substrings, then the rest; at most MAX_WORKSPACE_SYMBOLS. A query with
    `.`, `/` or `·` is matched against the qualified name."""
    query = query.strip().replace("\u00b7", ".").replace("\u2215", "/")
    qualified_query = any(c in query for c in "./")
    pattern = re.compile(".*?".join(map(re.escape, query)), re.IGNORECASE)
    lowered = query.lower()
    ranked = []
    for site in workspace.index.all_definitions():
        if site.kind not in ("TEXT", "GLOBL"):
            continue
        # The index qualifies file-local names by their file's absolute path.
        static = ":" in site.qualified and site.qualified.startswith(site.span.source.path + ":")
        name = site.written if static else split_linker_name(site.qualified)[1]
        target = site.qualified if qualified_query and not static else name
        if pattern.search(target) is None:
            continue
        ranked.append(
            (
                _tier(target.lower(), lowered),
                len(target),
                target,
                site.qualified,
                site.span.source.path,
                site.span.start,
                site,
                static,
            )
        )
    ranked.sort(key=lambda entry: entry[:6])
    return [_workspace_symbol(site, static) for *_, site, static in ranked[:MAX_WORKSPACE_SYMBOLS]]


def _tier(name: str, query: str) -> int:
    if name == query:
        return 0
    if name.startswith(query):
        return 1
    return 2 if query in name else 3


def _workspace_symbol(site, static: bool) -> WorkspaceSymbol:
    if static:
        container = package_import_path(os.path.dirname(site.span.source.path))
        name = site.written + "<>"
    else:
        container = split_linker_name(site.qualified)[0]
        name = site.written
    kind: SymbolKind = "function" if site.kind == "TEXT" else "variable"
    return WorkspaceSymbol(name, site.qualified, kind, site.span, container)
