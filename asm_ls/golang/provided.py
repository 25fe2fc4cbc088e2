"""Bodyless Go functions whose body comes from somewhere other than their
package's assembly: a `//go:linkname` push from another package of the same
tree (the standard library, or a module), or the gc compiler itself.

Both are read from source once per process: a tree's push linknames change
rarely, and the compiler's list belongs to the installed toolchain.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

from asm_ls.files import UnreadableFile, read_bytes
from asm_ls.golang.locate import find_module, goroot

_LINKNAME = re.compile(rb"^//go:linkname\s+\S+\s+(\S+)[ \t]*$", re.M)
_SKIPPED = frozenset({"testdata", "vendor", "node_modules"})
# The compiler's intrinsics: add("pkg", "name", ...), addF(...), alias("pkg", "name", ...).
_INTRINSIC = re.compile(r'\b(?:add|addF|alias)\(\s*"([^"]+)",\s*"([^"]+)"')
_INTRINSICS_GO = ("cmd", "compile", "internal", "ssagen", "intrinsics.go")
# Handled outside the intrinsics table (cmd/compile/internal/ir.IsFuncPCIntrinsic, typecheck's getg).
_BUILTINS = frozenset({"internal/abi.FuncPCABI0", "internal/abi.FuncPCABIInternal", "runtime.getg"})


def pushed_names(directory: str | os.PathLike) -> frozenset[str]:
    """`importpath.name` targets of every `//go:linkname local target` in the
    tree holding directory: GOROOT/src for the standard library, else its module."""
    root = _tree_root(Path(os.path.abspath(directory)))
    return _pushed_in(root) if root is not None else frozenset()


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
def _pushed_in(root: Path) -> frozenset[str]:
    targets: set[str] = set()
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if d not in _SKIPPED and not d.startswith((".", "_"))]
        for name in files:
            if not name.endswith(".go") or name.endswith("_test.go"):
                continue
            try:
                text = read_bytes(os.path.join(directory, name))
            except UnreadableFile:
                continue
            if b"//go:linkname" in text:
                targets.update(t.decode("utf-8", "replace") for t in _LINKNAME.findall(text))
    return frozenset(targets)


@cache
def _compiler_provided(root: Path) -> frozenset[str]:
    try:
        text = root.joinpath("src", *_INTRINSICS_GO).read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    return _BUILTINS | {f"{package}.{name}" for package, name in _INTRINSIC.findall(text)}
