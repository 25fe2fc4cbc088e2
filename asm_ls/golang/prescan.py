"""What a Go file's text tells without parsing it: its package clause,
whether it may declare a function without a body, whether it may import
"C", and which types, constants, variables, functions and methods it may declare. A package parses only the files these
answers cannot rule out (tree-sitter parsing was the largest part of a cold
check of the Go tree: cmd/compile/internal/ssa has 10 MB of Go for three
assembly functions).

Each answer is a sound superset for any text, gofmt'ed or not: a file ruled
out here cannot declare what is asked for.
"""

from __future__ import annotations

import re

_LEADING = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)
_CLAUSE = re.compile(r"package\s+([^\W\d]\w*)(?=\s|;|//|/\*|$)")


def package_clause(text: str) -> str | None:
    """The package name when the file opens (after comments) with a plain
    package clause; None when a parse must tell."""
    text = text.removeprefix("\ufeff")
    leading = _LEADING.match(text)
    assert leading is not None, "the pattern matches the empty string"
    found = _CLAUSE.match(text, leading.end())
    return found.group(1) if found else None


# A line whose first word is func (a declaration, or a literal opening a line).
_FUNC_LINE = re.compile(r"^[ \t]*func\b([^\n]*)", re.M)
# Declarations split by semicolons: `var x = 1; func f()`.
_FUNC_AFTER_SEMICOLON = re.compile(r";\s*func\b")


def may_declare_bodyless(text: str) -> bool:
    """False only if every function declaration has its body's `{` on its
    first line. Go's semicolon rule puts a body's `{` on the line where the
    signature ends, so a signature ending on its first line with `{` has a
    body, unless that `{` opens a struct or interface type or the
    parentheses are still open (the signature goes on)."""
    if _FUNC_AFTER_SEMICOLON.search(text):
        return True
    for found in _FUNC_LINE.finditer(text):
        rest = found.group(1).rstrip()
        if (
            not rest.endswith("{")
            or rest[:-1].rstrip().endswith(("struct", "interface"))
            or rest.count("(") != rest.count(")")
        ):
            return True
    return False


def may_import_c(text: str) -> bool:
    return '"C"' in text or "`C`" in text


_SPACE = r"(?>\s|//[^\n]*|/\*.*?\*/)"  # atomic: a comment ends at its first */
_NAME = r"[^\W\d]\w*"
# What follows a declaring keyword: its names, or a parenthesized group.
_AFTER_KEYWORD = re.compile(rf"{_SPACE}+({_NAME}(?:{_SPACE}*,{_SPACE}*{_NAME})*)|{_SPACE}*(\()", re.S)
_SPACES = re.compile(_SPACE, re.S)
_WORD = re.compile(r"\w+")
DECLARATION_KINDS = ("type", "const", "var")


def declared_names(text: str) -> dict[str, frozenset[str]]:
    """By kind (type, const, var), the names the file may declare: those
    that follow the keyword, or every word of the file when it has a
    parenthesized group of that kind (whose specs no pattern can delimit).
    Every occurrence of a keyword counts, in comments and strings too."""
    names: dict[str, set[str]] = {kind: set() for kind in DECLARATION_KINDS}
    grouped = set()
    for kind in DECLARATION_KINDS:
        at = text.find(kind)
        while at != -1:  # str.find, then a match at each: a regex scan of every position is 10x slower
            if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):
                found = _AFTER_KEYWORD.match(text, at + len(kind))
                if found and found.group(2):
                    grouped.add(kind)
                elif found:
                    names[kind].update(_WORD.findall(_SPACES.sub(" ", found.group(1))))
            at = text.find(kind, at + 1)
    every_word = frozenset(_WORD.findall(text)) if grouped else frozenset()
    return {kind: every_word if kind in grouped else frozenset(names[kind]) for kind in DECLARATION_KINDS}


# After `func`: a receiver `(r *T[K])` and the name, or the name alone.
_FUNC_NAME = re.compile(
    rf"{_SPACE}*(?:\({_SPACE}*(?:{_NAME}{_SPACE}+)?\*?{_SPACE}*({_NAME})[^()]*\))?{_SPACE}*({_NAME})", re.S
)
_OPEN = re.compile(rf"{_SPACE}*\(", re.S)
_THEN_NAME = re.compile(rf"{_SPACE}*({_NAME})", re.S)


def declared_funcs(text: str) -> frozenset[str]:
    """The functions (`f`) and methods (`T.m`) the file may declare: every
    `func` keyword followed by a name, or by a receiver and a name. A method
    whose receiver reads otherwise (`(r (T))`) is `?.m`."""
    found = set()
    at = text.find("func")
    while at != -1:
        end = at + 4
        if (at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")) and (
            end == len(text) or not (text[end].isalnum() or text[end] == "_")
        ):
            match = _FUNC_NAME.match(text, end)
            if match:
                receiver, name = match.groups()
                found.add(name if receiver is None else f"{receiver}.{name}")
            else:
                found.update(_odd_receiver_method(text, end))
        at = text.find("func", at + 1)
    return frozenset(found)


def _odd_receiver_method(text: str, at: int) -> list[str]:
    """`?.m` when a parenthesized list with parentheses inside is followed by a name."""
    opening = _OPEN.match(text, at)
    if opening is None:
        return []
    depth, index = 1, opening.end()
    while depth and index < len(text):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        index += 1
    name = _THEN_NAME.match(text, index)
    return [f"?.{name.group(1)}"] if name else []
