"""The workspace as the editor features see it: the analyzer (files, build
contexts, Go side) and the index (symbols across files), with the lookups the
features share."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources

from asm_ls.arch import get_arch
from asm_ls.arch.context import BuildContext, file_matches
from asm_ls.engine.analyzer import Analyzer
from asm_ls.features.index import WorkspaceIndex, qualified_name
from asm_ls.features.target import Target, target_at
from asm_ls.files import ASSEMBLY_SUFFIX, MAX_SOURCE_BYTES
from asm_ls.golang import GoFunc, GoPackage, GoVar, Location, signature_above
from asm_ls.golang.go_asm_header import HEADER_NAME as GO_ASM_HEADER
from asm_ls.golang.goroot import find_goroot, standard_include_dirs
from asm_ls.golang.locate import ImportNotFound, gomodcache
from asm_ls.golang.package_path import EXPERIMENT_TAG, package_import_path
from asm_ls.golang.provided import LinknameSite, linkname_sites
from asm_ls.golang.types import Unresolved
from asm_ls.model import CheckUnit
from asm_ls.syntax.linkname import split_linker_name
from asm_ls.syntax.preprocess import enclosing_conditions
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
    # The `//go:linkname local target` that makes this declaration the symbol's, if that is how.
    linkname: LinknameSite | None = None


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

    def target_at(self, path: str, offset: int) -> tuple[CheckUnit, Target] | None:
        """What is at offset, read in the file's unit (`unit`) or, where that
        does not read the position (an `#ifdef GOARCH_arm64` block), in the
        first build context that does: the file's own, then one with the GOOS
        or GOEXPERIMENT the enclosing `#ifdef`s name (`#ifdef GOOS_windows`)."""
        first = self.unit(path)
        if first is None:
            return None
        found = target_at(first, offset)
        if found is not None:
            return first, found
        source = self.analyzer.source(path)
        assert source is not None, "unit read it"
        tried = self.analyzer.contexts(source)
        wider = []  # where the file's own contexts skip the line only: not on a comment
        if any(span.start <= offset < span.end for span in first.preprocessed.inactive):
            wider = _contexts_reading(source, offset, tried)
        for context in [*tried, *wider]:
            if context != first.context:
                unit = self.analyzer.analyze(source, context)
                found = target_at(unit, offset)
                if found is not None:
                    return unit, found
        return None

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
        """The Go function, method or variable a linker name refers to, seen
        from directory importer: its package's declaration of the name, else
        one that a `//go:linkname` makes the symbol's."""
        found = self.go_declarations(qualified, importer, context)
        return found[0] if found else None

    def go_declarations(self, qualified: str, importer: str, context: BuildContext) -> list[GoDeclaration]:
        """Every Go declaration of a linker name in context: by name in its
        package (`f`, `T.m`, `(*T).m`), and each `local` of a `//go:linkname
        local qualified` in the symbol's tree or the importer's (GOROOT/src, a module)."""
        import_path, name = split_linker_name(qualified)
        directory = self.package_directory(import_path, importer) if import_path else None
        found: list[GoDeclaration] = []
        if directory is not None:
            declared = self._declared(directory, name, context)
            if declared is not None:
                found.append(declared)
        trees = dict.fromkeys(d for d in (directory, importer) if d is not None)
        sites = dict.fromkeys(site for tree in trees for site in linkname_sites(tree).get(qualified, ()))
        for site in sites:
            declared = self._declared(os.path.dirname(site.path), site.local, context, site)
            if declared is not None and all(d.span != declared.span for d in found):
                found.append(declared)
        return found

    def go_context(self, directory: str) -> BuildContext:
        """The build context a package's Go files are read in from Go: that of
        its first assembly file (amd64 or arm64 when built there), else linux/amd64."""
        for path in self.analyzer.assembly_files(directory):
            context = self.context(path)
            if context is not None:
                return context
        return BuildContext("linux", "amd64")

    def linkname_target(self, directory: str, name: str) -> str | None:
        """The symbol a `//go:linkname name target` of the package in directory gives name."""
        try:
            return self.analyzer.go_package(directory, self.go_context(directory)).linkname_targets().get(name)
        except (OSError, ImportNotFound, Unresolved):
            return None

    def _declared(
        self, directory: str, name: str, context: BuildContext, linkname: LinknameSite | None = None
    ) -> GoDeclaration | None:
        try:
            package = self.analyzer.go_package(directory, context)
            declaration = package.symbol(name)
        except (OSError, ImportNotFound, Unresolved):
            return None
        if declaration is None or declaration.location is None:
            return None
        span = self.location_span(declaration.location)
        return GoDeclaration(name, declaration, span, package, linkname) if span else None

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


def _contexts_reading(source: SourceFile, offset: int, tried: list[BuildContext]) -> list[BuildContext]:
    """Build contexts beyond the file's own that may read a line in an #ifdef
    block none of those reads: each of the file's GOARCHes (those the
    conditions allow) with the GOOS and GOEXPERIMENTs the enclosing
    conditions require; where they name none (a macro a header defines for
    darwin), each other GOOS the file builds for."""
    conditions = enclosing_conditions(source.text, offset)

    def named(prefix: str, wanted: bool = True) -> set[str]:
        return {name[len(prefix) :] for name, want in conditions if want == wanted and name.startswith(prefix)}

    gooses, not_gooses, goarches = named("GOOS_"), named("GOOS_", False), named("GOARCH_")
    experiments = {f"{EXPERIMENT_TAG}{name.lower()}" for name in named("GOEXPERIMENT_")}
    found = []
    for context in tried:
        if goarches and context.goarch not in goarches:
            continue
        tags = tuple(sorted({*context.tags, *experiments}))
        arch_gooses = get_arch(context.goarch).goos
        candidates = gooses or ({context.goos} if experiments else set(arch_gooses) - {context.goos})
        for goos in sorted(candidates - not_gooses):
            candidate = BuildContext(goos, context.goarch, tags)
            if goos in arch_gooses and candidate not in tried and candidate not in found:
                if file_matches(source.path, source.text, candidate):
                    found.append(candidate)
    return found
