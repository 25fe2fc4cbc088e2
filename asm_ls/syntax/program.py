"""A file's statements grouped into TEXT functions, for one build context."""

from __future__ import annotations

from dataclasses import dataclass, field

from asm_ls.syntax.ast import Statement, SymbolRef
from asm_ls.syntax.preprocess import Preprocessed
from asm_ls.syntax.statements import split_statements

PSEUDO_OPS = frozenset({"TEXT", "DATA", "GLOBL", "PCDATA", "FUNCDATA", "PCALIGN"})


@dataclass(eq=False)
class Function:
    """A TEXT symbol and the statements up to the next TEXT (label scope)."""

    text: Statement
    statements: list[Statement] = field(default_factory=list)

    @property
    def symbol(self) -> SymbolRef | None:
        if self.text.operands and isinstance(self.text.operands[0].value, SymbolRef):
            return self.text.operands[0].value
        return None

    @property
    def name(self) -> str | None:
        symbol = self.symbol
        return symbol.name if symbol else None


@dataclass(eq=False)
class Program:
    preprocessed: Preprocessed
    statements: list[Statement]
    functions: list[Function]
    # Statements before the first TEXT: a label scope of their own.
    preamble: list[Statement]

    def scopes(self) -> list[tuple[Function | None, list[Statement]]]:
        return [(None, self.preamble)] + [(f, f.statements) for f in self.functions]


# Pseudo-ops that emit nothing: labels on them label the next statement that does.
UNPLACED = frozenset({"DATA", "GLOBL"})


def build_program(preprocessed: Preprocessed) -> Program:
    statements = split_statements(preprocessed.tokens)
    _carry_labels_past_data(statements)
    functions: list[Function] = []
    preamble: list[Statement] = []
    for statement in statements:
        if statement.word == "TEXT":
            functions.append(Function(statement, [statement]))
        elif functions:
            functions[-1].statements.append(statement)
        else:
            preamble.append(statement)
    return Program(preprocessed, statements, functions, preamble)


def _carry_labels_past_data(statements: list[Statement]) -> None:
    """Labels on DATA/GLOBL move to the next statement cmd/asm emits (which may
    be a TEXT, whose function they then belong to); at the end they vanish."""
    carried = []
    for statement in statements:
        if statement.word in UNPLACED:
            carried.extend(statement.labels)
            statement.labels = []
        elif carried and statement.mnemonic is not None:
            statement.labels = carried + statement.labels
            carried = []
