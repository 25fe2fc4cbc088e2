"""Completion in assembly files: a pure function of (workspace, path, offset).

The context comes from the text of the cursor's line (the document is
mid-edit and may not parse); labels, macros and the enclosing function's
frame come from the file's text and its last analysis."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from asm_ls.arch import Arch, get_arch
from asm_ls.arch.textflag import HEADER as TEXTFLAG_HEADER
from asm_ls.features.completion.context import LineContext, line_context
from asm_ls.features.completion.sources import (
    FUNCDATA_HEADER,
    GO_ASM_HEADER,
    SPECIAL_HEADERS,
    MacroEntry,
    PackageSymbol,
    include_names,
    macro_entries,
    mnemonic_summaries,
    package_symbols,
    register_entries,
    textflags,
)
from asm_ls.features.workspace import Workspace, is_assembly
from asm_ls.golang import ArgFrame, frame_layout
from asm_ls.golang.goroot import standard_include_dirs
from asm_ls.golang.package_path import assembler_defines, package_import_path
from asm_ls.golang.types import Unresolved
from asm_ls.syntax.directives import DIRECTIVES, PREPROCESSOR_DIRECTIVES
from asm_ls.syntax.source import SourceFile, Span

CompletionKind = Literal["mnemonic", "register", "frame", "symbol", "label", "macro", "flag", "include", "directive"]


@dataclass(frozen=True, slots=True)
class CompletionItem:
    label: str
    kind: CompletionKind
    detail: str
    documentation: str  # Markdown, or ""
    edit: tuple[Span, str]  # the word being typed, and what replaces it
    sort_text: str
    filter_text: str


class Completions(list):
    """The items, best first. `incomplete` (LSP isIncomplete) is set when the
    list was cut to MAX_ITEMS or filtered by what is typed: the client should
    ask again as the word grows or shrinks."""

    incomplete: bool = False


MAX_ITEMS = 1000


def complete(workspace: Workspace, path: str, offset: int, text: str | None = None) -> Completions:
    """Completions at a code-point offset of path, whose current text is text
    (by default the workspace's buffer or the disk)."""
    path = os.path.abspath(path)
    completions = Completions()
    if not is_assembly(path):
        return completions
    source = workspace.analyzer.source(path)
    if text is not None and (source is None or source.text != text):
        source = SourceFile(path, text)
    if source is None:
        return completions
    context = line_context(source.text, offset)
    producer = _PRODUCERS.get(context.position)
    if producer is None:
        return completions
    request = _Request(workspace, source, offset, context)
    producer(request)
    found = request.found
    found.sort(key=lambda entry: entry[0])
    completions.extend(
        CompletionItem(label, kind, detail, documentation, edit, sort_text, filter_text)
        for sort_text, label, kind, detail, documentation, edit, filter_text in found[:MAX_ITEMS]
    )
    completions.incomplete = request.filtered or request.truncated or len(found) > MAX_ITEMS
    return completions


# Sort groups: what a context most likely wants first.
_FIRST, _SECOND, _THIRD, _FOURTH = range(4)
_SYMBOL_TAIL = re.compile(r"\s*(?:[+-]\s*\w*\s*)?\(")  # `(SB)` or `+8(SB)` already after the name
_FRAME_TAIL = re.compile(r"\s*(?:[+-]\s*\w*\s*)?\(\s*\w*\s*\)?")
_TEXT_LINE = re.compile(r"[ \t]*(?:[^\W\d]\w*[ \t]*:[ \t]*)*TEXT[ \t]+((?:\w|[\u00b7\u2215])+)(<>)?")
_LABEL_DEFINITIONS = re.compile(r"^[ \t]*((?:[^\W\d]\w*[ \t]*:(?![:=])[ \t]*)+)", re.MULTILINE)
_LABEL_NAME = re.compile(r"([^\W\d]\w*)[ \t]*:")


class _Request:
    def __init__(self, workspace: Workspace, source: SourceFile, offset: int, context: LineContext):
        self.workspace = workspace
        self.source = source
        self.offset = offset
        self.path = source.path
        self.directory = os.path.dirname(source.path)
        self.context = context
        self.found: list[tuple] = []  # the fields of each item, sort text first
        self.filtered = False
        self.truncated = False
        self._patterns: dict[str, re.Pattern] = {}

    @cached_property
    def unit(self):
        """The file's last analysis (may predate the text being typed)."""
        return self.workspace.unit(self.path)

    @cached_property
    def build_contexts(self):
        contexts = self.workspace.analyzer.contexts(self.source)
        return contexts or ([self.unit.context] if self.unit else [])

    @cached_property
    def archs(self) -> list[Arch]:
        """The file's arches when they belong to at most two families (amd64
        and 386, the mips ones); else the one position features read it in."""
        goarches = list(dict.fromkeys(c.goarch for c in self.build_contexts))
        archs = [get_arch(g) for g in goarches]
        if len({a.family for a in archs}) <= 2:
            return archs
        return [self.unit.arch] if self.unit else archs[:1]

    @cached_property
    def import_path(self) -> str:
        return self.unit.package.import_path if self.unit and self.unit.package else package_import_path(self.directory)

    def add(
        self,
        label: str,
        kind: CompletionKind,
        detail: str,
        group: int,
        rank: int = 0,
        new_text: str | None = None,
        documentation: str = "",
        start: int | None = None,
        end: int | None = None,
        filter_text: str | None = None,
    ) -> None:
        """Add an item unless what is typed in its range (before the cursor)
        is not a subsequence of its filter text: long lists (a runtime
        package's go_asm.h has thousands of names) go out filtered. Items are
        made only for what is sent (hence the tuples)."""
        filter_text = filter_text or label
        if len(self.found) >= MAX_ITEMS and not self.context.word:
            # Unfiltered and full: producers add in sort order, so the rest would be cut.
            self.truncated = True
            return
        if start is None and end is None:
            span, typed = self._word_span, self.context.word
        else:
            start = self.context.start if start is None else start
            span = Span(self.source, start, self.context.end if end is None else end)
            typed = self.source.text[start : self.offset]
        prefix = 0
        if typed:
            if self._pattern(typed).search(filter_text) is None:
                self.filtered = True
                return
            # Prefix matches first, for clients that sort by sortText alone.
            prefix = 0 if filter_text[: len(typed)].lower() == typed.lower() else 1
        self.found.append(
            (
                f"{prefix}{group}{rank:05d}{label}",
                label,
                kind,
                detail,
                documentation,
                (span, label if new_text is None else new_text),
                filter_text,
            )
        )

    @cached_property
    def _word_span(self) -> Span:
        return Span(self.source, self.context.start, self.context.end)

    def _pattern(self, typed: str) -> re.Pattern:
        """Matches texts that have typed as a subsequence, ignoring case."""
        pattern = self._patterns.get(typed)
        if pattern is None:
            pattern = self._patterns[typed] = re.compile(".*?".join(map(re.escape, typed)), re.IGNORECASE)
        return pattern

    # --- the enclosing function ------------------------------------------------------

    @cached_property
    def function_line(self) -> int | None:
        """The line of the TEXT whose function the cursor is in."""
        line = self.source.position(self.context.start)[0]
        while line >= 0:
            if "TEXT" in self.source.line_text(line) and _TEXT_LINE.match(self.source.line_text(line)):
                return line
            line -= 1
        return None

    def function_lines(self) -> range:
        first = self.function_line
        if first is None:
            return range(0)
        line = first + 1
        count = len(self.source.line_starts)
        while line < count and not (
            "TEXT" in self.source.line_text(line) and _TEXT_LINE.match(self.source.line_text(line))
        ):
            line += 1
        return range(first, line)

    @cached_property
    def frame(self) -> tuple[ArgFrame, str] | None:
        """The argument frame of the enclosing function, with its Go signature."""
        if self.function_line is None or self.unit is None:
            return None
        match = _TEXT_LINE.match(self.source.line_text(self.function_line))
        assert match is not None, "function_line is a line _TEXT_LINE matches"
        func = self.workspace.signature(
            self.source, self.function_line, match.group(1), bool(match.group(2)), self.unit.context
        )
        if func is None:
            return None
        try:
            frame = frame_layout(func, self.unit.arch)
        except Unresolved:
            return None
        return frame, _signature_text(self.workspace, func)

    def implemented(self) -> frozenset[str]:
        """Names of the package's own symbols this file has a TEXT for."""
        if self.unit is None:
            return frozenset()
        return frozenset(f.name.rpartition("\u00b7")[2] for f in self.unit.program.functions if f.name)

    def labels(self) -> list[str]:
        lines = self.function_lines()
        if not lines:
            return []
        starts = self.source.line_starts
        end = starts[lines.stop] if lines.stop < len(starts) else len(self.source.text)
        region = self.source.text[starts[lines.start] : end]
        names = []
        for match in _LABEL_DEFINITIONS.finditer(region):
            names += _LABEL_NAME.findall(match.group(1))
        return list(dict.fromkeys(names))

    # --- the preprocessor ------------------------------------------------------------

    def macros(self, headers: Iterable[str] = ()) -> list[MacroEntry]:
        """Macros the file defines or includes; those of the flag and
        runtime-metadata headers only when asked for."""
        if self.unit is None:
            return []
        return [m for m in macro_entries(self.unit) if m.header not in SPECIAL_HEADERS or m.header in headers]

    def textflag_header(self) -> str | None:
        if self.unit is not None:
            for include in self.unit.preprocessed.includes:
                if include.name == TEXTFLAG_HEADER and include.path:
                    return include.path
        for directory in self.include_directories()[1:]:
            candidate = os.path.join(directory, TEXTFLAG_HEADER)
            if os.path.isfile(candidate):
                return candidate
        return None

    def include_directories(self) -> list[str]:
        options = self.workspace.analyzer.options
        return [self.directory, *options.include_dirs, *standard_include_dirs(options.go_binary)]


def _signature_text(workspace: Workspace, func) -> str:
    location = func.location
    source = workspace.analyzer.source(location.path) if location else None
    return source.line_text(location.line).strip() if source else f"func {func.name}"


# --- instruction position ---------------------------------------------------------


def _instruction(request: _Request) -> None:
    # Directives and the file's macros first: a thousand mnemonics would bury them.
    for directive in DIRECTIVES.values():
        request.add(directive.name, "directive", f"{directive.syntax}: {directive.summary}", _FIRST)
    # go_asm.h names constants and offsets, never instructions.
    _add_macros(request, [m for m in request.macros() if m.header != GO_ASM_HEADER], _SECOND)
    for mnemonic, summary in mnemonic_summaries(tuple(arch.name for arch in request.archs)):
        request.add(mnemonic, "mnemonic", summary, _THIRD)


# --- operand position -------------------------------------------------------------


def _operand(request: _Request) -> None:
    context = request.context
    mnemonic = context.mnemonic
    immediate = context.operand.startswith("$")
    if context.qualifier is not None:
        _add_symbols(request, _FIRST, defining=mnemonic in ("TEXT", "GLOBL", "DATA") and context.operand_index == 0)
    elif context.in_parentheses:
        _add_frame(request, _FIRST)
        _add_registers(request, _SECOND, pseudo_first=True)
    elif mnemonic in DIRECTIVES:
        _directive_operand(request, mnemonic, immediate)
    elif immediate:
        _add_macros(request, request.macros(), _FIRST)
        _add_symbols(request, _SECOND)
    elif any(mnemonic in arch.jumps for arch in request.archs):
        _add_labels(request, _FIRST)
        _add_symbols(request, _SECOND)
        _add_registers(request, _THIRD)
    else:
        _add_frame(request, _FIRST)
        _add_registers(request, _SECOND)
        _add_macros(request, request.macros(), _THIRD)
        _add_symbols(request, _FOURTH)


def _directive_operand(request: _Request, mnemonic: str, immediate: bool) -> None:
    index = request.context.operand_index
    if index == 0 and mnemonic in ("TEXT", "GLOBL", "DATA"):
        _add_symbols(request, _FIRST, defining=True)
    elif index == 1 and mnemonic in ("TEXT", "GLOBL") and not immediate:
        _add_flags(request)
    elif mnemonic in ("PCDATA", "FUNCDATA") and immediate:
        _add_macros(request, request.macros(headers=(FUNCDATA_HEADER,)), _FIRST)
    elif mnemonic == "FUNCDATA" and index == 1:
        _add_symbols(request, _FIRST)
    elif mnemonic == "TEXT" and immediate:  # `$frame-args`, after the flags or not
        _add_frame_size(request)
    elif mnemonic == "DATA" and index == 1 and immediate:
        _add_macros(request, request.macros(), _FIRST)
        _add_symbols(request, _SECOND)


def _add_registers(request: _Request, group: int, pseudo_first: bool = False) -> None:
    seen: set[str] = set()
    for arch in request.archs:
        for name, description, rank in register_entries(arch.name):
            if name not in seen:
                seen.add(name)
                if pseudo_first:
                    rank = 0 if name in arch.pseudo_registers else rank + 1
                request.add(name, "register", description, group, rank)


def _add_frame(request: _Request, group: int) -> None:
    """`name+off(FP)` for each argument and result and their components,
    replacing the name, offset and parentheses typed so far."""
    context = request.context
    found = request.frame
    start = context.frame_start if context.in_parentheses else context.start
    if found is None or start is None:
        return
    frame, signature = found
    tail = _FRAME_TAIL.match(context.after)
    end = context.end + (tail.end() if tail else 0)
    slots = [slot for top in frame.slots for slot in top.walk()]
    for rank, slot in enumerate(slots):
        label = f"{slot.name}+{slot.offset}(FP)"
        detail = f"{slot.type}, {slot.size} bytes" + (", result" if slot.is_result else "")
        request.add(label, "frame", detail, group, rank, documentation=f"`{signature}`", start=start, end=end)


def _add_frame_size(request: _Request) -> None:
    """`$0-args` for the TEXT line being written, the argument size from the Go side."""
    found = request.frame
    if found is None or found[0].args_size is None:
        return
    frame, signature = found
    context = request.context
    end = context.end + len(context.after) - len(context.after.lstrip(" \t$-0123456789"))
    label = f"$0-{frame.args_size}"
    request.add(
        label,
        "frame",
        f"no local frame, {frame.args_size} bytes of arguments and results",
        _FIRST,
        documentation=f"`{signature}`",
        start=context.operand_start,
        end=end,
    )


def _add_labels(request: _Request, group: int) -> None:
    for rank, name in enumerate(request.labels()):
        request.add(name, "label", "label", group, rank)


def _add_macros(request: _Request, macros: list[MacroEntry], group: int) -> None:
    for macro in macros:
        if request.truncated:
            return
        request.add(macro.name, "macro", macro.detail, group, documentation=macro.documentation)


def _add_flags(request: _Request) -> None:
    header = request.textflag_header()
    if header is None:
        return
    included = f'"{TEXTFLAG_HEADER}"' in request.source.text
    for rank, flag in enumerate(textflags(header)):
        documentation = flag.comment
        if not included:
            documentation += f'\n\nNeeds `#include "{TEXTFLAG_HEADER}"`.'
        request.add(flag.name, "flag", f"{flag.name} = {flag.value}", _FIRST, rank, documentation=documentation.strip())


def _add_symbols(request: _Request, group: int, defining: bool = False) -> None:
    """Package symbols as `·name(SB)` (or `pkg·name(SB)` after a qualifier),
    replacing the name typed so far. On a TEXT line with nothing after the
    name, the frame sizes follow: `·Add(SB), $0-24`."""
    context = request.context
    qualifier = context.qualifier or ""
    if qualifier:
        import_path = qualifier.replace("\u2215", "/")
        directory = request.workspace.package_directory(import_path, request.directory)
        here = None
    else:
        import_path, directory, here = request.import_path, request.directory, request.path
    if directory is None or not request.build_contexts:
        return
    go_context = request.unit.context if request.unit else request.build_contexts[0]
    symbols = package_symbols(request.workspace, directory, import_path, go_context, here)
    has_tail = _SYMBOL_TAIL.match(context.after) is not None
    header = defining and context.mnemonic == "TEXT" and not context.after.strip()
    implemented = request.implemented() if header else frozenset()
    wanted = {"TEXT": "func", "GLOBL": "var", "DATA": "var"}.get(context.mnemonic) if defining else None
    for symbol in symbols:
        static = symbol.name.endswith("<>")
        if qualifier and static:
            continue
        written = symbol.name if static else f"{qualifier}\u00b7{symbol.name}"
        new_text = written if has_tail else written + "(SB)"
        if header:
            new_text += _frame_size_text(request, symbol)
        # Go declarations first (funcs for TEXT, vars for GLOBL and DATA); on a
        # TEXT line, those this file does not implement yet.
        rank = (0 if (wanted in symbol.kinds if wanted else symbol.declared_in_go) else 2) + (
            symbol.name in implemented
        )
        request.add(
            written,
            "symbol",
            symbol.detail,
            group,
            rank,
            new_text=new_text,
            documentation=symbol.documentation,
            filter_text=written if context.qualifier is not None else symbol.name,
        )


def _frame_size_text(request: _Request, symbol: PackageSymbol) -> str:
    if symbol.go_func is None or request.unit is None:
        return ""
    try:
        frame = frame_layout(symbol.go_func, request.unit.arch)
    except Unresolved:
        return ""
    return f", $0-{frame.args_size}" if frame.args_size is not None else ""


# --- preprocessor lines -----------------------------------------------------------


def _include(request: _Request) -> None:
    context = request.context
    closing = "" if context.after.startswith('"') else '"'
    names = include_names(request.include_directories(), context.word, request.path)
    for rank, (name, directory) in enumerate(names):
        new_text = name if name.endswith("/") else name + closing
        request.add(name, "include", directory, _FIRST, rank, new_text=new_text)


def _directive(request: _Request) -> None:
    for rank, (name, detail) in enumerate(PREPROCESSOR_DIRECTIVES.items()):
        request.add(name, "directive", detail, _FIRST, rank)


def _condition(request: _Request) -> None:
    macros = request.macros(headers=SPECIAL_HEADERS)
    _add_macros(request, macros, _FIRST)
    known = {m.name for m in macros}
    for context in request.build_contexts:
        for name in assembler_defines(context, request.import_path):
            if name not in known:
                known.add(name)
                request.add(name, "macro", "defined by go build", _SECOND)


_PRODUCERS = {
    "instruction": _instruction,
    "operand": _operand,
    "include": _include,
    "directive": _directive,
    "condition": _condition,
}
