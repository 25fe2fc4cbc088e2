"""Random Go constant expressions, well-typed and ill-typed, for the
differential test against the Go compiler (tests/oracle/test_golang_constant_oracle.py)
and as seeds of the `gopackage` fuzz target.

`corpus(count, seed)` gives expressions that use literals of every kind,
iota, conversions (sized and named types), unary and binary operators,
shifts by typed and untyped counts, comparisons, `len`, `min`/`max`,
`real`/`imag`/`complex`, `unsafe.Sizeof` and the base constants that
`PRELUDE` declares. About a third are ill-typed: the generator picks an
operand of the wrong kind now and then, which Go must reject.
"""

from __future__ import annotations

import random

PRELUDE = """package p

import "unsafe"

type (
	K  uint8
	S  string
	F  float64
	B  bool
	I  int
	KA = K
	pair struct {
		a byte
		b int64
	}
)

const (
	bU8   uint8   = 200
	bI8   int8    = -100
	bU    uint    = 1 << 31
	bI    int     = -5
	bUP   uintptr = 4096
	bI64  int64   = 1 << 62
	bU64  uint64  = 1<<64 - 1
	bF32  float32 = 1.5
	bF64  float64 = 0.1
	bC128         = complex128(1 + 2i)
	bS            = "héllo"
	bSt   string  = "typed"
	bB            = true
	bK    K       = 7
	bKA   KA      = 9
	bSN   S       = "named"
	bFN   F       = 2.5
	bIN   I       = 11
	bR            = 'x'
	bSize         = unsafe.Sizeof(pair{})
)

var vPair pair
"""

BASE = {
    "int": ["bU8", "bI8", "bU", "bI", "bUP", "bI64", "bU64", "bK", "bKA", "bIN", "bR", "bSize"],
    "float": ["bF32", "bF64", "bFN"],
    "complex": ["bC128"],
    "string": ["bS", "bSt", "bSN"],
    "bool": ["bB"],
}
INT_TYPES = ["int8", "int16", "int32", "int64", "int", "uint8", "uint16", "uint32", "uint64", "uint", "uintptr"]
INT_TYPES += ["byte", "rune", "K", "KA", "I"]
FLOAT_TYPES = ["float32", "float64", "F"]
COMPLEX_TYPES = ["complex64", "complex128"]
KINDS = ("int", "int", "int", "float", "string", "bool", "complex")

_INT_LITERALS = ["0", "1", "2", "3", "7", "8", "10", "63", "64", "100", "127", "128", "255", "256", "1000"]
_INT_LITERALS += ["0x7f", "0xff", "0o17", "017", "0b1010", "1_000_000", "0xFFFF_FFFF", "4294967296"]
_INT_LITERALS += ["9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616"]
_FLOAT_LITERALS = ["0.5", "1.5", "2.0", "0.1", "1e3", "1e-3", "3.", ".25", "0x1p-2", "0x1.8p1", "1e20", "6.02e23"]
_FLOAT_LITERALS += ["1e308", "3.4e38", "1e-45", "123456789.0", "0.3"]
_STRING_LITERALS = ['""', '"a"', '"héllo"', '"\\xff"', '"\\u00e9\\n"', "`raw\\n`", '"\\x00\\\\"', '"日本"']
_RUNE_LITERALS = ["'a'", "'\\n'", "'\\x41'", "'\\u00e9'", "'\\377'", "'日'", "'\\''"]
_IMAG_LITERALS = ["1i", "2i", "0.5i", "0i"]


class _Generator:
    def __init__(self, rng: random.Random, wrong: float):
        self.rng = rng
        self.wrong = wrong  # chance of an operand of a random kind

    def kind(self, want: str) -> str:
        return self.rng.choice(KINDS) if self.rng.random() < self.wrong else want

    def expr(self, want: str, depth: int) -> str:
        rng = self.rng
        if depth <= 0 or rng.random() < 0.25:
            return self.leaf(want)
        build = {
            "int": self.int_expr,
            "float": self.float_expr,
            "string": self.string_expr,
            "bool": self.bool_expr,
            "complex": self.complex_expr,
        }[want]
        return build(depth - 1)

    def leaf(self, want: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.2:
            return rng.choice(BASE[want])
        match want:
            case "int":
                if roll < 0.3:
                    return rng.choice(_RUNE_LITERALS)
                if roll < 0.35:
                    return "iota"
                return rng.choice(_INT_LITERALS)
            case "float":
                return rng.choice(_FLOAT_LITERALS)
            case "string":
                return rng.choice(_STRING_LITERALS)
            case "bool":
                return rng.choice(["true", "false"])
        return rng.choice(_IMAG_LITERALS)

    def sub(self, want: str, depth: int) -> str:
        text = self.expr(self.kind(want), depth)
        return text if self._simple(text) else f"({text})"

    @staticmethod
    def _simple(text: str) -> bool:
        return text.replace("_", "").replace(".", "").isalnum() or text.endswith(")") and text[0].isalpha()

    def int_expr(self, depth: int) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.25:
            op = rng.choice(["+", "-", "*", "/", "%", "&", "|", "^", "&^"])
            return f"{self.sub('int', depth)} {op} {self.sub('int', depth)}"
        if roll < 0.4:
            op = rng.choice(["<<", ">>"])
            count = rng.choice([self.sub("int", depth), str(rng.randint(0, 70)), f"{rng.choice(INT_TYPES)}(3)"])
            if rng.random() < 0.1:
                count = rng.choice(["-1", "1.0", "1.5", "1100", "float64(2)", "bI"])
            return f"{self.sub('int', depth)} {op} {count}"
        if roll < 0.55:
            return f"{rng.choice(['-', '^', '+'])}{self.sub('int', depth)}"
        if roll < 0.75:
            source = rng.choice(["int", "int", "float", "int"])
            return f"{rng.choice(INT_TYPES)}({self.expr(self.kind(source), depth)})"
        if roll < 0.8:
            return f"len({self.expr(self.kind('string'), depth)})"
        if roll < 0.87:
            name = rng.choice(["min", "max"])
            args = ", ".join(self.expr(self.kind("int"), depth) for _ in range(rng.randint(1, 3)))
            return f"{name}({args})"
        if roll < 0.92:
            return rng.choice(["^uint(0)", "32 << (^uint(0) >> 63)", "^uintptr(0) >> 1", "unsafe.Sizeof(vPair)"])
        if roll < 0.95:
            return f"unsafe.Sizeof({self.expr(self.kind(rng.choice(KINDS)), depth)})"
        return f"unsafe.{rng.choice(['Alignof', 'Sizeof'])}({rng.choice(['pair{}', 'vPair', 'bC128', 'bS'])})"

    def float_expr(self, depth: int) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            op = rng.choice(["+", "-", "*", "/"])
            return f"{self.sub(rng.choice(['float', 'int']), depth)} {op} {self.sub('float', depth)}"
        if roll < 0.6:
            return f"-{self.sub('float', depth)}"
        if roll < 0.85:
            return f"{rng.choice(FLOAT_TYPES)}({self.expr(self.kind(rng.choice(['float', 'int'])), depth)})"
        if roll < 0.93:
            return f"{rng.choice(['real', 'imag'])}({self.expr(self.kind('complex'), depth)})"
        return f"{rng.choice(['min', 'max'])}({self.sub('float', depth)}, {self.sub('float', depth)})"

    def complex_expr(self, depth: int) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.5:
            op = rng.choice(["+", "-", "*", "/"])
            return f"{self.sub('complex', depth)} {op} {self.sub(rng.choice(['complex', 'float', 'int']), depth)}"
        if roll < 0.75:
            return f"complex({self.sub('float', depth)}, {self.sub('float', depth)})"
        return f"{rng.choice(COMPLEX_TYPES)}({self.expr(self.kind('complex'), depth)})"

    def string_expr(self, depth: int) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.5:
            return f"{self.sub('string', depth)} + {self.sub('string', depth)}"
        if roll < 0.75:
            return f"{rng.choice(['string', 'S'])}({self.expr(self.kind('string'), depth)})"
        if roll < 0.9:
            return f"string({rng.choice(['rune', 'int', 'byte', 'uint16'])}({self.expr(self.kind('int'), depth)}))"
        return f"{rng.choice(['min', 'max'])}({self.sub('string', depth)}, {self.sub('string', depth)})"

    def bool_expr(self, depth: int) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.55:
            kind = rng.choice(["int", "int", "float", "string", "bool", "complex"])
            op = rng.choice(["==", "!=", "<", "<=", ">", ">="])
            return f"{self.sub(kind, depth)} {op} {self.sub(self.kind(kind), depth)}"
        if roll < 0.8:
            return f"{self.sub('bool', depth)} {rng.choice(['&&', '||'])} {self.sub('bool', depth)}"
        if roll < 0.9:
            return f"!{self.sub('bool', depth)}"
        return f"{rng.choice(['bool', 'B'])}({self.expr(self.kind('bool'), depth)})"


def corpus(count: int, seed: int = 1, wrong: float = 0.08, depth: int = 4) -> list[str]:
    """count expressions, the same for the same seed."""
    rng = random.Random(seed)
    generator = _Generator(rng, wrong)
    return [generator.expr(rng.choice(KINDS), rng.randint(1, depth)) for _ in range(count)]


def go_file(expressions: list[str], names: list[str] | None = None) -> str:
    """PRELUDE and one constant per expression (c0, c1, ...), in one group so
    that iota counts lines; each constant on a line of its own."""
    names = names or [f"c{i}" for i in range(len(expressions))]
    body = "".join(f"\t{name} = {expr}\n" for name, expr in zip(names, expressions))
    return PRELUDE + "\nconst (\n" + body + ")\n"
