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
        labels included, cover offset; what every cursor feature asks first,
        so the spans are sorted once per file."""
        if self._places is None or self._places[0] is not source:
            self._places = (source, *self._sorted_places(source))
        _, starts, reach, places = self._places
        found = None
        index = bisect_right(starts, offset)
        while index > 0 and reach[index - 1] >= offset:  # earlier spans cannot reach offset
            index -= 1
            place = places[index]
            if place[1] >= offset and (found is None or place[2] < found[2]):
                found = place
        return (found[3], found[4]) if found else (None, None)

    def _sorted_places(self, source: SourceFile) -> tuple[list[int], list[int], list[tuple]]:
        here = os.path.abspath(source.path)

        def written(token) -> bool:
            return token.site is None and (
                token.span.source is source or os.path.abspath(token.span.source.path) == here
            )

        places: list[tuple[int, int, int, Function | None, Statement]] = []
        scoped = ((function, statement) for function, statements in self.scopes() for statement in statements)
        for order, (function, statement) in enumerate(scoped):
            if isinstance(statement, PlacedStatement) and statement.placer.source is source and statement.own_labels:
                extent = written_extent(statement)  # from its template: no tokens made
                if extent is not None:
                    places.append((*extent, order, function, statement))
                continue
            tokens = [t for t in (*statement.labels, *statement.tokens) if written(t)]
            if tokens:  # (start, end, scope order, function, statement)
                places.append((tokens[0].span.start, tokens[-1].span.end, order, function, statement))
        places.sort(key=lambda place: (place[0], place[2]))
        return [p[0] for p in places], list(accumulate((p[1] for p in places), max)), places


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
