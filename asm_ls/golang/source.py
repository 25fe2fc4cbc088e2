"""Declarations of one Go file, read with tree-sitter-go.

A file with syntax errors still yields every declaration that parsed cleanly;
a declaration that contains an error is left out rather than half-read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tree_sitter import Node

from asm_ls.golang.constant import ConstExpr, Opaque, const_expr
from asm_ls.golang.treesitter import named_children, node_text, parse_go, required_field
from asm_ls.golang.typeexpr import Param, TypeExpr, signature_params, type_expr


@dataclass(frozen=True)
class Location:
    """Where a name is declared: 0-based line, code-point columns [start, end)."""

    path: str
    line: int
    start: int
    end: int


@dataclass(frozen=True)
class GoFunc:
    """A Go function declaration; bodyless ones are implemented in assembly."""

    name: str
    params: tuple[Param, ...]
    results: tuple[Param, ...]
    doc: str = ""
    directives: tuple[str, ...] = ()  # "//go:noescape", "//go:linkname f runtime.f", ...
    location: Location | None = None
    # Resolves the names in parameter types; set when the package is loaded.
    scope: Any = field(default=None, compare=False, repr=False)

    @property
    def variadic(self) -> bool:
        return bool(self.params) and self.params[-1].variadic


@dataclass(frozen=True)
class Import:
    path: str
    alias: str | None  # explicit name, "." or "_"


@dataclass(frozen=True)
class TypeDecl:
    name: str
    type: TypeExpr
    alias: bool
    type_params: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class GoVar:
    name: str
    type: TypeExpr | None  # None when inferred from the initializer
    location: Location


@dataclass(frozen=True)
class ConstDecl:
    name: str
    value: ConstExpr
    iota: int
    location: Location
    type: TypeExpr | None = None  # the declared type; None for an untyped declaration


@dataclass(frozen=True)
class GoFile:
    path: str
    package: str | None
    imports: tuple[Import, ...]
    funcs: tuple[GoFunc, ...]  # bodyless, without receiver
    types: tuple[TypeDecl, ...]
    vars: tuple[GoVar, ...]
    consts: tuple[ConstDecl, ...]
    # Every `//go:linkname local [target]` of the file, wherever it stands, as (local, target).
    linknames: tuple[tuple[str, str | None], ...] = ()


def parse_file(path: str, text: str) -> GoFile:
    source = text.encode("utf-8")
    tree = parse_go(source)
    if tree.root_node.has_error:
        return _parse_in_chunks(path, text, tree.root_node)
    reader = _Reader(path, source)
    for node in tree.root_node.children:
        reader.declaration(node)
    return reader.result()


# A top-level declaration of gofmt'ed code starts in column 0; its doc comment
# lines are part of it.
_DECLARATION_START = re.compile(r"^(?:func|type|var|const|import)\b")
_LITERALS = frozenset({"comment", "raw_string_literal", "interpreted_string_literal"})


def _parse_in_chunks(path: str, text: str, whole: Node) -> GoFile:
    """Parse each top-level declaration on its own, so that one broken
    declaration cannot swallow the ones after it (tree-sitter's recovery often
    does). Chunks are padded with newlines to keep line numbers."""
    lines = text.split("\n")
    starts = [0]
    for number, line in enumerate(lines):
        if number and _DECLARATION_START.match(line) and not _in_literal(whole, number):
            start = number
            while start > starts[-1] + 1 and lines[start - 1].startswith("//"):
                start -= 1
            starts.append(start)
    reader = _Reader(path, b"")
    for start, end in zip(starts, starts[1:] + [len(lines)]):
        reader.source = ("\n" * start + "\n".join(lines[start:end])).encode("utf-8")
        for node in _top_level(parse_go(reader.source).root_node):
            reader.declaration(node)
    return reader.result()


def _in_literal(root: Node, line: int) -> bool:
    """Whether the start of line lies inside a comment or a string literal."""
    node = root.descendant_for_point_range((line, 0), (line, 0))
    while node is not None:
        if node.type in _LITERALS and node.start_point < (line, 0):
            return True
        node = node.parent
    return False


def _top_level(root: Node):
    """Top-level declarations, including those tree-sitter wrapped in ERROR nodes."""
    for child in root.children:
        if child.type == "ERROR":
            yield from _top_level(child)
        else:
            yield child


class _Reader:
    def __init__(self, path: str, source: bytes):
        self.path = path
        self.source = source
        self.package: str | None = None
        self.imports: list[Import] = []
        self.funcs: list[GoFunc] = []
        self.types: list[TypeDecl] = []
        self.vars: list[GoVar] = []
        self.consts: list[ConstDecl] = []
        self.linknames: list[tuple[str, str | None]] = []

    def result(self) -> GoFile:
        return GoFile(
            self.path,
            self.package,
            tuple(self.imports),
            tuple(self.funcs),
            tuple(self.types),
            tuple(self.vars),
            tuple(self.consts),
            tuple(self.linknames),
        )

    def declaration(self, node: Node) -> None:
        match node.type:
            case "package_clause" if self.package is None and not node.has_error:
                self.package = node_text(node.named_children[0])
            case "import_declaration":
                self._specs(node, "import_spec", self._import)
            case "function_declaration" if node.child_by_field_name("body") is None:
                self._func(node)
            case "type_declaration":
                for spec in node.named_children:
                    if spec.type in ("type_spec", "type_alias") and not spec.has_error:
                        self._type(spec)
            case "var_declaration":
                self._specs(node, "var_spec", self._var)
            case "const_declaration":
                self._consts(node)
            case "comment":
                words = node_text(node).split()
                if words[0] == "//go:linkname" and len(words) in (2, 3):
                    self.linknames.append((words[1], words[2] if len(words) == 3 else None))

    def _specs(self, node: Node, spec_type: str, read) -> None:
        for spec in node.named_children:
            if spec.type == spec_type + "_list":
                self._specs(spec, spec_type, read)
            elif spec.type == spec_type and not spec.has_error:
                read(spec)

    def location(self, name: Node) -> Location:
        line_start = self.source.rfind(b"\n", 0, name.start_byte) + 1
        start = len(self.source[line_start : name.start_byte].decode("utf-8", "replace"))
        return Location(self.path, name.start_point.row, start, start + len(node_text(name)))

    def _import(self, spec: Node) -> None:
        path = required_field(spec, "path")
        alias = spec.child_by_field_name("name")
        self.imports.append(Import(node_text(path).strip('"`'), node_text(alias) if alias else None))

    def _func(self, node: Node) -> None:
        if node.has_error:
            return
        name = required_field(node, "name")
        params, results = signature_params(node)
        doc, directives = _doc_comment(node)
        self.funcs.append(GoFunc(node_text(name), params, results, doc, directives, self.location(name)))

    def _type(self, spec: Node) -> None:
        name = required_field(spec, "name")
        type_params = spec.child_by_field_name("type_parameters")
        param_names = tuple(
            node_text(n)
            for decl in (type_params.named_children if type_params else ())
            for n in named_children(decl, "name")
        )
        self.types.append(
            TypeDecl(
                node_text(name),
                type_expr(required_field(spec, "type")),
                spec.type == "type_alias",
                param_names,
                self.location(name),
            )
        )

    def _var(self, spec: Node) -> None:
        type_node = spec.child_by_field_name("type")
        typ = type_expr(type_node) if type_node is not None else None
        for name in named_children(spec, "name"):
            self.vars.append(GoVar(node_text(name), typ, self.location(name)))

    def _consts(self, node: Node) -> None:
        # In a group, a spec without values repeats the previous spec's type and values.
        previous: list[ConstExpr] = []
        previous_type: TypeExpr | None = None
        specs = [s for s in node.named_children if s.type == "const_spec"]
        for iota, spec in enumerate(specs):
            values = spec.child_by_field_name("value")
            if values is not None:
                previous = [const_expr(v) for v in values.named_children if v.type != "comment"]
                type_node = spec.child_by_field_name("type")
                previous_type = type_expr(type_node) if type_node is not None else None
            if spec.has_error:
                continue
            for index, name in enumerate(named_children(spec, "name")):
                value = previous[index] if index < len(previous) else Opaque("missing value")
                self.consts.append(ConstDecl(node_text(name), value, iota, self.location(name), previous_type))


def _doc_comment(node: Node) -> tuple[str, tuple[str, ...]]:
    """The comment block right above node, split into doc text and //go: directives."""
    comments: list[Node] = []
    above = node.prev_sibling
    next_row = node.start_point.row
    while above is not None and above.type == "comment" and above.end_point.row == next_row - 1:
        before = above.prev_sibling
        if before is not None and before.end_point.row == above.start_point.row:
            break  # a comment trailing code belongs to that code, not to the doc
        comments.insert(0, above)
        next_row = above.start_point.row
        above = above.prev_sibling
    doc_lines: list[str] = []
    directives: list[str] = []
    for comment in comments:
        text = node_text(comment)
        if text.startswith("//go:"):
            directives.append(text.rstrip())
        elif not _DIRECTIVE.match(text):
            doc_lines.extend(_comment_lines(text))
    return _tidy_doc(doc_lines), tuple(directives)


# Comment lines that go/ast's CommentGroup.Text leaves out of a doc.
_DIRECTIVE = re.compile(r"//(?:line |extern |export |[a-z0-9]+:[a-z0-9])")


def _comment_lines(text: str) -> list[str]:
    if text.startswith("//"):
        return [text[2:].removeprefix(" ")]
    return text[2:-2].splitlines()


def _tidy_doc(lines: list[str]) -> str:
    """As CommentGroup.Text: no trailing spaces, no blank lines at either end, no runs of them."""
    tidy: list[str] = []
    for line in (line.rstrip() for line in lines):
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    while tidy and not tidy[-1]:
        tidy.pop()
    return "\n".join(tidy)
