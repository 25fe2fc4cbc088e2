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
    return node.text.decode("utf-8", "replace")


def named_children(node: Node, field: str) -> list[Node]:
    return [child for child in node.children_by_field_name(field) if child.is_named]
