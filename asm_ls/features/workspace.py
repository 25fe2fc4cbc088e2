"""The workspace as the editor features see it: the analyzer (files, build
contexts, Go side) and the index (symbols across files), with the lookups the
features share."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources

from asm_ls.arch.context import BuildContext
from asm_ls.engine.analyzer import Analyzer
from asm_ls.features.index import WorkspaceIndex, qualified_name
from asm_ls.files import ASSEMBLY_SUFFIX, MAX_SOURCE_BYTES
from asm_ls.golang import GoFunc, GoPackage, GoVar, Location, signature_above
from asm_ls.golang.go_asm_header import HEADER_NAME as GO_ASM_HEADER
from asm_ls.golang.goroot import find_goroot, standard_include_dirs
from asm_ls.golang.locate import ImportNotFound, gomodcache
from asm_ls.golang.package_path import package_import_path
from asm_ls.golang.types import Unresolved
from asm_ls.model import CheckUnit
from asm_ls.syntax.linkname import split_linker_name
from asm_ls.syntax.program import Function
from asm_ls.syntax.source import SourceFile, Span

PREFERRED_GOARCHES = ("amd64", "arm64")
BUNDLED_HEADERS = str(resources.files("asm_ls").joinpath("data", "include"))  # Go's, for a machine without Go


@dataclass(frozen=True)
class GoDeclaration:
    name: str
    declaration: GoFunc | GoVar
    span: Span
    package: GoPackage


@dataclass(eq=False)
class Workspace:
    analyzer: Analyzer
    index: WorkspaceIndex = field(init=False)

    def __post_init__(self) -> None:
        self.index = WorkspaceIndex(self.analyzer)

    # --- assembly files ------------------------------------------------------

    def units(self, path: str) -> list[CheckUnit]:
        """The file analyzed for each build context it is built in."""
        source = self.analyzer.source(path)
        if source is None:
            return []
        return [self.analyzer.analyze(source, c) for c in self.analyzer.contexts(source)]

    def unit(self, path: str) -> CheckUnit | None:
        """The file in the build context position-based features read it in."""
        source = self.analyzer.source(path)
        context = self.context(path)
        return self.analyzer.analyze(source, context) if source is not None and context is not None else None

    def recent_unit(self, path: str) -> CheckUnit | None:
        """The file as unit() reads it, or as its last whole check read it
        when the text has changed since (a keystroke's analysis of a large
        file is what a quick check avoids; completion needs no more)."""
        source = self.analyzer.source(path)
        context = self.context(path)
        if source is None or context is None:
            return None
        return self.analyzer.last_checked(path, context) or self.analyzer.analyze(source, context)

    def context(self, path: str) -> BuildContext | None:
        """amd64 or arm64 when the file is built for them, else its first build context."""
        source = self.analyzer.source(path)
        contexts = self.analyzer.contexts(source) if source is not None else []
        for goarch in PREFERRED_GOARCHES:
            for context in contexts:
                if context.goarch == goarch:
                    return context
        return contexts[0] if contexts else None

    def ensure_package_indexed(self, directory: str) -> None:
        """Index the assembly of a directory outside the workspace folders (a
        file opened from elsewhere, or GOROOT) the first time it is asked about."""
        indexed = {entry.path for entry in self.index.package_files(directory)}
        for path in self.analyzer.assembly_files(directory):
            if path not in indexed:
                self.index.update(path)

    # --- the Go side -----------------------------------------------------------

    def go_declaration(self, qualified: str, importer: str, context: BuildContext) -> GoDeclaration | None:
        """The Go func or var a linker name refers to, seen from directory importer."""
        import_path, name = split_linker_name(qualified)
        directory = self.package_directory(import_path, importer)
        if directory is None:
            return None
        try:
            package = self.analyzer.go_package(directory, context)
        except (OSError, ImportNotFound, Unresolved):
            return None
        declaration = package.funcs.get(name) or package.vars.get(name)
        if declaration is None or declaration.location is None:
            return None
        span = self.location_span(declaration.location)
        return GoDeclaration(name, declaration, span, package) if span else None

    def signature(
        self, source: SourceFile, text_line: int, written: str, static: bool, context: BuildContext
    ) -> GoFunc | None:
        """The Go signature a TEXT implements (written `·f` on 0-based
        text_line): its Go declaration, else a `// func f(...)` comment above."""
        directory = os.path.dirname(os.path.abspath(source.path))
        qualified = qualified_name(written, package_import_path(directory), source.path, static)
        declaration = self.go_declaration(qualified, directory, context)
        if declaration is not None and isinstance(declaration.declaration, GoFunc):
            return declaration.declaration
        try:
            scope = self.analyzer.go_package(directory, context).scope
        except (OSError, ImportNotFound, Unresolved):
            scope = None  # only predeclared types then
        return signature_above(source, text_line, written.rpartition("\u00b7")[2], scope)

    def function_signature(self, unit: CheckUnit, function: Function) -> GoFunc | None:
        symbol = function.symbol
        if symbol is None:
            return None
        line = unit.source.position(function.text.span.start)[0]
        return self.signature(unit.source, line, symbol.name, symbol.static, unit.context)

    def package_directory(self, import_path: str, importer: str) -> str | None:
        if package_import_path(importer) == import_path:
            return importer
        return self.analyzer.import_directory(import_path, importer)

    def location_span(self, location: Location) -> Span | None:
        source = self.analyzer.source(location.path)
        if source is None:
            return None
        start = source.offset(location.line, location.start)
        return Span(source, start, source.offset(location.line, location.end))

    def parameter_span(self, declaration: GoDeclaration, parameter: str) -> Span | None:
        """Where a parameter or result of a Go func is named, searched in its signature."""
        text = declaration.span.source.text
        start = declaration.span.end
        end = text.find("\n\n", start)
        signature = text[start : end if end >= 0 else len(text)]
        match = re.search(rf"(?<![\w.]){re.escape(parameter)}(?!\w)", signature)
        if match is None:
            return None
        return Span(declaration.span.source, start + match.start(), start + match.end())

    # --- whose files these are ---------------------------------------------------

    def read_only_reason(self, path: str) -> str | None:
        """Why a file is not the user's to edit (part of Go, the module
        cache, a header asm-ls stands in for), or None when it is."""
        path = os.path.abspath(path)
        if path.startswith("<"):
            return "it is defined on the assembler's command line (-D)"
        goroot = find_goroot(self.analyzer.options.go_binary)
        if goroot and _under(path, goroot):
            return f"it is part of Go ({os.path.relpath(path, goroot)} in GOROOT)"
        cache = gomodcache()
        if cache is not None and _under(path, str(cache)):
            return f"it is in the module cache ({os.path.relpath(path, cache)})"
        for bundled in (*standard_include_dirs(self.analyzer.options.go_binary), BUNDLED_HEADERS):
            if _under(path, bundled):
                return f"it is one of Go's standard headers ({os.path.basename(path)})"
        if os.path.basename(path) == GO_ASM_HEADER and not os.path.exists(path):
            return "go_asm.h is written by the compiler from the package's Go declarations"
        return None

    def owns(self, path: str) -> bool:
        """Whether a file may be edited: not read-only, and inside a
        workspace folder (any file, when there is no folder)."""
        if self.read_only_reason(path) is not None:
            return False
        folders = self.index.folders
        return not folders or any(_under(os.path.abspath(path), folder) for folder in folders)


def _under(path: str, directory: str) -> bool:
    directory = os.path.abspath(directory)
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def readable(source: SourceFile) -> bool:
    """Whether a text is read at all (not binary, not over the size limit the
    lexer refuses): features that scan the whole text skip the others."""
    return len(source.text) <= MAX_SOURCE_BYTES and "\0" not in source.text


def is_assembly(path: str) -> bool:
    return path.endswith(ASSEMBLY_SUFFIX)
