"""A Go package as the build sees it for one GOOS/GOARCH: its files, bodyless
functions, variables, types and constants, with name resolution across imports.

Files on disk are read and parsed once per (path, mtime, size), overlays per
load; everything else is rebuilt per load, which keeps editor overlays of
imported packages consistent without invalidation logic.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from asm_ls.arch.context import BuildContext, file_matches
from asm_ls.files import UnreadableFile, read_text
from asm_ls.golang import prescan
from asm_ls.golang.constant import ConstBinding
from asm_ls.golang.locate import ImportNotFound, import_directory, import_path_of, is_directory
from asm_ls.golang.source import GoFile, GoFunc, GoVar, Import, parse_file
from asm_ls.golang.types import TypeBinding, Unresolved


@dataclass
class _GoText:
    """A Go file's text, and what is read from it when first needed (cached
    with the text: a file on disk is read again only when it changes)."""

    path: str
    text: str

    @cached_property
    def parsed(self) -> GoFile:
        return parse_file(self.path, self.text)

    @cached_property
    def package(self) -> str | None:
        return prescan.package_clause(self.text) or self.parsed.package

    @cached_property
    def declared_names(self) -> dict[str, frozenset[str]]:
        return prescan.declared_names(self.text)

    @cached_property
    def declared_funcs(self) -> frozenset[str]:
        return prescan.declared_funcs(self.text)

    def may_declare(self, kind: str, name: str) -> bool:
        if kind != "func":
            return name in self.declared_names[kind]
        found = self.declared_funcs
        return name in found or ("." in name and "?." + name.partition(".")[2] in found)

    @cached_property
    def may_declare_bodyless(self) -> bool:
        return prescan.may_declare_bodyless(self.text)

    @cached_property
    def imports_c(self) -> bool:
        return prescan.may_import_c(self.text) and any(spec.path == "C" for spec in self.parsed.imports)


class GoPackage:
    """The files of one directory that build in a context, and what they
    declare. Files are parsed as their declarations are needed: those that
    may declare a bodyless function at once, the others when a type,
    constant or variable they may declare is looked up."""

    def __init__(self, loader: _Loader, directory: Path, name: str | None, texts: list[_GoText]):
        self.directory = directory
        self.name = name
        self.import_path = import_path_of(directory)
        self._loader = loader
        self._texts = texts
        self._read: list[bool] = [False] * len(texts)
        self.funcs: dict[str, GoFunc] = {}  # bodyless, scope bound
        self.vars = _Declared(self, "var")
        self.types = _Declared(self, "type")
        self.consts = _Declared(self, "const")
        # Every function by name and every method as `T.m`, with a body or not; scope bound.
        self.functions = _Declared(self, "func")
        self.resolved_types: dict = {}
        self._test_funcs: dict[str, GoFunc] | None = None
        for index, text in enumerate(texts):
            if text.may_declare_bodyless:
                self._read_file(index)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(text.path for text in self._texts)

    @property
    def files(self) -> tuple[GoFile, ...]:
        self._read_all()
        return tuple(text.parsed for text in self._texts)

    def linknames(self) -> set[str]:
        """Local names of the package's `//go:linkname` directives."""
        return set(self.linkname_targets())

    def linkname_targets(self) -> dict[str, str | None]:
        """`//go:linkname local [target]` of the package's files: local -> target (None: one-argument form)."""
        found: dict[str, str | None] = {}
        for text in self._texts:
            if "//go:linkname" in text.text:
                for local, target in text.parsed.linknames:
                    if found.get(local) is None:
                        found[local] = target
        return found

    def symbol(self, name: str) -> GoFunc | GoVar | None:
        """The function, method or variable the part of a linker name after
        the package names: `f`, `T.m`, `(*T).m` (a value method's `T.m` is
        what assembly can write, `runtime·T·m`)."""
        if name.startswith("(*"):  # a method of *T, declared on *T or on T
            receiver, _, method = name[2:].partition(").")
            return self.functions.get(f"{receiver}.{method}")
        found = self.functions.get(name)
        if found is not None and found.pointer_receiver:
            return None  # T.m is no symbol when m is declared on *T
        return found or (self.vars.get(name) if "." not in name else None)

    @cached_property
    def scope(self) -> FileScope:
        """Resolves names as any file of the package would (signature comments use it)."""
        return FileScope(self._loader, self, _EveryFile(self))

    def test_funcs(self) -> dict[str, GoFunc]:
        """Bodyless functions of the package's own `_test.go` files (not the
        `_test` package): `go vet` checks the assembly with them in view."""
        if self._test_funcs is None:
            self._test_funcs = {}
            for path in self._loader.go_files(self.directory, _is_package_test):
                text = self._loader.text(path)
                if text is not None and text.may_declare_bodyless and text.package == self.name:
                    scope = FileScope(self._loader, self, text.parsed)
                    for func in text.parsed.funcs:
                        self._test_funcs.setdefault(func.name, _scoped(func, scope))
        return self._test_funcs

    def _read_file(self, index: int) -> None:
        self._read[index] = True
        go_file = self._texts[index].parsed
        scope = FileScope(self._loader, self, go_file)
        for func in go_file.funcs:
            self.funcs.setdefault(func.name, _scoped(func, scope))
        for func in go_file.functions:
            self.functions.add(index, func.key, _scoped(func, scope))
        for var in go_file.vars:
            self.vars.add(index, var.name, _scoped(var, scope))
        for decl in go_file.types:
            self.types.add(index, decl.name, TypeBinding(decl, scope, self.import_path))
        for const in go_file.consts:
            self.consts.add(index, const.name, ConstBinding(const.value, const.iota, scope, const.type, const.location))

    def _read_declaring(self, kind: str, name: str) -> None:
        for index, text in enumerate(self._texts):
            if not self._read[index] and text.may_declare(kind, name):
                self._read_file(index)

    def _read_all(self) -> None:
        for index, done in enumerate(self._read):
            if not done:
                self._read_file(index)


_Scoped = TypeVar("_Scoped", GoFunc, GoVar)


def _scoped(declaration: _Scoped, scope: FileScope) -> _Scoped:
    """The declaration with its scope set: dataclasses.replace without its walk
    over the fields (runtime's Go files declare thousands of functions)."""
    scoped = object.__new__(type(declaration))
    scoped.__dict__.update(declaration.__dict__)
    object.__setattr__(scoped, "scope", scope)
    return scoped


class _EveryFile:
    """Stands for a file importing what any file of the package imports;
    the files are parsed only when a name is resolved through it."""

    def __init__(self, package: GoPackage):
        self.path = str(package.directory)
        self._package = package

    @cached_property
    def imports(self) -> tuple[Import, ...]:
        return tuple(dict.fromkeys(spec for file in self._package.files for spec in file.imports))


class _Declared(Mapping):
    """A package's declarations of one kind by name, found in the files that
    may declare the name asked for. Of two declarations of a name (a
    compile error), the one in the first file counts, as if all were read."""

    def __init__(self, package: GoPackage, kind: str):
        self._package = package
        self._kind = kind
        self._found: dict[str, tuple[int, object]] = {}
        self._looked_up: set[str] = set()  # their files are read

    def add(self, index: int, name: str, value) -> None:
        known = self._found.get(name)
        if known is None or index < known[0]:
            self._found[name] = (index, value)

    def __getitem__(self, name: str):
        if name not in self._looked_up:
            self._looked_up.add(name)
            self._package._read_declaring(self._kind, name)
        return self._found[name][1]

    def __iter__(self):
        self._package._read_all()
        return iter(sorted(self._found, key=lambda name: self._found[name][0]))

    def __len__(self) -> int:
        self._package._read_all()
        return len(self._found)


def load_package(
    directory: str | os.PathLike, ctx: BuildContext, overlays: Mapping[str, str] | None = None
) -> GoPackage:
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
        if not is_directory(directory):
            raise ImportNotFound(f"{import_path}: no directory {directory}")
        return self.load(directory)

    def _build(self, directory: Path) -> GoPackage:
        # The build constraints first: most of a package like runtime is for other systems.
        texts = [
            text
            for text in map(self.text, self.go_files(directory))
            if text is not None and file_matches(text.path, text.text, self.ctx) and not text.imports_c
        ]  # go/build leaves cgo files out, and cgo is off in a BuildContext
        names = Counter(text.package for text in texts if text.package)
        name = names.most_common(1)[0][0] if names else None
        return GoPackage(self, directory, name, [text for text in texts if text.package == name])

    def go_files(self, directory: Path, wanted=None) -> list[str]:
        try:
            on_disk = [str(directory / n) for n in os.listdir(directory)]
        except OSError:  # not there (yet), or unreadable: only editor buffers count
            on_disk = []
        in_editor = [p for p in self.overlays if os.path.dirname(p) == str(directory)]
        wanted = wanted or _is_package_source
        return sorted(p for p in set(on_disk + in_editor) if wanted(os.path.basename(p)))

    def text(self, path: str) -> _GoText | None:
        if path in self.overlays:
            return _GoText(path, self.overlays[path])
        try:
            stat = os.stat(path)
            return _read_from_disk(path, stat.st_mtime_ns, stat.st_size)
        except OSError:
            return None


def _is_package_source(name: str) -> bool:
    return name.endswith(".go") and not name.endswith("_test.go") and not name.startswith(("_", "."))


def _is_package_test(name: str) -> bool:
    return name.endswith("_test.go") and not name.startswith(("_", "."))


_disk_cache: dict[str, tuple[tuple[int, int], _GoText]] = {}


def parsed_from_disk(path: str) -> GoFile | None:
    """The declarations of a Go file on disk (None when it cannot be read), parsed once while it is unchanged."""
    try:
        stat = os.stat(path)
        return _read_from_disk(path, stat.st_mtime_ns, stat.st_size).parsed
    except OSError:
        return None


def _read_from_disk(path: str, mtime_ns: int, size: int) -> _GoText:
    cached = _disk_cache.get(path)
    if cached is None or cached[0] != (mtime_ns, size):
        try:
            text = read_text(path)  # regular files only: a FIFO named *.go would block
        except UnreadableFile as error:
            raise OSError(str(error)) from None
        cached = _disk_cache[path] = ((mtime_ns, size), _GoText(path, text))
    return cached[1]


class FileScope:
    """Resolves names the way they read in one file: its imports, then the package."""

    def __init__(self, loader: _Loader, package: GoPackage, go_file: GoFile | _EveryFile):
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

    def lookup_var(self, package: str | None, name: str) -> GoVar | None:
        if package is not None:
            return self._imported(package, name, "vars", "variable")
        return self.package.vars.get(name) or self._dot_imported(name, "vars")

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
