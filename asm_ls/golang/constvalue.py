"""Go constant values with the type checker's semantics (go/types, types2).

A constant is untyped (`1`, `'a'`, `1.5`, `2i`, `"s"`, `true`, and what
arithmetic on untyped constants gives) or typed (`uint8(1)`, `len("ab")`, a
constant declared with a type). Untyped integers are exact (up to 512 bits,
as the compiler allows), untyped floats exact fractions; typed constants
must be representable in their type after every operation: overflow is an
error, never a wraparound, and a typed float is rounded to its precision.
The size of `int`, `uint` and `uintptr` comes from the build context
(`Words`); without one, a value that depends on it is unknown.

Errors are ConstError (Go rejects the expression) or ConstUnknown (asm-ls
cannot tell here); both carry a one-line message.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

# Untyped integer constants may not grow beyond this many bits (types2's "prec").
_INT_PRECISION = 512
# Untyped floats are exact fractions while numerator and denominator stay this small.
_FRACTION_BITS = 8192
# The largest constant shift count types2 accepts.
_SHIFT_BOUND = 1023 - 1 + 52


class ConstUnknown(Exception):
    """The constant's value cannot be determined here; the message says why."""


class ConstError(ConstUnknown):
    """Go rejects the expression (not a constant, overflow, mismatched types, ...)."""


class Words(Protocol):
    """The sizes of the build context's `int` and pointer (asm_ls.golang.sizes.Sizes)."""

    int_size: int
    ptr_size: int


Complex = tuple[Fraction, Fraction]
Raw = bool | bytes | int | Fraction | Complex

# Basic types by canonical name: (category, signed, bits); bits None: int/uint size, 0: pointer size.
_INTEGERS = {
    "int8": (True, 8),
    "int16": (True, 16),
    "int32": (True, 32),
    "int64": (True, 64),
    "int": (True, None),
    "uint8": (False, 8),
    "uint16": (False, 16),
    "uint32": (False, 32),
    "uint64": (False, 64),
    "uint": (False, None),
    "uintptr": (False, 0),
}
# (mantissa bits with the implicit one, minimum normal exponent, maximum exponent)
_FLOATS = {"float32": (24, -126, 127), "float64": (53, -1022, 1023)}
_COMPLEX_PART = {"complex64": "float32", "complex128": "float64"}
ALIASES = {"byte": "uint8", "rune": "int32"}
BASIC_CONST_TYPES = frozenset(
    [*_INTEGERS, *_FLOATS, *_COMPLEX_PART, *ALIASES, "string", "bool"]
)  # the predeclared types a constant can have

_UNTYPED_ORDER = ("untyped int", "untyped rune", "untyped float", "untyped complex")
_DEFAULT_TYPES = {
    "untyped bool": "bool",
    "untyped int": "int",
    "untyped rune": "rune",
    "untyped float": "float64",
    "untyped complex": "complex128",
    "untyped string": "string",
}


@dataclass(frozen=True)
class ConstType:
    """A constant's type: `name` as Go prints it (`uint8`, `byte`, `p.Kind`,
    `untyped int`), `basic` its underlying basic type, canonical (byte is uint8)."""

    name: str
    basic: str
    named: bool = False

    @property
    def identity(self) -> str:
        return self.name if self.named else self.basic

    @property
    def untyped(self) -> bool:
        return self.basic.startswith("untyped ")

    @property
    def category(self) -> str:
        """bool, string, int, float or complex: what kind of value it holds."""
        basic = self.basic.removeprefix("untyped ")
        if basic in ("int", "rune") or basic in _INTEGERS:
            return "int"
        if basic == "float" or basic in _FLOATS:
            return "float"
        if basic == "complex" or basic in _COMPLEX_PART:
            return "complex"
        return basic  # bool, string

    @property
    def numeric(self) -> bool:
        return self.category in ("int", "float", "complex")

    @property
    def unsigned(self) -> bool:
        return self.basic in _INTEGERS and not _INTEGERS[self.basic][0]


def basic_type(name: str) -> ConstType:
    """The predeclared type name (byte and rune keep their names)."""
    return ConstType(name, ALIASES.get(name, name))


UNTYPED_BOOL = ConstType("untyped bool", "untyped bool")
UNTYPED_INT = ConstType("untyped int", "untyped int")
UNTYPED_RUNE = ConstType("untyped rune", "untyped rune")
UNTYPED_FLOAT = ConstType("untyped float", "untyped float")
UNTYPED_COMPLEX = ConstType("untyped complex", "untyped complex")
UNTYPED_STRING = ConstType("untyped string", "untyped string")
INT = basic_type("int")
UINTPTR = basic_type("uintptr")


@dataclass(frozen=True)
class Const:
    """A constant: its value (int, Fraction, (real, imag), bytes or bool, as its
    type's category says) and its type."""

    value: Raw
    type: ConstType

    def describe(self) -> str:
        """As types2 names an operand in messages: `300 (untyped int constant)`."""
        if self.type.untyped:
            return f"{self.text()} ({self.type.name} constant)"
        return f"constant {self.text()} of type {self.type.name}"

    def text(self) -> str:
        """The value as go/constant's ExactString prints it (go_asm.h's const_ lines)."""
        value = self.value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, bytes):
            return go_quote(value)
        if isinstance(value, int):
            return str(value)
        if isinstance(value, Fraction):
            return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
        real, imag = value
        return f"({Const(real, UNTYPED_FLOAT).text()} + {Const(imag, UNTYPED_FLOAT).text()}i)"


def default_type(t: ConstType) -> ConstType:
    return basic_type(_DEFAULT_TYPES[t.basic]) if t.untyped else t


# --- sizes ------------------------------------------------------------------


def _bits(basic: str, words: Words | None) -> int:
    signed, bits = _INTEGERS[basic]
    if bits is None or bits == 0:
        if words is None:
            raise ConstUnknown(f"the size of {basic} depends on GOARCH")
        return 8 * (words.int_size if bits is None else words.ptr_size)
    return bits


# --- conversions between value kinds (go/constant ToInt, ToFloat, ToComplex) ---


def to_int(value: Raw) -> int | None:
    if isinstance(value, bool) or isinstance(value, bytes):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else None
    real, imag = value
    return to_int(real) if imag == 0 else None


def to_float(value: Raw) -> Fraction | None:
    if isinstance(value, bool) or isinstance(value, bytes):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Fraction):
        return value
    real, imag = value
    return real if imag == 0 else None


def to_complex(value: Raw) -> Complex | None:
    if isinstance(value, tuple):
        return value
    real = to_float(value)
    return None if real is None else (real, Fraction(0))


def round_float(value: Fraction, basic: str) -> Fraction | None:
    """value rounded to the nearest float32/float64 (ties to even); None when it overflows."""
    mantissa, emin, emax = _FLOATS[basic]
    if value == 0:
        return Fraction(0)
    magnitude = abs(value)
    num, den = magnitude.numerator, magnitude.denominator
    exponent = num.bit_length() - den.bit_length()  # 2**exponent <= magnitude < 2**(exponent+1), or one less
    if (num << max(0, -exponent)) < (den << max(0, exponent)):
        exponent -= 1
    shift = mantissa - 1 - max(exponent, emin)  # subnormals keep the minimum exponent
    scaled_num, scaled_den = (num << shift, den) if shift >= 0 else (num, den << -shift)
    whole, rest = divmod(scaled_num, scaled_den)
    if 2 * rest > scaled_den or (2 * rest == scaled_den and whole & 1):
        whole += 1
    rounded = Fraction(whole, 1 << shift) if shift >= 0 else Fraction(whole << -shift)
    if rounded >= Fraction(2) ** (emax + 1):
        return None
    return rounded if value > 0 else -rounded


# --- representability ---------------------------------------------------------


def representation(c: Const, target: ConstType, words: Words | None) -> Raw | None:
    """c's value as a value of target (rounded for floats), or None when it is not representable."""
    basic, value = target.basic, c.value
    category = target.category
    if target.untyped:
        converted: Raw | None = {"int": to_int, "float": to_float, "complex": to_complex}.get(category, lambda v: v)(
            value
        )
        return converted
    if category == "int":
        integer = to_int(value)
        if integer is None:
            return None
        signed, _ = _INTEGERS[basic]
        bits = _bits(basic, words)
        low, high = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
        return integer if low <= integer <= high else None
    if category == "float":
        real = to_float(value)
        return None if real is None else round_float(real, basic)
    if category == "complex":
        pair = to_complex(value)
        if pair is None:
            return None
        part = _COMPLEX_PART[basic]
        real, imag = round_float(pair[0], part), round_float(pair[1], part)
        return None if real is None or imag is None else (real, imag)
    if category == "string":
        return value if isinstance(value, bytes) else None
    return value if isinstance(value, bool) else None


def represent(c: Const, target: ConstType, words: Words | None, *, explicit: bool = False) -> Const:
    """c as a constant of type target; ConstError with types2's wording when it does not fit."""
    value = representation(c, target, words)
    if value is not None:
        return Const(value, target)
    if c.type.numeric and target.numeric:
        if c.type.category != "int" and target.category == "int":
            raise ConstError(f"{c.describe()} truncated to {target.name}")
        raise ConstError(f"{c.describe()} overflows {target.name}")
    verb = "convert" if explicit else "use"
    raise ConstError(f"cannot {verb} {c.describe()} to type {target.name}")


def convert(c: Const, target: ConstType, words: Words | None) -> Const:
    """The explicit conversion target(c) of a constant to a constant type."""
    if c.type.category == "int" and target.category == "string":
        code = to_int(c.value)
        assert code is not None
        char = chr(code) if 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return Const(char.encode("utf-8"), target)
    return represent(c, target, words, explicit=True)


def _check_untyped_size(c: Const, operation: str) -> Const:
    if c.type.untyped:
        value = c.value
        if isinstance(value, int) and not isinstance(value, bool) and abs(value).bit_length() > _INT_PRECISION:
            raise ConstError(f"constant {operation} overflow")
        for part in value if isinstance(value, tuple) else (value,):
            if isinstance(part, Fraction) and max(part.numerator.bit_length(), part.denominator.bit_length()) > (
                _FRACTION_BITS
            ):
                raise ConstUnknown("constant too large or too precise to evaluate exactly")
    return c


def overflow(c: Const, operation: str, words: Words | None) -> Const:
    """types2's check after each constant operation: typed constants stay representable."""
    if c.type.untyped:
        return _check_untyped_size(c, operation)
    return represent(c, c.type, words)


# --- operand matching -----------------------------------------------------------


def _larger_untyped(x: ConstType, y: ConstType) -> ConstType | None:
    if x.numeric and y.numeric:
        return x if _UNTYPED_ORDER.index(x.basic) >= _UNTYPED_ORDER.index(y.basic) else y
    return x if x.basic == y.basic else None


def match(x: Const, y: Const, words: Words | None) -> tuple[Const, Const]:
    """Operands of a binary operation with their untyped sides converted to
    the other's type (types2's matchTypes), then of identical types."""
    if (x.type.untyped or y.type.untyped) and all(
        (x.type.category == kind) == (y.type.category == kind) for kind in ("bool", "string")
    ):
        if x.type.numeric == y.type.numeric:
            x = _convert_untyped(x, y.type, words)
            y = _convert_untyped(y, x.type, words)
    if x.type.identity != y.type.identity:
        raise ConstError(f"mismatched types {x.type.name} and {y.type.name}")
    return x, y


def _convert_untyped(c: Const, target: ConstType, words: Words | None) -> Const:
    if not c.type.untyped:
        return c
    if target.untyped:
        larger = _larger_untyped(c.type, target)
        if larger is None:
            raise ConstError(f"mismatched types {c.type.name} and {target.name}")
        return represent(c, larger, words)
    return represent(c, target, words)


_ALLOWED = {
    "+": ("int", "float", "complex", "string"),
    "-": ("int", "float", "complex"),
    "*": ("int", "float", "complex"),
    "/": ("int", "float", "complex"),
    "%": ("int",),
    "&": ("int",),
    "|": ("int",),
    "^": ("int",),
    "&^": ("int",),
    "&&": ("bool",),
    "||": ("bool",),
}
_OPERATOR_NAMES = {
    "+": "addition",
    "-": "subtraction",
    "*": "multiplication",
    "/": "division",
    "%": "remainder",
    "&": "bitwise AND",
    "|": "bitwise OR",
    "^": "bitwise XOR",
    "&^": "bit clear",
    "<<": "shift",
    ">>": "shift",
}
_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


def binary(op: str, x: Const, y: Const, words: Words | None) -> Const:
    if op in ("<<", ">>"):
        return shift(op, x, y, words)
    if op not in _ALLOWED and op not in _COMPARISONS:
        raise ConstError(f"operator {op} is not a constant operation")
    x, y = match(x, y, words)
    category = x.type.category
    if op in _COMPARISONS:
        return compare(op, x, y)
    if category not in _ALLOWED[op]:
        raise ConstError(f"operator {op} not defined on {x.describe()}")
    if op in ("/", "%") and _is_zero(y.value):
        raise ConstError("division by zero")
    value = _arithmetic(op, x.value, y.value, category)
    return overflow(Const(value, x.type), _OPERATOR_NAMES.get(op, ""), words)


def _is_zero(value: Raw) -> bool:
    if isinstance(value, tuple):
        return value[0] == 0 and value[1] == 0
    return not isinstance(value, bytes) and value == 0


def _arithmetic(op: str, x, y, category: str) -> Raw:
    if category == "bool":
        return (x and y) if op == "&&" else (x or y)
    if category == "string":
        return x + y
    if category == "complex":
        return _complex_arithmetic(op, x, y)
    match op:
        case "+":
            return x + y
        case "-":
            return x - y
        case "*":
            return x * y
        case "/" if category == "int":
            quotient = abs(x) // abs(y)  # Go truncates toward zero
            return quotient if (x < 0) == (y < 0) else -quotient
        case "/":
            return Fraction(x) / Fraction(y)
        case "%":
            remainder = abs(x) % abs(y)  # the sign of the dividend
            return remainder if x >= 0 else -remainder
        case "&":
            return x & y
        case "|":
            return x | y
        case "^":
            return x ^ y
        case "&^":
            return x & ~y
    raise AssertionError(op)


def _complex_arithmetic(op: str, x: Complex, y: Complex) -> Complex:
    (a, b), (c, d) = x, y
    match op:
        case "+":
            return a + c, b + d
        case "-":
            return a - c, b - d
        case "*":
            return a * c - b * d, a * d + b * c
        case "/":
            norm = c * c + d * d
            return (a * c + b * d) / norm, (b * c - a * d) / norm
    raise AssertionError(op)


def compare(op: str, x: Const, y: Const) -> Const:
    if op not in ("==", "!=") and x.type.category in ("bool", "complex"):
        raise ConstError(f"operator {op} not defined on {x.describe()}")
    a, b = x.value, y.value
    match op:
        case "==":
            result = a == b
        case "!=":
            result = a != b
        case "<":
            result = a < b  # type: ignore[operator]
        case "<=":
            result = a <= b  # type: ignore[operator]
        case ">":
            result = a > b  # type: ignore[operator]
        case _:
            result = a >= b  # type: ignore[operator]
    return Const(result, UNTYPED_BOOL)


def shift(op: str, x: Const, y: Const, words: Words | None) -> Const:
    count = to_int(y.value) if y.type.numeric else None
    shifted = to_int(x.value) if x.type.numeric else None
    if not (x.type.category == "int" or (x.type.untyped and shifted is not None)):
        raise ConstError(f"shifted operand {x.describe()} must be integer")
    if count is None:
        raise ConstError(f"shift count {y.describe()} must be integer")
    if count < 0:
        raise ConstError(f"negative shift count {y.describe()}")
    if y.type.untyped:
        represent(y, basic_type("uint"), words if words is not None else WORDS64)
    if count > _SHIFT_BOUND:
        raise ConstError(f"invalid shift count {y.describe()}")
    assert shifted is not None
    result_type = x.type if x.type.category == "int" else UNTYPED_INT
    value = shifted << count if op == "<<" else shifted >> count
    return overflow(Const(value, result_type), "shift", words)


class _Words64:
    int_size = 8
    ptr_size = 8


# Where the sizes are not known but do not change the outcome (a shift count
# fits a 32-bit uint as well as a 64-bit one below the shift bound).
WORDS64: Words = _Words64()


def unary(op: str, x: Const, words: Words | None) -> Const:
    category = x.type.category
    value = x.value
    match op:
        case "+" if x.type.numeric:
            return x
        case "-" if x.type.numeric:
            negated: Raw = (-value[0], -value[1]) if isinstance(value, tuple) else -value  # type: ignore[operator]
            return overflow(Const(negated, x.type), "", words)
        case "^" if category == "int":
            assert isinstance(value, int)
            if x.type.unsigned:
                mask = (1 << _bits(x.type.basic, words)) - 1
                return overflow(Const(~value & mask, x.type), "", words)
            return overflow(Const(~value, x.type), "", words)
        case "!" if category == "bool":
            return Const(not value, x.type)
    if op in ("+", "-", "^", "!"):
        raise ConstError(f"operator {op} not defined on {x.describe()}")
    raise ConstError(f"unary {op} is not a constant operation")


# --- Go's string quoting (strconv.Quote), for go_asm.h ------------------------------

_ESCAPES = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v", 0x5C: "\\\\", 0x22: '\\"'}


def go_quote(data: bytes) -> str:
    out = ['"']
    index = 0
    while index < len(data):
        char, width = _decode_rune(data, index)
        index += width
        if char is None:
            out.append(f"\\x{data[index - 1]:02x}")
        elif ord(char) in _ESCAPES:
            out.append(_ESCAPES[ord(char)])
        elif char == " " or (char.isprintable() and not char.isspace()):
            out.append(char)
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def _decode_rune(data: bytes, index: int) -> tuple[str | None, int]:
    """One UTF-8 sequence at index as Go decodes it: (rune, width), or (None, 1) when invalid."""
    first = data[index]
    if first < 0x80:
        return chr(first), 1
    for width in (2, 3, 4):
        try:
            return data[index : index + width].decode("utf-8"), width
        except UnicodeDecodeError:
            continue
    return None, 1
