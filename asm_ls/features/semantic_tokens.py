"""Semantic tokens: what each word of a Go assembly file is, for themes to
color beyond what a TextMate grammar can tell (a name in operand position is
a register, a label, a symbol or a macro only once the file is read).

Types are LSP's standard ones, so every theme colors them; modifiers say
more: a register's kind from the arch tables (general, vector, float...),
`pseudo` for FP/SB/SP/PC, `directive` for TEXT/DATA/... and `#define`...

Tokens come from the file's statements as read in its preferred build
context (one walk over their tokens) and, for what statements do not hold
(comments, preprocessor lines), one scan of the text: linear in the file.
Positions are code points; the LSP edge converts them.
"""

from __future__ import annotations

import bisect
import re
import weakref
from dataclasses import dataclass

from asm_ls.arch import Arch
from asm_ls.arch.textflag import HEADER as TEXTFLAG_HEADER
from asm_ls.features.edits import line_local_edit
from asm_ls.features.workspace import Workspace, readable
from asm_ls.interrupt import checkpoint
from asm_ls.model import CheckUnit
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.directives import PSEUDO_OPS, PSEUDO_REGISTERS
from asm_ls.syntax.lexer import Token, tokenize
from asm_ls.syntax.lines import PlacedStatement, has_labels, template_of
from asm_ls.syntax.preprocess import Preprocessed
from asm_ls.syntax.source import SourceFile
from asm_ls.syntax.walk import must_be_registers

TOKEN_TYPES = (
    "keyword",  # mnemonics, directives (TEXT, #define), opcode suffixes
    "variable",  # registers (defaultLibrary), data symbols, SP locals
    "parameter",  # name+off(FP) arguments, macro parameters
    "function",  # TEXT symbols and CALL/JMP targets in other packages
    "label",
    "macro",
    "number",
    "string",
    "comment",
    "enumMember",  # special operands: arm64 condition codes, riscv rounding modes...
)
# Register kinds of the arch tables (asm_ls/arch/data), camelCased, after the standard modifiers.
REGISTER_KINDS = (
    "general",
    "float",
    "vector",
    "mask",
    "segment",
    "control",
    "special",
    "system",
    "condition",
    "accumulator",
    "status",
    "access",
    "coprocessor",
    "barrier_option",
)
TOKEN_MODIFIERS = (
    "declaration",
    "definition",
    "readonly",
    "static",
    "defaultLibrary",
    "directive",
    "pseudo",
    *(re.sub(r"_(\w)", lambda m: m.group(1).upper(), kind) for kind in REGISTER_KINDS),
)
_TYPE = {name: index for index, name in enumerate(TOKEN_TYPES)}
_MOD = {name: 1 << index for index, name in enumerate(TOKEN_MODIFIERS)}
_KIND_MOD = {kind: 1 << TOKEN_MODIFIERS.index(modifier) for kind, modifier in zip(REGISTER_KINDS, TOKEN_MODIFIERS[7:])}

KEYWORD, VARIABLE, PARAMETER, FUNCTION, LABEL, MACRO, NUMBER, STRING, COMMENT, ENUM_MEMBER = range(len(TOKEN_TYPES))
DECLARATION = _MOD["declaration"] | _MOD["definition"]
LIBRARY = _MOD["defaultLibrary"]
DIRECTIVE = _MOD["directive"]
PSEUDO = _MOD["pseudo"] | LIBRARY
STATIC = _MOD["static"]
READONLY = _MOD["readonly"]


# (line, column, length, type, modifiers): 0-based line, code-point column and
# length on that line, an index into TOKEN_TYPES, bits of TOKEN_MODIFIERS. A
# plain tuple: a generated file has half a million of them.
SemanticToken = tuple[int, int, int, int, int]


def semantic_tokens(workspace: Workspace, path: str, offsets: tuple[int, int] | None = None) -> list[SemanticToken]:
    """The file's tokens in order, or those starting in offsets (start, end)."""
    found = _file_tokens(workspace, path)
    if found is None:
        return []
    source = found.source
    starts = source.line_starts
    first_line, last_line = 0, len(starts)
    if offsets is not None:
        first_line, last_line = source.position(offsets[0])[0], source.position(offsets[1])[0] + 1
    tokens = []
    line = 0
    for block in found.blocks:
        if line + block.lines > first_line and line < last_line:
            tokens += _decoded(block, line)
        line += block.lines
    if offsets is None:
        return tokens
    return [t for t in tokens if offsets[0] <= starts[t[0]] + t[1] < offsets[1]]


def semantic_tokens_data(workspace: Workspace, path: str) -> list[int]:
    """The file's tokens in LSP's relative encoding (delta line, delta start,
    length, type, modifiers), in code points: what a full request answers
    once the edge has converted the columns of lines that are not ASCII."""
    found = _file_tokens(workspace, path)
    if found is None:
        return []
    blocks = found.blocks
    data: list[int] = []
    line = previous = 0  # the block's first line; the last token's line
    for block in blocks:
        if block.data:
            at = len(data)
            data += block.data  # (in C: a generated file has half a million tokens)
            data[at] = line + block.data[0] - previous
            previous = line + block.last_line
        line += block.lines
    return data


# --- the file in blocks of lines, an edit reading again only the block it is in -------------------
#
# Classifying a generated file's half a million tokens takes a second; after a line-local
# edit (asm_ls.features.edits) the tokens of the lines it did not touch are those of the text
# before it. Blocks are cut where no block comment or continued line runs on from the line before.

BLOCK_LINES = 256  # lines a block has when the whole file is read (an edit may grow or shrink one)
_RUNS_ON = re.compile(r"/\*.*?(?:\*/|\Z)|\\[ \t\r]*\n", re.DOTALL)  # what may run past a line's end


@dataclass(eq=False)
class _Block:
    """The tokens of a run of whole lines, LSP-relative; the first token's
    line counted from the block's first line, its column from the line's start."""

    lines: int
    data: list[int]
    last_line: int  # the last token's line, from the block's first line


@dataclass(eq=False)
class _FileTokens:
    source: SourceFile
    read_as: tuple  # (analyzer, its generation, build context): what the text was read with
    defined: dict[str, str]  # SB symbols the file defines (_Classifier.defined)
    blocks: list[_Block]


# The last tokens of each file, by path: an edit's tokens are made from them.
_FILES: dict[str, _FileTokens] = {}


def _file_tokens(workspace: Workspace, path: str) -> _FileTokens | None:
    """The file's tokens: made from its last ones when an edit allows, else read from the whole file."""
    analyzer = workspace.analyzer
    source = analyzer.source(path)
    context = workspace.context(path)
    if source is None or context is None or not readable(source):
        return None
    read_as = (weakref.ref(analyzer), analyzer.generation, context)
    last = _FILES.get(source.path)
    if last is not None and last.read_as == read_as and last.source.text == source.text:
        last.source = source  # (the same text: the newest SourceFile's line starts)
        return last
    found = _spliced(last, source, analyzer) if last is not None and last.read_as == read_as else None
    if found is None:
        unit = analyzer.analyze(source, context)
        classifier = _Classifier.of_unit(unit)
        assert classifier.defined is not None, "a file's classifier knows its symbols"
        found = _FileTokens(source, read_as, classifier.defined, _blocks(source, _tokens(unit, classifier)))
    _FILES[source.path] = found
    return found


def _blocks(source: SourceFile, tokens: list[SemanticToken]) -> list[_Block]:
    """The tokens in blocks of about BLOCK_LINES lines, cut where nothing runs on from the line before."""
    text = source.text
    total = len(source.line_starts)
    runs_on: set[int] = set()
    for match in _RUNS_ON.finditer(text):
        first, last = source.position(match.start())[0], source.position(match.end())[0]
        runs_on.update(range(first + 1, last + 1))
    cuts = [0]
    cut = BLOCK_LINES
    while cut < total:
        while cut in runs_on:
            cut += 1
        if cut < total:
            cuts.append(cut)
        cut += BLOCK_LINES
    cuts.append(total)
    blocks = []
    index = 0
    for first, end in zip(cuts, cuts[1:]):
        stop = index
        while stop < len(tokens) and tokens[stop][0] < end:
            stop += 1
        blocks.append(_block(tokens[index:stop], first, end - first))
        index = stop
    return blocks


def _block(tokens: list[SemanticToken], first: int, lines: int) -> _Block:
    data: list[int] = []
    line, start = first, 0
    for token_line, column, length, kind, modifiers in tokens:
        delta = token_line - line if data else token_line - first
        data += (delta, column - start if data and delta == 0 else column, length, kind, modifiers)
        line, start = token_line, column
    return _Block(lines, data, line - first)


def _decoded(block: _Block, first: int) -> list[SemanticToken]:
    tokens = []
    data = block.data
    line, start = first, 0
    for at in range(0, len(data), 5):
        delta, column = data[at], data[at + 1]
        if at == 0 or delta:
            line, start = line + delta, column
        else:
            start += column
        tokens.append((line, start, data[at + 2], data[at + 3], data[at + 4]))
    return tokens


def _spliced(last: _FileTokens, source: SourceFile, analyzer) -> _FileTokens | None:
    """The tokens of source from those of the last text of the file: the
    lines of the blocks holding the lines changed read again (alone, when the
    analyzer can: asm_ls.engine.analyzer.Analyzer.part); None when the edit
    may have changed other lines' tokens."""
    old, new = last.source.text, source.text
    edit = line_local_edit(old, new)
    if edit is None:
        return None
    changed = old.count("\n", 0, edit.start)  # the first line changed
    old_end = changed + old.count("\n", edit.start, edit.old_end)  # old lines [changed, old_end) are replaced
    grown = new.count("\n", edit.start, edit.new_end) - (old_end - changed)
    first = line = 0
    low = high = None  # the blocks holding the changed lines
    for index, block in enumerate(last.blocks):
        if low is None and changed < line + block.lines:
            low, first = index, line
        if low is not None and max(old_end, changed + 1) <= line + block.lines:
            high = index
            break
        line += block.lines
    if low is None or high is None:
        return None  # past the last line (a file without its last newline)
    lines = line + last.blocks[high].lines - first + grown
    starts = source.line_starts
    if lines <= 0 or first + lines > len(starts):
        return None
    start = starts[first]
    end = starts[first + lines] if first + lines < len(starts) else len(new)
    context = last.read_as[2]
    unit = analyzer.part(source, context, start, end) or analyzer.analyze(source, context)
    classifier = _Classifier(source, unit.arch, last.defined)
    block = _block(_tokens(unit, classifier, (start, end)), first, lines)
    return _FileTokens(source, last.read_as, last.defined, [*last.blocks[:low], block, *last.blocks[high + 1 :]])


def _in_range(unit: CheckUnit, start: int, end: int) -> list[Statement]:
    """The statements written in the main file's [start, end): by the
    functions around it, not the whole file (all of them if a function starts
    elsewhere: in a header)."""
    program = unit.program
    source = unit.source
    texts = [f.text.span for f in program.functions]
    if any(span.source is not source for span in texts):
        scopes = [s for _, s in program.scopes()]
    else:
        at = [span.start for span in texts]
        low, high = bisect.bisect_right(at, start), bisect.bisect_left(at, end)
        # (and the function after it: labels written before a TEXT are its)
        scopes = [f.statements for f in program.functions[max(low - 1, 0) : high + 1]]
        if low == 0:
            scopes.insert(0, program.preamble)
    found = []
    for statements in scopes:
        for statement in statements:
            span = statement.span
            if span.source is source and start <= span.start < end:
                found.append(statement)
            elif has_labels(statement) and any(start <= label.span.start < end for label in statement.labels):
                found.append(statement)  # labels alone on their lines, before a statement past the range
    return found


# --- statements -----------------------------------------------------------------------


class _Classifier:
    """Token start -> (end, type, modifiers) for what the statements say."""

    def __init__(self, source: SourceFile, arch: Arch, defined: dict[str, str] | None):
        self.source = source
        self.arch = arch
        self.found: dict[int, tuple[int, int, int]] = {}
        # SB symbols this file defines, by name (TEXT, GLOBL or DATA); None for a line
        # template's statement, whose symbols are told apart where the line is.
        self.defined = defined
        self.symbols: dict[int, tuple[str, bool]] = {}  # (name, jump) of those, by start

    @classmethod
    def of_unit(cls, unit: CheckUnit) -> _Classifier:
        """A classifier for the unit's file, knowing the symbols it defines."""
        defined: dict[str, str] = {}
        for statement in unit.program.statements:
            if statement.word in ("TEXT", "GLOBL", "DATA"):
                operands = template_of(statement).operands  # trees only: no tokens made
                if operands and isinstance(operands[0].value, ast.SymbolRef):
                    defined.setdefault(operands[0].value.name, statement.word)
        return cls(unit.source, unit.arch, defined)

    def mark(self, token: Token, kind: int, modifiers: int = 0) -> None:
        span = token.span
        if span.source is self.source and span.start not in self.found:
            self.found[span.start] = (span.end, kind, modifiers)

    def statements(self, statements: list[Statement]) -> None:
        for number, statement in enumerate(statements):
            if not number & 4095:
                checkpoint()  # (a whole file's: half a million tokens)
            if isinstance(statement, PlacedStatement) and statement.placer.source is self.source:
                self.placed(statement)
            else:
                self.statement(statement, statement.labels)

    def statement(self, statement: Statement, labels: list[Token]) -> None:
        for label in labels:
            self.mark(label, LABEL, DECLARATION)
        mnemonic = statement.mnemonic
        if mnemonic is None:
            return
        word = mnemonic.text
        self.mark(mnemonic, KEYWORD, DIRECTIVE if word in PSEUDO_OPS else 0)
        for suffix in statement.suffixes:
            self.mark(suffix, KEYWORD)
        jump = word in self.arch.jumps
        for position, operand in enumerate(statement.operands):
            self.operand(operand, jump, declares=word in PSEUDO_OPS and position == 0)

    def placed(self, statement: PlacedStatement) -> None:
        """A statement read from a line template: the template's marks, made
        once per arch for every line of that text, moved to where this one is."""
        marks = _template_marks(statement, self.arch)
        if marks is None:
            self.statement(statement, statement.labels)
            return
        if not statement.own_labels:  # labels of earlier lines carried to it
            for label in statement.labels:
                self.mark(label, LABEL, DECLARATION)
        base = statement.placer.base
        found = self.found
        defined = self.defined
        assert defined is not None, "a file's classifier knows its symbols"
        for start, end, kind, modifiers, symbol, is_label in marks:
            if is_label and not statement.own_labels:
                continue
            start, end = start + base, end + base
            if symbol is not None:
                name, jump = symbol
                kind = FUNCTION if jump or defined.get(name) == "TEXT" else VARIABLE
            if start not in found:
                found[start] = (end, kind, modifiers)

    def operand(self, operand: ast.Operand, jump: bool, declares: bool) -> None:
        value = operand.value
        tokens = operand.tokens
        if isinstance(value, ast.SymbolRef):
            self.symbol(value, tokens, jump, declares)
        for name in must_be_registers(value):
            self.register(tokens[name.at], name.text, name.number)
        if isinstance(value, ast.Name):
            if self.arch.reads_as_register(value.text, value.number):
                self.register(tokens[value.at], value.text, value.number)
            elif value.text in self.arch.special_operands:
                self.mark(tokens[value.at], ENUM_MEMBER, LIBRARY)
            elif jump:
                self.mark(tokens[value.at], LABEL)
        elif isinstance(value, ast.Extended):
            self.register(tokens[value.register.at], value.register.text, value.register.number)
        for token in tokens:
            kind = token.kind
            if kind in ("INT", "FLOAT"):
                self.mark(token, NUMBER)
            elif kind in ("STRING", "CHAR"):
                self.mark(token, STRING)
            elif kind == "IDENT" and token.text in self.arch.special_operands:
                self.mark(token, ENUM_MEMBER, LIBRARY)

    def register(self, token: Token, name: str, number: int | None) -> None:
        register = self.arch.registers.get(name if number is None else f"{name}({number})") or self.arch.registers.get(
            name
        )
        if register is None and name in self.arch.pseudo_registers:
            self.mark(token, VARIABLE, PSEUDO)
            return
        modifiers = LIBRARY | (_KIND_MOD.get(register.kind, 0) if register else 0)
        if register is not None and (register.kind == "pseudo" or name in PSEUDO_REGISTERS):
            modifiers |= PSEUDO
        self.mark(token, VARIABLE, modifiers)

    def symbol(self, value: ast.SymbolRef, tokens: list[Token], jump: bool, declares: bool) -> None:
        name = tokens[value.at]
        pseudo = tokens[value.pseudo_at]
        self.register(pseudo, value.pseudo, None)
        if value.pseudo == "FP":
            self.mark(name, PARAMETER)
            return
        if value.pseudo != "SB":
            self.mark(name, VARIABLE)
            return
        modifiers = (STATIC if value.static else 0) | (DECLARATION if declares else 0)
        if self.defined is None:  # told apart by the file's symbols where the line is
            if name.span.source is self.source and name.span.start not in self.found:
                self.symbols[name.span.start] = (value.name, jump)
            self.mark(name, VARIABLE, modifiers)
            return
        is_function = jump or self.defined.get(value.name) == "TEXT"
        self.mark(name, FUNCTION if is_function else VARIABLE, modifiers)

    def preprocessor(self, preprocessed: Preprocessed) -> None:
        for use in preprocessed.uses:
            where = use.macro.name_span.source.path
            library = where.startswith("<") or where.endswith(TEXTFLAG_HEADER)
            if use.span.source is self.source and use.span.start not in self.found:
                self.found[use.span.start] = (use.span.end, MACRO, (LIBRARY | READONLY) if library else 0)
        for definition in preprocessed.definitions:
            span = definition.name_span
            if span.source is self.source:
                self.found.setdefault(span.start, (span.end, MACRO, DECLARATION))
        for include in preprocessed.includes:
            if include.span.source is self.source:
                self.found.setdefault(include.span.start, (include.span.end, STRING, 0))


# --- the text: comments, strings, preprocessor lines --------------------------------------

_LEXICAL = re.compile(
    r"(?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))"
    r"|(?P<string>\"(?:[^\"\\\n]|\\.)*\"?|'(?:[^'\\\n]|\\.)*'?)"
    r"|(?P<directive>^[ \t]*\#)",
    re.MULTILINE | re.DOTALL,
)
_CONDITION_WORDS = frozenset({"ifdef", "ifndef", "undef"})


def _directive_line(source: SourceFile, start: int, found: dict[int, tuple[int, int, int]]) -> int:
    """Classify a `#` line (and its continuations) from start; returns where it ends."""
    text = source.text
    line = start
    while True:
        newline = text.find("\n", line)
        if newline < 0:
            end = len(text)
            break
        if not text[line:newline].rstrip(" \t\r").endswith("\\"):
            end = newline
            break
        line = newline + 1
    tokens = [t for t in tokenize(source, start, end)[0] if t.kind != "NEWLINE"]
    if len(tokens) < 2 or tokens[1].kind != "IDENT":
        return end
    for token in tokens[:2]:
        found.setdefault(token.span.start, (token.span.end, KEYWORD, DIRECTIVE))
    word = tokens[1].text
    rest = tokens[2:]
    if word == "define" and rest and rest[0].kind == "IDENT":
        found.setdefault(rest[0].span.start, (rest[0].span.end, MACRO, DECLARATION))
        params: set[str] = set()
        index = 1
        if len(rest) > 1 and rest[1].kind == "LPAR" and rest[1].span.start == rest[0].span.end:
            while index < len(rest) and rest[index].kind != "RPAR":
                if rest[index].kind == "IDENT":
                    params.add(rest[index].text)
                    found.setdefault(rest[index].span.start, (rest[index].span.end, PARAMETER, DECLARATION))
                index += 1
        for token in rest[index:]:
            if token.kind == "IDENT" and token.text in params:
                found.setdefault(token.span.start, (token.span.end, PARAMETER, 0))
            elif token.kind in ("INT", "FLOAT"):
                found.setdefault(token.span.start, (token.span.end, NUMBER, 0))
    elif word in _CONDITION_WORDS and rest and rest[0].kind == "IDENT":
        found.setdefault(rest[0].span.start, (rest[0].span.end, MACRO, 0))
    return end


# (start, end, type, modifiers, (symbol name, jump) or None, is a label) of a
# template's statement, offsets in its line.
_Mark = tuple[int, int, int, int, "tuple[str, bool] | None", bool]


def _template_marks(statement: PlacedStatement, arch: Arch) -> list[_Mark] | None:
    """What the statement's template says about the tokens written on its
    line; None when macros put tokens on it (those are marked where they are
    written, as for any statement)."""
    facts = statement.facts
    key = (_template_marks, arch.name)
    if key not in facts:
        template = statement.template
        line = statement.placer.line
        if any(t.span.source is not line for t in (*template.labels, *template.tokens)):
            facts[key] = None
            return None
        classifier = _Classifier(line, arch, None)
        classifier.statement(template, template.labels)
        label_starts = {t.span.start for t in template.labels}
        facts[key] = [
            (start, end, kind, modifiers, classifier.symbols.get(start), start in label_starts)
            for start, (end, kind, modifiers) in classifier.found.items()
        ]
    return facts[key]


def _tokens(unit: CheckUnit, classifier: _Classifier, lines: tuple[int, int] | None = None) -> list[SemanticToken]:
    """The tokens of the file, or of its whole lines from offset lines[0] to lines[1]."""
    source = unit.source
    text = source.text
    start, end = lines if lines is not None else (0, len(text))
    classifier.statements(unit.program.statements if lines is None else _in_range(unit, start, end))
    if lines is not None and end < len(text):  # read alone: labels it leaves label what follows it
        for label in unit.program.unplaced_labels:
            classifier.mark(label, LABEL, DECLARATION)
    classifier.preprocessor(unit.preprocessed)
    found = classifier.found
    comments: list[tuple[int, int]] = []
    for match in _LEXICAL.finditer(text, start, end):
        group = match.lastgroup
        at, stop = match.span()
        if group == "comment":
            comments.append((at, stop))
        elif group == "string":
            found.setdefault(at, (stop, STRING, 0))
        else:
            _directive_line(source, stop - 1, found)
    for at, stop in comments:
        found[at] = (stop, COMMENT, 0)
    if lines is not None:  # what a macro use marks in its definition, elsewhere, stays as it was
        found = {at: mark for at, mark in found.items() if start <= at < end}
    return _placed(source, found, source.position(start)[0])


def _placed(source: SourceFile, found: dict[int, tuple[int, int, int]], line: int = 0) -> list[SemanticToken]:
    """Tokens at (line, column), in order, a multi-line one (a block comment)
    cut at each line; none starts before the line given."""
    starts = source.line_starts
    text = source.text
    placed: list[SemanticToken] = []
    last = len(starts) - 1
    covered = -1
    for start in sorted(found):
        if start < covered:
            continue  # inside a comment or string already placed
        end, kind, modifiers = found[start]
        covered = end
        while line < last and starts[line + 1] <= start:
            line += 1
        while True:
            line_end = starts[line + 1] - 1 if line < last else len(text)
            piece_end = min(end, line_end)
            if piece_end > start:
                placed.append((line, start - starts[line], piece_end - start, kind, modifiers))
            if end <= line_end or line >= last:
                break
            line += 1
            start = starts[line]
    return placed
