"""Operand and statement trees.

Operand trees hold token *indices* relative to the operand's first token, not
positions: the same operand text parses to the same tree anywhere, so parses
are cached and shared. `Statement` ties a tree back to its tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from asm_ls.syntax.lexer import Token
from asm_ls.syntax.linkname import linker_spelling
from asm_ls.syntax.source import Span


@dataclass(frozen=True, slots=True)
class Name:
    """An identifier in operand position: register, label, symbol or
    special operand; `R(4)` style register numbers carry `number`."""

    text: str
    at: int
    end: int
    number: int | None = None


@dataclass(frozen=True, slots=True)
class Shifted:
    """ARM shifted register: R1<<2, R1->R2, R1@>(3)."""

    register: Name
    op: str
    count: int | Name | None
    base: Name | None = None


@dataclass(frozen=True, slots=True)
class Extended:
    """arm64/loong64 register extension or arrangement: R1.UXTW<<2, V1.B16, V2.S[1]."""

    register: Name
    extension: str
    extension_at: int
    shift: int | None = None
    element: int | None = None


@dataclass(frozen=True, slots=True)
class Inner:
    """The inside of parentheses in a memory operand."""

    register: Name
    pair: Name | None = None
    pair_separator: str | None = None
    scale: int | None = None
    shift: tuple[str, int] | None = None
    extension: Extended | None = None


@dataclass(frozen=True, slots=True)
class Memory:
    """off(R1), (R1)(R2*8), (R1, R2), 8(R1)(R2.UXTW<<3), a bare constant address."""

    offset: int | None
    base: Inner | None
    index: Inner | None = None
    stray_at: int | None = None  # a token before `(` that cmd/asm silently skips


@dataclass(frozen=True, slots=True)
class SymbolRef:
    """sym(SB), ·sym+8(SB), x+8(FP), local<>(SB), f<ABIInternal>(SB), x-8(SP)."""

    name: str  # as written (with · and ∕)
    at: int
    static: bool
    abi: str | None
    offset: int
    has_offset: bool
    pseudo: str  # the register in parentheses, normally SB, FP, SP or PC
    pseudo_at: int
    index: Inner | None = None
    data_size: int | None = None

    @property
    def qualified(self) -> str:
        """The name as the linker spells it: `·` is `.`, `∕` is `/`."""
        return linker_spelling(self.name)


@dataclass(frozen=True, slots=True)
class Constant:
    value: int  # as int64


@dataclass(frozen=True, slots=True)
class FloatConstant:
    value: float


@dataclass(frozen=True, slots=True)
class StringConstant:
    value: str


@dataclass(frozen=True, slots=True)
class RegisterList:
    """[R0-R3, R5] (arm), [V1.B16, V2.B16] (arm64), [X0-X3] (x86)."""

    items: tuple[tuple[Name, Name | None, str | None], ...]  # (first, last of range, arrangement)


OperandValue = Name | Shifted | Extended | Memory | SymbolRef | Constant | FloatConstant | StringConstant | RegisterList


@dataclass(frozen=True, slots=True)
class OperandTree:
    prefix: str | None  # "$" or "*"
    value: OperandValue | None  # None when the operand does not parse
    errors: tuple[tuple[int, str], ...] = ()  # (token index, message)


@dataclass(slots=True)
class Operand:
    """An operand in place: its tree and its tokens."""

    tree: OperandTree
    tokens: list[Token]

    @property
    def value(self) -> OperandValue | None:
        return self.tree.value

    @property
    def prefix(self) -> str | None:
        return self.tree.prefix

    @property
    def span(self) -> Span:
        return span_of(self.tokens)

    def token_span(self, index: int, end: int | None = None) -> Span:
        return span_of(self.tokens[index : (end if end is not None else index) + 1])

    def text(self) -> str:
        return join_tokens(self.tokens)


@dataclass(slots=True, eq=False, weakref_slot=True)
class Statement:
    """One statement: labels, a mnemonic with suffixes, operands. Equal only
    to itself (its tokens are its place). asm_ls.syntax.lines.PlacedStatement
    is one made from a line template where the line occurs."""

    tokens: list[Token]
    labels: list[Token] = field(default_factory=list)
    mnemonic: Token | None = None
    suffixes: list[Token] = field(default_factory=list)
    operands: list[Operand] = field(default_factory=list)
    separators: list[str] = field(default_factory=list)
    errors: list[tuple[Span, str]] = field(default_factory=list)
    # What checks that judge a statement alone found, by check (see asm_ls.engine.registry);
    # a line template's statement keeps it for every line that reads the same.
    facts: dict | None = None

    @property
    def word(self) -> str:
        return self.mnemonic.text if self.mnemonic is not None else ""

    @property
    def opcode(self) -> str:
        """Mnemonic with its suffixes, as written: MOVD.P, VADDPD.Z."""
        return self.word + "".join("." + s.text for s in self.suffixes)

    @property
    def span(self) -> Span:
        return span_of(self.tokens)


def span_of(tokens: list[Token]) -> Span:
    """Span from the first to the last token, in the first token's file.

    Tokens from one macro invocation share its site, so a statement made by a
    macro spans the invocation."""
    first = tokens[0].location
    last = tokens[-1].location
    return first.cover(last)


def join_tokens(tokens: list[Token]) -> str:
    """Text of tokens, spaced as written where they are adjacent in one file."""
    parts: list[str] = []
    previous: Token | None = None
    for token in tokens:
        if previous is not None:
            adjacent = previous.span.source is token.span.source and previous.span.end == token.span.start
            if not adjacent:
                parts.append(" ")
        parts.append(token.text)
        previous = token
    return "".join(parts)
