"""Tokenizer with the Go assembler's rules (text/scanner as cmd/asm sets it up).

Newlines are tokens (they end statements); comments are dropped; `·` and `∕`
are identifier characters; `<<`, `>>`, `->` and `@>` are single tokens.
"""

from __future__ import annotations

import re

from asm_ls.files import MAX_SOURCE_BYTES
from asm_ls.syntax.source import SourceFile, Span

# Token kinds double as the terminal names of the operand grammar.
PUNCTUATION = {
    "(": "LPAR",
    ")": "RPAR",
    "[": "LSQB",
    "]": "RSQB",
    "{": "LBRACE",
    "}": "RBRACE",
    ",": "COMMA",
    ":": "COLON",
    ";": "SEMICOLON",
    ".": "DOT",
    "$": "DOLLAR",
    "*": "STAR",
    "+": "PLUS",
    "-": "MINUS",
    "/": "SLASH",
    "%": "PERCENT",
    "&": "AMP",
    "|": "PIPE",
    "^": "CARET",
    "~": "TILDE",
    "<": "LT",
    ">": "GT",
    "#": "HASH",
    "\\": "BACKSLASH",
    "=": "EQUAL",
    "!": "BANG",
    "@": "AT",
    "?": "QMARK",
}
OPERATORS = {"<<": "LSH", ">>": "RSH", "->": "ARR", "@>": "ROT"}

_DIGITS = r"[0-9][0-9_]*"
_EXPONENT = r"[eE][+-]?[0-9_]+"
_TOKEN_RE = re.compile(
    "|".join(
        [
            # The commonest first: no other alternative can start where an identifier does.
            r"(?P<ident>(?:[^\W\d]|[\u00b7\u2215])(?:\w|[\u00b7\u2215])*)",
            r"(?P<space>[ \t\r]+)",
            r"(?P<newline>\n)",
            r"(?P<line_comment>//[^\n]*)",
            r"(?P<block_comment>/\*(?:[^*]|\*(?!/))*(?:\*/)?)",
            r"(?P<float>0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?[pP][+-]?[0-9_]+"
            rf"|{_DIGITS}\.[0-9_]*(?:{_EXPONENT})?|\.[0-9][0-9_]*(?:{_EXPONENT})?"
            rf"|{_DIGITS}{_EXPONENT})",
            r"(?P<int>0[xX][0-9a-fA-F_]*|0[bB][0-9_]*|0[oO][0-9_]*|[0-9][0-9_]*)",
            r"(?P<char>'(?:[^'\\\n]|\\.)*'?)",
            r"(?P<string>\"(?:[^\"\\\n]|\\.)*\"?)",
            r"(?P<operator><<|>>|->|@>)",
            r"(?P<other>.)",
        ]
    ),
    re.DOTALL,
)

UNTERMINATED_COMMENT = "comment not terminated"

# go/build/constraint.IsGoBuild: a //go:build line must precede all code.
_GO_BUILD = re.compile(r"//go:build(?:[ \t]|$)")

_KIND_OF_GROUP = {
    "float": "FLOAT",
    "int": "INT",
    "ident": "IDENT",
    "char": "CHAR",
    "string": "STRING",
}


class Token:
    """A token: kind, text, where it is, and where a macro put it.

    `span` is where the token's characters are (a file, or a #define body).
    `site` is set for tokens produced by a macro expansion: the span of the
    outermost invocation in the text being assembled, where diagnostics go.
    """

    __slots__ = ("kind", "text", "span", "site")

    def __init__(self, kind: str, text: str, span: Span, site: Span | None = None):
        self.kind = kind
        self.text = text
        self.span = span
        self.site = site

    @property
    def location(self) -> Span:
        """Where a diagnostic about this token belongs."""
        return self.site or self.span

    def expanded(self, site: Span) -> Token:
        return Token(self.kind, self.text, self.span, site)

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.text!r})"


class LexError:
    __slots__ = ("span", "message", "code")

    def __init__(self, span: Span, message: str, code: str = "parse-error"):
        self.span = span
        self.message = message
        self.code = code


def unusable_text(text: str) -> str | None:
    """Why a text is not checked: an editor buffer gets the rules of
    asm_ls.files for files on disk (size limit, no binary)."""
    if len(text) > MAX_SOURCE_BYTES:
        megabytes, limit = len(text) // (1024 * 1024), MAX_SOURCE_BYTES // (1024 * 1024)
        return f"file is too large ({megabytes} MiB; the limit is {limit} MiB): not checked"
    if "\0" in text:
        return "binary file (contains NUL bytes): not checked"
    return None


def go_build_comment(line: str) -> tuple[int, int] | None:
    """Where a line that starts (after blanks) with a //go:build comment has it."""
    match = _LEADING_GO_BUILD.match(line)
    return match.span(1) if match else None


_LEADING_GO_BUILD = re.compile(r"[ \t\r]*(//go:build(?:[ \t][^\n]*)?)$")


def tokenize(
    source: SourceFile, start: int = 0, end: int | None = None, code_before: bool = False, checked: bool = False
) -> tuple[list[Token], list[LexError]]:
    """All tokens of a file (comments dropped, newlines kept, no EOF token),
    or of the part of its text from start to end (code_before: the file has
    code before start, which a //go:build line must not follow; checked: the
    caller knows the text is usable, as a line of a file that is)."""
    tokens: list[Token] = []
    errors: list[LexError] = []
    unusable = None if checked else unusable_text(source.text)
    if unusable:
        errors.append(LexError(Span(source, 0, 0), unusable, "unreadable-file"))
        return tokens, errors
    append = tokens.append
    saw_code = code_before
    # text/scanner skips a byte order mark at the very start.
    start_at = 1 if start == 0 and source.text.startswith("\ufeff") else start
    for match in _TOKEN_RE.finditer(source.text, start_at, len(source.text) if end is None else end):
        group = match.lastgroup
        assert group is not None, "every alternative of _TOKEN_RE is a named group"
        if group == "space":
            continue
        if group == "line_comment":
            if saw_code and _GO_BUILD.match(match.group()):
                errors.append(LexError(Span(source, *match.span()), "misplaced //go:build comment"))
            continue
        start, end = match.span()
        text = match.group()
        if group == "block_comment":
            if not text.endswith("*/") or len(text) < 4:
                errors.append(LexError(Span(source, start, end), UNTERMINATED_COMMENT))
            # Like the assembler, a comment spanning lines does not end a statement.
            continue
        if group == "newline":
            append(Token("NEWLINE", "\n", Span(source, start, end)))
            continue
        saw_code = True
        if group == "operator":
            append(Token(OPERATORS[text], text, Span(source, start, end)))
            continue
        if group == "other":
            append(Token(PUNCTUATION.get(text, "OTHER"), text, Span(source, start, end)))
            continue
        kind = _KIND_OF_GROUP[group]
        if kind in ("CHAR", "STRING") and (len(text) < 2 or text[-1] != text[0]):
            errors.append(
                LexError(Span(source, start, end), f"{'literal' if kind == 'CHAR' else 'string'} not terminated")
            )
        append(Token(kind, text, Span(source, start, end)))
    return tokens, errors
