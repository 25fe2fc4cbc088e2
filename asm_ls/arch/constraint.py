"""Build constraint expressions: `//go:build` and legacy `// +build` lines.

The rules (and error messages) of go/build/constraint: an expression is
parsed into a tree of tags, `!`, `&&` and `||` that evaluates over the set of
satisfied tags, prints back in `//go:build` syntax, converts to `// +build`
lines and tells the Go version it requires.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

Predicate = Callable[[Callable[[str], bool]], bool]

MAX_SIZE = 1000  # go/build/constraint's limit on `!`/tags in a //go:build expression
MAX_OLD_SIZE = 100  # and on the operators of a // +build line
TOO_COMPLEX = "expression too complex for // +build lines"


class ConstraintError(ValueError):
    """A constraint go/build rejects; the message is go/build/constraint's."""


@dataclass(frozen=True)
class Tag:
    name: str

    def eval(self, has: Callable[[str], bool]) -> bool:
        return has(self.name)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Not:
    x: Expr

    def eval(self, has: Callable[[str], bool]) -> bool:
        return not self.x.eval(has)

    def __str__(self) -> str:
        inner = str(self.x)
        return "!" + (f"({inner})" if isinstance(self.x, (And, Or)) else inner)


@dataclass(frozen=True)
class And:
    x: Expr
    y: Expr

    def eval(self, has: Callable[[str], bool]) -> bool:
        left, right = self.x.eval(has), self.y.eval(has)  # both, as Go does: every tag is asked
        return left and right

    def __str__(self) -> str:
        return f"{_operand(self.x, Or)} && {_operand(self.y, Or)}"


@dataclass(frozen=True)
class Or:
    x: Expr
    y: Expr

    def eval(self, has: Callable[[str], bool]) -> bool:
        left, right = self.x.eval(has), self.y.eval(has)
        return left or right

    def __str__(self) -> str:
        return f"{_operand(self.x, And)} || {_operand(self.y, And)}"


Expr = Tag | Not | And | Or


def _operand(x: Expr, parenthesized: type) -> str:
    return f"({x})" if isinstance(x, parenthesized) else str(x)


def tags_of(x: Expr) -> list[str]:
    """Every tag the expression names, in order (repeats kept)."""
    if isinstance(x, Tag):
        return [x.name]
    if isinstance(x, Not):
        return tags_of(x.x)
    return tags_of(x.x) + tags_of(x.y)


# --- lines --------------------------------------------------------------


def split_go_build(line: str) -> str | None:
    """constraint.IsGoBuild's reading: the expression of a `//go:build` line
    (the line starting exactly so), or None if it is not one."""
    line = line.removesuffix("\n")
    if "\n" in line or not line.startswith("//go:build"):
        return None
    return _after_prefix(trim_space(line)[len("//go:build") :])


def split_plus_build(line: str) -> str | None:
    """constraint.IsPlusBuild's reading: the expression of a `// +build`
    line (the space is optional), or None if it is not one."""
    line = line.removesuffix("\n")
    if "\n" in line or not line.startswith("//"):
        return None
    line = trim_space(line[2:])
    if not line.startswith("+build"):
        return None
    return _after_prefix(line[len("+build") :])


def _after_prefix(rest: str) -> str | None:
    """The prefix must be followed by space, or nothing: `//go:buildx` is not one."""
    trimmed = trim_space(rest)
    if rest and len(trimmed) == len(rest):
        return None
    return trimmed


def trim_space(text: str) -> str:
    """strings.TrimSpace: Unicode white space."""
    return text.strip(SPACES)


# unicode.IsSpace
SPACES = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def is_go_space(char: str) -> bool:
    return char in SPACES


def go_build_expression(line: str) -> str | None:
    """The expression of a `//go:build` line (surrounding blanks allowed), or None."""
    return split_go_build(line.strip())


def plus_build_expression(line: str) -> str | None:
    """The expression of a `// +build` line (surrounding blanks allowed), or None."""
    return split_plus_build(line.strip())


def parse_line(line: str) -> Expr:
    """constraint.Parse: a `//go:build` or `// +build` line's expression."""
    expression = split_go_build(line)
    if expression is not None:
        return parse_expr(expression)
    expression = split_plus_build(line)
    if expression is not None:
        return parse_plus_build_expr(expression)
    raise ConstraintError("not a build constraint")


# --- //go:build expressions ---------------------------------------------------


def parse_expr(text: str) -> Expr:
    """Parses `a && (b || !c)`; raises ConstraintError with go/build's message."""
    parser = _Parser(text)
    x = parser.or_expr()
    if parser.token:
        raise ConstraintError("unexpected token " + parser.token)
    return x


def parse_go_build(expression: str) -> Predicate:
    return parse_expr(expression).eval


def is_valid_tag(word: str) -> bool:
    return bool(word) and all(_tag_char(c) for c in word)


def _tag_char(char: str) -> bool:
    return char.isalpha() or unicodedata.category(char) == "Nd" or char in "_."


class _Parser:
    """go/build/constraint's exprParser: one token of lookahead in `token`."""

    def __init__(self, text: str):
        self.text = text
        self.at = 0
        self.token = ""
        self.is_tag = False
        self.size = 0

    def or_expr(self) -> Expr:
        x = self.and_expr()
        while self.token == "||":
            x = Or(x, self.and_expr())
        return x

    def and_expr(self) -> Expr:
        x = self.not_expr()
        while self.token == "&&":
            x = And(x, self.not_expr())
        return x

    def not_expr(self) -> Expr:
        self.size += 1
        if self.size > MAX_SIZE:
            raise ConstraintError("build expression too large")
        self.lex()
        if self.token == "!":
            self.lex()
            if self.token == "!":
                raise ConstraintError("double negation not allowed")
            return Not(self.atom())
        return self.atom()

    def atom(self) -> Expr:
        if self.token == "(":
            try:
                x = self.or_expr()
            except ConstraintError as error:
                if str(error) == "unexpected end of expression":
                    raise ConstraintError("missing close paren") from None
                raise
            if self.token != ")":
                raise ConstraintError("missing close paren")
            self.lex()
            return x
        if not self.is_tag:
            if not self.token:
                raise ConstraintError("unexpected end of expression")
            raise ConstraintError("unexpected token " + self.token)
        tag = self.token
        self.lex()
        return Tag(tag)

    def lex(self) -> None:
        text = self.text
        self.is_tag = False
        while self.at < len(text) and text[self.at] in " \t":
            self.at += 1
        if self.at >= len(text):
            self.token = ""
            return
        char = text[self.at]
        if char in "()!":
            self.token = char
            self.at += 1
            return
        if char in "&|":
            if text[self.at + 1 : self.at + 2] != char:
                raise ConstraintError("invalid syntax at " + char)
            self.token = char * 2
            self.at += 2
            return
        end = self.at
        while end < len(text) and _tag_char(text[end]):
            end += 1
        if end == self.at:
            raise ConstraintError("invalid syntax at " + char)
        self.token = text[self.at : end]
        self.at = end
        self.is_tag = True


# --- // +build expressions ---------------------------------------------------


def parse_plus_build_expr(text: str) -> Expr:
    """`a,b c` means (a AND b) OR c; a bad literal reads as the tag `ignore`."""
    size = 0
    x: Expr | None = None
    for clause in text.split():
        y: Expr | None = None
        for literal in clause.split(","):
            z = _plus_build_literal(literal)
            if y is not None:
                size += 1
                if size > MAX_OLD_SIZE:
                    raise ConstraintError(TOO_COMPLEX)
            y = z if y is None else And(y, z)
        assert y is not None
        if x is not None:
            size += 1
            if size > MAX_OLD_SIZE:
                raise ConstraintError(TOO_COMPLEX)
        x = y if x is None else Or(x, y)
    return x if x is not None else Tag("ignore")


def _plus_build_literal(literal: str) -> Expr:
    if literal.startswith("!!") or literal == "!":
        return Tag("ignore")
    negated = literal.startswith("!")
    name = literal.removeprefix("!")
    tag = Tag(name if is_valid_tag(name) else "ignore")
    return Not(tag) if negated else tag


def parse_plus_build(expression: str) -> Predicate:
    return parse_plus_build_expr(expression).eval


# --- conversions -------------------------------------------------------------


def plus_build_lines(x: Expr) -> list[str]:
    """constraint.PlusBuildLines: `// +build` lines meaning x; ConstraintError
    when x is too complex for them."""
    x = _push_not(x, False)
    split = []
    for conjunct in _split(x, And):
        disjuncts = []
        for disjunct in _split(conjunct, Or):
            literals = _split(disjunct, And)
            if not all(isinstance(lit, (Tag, Not)) for lit in literals):
                raise ConstraintError(TOO_COMPLEX)
            disjuncts.append(literals)
        split.append(disjuncts)
    if max(len(disjuncts) for disjuncts in split) == 1:  # no OR: one line for the whole AND
        split = [[[lit for disjuncts in split for lit in disjuncts[0]]]]
    return ["// +build" + "".join(" " + ",".join(map(str, literals)) for literals in ors) for ors in split]


def _push_not(x: Expr, negate: bool) -> Expr:
    """De Morgan: negations pushed down to the tags."""
    if isinstance(x, Not):
        if isinstance(x.x, Tag) and not negate:
            return x
        return _push_not(x.x, not negate)
    if isinstance(x, Tag):
        return Not(x) if negate else x
    left, right = _push_not(x.x, negate), _push_not(x.y, negate)
    if isinstance(x, And):
        return Or(left, right) if negate else And(left, right)
    return And(left, right) if negate else Or(left, right)


def _split(x: Expr, kind: type) -> list[Expr]:
    if isinstance(x, kind):
        return _split(x.x, kind) + _split(x.y, kind)  # type: ignore[union-attr]
    return [x]


_GO_ATOI = re.compile(r"[+-]?[0-9]+")


def go_version(x: Expr) -> str:
    """constraint.GoVersion: the oldest Go version x requires (`go1.21`), or ""."""
    version = _min_version(x, 1)
    if version < 0:
        return ""
    return "go1" if version == 0 else f"go1.{version}"


def _min_version(x: Expr, sign: int) -> int:
    if isinstance(x, Not):
        return _min_version(x.x, -sign)
    if isinstance(x, Tag):
        if sign < 0:
            return -1
        if x.name == "go1":
            return 0
        _, found, rest = x.name.partition("go1.")
        # strconv.Atoi of what follows the first "go1." (or of "" without one)
        if not found or not _GO_ATOI.fullmatch(rest) or int(rest) >= 1 << 63:
            return -1
        return int(rest)
    left, right = _min_version(x.x, sign), _min_version(x.y, sign)
    take_max = isinstance(x, And) == (sign > 0)
    return max(left, right) if take_max else min(left, right)
