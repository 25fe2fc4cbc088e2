"""Walking statements and the names inside operands."""

from __future__ import annotations

from collections.abc import Iterator

from asm_ls.arch import Arch
from asm_ls.diagnostics import CheckUnit, Diagnostic
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Operand, Statement
from asm_ls.syntax.program import Function


def scoped_statements(unit: CheckUnit) -> Iterator[tuple[Function | None, Statement]]:
    for function, statements in unit.program.scopes():
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


def diagnostic(unit: CheckUnit, function: Function | None, span, code: str, message: str, **extra) -> Diagnostic:
    return Diagnostic(span, code, message, arch=unit.arch.name, function=function.name if function else None, **extra)


def name_span(operand: Operand, name: ast.Name):
    return operand.token_span(name.at, name.end)


def is_register(arch: Arch, name: ast.Name) -> bool:
    """Whether the assembler reads the name (or `R(n)`) as a register of arch."""
    if name.number is None:
        return name.text in arch.registers
    bounds = arch.register_prefixes.get(name.text)
    return bounds is not None and bounds[0] <= name.number <= bounds[1]
