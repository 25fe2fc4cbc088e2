"""The fields of a TEXT line: `TEXT sym(SB), flags, $frame-args`."""

from __future__ import annotations

from dataclasses import dataclass

from asm_ls.syntax import ast
from asm_ls.syntax.ast import Operand, Statement
from asm_ls.syntax.literals import parse_int


@dataclass(frozen=True)
class TextHeader:
    symbol: ast.SymbolRef | None
    flags: int  # 0 when absent or not a constant
    frame: int | None  # None when not an immediate constant
    args: int | None  # None when absent (the assembler then takes it from the Go declaration)
    frame_operand: Operand | None


def text_header(statement: Statement) -> TextHeader:
    operands = statement.operands
    symbol = operands[0].value if operands and isinstance(operands[0].value, ast.SymbolRef) else None
    flags = 0
    if len(operands) == 3 and isinstance(operands[1].value, ast.Constant):
        flags = operands[1].value.value
    last = operands[-1] if len(operands) >= 2 else None
    frame, args = _frame_and_args(last) if last is not None else (None, None)
    return TextHeader(symbol, flags, frame, args, last)


def _frame_and_args(operand: Operand) -> tuple[int | None, int | None]:
    """`$frame` or `$frame-args`, read token by token as cmd/asm does."""
    tokens = operand.tokens
    if len(tokens) < 2 or tokens[0].kind != "DOLLAR":
        return None, None
    rest = tokens[1:]
    sign = 1
    if rest[0].kind == "MINUS":
        sign, rest = -1, rest[1:]
    if not rest or rest[0].kind != "INT":
        return None, None
    try:
        frame = sign * parse_int(rest[0].text)
        if len(rest) == 3 and rest[1].kind == "MINUS" and rest[2].kind == "INT":
            return frame, parse_int(rest[2].text)
    except ValueError:  # reported by the syntax check
        return None, None
    return frame, None
