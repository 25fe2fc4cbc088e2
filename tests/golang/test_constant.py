"""Go constants as the type checker has them (asm_ls/golang/constant.py):
what the corpus oracle (test_golang_constant_oracle.py) cannot generate —
constants of other packages, declarations that refer to themselves, frames
that depend on a constant — and the promise that nothing but ConstError or
ConstUnknown leaves the evaluator, whatever the source says."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asm_ls.arch import get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.golang import frame_layout, load_package
from asm_ls.golang.constant import ConstError, ConstUnknown, array_length, binding_value
from asm_ls.golang.constvalue import round_float
from asm_ls.golang.sizes import Sizes


def constants(tmp_path: Path, source: str, goarch: str = "amd64", files: dict[str, str] | None = None) -> dict:
    """name -> value text, or the exception, for every constant of a package."""
    directory = tmp_path / "p"
    directory.mkdir(exist_ok=True)
    (directory / "go.mod").write_text("module example.com/p\n\ngo 1.22\n")
    (directory / "p.go").write_text(source)
    for name, text in (files or {}).items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    package = load_package(directory, BuildContext("linux", goarch))
    sizes = Sizes(get_arch(goarch))
    found = {}
    for name in package.consts:
        try:
            found[name] = binding_value(package.consts[name], sizes).text()
        except ConstUnknown as error:
            found[name] = error
    return found


@pytest.mark.parametrize(("goarch", "size"), [("amd64", 64), ("arm64", 64), ("386", 32), ("arm", 32), ("mips", 32)])
def test_word_size_from_a_typed_complement(tmp_path, goarch, size):
    found = constants(tmp_path, "package p\n\nconst w = 32 << (^uint(0) >> 63)\nconst m = ^uintptr(0)\n", goarch)
    assert found == {"w": str(size), "m": str(2**size - 1)}


def test_without_a_build_context_the_word_size_is_unknown_not_guessed(tmp_path):
    directory = tmp_path / "p"
    directory.mkdir()
    (directory / "p.go").write_text("package p\n\nconst w = 32 << (^uint(0) >> 63)\n")
    binding = load_package(directory, BuildContext("linux", "amd64")).consts["w"]
    with pytest.raises(ConstUnknown, match="depends on GOARCH"):
        binding_value(binding, None)


def test_frame_depends_on_the_constant(tmp_path):
    directory = tmp_path / "p"
    directory.mkdir()
    (directory / "p.go").write_text("package p\n\nfunc sum(block [32 << (^uint(0) >> 63)]byte) uint64\n")
    for goarch, args in (("amd64", 72), ("386", 40)):
        package = load_package(directory, BuildContext("linux", goarch))
        frame = frame_layout(package.funcs["sum"], get_arch(goarch))
        assert (frame.args_size, frame.unknown) == (args, None)


def test_typed_declarations_iota_and_overflow(tmp_path):
    found = constants(
        tmp_path,
        "package p\n\ntype Kind uint8\n\nconst (\n\tA Kind = iota * 100\n\tB\n\tC\n\tD\n)\n"
        "const e int8 = -128\nconst f = e - 1\nconst g = uint8(255) + 1\n",
    )
    assert (found["A"], found["B"], found["C"]) == ("0", "100", "200")
    assert isinstance(found["D"], ConstError) and "overflows" in str(found["D"])  # 300 in a uint8 Kind
    assert found["e"] == "-128"
    assert isinstance(found["f"], ConstError) and isinstance(found["g"], ConstError)  # never wraps


def test_strings_runes_and_bools_as_go_asm_h_prints_them(tmp_path):
    found = constants(
        tmp_path,
        'package p\n\nconst s = "a\\"b" + "\\xff\\u00e9"\nconst r = \'\\n\'\nconst n = len(s)\n'
        "const t = n > 4 && !false\nconst q = string(rune(0x10FFFF + 1))\n",
    )
    assert found == {"s": '"a\\"b\\xffé"', "r": "10", "n": "6", "t": "true", "q": '"\ufffd"'}


def test_constants_of_other_packages_and_unsafe_sizes(tmp_path):
    source = (
        'package p\n\nimport (\n\t"math"\n\t"unsafe"\n\n\t"example.com/p/inner"\n)\n\n'
        "type pair struct {\n\ta byte\n\tb int64\n}\n\nvar v pair\n\n"
        "const (\n\tbig = math.MaxInt64\n\tk = inner.K * 2\n\tsize = unsafe.Sizeof(pair{})\n"
        "\tfield = unsafe.Offsetof(v.b)\n\talign = unsafe.Alignof(v)\n\tnamed = unsafe.Sizeof(inner.K)\n)\n"
    )
    inner = "package inner\n\ntype Kind uint16\n\nconst K Kind = 21\n"
    found = constants(tmp_path, source, "386", {"inner/inner.go": inner})
    assert found == {"big": str(2**63 - 1), "k": "42", "size": "12", "field": "4", "align": "4", "named": "2"}


def test_references_to_itself_and_unknown_names(tmp_path):
    found = constants(tmp_path, "package p\n\nconst a = b + 1\nconst b = a\nconst c = nowhere.X\nconst d = f()\n")
    assert isinstance(found["a"], ConstError) and "cycle" in str(found["a"])
    assert type(found["c"]) is ConstUnknown  # a package not imported: not Go's verdict, asm-ls's
    assert isinstance(found["d"], ConstError)  # a function call is never constant


def test_long_literals_are_read_whole_and_messages_quote_one_short_line(tmp_path):
    digits = "1" * 150
    found = constants(tmp_path, f"package p\n\nconst big = {digits}\nconst call = f(\n\t1,\n\t{digits},\n)\n")
    assert found["big"] == digits
    message = str(found["call"])
    assert "\n" not in message and len(message) < 120 and message.startswith("f( 1, 111"), message


def test_literals_too_large_are_errors_or_unknown_never_slow(tmp_path):
    found = constants(tmp_path, f"package p\n\nconst i = 1{'0' * 200}\nconst f = 1e999999999\nconst g = 1e300\n")
    assert isinstance(found["i"], ConstError) and "overflow" in str(found["i"])  # over 512 bits, as types2 says
    assert type(found["f"]) is ConstUnknown
    assert found["g"] == "1" + "0" * 300


def test_long_chains_evaluate_without_recursion(tmp_path):
    lines = "\n".join(f"const c{i} = c{i - 1} + 1" for i in range(1, 3000))
    found = constants(tmp_path, f"package p\n\nconst c0 = 0\n{lines}\n")
    assert found["c2999"] == "2999"


def test_array_length_rules():
    class Scope:
        def lookup_const(self, package, name):
            return None

        def lookup_type(self, package, name):
            return None

        def import_path(self, package):
            return package

    from asm_ls.golang.constant import Binary, Lit
    from asm_ls.golang.constvalue import UNTYPED_FLOAT, UNTYPED_INT, Const

    sizes = Sizes(get_arch("amd64"))
    assert array_length(Lit(Const(4, UNTYPED_INT)), Scope(), sizes) == 4
    half = Binary("/", Lit(Const(5, UNTYPED_INT)), Lit(Const(2, UNTYPED_FLOAT)))
    with pytest.raises(ConstError, match="must be integer"):
        array_length(half, Scope(), sizes)
    with pytest.raises(ConstError, match="invalid array length"):
        array_length(Lit(Const(-1, UNTYPED_INT)), Scope(), sizes)


@pytest.mark.parametrize(
    "value",
    ["1/10", "-1/3", "3/" + str(2**1075), "1/" + str(2**1075), "5/" + str(2**1076), str(2**1023 * 3 // 2), "7e300"],
)
def test_float64_rounding_is_ieee_nearest_even(value):
    from fractions import Fraction

    exact = Fraction(value)
    assert round_float(exact, "float64") == Fraction(float(exact))  # Python's float() rounds correctly


def test_float_overflow_and_float32():
    import struct
    from fractions import Fraction

    assert round_float(Fraction(2) ** 1024, "float64") is None
    assert round_float(Fraction(2) ** 128, "float32") is None
    for value in (Fraction(1, 10), Fraction(-7, 3), Fraction(3, 2**150)):
        single = struct.unpack("f", struct.pack("f", float(value)))[0]  # double rounding is exact for these
        assert round_float(value, "float32") == Fraction(single)


_EXPRESSION_PIECES = st.sampled_from(
    ["1", "'a'", '"s"', "1.5", "2i", "true", "iota", "uint8", "int", "len", "min", "unsafe.Sizeof", "x", "p.Q"]
    + ["(", ")", "+", "-", "*", "/", "%", "<<", ">>", "^", "&^", "==", "<", "!", "&&", ",", "{}", "[", "]", "..."]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_EXPRESSION_PIECES, min_size=1, max_size=12))
def test_any_expression_is_a_value_or_a_clear_error(tmp_path_factory, pieces):
    directory = tmp_path_factory.mktemp("garbage")
    source = f'package p\n\nimport "unsafe"\n\nconst x = {" ".join(pieces)}\n'
    found = constants(directory, source, "arm")
    for value in found.values():
        assert isinstance(value, str) or (isinstance(value, ConstUnknown) and str(value).strip())
