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
from array import array

from asm_ls.arch import Arch
from asm_ls.arch.textflag import HEADER as TEXTFLAG_HEADER
from asm_ls.features.workspace import Workspace, readable
from asm_ls.model import CheckUnit
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.directives import PSEUDO_OPS, PSEUDO_REGISTERS
from asm_ls.syntax.lexer import Token, tokenize
from asm_ls.syntax.lines import PlacedStatement, template_of
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


# The tokens of a unit, made once and kept packed (five machine integers a
# token, and each token's offset): a range request on a huge file slices
# them, and half a million tuples would stay in memory as long as the analysis.
_CACHE: weakref.WeakKeyDictionary[CheckUnit, tuple[array, array]] = weakref.WeakKeyDictionary()


def semantic_tokens(workspace: Workspace, path: str, offsets: tuple[int, int] | None = None) -> list[SemanticToken]:
    """The file's tokens in order, or those starting in offsets (start, end)."""
    unit = workspace.unit(path)
    if unit is None or not readable(unit.source):
        return []
    cached = _CACHE.get(unit)
    if cached is None:
        tokens = _tokens(unit)
        starts = unit.source.line_starts
        packed = array("q", [field for token in tokens for field in token])
        cached = _CACHE[unit] = (array("q", [starts[t[0]] + t[1] for t in tokens]), packed)
    positions, packed = cached
    first, last = 0, len(positions)
    if offsets is not None:
        first, last = bisect.bisect_left(positions, offsets[0]), bisect.bisect_left(positions, offsets[1])
    fields = packed[5 * first : 5 * last]
    return list(zip(fields[0::5], fields[1::5], fields[2::5], fields[3::5], fields[4::5], strict=True))


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
        for statement in statements:
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


def _tokens(unit: CheckUnit) -> list[SemanticToken]:
    classifier = _Classifier.of_unit(unit)
    classifier.statements(unit.program.statements)
    classifier.preprocessor(unit.preprocessed)
    found = classifier.found
    source = unit.source
    text = source.text
    comments: list[tuple[int, int]] = []
    for match in _LEXICAL.finditer(text):
        group = match.lastgroup
        start, end = match.span()
        if group == "comment":
            comments.append((start, end))
        elif group == "string":
            found.setdefault(start, (end, STRING, 0))
        else:
            _directive_line(source, end - 1, found)
    for start, end in comments:
        found[start] = (end, COMMENT, 0)
    return _placed(source, found)


def _placed(source: SourceFile, found: dict[int, tuple[int, int, int]]) -> list[SemanticToken]:
    """Tokens at (line, column), in order, a multi-line one (a block comment) cut at each line."""
    starts = source.line_starts
    text = source.text
    placed: list[SemanticToken] = []
    line = 0
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
