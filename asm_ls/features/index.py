"""The workspace index: every assembly file under the workspace folders, the
symbols each defines and uses, for every build context it is built in.

Symbols are keyed by the linker's name: `·Add` in package example.com/m is
`example.com/m.Add`, `runtime·memmove` is `runtime.memmove`, and file-local
`name<>` symbols are qualified by their file's path."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from asm_ls.engine.analyzer import Analyzer
from asm_ls.files import discover
from asm_ls.golang.package_path import package_import_path
from asm_ls.model import CheckUnit
from asm_ls.syntax import ast
from asm_ls.syntax.lines import template_of
from asm_ls.syntax.linkname import file_local_name, linker_name, linker_spelling
from asm_ls.syntax.source import Span

DEFINING_OPS = ("TEXT", "GLOBL", "DATA")

_NAME = r"(?:[^\W\d]|[\u00b7\u2215])(?:\w|[\u00b7\u2215])*"
_COMMENT = re.compile(r"//[^\n]*|/\*.*?(?:\*/|\Z)", re.DOTALL)
# A name starts where no letter (digits aside) comes before it and is taken
# whole: the same matches as trying every position, without the retries.
_SB_REFERENCE = re.compile(
    r"(?<![^\W\d]|[\u00b7\u2215])(?P<name>(?:[^\W\d]|[\u00b7\u2215])(?:\w|[\u00b7\u2215])*+)"
    r"(?P<static><>)?(?:<ABI\w*>)?\s*(?:[+-]\s*[\w]+\s*)?\(\s*SB\s*\)"
)
_DEFINING = re.compile(rf"^[ \t]*(?:{_NAME}:[ \t]*)*(?P<op>TEXT|GLOBL|DATA)\b[ \t]*", re.MULTILINE)


def qualified_name(written: str, import_path: str, path: str, static: bool) -> str:
    """The key of a symbol in the index: its linker name, file-local ones with their file."""
    name = linker_spelling(written)
    return file_local_name(name, path) if static else linker_name(written, import_path)


def qualified_reference(unit: CheckUnit, reference: ast.SymbolRef) -> str:
    """The linker name of a symbol written in unit's file."""
    assert unit.package is not None, "the analyzer gives every unit it makes its package"
    return qualified_name(reference.name, unit.package.import_path, unit.source.path, reference.static)


@dataclass(frozen=True)
class SymbolSite:
    """A symbol defined (TEXT, GLOBL, DATA) or used (an `(SB)` operand) somewhere."""

    qualified: str
    written: str
    kind: str  # TEXT, GLOBL, DATA or use
    span: Span
    archs: frozenset[str]


@dataclass
class FileEntry:
    path: str
    import_path: str
    archs: tuple[str, ...]
    # The sites, or how to find them when first asked (a precise entry is
    # updated on every keystroke but read only by navigation).
    _sites: list[SymbolSite] | Callable[[], list[SymbolSite]] = field(default_factory=list, repr=False)
    _split: tuple[list[SymbolSite], list[SymbolSite]] | None = field(default=None, repr=False)

    @property
    def definitions(self) -> list[SymbolSite]:
        return self._sorted()[0]

    @property
    def uses(self) -> list[SymbolSite]:
        return self._sorted()[1]

    def _sorted(self) -> tuple[list[SymbolSite], list[SymbolSite]]:
        if self._split is None:
            sites = self._sites() if callable(self._sites) else self._sites
            self._split = ([s for s in sites if s.kind != "use"], [s for s in sites if s.kind == "use"])
            self._sites = []
        return self._split


def symbol_sites(unit: CheckUnit) -> Iterator[tuple[str, ast.SymbolRef, Span, str]]:
    """(qualified, reference, span of its name, kind) of every SB symbol in the unit's file."""
    import_path = unit.package.import_path if unit.package else ""
    path = unit.source.path
    for statement in unit.program.statements:
        trees = template_of(statement).operands  # tokens are made only for lines that name a symbol
        if not any(isinstance(o.value, ast.SymbolRef) and o.value.pseudo == "SB" for o in trees):
            continue
        for position, operand in enumerate(statement.operands):
            value = operand.value
            if not isinstance(value, ast.SymbolRef) or value.pseudo != "SB":
                continue
            token = operand.tokens[value.at]
            span = token.span  # a macro argument is still where it was written
            if os.path.abspath(span.source.path) != os.path.abspath(path):
                continue  # from a macro body or a header: not a place in this file
            kind = statement.word if position == 0 and statement.word in DEFINING_OPS else "use"
            yield qualified_name(value.name, import_path, path, value.static), value, span, kind


def _blank(comment: re.Match) -> str:
    """The comment's characters as spaces, its newlines kept (offsets stay)."""
    text = comment.group()
    return re.sub(r"[^\n]", " ", text) if "\n" in text else " " * len(text)


def prescan(text: str) -> Iterator[tuple[str, bool, int, int, str]]:
    """(name, static, start, end, kind) of each `(SB)` symbol in text, found
    without preprocessing or parsing: fast enough for a whole tree. Names made
    by macros are missed; open files are indexed precisely instead."""
    text = _COMMENT.sub(_blank, text)
    defining_at = {m.end(): m.group("op") for m in _DEFINING.finditer(text)}
    for match in _SB_REFERENCE.finditer(text):
        start = match.start("name")
        yield (
            match.group("name"),
            bool(match.group("static")),
            start,
            match.end("name"),
            defining_at.get(start, "use"),
        )


class WorkspaceIndex:
    """Assembly files by path and symbols by qualified name; thread-safe updates."""

    def __init__(self, analyzer: Analyzer):
        self.analyzer = analyzer
        self.folders: list[str] = []
        self.files: dict[str, FileEntry] = {}
        self._lock = threading.Lock()
        self._by_directory: dict[str, list[FileEntry]] | None = None  # made when asked, until a file changes

    # --- building -----------------------------------------------------------

    def add_folder(
        self,
        folder: str,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        folder = os.path.abspath(folder)
        if folder not in self.folders:
            self.folders.append(folder)
        paths = discover(folder)
        for done, path in enumerate(paths):
            if cancelled():
                return
            self.update(path)
            if progress is not None:
                progress(done + 1, len(paths))

    def update(self, path: str, precise: bool = False) -> FileEntry | None:
        """(Re)index path from the editor buffer or the disk; drop it when gone.
        A precise entry comes from the full analysis of every build context
        (for open files); otherwise from the pre-scan."""
        path = os.path.abspath(path)
        source = self.analyzer.source(path)
        if source is None:
            self.remove(path)
            return None
        contexts = self.analyzer.contexts(source)
        import_path = package_import_path(os.path.dirname(path))
        archs = tuple(dict.fromkeys(c.goarch for c in contexts))
        if precise:
            entry = FileEntry(path, import_path, archs, lambda: self._precise_sites(source, contexts))
        else:
            built_in = frozenset(archs)
            entry = FileEntry(
                path,
                import_path,
                archs,
                [
                    SymbolSite(
                        qualified_name(name, import_path, path, static), name, kind, Span(source, start, end), built_in
                    )
                    for name, static, start, end, kind in prescan(source.text)
                ],
            )
        with self._lock:
            self.files[path] = entry
            self._by_directory = None
        return entry

    def _precise_sites(self, source, contexts) -> list[SymbolSite]:
        by_site: dict[tuple, SymbolSite] = {}
        for context in contexts:
            # The check that followed the update analysed this text; a keystroke since
            # has dropped the analysis from the cache, not from the last whole check.
            unit = self.analyzer.last_checked(source.path, context)
            if unit is None or unit.source.text != source.text:
                unit = self.analyzer.analyze(source, context)
            for qualified, reference, span, kind in symbol_sites(unit):
                key = (qualified, kind, span.start, span.end)
                site = by_site.get(key)
                archs = frozenset({context.goarch}) | (site.archs if site else frozenset())
                by_site[key] = SymbolSite(qualified, reference.name, kind, span, archs)
        return list(by_site.values())

    def remove(self, path: str) -> None:
        with self._lock:
            self.files.pop(os.path.abspath(path), None)
            self._by_directory = None

    def contains(self, path: str) -> bool:
        path = os.path.abspath(path)
        return path in self.files or any(path.startswith(folder + os.sep) for folder in self.folders)

    # --- queries ------------------------------------------------------------

    def _entries(self) -> list[FileEntry]:
        with self._lock:
            return list(self.files.values())

    def definitions(self, qualified: str) -> list[SymbolSite]:
        return [d for e in self._entries() for d in e.definitions if d.qualified == qualified]

    def uses(self, qualified: str) -> list[SymbolSite]:
        return [u for e in self._entries() for u in e.uses if u.qualified == qualified]

    def all_definitions(self) -> Iterator[SymbolSite]:
        for entry in self._entries():
            yield from entry.definitions

    def package_files(self, directory: str) -> list[FileEntry]:
        with self._lock:
            if self._by_directory is None:
                self._by_directory = {}
                for entry in self.files.values():
                    self._by_directory.setdefault(os.path.dirname(entry.path), []).append(entry)
            return list(self._by_directory.get(os.path.abspath(directory), ()))
