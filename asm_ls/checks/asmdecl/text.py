"""A TEXT line as go vet's asmdecl reads it: which Go function it implements,
its flags, its local frame size and its argument size, both as the
assembler reads them and as vet's pattern reads the line's text (vet reads
the flags as words, and sees no frame or argument size where spaces or
anything but decimal digits stand: `$0 - 72` is `$0` and no size)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from asm_ls.arch.textflag import FLAGS, NOFRAME, NOSPLIT
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.lexer import Token
from asm_ls.syntax.linkname import package_go_name
from asm_ls.syntax.text import directive_flags, read_frame

# vet's asmTEXT, with Go's \s (no \v); `.` stops at a newline in both.
VET_TEXT_LINE = re.compile(
    r"\bTEXT\b(.*)\u00b7([^(]+)\(SB\)(?:[\t\n\f\r ]*,[\t\n\f\r ]*([0-9A-Z|+()]+))?"
    r"(?:[\t\n\f\r ]*,[\t\n\f\r ]*\$(-?[0-9]+)(?:-([0-9]+))?)?",
    re.ASCII,
)


@dataclass(frozen=True)
class Reading:
    """The numbers of a TEXT line, as one reader takes them."""

    nosplit: bool
    noframe: bool
    frame: int  # 0 when not readable
    args: int  # 0 when absent or not readable

    def describe(self) -> str:
        flags = "".join(f", {name}" for name, on in (("NOSPLIT", self.nosplit), ("NOFRAME", self.noframe)) if on)
        return f"${self.frame}-{self.args}{flags}"


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
    frame_tokens: list[Token]  # the whole frame operand
    vet: Reading  # what vet's pattern reads in the line as written (the assembler's reading without one)

    @property
    def nosplit(self) -> bool:
        return bool(self.flags & NOSPLIT)

    @property
    def noframe(self) -> bool:
        return bool(self.flags & NOFRAME)

    @property
    def reading(self) -> Reading:
        """The assembler's reading (flag names count without textflag.h: textflag-include says so)."""
        return Reading(self.nosplit, self.noframe, self.frame, self.args or 0)


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
    flags = _flags(statement)
    reading = Reading(bool(flags & NOSPLIT), bool(flags & NOFRAME), frame.frame or 0, frame.args or 0)
    return VetText(
        name,
        go_name,
        symbol.static,
        symbol.abi,
        flags,
        frame.frame or 0,
        frame.args,
        operands[0].tokens,
        frame.args_tokens,
        operands[-1].tokens,
        _vet_reading(statement) or reading,
    )


def _flags(statement: Statement) -> int:
    """The flags' value; textflag.h names count as its values where it is not included."""
    if len(statement.operands) != 3 or isinstance(statement.operands[1].value, ast.Constant):
        return directive_flags(statement)
    tokens = statement.operands[1].tokens
    if not all(t.text in FLAGS or t.kind in ("INT", "PIPE", "PLUS", "LPAR", "RPAR") for t in tokens):
        return 0
    flags = 0
    for token in tokens:
        if token.text in FLAGS:
            flags |= FLAGS[token.text]
        elif token.kind == "INT" and token.text.isdigit():
            flags |= int(token.text)
    return flags


def _vet_reading(statement: Statement) -> Reading | None:
    """vet's reading of the line the TEXT is written on; None when a macro wrote it."""
    mnemonic = statement.mnemonic
    if mnemonic is None or mnemonic.site is not None:
        return None
    source = mnemonic.span.source
    line = source.line_text(source.position(mnemonic.span.start)[0]).partition("//")[0]
    match = VET_TEXT_LINE.search(line)
    if match is None:
        return None
    flags = match[3] or ""
    return Reading(flags == "7" or "NOSPLIT" in flags, "NOFRAME" in flags, int(match[4] or 0), int(match[5] or 0))
