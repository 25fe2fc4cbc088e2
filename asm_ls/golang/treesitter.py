"""One shared tree-sitter-go parser and the node helpers the Go side needs."""

from functools import cache

import tree_sitter_go
from tree_sitter import Language, Node, Parser, Tree


@cache
def _parser() -> Parser:
    return Parser(Language(tree_sitter_go.language()))


def parse_go(source: bytes) -> Tree:
    return _parser().parse(source)


def node_text(node: Node) -> str:
    text = node.text
    assert text is not None, "parse_go keeps the source, so every node has its text"
    return text.decode("utf-8", "replace")


def required_field(node: Node, field: str) -> Node:
    """The child in a field the grammar requires: present in a node without
    errors (has_error false for it or for an ancestor the caller checked)."""
    child = node.child_by_field_name(field)
    if child is None:
        raise ValueError(f"tree-sitter-go: a {node.type} without its {field}")
    return child


def named_children(node: Node, field: str) -> list[Node]:
    return [child for child in node.children_by_field_name(field) if child.is_named]
