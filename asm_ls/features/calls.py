"""Call hierarchy across assembly and Go: an assembly function's callers in
assembly (the TEXT functions whose branches name it) and in Go (the
functions calling its Go declaration), and its callees (the `CALL`, `JMP`,
`BL`, `B` ... targets of its TEXT: assembly functions or Go functions); a Go
function that assembly implements or calls, likewise. Pure functions of the
workspace and a place; an item is found again from (path, offset, symbol)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from asm_ls.arch import GOARCHES, get_arch
from asm_ls.features.index import SymbolSite, qualified_reference
from asm_ls.features.navigation import go_call_sites, go_symbol, index_package_of, symbol_at, symbol_declarations
from asm_ls.features.workspace import GoDeclaration, Workspace, is_assembly
from asm_ls.golang.package import guess_package_name
from asm_ls.golang.package_path import package_import_path
from asm_ls.golang.source import parse_file
from asm_ls.golang.uses import FunctionRange, calls_in, function_ranges
from asm_ls.syntax import ast
from asm_ls.syntax.source import Span

Language = Literal["asm", "go"]
# A branch in any GOARCH's assembly: a line using a symbol with one of these calls or jumps to it.
_BRANCHES = frozenset(word for goarch in GOARCHES for word in get_arch(goarch).jumps)


@dataclass(frozen=True)
class CallItem:
    name: str  # as written in its language: ·Add, runtime·memmove, Add, (*T).m
    symbol: str  # the linker's name: example.com/m.Add
    language: Language
    span: Span  # the whole function
    selection: Span  # its name
    detail: str  # the package, file and GOARCHes


@dataclass(frozen=True)
class Call:
    item: CallItem  # the caller (incoming) or the callee (outgoing)
    ranges: tuple[Span, ...]  # the calls: in the caller's text for incoming, in the item's for outgoing


def prepare(workspace: Workspace, path: str, offset: int) -> list[CallItem]:
    """The function at the cursor: a TEXT or a symbol in assembly, a Go
    function assembly implements or calls in Go."""
    if not is_assembly(path):
        found = go_symbol(workspace, path, offset)
        if found is None:
            return []
        symbol, directory, name = found
        declarations = symbol_declarations(workspace, symbol, directory)
        here = os.path.dirname(os.path.abspath(path))
        # The declaration under the cursor, else one of this package (a linknamed local), else its own.
        declarations.sort(
            key=lambda d: (
                d.span.start != name.start or d.span.source.path != name.source.path,
                str(d.package.directory) != here,
            )
        )
        return [_go_item(workspace, d) for d in declarations][:1]
    located = symbol_at(workspace, path, offset)
    if located is None:
        return []
    unit, target, symbol = located
    if target.is_definition and target.statement is not None and target.statement.word == "TEXT":
        entry = workspace.index.files.get(os.path.abspath(path)) or workspace.index.update(path)
        text = [s for s in entry.definitions if s.span.start == target.span.start] if entry else []
        return [_asm_item(workspace, text[0])] if text else []
    return _items_of(workspace, symbol, os.path.dirname(os.path.abspath(path)), unit.context.goarch)[:1]


def incoming(workspace: Workspace, path: str, offset: int, symbol: str) -> list[Call]:
    """Who calls the symbol of the item at (path, offset): assembly branching
    to it, Go calling its Go declaration."""
    directory = os.path.dirname(os.path.abspath(path))
    index_package_of(workspace, symbol, directory)
    calls: dict[tuple, tuple[CallItem, list[Span]]] = {}
    for use in workspace.index.uses(symbol):
        if not _is_branch(use.span):
            continue
        caller = _enclosing_text(workspace, use)
        if caller is not None:
            _add(calls, caller, use.span)
    for declaration in symbol_declarations(workspace, symbol, directory):
        for site in go_call_sites(workspace, declaration):
            if site.start == declaration.span.start and site.source.path == declaration.span.source.path:
                continue
            caller = _enclosing_go_function(workspace, site)
            if caller is not None:
                _add(calls, caller, site)
    return [Call(item, tuple(ranges)) for item, ranges in calls.values()]


def outgoing(workspace: Workspace, path: str, offset: int, symbol: str) -> list[Call]:
    """What the item at (path, offset) calls: its TEXT's branch targets, or
    the calls in a Go function's body (a bodyless one: its TEXTs' targets)."""
    calls: dict[tuple, tuple[CallItem, list[Span]]] = {}
    if is_assembly(path):
        _text_callees(workspace, path, offset, calls)
        return [Call(item, tuple(ranges)) for item, ranges in calls.values()]
    directory = os.path.dirname(os.path.abspath(path))
    function = _function_at(workspace, path, offset)
    if function is None:
        return []
    if not function.has_body:
        goarch = workspace.go_context(directory).goarch
        for site in workspace.index.definitions(symbol):
            entry = workspace.index.files.get(site.span.source.path)
            if site.kind == "TEXT" and entry is not None and goarch in entry.archs:
                _text_callees(workspace, site.span.source.path, site.span.start, calls)
    else:
        _go_callees(workspace, path, function, calls)
    return [Call(item, tuple(ranges)) for item, ranges in calls.values()]


# --- items -----------------------------------------------------------------------


def _items_of(workspace: Workspace, symbol: str, directory: str, goarch: str) -> list[CallItem]:
    """A symbol's TEXTs (those built for goarch first), else its Go declarations."""
    index_package_of(workspace, symbol, directory)
    texts = [s for s in workspace.index.definitions(symbol) if s.kind == "TEXT"]
    texts.sort(key=lambda s: goarch not in _archs(workspace, s))
    if texts:
        return [_asm_item(workspace, site) for site in texts]
    return [_go_item(workspace, d) for d in symbol_declarations(workspace, symbol, directory)]


def _archs(workspace: Workspace, site: SymbolSite) -> tuple[str, ...]:
    entry = workspace.index.files.get(site.span.source.path)
    return entry.archs if entry is not None else ()


def _asm_item(workspace: Workspace, site: SymbolSite) -> CallItem:
    """A TEXT function: from its TEXT line to the line before the file's next TEXT, GLOBL or DATA."""
    source = site.span.source
    entry = workspace.index.files.get(site.span.source.path)
    later = [d.span.start for d in (entry.definitions if entry else []) if d.span.start > site.span.start]
    start = source.text.rfind("\n", 0, site.span.start) + 1
    end = len(source.text)
    if later:  # up to the end of the line before the next definition's
        end = max(start, source.text.rfind("\n", 0, min(later)))
    archs = ", ".join(_archs(workspace, site))
    detail = f"{os.path.basename(source.path)}" + (f" ({archs})" if archs else "")
    return CallItem(site.written, site.qualified, "asm", Span(source, start, end), site.span, detail)


def _go_item(workspace: Workspace, declaration: GoDeclaration) -> CallItem:
    source = declaration.span.source
    ranges = function_ranges(source.text)
    found = next((r for r in ranges if r.name_start == declaration.span.start), None)
    whole = Span(source, found.start, found.end) if found else declaration.span
    symbol = f"{declaration.package.import_path}.{getattr(declaration.declaration, 'linker_name', declaration.name)}"
    if declaration.linkname is not None:
        symbol = declaration.linkname.target
    name = getattr(declaration.declaration, "linker_name", declaration.name)
    return CallItem(name, symbol, "go", whole, declaration.span, f"{declaration.package.import_path} (Go)")


def _go_function_item(source, function: FunctionRange, import_path: str) -> CallItem:
    name = function.name if function.receiver is None else f"{function.receiver}.{function.name}"
    whole = Span(source, function.start, function.end)
    selection = Span(source, function.name_start, function.name_end)
    return CallItem(name, f"{import_path}.{name}", "go", whole, selection, f"{import_path} (Go)")


def _add(calls: dict, item: CallItem, where: Span) -> None:
    key = (item.language, os.path.abspath(item.selection.source.path), item.selection.start)
    calls.setdefault(key, (item, []))[1].append(where)


# --- assembly --------------------------------------------------------------------


def _is_branch(span: Span) -> bool:
    """Whether the line of span is a branch instruction (labels before it allowed)."""
    text = span.source.text
    start = text.rfind("\n", 0, span.start) + 1
    words = text[start : span.start].replace(":", ": ").replace(";", " ; ").split()
    words = [w for w in words if not w.endswith(":")]
    if ";" in words:
        words = words[len(words) - 1 - words[::-1].index(";") + 1 :]
    return bool(words) and words[0].split(".")[0] in _BRANCHES


def _enclosing_text(workspace: Workspace, use: SymbolSite) -> CallItem | None:
    entry = workspace.index.files.get(use.span.source.path)
    if entry is None:
        return None
    before = [d for d in entry.definitions if d.span.start < use.span.start]
    if not before or max(before, key=lambda d: d.span.start).kind != "TEXT":
        return None
    return _asm_item(workspace, max(before, key=lambda d: d.span.start))


def _text_callees(workspace: Workspace, path: str, offset: int, calls: dict) -> None:
    located = workspace.target_at(path, offset)
    if located is None or located[1].function is None:
        return
    unit, target = located
    directory = os.path.dirname(os.path.abspath(path))
    here = os.path.abspath(path)
    assert target.function is not None, "checked above"
    for statement in target.function.statements[1:]:
        if statement.word not in unit.arch.jumps:
            continue
        for operand in statement.operands:
            value = operand.value
            if not isinstance(value, ast.SymbolRef) or value.pseudo != "SB":
                continue
            span = operand.tokens[value.at].span
            if os.path.abspath(span.source.path) != here:
                span = statement.span  # from a macro of a header: the line that uses it
            callees = _items_of(workspace, qualified_reference(unit, value), directory, unit.context.goarch)
            if callees:
                _add(calls, callees[0], span)


# --- Go --------------------------------------------------------------------------


def _function_at(workspace: Workspace, path: str, offset: int) -> FunctionRange | None:
    source = workspace.analyzer.source(path)
    if source is None:
        return None
    return next((f for f in function_ranges(source.text) if f.start <= offset <= f.end), None)


def _enclosing_go_function(workspace: Workspace, site: Span) -> CallItem | None:
    function = _function_at(workspace, site.source.path, site.start)
    if function is None:
        return None
    import_path = package_import_path(os.path.dirname(os.path.abspath(site.source.path)))
    return _go_function_item(site.source, function, import_path)


def _go_callees(workspace: Workspace, path: str, function: FunctionRange, calls: dict) -> None:
    """The calls of package functions (`f()`, `pkg.F()`) in a Go function's body,
    each to the function's TEXTs or Go declaration; method calls are gopls's."""
    source = workspace.analyzer.source(path)
    assert source is not None, "_function_at read it"
    directory = os.path.dirname(os.path.abspath(path))
    imports = {spec.alias or guess_package_name(spec.path): spec.path for spec in parse_file(path, source.text).imports}
    own = package_import_path(directory)
    for call in calls_in(source.text, function.name_end, function.end):
        if call.qualifier is not None and (call.qualifier not in imports or imports[call.qualifier] == "unsafe"):
            continue  # a method call, a field holding a function, or unsafe's builtins
        if call.qualifier is None:
            symbol = workspace.linkname_target(directory, call.name) or f"{own}.{call.name}"
        else:
            symbol = f"{imports[call.qualifier]}.{call.name}"
        callees = _go_callee_items(workspace, symbol, directory)
        if callees:
            _add(calls, callees[0], Span(source, call.start, call.end))


def _go_callee_items(workspace: Workspace, symbol: str, directory: str) -> list[CallItem]:
    declarations = symbol_declarations(workspace, symbol, directory)
    return [_go_item(workspace, d) for d in declarations if d.declaration.location is not None][:1]
