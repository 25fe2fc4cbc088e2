"""Go literal values, with the assembler's rules (strconv with base 0)."""

from __future__ import annotations

import math
import re

UINT64_MASK = (1 << 64) - 1

_PREFIXED = {"0x": 16, "0X": 16, "0b": 2, "0B": 2, "0o": 8, "0O": 8}
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_UNDERSCORES = re.compile(r"^(0[xXbBoO]_?)?[0-9a-fA-F]+(_[0-9a-fA-F]+)*$")


def parse_int(text: str) -> int:
    """Value of an integer literal as strconv.ParseUint(text, 0, 64).

    Raises ValueError with the assembler's kind of message."""
    if "_" in text and not _UNDERSCORES.match(text):
        raise ValueError(f"invalid syntax: {shown(text)}")
    digits = text.replace("_", "")
    base = _PREFIXED.get(digits[:2])
    if base is not None:
        digits = digits[2:]
    elif len(digits) > 1 and digits[0] == "0":
        base, digits = 8, digits[1:]
    else:
        base = 10
    if len(digits.lstrip("0")) > 64:  # more digits than any uint64 (and past int()'s 4300-digit limit)
        valid = all(c in _HEX_DIGITS and int(c, 16) < base for c in digits)
        raise ValueError(f"{'value out of range' if valid else 'invalid syntax'}: {shown(text)}")
    try:
        value = int(digits, base)
    except ValueError:
        raise ValueError(f"invalid syntax: {shown(text)}") from None
    if value > UINT64_MASK:
        raise ValueError(f"value out of range: {shown(text)}")
    return value


def shown(text: str, limit: int = 64) -> str:
    """text for a message: a megabyte-long literal is not repeated whole."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_float(text: str) -> float:
    """Value of a float literal as strconv.ParseFloat(text, 64); ValueError
    when it overflows float64."""
    digits = text.replace("_", "")
    try:
        value = float.fromhex(digits) if digits[:2] in ("0x", "0X") else float(digits)
    except (ValueError, OverflowError):
        raise ValueError(f"value out of range: {shown(text)}") from None
    if math.isinf(value):
        raise ValueError(f"value out of range: {shown(text)}")
    return value


_SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
}


def unquote(literal: str) -> str:
    """Contents of a Go string or rune literal; ValueError when malformed.
    A byte escape (`\\xff`, `\\377`) stands for the character of that code."""
    return "".join(chr(piece) if isinstance(piece, int) else piece for piece in unquote_pieces(literal))


def unquote_pieces(literal: str) -> list[int | str]:
    """The contents of a Go string or rune literal as strconv.Unquote reads
    them: a byte (int) for each `\\x` and octal escape, a character (str) for
    the rest; ValueError when malformed."""
    if len(literal) < 2 or literal[0] != literal[-1] or literal[0] not in "'\"`":
        raise ValueError(f"invalid syntax: {literal}")
    quote, body = literal[0], literal[1:-1]
    if quote == "`":
        return list(body.replace("\r", ""))
    out: list[int | str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        if i + 1 >= len(body):
            raise ValueError(f"invalid syntax: {literal}")
        kind = body[i + 1]
        if kind in _SIMPLE_ESCAPES and (kind not in "'\"" or kind == quote):
            out.append(_SIMPLE_ESCAPES[kind])
            i += 2
        elif kind in "01234567":
            octal = body[i + 1 : i + 4]
            if len(octal) != 3 or any(c not in "01234567" for c in octal) or int(octal, 8) > 255:
                raise ValueError(f"invalid syntax: {literal}")
            out.append(int(octal, 8))
            i += 4
        elif kind in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[kind]
            hex_digits = body[i + 2 : i + 2 + width]
            if len(hex_digits) != width or any(c not in "0123456789abcdefABCDEF" for c in hex_digits):
                raise ValueError(f"invalid syntax: {literal}")
            value = int(hex_digits, 16)
            if kind == "x":
                out.append(value)
            elif value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:  # not a valid rune
                raise ValueError(f"invalid syntax: {literal}")
            else:
                out.append(chr(value))
            i += 2 + width
        else:
            raise ValueError(f"invalid syntax: {literal}")
    return out


def to_int64(value: int) -> int:
    value &= UINT64_MASK
    return value - (1 << 64) if value >> 63 else value
