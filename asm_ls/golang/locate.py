"""Where the source of an imported Go package lives, as the go command finds
it: a module of the workspace (go.work's `use` directories, or the enclosing
module alone), its vendor directory, GOROOT/src, a `replace`d module (a local
directory or another module version), or the module cache for a required
module.

go.work is found as the go command finds it: $GOWORK when set ("off" turns
workspaces off), else the nearest go.work above the importing package. A
`use` directory that is missing or has no go.mod is left out (the go command
refuses the whole workspace then; asm-ls checks what is there, and the
toolchain path says what is wrong). go.mod and go.work are read leniently:
what cannot be read is skipped, never an error.
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
    # (module path, version or "" for every version, replacement path, replacement version or "")
    replaces: tuple[tuple[str, str, str, str], ...] = ()


@dataclass(frozen=True)
class GoWork:
    path: Path  # the go.work file
    modules: tuple[Module, ...]  # the `use`d modules that are there
    missing: tuple[str, ...]  # `use` directories without a readable go.mod, as written
    replaces: tuple[tuple[str, str, str, str], ...] = ()


def is_directory(path: Path) -> bool:
    """Whether path is a directory; False for a name the system cannot even look up
    (an import path from a Go file may be too long, or hold a NUL)."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


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
    try:
        text = go_mod.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    text = re.sub(r"//.*", "", text)
    module = re.search(r"^\s*module\s+(\S+)", text, re.M)
    requires = re.findall(r"^\s*(?:require\s+)?(\S+)\s+(v\S+)\s*$", _directive_lines(text, "require"), re.M)
    return Module(
        go_mod.parent,
        module.group(1).strip('"') if module else "",
        tuple(requires),
        _replaces(text, go_mod.parent),
    )


def _directive_lines(text: str, directive: str) -> str:
    blocks = re.findall(rf"^\s*{directive}\s*\((.*?)\)", text, re.M | re.S)
    singles = re.findall(rf"^\s*{directive}\s+([^(\s].*)$", text, re.M)
    return "\n".join(blocks + singles)


_REPLACE = re.compile(r"^\s*(\S+)(?:\s+(v\S+))?\s*=>\s*(\S+)(?:\s+(v\S+))?\s*$", re.M)


def _replaces(text: str, base: Path) -> tuple[tuple[str, str, str, str], ...]:
    """`replace` directives; a local replacement path is made absolute (relative to base)."""
    found = []
    for old, old_version, new, new_version in _REPLACE.findall(_directive_lines(text, "replace")):
        old, new = old.strip('"'), new.strip('"')
        if not new_version and (new.startswith(("./", "../", "/")) or new in (".", "..")):
            new = str((base / new).resolve()) if not os.path.isabs(new) else new
        found.append((old, old_version, new, new_version))
    return tuple(found)


def find_workspace(directory: Path) -> GoWork | None:
    """The go.work that applies to a package in directory, as the go command picks it."""
    setting = os.environ.get("GOWORK", "")
    if setting == "off":
        return None
    if setting:
        path = Path(setting)
        candidates = [path] if path.is_absolute() else []
    else:
        candidates = [d / "go.work" for d in (directory, *directory.parents)]
    for go_work in candidates:
        try:
            stat = go_work.stat()
        except OSError:
            continue
        if go_work.is_file():
            return _read_go_work(go_work, stat.st_mtime_ns, stat.st_size)
    return None


@cache
def _read_go_work(go_work: Path, _mtime_ns: int, _size: int) -> GoWork:
    try:
        text = re.sub(r"//.*", "", go_work.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        text = ""
    modules, missing = [], []
    for line in _directive_lines(text, "use").splitlines():
        used = line.strip().strip('"')
        if not used:
            continue
        root = (go_work.parent / used).resolve() if not os.path.isabs(used) else Path(used)
        go_mod = root / "go.mod"
        try:
            stat = go_mod.stat()
        except OSError:
            missing.append(used)
            continue
        modules.append(_read_go_mod(go_mod, stat.st_mtime_ns, stat.st_size))
    return GoWork(go_work, tuple(modules), tuple(missing), _replaces(text, go_work.parent))


def import_directory(import_path: str, importer: Path) -> Path:
    """The directory of import_path as imported from a package in importer."""
    if import_path == "C":
        raise ImportNotFound('cgo\'s "C" is not a Go package')
    root = goroot()
    module = find_module(importer)
    workspace = find_workspace(importer) if module is not None else None
    modules = workspace.modules if workspace is not None else (module,) if module is not None else ()
    own = _longest_prefix(import_path, [(m.path, m) for m in modules if m.path])
    if own is not None:
        return own.root / import_path[len(own.path) :].lstrip("/")
    vendor_root = workspace.path.parent if workspace is not None else module.root if module is not None else None
    if vendor_root is not None:
        vendored = vendor_root / "vendor" / import_path
        if is_directory(vendored):
            return vendored
    if "." not in import_path.split("/")[0]:
        if root is None:
            raise ImportNotFound(f"standard package {import_path}: GOROOT not found")
        return root / "src" / import_path
    if module is None:
        raise ImportNotFound(f"{import_path}: no go.mod above {importer}")
    replaces = (workspace.replaces if workspace is not None else ()) + tuple(r for m in modules for r in m.replaces)
    requires = tuple(r for m in modules for r in m.requires)
    return _from_module_cache(import_path, requires, replaces, module)


def _longest_prefix(import_path: str, candidates):
    """The value whose module path is the longest prefix of import_path (by path elements)."""
    matching = [
        (path, value) for path, value in candidates if import_path == path or import_path.startswith(path + "/")
    ]
    return max(matching, key=lambda match: len(match[0]))[1] if matching else None


def _from_module_cache(
    import_path: str,
    requires: tuple[tuple[str, str], ...],
    replaces: tuple[tuple[str, str, str, str], ...],
    module: Module,
) -> Path:
    required: dict[str, str] = {}
    for path, version in requires:  # the highest version any workspace module requires
        if path not in required or _version_key(version) > _version_key(required[path]):
            required[path] = version
    found = _longest_prefix(import_path, [(path, (path, version)) for path, version in required.items()])
    replaced = _longest_prefix(
        import_path, [(old, (old, old_version, new, new_version)) for old, old_version, new, new_version in replaces]
    )
    if replaced is not None and (found is None or len(replaced[0]) >= len(found[0])):
        old, old_version, new, new_version = replaced
        if not old_version or found is None or found[1] == old_version:
            rest = import_path[len(old) :].lstrip("/")
            if not new_version:
                return Path(new) / rest
            return _cached_module(new, new_version, rest, import_path)
    if found is None:
        raise ImportNotFound(f"{import_path}: not required by {module.root / 'go.mod'}")
    path, version = found
    return _cached_module(path, version, import_path[len(path) :].lstrip("/"), import_path)


def _cached_module(path: str, version: str, rest: str, import_path: str) -> Path:
    cache_root = gomodcache()
    directory = None
    if cache_root is not None:
        directory = cache_root / f"{_escape(path)}@{version}" / rest
    if directory is None or not is_directory(directory):
        raise ImportNotFound(f"{import_path}: {path}@{version} is not in the module cache")
    return directory


def _version_key(version: str) -> tuple:
    """Semantic version order, near enough for picking the highest of a few (a release above its pre-releases)."""
    core, _, pre = version.lstrip("v").partition("-")
    numbers = tuple(int(part) if part.isdigit() else 0 for part in core.split("+")[0].split("."))
    return numbers, not pre, pre


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
