"""Split preprocessed tokens into statements, as cmd/asm's Parser.line does:
newlines and `;` end a statement; `name:` defines a label; `.X` after the
mnemonic is a suffix; operands are separated by `,` or `:` outside brackets."""

from __future__ import annotations

from collections.abc import Iterable

from asm_ls.syntax.ast import Statement
from asm_ls.syntax.lexer import Token
from asm_ls.syntax.operands import parse_operand

_OPEN = ("LPAR", "LSQB")
_CLOSE = ("RPAR", "RSQB")


EOF_WITHOUT_NEWLINE = "unexpected EOF: the last line has no newline"


class StatementSplitter:
    """Statements from a stream of tokens given in parts; labels written
    alone (`name:`) wait in `pending` for the statement that follows."""

    def __init__(self) -> None:
        self.statements: list[Statement] = []
        self.pending: list[Token] = []
        self.current: list[Token] = []
        self.open_end = False  # line_result: the line's tokens after its last `;` made a statement

    def add(self, tokens: Iterable[Token]) -> None:
        current = self.current
        for token in tokens:
            if token.kind == "NEWLINE" or token.kind == "SEMICOLON":
                if current:
                    self._finish()
                    current = self.current = []
            else:
                current.append(token)

    def _finish(self) -> None:
        statement = _statement(self.current, self.pending)
        if statement.mnemonic is None and not statement.errors:
            self.pending = statement.labels
        else:
            self.statements.append(statement)
            self.pending = []

    def line_result(self) -> tuple[list[Statement], list[Token]]:
        """The statements of one line's tokens (given without their newline)
        and the labels it leaves pending."""
        self.open_end = bool(self.current)
        if self.current:
            self._finish()
            self.current = []
        return self.statements, self.pending

    def end(self) -> list[Statement]:
        """The statements of the whole stream, as cmd/asm reads a file's end."""
        current = self.current
        if current:
            self._finish()
            self.current = []
            if self.statements and self.statements[-1].mnemonic is not None:
                self.statements[-1].errors.append((current[-1].location, EOF_WITHOUT_NEWLINE))
        if self.pending:
            self.statements.append(Statement(tokens=list(self.pending), labels=self.pending))
            self.pending = []
        return self.statements


def split_statements(tokens: Iterable[Token]) -> list[Statement]:
    splitter = StatementSplitter()
    splitter.add(tokens)
    return splitter.end()


def _statement(tokens: list[Token], labels: list[Token]) -> Statement:
    labels = list(labels)
    i = 0
    # Labels: `name:` at the start, possibly several.
    while i + 1 < len(tokens) and tokens[i].kind == "IDENT" and tokens[i + 1].kind == "COLON":
        labels.append(tokens[i])
        i += 2
    statement = Statement(tokens=tokens, labels=labels)
    if i >= len(tokens):
        return statement
    word = tokens[i]
    if word.kind != "IDENT":
        statement.errors.append((word.location, f"expected identifier, found {word.text!r}"))
        return statement
    statement.tokens = tokens[i:]
    statement.mnemonic = word
    i += 1
    while i + 1 < len(tokens) and tokens[i].kind == "DOT":
        suffix = tokens[i + 1]
        if suffix.kind != "IDENT":
            statement.errors.append((suffix.location, f"instruction suffix expected identifier, found {suffix.text}"))
            return statement
        statement.suffixes.append(suffix)
        i += 2
    if i < len(tokens) and tokens[i].kind == "DOT":
        statement.errors.append((tokens[i].location, "instruction suffix expected identifier, found end of line"))
        return statement
    _split_operands(statement, tokens, i)
    return statement


def _split_operands(statement: Statement, tokens: list[Token], i: int) -> None:
    _collect_operands(statement, tokens, i)
    # cmd/asm swaps the operands around a colon: `SHLQ CX, AX:DX` is CX, DX, AX.
    if ":" in statement.separators:
        colon = statement.separators.index(":")
        operands = statement.operands
        if colon + 1 < len(operands):
            operands[colon], operands[colon + 1] = operands[colon + 1], operands[colon]


def _collect_operands(statement: Statement, tokens: list[Token], i: int) -> None:
    depth = 0
    items: list[Token] = []
    separator: Token | None = None
    while True:
        token = tokens[i] if i < len(tokens) else None
        if token is None or (depth == 0 and token.kind in ("COMMA", "COLON")):
            if items:
                statement.operands.append(parse_operand(items))
            elif (missing_at := token or separator) is not None:
                statement.errors.append((missing_at.location, "missing operand"))
            if token is None:
                return
            if token.kind == "COLON" and ":" in statement.separators:
                statement.errors.append((token.location, "invalid ':' in operand"))
            statement.separators.append(token.text)
            separator = token
            items = []
        else:
            if token.kind in _OPEN:
                depth += 1
            elif token.kind in _CLOSE:
                depth -= 1
            items.append(token)
        i += 1
