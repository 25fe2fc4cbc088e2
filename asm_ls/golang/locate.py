"""Where the source of an imported Go package lives: GOROOT/src, the enclosing
module (or its vendor directory), or the module cache for a required module.

Only go.mod's `module` and `require` lines are read; `replace` directives and
go.work are not followed, and such imports come back as unresolved.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from asm_ls.golang.goroot import find_goroot


class ImportNotFound(Exception):
    """The import path maps to no directory here; the message says why."""


@dataclass(frozen=True)
class Module:
    root: Path
    path: str
    requires: tuple[tuple[str, str], ...]  # (module path, version)


def goroot() -> Path | None:
    root = find_goroot()
    return Path(root) if root else None


def gomodcache() -> Path | None:
    if os.environ.get("GOMODCACHE"):
        return Path(os.environ["GOMODCACHE"])
    gopath = os.environ.get("GOPATH", "").split(os.pathsep)[0] or os.path.expanduser("~/go")
    return Path(gopath) / "pkg" / "mod"


def find_module(directory: Path) -> Module | None:
    for candidate in (directory, *directory.parents):
        go_mod = candidate / "go.mod"
        if go_mod.is_file():
            stat = go_mod.stat()
            return _read_go_mod(go_mod, stat.st_mtime_ns, stat.st_size)
    return None


@cache
def _read_go_mod(go_mod: Path, _mtime_ns: int, _size: int) -> Module:
    text = go_mod.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"//.*", "", text)
    module = re.search(r"^\s*module\s+(\S+)", text, re.M)
    requires = re.findall(r"^\s*(?:require\s+)?(\S+)\s+(v\S+)\s*$", _require_lines(text), re.M)
    return Module(go_mod.parent, module.group(1).strip('"') if module else "", tuple(requires))


def _require_lines(text: str) -> str:
    blocks = re.findall(r"^\s*require\s*\((.*?)\)", text, re.M | re.S)
    singles = re.findall(r"^\s*require\s+([^(\s].*)$", text, re.M)
    return "\n".join(blocks + singles)


def import_directory(import_path: str, importer: Path) -> Path:
    """The directory of import_path as imported from a package in importer."""
    if import_path == "C":
        raise ImportNotFound('cgo\'s "C" is not a Go package')
    root = goroot()
    module = find_module(importer)
    if module is not None:
        if import_path == module.path or import_path.startswith(module.path + "/"):
            return module.root / import_path[len(module.path) :].lstrip("/")
        vendored = module.root / "vendor" / import_path
        if vendored.is_dir():
            return vendored
    if "." not in import_path.split("/")[0]:
        if root is None:
            raise ImportNotFound(f"standard package {import_path}: GOROOT not found")
        return root / "src" / import_path
    if module is not None:
        return _from_module_cache(import_path, module)
    raise ImportNotFound(f"{import_path}: no go.mod above {importer}")


def _from_module_cache(import_path: str, module: Module) -> Path:
    required = [
        (path, version)
        for path, version in module.requires
        if import_path == path or import_path.startswith(path + "/")
    ]
    if not required:
        raise ImportNotFound(f"{import_path}: not required by {module.root / 'go.mod'}")
    path, version = max(required, key=lambda r: len(r[0]))
    cache_root = gomodcache()
    directory = None
    if cache_root is not None:
        directory = cache_root / f"{_escape(path)}@{version}" / import_path[len(path) :].lstrip("/")
    if directory is None or not directory.is_dir():
        raise ImportNotFound(f"{import_path}: {path}@{version} is not in the module cache")
    return directory


def import_path_of(directory: Path) -> str:
    """The import path of the package in directory (vet qualifies type names with it)."""
    root = goroot()
    if root is not None and directory.is_relative_to(root / "src"):
        return directory.relative_to(root / "src").as_posix()
    cache_root = gomodcache()
    if cache_root is not None and directory.is_relative_to(cache_root):
        relative = directory.relative_to(cache_root).as_posix()
        return _unescape(re.sub(r"@[^/]+", "", relative, count=1))
    module = find_module(directory)
    if module is not None and module.path:
        relative = directory.relative_to(module.root).as_posix()
        return module.path if relative == "." else f"{module.path}/{relative}"
    return directory.as_posix()


def _escape(module_path: str) -> str:
    """Module cache escaping: each upper-case letter becomes '!' and its lower case."""
    return re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), module_path)


def _unescape(escaped: str) -> str:
    return re.sub(r"!([a-z])", lambda m: m.group(1).upper(), escaped)
