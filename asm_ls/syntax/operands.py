"""Parse one operand's tokens: the commonest shapes directly, the rest with the
lark grammar in operand.lark.

Results depend only on the tokens' kinds and texts, so they are cached by
that signature: the same operand anywhere in any file parses once.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any, cast

from lark import Lark, Transformer, v_args
from lark import Token as LarkToken
from lark.exceptions import UnexpectedInput, VisitError
from lark.lexer import Lexer

from asm_ls.syntax import ast
from asm_ls.syntax.lexer import Token
from asm_ls.syntax.literals import UINT64_MASK, parse_float, parse_int, to_int64, unquote

Signature = tuple[tuple[str, str], ...]


class OperandError(Exception):
    def __init__(self, at: int, message: str):
        super().__init__(message)
        self.at = at
        self.message = message


class _SignatureLexer(Lexer):
    """Feeds lark the already-made tokens; a token's value is (index, text)."""

    def __init__(self, lexer_conf):
        pass

    # lark hands a custom lexer what parse() was given (our Signature), not a LexerState.
    def lex(self, data: Signature, parser_state: Any = None) -> Iterator[LarkToken]:  # type: ignore[override]
        for index, (kind, text) in enumerate(data):
            yield LarkToken(kind, (index, text))


def _at(token: LarkToken) -> int:
    return token.value[0]


def _text(token: LarkToken) -> str:
    return token.value[1]


class _Value:
    """An evaluated integer expression and the index of its first token."""

    __slots__ = ("value", "at")

    def __init__(self, value: int, at: int):
        self.value = value & UINT64_MASK
        self.at = at


def _apply(op: LarkToken, left: _Value, right: _Value) -> _Value:
    a, b, kind = left.value, right.value, op.type
    at = left.at
    if kind == "PLUS":
        return _Value(a + b, at)
    if kind == "MINUS":
        return _Value(a - b, at)
    if kind == "PIPE":
        return _Value(a | b, at)
    if kind == "CARET":
        return _Value(a ^ b, at)
    if kind == "STAR":
        return _Value(a * b, at)
    if kind == "AMP":
        return _Value(a & b, at)
    if kind in ("SLASH", "PERCENT"):
        verb = "divide" if kind == "SLASH" else "modulo"
        if a >> 63:
            raise OperandError(_at(op), f"{verb} of value with high bit set")
        if b == 0:
            raise OperandError(_at(op), "division by zero" if kind == "SLASH" else "modulo by zero")
        return _Value(a // b if kind == "SLASH" else a % b, at)
    if kind == "LSH":
        if b >> 63:
            raise OperandError(_at(op), "negative left shift count")
        return _Value(a << b if b < 64 else 0, at)
    if kind == "RSH":
        if b >> 63:
            raise OperandError(_at(op), "negative right shift count")
        if a >> 63:
            raise OperandError(_at(op), "right shift of value with high bit set")
        return _Value(a >> b if b < 64 else 0, at)
    raise OperandError(_at(op), f"unexpected {_text(op)} in expression")


@v_args(inline=True)
class _Build(Transformer):
    """Lark tree -> asm_ls.syntax.ast nodes, evaluating constant expressions."""

    # --- expressions ---
    def integer(self, token):
        try:
            return _Value(parse_int(_text(token)), _at(token))
        except ValueError as error:
            raise OperandError(_at(token), str(error)) from None

    def character(self, token):
        try:
            text = unquote(_text(token))
        except ValueError as error:
            raise OperandError(_at(token), str(error)) from None
        if len(text) != 1:
            raise OperandError(_at(token), f"invalid rune literal {_text(token)}")
        return _Value(ord(text), _at(token))

    def unary(self, op, value):
        if op.type == "MINUS":
            return _Value(-value.value, _at(op))
        if op.type == "TILDE":
            return _Value(~value.value, _at(op))
        return _Value(value.value, _at(op))

    def binary(self, left, op, right):
        return _apply(op, left, right)

    def float_literal(self, token):
        try:
            return parse_float(_text(token))
        except ValueError as error:
            raise OperandError(_at(token), str(error)) from None

    def float_unary(self, op, value):
        return -value if op.type == "MINUS" else value

    def factor(self, lpar, value, rpar):
        return value

    def float_paren(self, lpar, value, rpar):
        return value

    # --- registers and names ---
    def name(self, ident, lpar=None, number=None, rpar=None):
        if number is None:
            return ast.Name(_text(ident), _at(ident), _at(ident))
        try:
            value = parse_int(_text(number))
        except ValueError as error:
            raise OperandError(_at(number), str(error)) from None
        return ast.Name(_text(ident), _at(ident), _at(rpar), value)

    def shift_op(self, token):
        return token

    def shift_count(self, count):
        if isinstance(count, LarkToken):  # a register (arm), or an error for arm64
            return ast.Name(_text(count), _at(count), _at(count))
        return count.value

    def shift_base(self, lpar, ident, rpar):
        return ast.Name(_text(ident), _at(ident), _at(ident))

    def shifted(self, register, op, count, base=None):
        return ast.Shifted(register, _text(op), count, base)

    def extension(self, dot, ident, amount=None):
        return (ident, amount)

    def ext_amount(self, *parts):
        kind = "shift" if parts[0].type == "LSH" else "element"
        return (kind, self.integer(parts[1]).value)

    def _extended(self, register, extension):
        ident, amount = extension
        shift = amount[1] if amount and amount[0] == "shift" else None
        element = amount[1] if amount and amount[0] == "element" else None
        return ast.Extended(register, _text(ident), _at(ident), shift, element)

    def extended(self, register, extension):
        return self._extended(register, extension)

    # --- memory ---
    def pair(self, separator, name):
        return (_text(separator), name)

    def scale(self, star, number):
        return self.integer(number).value

    def inner(self, register, *rest):
        pair = next((r for r in rest if isinstance(r, tuple)), None)
        scale = next((r for r in rest if isinstance(r, int)), None)
        return ast.Inner(register, pair[1] if pair else None, pair[0] if pair else None, scale)

    def inner_shifted(self, register, op, number):
        return ast.Inner(register, shift=(_text(op), self.integer(number).value))

    def inner_extended(self, register, extension):
        return ast.Inner(register, extension=self._extended(register, extension))

    def indirect(self, lpar, inner, rpar):
        return inner

    def index(self, lpar, inner, rpar):
        return inner

    def memory(self, *parts):
        offset = None
        if isinstance(parts[0], _Value):
            offset = to_int64(parts[0].value)
            parts = parts[1:]
        return ast.Memory(offset, parts[0], parts[1] if len(parts) > 1 else None)

    def stray(self, token):
        return token

    def stray_memory(self, stray, base, index=None):
        return ast.Memory(None, base, index, stray_at=_at(stray))

    # --- symbols ---
    def abi(self, lt, *rest):
        return _text(rest[0]) if len(rest) == 2 else ""

    def symbol_offset(self, value):
        return value

    def data_size(self, slash, number):
        return self.integer(number).value

    def symbol(self, ident, *parts):
        abi = None
        offset = None
        index = None
        data_size = None
        pseudo = None
        for part in parts:
            if isinstance(part, LarkToken):
                if part.type == "IDENT":
                    pseudo = part
            elif isinstance(part, str):
                abi = part
            elif isinstance(part, _Value):
                offset = part
            elif isinstance(part, ast.Inner):
                index = part
            elif isinstance(part, int):
                data_size = part
        assert pseudo is not None, "the grammar's symbol rule requires the (FP)/(SB) name"
        return ast.SymbolRef(
            name=_text(ident),
            at=_at(ident),
            static=abi == "",
            abi=abi or None,
            offset=to_int64(offset.value) if offset else 0,
            has_offset=offset is not None,
            pseudo=_text(pseudo),
            pseudo_at=_at(pseudo),
            index=index,
            data_size=data_size,
        )

    # --- constants and lists ---
    def constant(self, value):
        return ast.Constant(to_int64(value.value))

    def float_constant(self, value):
        return ast.FloatConstant(value)

    def string_constant(self, token):
        try:
            return ast.StringConstant(unquote(_text(token)))
        except ValueError as error:
            raise OperandError(_at(token), f"string parse error: {error}") from None

    def reglist_item(self, first, minus=None, last=None):
        return (first, last, None)

    def reglist_arranged(self, register, dot, arrangement):
        return (register, None, _text(arrangement))

    def reglist(self, *parts):
        return ast.RegisterList(tuple(p for p in parts if isinstance(p, tuple)))

    def prefix(self, token):
        return _text(token)

    def start(self, *parts):
        if len(parts) == 2:
            return ast.OperandTree(parts[0], parts[1])
        return ast.OperandTree(None, parts[0])


_parser: Lark | None = None


def _grammar() -> Lark:
    global _parser
    if _parser is None:
        text = resources.files("asm_ls.syntax").joinpath("operand.lark").read_text()
        _parser = Lark(text, parser="lalr", lexer=_SignatureLexer, transformer=_Build())
    return _parser


def _describe(kind: str, text: str) -> str:
    return "end of operand" if kind == "$END" else repr(text)


@lru_cache(maxsize=200_000)
def parse_signature(signature: Signature) -> ast.OperandTree:
    """Tree of one operand given as ((kind, text), ...)."""
    return common_shape(signature) or parse_with_grammar(signature)


def common_shape(signature: Signature) -> ast.OperandTree | None:
    """The tree of an operand of one of the commonest shapes (three quarters
    of the Go tree's distinct operands: registers, `$n`, `(R)`, `n(R)`,
    symbols), built without the LALR parser, which was 7% of a check; the
    same tree the grammar gives. None for any other operand, or a number
    that does not parse (the grammar words the error)."""
    kinds = tuple(kind for kind, _ in signature)
    texts = [text for _, text in signature]
    try:
        if kinds == ("IDENT",):
            return ast.OperandTree(None, ast.Name(texts[0], 0, 0))
        if kinds == ("DOLLAR", "INT"):
            return ast.OperandTree("$", ast.Constant(to_int64(parse_int(texts[1]) & UINT64_MASK)))
        if kinds == ("LPAR", "IDENT", "RPAR"):
            return ast.OperandTree(None, ast.Memory(None, ast.Inner(ast.Name(texts[1], 1, 1))))
        if kinds == ("INT", "LPAR", "IDENT", "RPAR"):
            offset = to_int64(parse_int(texts[0]) & UINT64_MASK)
            return ast.OperandTree(None, ast.Memory(offset, ast.Inner(ast.Name(texts[2], 2, 2))))
        return _symbol(kinds, texts)
    except ValueError:
        return None


def _symbol(kinds: tuple[str, ...], texts: list[str]) -> ast.OperandTree | None:
    """name[<>|<ABI>][±n](PSEUDO)[/size]"""
    if not kinds or kinds[0] != "IDENT":
        return None
    at, abi, static, offset = 1, None, False, None
    if kinds[at : at + 2] == ("LT", "GT"):
        at, static = at + 2, True
    elif kinds[at : at + 3] == ("LT", "IDENT", "GT"):
        at, abi = at + 3, texts[at + 1]
    if kinds[at : at + 2] in (("PLUS", "INT"), ("MINUS", "INT")):
        value = parse_int(texts[at + 1]) & UINT64_MASK
        offset = to_int64((-value if kinds[at] == "MINUS" else value) & UINT64_MASK)
        at += 2
    if kinds[at : at + 3] != ("LPAR", "IDENT", "RPAR"):
        return None
    pseudo_at, at = at + 1, at + 3
    data_size = None
    if kinds[at:] == ("SLASH", "INT"):
        data_size, at = parse_int(texts[at + 1]) & UINT64_MASK, at + 2
    if at != len(kinds):
        return None
    return ast.OperandTree(
        None,
        ast.SymbolRef(
            name=texts[0],
            at=0,
            static=static,
            abi=abi,
            offset=offset or 0,
            has_offset=offset is not None,
            pseudo=texts[pseudo_at],
            pseudo_at=pseudo_at,
            data_size=data_size,
        ),
    )


def parse_with_grammar(signature: Signature) -> ast.OperandTree:
    try:
        # The transformer runs during the LALR parse, so parse() returns what _Build makes.
        return cast(ast.OperandTree, _grammar().parse(signature))
    except OperandError as error:
        return ast.OperandTree(None, None, ((error.at, error.message),))
    except VisitError as error:
        inner = error.orig_exc
        if isinstance(inner, OperandError):
            return ast.OperandTree(None, None, ((inner.at, inner.message),))
        raise
    except UnexpectedInput as error:
        token = getattr(error, "token", None)
        if token is None or token.type == "$END":
            return ast.OperandTree(None, None, ((len(signature) - 1, "unexpected end of operand"),))
        index, text = token.value
        return ast.OperandTree(None, None, ((index, f"unexpected {text!r} in operand"),))


def parse_operand(tokens: list[Token]) -> ast.Operand:
    signature = tuple((t.kind, t.text) for t in tokens)
    return ast.Operand(parse_signature(signature), tokens)
