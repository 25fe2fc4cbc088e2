"""Where the cursor is, for completion, read from the text of its line alone:
the document is mid-edit and may not parse, so nothing here needs a parse."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Position = Literal["none", "instruction", "operand", "include", "directive", "condition"]

NAME_CHARS = r"[\w\u00b7\u2215]"
_NAME = rf"(?:[^\W\d]|[\u00b7\u2215]){NAME_CHARS}*"
_WORD_BEFORE = re.compile(rf"{NAME_CHARS}*$")
_WORD_AFTER = re.compile(rf"{NAME_CHARS}*")
_LABELS = re.compile(rf"\s*(?:{_NAME}\s*:(?![:=])\s*)*")
_MNEMONIC = re.compile(r"([A-Za-z_]\w*)((?:\.\w*)*)")
_INCLUDE = re.compile(r'\s*#\s*include\s*"([^"]*)$')
_DIRECTIVE = re.compile(r"\s*#\s*(\w*)$")
_CONDITION = re.compile(r"\s*#\s*(?:ifdef|ifndef|undef)\s+(\w*)$")
_FRAME_BEFORE_PAREN = re.compile(r"(?<![\w\u00b7\u2215])([^\W\d]\w*)\s*[+-]\s*\w*$")


@dataclass(frozen=True)
class LineContext:
    """What is being typed: its position kind and the word the completion replaces."""

    position: Position
    word: str  # the part of the word before the cursor
    start: int  # offsets in the text of the word to replace (whole word, also after the cursor)
    end: int
    after: str = ""  # the rest of the line after the word
    mnemonic: str = ""  # operand position: the statement's mnemonic, suffixes dropped
    operand_index: int = 0
    operand: str = ""  # the operand's text up to the cursor, without leading blanks
    operand_start: int = 0  # offset of that text
    in_parentheses: bool = False  # inside `(...)`: a register, pseudo-register included
    frame_start: int | None = None  # `x+8(F|`: offset of x, for a name+off(FP) replacement
    qualifier: str | None = None  # the word has a `·`: what precedes it ("" for the package's own)


def line_context(text: str, offset: int) -> LineContext:
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    if line_end < 0:
        line_end = len(text)
    before = text[line_start:offset]
    after = text[offset:line_end]
    if _in_comment(before):
        return LineContext("none", "", offset, offset)
    if before.lstrip().startswith("#"):
        return _preprocessor_context(before, after, offset)
    statement_start = before.rfind(";") + 1  # `;` separates statements on a line
    statement = before[statement_start:]
    labels = _always(_LABELS.match(statement)).end()
    rest = statement[labels:]
    word = _always(_WORD_BEFORE.search(before)).group()
    start = offset - len(word)
    end = offset + _always(_WORD_AFTER.match(after)).end()
    tail = text[end:line_end]
    if rest == word and not word[:1].isdigit() and "\u00b7" not in word:
        return LineContext("instruction", word, start, end, tail)
    mnemonic = _MNEMONIC.match(rest)
    following = rest[mnemonic.end() : mnemonic.end() + 1] if mnemonic else ""
    if mnemonic is None or (not following.isspace() and following != "("):
        return LineContext("none", word, start, end, tail)
    # `NAME(` can only be a function-like macro: its arguments are operands.
    operands_at = mnemonic.end() + (following == "(")
    index, operand_at = _current_operand(rest, operands_at)
    operand_text = rest[operand_at:]
    stripped = operand_text.lstrip()
    operand_start = offset - len(stripped)
    in_parentheses, frame_start = _parentheses(stripped, operand_start)
    qualifier = word[: word.rfind("\u00b7")] if "\u00b7" in word else None
    return LineContext(
        "operand",
        word,
        start,
        end,
        tail,
        mnemonic.group(1),
        index,
        stripped,
        operand_start,
        in_parentheses,
        frame_start,
        qualifier,
    )


def _always(found: re.Match[str] | None) -> re.Match[str]:
    """The match of a pattern that matches the empty string, so always."""
    assert found is not None
    return found


def _in_comment(before: str) -> bool:
    """Whether the cursor is in a `//` or an open `/*` comment (strings are
    ignored: the line is being read, not lexed)."""
    quote = None
    i = 0
    in_block = False
    while i < len(before):
        pair = before[i : i + 2]
        if in_block:
            if pair == "*/":
                in_block = False
                i += 1
        elif quote:
            if before[i] == "\\":
                i += 1
            elif before[i] == quote:
                quote = None
        elif before[i] in "\"'":
            quote = before[i]
        elif pair == "//":
            return True
        elif pair == "/*":
            in_block = True
            i += 1
        i += 1
    return in_block


def _preprocessor_context(before: str, after: str, offset: int) -> LineContext:
    include = _INCLUDE.match(before)
    if include:
        typed = include.group(1)
        closing = after.find('"')
        end = offset + (closing if closing >= 0 else len(after.rstrip()))
        return LineContext("include", typed, offset - len(typed), end, after[end - offset :])
    word_end = offset + _always(_WORD_AFTER.match(after)).end()
    patterns: tuple[tuple[re.Pattern[str], Position], ...] = ((_DIRECTIVE, "directive"), (_CONDITION, "condition"))
    for pattern, position in patterns:
        found = pattern.match(before)
        if found:
            typed = found.group(1)
            return LineContext(position, typed, offset - len(typed), word_end)
    return LineContext("none", "", offset, offset)


def _current_operand(statement: str, at: int) -> tuple[int, int]:
    """(index, start) of the operand the cursor is in: commas outside brackets separate operands."""
    depth = 0
    index = 0
    start = at
    for i in range(at, len(statement)):
        char = statement[i]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            index += 1
            start = i + 1
    return index, start


def _parentheses(operand: str, operand_start: int) -> tuple[bool, int | None]:
    """Whether the cursor is inside `(` or `[`, and where a name+off before that `(` starts."""
    depth = 0
    opened = -1
    for i, char in enumerate(operand):
        if char in "([":
            depth += 1
            opened = i
        elif char in ")]":
            depth = max(depth - 1, 0)
    if depth == 0:
        return False, None
    if operand[opened] == "[":
        return True, None
    prefix = operand[:opened].rstrip()
    if prefix[-1:] not in ("", ")") and not re.match(NAME_CHARS, prefix[-1:]):
        return False, None  # `$(` or `+(`: an expression, not a register
    frame = _FRAME_BEFORE_PAREN.search(prefix)
    return True, operand_start + frame.start(1) if frame else None
