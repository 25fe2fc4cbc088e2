"""Integer constant expressions, as far as array lengths in Go declarations need them.

`[BlockSize]byte` or `[2 * sha256.Size]byte` size a parameter; anything this
evaluator cannot reduce to an integer (floats, strings, unsafe.Sizeof, ...) is
reported as unknown with the reason, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from tree_sitter import Node

from asm_ls.golang.treesitter import node_text


class ConstUnknown(Exception):
    """The constant's value cannot be determined here; the message says why."""


@dataclass(frozen=True)
class IntLit:
    value: int


@dataclass(frozen=True)
class ConstRef:
    name: str
    package: str | None = None  # import alias of a qualified reference


@dataclass(frozen=True)
class Iota:
    pass


@dataclass(frozen=True)
class Unary:
    op: str
    operand: ConstExpr


@dataclass(frozen=True)
class Binary:
    op: str
    left: ConstExpr
    right: ConstExpr


@dataclass(frozen=True)
class Conversion:
    """`T(x)` with T a type name: the value of x (range checks are the compiler's job)."""

    type_name: str
    operand: ConstExpr


@dataclass(frozen=True)
class Opaque:
    text: str


ConstExpr = IntLit | ConstRef | Iota | Unary | Binary | Conversion | Opaque


@dataclass(frozen=True)
class ConstBinding:
    expr: ConstExpr
    iota: int
    scope: ConstScope


class ConstScope(Protocol):
    def lookup_const(self, package: str | None, name: str) -> ConstBinding | None: ...


_MAX_DEPTH = 64  # deeper nesting is generated code or a cycle (`const a = b; const b = a`)


def const_expr(node: Node, depth: int = 0) -> ConstExpr:
    if depth > _MAX_DEPTH:
        return Opaque(node_text(node))
    depth += 1
    match node.type:
        case "int_literal":
            return _int_literal(node_text(node))
        case "rune_literal":
            body = node_text(node)[1:-1]
            return IntLit(ord(body)) if len(body) == 1 else Opaque(node_text(node))
        case "iota":
            return Iota()
        case "identifier":
            return ConstRef(node_text(node))
        case "selector_expression":
            operand, field = node.child_by_field_name("operand"), node.child_by_field_name("field")
            if operand is not None and operand.type == "identifier" and field is not None:
                return ConstRef(node_text(field), node_text(operand))
        case "parenthesized_expression" if node.named_child_count == 1:
            return const_expr(node.named_children[0], depth)
        case "unary_expression":
            operator, operand = node.child_by_field_name("operator"), node.child_by_field_name("operand")
            if operator is not None and operand is not None:
                return Unary(node_text(operator), const_expr(operand, depth))
        case "binary_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            operator = node.child_by_field_name("operator")
            if left is not None and right is not None and operator is not None:
                return Binary(node_text(operator), const_expr(left, depth), const_expr(right, depth))
        case "call_expression":
            return _conversion(node, depth)
    return Opaque(node_text(node))


def _int_literal(text: str) -> ConstExpr:
    digits = text.replace("_", "")
    if len(digits) > 1 and digits[0] == "0" and digits.isdigit():
        return IntLit(int(digits, 8))  # legacy octal: 0755
    try:
        return IntLit(int(digits, 0))
    except ValueError:
        return Opaque(text)


def _conversion(node: Node, depth: int) -> ConstExpr:
    function, arguments = node.child_by_field_name("function"), node.child_by_field_name("arguments")
    if function is None or arguments is None or arguments.named_child_count != 1:
        return Opaque(node_text(node))
    if function.type == "parenthesized_expression" and function.named_child_count == 1:
        function = function.named_children[0]
    if function.type not in ("identifier", "selector_expression", "type_identifier", "qualified_type"):
        return Opaque(node_text(node))
    return Conversion(node_text(function), const_expr(arguments.named_children[0], depth))


def evaluate(expr: ConstExpr, scope: ConstScope, iota: int = 0, depth: int = 0) -> int:
    """The integer value of expr in scope; raises ConstUnknown with the reason."""
    if depth > _MAX_DEPTH:
        raise ConstUnknown("constant expression nests too deeply or refers to itself")
    match expr:
        case IntLit(value):
            return value
        case Iota():
            return iota
        case ConstRef(name, package):
            binding = scope.lookup_const(package, name)
            if binding is None:
                qualified = f"{package}.{name}" if package else name
                raise ConstUnknown(f"constant {qualified} not found")
            return evaluate(binding.expr, binding.scope, binding.iota, depth + 1)
        case Conversion(type_name, operand):
            if type_name.startswith("unsafe.") or type_name in ("len", "cap", "min", "max", "real", "imag"):
                raise ConstUnknown(f"{type_name}(...) is not evaluated")
            return evaluate(operand, scope, iota, depth + 1)
        case Unary(op, operand):
            return _unary(op, evaluate(operand, scope, iota, depth + 1))
        case Binary(op, left, right):
            return _binary(op, evaluate(left, scope, iota, depth + 1), evaluate(right, scope, iota, depth + 1))
        case Opaque(text):
            raise ConstUnknown(f"cannot evaluate constant expression {text!r}")
    raise AssertionError(expr)


def _unary(op: str, x: int) -> int:
    match op:
        case "+":
            return x
        case "-":
            return -x
        case "^":
            return ~x
    raise ConstUnknown(f"unsupported constant operator {op}")


def _binary(op: str, x: int, y: int) -> int:
    match op:
        case "+":
            return x + y
        case "-":
            return x - y
        case "*":
            return x * y
        case "/" | "%" if y == 0:
            raise ConstUnknown("constant division by zero")
        case "/":
            quotient = abs(x) // abs(y)  # Go truncates toward zero
            return quotient if (x < 0) == (y < 0) else -quotient
        case "%":
            return x - y * _binary("/", x, y)
        case "<<":
            return x << y
        case ">>":
            return x >> y
        case "&":
            return x & y
        case "|":
            return x | y
        case "^":
            return x ^ y
        case "&^":
            return x & ~y
    raise ConstUnknown(f"unsupported constant operator {op}")
