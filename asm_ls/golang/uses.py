"""Identifiers in Go source by position: the name under the cursor in a .go
file, and every place a name is used (call sites of assembly functions).
Offsets are code points, like everywhere else in asm-ls."""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from asm_ls.golang.treesitter import node_text, parse_go

IDENTIFIER_TYPES = frozenset({"identifier", "field_identifier"})


@dataclass(frozen=True)
class GoIdentifier:
    name: str
    qualifier: str | None  # `pkg` in pkg.Name
    start: int
    end: int


class _Offsets:
    """Code-point offsets of tree-sitter's byte offsets."""

    def __init__(self, text: str):
        self.text = text
        self.ascii = text.isascii()
        self._encoded = None if self.ascii else text.encode("utf-8")

    def code_point(self, byte: int) -> int:
        if self._encoded is None:  # ASCII
            return byte
        return len(self._encoded[:byte].decode("utf-8", "replace"))

    def byte(self, code_point: int) -> int:
        if self.ascii:
            return code_point
        return len(self.text[:code_point].encode("utf-8"))


def _identifier(node: Node, offsets: _Offsets) -> GoIdentifier:
    qualifier = None
    parent = node.parent
    if parent is not None and parent.type in ("selector_expression", "qualified_type"):
        operand = parent.child_by_field_name("operand") or parent.child_by_field_name("package")
        if operand is not None and operand is not node and operand.type in ("identifier", "package_identifier"):
            qualifier = node_text(operand)
    return GoIdentifier(
        node_text(node), qualifier, offsets.code_point(node.start_byte), offsets.code_point(node.end_byte)
    )


def identifier_at(text: str, offset: int) -> GoIdentifier | None:
    offsets = _Offsets(text)
    tree = parse_go(text.encode("utf-8"))
    byte = offsets.byte(offset)
    node = tree.root_node.named_descendant_for_byte_range(byte, byte)
    if node is None or node.type not in IDENTIFIER_TYPES:
        if byte > 0:  # the cursor just after the name
            node = tree.root_node.named_descendant_for_byte_range(byte - 1, byte - 1)
        if node is None or node.type not in IDENTIFIER_TYPES:
            return None
    return _identifier(node, offsets)


def identifier_uses(text: str, name: str, qualifiers: frozenset[str | None]) -> list[GoIdentifier]:
    """Identifiers spelled name whose qualifier is one of qualifiers (None: unqualified)."""
    if name not in text:
        return []
    offsets = _Offsets(text)
    found = []
    stack = [parse_go(text.encode("utf-8")).root_node]
    while stack:
        node = stack.pop()
        if node.type in IDENTIFIER_TYPES:
            if node_text(node) == name:
                identifier = _identifier(node, offsets)
                if identifier.qualifier in qualifiers:
                    found.append(identifier)
            continue
        stack.extend(reversed(node.children))
    return found


@dataclass(frozen=True)
class FunctionRange:
    """A top-level function or method declaration: its name, the receiver's
    type (None for a function), and code-point offsets of the whole
    declaration and of its name."""

    name: str
    receiver: str | None
    start: int
    end: int
    name_start: int
    name_end: int
    has_body: bool


def function_ranges(text: str) -> list[FunctionRange]:
    """Every top-level function and method declaration, in source order."""
    offsets = _Offsets(text)
    found = []
    for node in parse_go(text.encode("utf-8")).root_node.children:
        if node.type not in ("function_declaration", "method_declaration"):
            continue
        name = node.child_by_field_name("name")
        if name is None:
            continue
        found.append(
            FunctionRange(
                node_text(name),
                _receiver_type(node.child_by_field_name("receiver")),
                offsets.code_point(node.start_byte),
                offsets.code_point(node.end_byte),
                offsets.code_point(name.start_byte),
                offsets.code_point(name.end_byte),
                node.child_by_field_name("body") is not None,
            )
        )
    return found


def _receiver_type(receiver: Node | None) -> str | None:
    if receiver is None:
        return None
    for node in _walk(receiver):
        if node.type == "type_identifier":
            return node_text(node)
    return "?"


def _walk(root: Node):
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def calls_in(text: str, start: int, end: int) -> list[GoIdentifier]:
    """The called names of the calls `f(...)` and `pkg.F(...)` between
    code-point offsets start and end (`x.m()` included, with x as qualifier)."""
    offsets = _Offsets(text)
    first, last = offsets.byte(start), offsets.byte(end)
    stack = [parse_go(text.encode("utf-8")).root_node]
    found = []
    while stack:
        node = stack.pop()
        if node.end_byte <= first or node.start_byte >= last:
            continue
        stack.extend(reversed(node.children))
        if node.type != "call_expression":
            continue
        function = node.child_by_field_name("function")
        if function is not None and function.type == "selector_expression":
            operand = function.child_by_field_name("operand")
            if operand is None or operand.type != "identifier":
                continue  # a method of a value that is not a plain name: x.y.m()
            function = function.child_by_field_name("field")
        if function is not None and function.type in IDENTIFIER_TYPES:
            found.append(_identifier(function, offsets))
    return found
