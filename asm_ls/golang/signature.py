"""Signatures that users write in comments above TEXT lines:
`// func Add(x, y int64) (sum int64)`.
"""

from __future__ import annotations

from dataclasses import replace

from asm_ls.golang.source import GoFile, GoFunc, parse_file
from asm_ls.golang.types import TypeBinding, Unresolved

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
