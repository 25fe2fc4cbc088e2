"""Signatures that users write in comments above TEXT lines:
`// func Add(x, y int64) (sum int64)`.
"""

from __future__ import annotations

from dataclasses import replace

from asm_ls.golang.source import GoFile, GoFunc, parse_file
from asm_ls.golang.types import TypeBinding, Unresolved
from asm_ls.syntax.source import SourceFile

_PREFIX = "package p\n"


def parse_signature_comment(text: str, scope=None) -> GoFunc | None:
    """The GoFunc of a `// func name(params) results` comment, or None.

    Type names resolve in scope (a package's `scope`); without one, only
    predeclared types and unsafe.Pointer are known.
    """
    body = text.strip().removeprefix("//").strip()
    if not body.startswith("func ") or "\n" in body:
        return None
    parsed: GoFile = parse_file("", _PREFIX + body)
    if len(parsed.funcs) != 1:
        return None
    return replace(parsed.funcs[0], location=None, scope=scope or UniverseScope())


def signature_above(source: SourceFile, line: int, name: str, scope=None) -> GoFunc | None:
    """The `// func name(...)` signature in the block of `//` lines right
    above line (0-based), for the function called name; None without one."""
    line -= 1
    while line >= 0:
        text = source.line_text(line).strip()
        if not text.startswith("//"):
            return None
        func = parse_signature_comment(text, scope) if text[2:].lstrip().startswith("func ") else None
        if func is not None and func.name == name:
            return func
        line -= 1
    return None


class UniverseScope:
    """Only predeclared names, and unsafe without an import."""

    def lookup_type(self, package: str | None, name: str) -> TypeBinding | None:
        if package is not None:
            raise Unresolved(f"package {package} is unknown here")
        return None

    def lookup_const(self, package, name):
        return None

    def import_path(self, package: str) -> str:
        if package == "unsafe":
            return package
        raise Unresolved(f"package {package} is unknown here")

    def named_cache(self) -> dict:
        return {}
