"""Resolved Go types: what a parameter's type expression denotes, with the type
string go/types would print for it (vet's messages quote those strings).

Only what sizing needs is resolved: pointer, map, chan and func element types
are kept as text, so self-referential types (`type L struct{ next *L }`)
resolve without recursion; a type that really contains itself becomes Unknown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

from asm_ls.golang.constant import ConstScope, ConstUnknown, Unresolved, Words, array_length
from asm_ls.golang.source import TypeDecl
from asm_ls.golang.typeexpr import (
    ArrayExpr,
    BadExpr,
    ChanExpr,
    FuncExpr,
    InterfaceExpr,
    MapExpr,
    Param,
    PointerExpr,
    SliceExpr,
    StructExpr,
    TypeExpr,
    TypeName,
)


@dataclass(frozen=True)
class Basic:
    text: str  # as written: byte and uint8 print differently


@dataclass(frozen=True)
class Word:
    """A one-word type: pointer, map, chan or func."""

    text: str


@dataclass(frozen=True)
class Slice:
    text: str


@dataclass(frozen=True)
class Interface:
    text: str
    empty: bool


@dataclass(frozen=True)
class Array:
    text: str
    length: int
    elem: GoType


@dataclass(frozen=True)
class Struct:
    text: str
    fields: tuple[tuple[str, GoType], ...]


@dataclass(frozen=True)
class Named:
    """A declared type (or alias) and what it stands for."""

    text: str
    underlying: GoType


@dataclass(frozen=True)
class Unknown:
    text: str
    reason: str


GoType = Basic | Word | Slice | Interface | Array | Struct | Named | Unknown

BASIC_NAMES = frozenset(
    "bool int8 uint8 byte int16 uint16 int32 uint32 rune float32 int64 uint64 float64 "
    "complex64 complex128 int uint uintptr string".split()
)
UNSAFE_POINTER = Basic("unsafe.Pointer")


@dataclass(frozen=True)
class TypeBinding:
    """A type declaration together with the scope its definition is read in."""

    decl: TypeDecl
    scope: TypeScope
    package_path: str


class TypeScope(ConstScope, Protocol):
    def lookup_type(self, package: str | None, name: str) -> TypeBinding | None:
        """The declaration of a package-level or imported type; raises Unresolved."""

    def import_path(self, package: str) -> str:
        """The import path behind a package name used in this file; raises Unresolved."""

    def named_cache(self) -> dict: ...


def resolve(expr: TypeExpr, scope: TypeScope, words: Words | None = None) -> GoType:
    """The type expr denotes in scope; words (a Sizes) gives the build
    context's int and pointer sizes, which array lengths may depend on."""
    return _Resolver(scope, {}, frozenset(), words).resolve(expr)


class _Resolver:
    def __init__(
        self, scope: TypeScope, substitution: dict[str, GoType], resolving: frozenset, words: Words | None = None
    ):
        self.scope = scope
        self.words = words
        self.words_key = (words.int_size, words.ptr_size) if words is not None else None
        self.substitution = substitution  # type parameter -> argument
        self.resolving = resolving  # declared types being resolved: a repeat is a cycle

    def resolve(self, expr: TypeExpr) -> GoType:
        text = self.text(expr)
        try:
            return self._resolve(expr, text)
        except Unresolved as error:
            return Unknown(text, str(error))

    def _resolve(self, expr: TypeExpr, text: str) -> GoType:
        match expr:
            case TypeName():
                return self._name(expr, text)
            case PointerExpr() | MapExpr() | ChanExpr() | FuncExpr():
                return Word(text)
            case SliceExpr():
                return Slice(text)
            case ArrayExpr(length, elem):
                try:
                    count = array_length(length, self.scope, self.words)
                except ConstUnknown as error:
                    raise Unresolved(f"array length of {text}: {error}") from None
                return Array(text, count, self.resolve(elem))
            case StructExpr(fields):
                return Struct(text, tuple((_field_name(f.name, f.type), self.resolve(f.type)) for f in fields))
            case InterfaceExpr(methods, embedded):
                empty = not methods and all(_is_empty_interface(self.resolve(e)) for e in embedded)
                return Interface(text, empty)
            case BadExpr(source):
                raise Unresolved(f"cannot parse type {source!r}")
        raise AssertionError(expr)

    def _name(self, expr: TypeName, text: str) -> GoType:
        if expr.package is None and expr.name in self.substitution:
            return self.substitution[expr.name]
        if expr.package is not None and self.scope.import_path(expr.package) == "unsafe":
            if expr.name != "Pointer":
                raise Unresolved(f"unsafe.{expr.name} is not a type")
            return UNSAFE_POINTER
        binding = self.scope.lookup_type(expr.package, expr.name)
        if binding is None:
            return _universe(expr.name)
        key = (binding.package_path, expr.name, text, self.words_key)
        cache = binding.scope.named_cache()
        if key not in cache:
            cache[key] = self._declared(binding, expr, text, key)
        return cache[key]

    def _declared(self, binding: TypeBinding, expr: TypeName, text: str, key) -> GoType:
        if key in self.resolving:
            raise Unresolved(f"invalid recursive type {text}")
        decl = binding.decl
        if len(expr.type_args) != len(decl.type_params):
            raise Unresolved(f"{text} needs {len(decl.type_params)} type arguments")
        arguments = dict(zip(decl.type_params, (self.resolve(a) for a in expr.type_args)))
        inner = _Resolver(binding.scope, arguments, self.resolving | {key}, self.words)
        underlying = inner.resolve(decl.type)
        if isinstance(underlying, Named):
            underlying = underlying.underlying
        return Named(text, underlying)

    def text(self, expr: TypeExpr) -> str:
        """The type string go/types prints for expr."""
        match expr:
            case TypeName(name, package, type_args):
                return self._name_text(name, package) + (
                    "[" + ", ".join(self.text(a) for a in type_args) + "]" if type_args else ""
                )
            case PointerExpr(elem):
                return "*" + self.text(elem)
            case SliceExpr(elem):
                return "[]" + self.text(elem)
            case ArrayExpr(length, elem):
                try:
                    count = str(array_length(length, self.scope, self.words))
                except ConstUnknown:
                    count = "?"
                return f"[{count}]{self.text(elem)}"
            case MapExpr(key, value):
                return f"map[{self.text(key)}]{self.text(value)}"
            case ChanExpr(direction, elem):
                elem_text = self.text(elem)
                if direction == "" and isinstance(elem, ChanExpr) and elem.direction == "recv":
                    elem_text = f"({elem_text})"
                return {"": "chan ", "send": "chan<- ", "recv": "<-chan "}[direction] + elem_text
            case FuncExpr(params, results):
                return "func" + self.signature_text(params, results)
            case StructExpr(fields):
                parts = []
                for f in fields:
                    part = self.text(f.type) if f.name is None else f"{f.name} {self.text(f.type)}"
                    parts.append(part + (" " + json.dumps(f.tag, ensure_ascii=False) if f.tag is not None else ""))
                return "struct{" + "; ".join(parts) + "}"
            case InterfaceExpr(methods, embedded):  # go/types lists methods first
                elements = [name + self.signature_text(f.params, f.results) for name, f in methods]
                return "interface{" + "; ".join(elements + [self.text(e) for e in embedded]) + "}"
            case BadExpr(source):
                return source
        raise AssertionError(expr)

    def signature_text(self, params: tuple[Param, ...], results: tuple[Param, ...]) -> str:
        text = "(" + self._params_text(params) + ")"
        if len(results) == 1 and results[0].name is None:
            return text + " " + self.text(results[0].type)
        return text + (" (" + self._params_text(results) + ")" if results else "")

    def _params_text(self, params: tuple[Param, ...]) -> str:
        parts = []
        for p in params:
            typ = ("..." if p.variadic else "") + self.text(p.type)
            parts.append(typ if p.name is None else f"{p.name} {typ}")
        return ", ".join(parts)

    def _name_text(self, name: str, package: str | None) -> str:
        if package is None and name in self.substitution:
            return self.substitution[name].text
        try:
            if package is not None:
                return f"{self.scope.import_path(package)}.{name}"
            binding = self.scope.lookup_type(None, name)
        except Unresolved:
            return f"{package}.{name}" if package else name
        return f"{binding.package_path}.{name}" if binding is not None else name


def _universe(name: str) -> GoType:
    if name in BASIC_NAMES:
        return Basic(name)
    if name == "any":
        return Interface("any", empty=True)
    if name == "error":
        return Named("error", Interface("interface{Error() string}", empty=False))
    raise Unresolved(f"undefined type {name}")


def _is_empty_interface(t: GoType) -> bool:
    while isinstance(t, Named):
        t = t.underlying
    return isinstance(t, Interface) and t.empty


def _field_name(name: str | None, typ: TypeExpr) -> str:
    """A field's name; an embedded field is named after its type (*T and pkg.T[X] give T)."""
    if name is not None:
        return name
    while isinstance(typ, PointerExpr):
        typ = typ.elem
    return typ.name if isinstance(typ, TypeName) else "?"
