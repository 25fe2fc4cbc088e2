"""The ABI0 frame: vet's names for unnamed parameters, components, result
placement, the argument size, _lo/_hi halves and endianness, and the table."""

import pytest

from asm_ls.arch import get_arch
from asm_ls.golang import frame_layout, parse_signature_comment, render_frame


def layout(signature: str, goarch: str):
    func = parse_signature_comment("// func " + signature)
    assert func is not None
    return frame_layout(func, get_arch(goarch))


def places(frame) -> list[tuple[str, int, int]]:
    return [(s.name, s.offset, s.size) for top in frame.slots for s in top.walk()]


def test_argument_size_has_no_trailing_round_up():
    frame = layout("f(x int) byte", "amd64")
    assert (frame.args_size, frame.results_offset) == (9, 8)
    assert layout("f(x int) byte", "386").args_size == 5


def test_results_start_at_max_alignment():
    assert layout("f(a int8) (r int8)", "amd64").results_offset == 8
    assert layout("f(a int8) (r int8)", "arm").results_offset == 4
    assert layout("f(a int8)", "amd64").args_size == 1


def test_unnamed_params_and_results():
    frame = layout("f(int8, string, []byte) (bool, error)", "amd64")
    assert [s.name for s in frame.params] == ["arg", "arg1", "arg2"]
    assert [s.name for s in frame.results] == ["ret", "ret1"]
    assert all(s.is_result for s in frame.results) and not any(s.is_result for s in frame.params)


def test_grouped_and_variadic_params():
    frame = layout("f(a, b int8, c, d uint32, rest ...uint16)", "amd64")
    assert places(frame) == [
        ("a", 0, 1),
        ("b", 1, 1),
        ("c", 4, 4),
        ("d", 8, 4),
        ("rest", 16, 24),
        ("rest_base", 16, 8),
        ("rest_len", 24, 8),
        ("rest_cap", 32, 8),
    ]
    assert frame.lookup("rest").type == "[]uint16"


def test_long_groups_of_names_stay_names():
    # tree-sitter-go reads the first of ten grouped names as an unnamed type.
    frame = layout("Syscall9(trap, a1, a2, a3, a4, a5, a6, a7, a8, a9 uintptr) (r1, r2 uintptr)", "mips")
    assert [s.name for s in frame.params] == ["trap"] + [f"a{i}" for i in range(1, 10)]
    assert (frame.args_size, frame.unknown) == (48, None)


def test_components_of_multiword_values():
    frame = layout("f(s string, e any, i interface{ M() }, c complex128)", "arm64")
    assert places(frame) == [
        ("s", 0, 16),
        ("s_base", 0, 8),
        ("s_len", 8, 8),
        ("e", 16, 16),
        ("e_type", 16, 8),
        ("e_data", 24, 8),
        ("i", 32, 16),
        ("i_itable", 32, 8),
        ("i_data", 40, 8),
        ("c", 48, 16),
        ("c_real", 48, 8),
        ("c_imag", 56, 8),
    ]
    assert [p.type for p in frame.lookup("c").parts] == ["real(complex128)", "imag(complex128)"]


def test_eight_byte_values_split_on_32_bit_arches():
    little = layout("f(x uint64, a [2]int64)", "arm")
    assert places(little) == [
        ("x", 0, 8),
        ("x_lo", 0, 4),
        ("x_hi", 4, 4),
        ("a", 8, 16),
        ("a_0", 8, 8),
        ("a_0_lo", 8, 4),
        ("a_0_hi", 12, 4),
        ("a_1", 16, 8),
        ("a_1_lo", 16, 4),
        ("a_1_hi", 20, 4),
    ]
    big = layout("f(x uint64)", "mips")
    assert places(big) == [("x", 0, 8), ("x_hi", 0, 4), ("x_lo", 4, 4)]
    assert layout("f(x uint64)", "amd64").lookup("x_lo") is None


def test_struct_fields_and_array_elements_are_members():
    frame = layout("f(s struct{ a int8; b [2]uint16 })", "amd64")
    assert places(frame) == [("s", 0, 6), ("s_a", 0, 1), ("s_b", 2, 4), ("s_b_0", 2, 2), ("s_b_1", 4, 2)]
    assert frame.lookup("s").kind == "struct" and frame.lookup("s_b").kind == "array"


def test_last_slot_of_a_repeated_name_wins_as_in_vet():
    frame = layout("f(_ int8, _ uint64) (_ int32)", "amd64")
    assert frame.lookup("_").offset == 16


def test_unknown_type_in_a_signature_comment():
    frame = layout("f(a int8, s State)", "amd64")
    assert frame.args_size is None
    assert "undefined type State" in frame.unknown
    assert places(frame) == [("a", 0, 1)]


def test_render_marks_results_and_indents_components():
    assert render_frame(layout("Add(x, y int64, s []byte) (sum int64)", "386")) == (
        "Add on 386: $0-36, results from 28(FP)\n"
        "name+off(FP)     type        size\n"
        "x+0(FP)          int64          8\n"
        "  x_lo+0(FP)     half int64     4\n"
        "  x_hi+4(FP)     half int64     4\n"
        "y+8(FP)          int64          8\n"
        "  y_lo+8(FP)     half int64     4\n"
        "  y_hi+12(FP)    half int64     4\n"
        "s+16(FP)         []byte        12\n"
        "  s_base+16(FP)  slice base     4\n"
        "  s_len+20(FP)   slice len      4\n"
        "  s_cap+24(FP)   slice cap      4\n"
        "sum+28(FP)       int64          8  result\n"
        "  sum_lo+28(FP)  half int64     4  result\n"
        "  sum_hi+32(FP)  half int64     4  result\n"
    )


def test_render_shortens_long_arrays_and_reports_unknown_sizes():
    text = render_frame(layout("f(b [100]byte)", "amd64"))
    assert "b_15+15(FP)" in text and "b_16+" not in text
    assert "... 84 more, to b_99+99(FP)" in text
    unknown = render_frame(layout("f(x Missing)", "amd64"))
    assert unknown.startswith("f on amd64: argument size unknown (size of Missing is unknown: undefined type Missing)")


@pytest.mark.parametrize("goarch", ["amd64", "386", "arm", "arm64", "ppc64le", "s390x", "riscv64", "mips64", "loong64"])
def test_every_arch_lays_out_a_mixed_signature(goarch):
    arch = get_arch(goarch)
    frame = layout("f(a int8, p *int, s string) (n int, ok bool)", goarch)
    word = arch.ptr_size
    assert [s.offset for s in frame.params] == [0, word, 2 * word]
    assert frame.results_offset == 4 * word
    assert frame.args_size == 5 * word + 1
