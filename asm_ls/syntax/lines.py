"""Each distinct line read once: line templates and the statements placed from them.

Generated assembly repeats itself: reedsolomon's 136,023-line kernel file has
11,130 distinct lines. A line whose meaning does not depend on what came
before it (no directive, no block comment, no continuation, and no macro it
uses; or the same macros it uses) is lexed, preprocessed and split into
statements once, as a Template in a source of its own (a LineText: spans are
relative to the line). Where the line occurs in a file, its statements are
PlacedStatements: the template and the line's offset, with tokens, operands
and spans made on first use. Checks that can judge a statement alone cache
their verdict on the template (Template.facts), so a line read a thousand
times is judged once.

Templates are shared by every file and version that holds their text, and
kept only while a program holds them (a weak cache): an edited buffer's old
lines go with its old program.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import Any

from asm_ls.syntax.ast import Operand, Statement
from asm_ls.syntax.lexer import LexError, Token, go_build_comment, tokenize
from asm_ls.syntax.source import SourceFile, Span
from asm_ls.syntax.statements import StatementSplitter

RESUMABLE = frozenset({"TEXT", "DATA", "GLOBL"})  # words a line may be re-read from


def may_depend_on_context(name: str) -> bool:
    """Whether a build context may define the name: -D GOOS_linux,
    GOARCH_amd64, GOAMD64_v1, GOARM_7, GOEXPERIMENT_x, ... all look so."""
    return name.startswith("GO") and "_" in name


class LineText(SourceFile):
    """One distinct line's text, as a source of its own: the spans of its
    template are relative to it until placed where the line occurs."""

    def __init__(self, text: str):
        super().__init__("<line>", text)


class Template:
    """What one line says by itself: its statements (spans in `line`, or in
    the macro bodies it expands), the labels it leaves open for the next line,
    and what the preprocessor noted on the way. Its statements are split on
    first use: a line read without macros is lexed first, and split only if it
    uses none (else its macro template is)."""

    __slots__ = (
        "line",
        "raw",
        "lex_errors",
        "idents",
        "go_build",
        "code",
        "resumable",
        "macro_uses",
        "diagnostics",
        "asked",
        "facts",
        "_out",
        "_split",
        "__weakref__",
    )

    def __init__(
        self,
        line: LineText,
        raw: list[Token],
        lex_errors: list[LexError],
        out: list[Token] | None = None,
        macro_uses: tuple = (),
        diagnostics: tuple = (),
        asked: frozenset[str] | None = None,
    ):
        self.line = line
        self.raw = raw
        self.lex_errors = tuple(lex_errors)
        self.idents = frozenset(t.text for t in raw if t.kind == "IDENT")  # looked up among the macros
        where = go_build_comment(line.text)
        # A //go:build comment, misplaced if code came before the line.
        self.go_build = Span(line, *where) if where is not None else None
        self.code = bool(raw)  # the line has tokens (code)
        first = raw[0] if raw else None
        # The offset of a TEXT, DATA or GLOBL that starts the line (the quick check resumes there).
        self.resumable = (
            first.span.start if first is not None and first.kind == "IDENT" and first.text in RESUMABLE else None
        )
        self.macro_uses = macro_uses  # MacroUse, spans in `line` (macro templates only)
        self.diagnostics = diagnostics  # PreprocessDiagnostic (macro templates only)
        # Names a build context may define that the line asked about.
        self.asked = asked if asked is not None else frozenset(n for n in self.idents if may_depend_on_context(n))
        # Verdicts of checks that judge a statement alone, by (check, arch, ...); see asm_ls.engine.registry.
        self.facts: dict[Any, Any] = {}
        self._out = out  # what the preprocessor made of a line that expands macros
        self._split: tuple | None = None

    @property
    def text(self) -> str:
        return self.line.text

    def _statements(self) -> tuple:
        if self._split is None:
            tokens = self.raw if self._out is None else self._out
            splitter = StatementSplitter()
            splitter.add(tokens)
            statements, pending = splitter.line_result()
            self._split = (tuple(statements), tuple(pending), splitter.open_end, tokens[-1] if tokens else None)
        return self._split

    @property
    def statements(self) -> tuple[Statement, ...]:
        return self._statements()[0]

    @property
    def pending(self) -> tuple[Token, ...]:
        """Labels alone at the end of the line: they label what follows."""
        return self._statements()[1]

    @property
    def open_end(self) -> bool:
        """Tokens after the line's last `;`: the file's last line ends a statement there."""
        return self._statements()[2]

    @property
    def last(self) -> Token | None:
        """The last token of what the line says (where that statement ends)."""
        return self._statements()[3]


# Templates of lines without macros, by text; kept while a program holds them.
_PLAIN: weakref.WeakValueDictionary[str, Template] = weakref.WeakValueDictionary()


def plain_template(text: str) -> Template:
    """The template of a line read without macros: lexed now, split when asked."""
    template = _PLAIN.get(text)
    if template is None:
        line = LineText(text)
        tokens, errors = tokenize(line, checked=True)
        template = _PLAIN[text] = Template(line, tokens, errors)
    return template


class Placer:
    """Places spans of a template where its line occurs: base is the line's offset in source."""

    __slots__ = ("line", "source", "base")

    def __init__(self, line: LineText, source: SourceFile, base: int):
        self.line = line
        self.source = source
        self.base = base

    def span(self, span: Span) -> Span:
        if span.source is not self.line:
            return span  # in a macro body: already where it is
        return Span(self.source, self.base + span.start, self.base + span.end)

    def token(self, token: Token) -> Token:
        site = token.site
        return Token(
            token.kind,
            token.text,
            self.span(token.span),
            self.span(site) if site is not None else None,
        )


class PlacedStatement(Statement):
    """A template's statement where its line occurs. Reading `word`, `opcode`
    or the operand trees costs nothing; tokens, spans and operands are made
    on first use. (The properties stand for Statement's fields: mypy's
    override ignores below are for that. Its lists are made anew: change an
    occurrence through `labels =` and add_error, not by mutating them.)"""

    __slots__ = ("template", "placer", "_tokens", "_operands", "_labels", "_extra_errors", "own_labels")

    def __init__(self, template: Statement, placer: Placer):
        self.template = template
        self.placer = placer
        self._tokens: list[Token] | None = None
        self._operands: list[Operand] | None = None
        self._labels: list[Token] | None = None
        self._extra_errors: list[tuple[Span, str]] | None = None
        self.own_labels = True  # its labels are its template's (none carried to it or taken from it)

    # Cheap: from the template.
    @property
    def word(self) -> str:
        return self.template.word

    @property
    def opcode(self) -> str:
        return self.template.opcode

    @property
    def separators(self) -> list[str]:  # type: ignore[override]
        return self.template.separators

    @property
    def span(self) -> Span:
        return self.placer.span(_template_span(self.template))

    # Made on first use.
    @property
    def tokens(self) -> list[Token]:  # type: ignore[override]
        if self._tokens is None:
            place = self.placer.token
            self._tokens = [place(t) for t in self.template.tokens]
        return self._tokens

    @property
    def mnemonic(self) -> Token | None:  # type: ignore[override]
        return self.tokens[0] if self.template.mnemonic is not None else None

    @property
    def suffixes(self) -> list[Token]:  # type: ignore[override]
        if not self.template.suffixes:
            return []
        return [self.tokens[i] for i in _token_indexes(self.template, "suffixes")]

    @property
    def operands(self) -> list[Operand]:  # type: ignore[override]
        if self._operands is None:
            if not self.template.operands:
                self._operands = []
            else:
                tokens = self.tokens
                self._operands = [
                    Operand(o.tree, tokens[start:end])
                    for o, (start, end) in zip(self.template.operands, _operand_ranges(self.template))
                ]
        return self._operands

    @property
    def labels(self) -> list[Token]:
        if self._labels is None:
            labels = self.template.labels
            self._labels = [self.placer.token(t) for t in labels] if labels else []
        return self._labels

    @labels.setter
    def labels(self, labels: list[Token]) -> None:
        self._labels = labels
        self.own_labels = False

    @property
    def errors(self) -> list[tuple[Span, str]]:  # type: ignore[override]
        placed = [(self.placer.span(span), message) for span, message in self.template.errors]
        return placed + self._extra_errors if self._extra_errors else placed

    @property
    def as_template(self) -> bool:
        """Whether what the statement says by itself is its template's (no error of its own)."""
        return self._extra_errors is None

    def add_error(self, span: Span, message: str) -> None:
        """An error of this occurrence alone (the file's last line without a newline)."""
        if self._extra_errors is None:
            self._extra_errors = []
        self._extra_errors.append((span, message))

    @property
    def facts(self) -> dict:
        """The template's: verdicts that hold wherever the line is."""
        return facts_of(self.template)

    @facts.setter
    def facts(self, facts: dict) -> None:
        self.template.facts = facts


def written_extent(statement: PlacedStatement) -> tuple[int, int] | None:
    """Where the tokens written on the statement's line (its labels included,
    not what macros put there) start and end in its file; None for none."""
    template = statement.template
    facts = facts_of(template)
    extent = facts.get(written_extent, False)
    if extent is False:
        line = statement.placer.line
        written = [t for t in (*template.labels, *template.tokens) if t.site is None and t.span.source is line]
        extent = facts[written_extent] = (written[0].span.start, written[-1].span.end) if written else None
    if extent is None:
        return None
    base = statement.placer.base
    return base + extent[0], base + extent[1]


def _template_span(template: Statement) -> Span:
    """A template statement's span, made once (its tokens never change)."""
    facts = facts_of(template)
    span = facts.get(_template_span)
    if span is None:
        span = facts[_template_span] = template.span
    return span


def from_macro(statement: Statement) -> bool:
    """Whether some of the statement's tokens were put there by a macro use
    (asked of a placed statement's template: no tokens made)."""
    if not isinstance(statement, PlacedStatement):
        return any(t.site is not None for t in statement.tokens)
    facts = facts_of(statement.template)
    found = facts.get(from_macro)
    if found is None:
        found = facts[from_macro] = any(t.site is not None for t in statement.template.tokens)
    return found


def has_labels(statement: Statement) -> bool:
    """Whether the statement has labels, without making tokens for those that have none."""
    if isinstance(statement, PlacedStatement) and statement.own_labels:
        return bool(statement.template.labels)
    return bool(statement.labels)


def template_of(statement: Statement) -> Statement:
    """The statement to read words and operand trees from without making
    tokens: a placed statement's template (its spans are the line's, not the
    file's), else the statement itself."""
    return statement.template if isinstance(statement, PlacedStatement) else statement


def facts_of(statement: Statement) -> dict:
    """The per-check cache of a statement (of its template, for a placed one)."""
    if isinstance(statement, PlacedStatement):
        statement = statement.template
    facts = statement.facts
    if facts is None:
        facts = statement.facts = {}
    return facts


def _token_indexes(statement: Statement, what: str) -> list[int]:
    positions = {id(t): i for i, t in enumerate(statement.tokens)}
    return [positions[id(t)] for t in getattr(statement, what)]


def _operand_ranges(statement: Statement) -> list[tuple[int, int]]:
    """Where each operand's tokens sit in the statement's tokens (they are runs of them)."""
    facts = facts_of(statement)
    ranges = facts.get(_operand_ranges)
    if ranges is None:
        positions = {id(t): i for i, t in enumerate(statement.tokens)}
        ranges = []
        for operand in statement.operands:
            start = positions[id(operand.tokens[0])]
            ranges.append((start, start + len(operand.tokens)))
        facts[_operand_ranges] = ranges
    return ranges


def placed(template: Template, source: SourceFile, base: int) -> Iterator[PlacedStatement]:
    placer = Placer(template.line, source, base)
    for statement in template.statements:
        yield PlacedStatement(statement, placer)
