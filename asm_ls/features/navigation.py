"""Go to definition, find references and document highlights, between
assembly symbols, labels, macros, includes, frame references and the Go
declarations they implement. Pure functions of (workspace, path, offset)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from asm_ls.features.access import register_uses
from asm_ls.features.index import SymbolSite, qualified_reference
from asm_ls.features.target import Target, target_at
from asm_ls.features.workspace import Workspace, is_assembly
from asm_ls.golang.package import guess_package_name
from asm_ls.golang.package_path import package_import_path
from asm_ls.golang.source import parse_file
from asm_ls.golang.uses import GoIdentifier, identifier_at, identifier_uses
from asm_ls.syntax import ast
from asm_ls.syntax.linkname import split_linker_name
from asm_ls.syntax.source import SourceFile, Span


def definition(workspace: Workspace, path: str, offset: int) -> list[Span]:
    if not is_assembly(path):
        return _go_to_assembly(workspace, path, offset)
    unit = workspace.unit(path)
    target = target_at(unit, offset) if unit else None
    if unit is None or target is None:
        return []
    if target.kind == "symbol":
        return _symbol_definitions(workspace, unit, target)
    if target.kind == "frame":
        return _parameter(workspace, unit, target)
    if target.kind == "label":
        return [label.span for label in _label_definitions(target)]
    if target.kind in ("macro", "flag") and target.macro is not None:
        return [target.macro.name_span]
    if target.kind == "include" and target.include is not None and target.include.path:
        return [Span(SourceFile(target.include.path, ""), 0, 0)]
    return []


def implementation(workspace: Workspace, path: str, offset: int) -> list[Span]:
    """The TEXTs implementing the function under the cursor, one per file and arch: from a
    bodyless Go declaration or a call of it, and from a symbol in assembly."""
    if not is_assembly(path):
        return _go_to_assembly(workspace, path, offset)
    unit = workspace.unit(path)
    target = target_at(unit, offset) if unit else None
    if unit is None or target is None or target.kind != "symbol" or target.symbol is None:
        return []
    qualified = qualified_reference(unit, target.symbol)
    _index_package_of(workspace, qualified, os.path.dirname(os.path.abspath(path)))
    return [d.span for d in workspace.index.definitions(qualified) if d.kind == "TEXT"]


def go_assembly(workspace: Workspace, path: str, offset: int) -> tuple[Span, list[SymbolSite]] | None:
    """In a Go file: the identifier under the cursor and the TEXT/GLOBL lines defining it in assembly."""
    found = go_symbol(workspace, path, offset)
    if found is None:
        return None
    qualified, _, span = found
    return span, _principal(workspace.index.definitions(qualified))


def references(workspace: Workspace, path: str, offset: int, include_declaration: bool = True) -> list[Span]:
    if not is_assembly(path):
        found = go_symbol(workspace, path, offset)
        return _symbol_references(workspace, *found[:2], include_declaration) if found else []
    unit = workspace.unit(path)
    target = target_at(unit, offset) if unit else None
    if unit is None or target is None:
        return []
    if target.kind == "symbol":
        assert target.symbol is not None, "target_at gives a symbol target its SymbolRef"
        qualified = qualified_reference(unit, target.symbol)
        return _symbol_references(workspace, qualified, os.path.dirname(path), include_declaration)
    spans = list(_local_references(unit, target))
    if not include_declaration:
        definitions = set(_local_definition_starts(unit, target))
        spans = [s for s in spans if (s.source.path, s.start) not in definitions]
    return spans


HighlightKind = Literal["text", "read", "write"]


@dataclass(frozen=True)
class Highlight:
    span: Span
    kind: HighlightKind = "text"


def highlights(workspace: Workspace, path: str, offset: int) -> list[Highlight]:
    """The references in this file, for the editor to mark; a register's
    within its function, each marked read or written by its instruction."""
    here = os.path.abspath(path)
    if is_assembly(path):
        unit = workspace.unit(path)
        target = target_at(unit, offset) if unit else None
        if unit is not None and target is not None and target.kind == "register":
            return _register_highlights(unit, target)
    return [Highlight(s) for s in references(workspace, path, offset) if os.path.abspath(s.source.path) == here]


def _register_highlights(unit, target: Target) -> list[Highlight]:
    arch = unit.arch
    register = arch.registers.get(target.name)
    names = {target.name, *(register.aliases if register else ())}
    names |= {r.name for r in arch.registers.values() if target.name in r.aliases}
    statements = target.function.statements if target.function else unit.program.preamble
    here = os.path.abspath(unit.source.path)
    found: dict[tuple[int, int], tuple[Span, set[str]]] = {}
    for statement in statements:
        for use in register_uses(arch, statement):
            span = use.token.span
            if use.name not in names or use.token.site is not None or os.path.abspath(span.source.path) != here:
                continue
            found.setdefault((span.start, span.end), (span, set()))[1].add(use.access)
    return [Highlight(span, _kind(accesses)) for span, accesses in sorted(found.values(), key=lambda f: f[0].start)]


def _kind(accesses: set[str]) -> HighlightKind:
    if accesses & {"write", "readwrite"}:
        return "write"
    return "read" if "read" in accesses else "text"


# --- symbols ---------------------------------------------------------------------


def _symbol_definitions(workspace: Workspace, unit, target: Target) -> list[Span]:
    assert target.symbol is not None, "target_at gives a symbol target its SymbolRef"
    assert target.statement is not None, "target_at gives an operand's target its statement"
    qualified = qualified_reference(unit, target.symbol)
    directory = os.path.dirname(os.path.abspath(unit.source.path))
    declaration = workspace.go_declaration(qualified, directory, unit.context)
    if target.is_definition and target.statement.word == "TEXT" and declaration is not None:
        return [declaration.span]  # from the implementation to what it implements
    _index_package_of(workspace, qualified, directory)
    here = (os.path.abspath(unit.source.path), target.span.start)
    spans = [
        d.span
        for d in _principal(workspace.index.definitions(qualified))
        if not target.is_definition or (os.path.abspath(d.span.source.path), d.span.start) != here
    ]
    if declaration is not None:
        spans.append(declaration.span)
    return spans


def _principal(sites: list) -> list:
    """TEXT and GLOBL define a symbol; DATA lines only fill it, so they count
    when there is nothing else."""
    declaring = [s for s in sites if s.kind in ("TEXT", "GLOBL")]
    return declaring or sites


def _index_package_of(workspace: Workspace, qualified: str, importer: str) -> None:
    import_path, _ = split_linker_name(qualified)
    directory = workspace.package_directory(import_path, importer)
    if directory is not None:
        workspace.ensure_package_indexed(directory)


def _symbol_references(workspace: Workspace, qualified: str, importer: str, include_declaration: bool) -> list[Span]:
    _index_package_of(workspace, qualified, importer)
    spans = [u.span for u in workspace.index.uses(qualified)]
    if include_declaration:
        spans += [d.span for d in workspace.index.definitions(qualified)]
    unit_context = _any_context(workspace, qualified)
    declaration = workspace.go_declaration(qualified, importer, unit_context) if unit_context else None
    if declaration is not None:
        if include_declaration:
            spans.append(declaration.span)
        spans += [
            s
            for s in _go_call_sites(workspace, declaration)
            if s.start != declaration.span.start or s.source.path != declaration.span.source.path
        ]
    return spans


def _any_context(workspace: Workspace, qualified: str):
    for site in workspace.index.definitions(qualified):
        context = workspace.context(site.span.source.path)
        if context is not None:
            return context
    return None


def _go_call_sites(workspace: Workspace, declaration) -> Iterator[Span]:
    """Uses of the Go declaration in its package and in the indexed packages importing it."""
    package = declaration.package
    for path in package.paths:
        yield from _uses_in(workspace, path, declaration.name, frozenset({None}))
    directories = {os.path.dirname(e.path) for e in workspace.index.files.values()} - {str(package.directory)}
    for directory in sorted(directories):
        for path in _go_files(directory):
            source = workspace.analyzer.source(path)
            if source is None or f'"{package.import_path}"' not in source.text:
                continue
            qualifier = _import_name(path, source.text, package.import_path, package.name)
            yield from _uses_in(workspace, path, declaration.name, frozenset({qualifier}))


def _go_files(directory: str) -> list[str]:
    try:
        return sorted(os.path.join(directory, n) for n in os.listdir(directory) if n.endswith(".go"))
    except OSError:
        return []


def _import_name(path: str, text: str, import_path: str, package_name: str | None) -> str:
    """The name a file gives an import: its alias, else the package's name."""
    for spec in parse_file(path, text).imports:
        if spec.path == import_path and spec.alias:
            return spec.alias
    return package_name or ""


def _uses_in(workspace: Workspace, path: str, name: str, qualifiers: frozenset) -> Iterator[Span]:
    source = workspace.analyzer.source(path)
    if source is None:
        return
    for identifier in identifier_uses(source.text, name, qualifiers):
        yield Span(source, identifier.start, identifier.end)


# --- from Go to assembly ---------------------------------------------------------


def go_symbol(workspace: Workspace, path: str, offset: int) -> tuple[str, str, Span] | None:
    """(qualified name, package directory, identifier) of the assembly-implemented
    func or the asm-referenced var under the cursor in a Go file."""
    source = workspace.analyzer.source(path)
    if source is None:
        return None
    identifier = identifier_at(source.text, offset)
    if identifier is None:
        return None
    directory = os.path.dirname(os.path.abspath(path))
    import_path = _qualifier_import_path(path, source.text, identifier)
    if import_path is None:
        return None
    target_directory = workspace.package_directory(import_path, directory)
    if target_directory is None:
        return None
    qualified = f"{import_path}.{identifier.name}"
    workspace.ensure_package_indexed(target_directory)
    if workspace.index.definitions(qualified) or workspace.index.uses(qualified):
        return qualified, target_directory, Span(source, identifier.start, identifier.end)
    return None


def _qualifier_import_path(path: str, text: str, identifier: GoIdentifier) -> str | None:
    """The import path of the package an identifier is declared in: this
    file's, or the one its qualifier names."""
    if identifier.qualifier is None:
        return package_import_path(os.path.dirname(path))
    for spec in parse_file(path, text).imports:
        if spec.alias == identifier.qualifier or (
            spec.alias is None and guess_package_name(spec.path) == identifier.qualifier
        ):
            return spec.path
    return None


def _go_to_assembly(workspace: Workspace, path: str, offset: int) -> list[Span]:
    found = go_symbol(workspace, path, offset)
    if found is None:
        return []
    return [d.span for d in _principal(workspace.index.definitions(found[0]))]


# --- within a file ---------------------------------------------------------------


def _label_definitions(target: Target) -> list:
    if target.function is None:
        return []
    return [
        label
        for statement in target.function.statements
        for label in statement.labels
        if label.text == target.name and label.site is None
    ]


def _parameter(workspace: Workspace, unit, target: Target) -> list[Span]:
    function = target.function
    if function is None or function.symbol is None:
        return []
    qualified = qualified_reference(unit, function.symbol)
    directory = os.path.dirname(os.path.abspath(unit.source.path))
    declaration = workspace.go_declaration(qualified, directory, unit.context)
    if declaration is None:
        return []
    parameter = parameter_name(declaration.declaration, target.name)
    span = workspace.parameter_span(declaration, parameter) if parameter else None
    return [span or declaration.span]


def parameter_name(func, written: str) -> str | None:
    """The Go parameter an FP name refers to: x_len -> x, ret -> the unnamed result."""
    names = [p.name for p in (*func.params, *func.results) if p.name]
    for name in sorted(names, key=len, reverse=True):
        if written == name or written.startswith(name + "_"):
            return name
    return None


def _local_references(unit, target: Target) -> Iterator[Span]:
    here = os.path.abspath(unit.source.path)
    if target.kind == "label":
        for statement in target.function.statements if target.function else []:
            for label in statement.labels:
                if label.text == target.name and label.site is None:
                    yield label.span
            if statement.word in unit.arch.jumps:
                for operand in statement.operands:
                    value = operand.value
                    if isinstance(value, ast.Name) and value.text == target.name:
                        yield operand.token_span(value.at, value.end)
    elif target.kind in ("macro", "flag"):
        assert target.macro is not None, "target_at gives a macro or flag target its definition"
        definition = target.macro.name_span
        if os.path.abspath(definition.source.path) == here:
            yield definition
        for use in unit.preprocessed.uses:
            if use.macro.name == target.name and os.path.abspath(use.span.source.path) == here:
                yield use.span
    elif target.kind == "frame":
        assert target.symbol is not None, "target_at gives a frame target its SymbolRef"
        for statement in target.function.statements if target.function else []:
            for operand in statement.operands:
                value = operand.value
                if (
                    isinstance(value, ast.SymbolRef)
                    and value.name == target.name
                    and value.pseudo == target.symbol.pseudo
                ):
                    token = operand.tokens[value.at]
                    if token.site is None:
                        yield token.span


def _local_definition_starts(unit, target: Target) -> Iterator[tuple[str, int]]:
    if target.kind == "label":
        for label in _label_definitions(target):
            yield label.span.source.path, label.span.start
    elif target.kind in ("macro", "flag"):
        assert target.macro is not None, "target_at gives a macro or flag target its definition"
        yield target.macro.name_span.source.path, target.macro.name_span.start
