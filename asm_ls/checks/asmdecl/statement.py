"""One statement as go vet's asmdecl sees its line: the operands in written
order, the frame references it reads (only plain decimal offsets), its
opcode, and whether it writes the stack pointer (vet's textual test,
`, SP` in the line, quirks included)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from asm_ls.arch import Arch
from asm_ls.checks.asmdecl.moves import vet_opcode
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Operand, Statement
from asm_ls.syntax.lexer import Token
from asm_ls.syntax.source import Span
from asm_ls.syntax.walk import must_be_registers


class StackWrite(Enum):
    NONE = 0
    EXACT = 1  # the stack register itself is written
    PREFIX = 2  # a register whose name starts with it (R15 for ppc64's R1): vet takes it for SP


@dataclass(frozen=True)
class NamedReference:
    name: str
    offset: int


def written_order(statement: Statement) -> list[Operand]:
    """The operands as written (the parser swaps those around a `:`)."""
    if ":" not in statement.separators:
        return list(statement.operands)
    position = {id(token): index for index, token in enumerate(statement.tokens)}
    return sorted(statement.operands, key=lambda o: position[id(o.tokens[0])])


def stack_write(statement: Statement, operands: list[Operand], stack: str) -> StackWrite:
    """vet's test: `, SP` or `NOP SP` (one space or tab) somewhere in the line."""
    targets = operands if statement.word == "NOP" else operands[1:]
    found = StackWrite.NONE
    for operand in targets:
        first = operand.tokens[0]
        if first.text.startswith(stack) and _one_blank_before(statement, first):
            if first.text == stack and len(operand.tokens) == 1:
                return StackWrite.EXACT
            found = StackWrite.PREFIX
    return found


def _one_blank_before(statement: Statement, token: Token) -> bool:
    """Whether token follows a comma (or NOP) and exactly one space or tab."""
    index = next(i for i, t in enumerate(statement.tokens) if t is token)
    previous = statement.tokens[index - 1]
    source = token.span.source
    return (
        (previous.kind == "COMMA" or previous is statement.mnemonic)
        and previous.span.source is source
        and source.text[previous.span.end : token.span.start] in (" ", "\t")
    )


def mentions_register(operands: list[Operand], names: tuple[str, ...]) -> bool:
    for operand in operands:
        plain = [operand.value] if isinstance(operand.value, ast.Name) else []
        if any(n.text in names for n in [*plain, *must_be_registers(operand.value)]):
            return True
    return False


def is_tail_call(operands: list[Operand]) -> bool:
    """`RET f(SB)` jumps to f, which writes the results."""
    return any(isinstance(o.value, ast.SymbolRef) and o.value.pseudo == "SB" for o in operands)


def opcode(statement: Statement, goarch: str) -> str:
    """vet's opcode: the mnemonic's leading capitals, when at most one plain
    label precedes it on its line (vet's pattern allows no more)."""
    if statement.mnemonic is None:
        return ""
    where = statement.mnemonic.location
    on_line = [label for label in statement.labels if _same_line(label.location, where)]
    if len(on_line) > 1 or any(not re.fullmatch(r"\w+", label.text, re.ASCII) for label in on_line):
        return ""
    return vet_opcode(statement.word, goarch)


def _same_line(before: Span, after: Span) -> bool:
    """Whether a span ends on the line where a later one starts (no line is counted)."""
    return before.source is after.source and "\n" not in before.source.text[before.end : after.start]


def offset_from(operand: Operand, register: str) -> int | None:
    """N in `N(register)`, written as a plain number."""
    value = operand.value
    if not isinstance(value, ast.Memory) or value.base is None or value.offset is None:
        return None
    base = value.base.register
    if base.text != register or base.number is not None or not _number_before(operand, base.at, 0):
        return None
    return value.offset


def named_reference(operand: Operand) -> NamedReference | None:
    """name and N in `name+N(FP)`, N written as a plain number."""
    ref = operand.value
    if not (
        isinstance(ref, ast.SymbolRef)
        and ref.pseudo == "FP"
        and _number_before(operand, ref.pseudo_at, 2)
        and operand.tokens[ref.pseudo_at - 3].kind == "PLUS"
    ):
        return None
    return NamedReference(ref.name, ref.offset)


def _number_before(operand: Operand, register_at: int, first_at: int) -> bool:
    """Whether the register is preceded by `N(`, N a decimal literal at first_at
    (after a `$` prefix, if any): the offsets vet reads. It skips `(28+4)(SP)`
    and `x+(16+7)(FP)`, which users write on purpose."""
    tokens = operand.tokens
    first_at += operand.prefix is not None
    return (
        register_at == first_at + 2
        and tokens[register_at - 1].kind == "LPAR"
        and tokens[first_at].kind == "INT"
        and tokens[first_at].text.isdigit()
    )


def result_writer(statement: Statement, operands: list[Operand], arch: Arch) -> bool:
    """Whether vet counts the statement as setting an ABIInternal result."""
    return statement.word in arch.result_writing_instructions or mentions_register(operands, arch.result_registers)
