"""A file's statements grouped into TEXT functions, for one build context."""

from __future__ import annotations

import os
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from asm_ls.syntax.ast import Statement, SymbolRef
from asm_ls.syntax.lexer import LexError, Token
from asm_ls.syntax.lines import PlacedStatement, template_of, written_extent
from asm_ls.syntax.preprocess import Preprocessed
from asm_ls.syntax.source import SourceFile
from asm_ls.syntax.statements import split_statements


@dataclass(eq=False)
class Function:
    """A TEXT symbol and the statements up to the next TEXT (label scope)."""

    text: Statement
    statements: list[Statement] = field(default_factory=list)
    # What package checks found out about the function by itself, kept as long as it is: a
    # keystroke's quick check reads one function again and the package with the others as they were.
    facts: dict = field(default_factory=dict, repr=False)

    @property
    def text_token(self) -> Token:
        """The TEXT word that starts the function."""
        mnemonic = self.text.mnemonic
        assert mnemonic is not None, "build_program starts a function at a statement whose word is TEXT"
        return mnemonic

    @property
    def symbol(self) -> SymbolRef | None:
        operands = template_of(self.text).operands  # the tree only: no tokens made
        if operands and isinstance(operands[0].value, SymbolRef):
            return operands[0].value
        return None

    @property
    def name(self) -> str | None:
        symbol = self.symbol
        return symbol.name if symbol else None


@dataclass(eq=False)
class Program:
    preprocessed: Preprocessed
    functions: list[Function]
    # Statements before the first TEXT: a label scope of their own.
    preamble: list[Statement]
    # Labels on the last DATA and GLOBL statements: they label nothing (read
    # alone, part of a file would give them to what follows it).
    unplaced_labels: list = field(default_factory=list)
    # What the lexer found wrong in the file's text (read or skipped).
    lex_errors: list[LexError] = field(default_factory=list)

    _places: tuple | None = field(default=None, init=False, repr=False)
    _near: tuple | None = field(default=None, init=False, repr=False)  # the last scopes statement_at sorted
    _texts: tuple | None = field(default=None, init=False, repr=False)  # see _scopes_around
    _statements: list[Statement] | None = field(default=None, init=False, repr=False)

    @property
    def statements(self) -> list[Statement]:
        """Every statement, in order: the preamble's, then each function's
        (made when first asked: a keystroke's package checks read the
        functions of a program spliced from two, never the whole list)."""
        if self._statements is None:
            self._statements = [*self.preamble, *(s for f in self.functions for s in f.statements)]
        return self._statements

    def scopes(self) -> list[tuple[Function | None, list[Statement]]]:
        return [(None, self.preamble)] + [(f, f.statements) for f in self.functions]

    def statement_at(self, source: SourceFile, offset: int) -> tuple[Function | None, Statement | None]:
        """The first statement (in scope order) whose tokens written in source,
        labels included, cover offset; what every cursor feature asks first.
        Where every TEXT is written in source, in order, only the scopes that
        may hold offset are read: the last function whose TEXT starts at or
        before it, the next (labels written before a TEXT are its) and, before
        the first, the preamble: the first request after a keystroke in a
        generated file sorts no 100,000 spans. Else the spans of the whole
        file are sorted, once."""
        scopes = self._scopes_around(source, offset)
        if scopes is not None:
            orders = tuple(first for first, _, _ in scopes)
            near = self._near
            if near is None or near[0] is not source or near[1] != orders:  # (a hover asks several times)
                near = self._near = (source, orders, _sorted_places(source, scopes))
            return _first_covering(near[2], offset)
        if self._places is None or self._places[0] is not source:
            every: list[tuple[int, Function | None, list]] = [(0, None, self.preamble)]
            for function in self.functions:
                every.append((every[-1][0] + len(every[-1][2]), function, function.statements))
            self._places = (source, _sorted_places(source, every))
        return _first_covering(self._places[1], offset)

    def statements_near(self, source: SourceFile, offset: int) -> list[Statement]:
        """The statements that may be written at offset (those a macro used
        there makes included): of the scopes around it (see statement_at),
        else all of them."""
        scopes = self._scopes_around(source, offset)
        if scopes is None:
            return self.statements
        return [statement for _, _, statements in scopes for statement in statements]

    def function_lines(self, source: SourceFile, offset: int) -> tuple[int, int] | None:
        """Where the lines of the function holding offset start and end (the
        start of the next TEXT's line, or the end of the text), when every
        TEXT is written in source in order and offset is past the first."""
        if self._scopes_around(source, offset) is None or self._texts is None:
            return None
        starts = self._texts[1]
        index = bisect_right(starts, offset) - 1
        if index < 0:
            return None
        text = source.text
        end = text.rfind("\n", 0, starts[index + 1]) + 1 if index + 1 < len(starts) else len(text)
        return text.rfind("\n", 0, starts[index]) + 1, end

    def _scopes_around(self, source: SourceFile, offset: int) -> list[tuple[int, Function | None, list]] | None:
        """(scope order of its first statement, function, statements) of each
        scope that may hold offset; None when some TEXT is not written in
        source, or not after the one before."""
        texts = self._texts
        if texts is None or texts[0] is not source:
            starts: list[int] = []
            for function in self.functions:
                token = function.text_token
                at = token.span.start
                if token.site is not None or token.span.source is not source or (starts and at < starts[-1]):
                    break
                starts.append(at)
            first = list(accumulate((len(f.statements) for f in self.functions), initial=len(self.preamble)))
            texts = self._texts = (source, starts if len(starts) == len(self.functions) else None, first)
        _, starts, first = texts
        if starts is None:
            return None
        index = bisect_right(starts, offset) - 1
        scopes: list[tuple[int, Function | None, list]] = [(0, None, self.preamble)] if index < 0 else []
        for at in range(max(index, 0), min(index + 2, len(self.functions))):
            scopes.append((first[at], self.functions[at], self.functions[at].statements))
        return scopes


def _sorted_places(source: SourceFile, scopes) -> tuple[list[int], list[int], list[tuple]]:
    """(start, end, scope order, function, statement) of the statements of
    scopes ((order of the first, function, statements) each) written in
    source, by start; with the starts, and the farthest end reached so far."""
    here = os.path.abspath(source.path)

    def written(token) -> bool:
        return token.site is None and (token.span.source is source or os.path.abspath(token.span.source.path) == here)

    places: list[tuple[int, int, int, Function | None, Statement]] = []
    for first, function, statements in scopes:
        for order, statement in enumerate(statements, first):
            if isinstance(statement, PlacedStatement) and statement.placer.source is source and statement.own_labels:
                extent = written_extent(statement)  # from its template: no tokens made
                if extent is not None:
                    places.append((*extent, order, function, statement))
                continue
            tokens = [t for t in (*statement.labels, *statement.tokens) if written(t)]
            if tokens:
                places.append((tokens[0].span.start, tokens[-1].span.end, order, function, statement))
    places.sort(key=lambda place: (place[0], place[2]))
    return [p[0] for p in places], list(accumulate((p[1] for p in places), max)), places


def _first_covering(places: tuple[list[int], list[int], list[tuple]], offset: int) -> tuple:
    """(function, statement) of the first place in scope order covering offset."""
    starts, reach, entries = places
    found = None
    index = bisect_right(starts, offset)
    while index > 0 and reach[index - 1] >= offset:  # earlier spans cannot reach offset
        index -= 1
        place = entries[index]
        if place[1] >= offset and (found is None or place[2] < found[2]):
            found = place
    return (found[3], found[4]) if found else (None, None)


# Pseudo-ops that emit nothing: labels on them label the next statement that does.
UNPLACED = frozenset({"DATA", "GLOBL"})


def build_program(
    preprocessed: Preprocessed, statements: list[Statement] | None = None, lex_errors: list[LexError] | None = None
) -> Program:
    """The program of a preprocessed file: its statements (by default split
    from its tokens) grouped into TEXT functions."""
    if statements is None:
        statements = split_statements(preprocessed.tokens)
    unplaced = _carry_labels_past_data(statements)
    functions: list[Function] = []
    preamble: list[Statement] = []
    for statement in statements:
        if statement.word == "TEXT":
            functions.append(Function(statement, [statement]))
        elif functions:
            functions[-1].statements.append(statement)
        else:
            preamble.append(statement)
    program = Program(preprocessed, functions, preamble, unplaced, list(lex_errors or ()))
    program._statements = statements  # (the same list, already made)
    return program


def _carry_labels_past_data(statements: list[Statement]) -> list:
    """Labels on DATA/GLOBL move to the next statement cmd/asm emits (which may
    be a TEXT, whose function they then belong to); those at the end are returned."""
    carried = []
    for statement in statements:
        if statement.word in UNPLACED:
            if statement.labels:
                carried.extend(statement.labels)
                statement.labels = []
        elif carried and statement.mnemonic is not None:
            statement.labels = carried + statement.labels
            carried = []
    return carried
