"""A stand-in for `go_asm.h`, the header the compiler writes with -asmhdr.

The real header defines `const_NAME` for each package constant and
`TYPE__size` / `TYPE_FIELD` for each struct type. It does not exist on disk,
so asm-ls writes one with the same names from the package's Go files. For a
build context the values are the compiler's (constants evaluated with the
type checker's rules, struct layouts for the GOARCH), and each name knows
what it is and where Go declares it (`header_names`: hover and definition
read it); without a context the names have the value 0, which is enough to
parse and check the assembly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from asm_ls.arch import get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.files import UnreadableFile, read_text
from asm_ls.golang import load_package
from asm_ls.golang.constant import ConstUnknown, binding_value
from asm_ls.golang.package import parsed_from_disk
from asm_ls.golang.sizes import Sizes, UnknownSize
from asm_ls.golang.source import ConstDecl, Location, TypeDecl
from asm_ls.golang.typeexpr import Field, PointerExpr, StructExpr, TypeExpr, TypeName
from asm_ls.golang.types import Named, Struct, TypeBinding, Unresolved, resolve
from asm_ls.syntax.source import SourceFile

HEADER_NAME = "go_asm.h"
STAND_IN_MARK = "// go_asm.h as asm-ls sees it"


@dataclass(frozen=True)
class HeaderName:
    """One `#define` of go_asm.h: its value for a build context, what it is, where Go declares it."""

    name: str  # const_X, T__size, T_f
    value: str  # as the compiler prints it; "0" where asm-ls cannot compute it
    what: str  # `constant X`, `size of struct T`, `T.f`, offset
    location: Location | None  # the Go constant, type or field
    known: bool = True  # False: the value could not be computed (it is "0")


def synthesize(package_dir: str, context: BuildContext | None = None) -> SourceFile:
    stamp = _directory_stamp(package_dir)
    if context is None:
        return _header(package_dir, stamp)
    return _header_for(package_dir, context, stamp)


def is_stand_in(source: SourceFile) -> bool:
    """Whether a header is asm-ls's stand-in rather than a go_asm.h on disk."""
    return os.path.basename(source.path) == HEADER_NAME and source.text.startswith(STAND_IN_MARK)


def header_names(package_dir: str, context: BuildContext) -> dict[str, HeaderName]:
    """The names of go_asm.h for the package in package_dir built in context, in the compiler's order."""
    return _names_for(package_dir, context, _directory_stamp(package_dir))


@lru_cache(maxsize=64)
def _header_for(package_dir: str, context: BuildContext, stamp: tuple) -> SourceFile:
    lines = [
        f"{STAND_IN_MARK} for {context.goos}/{context.goarch}: the names and values the",
        "// compiler would define for this package (0 where asm-ls cannot compute a value).",
    ]
    lines += [f"#define {n.name} {n.value}" for n in _names_for(package_dir, context, stamp).values()]
    return SourceFile(os.path.join(package_dir, HEADER_NAME), "\n".join(lines) + "\n")


@lru_cache(maxsize=64)
def _names_for(package_dir: str, context: BuildContext, stamp: tuple) -> dict[str, HeaderName]:
    package = load_package(package_dir, context)
    sizes = Sizes(get_arch(context.goarch))
    names: dict[str, HeaderName] = {}
    for name, binding in package.consts.items():
        known = True
        try:
            constant = binding_value(binding, sizes)
        except ConstUnknown:
            value, known = "0", False
        else:
            if constant.type.category in ("float", "complex"):
                continue  # the compiler leaves them out
            value = constant.text()
        if name != "_":
            location = binding.location
            names[f"const_{name}"] = HeaderName(f"const_{name}", value, f"constant `{name}`", location, known)
    for name, binding in package.types.items():
        if not binding.decl.type_params:
            for entry in _struct_names(name, binding, sizes):
                names[entry.name] = entry
    return names


def _struct_names(name: str, binding: TypeBinding, sizes: Sizes) -> list[HeaderName]:
    typ = resolve(binding.decl.type, binding.scope, sizes)
    while isinstance(typ, Named):
        typ = typ.underlying
    if not isinstance(typ, Struct):
        return []
    known = True
    try:
        size = sizes.sizeof(typ)
        offsets = dict(zip([f for f, _ in typ.fields], sizes.offsets([t for _, t in typ.fields])))
    except UnknownSize:
        size, offsets, known = 0, {}, False
    positions = _field_positions(binding)
    entries = [HeaderName(f"{name}__size", str(size), f"size of struct `{name}`", binding.decl.location, known)]
    for field, _ in typ.fields:
        if field != "_":
            what = f"`{name}.{field}`, offset"
            entries.append(HeaderName(f"{name}_{field}", str(offsets.get(field, 0)), what, positions.get(field), known))
    return entries


def _field_positions(binding: TypeBinding) -> dict[str, Location]:
    """Where each field of a struct type is named, following `type T U` to U's struct."""
    for _ in range(16):
        decl = binding.decl
        if isinstance(decl.type, StructExpr):
            return {
                field.name or _embedded_name(field.type) or "?": _location(decl.location.path, field)
                for field in decl.type.fields
                if field.at is not None
            }
        if not isinstance(decl.type, TypeName):
            return {}
        try:
            found = binding.scope.lookup_type(decl.type.package, decl.type.name)
        except Unresolved:
            return {}
        if found is None:
            return {}
        binding = found
    return {}


def _location(path: str, field: Field) -> Location:
    assert field.at is not None, "the caller checks"
    row, column = field.at
    name = field.name or _embedded_name(field.type) or ""
    try:
        line = read_text(path).split("\n")[row]
        start = len(line.encode("utf-8")[:column].decode("utf-8", "replace"))
    except (UnreadableFile, IndexError):
        start = column
    return Location(path, row, start, start + len(name))


@lru_cache(maxsize=64)
def _header(package_dir: str, stamp: tuple) -> SourceFile:
    names = _names_in_package(package_dir, stamp)
    lines = [
        f"{STAND_IN_MARK}: the names the compiler would define for",
        "// this package's Go declarations; values are not computed (0).",
    ]
    lines.extend(f"#define {name} 0" for name in names)
    return SourceFile(os.path.join(package_dir, HEADER_NAME), "\n".join(lines) + "\n")


def _directory_stamp(package_dir: str) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and mtimes of the Go files: the cache key."""
    try:
        entries = sorted(os.scandir(package_dir), key=lambda e: e.name)
    except OSError:
        return ()
    stamp = []
    for entry in entries:
        if _is_package_go_file(entry.name) and entry.is_file():
            info = entry.stat()
            stamp.append((entry.name, info.st_size, info.st_mtime_ns))
    return tuple(stamp)


def _is_package_go_file(name: str) -> bool:
    return name.endswith(".go") and not name.endswith("_test.go")


def _names_in_package(package_dir: str, stamp: tuple) -> tuple[str, ...]:
    """In file and declaration order; the files are parsed once, with the package loader."""
    names: dict[str, None] = {}
    for file_name, _size, _mtime in stamp:
        go_file = parsed_from_disk(os.path.join(package_dir, file_name))
        if go_file is None:
            continue
        declarations: list[ConstDecl | TypeDecl] = sorted(
            [*go_file.consts, *(t for t in go_file.types if not t.alias)],
            key=lambda declaration: (declaration.location.line, declaration.location.start),
        )
        for declaration in declarations:
            if isinstance(declaration, ConstDecl):
                names[f"const_{declaration.name}"] = None
            elif isinstance(declaration.type, StructExpr):
                names[f"{declaration.name}__size"] = None
                for field in declaration.type.fields:
                    name = field.name or _embedded_name(field.type)
                    if name and name != "_":
                        names[f"{declaration.name}_{name}"] = None
    return tuple(names)


def _embedded_name(typ: TypeExpr) -> str | None:
    """An embedded field is named after its type: *pkg.T[X] -> T."""
    if isinstance(typ, PointerExpr):
        typ = typ.elem
    return typ.name if isinstance(typ, TypeName) else None
