"""The engine shared by `asm-ls check` and the server: a file, for each build
context it is built in, preprocessed, parsed and checked; a directory's files
together with their Go side for the package checks.

The Analyzer is a snapshot of the workspace: results are cached until the
caller says what changed (`changed(path)`)."""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from asm_ls.arch import GOARCHES, get_arch
from asm_ls.arch.context import BuildContext, contexts_for_file
from asm_ls.encoding.assemble import note_subject
from asm_ls.engine.assembler import assembler_diagnostics
from asm_ls.engine.cache import READ_EVENT
from asm_ls.engine.explain import ArchesOf, explain
from asm_ls.engine.incremental.check import ContextCheck, WholeCheck, far_apart, quick_check, read_part
from asm_ls.engine.incremental.region import lines_changed
from asm_ls.engine.registry import (
    assembly_package_checks,
    merge_contexts,
    run_checks,
    run_file_checks,
    run_package_checks,
)
from asm_ls.files import ASSEMBLY_SUFFIX, UnreadableFile, read_text
from asm_ls.golang import GoPackage, load_package
from asm_ls.golang.go_asm_header import HEADER_NAME, synthesize
from asm_ls.golang.goroot import standard_include_dirs
from asm_ls.golang.locate import ImportNotFound, import_directory, is_directory
from asm_ls.golang.package_path import assembler_defines, package_import_path
from asm_ls.golang.toolchain import BadOutput, ToolchainError, ToolFailed, go_env
from asm_ls.interrupt import checkpoint
from asm_ls.model import CheckUnit, Diagnostic, PackageUnit, internal_error, with_arch
from asm_ls.syntax.lexer import LexError, Token, tokenize
from asm_ls.syntax.lines import may_depend_on_context
from asm_ls.syntax.preprocess import EmptyInclude, Preprocessed, Preprocessor
from asm_ls.syntax.program import Program, build_program
from asm_ls.syntax.source import SourceFile

MAX_HEADER_BYTES = 4 * 1024 * 1024
_INCLUDE = re.compile(r"^[ \t]*#[ \t]*include", re.MULTILINE)


@dataclass(frozen=True)
class Options:
    include_dirs: tuple[str, ...] = ()
    goarches: tuple[str, ...] | None = None  # None: every GOARCH
    gooses: tuple[str, ...] | None = None  # None: one representative GOOS per GOARCH
    go_binary: str | None = None
    toolchain: bool = False  # also run `go tool asm` and report its errors
    tags: tuple[str, ...] = ()  # extra build tags (`go build -tags`)


def _same_for(preprocessed: Preprocessed, defines: dict[str, str], other: dict[str, str]) -> bool:
    """Whether text preprocessed with `defines` reads the same with `other`:
    it asked about no name the two define differently."""
    if not all(map(may_depend_on_context, (*defines, *other))):
        return False  # a -D name the preprocessor would not have noted
    return all(defines.get(name) == other.get(name) for name in preprocessed.context_names)


@dataclass(eq=False)
class Analyzer:
    options: Options = field(default_factory=Options)
    # Editor buffers by absolute path; they win over the disk.
    overlays: Mapping[str, str] = field(default_factory=dict)
    _headers: dict[str, tuple[tuple, SourceFile | str]] = field(default_factory=dict)
    _units: dict[tuple, CheckUnit] = field(default_factory=dict)
    _go_packages: dict[tuple, GoPackage] = field(default_factory=dict)
    _go_asm_headers: dict[str, SourceFile] = field(default_factory=dict)
    # path -> (stamp, or None for an editor buffer; the text, None when unreadable)
    _sources: dict[str, tuple[tuple[int, int] | None, SourceFile | None]] = field(default_factory=dict)
    # By path, the latest version only (an edited buffer's earlier ones must go).
    _tokens: dict[str, tuple[SourceFile, tuple[list[Token], list[LexError]]]] = field(default_factory=dict)
    _contexts: dict[str, tuple[str, tuple[BuildContext, ...]]] = field(default_factory=dict)
    # A file's preprocessed and parsed text, shared by the build contexts it reads the same in.
    _programs: dict[tuple, list[tuple[dict[str, str], Program]]] = field(default_factory=dict)
    # The last check of each file, by path (check_edit starts from it).
    _whole_checks: dict[str, WholeCheck] = field(default_factory=dict)
    # Files of a package that could not be read in a context (an internal error), for check_directory.
    _unreadable: dict[tuple[BuildContext, str], Diagnostic] = field(default_factory=dict)
    # One line per toolchain problem met, by what it is about; see take_notices.
    notices: dict[str, str] = field(default_factory=dict)
    _told: set[str] = field(default_factory=set)
    # Counts the changes to what reading an assembly file depends on besides its own text
    # (a header, the Go side): results kept by that text are good while it stays.
    generation: int = 0

    def changed(self, path: str) -> None:
        """Forget what depends on path (an edited buffer or a file changed on disk)."""
        path = os.path.abspath(path)
        self._sources.pop(path, None)
        self._unreadable.clear()
        # Another file's change may change what the package checks find in any.
        self._whole_checks = {p: last for p, last in self._whole_checks.items() if p == path}
        if not path.endswith(ASSEMBLY_SUFFIX):
            self.generation += 1
        if path.endswith(".go"):
            self._go_packages.clear()  # types of one package are read by its importers
            self._go_asm_headers.clear()
            self._units.clear()  # go_asm.h follows the Go side
            self._programs.clear()
        elif not path.endswith(ASSEMBLY_SUFFIX):
            self._headers.pop(path, None)
            self._units.clear()
            self._programs.clear()
        else:  # its units are keyed by text: without this, every version typed stayed
            # but the last whole check's, which it keeps anyway: an edit undone (a typo typed and
            # taken back) reads as it did, where reading a generated file again took 0.45 s.
            last = self._whole_checks.get(path)
            kept = {id(checked.unit) for checked in last.per_context} if last is not None else set()
            self._units = {key: unit for key, unit in self._units.items() if key[0] != path or id(unit) in kept}
            programs = {id(unit.program) for unit in self._units.values() if id(unit) in kept}
            self._programs = {
                key: found if key[0] != path else [(used, p) for used, p in found if id(p) in programs]
                for key, found in self._programs.items()
                if key[0] != path or any(id(p) in programs for _, p in found)
            }

    def contexts(self, source: SourceFile) -> list[BuildContext]:
        cached = self._contexts.get(source.path)  # asked for every package unit that lists the file
        if cached is None or cached[0] != source.text:
            options = self.options
            contexts = contexts_for_file(source.path, source.text, options.goarches, options.gooses, options.tags)
            cached = self._contexts[source.path] = (source.text, tuple(contexts))
        return list(cached[1])

    def _lex(self, source: SourceFile) -> tuple[list[Token], list[LexError]]:
        """Tokens of a file, read once for all its build contexts (and a
        header once for every file that includes it)."""
        cached = self._tokens.get(source.path)
        if cached is None or cached[0] is not source:
            cached = self._tokens[source.path] = (source, tokenize(source))
        return cached[1]

    def analyze(self, source: SourceFile, context: BuildContext, **facts) -> CheckUnit:
        key = (os.path.abspath(source.path), source.text, context, tuple(sorted(facts.items())))
        unit = self._units.get(key)
        if unit is None:
            unit = self._units[key] = self._analyze(source, context, facts)
        return unit

    def last_checked(self, path: str, context: BuildContext) -> CheckUnit | None:
        """The unit of path's last whole check in a build context, whatever
        text the file had then: for features that must not wait for the text
        being typed to be analyzed (completion)."""
        last = self._whole_checks.get(os.path.abspath(path))
        if last is not None:
            for checked in last.per_context:
                if checked.unit.context == context:
                    return checked.unit
        return None

    def part(self, source: SourceFile, context: BuildContext, start: int, end: int) -> CheckUnit | None:
        """The whole lines of source from about start to end, read as the whole
        file reads them without reading the rest (an edited buffer's lines,
        for features that keep the rest from the text before): from the
        function before start, in the state the last whole check of the file
        recorded there. None when the text before that function has changed
        since, or the lines #include something."""
        last = self.last_checked(source.path, context)
        if last is None or last.preprocessed.unclosed is not None:
            return None
        resume_at = max((at for at in last.preprocessed.resume_states if at <= start), default=None)
        if resume_at is None:
            return None
        begin = source.text.rfind("\n", 0, resume_at) + 1
        old, new = last.source.text, source.text
        if old[:resume_at] != new[:resume_at] or _INCLUDE.search(new, begin, end):
            return None
        return read_part(last, source, begin, end, resume_at, self)

    def _analyze(self, source: SourceFile, context: BuildContext, facts: dict) -> CheckUnit:
        arch = get_arch(context.goarch)
        main_dir = os.path.dirname(os.path.abspath(source.path))

        def resolve(name: str, including: SourceFile) -> SourceFile | EmptyInclude | str:
            return self._resolve_include(name, main_dir)

        # A caller that knows better (a copy of a file elsewhere) may say which package it is in.
        import_path = facts.get("import_path") or package_import_path(main_dir)
        defines = assembler_defines(context, import_path)
        key = (os.path.abspath(source.path), source.text, import_path)
        found = self._programs.setdefault(key, [])
        program = next((program for used, program in found if _same_for(program.preprocessed, used, defines)), None)
        if program is None:
            preprocessor = Preprocessor(defines, resolve, lambda s: self._lex(s)[0])
            program = build_program(*preprocessor.read(source))
            found.append((defines, program))
        preprocessed = program.preprocessed
        unit = CheckUnit(source, context, arch, preprocessed, program, dict(facts))
        unit.package = PackageUnit(main_dir, import_path, context, arch, [unit], self)
        return unit

    def check(self, source: SourceFile, **facts) -> list[Diagnostic]:
        """Every check, for every build context of the file, merged (with what
        they find in the headers it includes); package checks count with what
        they find in this file.
        With the toolchain option, ToolchainError propagates when go cannot run."""
        contexts = tuple(self.contexts(source))
        checked, failed = [], []
        for context in contexts:
            checkpoint()
            try:
                checked.append(self._check_context(source, context, facts))
            except ToolchainError:
                raise
            except Exception as error:  # a bug reading the file in one context: the others still count
                failed.append(with_arch(internal_error(source, error), context.goarch))
        if not facts and not failed:  # the base an edit of the file is checked from (check_edit)
            self._whole_checks[os.path.abspath(source.path)] = WholeCheck(source, contexts, checked)
        return self.told([*(c.file_findings + c.package_findings for c in checked), failed, run_file_checks(source)])

    def first_look(self, source: SourceFile) -> list[Diagnostic]:
        """What the file's reading and its quicker file checks find (syntax,
        instructions, operands, registers, labels, macros): what an editor
        can show of a large file before the whole check (`check`) has run.
        The reading is kept for the whole check."""
        per_context = []
        for context in self.contexts(source):
            try:
                per_context.append(run_checks(self.analyze(source, context), first_look=True))
            except Exception as error:  # the whole check reports it, in full
                per_context.append([with_arch(internal_error(source, error), context.goarch)])
        return self.told([*per_context, run_file_checks(source)])

    def check_edit(self, source: SourceFile) -> list[Diagnostic] | None:
        """What check(source) finds, worked out from the last check of the
        file when the edit since allows it (asm_ls.engine.incremental.check); None when not."""
        last = self._whole_checks.get(os.path.abspath(source.path))
        if last is None or self.options.toolchain or tuple(self.contexts(source)) != last.contexts:
            return None
        found = quick_check(last, source, self)
        return None if found is None else merge_contexts([found, run_file_checks(source)])

    def edits_far_apart(self, source: SourceFile) -> bool:
        """Whether the file was edited at places far apart since its last whole
        check (check_edit declines: the whole check is the next keystrokes' base)."""
        last = self._whole_checks.get(os.path.abspath(source.path))
        return last is not None and far_apart(lines_changed(last.source.text, source.text))

    def check_directory(
        self, directory: str, paths: list[str] | None = None, part: tuple[int, int] = (0, 1)
    ) -> list[Diagnostic]:
        """Every check of some assembly files of a directory (by default all of
        them), with the package checks, which may also report in its Go files.
        With part (i, n), only the i-th of n shares of the build contexts (a
        large directory checked by several processes; see merge_contexts)."""
        directory = os.path.abspath(directory)
        wanted = {os.path.abspath(p) for p in paths} if paths else set(self.assembly_files(directory))
        per_context = []
        for context in self._share_of_contexts(sorted(wanted), part):
            package = self.package_unit(directory, context)
            found = [
                d
                for unit in package.units
                if os.path.abspath(unit.source.path) in wanted
                for d in self._file_checks(unit)
            ]
            found += [d for (c, path), d in self._unreadable.items() if c == context and path in wanted]
            found += [
                d
                for d in run_package_checks(package)
                if not d.path.endswith(ASSEMBLY_SUFFIX) or os.path.abspath(d.path) in wanted
            ]
            per_context.append(found)
        if part[0] == 0:  # once, whatever the share: no build context changes these
            sources = [s for s in map(self.source, sorted(wanted)) if s is not None]
            per_context += [run_file_checks(source) for source in sources]
        if part[1] == 1:
            return self.told(per_context)
        share = {c.goarch for c in self._share_of_contexts(sorted(wanted), part)}
        return self.told(per_context, lambda path: tuple(a for a in self.goarches_of(path) if a in share))

    def package_diagnostics(self, directory: str, path: str) -> list[Diagnostic]:
        """What the package checks find in one file of the directory (its Go files)."""
        directory = os.path.abspath(directory)
        path = os.path.abspath(path)
        return self.told(
            [d for d in run_package_checks(self.package_unit(directory, c)) if os.path.abspath(d.path) == path]
            for c in self._contexts_of(self.assembly_files(directory))
        )

    def told(self, per_context: Iterable[list[Diagnostic]], arches_of: ArchesOf | None = None) -> list[Diagnostic]:
        """What the build contexts found, each finding once with its GOARCHes,
        told by root cause (asm_ls.engine.explain)."""
        return explain(merge_contexts(per_context), arches_of or self.goarches_of)

    def goarches_of(self, path: str) -> tuple[str, ...]:
        """The GOARCHes path is checked for: an assembly file's build
        contexts', another file's (Go, a header) its directory's assembly's."""
        path = os.path.abspath(path)
        if path.endswith(ASSEMBLY_SUFFIX):
            source = self.source(path)
            contexts = self.contexts(source) if source is not None else []
        else:
            contexts = self._contexts_of(self.assembly_files(os.path.dirname(path)))
        return tuple(sorted({c.goarch for c in contexts}))

    def _contexts_of(self, paths: list[str]) -> list[BuildContext]:
        """Every build context some of the files are built in."""
        sources = [s for s in map(self.source, paths) if s is not None]
        return list(dict.fromkeys(c for s in sources for c in self.contexts(s)))

    def _share_of_contexts(self, paths: list[str], part: tuple[int, int]) -> list[BuildContext]:
        """The i-th of n runs of the files' build contexts, cut so that each
        costs about as much: a context costs its files and, about as much
        as five more, its package (the Go side, the package checks)."""
        index, count = part
        sources = [s for s in map(self.source, paths) if s is not None]
        cost = Counter(c for s in sources for c in self.contexts(s))
        total, before, share = sum(cost.values()) + 5 * len(cost), 0, []
        for context in cost:  # first seen first, as _contexts_of has them
            if index * total <= before * count < (index + 1) * total:
                share.append(context)
            before += cost[context] + 5
        return share

    def _check_context(self, source: SourceFile, context: BuildContext, facts: dict) -> ContextCheck:
        unit = self.analyze(source, context, **facts)
        return ContextCheck(unit, self._file_checks(unit), self.package_findings(unit, **facts))

    def package_findings(
        self, unit: CheckUnit, only: Iterable[str] | None = None, **facts
    ) -> dict[str, list[Diagnostic]]:
        """What each package check (or those named) finds in unit's file, the
        package read with unit standing for that file."""
        assert unit.package is not None, "the analyzer gives every unit it makes its package"
        package = self.package_unit(unit.package.directory, unit.context, including=unit, **facts)
        path = os.path.abspath(unit.source.path)
        wanted = None if only is None else set(only)
        return {
            name: [d for d in run_package_checks(package, unit.source, (check,)) if os.path.abspath(d.path) == path]
            for name, check, _ in assembly_package_checks()
            if wanted is None or name in wanted
        }

    def _file_checks(self, unit: CheckUnit) -> list[Diagnostic]:
        found = run_checks(unit)
        if self.options.toolchain:
            go_env(self.options.go_binary)  # a go that cannot run at all raises (cached): not a per-file matter
            try:
                assembled, notes = assembler_diagnostics(
                    unit.source, unit.context, found, self.options.include_dirs, self.options.go_binary
                )
            except (ToolFailed, BadOutput) as error:  # this file: the others still assemble
                self.notices.setdefault(unit.source.path, f"{unit.source.path} ({unit.context.goarch}): {error}")
            except ToolchainError:
                raise
            except Exception as error:  # a bug around the assembler run: asm-ls's own findings still count
                found.append(with_arch(internal_error(unit.source, error, "go tool asm"), unit.context.goarch))
            else:
                found += assembled
                for note in notes:
                    self.notices.setdefault(note_subject(note), note)
        return found

    def take_notices(self) -> list[str]:
        """What the run noticed about the toolchain since last asked (each once):
        why go_asm.h is asm-ls's stand-in, a `go tool asm` run that failed."""
        new = [subject for subject in self.notices if subject not in self._told]
        self._told.update(new)
        return [self.notices[subject] for subject in new]

    # --- the workspace, as checks see it ----------------------------------

    def read_buffer_as(self, source: SourceFile) -> None:
        """Read an editor buffer as source while the buffer's text is
        source.text: a SourceFile made with the line starts the editor's
        document keeps (counting them again costs tens of ms per edit of a
        huge file, in the first request that reads the buffer)."""
        path = os.path.abspath(source.path)
        if self.overlays.get(path) is source.text:
            self._sources[path] = (None, source)

    def source(self, path: str) -> SourceFile | None:
        """The text of path: the editor's buffer, else the disk; None when unreadable."""
        path = os.path.abspath(path)
        sys.audit(READ_EVENT, path)  # what was read, cached or not (asm_ls.engine.cache records it)
        if path in self.overlays:
            text = self.overlays[path]
            cached = self._sources.get(path)
            if cached is None or cached[1] is None or cached[1].text is not text:
                cached = self._sources[path] = (None, SourceFile(path, text))  # keeps its line index
            return cached[1]
        try:
            info = os.stat(path)
        except OSError:
            return None
        stamp = (info.st_mtime_ns, info.st_size)
        cached = self._sources.get(path)
        if cached is None or cached[0] != stamp:
            try:
                loaded = SourceFile(path, read_text(path))
            except UnreadableFile:
                loaded = None
            cached = self._sources[path] = (stamp, loaded)
        return cached[1]

    def checked_goarches(self) -> tuple[str, ...]:
        """The GOARCHes a run checks (the option's, else every one)."""
        return tuple(self.options.goarches or GOARCHES)

    def assembly_files(self, directory: str) -> list[str]:
        directory = os.path.abspath(directory)
        try:
            names = [os.path.join(directory, n) for n in os.listdir(directory) if n.endswith(ASSEMBLY_SUFFIX)]
        except OSError:
            names = []
        names = [p for p in names if os.path.isfile(p)]  # runtime lists ~1,000 names, 180 of them .s
        names += [p for p in self.overlays if os.path.dirname(p) == directory]
        return sorted(p for p in set(names) if p.endswith(ASSEMBLY_SUFFIX))

    def package_unit(
        self, directory: str, context: BuildContext, including: CheckUnit | None = None, **facts
    ) -> PackageUnit:
        """The directory's assembly in context; `including` stands for its file
        (a buffer being checked that may not be on disk)."""
        directory = os.path.abspath(directory)
        units = [] if including is None else [including]
        for path in self.assembly_files(directory):
            source = self.source(path)
            if including is not None and path == os.path.abspath(including.source.path):
                continue
            if source is not None and context in contexts_for_file(
                path, source.text, [context.goarch], [context.goos], context.tags
            ):
                try:
                    units.append(self.analyze(source, context, **facts))
                except Exception as error:  # a bug reading this file: the package goes on without it
                    failure = with_arch(internal_error(source, error), context.goarch)
                    self._unreadable[(context, path)] = failure
        units.sort(key=lambda u: os.path.abspath(u.source.path))
        known = units[0].package if units else None
        import_path = known.import_path if known is not None else package_import_path(directory)
        return PackageUnit(directory, import_path, context, get_arch(context.goarch), units, self)

    def go_package(self, directory: str, context: BuildContext) -> GoPackage:
        key = (os.path.abspath(directory), context)
        package = self._go_packages.get(key)
        if package is None:
            package = self._go_packages[key] = load_package(directory, context, self.overlays)
        return package

    def import_directory(self, import_path: str, importer: str) -> str | None:
        try:
            found = import_directory(import_path, Path(importer))
        except ImportNotFound:
            return None
        return str(found) if is_directory(found) else None

    # --- includes --------------------------------------------------------

    def _include_dirs(self, main_dir: str) -> list[str]:
        return [main_dir, *self.options.include_dirs, *standard_include_dirs(self.options.go_binary)]

    def _resolve_include(self, name: str, main_dir: str) -> SourceFile | EmptyInclude | str:
        candidates = [name] if os.path.isabs(name) else [os.path.join(d, name) for d in self._include_dirs(main_dir)]
        reasons = []
        for path in candidates:
            if os.path.isdir(path):  # the assembler opens it and reads nothing
                return EmptyInclude(f"{path} is a directory: the assembler reads nothing from it")
            loaded = self._load_header(os.path.normpath(path))
            if isinstance(loaded, SourceFile):
                return loaded
            if loaded is not None:
                reasons.append(f"{path}: {loaded}")
        if name == HEADER_NAME:
            header = self._go_asm_headers.get(main_dir)
            if header is None:  # synthesize checks its directory's Go files each time: ~100 includes per context
                header = self._go_asm_headers[main_dir] = synthesize(main_dir)
            return header
        if reasons:
            return "; ".join(reasons)
        return "file not found in " + ", ".join(os.path.dirname(c) or "." for c in candidates)

    def _load_header(self, path: str) -> SourceFile | str | None:
        """The header at path; an error message when it exists but cannot be
        read; None when there is nothing there."""
        sys.audit(READ_EVENT, path)
        if path in self.overlays:
            return SourceFile(path, self.overlays[path])
        try:
            info = os.stat(path)
        except OSError:
            return None
        stamp = (info.st_mtime_ns, info.st_size, info.st_mode)
        cached = self._headers.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            loaded: SourceFile | str = SourceFile(path, read_text(path, MAX_HEADER_BYTES))
        except UnreadableFile as error:
            loaded = str(error)
        self._headers[path] = (stamp, loaded)
        return loaded
