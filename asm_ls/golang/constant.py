"""Go constant expressions: read from tree-sitter-go nodes, evaluated with the
type checker's semantics (asm_ls.golang.constvalue holds the values and the
arithmetic).

An array length (`[BlockSize]byte`, `[32 << (^uint(0) >> 63)]byte`), a
go_asm.h `const_` value and `unsafe.Sizeof(T{})` are evaluated here. What Go
rejects raises ConstError ("... is not constant", "constant 256 overflows
uint8"); what asm-ls cannot know here (a package not found, a value too large
to keep exactly) raises ConstUnknown. No other exception leaves `evaluate`.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

from tree_sitter import Node

from asm_ls.golang.constvalue import (
    BASIC_CONST_TYPES,
    INT,
    UINTPTR,
    UNTYPED_BOOL,
    UNTYPED_COMPLEX,
    UNTYPED_FLOAT,
    UNTYPED_INT,
    UNTYPED_RUNE,
    UNTYPED_STRING,
    Const,
    ConstError,
    ConstType,
    ConstUnknown,
    Words,
    basic_type,
    binary,
    convert,
    default_type,
    match,
    overflow,
    represent,
    to_float,
    to_int,
    unary,
)
from asm_ls.golang.treesitter import node_text
from asm_ls.syntax.literals import unquote_pieces

__all__ = ["ConstError", "ConstUnknown", "Unresolved"]


class Unresolved(Exception):
    """A name cannot be resolved; the message says why."""


@dataclass(frozen=True)
class Lit:
    """A literal: its untyped constant."""

    value: Const


@dataclass(frozen=True)
class ConstRef:
    name: str
    package: str | None = None  # import alias of a qualified reference (or a value whose field is selected)


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
class TypeSyntax:
    """A type written where a conversion's function stands: `[]byte`, `(*T)`."""

    type: Any  # asm_ls.golang.typeexpr.TypeExpr


@dataclass(frozen=True)
class Call:
    """`f(args)`: a conversion `T(x)`, a builtin (`len`, `min`, `unsafe.Sizeof`) or a function call."""

    function: ConstRef | TypeSyntax | Opaque
    args: tuple[ConstExpr, ...]
    text: str


@dataclass(frozen=True)
class CompositeLit:
    """`T{...}`: not a constant, but unsafe.Sizeof and Offsetof take its type."""

    type: Any  # TypeExpr
    text: str


@dataclass(frozen=True)
class Selector:
    """`x.f` where x is not a plain name (`T{}.f`)."""

    operand: ConstExpr
    field: str


@dataclass(frozen=True)
class Opaque:
    text: str


ConstExpr = Lit | ConstRef | Iota | Unary | Binary | Call | CompositeLit | Selector | Opaque


@dataclass(frozen=True, eq=False)
class ConstBinding:
    """A constant declaration as its package sees it: its expression, iota,
    declared type (None: untyped or the expression's type) and scope."""

    expr: ConstExpr
    iota: int
    scope: ConstScope
    type: Any = None  # TypeExpr | None


class ConstScope(Protocol):
    def lookup_const(self, package: str | None, name: str) -> ConstBinding | None:
        """The declaration of a constant; None when the package declares none by that name.
        A qualified lookup raises Unresolved when the package or name is not found."""

    def lookup_type(self, package: str | None, name: str) -> Any:
        """A TypeBinding, or None for a name the package does not declare; raises Unresolved."""

    def import_path(self, package: str) -> str:
        """The import path behind a package name; raises Unresolved."""


_MAX_DEPTH = 64  # deeper nesting is generated code or a cycle (`const a = b; const b = a`)


# --- reading expressions -------------------------------------------------------


def const_expr(node: Node, depth: int = 0) -> ConstExpr:
    if depth > _MAX_DEPTH:
        return Opaque(snippet(node_text(node)))
    depth += 1
    try:
        return _const_expr(node, depth)
    except (ValueError, UnicodeError):  # a literal Go would reject
        return Opaque(snippet(node_text(node)))


_SNIPPET = 64  # characters of source a message quotes


def snippet(text: str) -> str:
    """Source text as a message quotes it: on one line, at most _SNIPPET characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _SNIPPET else flat[: _SNIPPET - 1] + "\u2026"


def _const_expr(node: Node, depth: int) -> ConstExpr:
    text = node_text(node)
    match node.type:
        case "int_literal":
            return Lit(Const(int_literal(text), UNTYPED_INT))
        case "float_literal":
            return Lit(Const(float_literal(text), UNTYPED_FLOAT))
        case "imaginary_literal":
            return Lit(Const((Fraction(0), imaginary_literal(text)), UNTYPED_COMPLEX))
        case "rune_literal":
            return Lit(Const(rune_literal(text), UNTYPED_RUNE))
        case "interpreted_string_literal" | "raw_string_literal":
            return Lit(Const(string_literal(text), UNTYPED_STRING))
        case "true" | "false":
            return Lit(Const(node.type == "true", UNTYPED_BOOL))
        case "iota":
            return Iota()
        case "identifier" | "type_identifier":
            return ConstRef(node_text(node))
        case "selector_expression":
            operand, field = node.child_by_field_name("operand"), node.child_by_field_name("field")
            if operand is not None and field is not None:
                if operand.type == "identifier":
                    return ConstRef(node_text(field), node_text(operand))
                return Selector(const_expr(operand, depth), node_text(field))
        case "qualified_type":
            package, name = node.child_by_field_name("package"), node.child_by_field_name("name")
            if package is not None and name is not None:
                return ConstRef(node_text(name), node_text(package))
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
            return _call(node, depth)
        case "type_conversion_expression":
            typ, operand = node.child_by_field_name("type"), node.child_by_field_name("operand")
            if typ is not None and operand is not None:
                return Call(_callee(typ), (const_expr(operand, depth),), snippet(text))
        case "composite_literal":
            typ = node.child_by_field_name("type")
            if typ is not None:
                from asm_ls.golang.typeexpr import type_expr  # it reads array lengths with const_expr

                return CompositeLit(type_expr(typ), snippet(text))
    return Opaque(snippet(text))


def _call(node: Node, depth: int) -> ConstExpr:
    function, arguments = node.child_by_field_name("function"), node.child_by_field_name("arguments")
    text = snippet(node_text(node))
    if function is None or arguments is None:
        return Opaque(text)
    if any(not child.is_named and child.type == "..." for child in arguments.children):
        return Opaque(text)  # f(xs...) is never constant
    args = tuple(const_expr(a, depth) for a in arguments.named_children if a.type != "comment")
    return Call(_callee(function), args, text)


def _callee(node: Node) -> ConstRef | TypeSyntax | Opaque:
    while node.type in ("parenthesized_expression", "parenthesized_type") and node.named_child_count == 1:
        node = node.named_children[0]
    match node.type:
        case "identifier" | "type_identifier":
            return ConstRef(node_text(node))
        case "selector_expression" | "qualified_type":
            operand = node.child_by_field_name("operand") or node.child_by_field_name("package")
            field = node.child_by_field_name("field") or node.child_by_field_name("name")
            if operand is not None and field is not None and operand.type in ("identifier", "package_identifier"):
                return ConstRef(node_text(field), node_text(operand))
        case "unary_expression" | "pointer_type" | "slice_type" | "array_type" | "map_type" | "channel_type":
            return TypeSyntax(snippet(node_text(node)))  # `(*T)(x)`, `[]byte(x)`: never a constant type
        case "function_type" | "struct_type" | "interface_type" | "generic_type":
            return TypeSyntax(snippet(node_text(node)))
    return Opaque(snippet(node_text(node)))


def int_literal(text: str) -> int:
    digits = text.replace("_", "")
    if len(digits) > 1 and digits[0] == "0" and digits.isdigit():
        return int(digits, 8)  # legacy octal: 0755
    return int(digits, 0)


# Exponents beyond these would make fractions of millions of digits (Go keeps
# such floats inexactly; asm-ls says it cannot evaluate them).
_MAX_DECIMAL_EXPONENT = 2000
_MAX_BINARY_EXPONENT = 8000


def float_literal(text: str) -> Fraction:
    digits = text.replace("_", "").lower()
    if not digits.startswith("0x"):
        _, _, exponent = digits.partition("e")
        if exponent and abs(int(exponent)) > _MAX_DECIMAL_EXPONENT:
            raise ValueError("exponent too large to evaluate exactly")
        return Fraction(digits)
    mantissa, _, exponent = digits[2:].partition("p")
    if exponent and abs(int(exponent)) > _MAX_BINARY_EXPONENT:
        raise ValueError("exponent too large to evaluate exactly")
    whole, _, fraction = mantissa.partition(".")
    value = Fraction(int(whole + fraction or "0", 16), 16 ** len(fraction))
    return value * Fraction(2) ** int(exponent or "0")


def imaginary_literal(text: str) -> Fraction:
    body = text[:-1].replace("_", "")
    if body.isdigit():
        return Fraction(int(body, 10))  # decimal even with a leading 0, as the spec keeps it
    if body.lower().startswith(("0x", "0b", "0o")) and not any(c in body.lower() for c in ".p"):
        return Fraction(int_literal(body))
    return float_literal(body)


def string_literal(text: str) -> bytes:
    out = bytearray()
    for piece in unquote_pieces(text):
        out += bytes([piece]) if isinstance(piece, int) else piece.encode("utf-8")
    return bytes(out)


def rune_literal(text: str) -> int:
    pieces = unquote_pieces(text)
    if len(pieces) != 1:
        raise ValueError("a rune literal holds one character")
    piece = pieces[0]
    return piece if isinstance(piece, int) else ord(piece)


# --- evaluation --------------------------------------------------------------


def evaluate(expr: ConstExpr, scope: ConstScope, iota: int = 0, words: Words | None = None) -> Const:
    """The constant expr denotes in scope; words (a Sizes) gives the build
    context's int and pointer sizes. Raises ConstError or ConstUnknown only."""
    return _guarded(lambda: _Evaluator(scope, iota, words, 0, frozenset()).value(expr))


def binding_value(binding: ConstBinding, words: Words | None = None) -> Const:
    """The value of a declared constant (with its declared type)."""
    return _guarded(lambda: _Evaluator(binding.scope, binding.iota, words, 0, frozenset()).binding(binding))


def array_length(expr: ConstExpr, scope: ConstScope, words: Words | None = None) -> int:
    """The length of `[expr]T`, as types2's arrayLength accepts it."""
    value = evaluate(expr, scope, 0, words)
    integer_type = value.type.category == "int"
    if value.type.untyped or integer_type:
        integer = to_int(value.value)
        limit = (1 << (8 * (words.int_size if words is not None else 8) - 1)) - 1
        if integer is not None and 0 <= integer <= limit:
            return integer
    if integer_type:
        raise ConstError(f"invalid array length {value.describe()}")
    raise ConstError(f"array length {value.describe()} must be integer")


def _guarded(compute):
    try:
        return compute()
    except ConstUnknown:
        raise
    except Unresolved as error:
        raise ConstUnknown(str(error)) from None
    except RecursionError:
        raise ConstUnknown("constant expression nests too deeply") from None
    except (ArithmeticError, ValueError, TypeError, KeyError, AttributeError) as error:
        # A shape of expression this evaluator does not know: unknown, never a crash.
        raise ConstUnknown(f"cannot evaluate constant expression ({type(error).__name__}: {error})") from None


# Values of declarations, by binding and word sizes: a package's constants are
# evaluated once however many array lengths and headers ask.
_memo: weakref.WeakKeyDictionary[ConstBinding, dict[tuple | None, Const | ConstUnknown]] = weakref.WeakKeyDictionary()

_BUILTINS = frozenset({"len", "cap", "real", "imag", "complex", "min", "max"})


class _Evaluator:
    def __init__(self, scope: ConstScope, iota: int | None, words: Words | None, depth: int, active: frozenset):
        if depth > _MAX_DEPTH:
            raise ConstUnknown("constant expression nests too deeply or refers to itself")
        self.scope = scope
        self.iota = iota
        self.words = words
        self.depth = depth
        self.active = active  # the declarations being evaluated: meeting one again is a cycle

    def binding(self, binding: ConstBinding) -> Const:
        key = (self.words.int_size, self.words.ptr_size) if self.words is not None else None
        known = _memo.setdefault(binding, {})
        if key in known:
            found = known[key]
            if isinstance(found, ConstUnknown):
                raise type(found)(str(found))
            return found
        if id(binding) in self.active:
            raise ConstError("initialization cycle: the constant refers to itself")
        inner = _Evaluator(binding.scope, binding.iota, self.words, self.depth + 1, self.active | {id(binding)})
        try:
            value = inner.value(binding.expr)
            if binding.type is not None:
                declared = inner.type_of(binding.type)
                value = _assign(value, declared, self.words)
        except ConstUnknown as error:
            known[key] = error
            raise
        known[key] = value
        return value

    def value(self, expr: ConstExpr) -> Const:
        match expr:
            case Lit(value):
                return overflow(value, "", self.words)  # an integer literal of over 512 bits is an error
            case Iota():
                if self.iota is None:
                    raise ConstError("cannot use iota outside constant declaration")
                return Const(self.iota, UNTYPED_INT)
            case ConstRef(name, package):
                return self.reference(name, package)
            case Unary(op, operand):
                return unary(op, self.value(operand), self.words)
            case Binary(op, left, right):
                return binary(op, self.value(left), self.value(right), self.words)
            case Call():
                return self.call(expr)
            case CompositeLit(_, text):
                raise ConstError(f"{text} (value of struct or array type) is not constant")
            case Selector(_, field):
                raise ConstError(f"field selector .{field} is not constant")
            case Opaque(text):
                raise ConstUnknown(f"cannot evaluate constant expression {text!r}")
        raise AssertionError(expr)

    def reference(self, name: str, package: str | None) -> Const:
        if package is not None and self._import_path(package) == "unsafe":
            raise ConstError(f"unsafe.{name} is not a constant")
        binding = self.scope.lookup_const(package, name)
        if binding is not None:
            return self.binding(binding)
        if package is None:
            if name in ("true", "false"):
                return Const(name == "true", UNTYPED_BOOL)
            if name == "nil":
                raise ConstError("nil is not a constant")
            if name == "iota":
                return self.value(Iota())
        qualified = f"{package}.{name}" if package else name
        raise ConstUnknown(f"constant {qualified} not found")

    def _import_path(self, package: str) -> str | None:
        try:
            return self.scope.import_path(package)
        except Unresolved:
            return None  # a value's field (`v.f`), or a package not imported: looked up as a constant

    # --- calls: conversions and builtins ---

    def call(self, call: Call) -> Const:
        function = call.function
        if isinstance(function, TypeSyntax):
            raise ConstError(f"{call.text} is not constant: {function.type} is not a constant type")
        if isinstance(function, Opaque):
            raise ConstUnknown(f"cannot evaluate constant expression {call.text!r}")
        if function.package is not None and self._import_path(function.package) == "unsafe":
            return self.unsafe(function.name, call)
        if function.package is None and function.name in _BUILTINS and not self._declared(function.name):
            return self.builtin(function.name, call)
        target = self.named_type(function.name, function.package)
        if target is None:
            raise ConstError(f"{call.text} is not constant (a function call)")
        if len(call.args) != 1:
            raise ConstError(f"conversion {call.text} takes exactly one argument")
        return convert(self.value(call.args[0]), target, self.words)

    def _declared(self, name: str) -> bool:
        """Whether the package declares name, hiding the builtin."""
        return self.scope.lookup_const(None, name) is not None or self.scope.lookup_type(None, name) is not None

    def named_type(self, name: str, package: str | None) -> ConstType | None:
        """The constant type a (qualified) name denotes; None when it is not a type.
        ConstError when it is a type but no constant can have it."""
        binding = self.scope.lookup_type(package, name)
        if binding is None:
            if package is None and name in BASIC_CONST_TYPES:
                return basic_type(name)
            if package is None and name in ("any", "error"):
                raise ConstError(f"{name} is not a constant type")
            return None
        return _declared_type(binding, self.depth + 1)

    def type_of(self, type_expr: Any) -> ConstType:
        """A constant declaration's type."""
        from asm_ls.golang.typeexpr import TypeName

        if isinstance(type_expr, TypeName) and not type_expr.type_args:
            if type_expr.package is not None and self._import_path(type_expr.package) == "unsafe":
                raise ConstError(f"unsafe.{type_expr.name} is not a constant type")
            found = self.named_type(type_expr.name, type_expr.package)
            if found is None:
                raise ConstUnknown(f"type {type_expr.name} not found")
            return found
        raise ConstError("invalid constant type: a constant is a boolean, numeric or string")

    def builtin(self, name: str, call: Call) -> Const:
        args = [self.value(a) for a in call.args]
        if name in ("min", "max"):
            return self._extreme(name, args, call)
        if len(args) != (2 if name == "complex" else 1):
            raise ConstError(f"wrong number of arguments in {call.text}")
        if name == "len":
            if args[0].type.category != "string":
                raise ConstError(f"invalid argument: {args[0].describe()} for built-in len")
            return Const(len(args[0].value), INT)  # type: ignore[arg-type]
        if name == "cap":
            raise ConstError(f"{call.text}: invalid argument for cap")
        if name == "complex":
            return self._complex(args[0], args[1], call)
        return self._part(name, args[0])

    def _extreme(self, name: str, args: list[Const], call: Call) -> Const:
        """min or max: ordered operands of one type, each untyped one representable in it."""
        if not args:
            raise ConstError(f"not enough arguments for {call.text}")
        for arg in args:
            if arg.type.category not in ("int", "float", "string"):
                raise ConstError(f"invalid argument: {arg.describe()} cannot be ordered")
        best = args[0]
        for arg in args[1:]:
            best, arg = match(best, arg, self.words)
            if (arg.value < best.value) if name == "min" else (arg.value > best.value):  # type: ignore[operator]
                best = arg
        for arg in args:  # the final type is every argument's
            if arg.type.untyped:
                represent(arg, best.type, self.words)
        return best

    def _complex(self, real: Const, imag: Const, call: Call) -> Const:
        real, imag = match(real, imag, self.words)
        if real.type.untyped:
            real, imag = represent(real, UNTYPED_FLOAT, self.words), represent(imag, UNTYPED_FLOAT, self.words)
            return Const((real.value, imag.value), UNTYPED_COMPLEX)  # type: ignore[arg-type]
        if real.type.basic not in ("float32", "float64"):
            raise ConstError(f"invalid operation: {call.text} (arguments have type {real.type.name})")
        result = basic_type("complex64" if real.type.basic == "float32" else "complex128")
        return Const((real.value, imag.value), result)  # type: ignore[arg-type]

    def _part(self, name: str, arg: Const) -> Const:
        if arg.type.untyped and arg.type.numeric:
            pair = arg.value if isinstance(arg.value, tuple) else (to_float(arg.value), Fraction(0))
            return Const(pair[0] if name == "real" else pair[1], UNTYPED_FLOAT)  # type: ignore[arg-type]
        if arg.type.category != "complex":
            raise ConstError(f"invalid argument: {arg.describe()} is not a complex number")
        part = basic_type("float32" if arg.type.basic == "complex64" else "float64")
        return Const(arg.value[0] if name == "real" else arg.value[1], part)  # type: ignore[index]

    def unsafe(self, name: str, call: Call) -> Const:
        if name not in ("Sizeof", "Alignof", "Offsetof"):
            raise ConstError(f"{call.text} is not constant")
        if len(call.args) != 1:
            raise ConstError(f"wrong number of arguments in {call.text}")
        sizes = self.words
        if sizes is None or not hasattr(sizes, "sizeof"):
            raise ConstUnknown(f"{call.text} depends on GOARCH")
        from asm_ls.golang.sizes import UnknownSize

        try:
            if name == "Offsetof":
                return Const(self._offset(call.args[0], call.text), UINTPTR)
            go_type = self._type_of_value(call.args[0])
            measure = sizes.sizeof if name == "Sizeof" else sizes.alignof  # type: ignore[attr-defined]
            return Const(measure(go_type), UINTPTR)
        except UnknownSize as error:
            raise ConstUnknown(f"{call.text}: {error}") from None

    def _resolve(self, type_expr: Any):
        from asm_ls.golang.types import resolve

        return resolve(type_expr, self.scope, self.words)  # type: ignore[arg-type]

    def _type_of_value(self, expr: ConstExpr):
        """The Go type of an expression unsafe.Sizeof measures."""
        from asm_ls.golang.typeexpr import TypeName
        from asm_ls.golang.types import Basic

        match expr:
            case CompositeLit(type_expr, _):
                return self._resolve(type_expr)
            case Call(ConstRef(name, package), args, _) if len(args) == 1 and self._non_constant_type(name, package):
                return self._resolve(TypeName(name, package))
            case ConstRef(name, package) if self._var_type(name, package) is not None:
                return self._resolve(self._var_type(name, package))
        value = self.value(expr)
        typ = default_type(value.type)
        represent(value, typ, self.words)  # an untyped constant takes its default type, and must fit it
        return Basic(typ.basic)

    def _non_constant_type(self, name: str, package: str | None) -> bool:
        """Whether name is a type that no constant can have (a struct, an array)."""
        if package is None and name in _BUILTINS or package is not None and self._import_path(package) == "unsafe":
            return False
        try:
            return self.scope.lookup_type(package, name) is not None and self.named_type(name, package) is None
        except ConstError:
            return True
        except Unresolved:
            return False

    def _var_type(self, name: str, package: str | None):
        lookup = getattr(self.scope, "lookup_var", None)
        if lookup is None:
            return None
        try:
            var = lookup(package, name)
        except Unresolved:
            return None
        return None if var is None else var.type

    def _offset(self, expr: ConstExpr, text: str) -> int:
        """unsafe.Offsetof(x.f): where f lies in x's struct type (through embedded fields)."""
        from asm_ls.golang.types import Named, Struct

        match expr:
            case ConstRef(field, package) if package is not None:
                var_type = self._var_type(package, None)
                if var_type is None:
                    raise ConstUnknown(f"{text}: the type of {package} is unknown")
                struct = self._resolve(var_type)
            case Selector(CompositeLit(type_expr, _), field):
                struct = self._resolve(type_expr)
            case _:
                raise ConstError(f"invalid argument: {text} is not a selector expression")
        sizes: Any = self.words
        queue = [(struct, 0)]
        while queue:
            typ, base = queue.pop(0)
            while isinstance(typ, Named):
                typ = typ.underlying
            if not isinstance(typ, Struct):
                continue
            offsets = sizes.offsets([t for _, t in typ.fields])
            for (name, _), offset in zip(typ.fields, offsets):
                if name == field:
                    return base + offset
            queue.extend((member, base + offset) for (name, member), offset in zip(typ.fields, offsets))
        raise ConstUnknown(f"{text}: field {field} not found")


def _assign(value: Const, declared: ConstType, words: Words | None) -> Const:
    """A constant declaration's value converted to its declared type, as assignment does."""
    if value.type.untyped:
        if value.type.category != declared.category and not (value.type.numeric and declared.numeric):
            raise ConstError(f"cannot use {value.describe()} as {declared.name} value in constant declaration")
        return represent(value, declared, words)
    if value.type.identity != declared.identity:
        raise ConstError(f"cannot use {value.describe()} as {declared.name} value in constant declaration")
    return value


def _declared_type(binding: Any, depth: int) -> ConstType:
    """The constant type of a type declaration (a TypeBinding), following names to a basic type."""
    from asm_ls.golang.typeexpr import TypeName

    if depth > _MAX_DEPTH:
        raise ConstError("invalid recursive type")
    decl = binding.decl
    target = decl.type
    if decl.type_params or not isinstance(target, TypeName) or target.type_args:
        raise ConstError(f"{decl.name} is not a constant type")
    scope = binding.scope
    if target.package is not None and scope.import_path(target.package) == "unsafe":
        raise ConstError(f"{decl.name} is not a constant type")
    underlying_binding = scope.lookup_type(target.package, target.name)
    if underlying_binding is None:
        if target.package is not None or target.name not in BASIC_CONST_TYPES:
            raise ConstError(f"{decl.name} is not a constant type")
        underlying = basic_type(target.name)
    else:
        underlying = _declared_type(underlying_binding, depth + 1)
    if decl.alias:
        return underlying
    return ConstType(f"{binding.package_path}.{decl.name}", underlying.basic, named=True)
