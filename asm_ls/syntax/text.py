"""The fields of a TEXT (or GLOBL) line: `TEXT sym(SB), flags, $frame-args`,
read once here for every check and feature that needs them."""

from __future__ import annotations

from dataclasses import dataclass

from asm_ls.syntax import ast
from asm_ls.syntax.ast import Operand, Statement
from asm_ls.syntax.lexer import Token
from asm_ls.syntax.literals import parse_int


def directive_flags(statement: Statement) -> int:
    """The flags of a TEXT or GLOBL line, as the (macro-expanded) constant
    says; 0 without one or when it is not a constant."""
    operands = statement.operands
    value = operands[1].value if len(operands) == 3 else None
    return value.value if isinstance(value, ast.Constant) else 0


@dataclass(frozen=True)
class FrameOperand:
    """`$frame` or `$frame-args`, read token by token as cmd/asm does."""

    frame: int | None  # None when the operand does not start `$[-]integer` or the number is malformed
    args: int | None  # the `-N` of `$frame-N`, None when absent or malformed
    args_tokens: list[Token]  # the `-N`, or the whole operand
    exact: bool  # nothing but `$frame` or `$frame-args`: the only form the assembler accepts


def read_frame(operand: Operand) -> FrameOperand:
    tokens = operand.tokens
    kinds = [t.kind for t in tokens]
    unreadable = FrameOperand(None, None, tokens, False)
    if kinds[:1] != ["DOLLAR"]:
        return unreadable
    at = 2 if kinds[1:2] == ["MINUS"] else 1
    if kinds[at : at + 1] != ["INT"]:
        return unreadable
    rest = kinds[at + 1 :]
    frame = _number(tokens[at])
    if frame is None:
        return unreadable
    frame *= -1 if at == 2 else 1
    if rest == ["MINUS", "INT"]:
        args = _number(tokens[at + 2])
        return FrameOperand(frame, args, tokens[at + 1 : at + 3] if args is not None else tokens, True)
    return FrameOperand(frame, None, tokens, not rest)


def _number(token: Token) -> int | None:
    try:
        return parse_int(token.text)
    except ValueError:  # a malformed number: the syntax check reports it
        return None


@dataclass(frozen=True)
class TextHeader:
    symbol: ast.SymbolRef | None
    flags: int  # 0 when absent or not a constant
    frame: int | None  # None when not an immediate constant
    args: int | None  # None when absent (the assembler then takes it from the Go declaration)


def text_header(statement: Statement) -> TextHeader:
    operands = statement.operands
    symbol = operands[0].value if operands and isinstance(operands[0].value, ast.SymbolRef) else None
    frame = read_frame(operands[-1]) if len(operands) >= 2 else None
    return TextHeader(symbol, directive_flags(statement), frame.frame if frame else None, frame.args if frame else None)
