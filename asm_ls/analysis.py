"""The engine shared by `asm-ls check` and the server: a file, for each build
context it is built in, preprocessed, parsed and checked."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

from asm_ls.arch import get_arch
from asm_ls.assembler_check import assembler_diagnostics
from asm_ls.arch.context import BuildContext, contexts_for_file
from asm_ls.diagnostics import CheckUnit, Diagnostic, merge_contexts, run_checks
from asm_ls.files import UnreadableFile, read_text
from asm_ls.goasm_header import HEADER_NAME, synthesize
from asm_ls.goroot import standard_include_dirs
from asm_ls.package_path import assembler_defines, package_import_path
from asm_ls.syntax.lexer import LexError, Token, tokenize
from asm_ls.syntax.preprocess import EmptyInclude, Preprocessor
from asm_ls.syntax.program import build_program
from asm_ls.syntax.source import SourceFile

MAX_HEADER_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Options:
    include_dirs: tuple[str, ...] = ()
    goarches: tuple[str, ...] | None = None  # None: every GOARCH
    gooses: tuple[str, ...] | None = None  # None: one representative GOOS per GOARCH
    go_binary: str | None = None
    toolchain: bool = False  # also run `go tool asm` and report its errors


@lru_cache(maxsize=4096)
def _lex(source: SourceFile) -> tuple[list[Token], list[LexError]]:
    return tokenize(source)


@dataclass(eq=False)
class Analyzer:
    options: Options = field(default_factory=Options)
    # Editor buffers by absolute path; they win over the disk.
    overlays: Mapping[str, str] = field(default_factory=dict)
    _headers: dict[str, tuple[tuple, SourceFile | str]] = field(default_factory=dict)

    def contexts(self, source: SourceFile) -> list[BuildContext]:
        return contexts_for_file(source.path, source.text, self.options.goarches, self.options.gooses)

    def analyze(self, source: SourceFile, context: BuildContext, **facts) -> CheckUnit:
        arch = get_arch(context.goarch)
        main_dir = os.path.dirname(os.path.abspath(source.path))

        def resolve(name: str, including: SourceFile) -> SourceFile | str:
            return self._resolve_include(name, main_dir)

        # A caller that knows better (a copy of a file elsewhere) may say which package it is in.
        import_path = facts.get("import_path") or package_import_path(main_dir)
        defines = assembler_defines(context, import_path)
        preprocessor = Preprocessor(defines, resolve, lambda s: _lex(s)[0])
        preprocessed = preprocessor.run(source)
        program = build_program(preprocessed)
        return CheckUnit(source, context, arch, preprocessed, program, dict(facts, lex_errors=_lex(source)[1]))

    def check(self, source: SourceFile, **facts) -> list[Diagnostic]:
        """Every check, for every build context of the file, merged.
        With the toolchain option, ToolchainError propagates when go cannot run."""
        return merge_contexts(self._check_context(source, c, facts) for c in self.contexts(source))

    def _check_context(self, source: SourceFile, context: BuildContext, facts: dict) -> list[Diagnostic]:
        found = run_checks(self.analyze(source, context, **facts))
        if self.options.toolchain:
            found += assembler_diagnostics(source, context, found, self.options.include_dirs,
                                           self.options.go_binary)
        return found

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
            return synthesize(main_dir)
        if reasons:
            return "; ".join(reasons)
        return "file not found in " + ", ".join(os.path.dirname(c) or "." for c in candidates)

    def _load_header(self, path: str) -> SourceFile | str | None:
        """The header at path; an error message when it exists but cannot be
        read; None when there is nothing there."""
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
