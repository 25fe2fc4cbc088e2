"""Completion in assembly files: a pure function of (workspace, path, offset).

The context comes from the text of the cursor's line (the document is
mid-edit and may not parse); labels, macros and the enclosing function's
frame come from the file's text and its last analysis.

`complete` gives labels, kinds, edits and ranks only, the best MAX_ITEMS
first; `describe` gives an item's detail and documentation when the editor
shows it (LSP completionItem/resolve), from the item's identity: the place
it was offered at, its kind and its label."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Literal

from asm_ls.arch import Arch, get_arch
from asm_ls.arch.textflag import HEADER as TEXTFLAG_HEADER
from asm_ls.features.completion.context import LineContext, line_context
from asm_ls.features.completion.fit import UNKNOWN, OperandFit, operand_fit
from asm_ls.features.completion.sources import (
    FUNCDATA_HEADER,
    SPECIAL_HEADERS,
    MacroEntry,
    Offers,
    PackageSymbol,
    include_names,
    macro_entries,
    mnemonic_summaries,
    mnemonics,
    package_symbols,
    register_entries,
    subsequence_pattern,
    symbol_description,
    textflags,
)
from asm_ls.features.hover.instruction import instruction_markdown
from asm_ls.features.workspace import Workspace, is_assembly
from asm_ls.golang import ArgFrame, frame_layout
from asm_ls.golang.goroot import standard_include_dirs
from asm_ls.golang.package_path import assembler_defines, package_import_path
from asm_ls.golang.types import Unresolved
from asm_ls.isa import lookup
from asm_ls.syntax.directives import DIRECTIVES, PREPROCESSOR_DIRECTIVES
from asm_ls.syntax.source import SourceFile, Span

CompletionKind = Literal["mnemonic", "register", "frame", "symbol", "label", "macro", "flag", "include", "directive"]


@dataclass(frozen=True, slots=True)
class CompletionItem:
    label: str
    kind: CompletionKind
    edit: tuple[Span, str]  # the word being typed (or more), and what replaces it
    sort_text: str
    filter_text: str


@dataclass(frozen=True, slots=True)
class Description:
    detail: str
    documentation: str  # Markdown, or ""


class Completions(list[CompletionItem]):
    """The items, best first. `incomplete` (LSP isIncomplete) is set when the
    list was cut to MAX_ITEMS or filtered by what is typed: the client should
    ask again as the word grows or shrinks. `span` is the word the cursor is
    in, which most items replace."""

    incomplete: bool = False
    span: Span | None = None


# The first list when nothing is typed yet, and at most as many after: the
# candidates run into the thousands (runtime's symbols and go_asm.h names), and
# each item costs time to build, send and read. The list is marked incomplete
# and the client asks again as the user types.
MAX_ITEMS = 100


def complete(workspace: Workspace, path: str, offset: int, text: str | None = None) -> Completions:
    """Completions at a code-point offset of path, whose current text is text
    (by default the workspace's buffer or the disk)."""
    completions = Completions()
    request = _request(workspace, path, offset, text)
    producer = _PRODUCERS.get(request.context.position) if request else None
    if request is None or producer is None:
        return completions
    producer(request)
    found = request.found
    found.sort(key=_first)
    source = request.source
    completions.extend(
        CompletionItem(label, kind, (Span(source, start, end), _text(new_text)), sort_text, filter_text)
        for sort_text, label, kind, start, end, new_text, filter_text in found[:MAX_ITEMS]
    )
    completions.incomplete = request.filtered or request.truncated or len(found) > MAX_ITEMS
    completions.span = request.word_span
    return completions


def describe(
    workspace: Workspace, path: str, offset: int, kind: str, label: str, text: str | None = None
) -> Description | None:
    """The detail and documentation of the item `complete` offered at offset
    with that kind and label (the text may have grown after the offset since)."""
    request = _request(workspace, path, offset, text)
    describer = _DESCRIBERS.get(kind)
    if request is None or describer is None:
        return None
    return describer(request, label)


def _first(entry: tuple) -> str:
    return entry[0]


def _text(new_text: str | Callable[[], str]) -> str:
    """An item's edit text; made only for the items sent when it costs (a frame layout)."""
    return new_text if isinstance(new_text, str) else new_text()


def _request(workspace: Workspace, path: str, offset: int, text: str | None) -> _Request | None:
    path = os.path.abspath(path)
    if not is_assembly(path):
        return None
    source = workspace.analyzer.source(path)
    if text is not None and (source is None or source.text != text):
        source = SourceFile(path, text)
    if source is None:
        return None
    offset = max(0, min(offset, len(source.text)))
    return _Request(workspace, source, offset, line_context(source.text, offset))


_NOTHING: Offers = Offers([], str)
_TIER = 10_000  # ranks a tier apart: more than any list of candidates is long
# Sort groups: what a position most likely wants first.
_FIRST, _SECOND, _THIRD, _FOURTH, _FIFTH, _SIXTH = range(6)
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
        # The fields of each item, sort text first; edits as offsets (Spans are
        # made for the items sent only).
        self.found: list[tuple[str, str, CompletionKind, int, int, str | Callable[[], str], str]] = []
        self.filtered = False
        self.truncated = False
        self._patterns: dict[str, re.Pattern] = {}
        self._worst_kept: str | None = None  # once the list was cut: the sort text of its last item

    @cached_property
    def unit(self):
        """The file's last analysis (may predate the text being typed)."""
        return self.workspace.recent_unit(self.path)

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
    def goarches(self) -> tuple[str, ...]:
        return tuple(arch.name for arch in self.archs)

    @cached_property
    def import_path(self) -> str:
        return self.unit.package.import_path if self.unit and self.unit.package else package_import_path(self.directory)

    @cached_property
    def fit(self) -> OperandFit:
        """What the operand being typed takes, for the arch position features read the file in."""
        mnemonic = self.context.mnemonic
        if not mnemonic or self.unit is None:
            return UNKNOWN
        return operand_fit(self.unit.arch.name, mnemonic, self.context.operand_index)

    def hopeless(self, prefix: int, group: int, rank: int) -> bool:
        """Whether an item of this group and rank, a prefix match (0) or not (1), would be cut."""
        return self._worst_kept is not None and self._worst_kept < f"{prefix}{group}{rank:06d}"

    def full(self, group: int) -> bool:
        """Whether every item of this group would be cut: the list is full
        with better ones (producers skip their candidates then)."""
        return self._worst_kept is not None and self._worst_kept < f"0{group}"

    def add(
        self,
        label: str,
        kind: CompletionKind,
        group: int,
        rank: int = 0,
        new_text: str | Callable[[], str] | None = None,
        start: int | None = None,
        end: int | None = None,
        filter_text: str | None = None,
    ) -> bool:
        """Add an item unless what is typed in its range (before the cursor)
        is not a subsequence of its filter text, or MAX_ITEMS better ones are
        known already (the best are kept as they come, not all then sorted).
        False when it was not added for that last reason."""
        filter_text = filter_text or label
        if start is None and end is None:
            start, end, typed = self.context.start, self.context.end, self.context.word
        else:
            start = self.context.start if start is None else start
            end = self.context.end if end is None else end
            typed = self.source.text[start : self.offset]
        prefix = 0
        if typed:
            if self._pattern(typed).search(filter_text) is None:
                self.filtered = True
                return True
            # Prefix matches first, for clients that sort by sortText alone.
            prefix = 0 if filter_text[: len(typed)].lower() == typed.lower() else 1
        sort_text = f"{prefix}{group}{rank:06d}{label}"
        if self._worst_kept is not None and sort_text >= self._worst_kept:
            self.truncated = True
            return False
        found = self.found
        found.append((sort_text, label, kind, start, end, label if new_text is None else new_text, filter_text))
        if len(found) >= 2 * MAX_ITEMS:
            found.sort(key=_first)
            del found[MAX_ITEMS:]
            self._worst_kept = found[-1][0]
            self.truncated = True
        return True

    @cached_property
    def word_span(self) -> Span:
        return Span(self.source, self.context.start, self.context.end)

    def _pattern(self, typed: str) -> re.Pattern:
        """Matches texts that have typed as a subsequence, ignoring case."""
        pattern = self._patterns.get(typed)
        if pattern is None:
            pattern = self._patterns[typed] = re.compile(subsequence_pattern(typed), re.IGNORECASE)
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

    # --- symbols -----------------------------------------------------------------------

    def symbols(self, qualifier: str | None) -> Offers[PackageSymbol]:
        """The symbols of the package a qualifier names (`·` alone or none: this file's)."""
        if qualifier:
            import_path = qualifier.replace("\u2215", "/")
            directory = self.workspace.package_directory(import_path, self.directory)
            here = None
        else:
            import_path, directory, here = self.import_path, self.directory, self.path
        if directory is None or not self.build_contexts:
            return _NOTHING
        go_context = self.unit.context if self.unit else self.build_contexts[0]
        return package_symbols(self.workspace, directory, import_path, go_context, here)

    # --- the preprocessor ------------------------------------------------------------

    def macros(self, headers: tuple[str, ...] = (), go_asm: bool = True) -> Offers[MacroEntry]:
        """Macros the file defines or includes; those of the flag and
        runtime-metadata headers only when asked for."""
        if self.unit is None:
            return _NOTHING
        return macro_entries(self.unit, headers, go_asm)

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
        request.add(directive.name, "directive", _FIRST)
    # go_asm.h names constants and offsets, never instructions.
    _add_macros(request, request.macros(go_asm=False), _SECOND)
    if request.full(_THIRD):
        request.truncated = True
        return
    for phase in mnemonics(request.goarches).matching(request.context.word):
        for mnemonic in phase:
            if not request.add(mnemonic, "mnemonic", _THIRD):
                break  # cut, and so are the rest of the phase, by name after it


# --- operand position -------------------------------------------------------------


# How Go's assembler spells a call (cmd/asm arch.go): CALL everywhere, BL on the
# ARM and POWER arches and s390x, JAL on the MIPS ones, loong64 and riscv64.
_CALLS = frozenset({"CALL", "BL", "JAL"})


def _operand(request: _Request) -> None:
    context = request.context
    mnemonic = context.mnemonic
    immediate = context.operand.startswith("$")
    if context.qualifier is not None:
        _add_symbols(request, _FIRST, defining=mnemonic in ("TEXT", "GLOBL", "DATA") and context.operand_index == 0)
    elif context.in_parentheses:
        _add_frame(request, _FIRST, _FIRST)
        _add_registers(request, _SECOND, _SECOND, pseudo_first=True)
    elif mnemonic in DIRECTIVES:
        _directive_operand(request, mnemonic, immediate)
    elif immediate:
        _add_macros(request, request.macros(), _FIRST)
        _add_symbols(request, _SECOND)
    elif mnemonic in _CALLS:  # a function, seldom a label
        _add_symbols(request, _FIRST)
        _add_labels(request, _SECOND)
        _add_registers(request, _THIRD, _THIRD)
    elif any(mnemonic in arch.jumps for arch in request.archs):
        _add_labels(request, _FIRST)
        _add_symbols(request, _SECOND)
        _add_registers(request, _THIRD, _THIRD)
    else:
        # What the instruction takes there first: frame slots of the size it
        # moves, registers its operand forms take; then the other slots and
        # registers, the macros, the symbols.
        _add_frame(request, _FIRST, _THIRD)
        _add_registers(request, _SECOND, _FOURTH)
        _add_macros(request, request.macros(), _FIFTH)
        _add_symbols(request, _SIXTH)


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


def _add_registers(request: _Request, fitting: int, other: int, pseudo_first: bool = False) -> None:
    """The registers of the file's arches, commonest first; those the operand
    takes (by the instruction's forms) in the group `fitting`; FP, SB, SP and
    PC first inside parentheses."""
    seen: set[str] = set()
    fit = UNKNOWN if pseudo_first else request.fit
    for arch in request.archs:
        for name, _description, rank in register_entries(arch.name):
            if name not in seen:
                seen.add(name)
                tier = fit.register(name)
                if pseudo_first:
                    rank = 0 if name in arch.pseudo_registers else rank + 1
                elif tier is not None:
                    rank += min(tier, 99) * _TIER
                request.add(name, "register", other if tier is None else fitting, rank)


def _add_frame(request: _Request, fitting: int, other: int) -> None:
    """`name+off(FP)` for each argument and result and their components,
    replacing the name, offset and parentheses typed so far. Slots of the
    size the instruction moves there come first: arguments where it reads
    (the first operand), results where it writes."""
    context = request.context
    found = request.frame
    start = context.frame_start if context.in_parentheses else context.start
    if found is None or start is None:
        return
    frame, _signature = found
    tail = _FRAME_TAIL.match(context.after)
    end = context.end + (tail.end() if tail else 0)
    slots = [slot for top in frame.slots for slot in top.walk()]
    fit = request.fit
    writes = context.operand_index > 0
    for rank, slot in enumerate(slots):
        label = f"{slot.name}+{slot.offset}(FP)"
        fits = fit.slot(slot.size)
        rank += 0 if slot.is_result == writes else len(slots)
        request.add(label, "frame", fitting if fits else other, rank, start=start, end=end)


def _add_frame_size(request: _Request) -> None:
    """`$0-args` for the TEXT line being written, the argument size from the Go side."""
    found = request.frame
    if found is None or found[0].args_size is None:
        return
    context = request.context
    end = context.end + len(context.after) - len(context.after.lstrip(" \t$-0123456789"))
    request.add(f"$0-{found[0].args_size}", "frame", _FIRST, start=context.operand_start, end=end)


def _add_labels(request: _Request, group: int) -> None:
    for rank, name in enumerate(request.labels()):
        request.add(name, "label", group, rank)


def _add_macros(request: _Request, macros: Offers[MacroEntry], group: int) -> None:
    if request.full(group):
        request.truncated = True
        return
    for phase in macros.matching(request.context.word):
        for macro in phase:
            if not request.add(macro.name, "macro", group):
                break  # cut, and so are the rest of the phase, by name after it


def _add_flags(request: _Request) -> None:
    header = request.textflag_header()
    if header is None:
        return
    for rank, flag in enumerate(textflags(header)):
        request.add(flag.name, "flag", _FIRST, rank)


# What a mnemonic most likely names: a function to call or jump to, data to read.
_FUNCTION_KINDS = frozenset({"TEXT", "func"})
_DATA_KINDS = frozenset({"GLOBL", "DATA", "var"})


def _add_symbols(request: _Request, group: int, defining: bool = False) -> None:
    """Package symbols as `·name(SB)` (or `pkg·name(SB)` after a qualifier),
    replacing the name typed so far. The package's own definitions and Go
    declarations come first, those of the kind the mnemonic wants first of
    all; then the names its assembly uses without defining them (Go
    functions with bodies). On a TEXT line with nothing after the name, the
    frame sizes follow: `·Add(SB), $0-24`."""
    if request.full(group):
        request.truncated = True
        return
    context = request.context
    qualifier = context.qualifier or ""
    has_tail = _SYMBOL_TAIL.match(context.after) is not None
    header = defining and context.mnemonic == "TEXT" and not context.after.strip()
    implemented = request.implemented() if header else frozenset()
    wanted = _wanted_kinds(request, defining)
    phases = request.symbols(qualifier).matching(context.word.rpartition("\u00b7")[2])
    for prefix, phase in enumerate(phases):  # names that start with what is typed, then the others
        for symbol in phase:
            if symbol.used_only:
                if defining:
                    continue
                rank = 4
            else:
                rank = (0 if symbol.kinds & wanted else 2) + (symbol.name in implemented)
            static = symbol.name.endswith("<>")
            if (qualifier and static) or request.hopeless(prefix, group, rank):
                continue
            written = symbol.name if static else f"{qualifier}\u00b7{symbol.name}"
            text = written if has_tail else written + "(SB)"
            new_text = partial(_with_frame_size, request, symbol, text) if header else text
            filter_text = written if context.qualifier is not None else symbol.name
            request.add(written, "symbol", group, rank, new_text=new_text, filter_text=filter_text)


def _wanted_kinds(request: _Request, defining: bool) -> frozenset[str]:
    """The symbol kinds the statement's mnemonic most likely names."""
    mnemonic = request.context.mnemonic
    if defining:
        return frozenset({"func"}) if mnemonic == "TEXT" else frozenset({"var"})
    if any(mnemonic in arch.jumps for arch in request.archs):
        return _FUNCTION_KINDS
    if request.context.operand.startswith("$") or request.context.mnemonic == "FUNCDATA":
        return _DATA_KINDS | _FUNCTION_KINDS
    return _DATA_KINDS


def _with_frame_size(request: _Request, symbol: PackageSymbol, text: str) -> str:
    """A TEXT line's symbol followed by its frame size: `·Add(SB), $0-24`."""
    if symbol.go_func is None or request.unit is None:
        return text
    try:
        frame = frame_layout(symbol.go_func, request.unit.arch)
    except Unresolved:
        return text
    return f"{text}, $0-{frame.args_size}" if frame.args_size is not None else text


# --- preprocessor lines -----------------------------------------------------------


def _include(request: _Request) -> None:
    context = request.context
    closing = "" if context.after.startswith('"') else '"'
    names = include_names(request.include_directories(), context.word, request.path)
    for rank, (name, _directory) in enumerate(names):
        new_text = name if name.endswith("/") else name + closing
        request.add(name, "include", _FIRST, rank, new_text=new_text)


def _directive(request: _Request) -> None:
    for rank, name in enumerate(PREPROCESSOR_DIRECTIVES):
        request.add(name, "directive", _FIRST, rank)


def _condition(request: _Request) -> None:
    macros = request.macros(headers=SPECIAL_HEADERS)
    _add_macros(request, macros, _FIRST)
    for name in _build_defines(request):
        if not macros.has_text(name):
            request.add(name, "macro", _SECOND)


def _build_defines(request: _Request) -> list[str]:
    """The names `go build` defines for the file's build contexts (`GOARCH_amd64`...)."""
    found: dict[str, None] = {}
    for context in request.build_contexts:
        found.update(dict.fromkeys(assembler_defines(context, request.import_path)))
    return list(found)


_PRODUCERS = {
    "instruction": _instruction,
    "operand": _operand,
    "include": _include,
    "directive": _directive,
    "condition": _condition,
}


# --- descriptions (completionItem/resolve) ------------------------------------------


def _describe_mnemonic(request: _Request, label: str) -> Description | None:
    summary = dict(mnemonic_summaries(request.goarches)).get(label)
    if summary is None:
        return None
    doc = next(filter(None, (lookup(goarch, label) for goarch in request.goarches)), None)
    return Description(summary, instruction_markdown(doc) if doc else "")


def _describe_directive(request: _Request, label: str) -> Description | None:
    directive = DIRECTIVES.get(label)
    if directive is not None:
        return Description(f"{directive.syntax}: {directive.summary}", "")
    detail = PREPROCESSOR_DIRECTIVES.get(label)
    return Description(detail, "") if detail is not None else None


def _describe_register(request: _Request, label: str) -> Description | None:
    for arch in request.archs:
        for name, description, _rank in register_entries(arch.name):
            if name == label:
                return Description(description, "")
    return None


def _describe_frame(request: _Request, label: str) -> Description | None:
    found = request.frame
    if found is None:
        return None
    frame, signature = found
    documentation = f"`{signature}`"
    if label == f"$0-{frame.args_size}":
        return Description(f"no local frame, {frame.args_size} bytes of arguments and results", documentation)
    for top in frame.slots:
        for slot in top.walk():
            if f"{slot.name}+{slot.offset}(FP)" == label:
                detail = f"{slot.type}, {slot.size} bytes" + (", result" if slot.is_result else "")
                return Description(detail, documentation)
    return None


def _describe_symbol(request: _Request, label: str) -> Description | None:
    qualifier, dot, name = label.rpartition("\u00b7")
    if not dot:  # file-local: name<>
        qualifier, name = "", label
    for symbol in request.symbols(qualifier):
        if symbol.name == name:
            return Description(*symbol_description(request.workspace, symbol))
    return None


def _describe_label(request: _Request, label: str) -> Description | None:
    return Description("label", "") if label in request.labels() else None


def _describe_macro(request: _Request, label: str) -> Description | None:
    for macro in request.macros(headers=SPECIAL_HEADERS):
        if macro.name == label:
            return Description(macro.detail, macro.documentation)
    if label in _build_defines(request):
        return Description("defined by go build", "")
    return None


def _describe_flag(request: _Request, label: str) -> Description | None:
    header = request.textflag_header()
    flag = next((f for f in textflags(header) if f.name == label), None) if header else None
    if flag is None:
        return None
    documentation = flag.comment
    if f'"{TEXTFLAG_HEADER}"' not in request.source.text:
        documentation += f'\n\nNeeds `#include "{TEXTFLAG_HEADER}"`.'
    return Description(f"{flag.name} = {flag.value}", documentation.strip())


def _describe_include(request: _Request, label: str) -> Description | None:
    for name, directory in include_names(request.include_directories(), label, request.path):
        if name == label:
            return Description(directory, "")
    return None


_DESCRIBERS = {
    "mnemonic": _describe_mnemonic,
    "directive": _describe_directive,
    "register": _describe_register,
    "frame": _describe_frame,
    "symbol": _describe_symbol,
    "label": _describe_label,
    "macro": _describe_macro,
    "flag": _describe_flag,
    "include": _describe_include,
}
