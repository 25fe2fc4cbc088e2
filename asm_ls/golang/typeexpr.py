"""Go type expressions as written in source, before names are resolved.

The parser turns tree-sitter nodes into these small immutable values so that
package files can be cached as plain data and resolved later against a scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from asm_ls.golang.constant import ConstExpr, const_expr
from asm_ls.golang.treesitter import named_children, node_text, required_field


@dataclass(frozen=True)
class TypeName:
    name: str
    package: str | None = None  # import alias when qualified: atomic.Int64
    type_args: tuple[TypeExpr, ...] = ()


@dataclass(frozen=True)
class PointerExpr:
    elem: TypeExpr


@dataclass(frozen=True)
class SliceExpr:
    elem: TypeExpr


@dataclass(frozen=True)
class ArrayExpr:
    length: ConstExpr
    elem: TypeExpr


@dataclass(frozen=True)
class MapExpr:
    key: TypeExpr
    value: TypeExpr


@dataclass(frozen=True)
class ChanExpr:
    direction: str  # "", "send" (chan<-) or "recv" (<-chan)
    elem: TypeExpr


@dataclass(frozen=True)
class Param:
    name: str | None
    type: TypeExpr
    variadic: bool = False


@dataclass(frozen=True)
class FuncExpr:
    params: tuple[Param, ...]
    results: tuple[Param, ...]


@dataclass(frozen=True)
class Field:
    name: str | None  # None for an embedded field
    type: TypeExpr
    tag: str | None = None
    # Where its name (an embedded field's type name) is: 0-based line and byte column.
    at: tuple[int, int] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class StructExpr:
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class InterfaceExpr:
    methods: tuple[tuple[str, FuncExpr], ...]
    embedded: tuple[TypeExpr, ...]  # unions and ~T stay BadExpr: they are constraints, not parameter types


@dataclass(frozen=True)
class BadExpr:
    text: str


TypeExpr = (
    TypeName
    | PointerExpr
    | SliceExpr
    | ArrayExpr
    | MapExpr
    | ChanExpr
    | FuncExpr
    | StructExpr
    | InterfaceExpr
    | BadExpr
)


def type_expr(node: Node) -> TypeExpr:
    """The type expression of a tree-sitter-go type node."""
    if node.has_error:
        return BadExpr(node_text(node))
    match node.type:
        case "type_identifier" | "identifier":
            return TypeName(node_text(node))
        case "qualified_type":
            return TypeName(node_text(required_field(node, "name")), node_text(required_field(node, "package")))
        case "generic_type":
            base = type_expr(required_field(node, "type"))
            arguments = node.child_by_field_name("type_arguments")
            if isinstance(base, TypeName) and arguments is not None:
                args = tuple(type_expr(_unwrap_elem(a)) for a in arguments.named_children)
                return TypeName(base.name, base.package, args)
        case "pointer_type":
            return PointerExpr(type_expr(node.named_children[0]))
        case "slice_type":
            return SliceExpr(type_expr(required_field(node, "element")))
        case "array_type":
            return ArrayExpr(const_expr(required_field(node, "length")), type_expr(required_field(node, "element")))
        case "map_type":
            return MapExpr(type_expr(required_field(node, "key")), type_expr(required_field(node, "value")))
        case "channel_type":
            return ChanExpr(_chan_direction(node), type_expr(required_field(node, "value")))
        case "function_type":
            return FuncExpr(*signature_params(node))
        case "struct_type":
            return StructExpr(_struct_fields(node.named_children[0]))
        case "interface_type":
            return _interface(node)
        case "parenthesized_type" if node.named_child_count == 1:
            return type_expr(node.named_children[0])
        case "type_elem" if node.named_child_count == 1:
            return type_expr(node.named_children[0])
    return BadExpr(node_text(node))


def _interface(node: Node) -> InterfaceExpr:
    methods = tuple(
        (node_text(required_field(e, "name")), FuncExpr(*signature_params(e)))
        for e in node.named_children
        if e.type == "method_elem"
    )
    embedded = tuple(type_expr(e) for e in node.named_children if e.type == "type_elem")
    return InterfaceExpr(methods, embedded)


def _unwrap_elem(node: Node) -> Node:
    return node.named_children[0] if node.type == "type_elem" and node.named_child_count == 1 else node


def _chan_direction(node: Node) -> str:
    tokens = [node_text(c) for c in node.children if not c.is_named]
    if tokens and tokens[0] == "<-":
        return "recv"
    return "send" if "<-" in tokens else ""


def signature_params(node: Node) -> tuple[tuple[Param, ...], tuple[Param, ...]]:
    """Parameters and results of a function_declaration, function_type or method."""
    params = node.child_by_field_name("parameters")
    result = node.child_by_field_name("result")
    results: tuple[Param, ...] = ()
    if result is not None:
        results = _param_list(result) if result.type == "parameter_list" else (Param(None, type_expr(result)),)
    return (_param_list(params) if params is not None else ()), results


def _param_list(node: Node) -> tuple[Param, ...]:
    groups = []  # (names, type, variadic) per declaration
    for decl in node.named_children:
        if decl.type in ("parameter_declaration", "variadic_parameter_declaration"):
            groups.append(
                (
                    [node_text(n) for n in named_children(decl, "name")],
                    type_expr(required_field(decl, "type")),
                    decl.type == "variadic_parameter_declaration",
                )
            )
    if not any(names for names, _, _ in groups):
        return tuple(Param(None, typ, variadic) for _, typ, variadic in groups)
    # Go parameters are all named or all unnamed, so with names present a lone
    # identifier names the next group's type. tree-sitter-go sometimes reads
    # `trap, a1, ..., a9 uintptr` as an unnamed `trap` followed by a group.
    params: list[Param] = []
    pending: list[str] = []
    for names, typ, variadic in groups:
        if not names and isinstance(typ, TypeName) and typ.package is None and not typ.type_args:
            pending.append(typ.name)
            continue
        params.extend(Param(name, typ, variadic) for name in pending + names)
        pending = []
    return tuple(params)


def _struct_fields(field_list: Node) -> tuple[Field, ...]:
    fields: list[Field] = []
    for decl in field_list.named_children:
        if decl.type != "field_declaration":
            continue
        typ = type_expr(required_field(decl, "type"))
        if any(not c.is_named and c.type == "*" for c in decl.children):
            typ = PointerExpr(typ)  # embedded *T
        tag_node = decl.child_by_field_name("tag")
        tag = _unquote_tag(node_text(tag_node)) if tag_node is not None else None
        named = named_children(decl, "name")
        if named:
            fields.extend(Field(node_text(n), typ, tag, n.start_point) for n in named)
        else:
            fields.append(Field(None, typ, tag, _embedded_name_node(required_field(decl, "type")).start_point))
    return tuple(fields)


def _embedded_name_node(node: Node) -> Node:
    """The type name of an embedded field's type (`pkg.T[X]` gives T)."""
    while node.type in ("generic_type", "qualified_type", "pointer_type"):
        inner = node.child_by_field_name("type" if node.type == "generic_type" else "name")
        if inner is None:
            inner = node.named_children[0] if node.named_children else None
        if inner is None:
            break
        node = inner
    return node


def _unquote_tag(literal: str) -> str:
    body = literal[1:-1]
    if literal.startswith('"'):
        return body.encode("latin-1", "backslashreplace").decode("unicode_escape")
    return body
