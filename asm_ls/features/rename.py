"""Rename: TEXT/GLOBL/DATA symbols with their Go declaration and Go uses,
labels within their function, macros (in the files that see them), the file
name of `#include` lines, and FP argument names with the Go parameter.

`prepare_rename` says what the cursor is on and what part of it is renamed;
`rename` makes the edits (in any file: the server never writes them). Both
raise RenameError, with words for the user, where the rename is not safe:
something defined in GOROOT or the module cache, a name that would collide,
a macro of textflag.h. Pure functions of (workspace, path, offset)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from asm_ls.arch import get_arch
from asm_ls.arch.textflag import HEADER as TEXTFLAG_HEADER
from asm_ls.features.index import qualified_reference
from asm_ls.features.navigation import go_symbol, parameter_name
from asm_ls.features.target import Target, target_at
from asm_ls.features.workspace import Workspace, is_assembly
from asm_ls.golang import frame_layout
from asm_ls.golang.package import guess_package_name
from asm_ls.golang.source import parse_file
from asm_ls.golang.types import Unresolved
from asm_ls.golang.uses import function_parameters, local_declarations, package_name_uses, top_level_names
from asm_ls.isa import documented_mnemonics
from asm_ls.model import CheckUnit, Edit
from asm_ls.syntax import ast
from asm_ls.syntax.directives import PSEUDO_OPS, PSEUDO_REGISTERS
from asm_ls.syntax.lexer import tokenize
from asm_ls.syntax.linkname import MIDDLE_DOT, split_linker_name
from asm_ls.syntax.preprocess import MacroDefinition
from asm_ls.syntax.program import Function
from asm_ls.syntax.source import SourceFile, Span

_IDENTIFIER = re.compile(r"[^\W\d]\w*")


class RenameError(Exception):
    """Why this rename cannot be done, said to the user."""


@dataclass(frozen=True)
class Renaming:
    """What prepareRename answers: the part of the document that is renamed and its current name."""

    span: Span
    placeholder: str
    kind: str  # symbol, label, macro, include, parameter


def prepare_rename(workspace: Workspace, path: str, offset: int) -> Renaming | None:
    """The name under the cursor that can be renamed; None where there is
    none (a mnemonic, a register, a comment); RenameError where renaming it
    is not safe."""
    return _resolve(workspace, path, offset).renaming


def rename(workspace: Workspace, path: str, offset: int, new_name: str) -> list[Edit]:
    """The edits renaming what is under the cursor to new_name, in every file
    it is written in; RenameError when it cannot be renamed so."""
    resolved = _resolve(workspace, path, offset)
    if resolved.renaming is None:
        raise RenameError(
            "there is nothing to rename here: put the cursor on a symbol, label, macro, "
            "#include name or name+off(FP) argument"
        )
    edits = resolved.edits(new_name.strip())
    unique = {(os.path.abspath(e.span.source.path), e.span.start, e.span.end): e for e in edits}
    return sorted(unique.values(), key=lambda e: (e.span.source.path, e.span.start))


# --- what the cursor is on --------------------------------------------------------------


class _Rename:
    renaming: Renaming | None = None

    def edits(self, new: str) -> list[Edit]:
        raise NotImplementedError


class _Nothing(_Rename):
    pass


def _resolve(workspace: Workspace, path: str, offset: int) -> _Rename:
    if not is_assembly(path):
        found = go_symbol(workspace, path, offset)
        if found is None:
            return _Nothing()
        qualified, directory, span = found
        return _SymbolRename(
            workspace, qualified, directory, Renaming(span, span.source.text[span.start : span.end], "symbol")
        )
    unit = workspace.unit(path)
    target = target_at(unit, offset) if unit else None
    if unit is None or target is None:
        return _Nothing()
    if target.kind == "symbol" and target.symbol is not None and target.symbol.pseudo == "SB":
        return _symbol(workspace, unit, target)
    if target.kind == "frame" and target.symbol is not None and target.symbol.pseudo == "FP":
        return _ParameterRename(workspace, unit, target)
    if target.kind == "label":
        return _LabelRename(workspace, unit, target)
    if target.kind in ("macro", "flag"):
        return _MacroRename(workspace, unit, target)
    if target.kind == "include":
        return _IncludeRename(workspace, unit, target)
    return _Nothing()


def _check_identifier(new: str, what: str) -> str:
    new = new.removeprefix(MIDDLE_DOT)
    if not _IDENTIFIER.fullmatch(new):
        raise RenameError(f"{new or 'an empty name'!r} is not a valid {what} name: use letters, digits and _")
    return new


def _refuse_read_only(workspace: Workspace, name: str, paths: Iterable[str]) -> None:
    for path in paths:
        reason = workspace.read_only_reason(path)
        if reason is not None:
            raise RenameError(f"{name} cannot be renamed: {reason}")


def _where(span: Span) -> str:
    return f"{os.path.basename(span.source.path)}:{span.lines_and_columns()[0] + 1}"


def _reserved(unit: CheckUnit, new: str, what: str) -> None:
    """A label or macro spelled like a register or an instruction would change what lines mean."""
    if unit.arch.is_register(new) or new in PSEUDO_REGISTERS:
        raise RenameError(f"{new} is a register on {unit.arch.name}: a {what} cannot be called that")
    if new in PSEUDO_OPS or new in unit.arch.mnemonics or new in documented_mnemonics(unit.arch.name):
        raise RenameError(f"{new} is an instruction on {unit.arch.name}: a {what} cannot be called that")


# --- symbols ------------------------------------------------------------------------------


def _symbol(workspace: Workspace, unit: CheckUnit, target: Target) -> _Rename:
    assert target.symbol is not None, "target_at gives a symbol target its SymbolRef"
    qualified = qualified_reference(unit, target.symbol)
    written = target.span.source.text[target.span.start : target.span.end]
    dot = written.rfind(MIDDLE_DOT) + 1
    span = Span(target.span.source, target.span.start + dot, target.span.end)
    directory = os.path.dirname(os.path.abspath(unit.source.path))
    return _SymbolRename(workspace, qualified, directory, Renaming(span, written[dot:], "symbol"))


class _SymbolRename(_Rename):
    def __init__(self, workspace: Workspace, qualified: str, importer: str, renaming: Renaming):
        self.workspace = workspace
        self.qualified = qualified
        self.importer = importer
        self.renaming = renaming
        self.static = ":" in qualified and os.path.isabs(qualified.partition(":")[0])
        if self.static:
            self.import_path, self.name = "", qualified.partition(":")[2]
        else:
            self.import_path, self.name = split_linker_name(qualified)
        self.directory = workspace.package_directory(self.import_path, importer) if not self.static else None
        if self.directory is not None:
            workspace.ensure_package_indexed(self.directory)
        self.definitions = workspace.index.definitions(qualified)
        if not self.definitions:
            raise RenameError(
                f"{renaming.placeholder} is not defined in the workspace's assembly: rename it where it is defined"
            )
        _refuse_read_only(workspace, renaming.placeholder, (d.span.source.path for d in self.definitions))
        _refuse_read_only(workspace, renaming.placeholder, (s.path for s in self._go_declarations()))

    # The Go side: the package's files (all of them: build tags do not matter to a rename).

    def _package_go_files(self) -> list[SourceFile]:
        if self.static or self.directory is None:
            return []
        sources = (self.workspace.analyzer.source(p) for p in _go_files(self.directory))
        return [s for s in sources if s is not None]

    def _go_declarations(self) -> list[SourceFile]:
        return [s for s in self._package_go_files() if self.name in top_level_names(s.text)]

    def _importers(self) -> Iterator[tuple[SourceFile, str]]:
        """Go files of other indexed packages that import this one, with the name they give it."""
        if self.static or self.directory is None:
            return
        directories = {os.path.dirname(path) for path in self.workspace.index.files}
        for directory in sorted(directories - {os.path.abspath(self.directory)}):
            for path in _go_files(directory):
                source = self.workspace.analyzer.source(path)
                if source is None or f'"{self.import_path}"' not in source.text:
                    continue
                for spec in parse_file(path, source.text).imports:
                    if spec.path == self.import_path:
                        yield source, spec.alias or guess_package_name(self.import_path)

    def edits(self, new: str) -> list[Edit]:
        new = _check_identifier(new, "symbol")
        if new == self.name:
            return []
        qualified = self.qualified[: -len(self.name)] + new
        taken = self.workspace.index.definitions(qualified)
        if taken:
            raise RenameError(f"{new} is already defined at {_where(taken[0].span)}")
        edits = [
            Edit(site.span, _respelled(site.span, new))
            for site in (*self.definitions, *self.workspace.index.uses(self.qualified))
        ]
        for site in self.definitions:
            if site.kind == "TEXT":
                edits += _comment_signature(site.span.source, site.span.start, self.name, new)
        package_files = self._package_go_files()
        for source in package_files:
            declared = top_level_names(source.text).get(new)
            if declared is not None:
                place = _where(Span(source, declared.start, declared.end))
                raise RenameError(f"{new} is already declared in Go at {place}")
            uses = package_name_uses(source.text, self.name, None)
            shadowed = local_declarations(source.text, self.name) if uses else []
            if shadowed:
                place = _where(Span(source, shadowed[0].start, shadowed[0].end))
                raise RenameError(f"{self.name} is also a local name at {place}: rename that one first")
            edits += [Edit(Span(source, i.start, i.end), new) for i in uses]
            edits += _linknames(source, self.qualified, self.import_path, new)
        outside = False
        for source, qualifier in self._importers():
            uses = package_name_uses(source.text, self.name, qualifier)
            outside = outside or bool(uses)
            edits += [Edit(Span(source, i.start, i.end), new) for i in uses]
            edits += _linknames(source, self.qualified, self.import_path, new)
        here = os.path.abspath(self.directory) if self.directory else None
        outside = outside or any(
            os.path.dirname(os.path.abspath(u.span.source.path)) != here
            for u in self.workspace.index.uses(self.qualified)
        )
        if outside and self.name[:1].isupper() and not new[:1].isupper():
            raise RenameError(f"{new} would be unexported, but other packages use {self.name}")
        for edit in edits:
            _refuse_read_only(
                self.workspace, self.renaming.placeholder if self.renaming else self.name, [edit.span.source.path]
            )
        return edits


def _comment_signature(source: SourceFile, text_offset: int, name: str, new: str) -> list[Edit]:
    """The name in a `// func name(...)` line of the comment block right above a TEXT."""
    pattern = re.compile(rf"//\s*func\s+(?P<name>{re.escape(name)})\s*\(")
    edits = []
    for line, text in _comment_above(source, text_offset):
        found = pattern.search(text)
        if found is not None:
            start = source.offset(line, 0)
            edits.append(Edit(Span(source, start + found.start("name"), start + found.end("name")), new))
    return edits


def _comment_above(source: SourceFile, offset: int) -> Iterator[tuple[int, str]]:
    """(line, text) of the `//` lines right above the line at offset, nearest first."""
    line = source.position(offset)[0] - 1
    while line >= 0:
        text = source.line_text(line)
        if not text.lstrip().startswith("//"):
            return
        yield line, text
        line -= 1


def _respelled(span: Span, new: str) -> str:
    """A written symbol with its name replaced: `pkg·Old` -> `pkg·New`."""
    written = span.source.text[span.start : span.end]
    return written[: written.rfind(MIDDLE_DOT) + 1] + new


def _linknames(source: SourceFile, qualified: str, import_path: str, new: str) -> list[Edit]:
    """`//go:linkname local path.Name` lines naming the symbol."""
    pattern = re.compile(
        rf"//go:linkname[ \t]+\S+[ \t]+{re.escape(import_path)}\.(?P<name>{re.escape(qualified.rpartition('.')[2])})\b"
    )
    return [Edit(Span(source, m.start("name"), m.end("name")), new) for m in pattern.finditer(source.text)]


def _go_files(directory: str) -> list[str]:
    try:
        return sorted(os.path.join(directory, n) for n in os.listdir(directory) if n.endswith(".go"))
    except OSError:
        return []


# --- labels -----------------------------------------------------------------------------


class _LabelRename(_Rename):
    def __init__(self, workspace: Workspace, unit: CheckUnit, target: Target):
        self.unit = unit
        self.target = target
        self.spans = list(_label_spans(unit, target))
        if not any(span.start == target.span.start for span in self.spans):
            return  # a jump to a label the function does not define: nothing to rename with it
        self.renaming = Renaming(target.span, target.name, "label")

    def edits(self, new: str) -> list[Edit]:
        new = _check_identifier(new.removeprefix(MIDDLE_DOT), "label")
        if new == self.target.name:
            return []
        _reserved(self.unit, new, "label")
        function = self.target.function
        for statement in function.statements if function else []:
            for label in statement.labels:
                if label.text == new:
                    raise RenameError(
                        f"{function.name if function else 'the file'} already has a label {new} at {_where(label.span)}"
                    )
        if any(d.name == new for d in self.unit.preprocessed.definitions):
            raise RenameError(f"{new} is a macro here: a label of that name would be expanded")
        return [Edit(span, new) for span in self.spans]


def _label_spans(unit: CheckUnit, target: Target) -> Iterator[Span]:
    here = os.path.abspath(unit.source.path)
    for statement in target.function.statements if target.function else []:
        for label in statement.labels:
            if label.text == target.name and label.site is None and os.path.abspath(label.span.source.path) == here:
                yield label.span
        if statement.word in unit.arch.jumps:
            for operand in statement.operands:
                value = operand.value
                if isinstance(value, ast.Name) and value.text == target.name:
                    token = operand.tokens[value.at]
                    if token.site is None and os.path.abspath(token.span.source.path) == here:
                        yield token.span


# --- macros -----------------------------------------------------------------------------


class _MacroRename(_Rename):
    """A macro's definitions (alternatives under #ifdef count as one macro),
    uses, mentions in #ifdef/#ifndef/#undef and in other macros' bodies, in
    the files that see it: the file defining it, or the header and every
    assembly file of the workspace that includes it."""

    def __init__(self, workspace: Workspace, unit: CheckUnit, target: Target):
        macro = target.macro
        assert macro is not None, "target_at gives a macro or flag target its definition"
        self.workspace = workspace
        self.unit = unit
        self.name = macro.name
        where = macro.name_span.source.path
        if target.kind == "flag" or os.path.basename(where) == TEXTFLAG_HEADER:
            raise RenameError(f"{macro.name} is a flag of textflag.h, which is part of Go: it cannot be renamed")
        _refuse_read_only(workspace, macro.name, [where])
        if not workspace.owns(where):
            raise RenameError(f"{macro.name} cannot be renamed: it is defined in {where}, outside the workspace")
        self.units = self._units_seeing(macro)
        definitions = [d for u in self.units for d in u.preprocessed.definitions if d.name == macro.name]
        _refuse_read_only(workspace, macro.name, (d.name_span.source.path for d in definitions))
        self.files = self._files(definitions)
        self.renaming = Renaming(target.span, macro.name, "macro")

    def _units_seeing(self, macro: MacroDefinition) -> list[CheckUnit]:
        header = os.path.abspath(macro.name_span.source.path)
        if is_assembly(header):
            paths = [header]
        else:
            paths = [p for p, entry in self.workspace.index.files.items() if self.workspace.owns(p)]
            paths = sorted({*paths, os.path.abspath(self.unit.source.path)})
        units = []
        for path in paths:
            source = self.workspace.analyzer.source(path)
            if source is None or (path != header and macro.name not in source.text):
                continue
            for unit in self.workspace.units(path):
                if path == header or any(
                    i.path and os.path.abspath(i.path) == header for i in unit.preprocessed.includes
                ):
                    units.append(unit)
        return units

    def _files(self, definitions: list[MacroDefinition]) -> list[SourceFile]:
        """The files the macro is written in: the units' own and the headers defining it."""
        sources: dict[str, SourceFile] = {}
        for unit in self.units:
            sources.setdefault(os.path.abspath(unit.source.path), unit.source)
        for definition in definitions:
            source = definition.name_span.source
            sources.setdefault(os.path.abspath(source.path), source)
        return list(sources.values())

    def edits(self, new: str) -> list[Edit]:
        new = _check_identifier(new, "macro")
        if new == self.name:
            return []
        for unit in self.units:
            _reserved(unit, new, "macro")
            for definition in unit.preprocessed.definitions:
                if definition.name == new:
                    raise RenameError(f"{new} is already a macro, defined at {_where(definition.name_span)}")
        edits = []
        for source in self.files:
            clash = next(_idents(source, new), None)
            if clash is not None:
                raise RenameError(f"{new} is already used at {_where(clash)}: it would become the macro")
            edits += [Edit(span, new) for span in _macro_mentions(source, self.name)]
        for unit in self.units:
            for use in unit.preprocessed.uses:
                if use.macro.name == self.name and self.workspace.owns(use.span.source.path):
                    edits.append(Edit(use.span, new))
        return edits


def _idents(source: SourceFile, name: str) -> Iterator[Span]:
    for token in tokenize(source)[0]:
        if token.kind == "IDENT" and token.text == name:
            yield token.span


def _macro_mentions(source: SourceFile, name: str) -> Iterator[Span]:
    """The name in `#define`, `#undef`, `#ifdef` and `#ifndef` lines and in
    macro bodies (not where it is a parameter of the macro being defined)."""
    tokens = tokenize(source)[0]
    i = 0
    at_line_start = True
    while i < len(tokens):
        token = tokens[i]
        if at_line_start and token.kind == "HASH" and i + 2 < len(tokens) and tokens[i + 1].kind == "IDENT":
            directive, subject = tokens[i + 1].text, tokens[i + 2]
            i += 2
            if subject.kind == "IDENT":
                i += 1
                if subject.text == name and directive in ("define", "undef", "ifdef", "ifndef"):
                    yield subject.span
            if directive == "define" and subject.kind == "IDENT":
                params: set[str] = set()
                if i < len(tokens) and tokens[i].kind == "LPAR" and tokens[i].span.start == subject.span.end:
                    while i < len(tokens) and tokens[i].kind not in ("RPAR", "NEWLINE"):
                        if tokens[i].kind == "IDENT":
                            params.add(tokens[i].text)
                        i += 1
                    i += 1
                while i < len(tokens) and tokens[i].kind != "NEWLINE":
                    body = tokens[i]
                    if body.kind == "BACKSLASH" and i + 1 < len(tokens):
                        i += 2  # a continued line (or an escaped backslash)
                        continue
                    if body.kind == "IDENT" and body.text == name and name not in params:
                        yield body.span
                    i += 1
            while i < len(tokens) and tokens[i].kind != "NEWLINE":
                i += 1
            continue
        at_line_start = token.kind == "NEWLINE"
        i += 1


# --- #include names -----------------------------------------------------------------------


class _IncludeRename(_Rename):
    """The file name in every `#include` of the same file in the workspace
    (the file itself is not renamed)."""

    def __init__(self, workspace: Workspace, unit: CheckUnit, target: Target):
        include = target.include
        assert include is not None, "target_at gives an include target its #include"
        self.workspace = workspace
        self.name = include.name
        self.resolved = os.path.abspath(include.path) if include.path else None
        if self.resolved is not None:
            _refuse_read_only(workspace, f'#include "{include.name}"', [self.resolved])
        span = include.span
        self.renaming = Renaming(Span(span.source, span.start + 1, span.end - 1), include.name, "include")
        self.unit = unit

    def edits(self, new: str) -> list[Edit]:
        if not new or any(c in new for c in '"\n\\'):
            raise RenameError(f"{new!r} is not a file name an #include can hold")
        paths = {os.path.abspath(self.unit.source.path)} | {
            p for p in self.workspace.index.files if self.workspace.owns(p)
        }
        edits = []
        for path in sorted(paths):
            source = self.workspace.analyzer.source(path)
            if source is None or self.name not in source.text:
                continue
            for unit in self.workspace.units(path):
                for include in unit.preprocessed.includes:
                    same = (os.path.abspath(include.path) if include.path else None) == self.resolved
                    if include.name == self.name and same and self.workspace.owns(include.span.source.path):
                        span = include.span
                        edits.append(Edit(Span(span.source, span.start + 1, span.end - 1), new))
        return edits


# --- FP arguments -------------------------------------------------------------------------


class _ParameterRename(_Rename):
    """`x+8(FP)` (and `x_len+8(FP)`...) in every TEXT implementing the
    function, the parameter in its Go declaration(s), and in the `// func`
    comments above the TEXTs."""

    def __init__(self, workspace: Workspace, unit: CheckUnit, target: Target):
        function = target.function
        if function is None or function.symbol is None:
            return
        self.workspace = workspace
        self.function = function
        func = workspace.function_signature(unit, function)
        if func is None:
            raise RenameError(
                f"{target.name} cannot be renamed: {function.name} has no Go declaration "
                "or // func comment naming its parameters"
            )
        self.func = func
        parameter = parameter_name(func, target.name)
        if parameter is None:
            unnamed = target.name.split("_")[0]
            if unnamed.rstrip("0123456789") in ("arg", "ret"):
                raise RenameError(
                    f"{unnamed} is an unnamed parameter or result of {func.name}: name it in the Go declaration first"
                )
            raise RenameError(f"{target.name} is not a parameter or result of {func.name}")
        self.parameter = parameter
        self.qualified = qualified_reference(unit, function.symbol)
        self.unit = unit
        if func.location is not None:
            _refuse_read_only(workspace, parameter, [func.location.path])
        span = target.span
        self.renaming = Renaming(Span(span.source, span.start, span.start + len(parameter)), parameter, "parameter")

    def _slot_owner(self, arch_name: str):
        """slot name -> the top-level parameter it belongs to, for one arch; None when unknown."""
        try:
            frame = frame_layout(self.func, get_arch(arch_name))
        except Unresolved:
            return None
        return {slot.name: top.name for top in frame.slots for slot in top.walk()}

    def edits(self, new: str) -> list[Edit]:
        new = _check_identifier(new, "parameter")
        if new == self.parameter:
            return []
        names = [p.name for p in (*self.func.params, *self.func.results) if p.name]
        if new in names:
            raise RenameError(f"{self.func.name} already has a parameter or result called {new}")
        owners = self._slot_owner(self.unit.arch.name) or {}
        for slot, owner in owners.items():
            if owner != self.parameter and (slot == new or slot.startswith(new + "_")):
                raise RenameError(f"{new} would be confused with {slot}+…(FP), part of {owner}")
        edits: list[Edit] = []
        texts: set[str] = set()
        for site in self.workspace.index.definitions(self.qualified):
            if site.kind != "TEXT" or site.span.source.path in texts:
                continue
            texts.add(site.span.source.path)
            for unit in self.workspace.units(site.span.source.path):
                owners = self._slot_owner(unit.arch.name)
                for function in unit.program.functions:
                    if function.symbol is not None and qualified_reference(unit, function.symbol) == self.qualified:
                        edits += self._frame_edits(unit, function, owners, new)
                        edits += self._comment_edits(unit, function, new)
        declaration = self.func.location
        if declaration is not None:
            for path in _go_files(os.path.dirname(declaration.path)):
                source = self.workspace.analyzer.source(path)
                if source is None or self.func.name not in source.text:
                    continue
                edits += [
                    Edit(Span(source, p.start, p.end), new)
                    for p in function_parameters(source.text, self.func.name)
                    if p.name == self.parameter
                ]
        for edit in edits:
            _refuse_read_only(self.workspace, self.parameter, [edit.span.source.path])
        return edits

    def _frame_edits(self, unit: CheckUnit, function: Function, owners, new: str) -> Iterator[Edit]:
        for statement in function.statements:
            for operand in statement.operands:
                value = operand.value
                if not isinstance(value, ast.SymbolRef) or value.pseudo != "FP" or value.static:
                    continue
                name = value.name
                owner = owners.get(name) if owners else parameter_name(self.func, name)
                if owner == self.parameter and name.startswith(self.parameter):
                    token = operand.tokens[value.at]
                    yield Edit(Span(token.span.source, token.span.start, token.span.start + len(self.parameter)), new)

    def _comment_edits(self, unit: CheckUnit, function: Function, new: str) -> Iterator[Edit]:
        """The parameter in a `// func name(...)` line of the comment right above the TEXT."""
        source = unit.source
        signature = re.compile(rf"//\s*func\s+{re.escape(self.func.name)}\s*\(")
        word = re.compile(rf"(?<![\w.]){re.escape(self.parameter)}(?!\w)")
        for line, text in _comment_above(source, function.text.span.start):
            found = signature.search(text)
            if found is not None:
                start = source.offset(line, 0)
                for match in word.finditer(text, found.end()):
                    yield Edit(Span(source, start + match.start(), start + match.end()), new)
