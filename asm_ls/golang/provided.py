"""Bodyless Go functions whose body comes from somewhere other than their
package's assembly: a `//go:linkname` push from another package of the same
tree (the standard library, or a module), or the gc compiler itself.

Both are read from source once per process: a tree's push linknames change
rarely, and the compiler's list belongs to the installed toolchain.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from asm_ls.files import UnreadableFile, read_bytes
from asm_ls.golang.locate import find_module, goroot

_LINKNAME = re.compile(rb"^//go:linkname[ \t]+(\S+)[ \t]+(\S+)[ \t]*$", re.M)
_SKIPPED = frozenset({"testdata", "vendor", "node_modules"})
# The compiler's intrinsics: add("pkg", "name", ...), addF(...), alias("pkg", "name", ...).
_INTRINSIC = re.compile(r'\b(?:add|addF|alias)\(\s*"([^"]+)",\s*"([^"]+)"')
_INTRINSICS_GO = ("cmd", "compile", "internal", "ssagen", "intrinsics.go")
# Handled outside the intrinsics table (cmd/compile/internal/ir.IsFuncPCIntrinsic, typecheck's getg).
_BUILTINS = frozenset({"internal/abi.FuncPCABI0", "internal/abi.FuncPCABIInternal", "runtime.getg"})


@dataclass(frozen=True)
class LinknameSite:
    """A `//go:linkname local target` directive: in which file, on which line (0-based)."""

    path: str
    line: int
    local: str
    target: str


def pushed_names(directory: str | os.PathLike) -> frozenset[str]:
    """`importpath.name` targets of every `//go:linkname local target` in the
    tree holding directory: GOROOT/src for the standard library, else its module."""
    return frozenset(linkname_sites(directory))


def linkname_sites(directory: str | os.PathLike) -> Mapping[str, tuple[LinknameSite, ...]]:
    """By target, the two-argument `//go:linkname` directives of the tree
    holding directory (see pushed_names), outside test files."""
    root = _tree_root(Path(os.path.abspath(directory)))
    return _linknames_in(root) if root is not None else {}


def compiler_provided() -> frozenset[str]:
    """`importpath.name` of the functions the installed compiler implements itself."""
    root = goroot()
    return _compiler_provided(root) if root is not None else _BUILTINS


def _tree_root(directory: Path) -> Path | None:
    root = goroot()
    if root is not None and directory.is_relative_to(root / "src"):
        return root / "src"
    module = find_module(directory)
    return module.root if module is not None else None


@cache
def _linknames_in(root: Path) -> Mapping[str, tuple[LinknameSite, ...]]:
    sites: dict[str, list[LinknameSite]] = {}
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if d not in _SKIPPED and not d.startswith((".", "_"))]
        for name in files:
            if not name.endswith(".go") or name.endswith("_test.go"):
                continue
            try:
                text = read_bytes(os.path.join(directory, name))
            except UnreadableFile:
                continue
            if b"//go:linkname" not in text:
                continue
            path = os.path.join(directory, name)
            for found in _LINKNAME.finditer(text):
                local, target = (part.decode("utf-8", "replace") for part in found.groups())
                line = text.count(b"\n", 0, found.start())
                sites.setdefault(target, []).append(LinknameSite(path, line, local, target))
    return MappingProxyType({target: tuple(found) for target, found in sites.items()})


@cache
def _compiler_provided(root: Path) -> frozenset[str]:
    try:
        text = root.joinpath("src", *_INTRINSICS_GO).read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    return _BUILTINS | {f"{package}.{name}" for package, name in _INTRINSIC.findall(text)}
