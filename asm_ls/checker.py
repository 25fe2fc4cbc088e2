"""`asm-ls check`: find the files, check them (on every core), report."""

from __future__ import annotations

import gc
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import astuple, dataclass, replace
from pathlib import Path
from typing import Iterable

from asm_ls.analysis import Analyzer, Options
from asm_ls.cache import CheckCache, recording
from asm_ls.diagnostics import Diagnostic
from asm_ls.files import UnreadableFile, read_text
from asm_ls.golang.locate import find_module, gomodcache
from asm_ls.goroot import find_goroot, standard_include_dirs
from asm_ls.index import discover
from asm_ls.syntax.source import SourceFile, Span


class UsageError(Exception):
    """A bad command line or a path that cannot be read: exit status 2."""


@dataclass(frozen=True)
class Finding:
    """A diagnostic in the shape `asm-ls check` prints (1-based lines and columns)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: str
    code: str
    source: str
    message: str
    arch: str | None
    function: str | None

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def expand_paths(arguments: Iterable[str]) -> list[str]:
    """Assembly files named by the arguments: files as given, directories
    walked (`dir/...` means the same as `dir`)."""
    files: list[str] = []
    for argument in arguments:
        path = argument[:-4] or "." if argument.endswith("/...") else argument
        if path == "...":
            path = "."
        if os.path.isdir(path):
            files.extend(discover(path))
        elif os.path.exists(path):
            files.append(path)
        else:
            raise UsageError(f"{argument}: no such file or directory")
    return files


def _display_path(path: str) -> str:
    if os.path.isabs(path):
        return path
    return os.path.normpath(path)


def to_finding(diagnostic: Diagnostic, display: dict[str, str]) -> Finding:
    line, column, end_line, end_column = diagnostic.span.lines_and_columns()
    return Finding(
        path=display.get(diagnostic.path, _display_path(diagnostic.path)),
        line=line + 1, column=column + 1, end_line=end_line + 1, end_column=end_column + 1,
        severity=diagnostic.severity, code=diagnostic.code, source=diagnostic.source,
        message=diagnostic.message, arch=diagnostic.arch, function=diagnostic.function,
    )


def check_directory(paths: list[str], analyzer: Analyzer) -> list[Finding]:
    """Findings of some assembly files of one directory, package checks
    included (which may report in the directory's Go files)."""
    return _displayed(_check_directory(paths, analyzer), paths)


def _check_directory(paths: list[str], analyzer: Analyzer) -> list[Finding]:
    """The same, with absolute paths (what the cache keeps)."""
    findings, readable = [], []
    for path in paths:
        try:
            read_text(path)
            readable.append(path)
        except UnreadableFile as error:
            span = Span(SourceFile(os.path.abspath(path), ""), 0, 0)
            unreadable = Diagnostic(span, "unreadable-file", f"cannot read {path}: {error}")
            findings.append(to_finding(unreadable, {}))
    if readable:
        for diagnostic in analyzer.check_directory(os.path.dirname(os.path.abspath(paths[0])), readable):
            findings.append(replace(to_finding(diagnostic, {}), path=os.path.abspath(diagnostic.path)))
    return findings


def _displayed(findings: list[Finding], paths: list[str]) -> list[Finding]:
    """Paths as the user named them; other files of the directory (its Go
    files) as if named next to them."""
    display = {os.path.abspath(p): _display_path(p) for p in paths}
    shown_directory = os.path.dirname(_display_path(paths[0]))
    return [replace(f, path=display.get(f.path) or os.path.join(shown_directory, os.path.basename(f.path)))
            for f in findings]


def _check_batch(paths: list[str], analyzer: Analyzer, store: CheckCache | None) -> list[Finding]:
    if store is None:
        return check_directory(paths, analyzer)
    with recording() as recorder:
        found = _check_directory(paths, analyzer)
    store.store(paths, [astuple(f) for f in found], recorder)
    return _displayed(found, paths)


def _cached(store: CheckCache, paths: list[str], validated: dict) -> list[Finding] | None:
    rows = store.load(paths, validated)
    try:
        return None if rows is None else _displayed([Finding(*row) for row in rows], paths)
    except TypeError:  # rows of another shape: a miss like any other
        return None


_worker: tuple[Analyzer, CheckCache | None] | None = None


def _init_worker(options: Options, store: CheckCache | None) -> None:
    global _worker
    gc.disable()  # see _no_collection; the worker ends with the check
    _worker = (Analyzer(options), store)


def _check_in_worker(paths: list[str]) -> list[Finding]:
    assert _worker is not None
    return _check_batch(paths, *_worker)


def check_paths(paths: list[str], options: Options, jobs: int | None = None) -> list[Finding]:
    """Findings of every file, each once (a header's problem is found through
    every file that includes it), in path and position order. Directories
    whose entry in the persistent cache (asm_ls.cache) still holds are not
    checked again."""
    jobs = jobs or os.cpu_count() or 1
    # Files of one directory make a package and share headers: keep them together.
    by_directory: dict[str, list[str]] = {}
    for path in paths:
        by_directory.setdefault(os.path.dirname(os.path.abspath(path)), []).append(path)
    batches = sorted(by_directory.values(), key=len, reverse=True)
    store = _open_cache(options, list(by_directory))
    found: list[Finding] = []
    if store is not None:
        validated: dict = {}
        missed = []
        for batch in batches:
            cached = _cached(store, batch, validated)
            if cached is None:
                missed.append(batch)
            else:
                found += cached
        batches = missed
    if jobs == 1 or sum(map(len, batches)) < 8:
        analyzer = Analyzer(options)
        with _no_collection():
            found += [f for batch in batches for f in _check_batch(batch, analyzer, store)]
    else:
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(options, store)) as pool:
            found += [f for result in pool.map(_check_in_worker, batches) for f in result]
    return _unique_sorted(found)


def _open_cache(options: Options, directories: list[str]) -> CheckCache | None:
    """The cache for this configuration; the trees whose Go files count are
    GOROOT's and each directory's module (or the directory alone)."""
    goroot = find_goroot(options.go_binary)
    trees = [os.path.join(goroot, "src")] if goroot else []
    alone = []
    for directory in directories:
        module = find_module(Path(directory))
        (trees if module else alone).append(str(module.root) if module else directory)
    include_dirs = [os.path.abspath(d) for d in (*options.include_dirs, *standard_include_dirs(options.go_binary))]
    environment = {"goroot": goroot, "gomodcache": str(gomodcache()), "include_dirs": include_dirs}
    if options.toolchain:
        go = shutil.which(options.go_binary or "go")
        info = os.stat(go) if go else None
        environment["go"] = [os.path.realpath(go), info.st_size, info.st_mtime_ns] if go and info else None
    return CheckCache.open(options, environment, trees, alone + include_dirs)


@contextmanager
def _no_collection():
    """A check allocates millions of tokens and spans that live until it ends
    and makes few cycles: the cyclic collector's passes over them took 40% of
    a GOROOT check's CPU, for about 5% of memory back."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _unique_sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.column, f.code, f.message, f.arch or ""))


def render(findings: list[Finding], output_format: str) -> str:
    if output_format == "json":
        return json.dumps([f.__dict__ for f in findings], indent=2, ensure_ascii=False) + "\n"
    return "".join(f.text() + "\n" for f in findings)
