"""Build constraint expressions: `//go:build` and legacy `// +build` lines.

Mirrors go/build/constraint. An expression is parsed into a predicate over
the set of satisfied tags.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Predicate = Callable[[Callable[[str], bool]], bool]

_TOKEN = re.compile(r"\s*(\|\||&&|!|\(|\)|[\w.]+|.)")
_VALID_TAG = re.compile(r"[\w.]+")


class ConstraintError(ValueError):
    """A //go:build expression that go/build would reject."""


def go_build_expression(line: str) -> str | None:
    """The expression of a `//go:build` line, or None if it is not one."""
    return _after_prefix(line.strip(), "//go:build")


def plus_build_expression(line: str) -> str | None:
    """The expression of a `// +build` line, or None if it is not one."""
    line = line.strip()
    if not line.startswith("//"):
        return None
    return _after_prefix(line[2:].strip(), "+build")


def _after_prefix(line: str, prefix: str) -> str | None:
    if not line.startswith(prefix):
        return None
    rest = line[len(prefix) :]
    # The prefix must be followed by space (or nothing): `//go:buildx` is not one.
    if rest and rest == rest.lstrip():
        return None
    return rest.strip()


def parse_go_build(expression: str) -> Predicate:
    """Parses `a && (b || !c)`; raises ConstraintError on bad syntax."""
    tokens = [t for t in _TOKEN.findall(expression) if t.strip()]
    parser = _Parser(tokens)
    predicate = parser.or_expr()
    if parser.position != len(tokens):
        raise ConstraintError(f"unexpected {tokens[parser.position]!r} in {expression!r}")
    return predicate


def parse_plus_build(expression: str) -> Predicate:
    """`a,b c` means (a AND b) OR c; bad tags read as the tag `ignore`."""
    clauses = [[_plus_build_literal(lit) for lit in clause.split(",")] for clause in expression.split()]
    return lambda has: any(all(lit(has) for lit in clause) for clause in clauses)


def _plus_build_literal(literal: str) -> Predicate:
    if literal.startswith("!!") or literal == "!":
        return lambda has: has("ignore")
    negated = literal.startswith("!")
    name = literal.removeprefix("!")
    if not _VALID_TAG.fullmatch(name):
        name = "ignore"
    return (lambda has: not has(name)) if negated else (lambda has: has(name))


class _Parser:
    def __init__(self, tokens: list[str]):
        self.tokens = tokens
        self.position = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise ConstraintError("unexpected end of expression")
        self.position += 1
        return token

    def or_expr(self) -> Predicate:
        return self._chain("||", self.and_expr, any)

    def and_expr(self) -> Predicate:
        return self._chain("&&", self.not_expr, all)

    def _chain(self, operator: str, operand: Callable[[], Predicate], combine: Callable) -> Predicate:
        """operand (operator operand)*, combined left to right."""
        terms = [operand()]
        while self.peek() == operator:
            self.take()
            terms.append(operand())
        return terms[0] if len(terms) == 1 else (lambda has: combine(t(has) for t in terms))

    def not_expr(self) -> Predicate:
        if self.peek() == "!":
            self.take()
            inner = self.not_expr()
            return lambda has: not inner(has)
        return self.atom()

    def atom(self) -> Predicate:
        token = self.take()
        if token == "(":
            inner = self.or_expr()
            if self.take() != ")":
                raise ConstraintError("missing )")
            return inner
        if not _VALID_TAG.fullmatch(token):
            raise ConstraintError(f"unexpected {token!r}")
        return lambda has: has(token)
