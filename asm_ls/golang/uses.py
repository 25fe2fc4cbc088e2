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


# --- what a rename of a package-level name or a parameter touches ------------------------

# Nodes whose `identifier` children declare a name in the scope they are in.
_DECLARING = frozenset({"parameter_declaration", "variadic_parameter_declaration", "var_spec", "const_spec"})


def _walk(root: Node):
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def package_name_uses(text: str, name: str, qualifier: str | None) -> list[GoIdentifier]:
    """Where a package-level func or var called name may be meant: plain
    identifiers (qualifier None: in its own package, its declaration
    included), or `qualifier.name` (in a package importing it). Method names,
    struct fields and selectors of other operands are not it."""
    if name not in text:
        return []
    offsets = _Offsets(text)
    found = []
    for node in _walk(parse_go(text.encode("utf-8")).root_node):
        if node_text(node) != name:
            continue
        if qualifier is None and node.type == "identifier":
            parent = node.parent
            if (
                parent is not None
                and parent.type == "selector_expression"
                and parent.child_by_field_name("field") == node
            ):
                continue
            found.append(_identifier(node, offsets))
        elif qualifier is not None and node.type == "field_identifier":
            identifier = _identifier(node, offsets)
            if identifier.qualifier == qualifier:
                found.append(identifier)
    return found


def local_declarations(text: str, name: str) -> list[GoIdentifier]:
    """Declarations of name inside functions (parameters, variables, `:=`,
    range variables): there a plain `name` is not the package-level one."""
    if name not in text:
        return []
    offsets = _Offsets(text)
    found = []
    for node in _walk(parse_go(text.encode("utf-8")).root_node):
        if node.type != "identifier" or node_text(node) != name:
            continue
        parent = node.parent
        grand = parent.parent if parent is not None else None
        declared = parent is not None and (
            (parent.type in _DECLARING and _inside_function(parent))
            or (
                parent.type == "expression_list"
                and grand is not None
                and grand.type in ("short_var_declaration", "range_clause")
                and grand.child_by_field_name("left") == parent
            )
        )
        if declared:
            found.append(_identifier(node, offsets))
    return found


def _inside_function(node: Node) -> bool:
    """Whether node is in a function or method: its signature or its body."""
    parent = node.parent
    while parent is not None:
        if parent.type in ("function_declaration", "method_declaration", "func_literal"):
            return True
        parent = parent.parent
    return False


def top_level_names(text: str) -> dict[str, GoIdentifier]:
    """The package-level names a Go file declares (funcs, vars, consts, types), by name."""
    offsets = _Offsets(text)
    found: dict[str, GoIdentifier] = {}
    for declaration in parse_go(text.encode("utf-8")).root_node.children:
        if declaration.type == "function_declaration":
            names = declaration.children_by_field_name("name")
        else:
            names = [
                child
                for spec in _walk(declaration)
                if spec.type in ("var_spec", "const_spec", "type_spec", "type_alias")
                for child in spec.children_by_field_name("name")
            ]
        for node in names:
            found.setdefault(node_text(node), _identifier(node, offsets))
    return found


def function_parameters(text: str, function: str) -> list[GoIdentifier]:
    """The parameter and result names of every top-level func called function in a Go file."""
    offsets = _Offsets(text)
    found = []
    for declaration in parse_go(text.encode("utf-8")).root_node.children:
        if declaration.type != "function_declaration":
            continue
        name = declaration.child_by_field_name("name")
        if name is None or node_text(name) != function:
            continue
        for field in ("parameters", "result"):
            parameters = declaration.child_by_field_name(field)
            if parameters is None or parameters.type != "parameter_list":
                continue
            for parameter in parameters.children:
                if parameter.type in ("parameter_declaration", "variadic_parameter_declaration"):
                    found += [_identifier(n, offsets) for n in parameter.children_by_field_name("name")]
    return found
