"""Sizes and alignments of Go types per GOARCH, by the gc compiler's rules.

Each case declares `func F(pad byte, x T)` next to the types of the oracle
fixture package: x's size is the slot's size and its alignment is x's offset,
since pad occupies offset 0 only.
"""

import pytest
from support.paths import FIXTURES

from asm_ls.arch import get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.golang import frame_layout, load_package

ORACLE = FIXTURES / "golang" / "oracle"
ARCHES = ("amd64", "386", "arm", "arm64")

# type: (size, align) on amd64, 386, arm, arm64
CASES = {
    "bool": [(1, 1)] * 4,
    "rune": [(4, 4)] * 4,
    "int": [(8, 8), (4, 4), (4, 4), (8, 8)],
    "uintptr": [(8, 8), (4, 4), (4, 4), (8, 8)],
    "int64": [(8, 8), (8, 4), (8, 4), (8, 8)],
    "float64": [(8, 8), (8, 4), (8, 4), (8, 8)],
    "complex64": [(8, 4)] * 4,
    "complex128": [(16, 8), (16, 4), (16, 4), (16, 8)],
    "string": [(16, 8), (8, 4), (8, 4), (16, 8)],
    "[]int16": [(24, 8), (12, 4), (12, 4), (24, 8)],
    "any": [(16, 8), (8, 4), (8, 4), (16, 8)],
    "error": [(16, 8), (8, 4), (8, 4), (16, 8)],
    "*int8": [(8, 8), (4, 4), (4, 4), (8, 8)],
    "unsafe.Pointer": [(8, 8), (4, 4), (4, 4), (8, 8)],
    "map[string]int": [(8, 8), (4, 4), (4, 4), (8, 8)],
    "chan<- struct{}": [(8, 8), (4, 4), (4, 4), (8, 8)],
    "func(int) bool": [(8, 8), (4, 4), (4, 4), (8, 8)],
    "[3]uint16": [(6, 2)] * 4,
    "[0]int64": [(0, 8), (0, 4), (0, 4), (0, 8)],
    "struct{}": [(0, 1)] * 4,
    "Padded": [(24, 8), (16, 4), (16, 4), (24, 8)],
    "TrailingEmpty": [(8, 4)] * 4,  # the final zero-size field gets a byte, then padding
    "struct{ E struct{} }": [(0, 1)] * 4,
    "struct{ P Padded; T bool }": [(32, 8), (20, 4), (20, 4), (32, 8)],
    "Duration": [(8, 8), (8, 4), (8, 4), (8, 8)],
    "Alias": [(12, 4)] * 4,  # = other.Point, from another package
    "Pair[int8]": [(2, 1)] * 4,
    "Pair[float64]": [(16, 8), (16, 4), (16, 4), (16, 8)],
}


@pytest.fixture(scope="module")
def packages():
    functions = "".join(f"func F{i}(pad byte, x {t})\n" for i, t in enumerate(CASES))
    # An editor buffer that exists only as an overlay, declaring the probes.
    overlays = {str(ORACLE / "probes.go"): 'package frames\n\nimport "unsafe"\n\n' + functions}
    return {goarch: load_package(ORACLE, BuildContext("linux", goarch), overlays) for goarch in ARCHES}


@pytest.mark.parametrize("index, type_text", list(enumerate(CASES)))
@pytest.mark.parametrize("arch_index, goarch", list(enumerate(ARCHES)))
def test_size_and_alignment(packages, index, type_text, arch_index, goarch):
    frame = frame_layout(packages[goarch].funcs[f"F{index}"], get_arch(goarch))
    x = frame.lookup("x")
    size, align = CASES[type_text][arch_index]
    assert (x.size, x.offset) == (size, align)
    assert frame.args_size == x.offset + size
