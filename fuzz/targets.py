"""Fuzz targets: one function per component, each taking the fuzzer's bytes.

A target raises (AssertionError or whatever the engine raised) when an
invariant breaks; the fuzzer reports that input as a crash:
- no exception escapes the engine;
- every range (diagnostic, related information, token, declaration) lies
  inside the document it names;
- the result is deterministic: the same input through the engine again gives
  the same result (checked for one input in DETERMINISM_EVERY, chosen by the
  input's hash, which keeps the fuzzer fast and each input's run repeatable).
Bounded time per input is the fuzzer's `-timeout` (see fuzz/run.py).

Input format, shared by every target so that one seed corpus serves all:
the first byte picks the GOARCH (byte % number of arches); the rest is one
or more files, each after the first introduced by a line `\\x01NAME`
(`\\x01x.go` makes a Go file). The first file is the assembly under test.
"""

from __future__ import annotations

import os
import re
import tempfile
import zlib

from lsprotocol.types import PositionEncodingKind
from pygls.workspace.position_codec import PositionCodec

from asm_ls.arch import GOARCHES, get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.golang import frame_layout, load_package, render_frame
from asm_ls.golang.constant import ConstUnknown, binding_value
from asm_ls.golang.sizes import Sizes, UnknownSize
from asm_ls.golang.source import GoFile, parse_file
from asm_ls.golang.types import resolve
from asm_ls.lsp.convert import to_lsp
from asm_ls.model import Diagnostic
from asm_ls.syntax.lexer import tokenize
from asm_ls.syntax.preprocess import Preprocessor
from asm_ls.syntax.program import build_program
from asm_ls.syntax.source import SourceFile, Span
from asm_ls.syntax.statements import split_statements

FILE_MARK = "\x01"
DETERMINISM_EVERY = 4
MAIN_NAME = "main.s"
# Buffers live in directories that do not exist on disk: every file a target
# sees is an overlay, so nothing is written per input.
WORKDIR = os.path.join(tempfile.gettempdir(), f"asm-ls-fuzz-{os.getpid()}", "pkg")


def split_input(data: bytes) -> tuple[str, dict[str, str]]:
    """(GOARCH, {file name: text}); the assembly under test is MAIN_NAME."""
    goarch = GOARCHES[data[0] % len(GOARCHES)] if data else "amd64"
    text = data[1:].decode("utf-8", errors="replace")
    parts = text.split("\n" + FILE_MARK)
    files = {MAIN_NAME: parts[0]}
    for part in parts[1:]:
        name, _, body = part.partition("\n")
        name = os.path.basename(name.strip()) or "h.h"
        files.setdefault(name, body)
    return goarch, files


# --- invariants ---------------------------------------------------------


def recheck(data: bytes) -> bool:
    """Whether to run this input twice to check determinism."""
    return zlib.crc32(data) % DETERMINISM_EVERY == 0


def check_span(span: Span, documents: dict[str, str], what: str) -> None:
    text = span.source.text
    assert 0 <= span.start <= span.end <= len(text), f"{what}: {span.start}..{span.end} outside 0..{len(text)}"
    line, column, end_line, end_column = span.lines_and_columns()
    lines = text.split("\n")
    assert 0 <= line <= end_line < len(lines), f"{what}: lines {line}..{end_line} of {len(lines)}"
    assert column <= len(lines[line]) and end_column <= len(lines[end_line]), f"{what}: column past its line"
    path = span.source.path
    if path in documents:
        assert text == documents[path], f"{what}: points into a stale copy of {path}"


def _span_key(span: Span) -> tuple:
    return (span.source.path, span.start, span.end)


def diagnostic_key(d: Diagnostic) -> tuple:
    return (
        _span_key(d.span),
        d.code,
        d.message,
        d.severity,
        d.source,
        d.arch,
        d.function,
        tuple((_span_key(r.span), r.message) for r in d.related),
        tuple((f.title, tuple((_span_key(e.span), e.new_text) for e in f.edits)) for f in d.fixes),
    )


_CODECS = [PositionCodec(PositionEncodingKind.Utf16), PositionCodec(PositionEncodingKind.Utf8)]


def check_diagnostics(found: list[Diagnostic], documents: dict[str, str]) -> None:
    for d in found:
        what = f"{d.code} {d.message!r}"
        assert d.message.strip() and d.severity in ("error", "warning", "information", "hint"), what
        check_span(d.span, documents, what)
        for related in d.related:
            check_span(related.span, documents, what + " (related)")
        for fix in d.fixes:
            for edit in fix.edits:
                check_span(edit.span, documents, what + " (fix)")
        for codec in _CODECS:  # what the server sends must convert too
            to_lsp(d, codec, lambda path: "file://" + path)


# --- targets ------------------------------------------------------------


def _resolver(files: dict[str, str], sources: dict[str, SourceFile]):
    def resolve(name: str, including: SourceFile):
        if name in files and name != MAIN_NAME:
            return sources.setdefault(name, SourceFile(os.path.join(WORKDIR, name), files[name]))
        if name == MAIN_NAME:  # a self-include
            return sources[MAIN_NAME]
        return "file not found"

    return resolve


def _preprocess(files: dict[str, str]):
    main = SourceFile(os.path.join(WORKDIR, MAIN_NAME), files[MAIN_NAME])
    sources = {MAIN_NAME: main}
    defines = {"GOARCH_amd64": "1", "GOOS_linux": "1"}
    return Preprocessor(defines, _resolver(files, sources)).run(main)


def _preprocessed_key(result) -> tuple:
    return (
        tuple((t.kind, t.text, _span_key(t.span), t.site and _span_key(t.site)) for t in result.tokens),
        tuple((_span_key(d.span), d.code, d.message) for d in result.diagnostics),
    )


def fuzz_preprocessor(data: bytes) -> None:
    """#include/#define/#ifdef over a set of in-memory files, then statements."""
    _, files = split_input(data)
    documents = {os.path.join(WORKDIR, name): text for name, text in files.items()}
    result = _preprocess(files)
    for token in result.tokens:
        check_span(token.span, documents, f"token {token.text!r}")
        if token.site is not None:
            check_span(token.site, documents, f"site of {token.text!r}")
    for d in result.diagnostics:
        check_span(d.span, documents, f"{d.code} {d.message!r}")
    if recheck(data):
        assert _preprocessed_key(result) == _preprocessed_key(_preprocess(files)), "preprocessor not deterministic"
    program = build_program(result)
    for statement in program.statements:
        for span, message in statement.errors:
            check_span(span, documents, message)


def fuzz_statements(data: bytes) -> None:
    """The lexer, statement splitter and operand grammar on raw text."""
    _, files = split_input(data)
    source = SourceFile(os.path.join(WORKDIR, MAIN_NAME), files[MAIN_NAME])
    documents = {source.path: source.text}
    tokens, errors = tokenize(source)
    for error in errors:
        check_span(error.span, documents, error.message)
    statements = split_statements(tokens)
    for statement in statements:
        for span, message in statement.errors:
            check_span(span, documents, message)
        for operand in statement.operands:
            check_span(operand.span, documents, f"operand {operand.text()!r}")
    if not recheck(data):
        return
    again = split_statements(tokenize(SourceFile(source.path, source.text))[0])
    assert [(s.opcode, [o.text() for o in s.operands], [m for _, m in s.errors]) for s in statements] == [
        (s.opcode, [o.text() for o in s.operands], [m for _, m in s.errors]) for s in again
    ], "not deterministic"


def _go_file_key(go_file: GoFile) -> tuple:
    return (
        go_file.package,
        go_file.imports,
        go_file.funcs,
        go_file.types,
        go_file.vars,
        tuple((c.name, repr(c.value), c.iota, c.location) for c in go_file.consts),
    )


def fuzz_gosource(data: bytes) -> None:
    """The Go-side reader (tree-sitter-go) on arbitrary Go text."""
    text = data.decode("utf-8", errors="replace")
    path = os.path.join(WORKDIR, "x.go")
    go_file = parse_file(path, text)
    lines = text.split("\n")
    declared = [*go_file.funcs, *go_file.types, *go_file.vars, *go_file.consts]
    for declaration in declared:
        location = declaration.location
        if location is None:
            continue
        assert location.path == path, declaration.name
        assert 0 <= location.line < len(lines), f"{declaration.name}: line {location.line} of {len(lines)}"
        assert 0 <= location.start <= location.end <= len(lines[location.line]), (
            f"{declaration.name}: columns {location.start}..{location.end} past line {location.line}"
        )
    if recheck(data):
        assert _go_file_key(go_file) == _go_file_key(parse_file(path, text)), "Go reader not deterministic"


_GO_PACKAGES = [0]  # a fresh directory per input: nothing of an earlier input is cached


def _go_package_facts(goarch: str, files: dict[str, str]) -> list[str]:
    """Every constant's value, declared type's size and bodyless function's
    frame of the input's package (its files are the input's files, all Go),
    as text (ConstUnknown's message when a value cannot be had). Imports of
    the standard library resolve from GOROOT."""
    _GO_PACKAGES[0] += 1
    directory = os.path.join(WORKDIR, f"go{_GO_PACKAGES[0]}")
    overlays = {
        os.path.join(directory, "p.go" if name == MAIN_NAME else os.path.splitext(name)[0] + ".go"): text
        for name, text in files.items()
    }
    arch = get_arch(goarch)
    sizes = Sizes(arch)
    package = load_package(directory, BuildContext(arch.goos[0], goarch), overlays)
    facts = []
    for name, binding in package.consts.items():
        try:
            value = binding_value(binding, sizes)
            facts.append(f"const {name} {value.type.name} {value.text()}")
        except ConstUnknown as error:
            message = str(error)
            assert message.strip() and "\n" not in message, f"const {name}: message {message!r}"
            facts.append(f"const {name}: {message}")
    for name, binding in package.types.items():
        if binding.decl.type_params:
            continue
        typ = resolve(binding.decl.type, binding.scope, sizes)
        try:
            facts.append(f"type {name} {typ.text} size {sizes.sizeof(typ)} align {sizes.alignof(typ)}")
        except UnknownSize as error:
            facts.append(f"type {name}: {error}")
    for name, func in package.funcs.items():
        frame = frame_layout(func, arch)
        facts.append(render_frame(frame))
        if frame.args_size is not None:
            assert all(0 <= slot.offset <= frame.args_size for slot in frame.slots), f"{name}: slot past the frame"
    return [fact.replace(directory, "<dir>") for fact in facts]  # the same input in another directory reads the same


def fuzz_gopackage(data: bytes) -> None:
    """The Go side as the checks use it: a package loaded from the input's Go
    files (first byte: GOARCH), every constant evaluated with the type
    checker's rules, every declared type sized, every bodyless function's
    frame laid out. Constants may only fail with ConstError/ConstUnknown."""
    goarch, files = split_input(data)
    facts = _go_package_facts(goarch, files)
    if recheck(data):
        assert facts == _go_package_facts(goarch, files), "Go side not deterministic"


class _Analyzers:
    """Long-lived Analyzers, one per GOARCH, as the server keeps one: other
    packages (the runtime a CALL reaches) are analyzed once, not per input.
    Each input gets directories of its own, so no cache is stale; each
    Analyzer is replaced after a while so memory stays bounded."""

    LIFETIME = 256

    def __init__(self) -> None:
        self.analyzers: dict[tuple, tuple[Analyzer, dict, int]] = {}
        self.counter = 0

    def run(self, options: Options, files: dict[str, str], method: str):
        """A fresh directory with files as buffers, checked by method; returns
        (diagnostics, documents, directory)."""
        analyzer, overlays, uses = self.analyzers.get(options) or (None, None, self.LIFETIME)
        if uses >= self.LIFETIME:
            overlays = {}
            analyzer, uses = Analyzer(options, overlays=overlays), 0
        self.analyzers[options] = (analyzer, overlays, uses + 1)
        self.counter += 1
        directory = os.path.join(WORKDIR, str(self.counter))
        documents = {os.path.join(directory, name): text for name, text in files.items()}
        overlays.clear()
        overlays.update(documents)
        main = os.path.join(directory, MAIN_NAME)
        if method == "check_directory":
            found = analyzer.check_directory(directory, [main])
        else:
            found = analyzer.check(SourceFile(main, files[MAIN_NAME]))
        return found, documents, directory


_ANALYZERS = _Analyzers()


def _relative_keys(found: list[Diagnostic], directory: str) -> list[tuple]:
    """Diagnostic keys with the input's directory left out of paths and messages."""
    mine = re.compile(re.escape(directory) + r"(?![0-9])")
    return [mine.sub("<dir>", repr(diagnostic_key(d))) for d in found]


def _fuzz_engine(data: bytes, options_for, method: str) -> None:
    goarch, files = split_input(data)
    options = options_for(goarch)
    found, documents, directory = _ANALYZERS.run(options, files, method)
    check_diagnostics(found, documents)
    if not recheck(data):
        return
    # Same input again, with other packages now cached: the same diagnostics.
    again, _, other = _ANALYZERS.run(options, files, method)
    assert _relative_keys(found, directory) == _relative_keys(again, other), "diagnostics not deterministic"


def fuzz_analyzer(data: bytes) -> None:
    """Every check (file and package checks) through the Analyzer, with the
    Go files of the input as the package's Go side."""
    _fuzz_engine(data, lambda goarch: Options(goarches=(goarch,)), "check_directory")


def fuzz_check(data: bytes) -> None:
    """Analyzer.check, as the server calls it for one open buffer, in every
    build context the file names (GOARCH from the first byte and its name)."""
    _fuzz_engine(data, lambda goarch: Options(goarches=(goarch,), gooses=("linux", "windows")), "check")


TARGETS = {
    "preprocessor": fuzz_preprocessor,
    "statements": fuzz_statements,
    "gosource": fuzz_gosource,
    "gopackage": fuzz_gopackage,
    "analyzer": fuzz_analyzer,
    "check": fuzz_check,
}


def warm_up() -> None:
    """Import what the targets load lazily (the checks, the grammar), so that
    the fuzzer instruments it and the first input is not slow."""
    for target in TARGETS.values():
        target(b'\x01#include "textflag.h"\nTEXT \xc2\xb7f(SB),NOSPLIT,$0-8\n\tRET\n\x01x.go\npackage p\n')
