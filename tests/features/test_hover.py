"""Hover as a pure function of (workspace, path, offset), in process, for each
kind of word: what a user reads, without a client (machine code needs the
toolchain and is tested end to end in tests/lsp)."""

import pytest
from support.workspace import ADD_AMD64, USE_AMD64, fixture_workspace, offset_of

from asm_ls.features.hover import hover


@pytest.fixture(scope="module")
def ws():
    return fixture_workspace()


def hover_at(ws, path, needle, nth=0, delta=1) -> str | None:
    found = hover(ws, path, offset_of(path, needle, nth, delta))
    return found.markdown if found else None


def test_a_text_symbol_shows_the_go_signature_flags_and_frame(ws):
    text = hover_at(ws, ADD_AMD64, "·Add")
    assert "func Add(a, b int64) int64" in text and "Add returns a+b." in text
    assert "NOSPLIT (4)" in text
    assert "Add on amd64: $0-24, results from 16(FP)" in text
    assert "b+8(FP)" in text and "ret+16(FP)" in text


def test_a_cross_package_symbol_says_where_it_is_defined(ws):
    assert "Defined in add_amd64.s (amd64), add_arm64.s (arm64)" in hover_at(ws, USE_AMD64, "add·Add", delta=5)


def test_an_fp_component_shows_its_type_offset_and_size(ws):
    text = hover_at(ws, ADD_AMD64, "xs_len")
    assert "xs_len+8(FP)" in text and "slice len" in text and "8 bytes" in text
    assert "argument of `Sum` on amd64" in text


def test_a_macro_use_shows_its_definition_doc_and_expansion(ws):
    text = hover_at(ws, ADD_AMD64, "ZERO(AX)")
    assert "#define ZERO(r) XORQ r, r" in text
    assert "Shared by the add package's assembly." in text
    assert "XORQ AX , AX" in text


def test_a_flag_shows_its_value_and_the_functions_stack(ws):
    text = hover_at(ws, ADD_AMD64, "NOSPLIT")
    assert "#define NOSPLIT 4" in text
    assert "792-byte limit" in text


def test_a_label_names_its_function(ws):
    assert hover_at(ws, ADD_AMD64, "JZ\tdone", delta=4) == "label `done` in `·Sum`"


def test_a_directive_says_what_it_does_and_how_it_is_written(ws):
    assert hover_at(ws, ADD_AMD64, "DATA") == (
        "**DATA** — initializes part of a symbol: `DATA sym+offset(SB)/size, value`."
    )


def test_an_instruction_leads_with_the_form_of_this_line_then_the_others(ws):
    text = hover_at(ws, ADD_AMD64, "ADDQ")
    assert text.startswith("**ADDQ** (x86) — Add\n\nThis line: `ADDQ r64, r/m64` · Intel `ADD r/m64, r64`")
    assert "Other forms (Go operand order)" in text


def test_a_register_says_its_width_vendor_names_and_abi_role(ws):
    text = hover_at(ws, ADD_AMD64, "AX")
    assert "64 bits" in text and "ABIInternal: integer argument and result register 1" in text
    assert "Vendor: `RAX` (64 bits) · `EAX` (32 bits)" in text


def test_no_hover_on_blank_space(ws):
    assert hover_at(ws, ADD_AMD64, "\n\n// func Sum", delta=1) is None
