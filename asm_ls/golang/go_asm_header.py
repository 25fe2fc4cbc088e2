"""A stand-in for `go_asm.h`, the header the compiler writes with -asmhdr.

The real header defines `const_NAME` for each package constant and
`TYPE__size` / `TYPE_FIELD` for each struct type. It does not exist on disk,
so asm-ls writes one with the same names from the package's Go files. For a
build context the values are the real ones where the Go side can compute
them (integer constants, struct layouts of sizable types); otherwise, and
without a context, they are 0, which is enough to parse and check the
assembly.
"""

from __future__ import annotations

import os
from functools import lru_cache

from asm_ls.arch import get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.golang import load_package
from asm_ls.golang.constant import ConstUnknown, binding_value
from asm_ls.golang.package import parsed_from_disk
from asm_ls.golang.sizes import Sizes, UnknownSize
from asm_ls.golang.source import ConstDecl, TypeDecl
from asm_ls.golang.typeexpr import PointerExpr, StructExpr, TypeExpr, TypeName
from asm_ls.golang.types import Named, Struct, resolve
from asm_ls.syntax.source import SourceFile

HEADER_NAME = "go_asm.h"


def synthesize(package_dir: str, context: BuildContext | None = None) -> SourceFile:
    stamp = _directory_stamp(package_dir)
    if context is None:
        return _header(package_dir, stamp)
    return _header_for(package_dir, context, stamp)


@lru_cache(maxsize=64)
def _header_for(package_dir: str, context: BuildContext, stamp: tuple) -> SourceFile:
    package = load_package(package_dir, context)
    sizes = Sizes(get_arch(context.goarch))
    lines = [
        f"// go_asm.h as asm-ls sees it for {context.goos}/{context.goarch}: the names and values the",
        "// compiler would define for this package (0 where asm-ls cannot compute a value).",
    ]
    for name, binding in package.consts.items():
        try:
            constant = binding_value(binding, sizes)
        except ConstUnknown:
            value = "0"
        else:
            if constant.type.category in ("float", "complex"):
                continue  # the compiler leaves them out
            value = constant.text()
        if name != "_":
            lines.append(f"#define const_{name} {value}")
    for name, binding in package.types.items():
        if not binding.decl.type_params:
            lines.extend(_struct_lines(name, resolve(binding.decl.type, binding.scope, sizes), sizes))
    return SourceFile(os.path.join(package_dir, HEADER_NAME), "\n".join(lines) + "\n")


def _struct_lines(name: str, typ, sizes: Sizes) -> list[str]:
    while isinstance(typ, Named):
        typ = typ.underlying
    if not isinstance(typ, Struct):
        return []
    fields = [(field, t) for field, t in typ.fields if field != "_"]
    try:
        size = sizes.sizeof(typ)
        offsets = dict(zip([f for f, _ in typ.fields], sizes.offsets([t for _, t in typ.fields])))
    except UnknownSize:
        size, offsets = 0, {}
    return [f"#define {name}__size {size}"] + [f"#define {name}_{field} {offsets.get(field, 0)}" for field, _ in fields]


@lru_cache(maxsize=64)
def _header(package_dir: str, stamp: tuple) -> SourceFile:
    names = _names_in_package(package_dir, stamp)
    lines = [
        "// go_asm.h as asm-ls sees it: the names the compiler would define for",
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
