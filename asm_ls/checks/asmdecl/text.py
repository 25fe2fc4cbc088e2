"""A TEXT line as go vet's asmdecl reads it: which Go function it implements,
its flags, its local frame size and its argument size."""

from __future__ import annotations

from dataclasses import dataclass

from asm_ls.arch.textflag import NOFRAME, NOSPLIT
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.lexer import Token
from asm_ls.syntax.linkname import package_go_name
from asm_ls.syntax.text import directive_flags, read_frame


@dataclass(frozen=True)
class VetText:
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


def vet_text(statement: Statement, import_path: str) -> VetText | None:
    """The header of a TEXT visible from Go (`·name` of this package), else None:
    vet stops checking at a TEXT it cannot tie to the package."""
    operands = statement.operands
    if len(operands) < 2 or not isinstance(operands[0].value, ast.SymbolRef):
        return None
    symbol = operands[0].value
    go_name = package_go_name(symbol.name, import_path)
    if symbol.pseudo != "SB" or go_name is None or symbol.has_offset:
        return None
    frame = read_frame(operands[-1])
    name = go_name + ("<>" if symbol.static else "")
    return VetText(
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
