"""NOSPLIT stack analysis: the Go linker's stack check, before building.

A function that splits checks the stack at entry, so all it needs from its
caller is room for its call to runtime.morestack. A NOSPLIT function does
not: it grows the stack by its frame, and by whatever the functions it calls
or tail-jumps to grow it. The linker (cmd/link/internal/ld/stackcheck.go)
sums that along every chain of NOSPLIT functions and fails the link when one
exceeds the limit: `nosplit stack over N byte limit`.

Here the same sums are made from the source: the frame and the SP offset at
each call follow the assembler's rules (asm_ls.checks.stack.frames); calls are
resolved across the files of a package, into other packages, and into Go
functions (a call from assembly reaches a Go function through its ABI0
wrapper on register-ABI arches); recursion is an infinite chain, as the
linker reports it. Heights are exact for assembly; where a chain continues
into Go code marked //go:nosplit, whose frame only the compiler knows, the
height is a lower bound and says so.

Public: `StackGraph(package)` (heights and worst chains) and `nosplit_limit`;
asm_ls.features.hover.stack renders them for hover.
"""

from __future__ import annotations

import os
import re
import weakref
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from asm_ls.arch import Arch, get_arch
from asm_ls.arch.context import BuildContext, file_matches
from asm_ls.checks.stack.frames import NOSPLIT, Call, StackFrame, call_size, is_non_leaf, rules_for
from asm_ls.golang.goroot import find_goroot
from asm_ls.interrupt import checkpoint
from asm_ls.model import CheckUnit, PackageUnit
from asm_ls.syntax import ast
from asm_ls.syntax.lines import template_of
from asm_ls.syntax.linkname import linker_name, split_linker_name
from asm_ls.syntax.program import Function
from asm_ls.syntax.source import SourceFile, Span
from asm_ls.syntax.text import read_frame

# The linker's "infinite" height, for chains that come back around (stackCheckCycle).
CYCLE = (1 << 15) - 1
MORESTACK = "runtime.morestack"


# --- the limit --------------------------------------------------------------


def nosplit_limit(context: BuildContext, race: bool = False) -> int:
    """Bytes a chain of NOSPLIT functions may use: from the installed
    toolchain's sources when there are any, else from the arch tables."""
    arch = get_arch(context.goarch)
    table = context.nosplit_limit()
    base = context.nosplit_limit(race=True) - table  # StackNosplitBase the tables were made with
    calls = call_size(arch)
    multiplier = (table + calls + base - 1) // base
    table_extra = base * multiplier - calls - table
    goroot = find_goroot()
    rule = _toolchain_rule(goroot) if goroot else None
    if rule is None:
        return context.nosplit_limit(race)
    per_multiplier, constant, extras = rule
    extra = extras.get(context.goarch, 0) if extras is not None else table_extra
    return per_multiplier * (multiplier + race) + constant - calls - extra


@cache
def _toolchain_rule(goroot: str) -> tuple[int, int, dict[str, int] | None] | None:
    """(bytes per stack guard multiplier, constant, arch extras) of the linker's
    limit, read where the installed Go defines them: internal/abi
    (StackNosplitBase, go1.21+), cmd/internal/objabi (go1.20), or objabi's
    StackGuard - StackSmall (before)."""
    src = os.path.join(goroot, "src")
    objabi = _read(os.path.join(src, "cmd/internal/objabi/stack.go"))
    rule = None
    for text in (_read(os.path.join(src, "internal/abi/stack.go")), objabi):
        base = re.search(r"\bStackNosplitBase\s*=\s*(\d+)", text)
        if base:
            rule = int(base[1]), 0
            break
    else:
        guard = re.search(r"(\d+)\s*\*\s*stackGuardMultiplier", objabi)
        small = re.search(r"\bStackSmall\s*=\s*(\d+)", objabi)
        if guard and small:
            rule = int(guard[1]), -int(small[1])
    if rule is None:
        return None
    check = _read(os.path.join(src, "cmd/link/internal/ld/stackcheck.go"))
    extras = None
    if "sc.callSize" in check:
        extras = {arch: int(n) for arch, n in re.findall(r'buildcfg\.GOARCH == "(\w+)" \{[^}]*?limit -= (\d+)', check)}
    return rule[0], rule[1], extras


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return ""


# --- one function, as the assembler builds it -------------------------------


@dataclass(frozen=True)
class Symbol:
    """A function as the linker names it."""

    name: str  # "main.f", "runtime.memmove"
    abi: str = "ABI0"
    file: str | None = None  # the file of a file-local `name<>` symbol

    def __str__(self) -> str:
        return self.name + ("<>" if self.file else "")


@dataclass(frozen=True)
class Edge:
    """A call or tail jump out of a function."""

    span: Span
    target: Symbol | None  # None: an indirect call
    growth: int  # SP offset at the instruction plus what the call pushes


@dataclass(frozen=True)
class FunctionStack:
    """The stack summary of one TEXT function in one build context."""

    symbol: Symbol
    # Weakly: a summary is kept in its function's facts, and a strong reference back
    # would make a cycle that only the cyclic collector frees.
    function_ref: weakref.ref[Function]
    flags: int
    text_frame: int
    frame: StackFrame
    local_height: int  # the largest SP offset anywhere in the body
    local_span: Span  # where it is reached
    edges: tuple[Edge, ...]

    @property
    def declared_nosplit(self) -> bool:
        return bool(self.flags & NOSPLIT)

    @property
    def nosplit(self) -> bool:
        return self.declared_nosplit or self.frame.auto_nosplit

    @property
    def function(self) -> Function:
        function = self.function_ref()
        assert function is not None, "a summary is used while its function is"
        return function

    @property
    def text_span(self) -> Span:
        return self.function.text.operands[0].span


_summaries: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def summarize(unit: CheckUnit, prefix: str) -> list[FunctionStack]:
    """The stack summaries of the file's TEXT functions (those whose TEXT line
    the assembler accepts), cached with the unit and with each function."""
    cached = _summaries.get(unit)
    if cached is None or cached[0] != prefix:
        found = []
        for function in unit.program.functions:
            checkpoint()
            summary = function_stack(unit, function, prefix)
            if summary is not None:
                found.append(summary)
        cached = _summaries[unit] = (prefix, found)
    return cached[1]


def function_stack(unit: CheckUnit, function: Function, prefix: str) -> FunctionStack | None:
    """The stack summary of one of the unit's functions, kept with the function."""
    key = (unit.arch.name, unit.source.path, prefix)  # what a summary reads besides the function
    by_key = function.facts.setdefault(summarize, {})  # (a weak map's value would hold its key)
    if key not in by_key:
        by_key[key] = _summarize(unit, function, prefix)
    return by_key[key]


def _summarize(unit: CheckUnit, function: Function, prefix: str) -> FunctionStack | None:
    text = function.text
    symbol = function.symbol
    if symbol is None or symbol.pseudo != "SB" or len(text.operands) not in (2, 3):
        return None
    flags = 0
    if len(text.operands) == 3:
        value = text.operands[1].value
        if text.operands[1].prefix is not None or not isinstance(value, ast.Constant):
            return None
        flags = value.value
    text_frame = text_frame_size(text.operands[-1])
    if text_frame is None:
        return None
    arch = unit.arch
    rules = rules_for(arch)
    body = function.statements[1:]
    calls = [Call(s.word, _direct_target(template_of(s), prefix)) for s in body if is_non_leaf(template_of(s), arch)]
    frame = rules.frame(text_frame, flags, calls, arch)
    pushed = call_size(arch)
    height, local, local_span = frame.size, frame.size, function.text.span
    edges = []
    for statement in body:
        edge = _edge(statement, height + pushed, rules, arch, prefix, unit.source.path)
        if edge is not None:
            edges.append(edge)
        height += rules.sp_move(template_of(statement), arch)
        if height > local:
            local, local_span = height, statement.span
    name = linker_name(symbol.name, prefix)
    key = Symbol(name, "ABI0", unit.source.path) if symbol.static else Symbol(name, symbol.abi or "ABI0")
    return FunctionStack(key, weakref.ref(function), flags, text_frame, frame, local, local_span, tuple(edges))


def text_frame_size(operand: ast.Operand) -> int | None:
    """The frame of `$frame[-args]` when the operand is one the assembler accepts."""
    read = read_frame(operand)
    return read.frame if read.exact else None


def _direct_target(statement, prefix: str) -> str | None:
    target = _symbol_operand(statement)
    return linker_name(target.name, prefix) if target is not None else None


def _symbol_operand(statement) -> ast.SymbolRef | None:
    if not statement.operands:
        return None
    operand = statement.operands[-1]
    value = operand.value
    if operand.prefix is None and isinstance(value, ast.SymbolRef) and value.pseudo == "SB" and value.index is None:
        return value
    return None


def _edge(statement, growth: int, rules, arch: Arch, prefix: str, path: str) -> Edge | None:
    """The call the linker follows at this instruction, if it is one."""
    word = statement.word
    if word not in rules.symbol_calls and word not in rules.indirect_calls:
        return None
    target = _symbol_operand(template_of(statement))
    if target is not None:
        if word not in rules.symbol_calls:
            return None
        name = linker_name(target.name, prefix)
        symbol = Symbol(name, "ABI0", path) if target.static else Symbol(name, target.abi or "ABI0")
        return Edge(statement.span, symbol, growth)
    operands = template_of(statement).operands
    if word in rules.indirect_calls and operands and _is_indirect(operands[-1], arch):
        return Edge(statement.span, None, growth)
    return None


def _is_indirect(operand: ast.Operand, arch: Arch) -> bool:
    """CALL through a register or memory (not `*sym(SB)`, not a label)."""
    value = operand.value
    if operand.prefix is not None:
        return False
    if isinstance(value, ast.Name):
        return arch.is_register(value.text) if value.number is None else True
    return isinstance(value, (ast.Memory, ast.SymbolRef))


# --- Go functions ------------------------------------------------------------


@dataclass(frozen=True)
class GoFunction:
    name: str  # linker name
    nosplit: bool  # //go:nosplit
    no_arguments: bool  # func f() with no results: its ABI0 wrapper is a tail call
    span: Span | None


_GO_FUNC = re.compile(r"^func[ \t]+(\w+)[ \t]*(?:\[[^\n]*?\])?[ \t]*\((\)[ \t]*\{)?", re.M)


@lru_cache(maxsize=2048)
def _go_functions(text: str) -> tuple[tuple[str, int, bool, bool], ...]:
    """(name, offset of the name, //go:nosplit, no arguments) of each top-level
    function of gofmt'ed Go source (methods have a receiver and no symbol
    assembly could call by this name)."""
    found = []
    for match in _GO_FUNC.finditer(text):
        directives = []
        line_start = match.start()
        while line_start > 0:
            previous = text.rfind("\n", 0, line_start - 1) + 1
            line = text[previous : line_start - 1]
            if not line.startswith("//"):
                break
            directives.append(line.strip())
            line_start = previous
        found.append((match[1], match.start(1), "//go:nosplit" in directives, match[2] is not None))
    return tuple(found)


# --- heights -----------------------------------------------------------------


@dataclass(frozen=True)
class Hop:
    """One step of a chain, as the linker prints it: `f grows N bytes, calls g`."""

    function: str
    growth: int
    callee: str | None  # None: the chain ends with this growth
    span: Span | None
    note: str = ""  # what the linker would know better: "Go code, frame not known", ...


@dataclass(frozen=True)
class Node:
    """What a call can reach."""

    kind: str  # asm, go, wrapper, indirect, morestack, unknown
    key: Symbol | str
    asm: FunctionStack | None = field(default=None, compare=False)  # set on asm nodes
    go: GoFunction | None = field(default=None, compare=False)  # set on go and wrapper nodes

    @property
    def name(self) -> str:
        return str(self.key)


class _Package:
    """What one package defines, read as lookups need it: the home package's
    files are all there; another package's assembly files are analyzed only
    when their text mentions the name looked up, its Go files only when a
    name is not found in assembly."""

    def __init__(
        self,
        graph: StackGraph,
        directory: str,
        prefix: str,
        units: list[CheckUnit] | None = None,
        go_files: list[str] | None = None,
    ):
        # What it needs of the graph, not the graph: a graph holding its packages and a package
        # holding its graph would be a cycle only the cyclic collector frees (a quick check makes a graph).
        self.statics = graph.statics
        self.resolver = graph.home.resolver
        self.context = graph.context
        self.directory = directory
        self.prefix = prefix
        self.asm: dict[Symbol, FunctionStack] = {}
        self._unread: list[str] | None = None if units is not None else _listing(directory, ".s")
        self._go_files = go_files  # the home package's, editor buffers included; else listed when needed
        # Linker name -> (file, span of the name, //go:nosplit, no arguments); GoFunction made on lookup.
        self._go: dict[str, tuple[SourceFile, int, int, bool, bool]] | None = None
        for unit in sorted(units or (), key=lambda u: u.source.path):
            self._add(unit)

    def _add(self, unit: CheckUnit) -> None:
        for summary in summarize(unit, self.prefix):
            self.asm.setdefault(summary.symbol, summary)
            if summary.symbol.file is not None:
                self.statics.setdefault(summary.symbol, summary)

    def assembly(self, symbol: Symbol) -> FunctionStack | None:
        found = self._find(symbol)
        if found is None and self._unread:
            mention = re.compile("\u00b7" + re.escape(symbol.name[len(self.prefix) + 1 :]) + r"(?![\w\u00b7\u2215])")
            # Workspace.analyze: the Analyzer's cached parse of one file in one context.
            workspace, context = self.resolver, self.context
            sources = [(p, workspace.source(p)) for p in self._unread]
            for path, source in sources:
                if source is not None and mention.search(source.text):
                    self._unread.remove(path)
                    if file_matches(path, source.text, context):
                        self._add(workspace.analyze(source, context))
            found = self._find(symbol)
        return found

    def _find(self, symbol: Symbol) -> FunctionStack | None:
        for abi in (symbol.abi, "ABI0", "ABIInternal"):
            found = self.asm.get(Symbol(symbol.name, abi))
            if found is not None:
                return found
        return None

    def go(self, name: str) -> GoFunction | None:
        if self._go is None:
            workspace, context = self.resolver, self.context
            listed = self._go_files is None
            sources = []
            for path in self._go_files if self._go_files is not None else _listing(self.directory, ".go"):
                source = workspace.source(path)
                if (
                    source is None
                    or listed
                    and (
                        path.endswith("_test.go")
                        or _imports_c(source.text)
                        or not file_matches(path, source.text, context)
                    )
                ):
                    continue
                sources.append(source)
            self._go = _go_table(self.prefix, tuple(sources))
        found = self._go.get(name)
        if found is None:
            return None
        source, start, end, nosplit, no_arguments = found
        return GoFunction(name, nosplit, no_arguments, Span(source, start, end))


# The same for every graph until a Go file changes (a source is a version of a
# file): each keystroke's quick check builds a graph, and runtime's table is
# a quarter of its time.
@lru_cache(maxsize=64)
def _go_table(prefix: str, sources: tuple[SourceFile, ...]) -> dict[str, tuple[SourceFile, int, int, bool, bool]]:
    """The Go functions of a package's files by linker name: (file, span of
    the name, //go:nosplit, no arguments); read, never changed. A GoFunction
    is made on lookup (runtime declares thousands, a graph looks up a few)."""
    table: dict[str, tuple[SourceFile, int, int, bool, bool]] = {}
    for source in sources:
        for short, offset, nosplit, no_arguments in _go_functions(source.text):
            table.setdefault(f"{prefix}.{short}", (source, offset, offset + len(short), nosplit, no_arguments))
    return table


def _listing(directory: str, suffix: str) -> list[str]:
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    return [os.path.join(directory, n) for n in names if n.endswith(suffix)]


# go/build leaves cgo files out when cgo is off, as a BuildContext has it.
_IMPORTS_C = re.compile(r'^import\s+(?:"C"|\([^)]*^\s*"C"\s*$)', re.M)


@lru_cache(maxsize=2048)  # a package's Go files are read again for every context and every importer
def _imports_c(text: str) -> bool:
    return _IMPORTS_C.search(text) is not None


class StackGraph:
    """Heights of functions in one build context, reached from one package;
    other packages are read through the workspace as calls lead there."""

    def __init__(self, package: PackageUnit):
        self.home = package
        self.context = package.context
        self.arch = package.arch
        self.call_size = call_size(package.arch)
        self.limit = nosplit_limit(package.context)
        self._packages: dict[str, _Package | None] = {}
        self.statics: dict[Symbol, FunctionStack] = {}
        self._heights: dict[Node, tuple[int, int | None]] = {}  # value, index of the worst edge
        self._active: set[Node] = set()
        self.home_prefix = symbol_prefix(package)
        self._home_package = _Package(self, package.directory, self.home_prefix, package.units, list(package.go.paths))
        self._packages[self.home_prefix] = self._home_package
        self._packages.setdefault(package.import_path, self._home_package)

    # --- what is defined where ---

    def functions(self) -> list[FunctionStack]:
        """The home package's functions, in the linker's order (file, then TEXT)."""
        return list(self._home_package.asm.values())

    def _package(self, import_path: str) -> _Package | None:
        if import_path not in self._packages:
            directory = self.home.resolver.import_directory(import_path, self.home.directory)
            self._packages[import_path] = _Package(self, directory, import_path) if directory else None
        return self._packages[import_path]

    def resolve(self, symbol: Symbol | None) -> Node:
        if symbol is None:
            return Node("indirect", "indirect")
        if symbol.name == MORESTACK:
            return Node("morestack", MORESTACK)
        if symbol.file is not None:  # file-local: defined in the calling file
            found = self.statics.get(symbol)
            return Node("asm", symbol, asm=found) if found else Node("unknown", symbol)
        path = split_linker_name(symbol.name)[0] or None
        # A name without a package (`_rt0_amd64`) is global: look where the call is.
        package = self._package(path) if path else self._home_package
        if package is None:
            return Node("unknown", symbol.name)
        found = package.assembly(symbol)
        if found is not None:
            return Node("asm", found.symbol, asm=found)
        go = package.go(symbol.name)
        if go is None:
            return Node("unknown", symbol.name)
        # Where Go functions take register arguments, assembly reaches them through an ABI0 wrapper.
        if symbol.abi == "ABI0" and self.arch.register_abi:
            return Node("wrapper", symbol.name, go=go)
        return Node("go", symbol.name, go=go)

    # --- heights, as stackcheck.go computes them ---

    def height(self, node: Node) -> int:
        known = self._heights.get(node)
        if known is not None:
            return known[0]
        if node in self._active:
            return CYCLE
        self._active.add(node)
        value, worst = self._compute(node)
        self._active.discard(node)
        value = min(value, CYCLE)
        self._heights[node] = (value, worst)
        return value

    def _compute(self, node: Node) -> tuple[int, int | None]:
        """(height, index of the edge on the worst chain; None: the local growth)."""
        go, asm = node.go, node.asm
        if node.kind == "morestack":
            return 0, None
        if node.kind == "go" and go is not None and go.nosplit:
            return 0, None  # a lower bound: the compiler's frame is not known here
        if node.kind == "wrapper" and go is not None:
            growth = self._wrapper_growth(go)
            return growth + self.height(Node("go", go.name, go=go)), 0
        if node.kind != "asm" or asm is None or not asm.nosplit:
            return self.call_size, 0  # it splits: room to call morestack
        best, worst = 0, None
        for index, edge in enumerate(asm.edges):
            reached = edge.growth + self.height(self.resolve(edge.target))
            if reached > best:
                best, worst = reached, index
        if asm.local_height > best:
            return asm.local_height, None
        return best, worst

    def _wrapper_growth(self, go: GoFunction) -> int:
        """The ABI0 wrapper of a Go function tail-calls it when it has no
        arguments; otherwise it calls it from a frame whose size depends on
        the register assignment (counted here without the spill area)."""
        if go.no_arguments:
            return self.call_size
        frame = rules_for(self.arch).frame(0, NOSPLIT, [Call("CALL", go.name)], self.arch)
        return frame.size + self.call_size

    def chain(self, node: Node) -> tuple[list[Hop], bool]:
        """The worst chain from node, and whether it is an infinite cycle."""
        hops: list[Hop] = []
        seen: set[Node] = set()
        while True:
            if node in seen:
                return hops, True
            seen.add(node)
            self.height(node)
            _, worst = self._heights[node]
            hop, next_node = self._hop(node, worst)
            if hop.growth or hop.callee:
                hops.append(hop)
            elif hop.note and hops:  # the linker prints no step for a 0-byte leaf: keep what it means
                hops[-1] = replace(hops[-1], note=hop.note)
            if next_node is None:
                return hops, False
            node = next_node

    def _hop(self, node: Node, worst: int | None) -> tuple[Hop, Node | None]:
        kind, go, summary = node.kind, node.go, node.asm
        if kind == "asm" and summary is not None and summary.nosplit:
            if worst is None:
                return Hop(node.name, summary.local_height, None, summary.local_span), None
            edge = summary.edges[worst]
            target = self.resolve(edge.target)
            return Hop(node.name, edge.growth, target.name, edge.span), target
        if kind == "wrapper" and go is not None:
            note = "" if go.no_arguments else "the ABI0 wrapper's frame is counted without its spill area"
            return (
                Hop(f"{node.name} (ABI0 wrapper)", self._wrapper_growth(go), node.name, go.span, note),
                Node("go", go.name, go=go),
            )
        if kind == "go" and go is not None and go.nosplit:
            return Hop(node.name, 0, None, go.span, "Go code marked //go:nosplit: its frame is not known"), None
        if kind == "morestack":
            return Hop(node.name, 0, None, None), None
        span = node.asm.text_span if node.asm else node.go.span if node.go else None
        note = {
            "unknown": "not found: counted as a function that splits",
            "indirect": "an indirect call: counted as one to a function that splits",
        }.get(kind, "")
        return Hop(node.name, self.call_size, MORESTACK, span, note), None

    def node_of(self, summary: FunctionStack) -> Node:
        return Node("asm", summary.symbol, asm=summary)

    def callees(self, summary: FunctionStack) -> list[Node]:
        return [self.resolve(edge.target) for edge in summary.edges]


def symbol_prefix(package: PackageUnit) -> str:
    """What `·` stands for (the assembler's -p): the import path, `main` for a command."""
    return "main" if package.go.name == "main" else package.import_path
