"""Walking a program's statements and the names inside operands."""

from __future__ import annotations

from collections.abc import Iterator

from asm_ls.syntax import ast
from asm_ls.syntax.ast import Operand, Statement
from asm_ls.syntax.program import Function, Program
from asm_ls.syntax.source import Span


def scoped_statements(program: Program) -> Iterator[tuple[Function | None, Statement]]:
    """Every statement with the TEXT function it belongs to (None before the first)."""
    for function, statements in program.scopes():
        for statement in statements:
            yield function, statement


def inner_registers(inner: ast.Inner | None) -> Iterator[ast.Name]:
    if inner is None:
        return
    yield inner.register
    if inner.pair is not None:
        yield inner.pair


def must_be_registers(value: ast.OperandValue | None) -> Iterator[ast.Name]:
    """Names the assembler can only read as registers."""
    if isinstance(value, ast.Memory):
        yield from inner_registers(value.base)
        yield from inner_registers(value.index)
    elif isinstance(value, (ast.Shifted, ast.Extended)):
        yield value.register
        if isinstance(value, ast.Shifted) and value.base is not None:
            yield value.base
    elif isinstance(value, ast.SymbolRef):
        yield from inner_registers(value.index)
    elif isinstance(value, ast.RegisterList):
        for first, last, _arrangement in value.items:
            yield first
            if last is not None:
                yield last


def name_span(operand: Operand, name: ast.Name) -> Span:
    return operand.token_span(name.at, name.end)
