"""`asm-ls check`: find the files, check them (on every core), report."""

from __future__ import annotations

import gc
import json
import os
import shutil
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import astuple, dataclass, replace
from pathlib import Path

from asm_ls.arch.context import contexts_for_file
from asm_ls.cli.formats import render_github, render_sarif
from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.engine.cache import CheckCache, Recorder, recording
from asm_ls.engine.registry import merge_same_finding
from asm_ls.files import UnreadableFile, read_text
from asm_ls.golang.goroot import find_goroot, standard_include_dirs
from asm_ls.golang.locate import find_module, gomodcache
from asm_ls.golang.toolchain import ToolchainError
from asm_ls.model import INTERNAL_ERROR, Diagnostic, internal_error
from asm_ls.syntax.source import SourceFile, Span

# A quick fix as `asm-ls check` reports it: its title and edits, each
# (path, line, column, end line, end column, new text), 1-based, code points.
FindingEdit = tuple[str, int, int, int, int, str]
FindingFix = tuple[str, tuple[FindingEdit, ...]]


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
    fixes: tuple[FindingFix, ...] = ()

    @classmethod
    def from_row(cls, row: list) -> Finding:
        """A finding from its cached row (JSON has made the fixes' tuples lists)."""
        fixes = tuple((title, tuple(tuple(edit) for edit in edits)) for title, edits in row[-1])
        return replace(cls(*row[:-1]), fixes=fixes)

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def _display_path(path: str) -> str:
    if os.path.isabs(path):
        return path
    return os.path.normpath(path)


def to_finding(diagnostic: Diagnostic, display: dict[str, str]) -> Finding:
    line, column, end_line, end_column = diagnostic.span.lines_and_columns()
    return Finding(
        path=display.get(diagnostic.path, _display_path(diagnostic.path)),
        line=line + 1,
        column=column + 1,
        end_line=end_line + 1,
        end_column=end_column + 1,
        severity=diagnostic.severity,
        code=diagnostic.code,
        source=diagnostic.source,
        message=diagnostic.message,
        arch=diagnostic.arch,
        function=diagnostic.function,
        fixes=tuple(
            (fix.title, tuple(_edit(edit.span, edit.new_text) for edit in fix.edits)) for fix in diagnostic.fixes
        ),
    )


def _edit(span: Span, new_text: str) -> FindingEdit:
    line, column, end_line, end_column = span.lines_and_columns()
    return (os.path.abspath(span.source.path), line + 1, column + 1, end_line + 1, end_column + 1, new_text)


def _check_directory(paths: list[str], analyzer: Analyzer, part: tuple[int, int]) -> list[Finding]:
    """Findings of some assembly files of one directory, with absolute paths
    (what the cache keeps), package checks included (which may report in the
    directory's Go files); part as Analyzer.check_directory has it."""
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
        for diagnostic in analyzer.check_directory(_directory(paths), readable, part):
            findings.append(replace(to_finding(diagnostic, {}), path=os.path.abspath(diagnostic.path)))
    return findings


def _displayed(findings: list[Finding], paths: list[str]) -> list[Finding]:
    """Paths as the user named them; other files of the directory (its Go
    files) as if named next to them."""
    display = {os.path.abspath(p): _display_path(p) for p in paths}
    shown_directory = os.path.dirname(_display_path(paths[0]))
    return [
        replace(f, path=display.get(f.path) or os.path.join(shown_directory, os.path.basename(f.path)))
        for f in findings
    ]


def _cached(store: CheckCache, paths: list[str], validated: dict) -> list[Finding] | None:
    rows = store.load(paths, validated)
    try:
        return None if rows is None else _displayed([Finding.from_row(row) for row in rows], paths)
    except (TypeError, ValueError):  # rows of another shape: a miss like any other
        return None


# A directory with this many assembly files is checked in shares of its
# build contexts, one per process: runtime alone is 40% of a Go tree's check.
SHARED_FROM_FILES = 40


@dataclass(frozen=True)
class _Job:
    paths: list[str]  # of one directory
    part: tuple[int, int]  # the share of its build contexts


def _jobs(batches: list[list[str]], processes: int) -> list[_Job]:
    """The batches' jobs, the largest first (they are taken in this order)."""
    jobs = []
    for paths in batches:
        count = processes if len(paths) >= SHARED_FROM_FILES else 1
        jobs += [_Job(paths, (index, count)) for index in range(count)]
    return sorted(jobs, key=lambda job: len(job.paths) / job.part[1], reverse=True)


@dataclass
class _Done:
    """What a job found, what it read (for the cache) and what it noticed about the toolchain."""

    findings: list[Finding]
    recorder: Recorder | None
    notices: list[str]


def _run(job: _Job, analyzer: Analyzer, record: bool) -> _Done:
    if not record:
        findings = _guarded_check(job, analyzer)
        return _Done(findings, None, analyzer.take_notices())
    with recording() as recorder:
        findings = _guarded_check(job, analyzer)
    return _Done(findings, recorder, analyzer.take_notices())


def _guarded_check(job: _Job, analyzer: Analyzer) -> list[Finding]:
    """The job's findings; an internal error that escaped the engine's own
    isolation becomes one finding on the directory's first file, and the
    other jobs go on."""
    try:
        return _check_directory(job.paths, analyzer, job.part)
    except ToolchainError:
        raise
    except Exception as error:  # reported as a finding, never swallowed
        first = os.path.abspath(sorted(job.paths)[0])
        return [to_finding(internal_error(SourceFile(first, ""), error), {})]


_worker: tuple[Analyzer, bool] | None = None


def _init_worker(options: Options, record: bool) -> None:
    global _worker
    gc.disable()  # see _no_collection; the worker ends with the check
    _worker = (Analyzer(options), record)


def _run_in_worker(job: _Job) -> _Done:
    assert _worker is not None
    return _run(job, *_worker)


def check_paths(
    paths: list[str], options: Options, jobs: int | None = None, notices: list[str] | None = None
) -> list[Finding]:
    """Findings of every file, each once (a header's problem is found through
    every file that includes it), in path and position order. Directories
    whose entry in the persistent cache (asm_ls.engine.cache) still holds are not
    checked again. What the run noticed about the toolchain (each once) is
    appended to notices."""
    processes = jobs or os.cpu_count() or 1
    # Files of one directory make a package and share headers: keep them together.
    by_directory: dict[str, list[str]] = {}
    for path in paths:
        by_directory.setdefault(_directory([path]), []).append(path)
    batches = list(by_directory.values())
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
    if processes == 1 or sum(map(len, batches)) < 8:
        work = _jobs(batches, 1)
        analyzer = Analyzer(options)
        with _no_collection():
            results = [_run(job, analyzer, store is not None) for job in work]
    else:
        work = _jobs(batches, processes)
        with ProcessPoolExecutor(processes, initializer=_init_worker, initargs=(options, store is not None)) as pool:
            results = list(pool.map(_run_in_worker, work))
    shares: dict[str, list] = {}
    for job, result in zip(work, results):
        shares.setdefault(_directory(job.paths), []).append((job.part, result))
    noticed: dict[str, None] = {}
    for batch in batches:
        done = [result for _part, result in sorted(shares[_directory(batch)], key=lambda share: share[0])]
        findings = merge_same_finding([result.findings for result in done], _place)
        batch_notices = [notice for result in done for notice in result.notices]
        noticed.update(dict.fromkeys(batch_notices))
        degraded = batch_notices or any(f.code == INTERNAL_ERROR for f in findings)
        if store is not None and not degraded:  # done again next time, and says why again
            store.store(batch, [astuple(f) for f in findings], _union([result.recorder for result in done]))
        found += _displayed(findings, batch)
    if notices is not None:
        notices.extend(noticed)
    return _unique_sorted(found)


def _directory(paths: list[str]) -> str:
    return os.path.dirname(os.path.abspath(paths[0]))


def _place(finding: Finding) -> tuple:
    return astuple(replace(finding, arch=None, severity="", source="", function=None, fixes=()))


def _union(recorders: list[Recorder]) -> Recorder:
    union = Recorder()
    for recorder in recorders:
        union.files.update(recorder.files)
        union.listings.update(recorder.listings)
    return union


def _open_cache(options: Options, directories: list[str]) -> CheckCache | None:
    """The cache for this configuration; the trees whose Go files count are
    GOROOT's and each directory's module (or the directory alone)."""
    goroot = find_goroot(options.go_binary)
    trees = [os.path.join(goroot, "src")] if goroot else []
    alone: list[str] = []
    for directory in directories:
        module = find_module(Path(directory))
        (trees if module else alone).append(str(module.root) if module else directory)
    include_dirs = [os.path.abspath(d) for d in (*options.include_dirs, *standard_include_dirs(options.go_binary))]
    environment: dict[str, object] = {"goroot": goroot, "gomodcache": str(gomodcache()), "include_dirs": include_dirs}
    if options.toolchain:
        go = shutil.which(options.go_binary or "go")
        info = os.stat(go) if go else None
        environment["go"] = [os.path.realpath(go), info.st_size, info.st_mtime_ns] if go and info else None
    return CheckCache.open(options, environment, trees, alone + include_dirs)


@contextmanager
def _no_collection():
    """A check allocates millions of tokens and spans that live until it ends
    and makes few cycles: the cyclic collector's passes over them took 40% of
    a GOROOT check's CPU, for about 5% of memory back. At the end they are
    frozen before the collector is back (reference counting frees them): else
    its first pass walks them all, a second per GOROOT check for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def _unique_sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.column, f.code, f.message, f.arch or ""))


def render(findings: list[Finding], output_format: str) -> str:
    if output_format == "json":
        return json.dumps([_json(f) for f in findings], indent=2, ensure_ascii=False) + "\n"
    if output_format == "sarif":
        return render_sarif(findings)
    if output_format == "github":
        return render_github(findings)
    return "".join(f.text() + "\n" for f in findings)


def summary(files: list[str], findings: list[Finding], options: Options) -> str:
    """One line for a person at a terminal: what was checked and what was found."""
    goarches: set[str] = set()
    for path in files:
        try:
            text = read_text(path)
        except UnreadableFile:
            continue
        goarches.update(c.goarch for c in contexts_for_file(path, text, options.goarches, options.gooses, options.tags))
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    found = ", ".join(f"{n} {severity}{'s' if n != 1 else ''}" for severity, n in sorted(counts.items()))
    arches = ", ".join(sorted(goarches)) if len(goarches) <= 4 else f"{len(goarches)} GOARCHes"
    return (
        f"asm-ls: {len(files)} file{'s' if len(files) != 1 else ''} checked for {arches or 'no GOARCH'}: "
        f"{len(findings)} finding{'s' if len(findings) != 1 else ''}{f' ({found})' if found else ''}"
    )


EDIT_FIELDS = ("path", "line", "column", "end_line", "end_column", "new_text")


def _json(finding: Finding) -> dict:
    fixes = [
        {"title": title, "edits": [dict(zip(EDIT_FIELDS, edit)) for edit in edits]} for title, edits in finding.fixes
    ]
    return {**finding.__dict__, "fixes": fixes}
