"""A Go package as the build sees it for one GOOS/GOARCH: its files, bodyless
functions, variables, types and constants, with name resolution across imports.

Parsed files are cached by (path, mtime, size) or by overlay text; everything
else is rebuilt per load, which keeps editor overlays of imported packages
consistent without invalidation logic.
"""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from asm_ls.arch.context import BuildContext, file_matches
from asm_ls.files import UnreadableFile, read_text
from asm_ls.golang.constant import ConstBinding
from asm_ls.golang.locate import ImportNotFound, import_directory, import_path_of
from asm_ls.golang.source import GoFile, GoFunc, GoVar, Import, parse_file
from asm_ls.golang.types import TypeBinding, Unresolved


@dataclass
class GoPackage:
    """The files of one directory that build in a context, and what they declare."""

    directory: Path
    name: str | None
    import_path: str
    files: tuple[GoFile, ...]
    funcs: dict[str, GoFunc] = field(default_factory=dict)  # bodyless, scope bound
    vars: dict[str, GoVar] = field(default_factory=dict)
    types: dict[str, TypeBinding] = field(default_factory=dict)
    consts: dict[str, ConstBinding] = field(default_factory=dict)
    resolved_types: dict = field(default_factory=dict, repr=False)
    # Resolves names as any file of the package would (signature comments use it).
    scope: FileScope | None = field(default=None, repr=False)
    _read_test_funcs: Callable[[], dict[str, GoFunc]] | None = field(default=None, repr=False, compare=False)
    _test_funcs: dict[str, GoFunc] | None = field(default=None, repr=False, compare=False)

    def test_funcs(self) -> dict[str, GoFunc]:
        """Bodyless functions of the package's own `_test.go` files (not the
        `_test` package): `go vet` checks the assembly with them in view."""
        if self._test_funcs is None:
            self._test_funcs = self._read_test_funcs() if self._read_test_funcs else {}
        return self._test_funcs


def load_package(directory: str | os.PathLike, ctx: BuildContext,
                 overlays: Mapping[str, str] | None = None) -> GoPackage:
    """The package in directory as built in ctx; overlays (path -> text) win over disk."""
    return _Loader(ctx, overlays or {}).load(Path(os.path.abspath(directory)))


class _Loader:
    """Loads the packages one request needs, each directory once."""

    def __init__(self, ctx: BuildContext, overlays: Mapping[str, str]):
        self.ctx = ctx
        self.overlays = {os.path.abspath(path): text for path, text in overlays.items()}
        self.packages: dict[Path, GoPackage] = {}

    def load(self, directory: Path) -> GoPackage:
        if directory not in self.packages:
            self.packages[directory] = self._build(directory)
        return self.packages[directory]

    def load_import(self, import_path: str, importer: Path) -> GoPackage:
        directory = import_directory(import_path, importer)
        if not directory.is_dir():
            raise ImportNotFound(f"{import_path}: no directory {directory}")
        return self.load(directory)

    def _build(self, directory: Path) -> GoPackage:
        files = [f for f in map(self._read, self._go_files(directory)) if f is not None]
        names = Counter(f.package for f in files if f.package)
        name = names.most_common(1)[0][0] if names else None
        files = [f for f in files if f.package == name]
        package = GoPackage(directory, name, import_path_of(directory), tuple(files))
        for go_file in files:
            scope = FileScope(self, package, go_file)
            for func in go_file.funcs:
                package.funcs.setdefault(func.name, dataclasses.replace(func, scope=scope))
            for var in go_file.vars:
                package.vars.setdefault(var.name, var)
            for decl in go_file.types:
                package.types.setdefault(decl.name, TypeBinding(decl, scope, package.import_path))
            for const in go_file.consts:
                package.consts.setdefault(const.name, ConstBinding(const.value, const.iota, scope))
        all_imports = tuple(dict.fromkeys(i for f in files for i in f.imports))
        package.scope = FileScope(self, package, GoFile(str(directory), name, all_imports, (), (), (), ()))
        package._read_test_funcs = lambda: self._test_funcs(package)
        return package

    def _test_funcs(self, package: GoPackage) -> dict[str, GoFunc]:
        funcs: dict[str, GoFunc] = {}
        for path in self._go_files(package.directory, _is_package_test):
            go_file = self._read(path)
            if go_file is not None and go_file.package == package.name:
                scope = FileScope(self, package, go_file)
                for func in go_file.funcs:
                    funcs.setdefault(func.name, dataclasses.replace(func, scope=scope))
        return funcs

    def _go_files(self, directory: Path, wanted=None) -> list[str]:
        try:
            on_disk = [str(directory / n) for n in os.listdir(directory)]
        except OSError:  # not there (yet), or unreadable: only editor buffers count
            on_disk = []
        in_editor = [p for p in self.overlays if os.path.dirname(p) == str(directory)]
        wanted = wanted or _is_package_source
        return sorted(p for p in set(on_disk + in_editor) if wanted(os.path.basename(p)))

    def _read(self, path: str) -> GoFile | None:
        # The build constraints first: parsing is the expensive part, and most
        # of a package like runtime is for other systems.
        if path in self.overlays:
            text = self.overlays[path]
            if not file_matches(path, text, self.ctx):
                return None
            go_file = parse_file(path, text)
        else:
            try:
                stat = os.stat(path)
                cached = _read_from_disk(path, stat.st_mtime_ns, stat.st_size)
            except OSError:
                return None
            if not file_matches(path, cached.text, self.ctx):
                return None
            go_file = cached.parsed()
        if any(spec.path == "C" for spec in go_file.imports):
            return None  # a cgo file: go/build leaves it out, and cgo is off in a BuildContext
        return go_file


def _is_package_source(name: str) -> bool:
    return name.endswith(".go") and not name.endswith("_test.go") and not name.startswith(("_", "."))


def _is_package_test(name: str) -> bool:
    return name.endswith("_test.go") and not name.startswith(("_", "."))


@dataclass
class _DiskFile:
    """A Go file as last read from disk, parsed when first needed."""

    path: str
    stamp: tuple[int, int]  # mtime_ns, size
    text: str
    _parsed: GoFile | None = None

    def parsed(self) -> GoFile:
        if self._parsed is None:
            self._parsed = parse_file(self.path, self.text)
        return self._parsed


_disk_cache: dict[str, _DiskFile] = {}


def _read_from_disk(path: str, mtime_ns: int, size: int) -> _DiskFile:
    cached = _disk_cache.get(path)
    if cached is None or cached.stamp != (mtime_ns, size):
        try:
            text = read_text(path)  # regular files only: a FIFO named *.go would block
        except UnreadableFile as error:
            raise OSError(str(error)) from None
        cached = _disk_cache[path] = _DiskFile(path, (mtime_ns, size), text)
    return cached


class FileScope:
    """Resolves names the way they read in one file: its imports, then the package."""

    def __init__(self, loader: _Loader, package: GoPackage, go_file: GoFile):
        self.loader = loader
        self.package = package
        self.go_file = go_file

    def named_cache(self) -> dict:
        return self.package.resolved_types

    def lookup_type(self, package: str | None, name: str) -> TypeBinding | None:
        if package is not None:
            return self._imported(package, name, "types", "type")
        return self.package.types.get(name) or self._dot_imported(name, "types")

    def lookup_const(self, package: str | None, name: str) -> ConstBinding | None:
        if package is not None:
            return self._imported(package, name, "consts", "constant")
        return self.package.consts.get(name) or self._dot_imported(name, "consts")

    def import_path(self, package: str) -> str:
        return self._import(package).path

    def _imported(self, package: str, name: str, table: str, what: str):
        imported = self._load(self._import(package))
        found = getattr(imported, table).get(name)
        if found is None:
            raise Unresolved(f"{what} {name} not found in {imported.import_path} ({imported.directory})")
        return found

    def _dot_imported(self, name: str, table: str):
        for spec in self.go_file.imports:
            if spec.alias == ".":
                found = getattr(self._load(spec), table).get(name)
                if found is not None:
                    return found
        return None

    def _import(self, package: str) -> Import:
        imports = self.go_file.imports
        for spec in imports:
            if spec.alias == package or (spec.alias is None and guess_package_name(spec.path) == package):
                return spec
        for spec in imports:  # a package name that differs from its path: load to learn it
            try:
                if spec.alias is None and self._load(spec).name == package:
                    return spec
            except Unresolved:
                continue
        raise Unresolved(f"package {package} is not imported in {self.go_file.path}")

    def _load(self, spec: Import) -> GoPackage:
        try:
            return self.loader.load_import(spec.path, self.package.directory)
        except ImportNotFound as error:
            raise Unresolved(str(error)) from None


def guess_package_name(import_path: str) -> str:
    """The usual package name for an import path: math/rand/v2 -> rand, gopkg.in/yaml.v3 -> yaml."""
    parts = import_path.split("/")
    last = parts[-1]
    if len(parts) > 1 and last.startswith("v") and last[1:].isdigit():
        last = parts[-2]
    return last.split(".")[0].removeprefix("go-")
