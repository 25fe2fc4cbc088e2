"""A TEXT line as go vet's asmdecl reads it: which Go function it implements,
its flags, its local frame size and its argument size."""

from __future__ import annotations

from dataclasses import dataclass

from asm_ls.syntax import ast
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.lexer import Token
from asm_ls.syntax.text import directive_flags, read_frame

DUPOK = 2  # textflag.h
NOSPLIT = 4
NOFRAME = 512


@dataclass(frozen=True)
class TextHeader:
    name: str  # as vet prints it: the Go name, `<>` kept, ABI selector dropped
    go_name: str  # the Go function it implements
    static: bool
    abi: str | None
    flags: int
    frame: int  # local frame size; 0 when not readable
    args: int | None  # the `-N` of `$frame-N`, None when absent
    name_tokens: list[Token]
    args_tokens: list[Token]  # the `-N`, or the whole frame operand

    @property
    def nosplit(self) -> bool:
        return bool(self.flags & NOSPLIT)

    @property
    def noframe(self) -> bool:
        return bool(self.flags & NOFRAME)


def read_text(statement: Statement, import_path: str) -> TextHeader | None:
    """The header of a TEXT visible from Go (`·name` of this package), else None:
    vet stops checking at a TEXT it cannot tie to the package."""
    operands = statement.operands
    if len(operands) < 2 or not isinstance(operands[0].value, ast.SymbolRef):
        return None
    symbol = operands[0].value
    package, dot, go_name = symbol.name.rpartition("\u00b7")
    if symbol.pseudo != "SB" or not dot or not go_name or symbol.has_offset:
        return None
    if package and package.replace("\u2215", "/") != import_path:
        return None
    frame = read_frame(operands[-1])
    name = go_name + ("<>" if symbol.static else "")
    return TextHeader(
        name,
        go_name,
        symbol.static,
        symbol.abi,
        directive_flags(statement),
        frame.frame or 0,
        frame.args,
        operands[0].tokens,
        frame.args_tokens,
    )
