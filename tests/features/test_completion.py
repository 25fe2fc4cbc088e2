"""Completion as a pure function of (workspace, path, offset, text), on the
fixture workspace (module wsmod: add/ for amd64 and arm64, use/ calling add).
`@@` marks the cursor in the texts below; it is removed before completing."""

import os
from pathlib import Path

import pytest
from support.workspace import ADD_AMD64, ADD_ARM64, CURSOR, USE_AMD64, WORKSPACE
from support.workspace import fixture_workspace as workspace

from asm_ls.features.completion import MAX_ITEMS, CompletionItem, Completions, Description, complete, describe
from asm_ls.features.workspace import Workspace

ROOT = WORKSPACE


def edited(path_or_text: str, after: str, inserted: str) -> str:
    """A file's text (or a text) with a line `inserted` after the line ending in `after`."""
    text = Path(path_or_text).read_text() if os.path.isfile(path_or_text) else path_or_text
    at = text.index(after + "\n") + len(after) + 1
    return text[:at] + inserted + "\n" + text[at:]


class Described:
    """An item with its detail and documentation, as completionItem/resolve gives them."""

    def __init__(self, item: CompletionItem, description: Description | None):
        assert description is not None, f"{item.kind} {item.label} offered but not described"
        self.item = item
        self.detail = description.detail
        self.documentation = description.documentation

    def __getattr__(self, name: str):
        return getattr(self.item, name)


def complete_in(path: str, marked: str, ws: Workspace | None = None, buffer: bool = False):
    """Complete at the cursor of marked, each item described; with buffer,
    the text is also the editor's buffer (analyzed), else only passed as text
    (the last good parse stays the file on disk)."""
    offset = marked.index(CURSOR)
    text = marked.replace(CURSOR, "", 1)
    if ws is None:
        ws = workspace({path: text} if buffer else None)
    items = complete(ws, path, offset, text)
    described = Completions(Described(i, describe(ws, path, offset, i.kind, i.label, text)) for i in items)
    described.incomplete, described.span = items.incomplete, items.span
    return text, described


def by_label(items):
    return {item.label: item for item in items}


def replaced(text: str, item) -> tuple[str, str]:
    """(text the item's edit replaces, its new text)."""
    span, new_text = item.edit
    return text[span.start : span.end], new_text


def labels_of_kind(items, kind):
    return [item.label for item in items if item.kind == kind]


# --- instruction position -----------------------------------------------------------


def test_mnemonics_of_amd64_with_one_line_docs():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tADDQ\tBX, AX", "\tMO@@"))
    found = by_label(items)
    assert found["MOVQ"].kind == "mnemonic"
    assert found["MOVQ"].detail == "Move"
    assert replaced(text, found["MOVQ"]) == ("MO", "MOVQ")
    assert "MOVK" not in found  # an arm64 mnemonic
    assert items[0].label.startswith("MO")  # prefix matches sort first


def test_mnemonics_of_arm64():
    text, items = complete_in(ADD_ARM64, edited(ADD_ARM64, "\tADD\tR1, R0", "\tMOV@@"))
    found = by_label(items)
    assert found["MOVD"].kind == "mnemonic"
    assert "64-bit move" in found["MOVD"].detail
    assert "MOVQ" not in found and "MOVAPS" not in found


def test_directives_and_macros_at_instruction_position():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tRET", "\t@@"))
    found = by_label(items)
    for directive in ("TEXT", "DATA", "GLOBL", "PCDATA", "FUNCDATA", "PCALIGN"):
        assert found[directive].kind == "directive"
    assert found["ZERO"].kind == "macro"
    assert found["ZERO"].detail.startswith("#define ZERO(r) XORQ")
    assert "NOSPLIT" not in found  # flags belong in TEXT flags, not here


def test_instruction_position_after_a_label():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tRET", "again:\tDEC@@"))
    assert "DECQ" in by_label(items)


# --- registers ----------------------------------------------------------------------


def test_registers_in_operand_position_amd64():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tADDQ\tBX, AX", "\tADDQ\tBX, B@@"))
    found = by_label(items)
    assert found["BX"].kind == "register"
    assert "64-bit" in found["BX"].detail
    assert replaced(text, found["BX"]) == ("B", "BX")
    assert "R1" not in found


def test_registers_in_operand_position_arm64():
    text, items = complete_in(ADD_ARM64, edited(ADD_ARM64, "\tADD\tR1, R0", "\tADD\tR1, R@@"))
    registers = labels_of_kind(items, "register")
    assert {"R0", "R1", "R27", "RSP"} <= set(registers)
    assert "RAX" not in registers and "AX" not in registers


def test_registers_in_macro_arguments():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tRET", "\tZERO(D@@"))
    assert replaced(text, by_label(items)["DX"]) == ("D", "DX")


def test_pseudo_registers_first_inside_parentheses():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tADDQ\tBX, AX", "\tLEAQ\t·table(@@"))
    assert [i.label for i in items[:4]] == ["FP", "PC", "SB", "SP"]


def test_registers_of_the_width_the_instruction_takes_first():
    # MOVL takes general registers (and segment ones): not the byte names, not X0.
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tADDQ\tBX, AX", "\tMOVL\t$0, @@"))
    registers = labels_of_kind(items, "register")
    assert registers[:4] == ["AX", "BP", "BX", "CX"]
    assert registers.index("R15") < registers.index("AL") < registers.index("X0")
    # MOVOU moves 128 bits: X registers before the general ones.
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tADDQ\tBX, AX", "\tMOVOU\t(SI), @@"))
    registers = labels_of_kind(items, "register")
    assert registers[:3] == ["X0", "X1", "X2"]
    assert registers.index("X15") < registers.index("AX")
    # A shift count is CL, or CX as Go writes it.
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tADDQ\tBX, AX", "\tSHLQ\t@@"))
    assert labels_of_kind(items, "register")[:2] == ["CX", "CL"]


def test_vector_and_float_registers_first_on_arm64():
    text, items = complete_in(ADD_ARM64, edited(ADD_ARM64, "\tADD\tR1, R0", "\tFMOVD\t@@"))
    assert labels_of_kind(items, "register")[:3] == ["F0", "F1", "F2"]
    text, items = complete_in(ADD_ARM64, edited(ADD_ARM64, "\tADD\tR1, R0", "\tVADD\tV1.B16, @@"))
    registers = labels_of_kind(items, "register")
    assert registers[:2] == ["V0", "V1"] and registers.index("V31") < registers.index("R0")


def test_frame_slots_before_registers_and_symbols():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tMOVQ\txs_len+8(FP), CX", "\tMOVQ\t@@"))
    kinds = [i.kind for i in items]
    # xs_base, xs_len, xs_cap: 8 bytes each, as MOVQ moves, read; then the result, also 8 bytes
    assert [i.label for i in items[:4]] == ["xs_base+0(FP)", "xs_len+8(FP)", "xs_cap+16(FP)", "ret+24(FP)"]
    assert kinds[4] == "register"
    assert items.incomplete  # the first list: macros and symbols come as the user types


def test_frame_slots_of_the_size_moved_first():
    path = str(ROOT / "add" / "extra_amd64.s")
    marked = "// func scan(p *byte, s string) (found bool)\nTEXT ·scan(SB), $0-25\n\tMOVB\tAX, @@\n\tRET\n"
    text, items = complete_in(path, marked, buffer=True)
    assert items[0].label == "found+24(FP)"  # one byte, written
    registers = labels_of_kind(items, "register")
    assert registers[0] == "AX" and registers.index("SI") < registers.index("AL")  # Go writes MOVB AX more than AL
    assert labels_of_kind(items, "frame")[1:] == ["p+0(FP)", "s+8(FP)", "s_base+8(FP)", "s_len+16(FP)"]
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tMOVQ\txs_len+8(FP), CX", "\tLEAQ\t@@"))
    assert items[0].label == "xs+0(FP)"  # an address: every slot fits, in their order


# --- the argument frame -------------------------------------------------------------


def test_frame_slots_with_component_names_amd64():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tMOVQ\txs_len+8(FP), CX", "\tMOVQ\txs@@"))
    frame = [i for i in items if i.kind == "frame"]
    # MOVQ moves 8 bytes: the 24-byte slice header as a whole comes last.
    assert [i.label for i in frame] == ["xs_base+0(FP)", "xs_len+8(FP)", "xs_cap+16(FP)", "xs+0(FP)"]
    assert frame[1].detail == "slice len, 8 bytes"
    assert replaced(text, frame[1]) == ("xs", "xs_len+8(FP)")
    assert frame[1].documentation == "`func Sum(xs []int64) int64`"


def test_frame_result_and_arguments_arm64():
    text, items = complete_in(ADD_ARM64, edited(ADD_ARM64, "\tADD\tR1, R0", "\tMOVD\tR0, @@"))
    frame = [i for i in items if i.kind == "frame"]
    assert [i.label for i in frame] == ["ret+16(FP)", "a+0(FP)", "b+8(FP)"]  # written to: the result first
    assert frame[0].detail == "int64, 8 bytes, result"


def test_frame_replaces_the_reference_typed_so_far():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tMOVQ\txs_len+8(FP), CX", "\tMOVQ\txs_len+8(F@@"))
    found = by_label(items)
    assert replaced(text, found["xs_len+8(FP)"]) == ("xs_len+8(F", "xs_len+8(FP)")
    assert replaced(text, found["FP"]) == ("F", "FP")  # the register alone replaces the word


def test_frame_replaces_a_whole_existing_reference():
    marked = Path(ADD_AMD64).read_text().replace("\tMOVQ\txs_len+8(FP), CX", "\tMOVQ\txs_c@@ap+8(FP), CX")
    text, items = complete_in(ADD_AMD64, marked)
    assert replaced(text, by_label(items)["xs_cap+16(FP)"]) == ("xs_cap+8(FP)", "xs_cap+16(FP)")


def test_frame_on_386_halves_eight_byte_values():
    path = str(ROOT / "add" / "add_386.s")
    marked = "// func Add(a, b int64) int64\nTEXT ·Add(SB), $0-20\n\tMOVL\t@@\n\tRET\n"
    text, items = complete_in(path, marked, buffer=True)
    frame = labels_of_kind(items, "frame")
    assert frame == [  # MOVL reads 4 bytes: the halves of the arguments, of the result, then the wholes
        "a_lo+0(FP)",
        "a_hi+4(FP)",
        "b_lo+8(FP)",
        "b_hi+12(FP)",
        "ret_lo+16(FP)",
        "ret_hi+20(FP)",
        "a+0(FP)",
        "b+8(FP)",
        "ret+16(FP)",
    ]
    assert by_label(items)["SI"].detail.startswith("general register, 32-bit")


def test_frame_from_the_signature_comment_without_go_declaration():
    path = str(ROOT / "add" / "extra_amd64.s")
    marked = "// func scan(p *byte, s string) (found bool)\nTEXT ·scan(SB), $0-25\n\tMOVQ\t@@\n\tRET\n"
    text, items = complete_in(path, marked, buffer=True)
    assert labels_of_kind(items, "frame") == ["p+0(FP)", "s_base+8(FP)", "s_len+16(FP)", "s+8(FP)", "found+24(FP)"]


def test_frame_of_the_enclosing_function_only():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tMOVQ\ta+0(FP), AX", "\tMOVQ\t@@"))
    assert labels_of_kind(items, "frame") == ["a+0(FP)", "b+8(FP)", "ret+16(FP)"]


# --- symbols ------------------------------------------------------------------------


def test_package_symbols_after_middle_dot():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tRET", "\tCALL\t·@@"))
    found = by_label(items)
    assert set(labels_of_kind(items, "symbol")) == {"·Add", "·Sum", "·table"}
    assert replaced(text, found["·Add"]) == ("·", "·Add(SB)")
    assert found["·Add"].detail == "func Add(a, b int64) int64"
    assert found["·Add"].documentation == "Add returns a+b."
    assert found["·table"].detail == "var table [4]uint32"


def test_package_symbols_of_the_kind_the_instruction_wants_first():
    path = str(ROOT / "add" / "extra_amd64.s")
    body = "TEXT ·scan(SB), $0-0\n\tCALL\t·Twice(SB)\n\t{}\n\tRET\n"
    # A call: the functions, then the variables, then what the package's
    # assembly uses without defining (Twice has a Go body).
    text, items = complete_in(path, body.format("CALL\t·@@"), buffer=True)
    assert [i.label for i in items] == ["·Add", "·Sum", "·scan", "·table", "·Twice"]
    assert by_label(items)["·Twice"].detail == "used in extra_amd64.s"
    # Data: the variables first.
    text, items = complete_in(path, body.format("MOVL\t·@@"), buffer=True)
    assert [i.label for i in items][:1] == ["·table"]
    # A new TEXT: what is used but has a Go body is no candidate.
    text, items = complete_in(path, "TEXT ·@@\n\tCALL\t·Twice(SB)\n", buffer=True)
    assert "·Twice" not in by_label(items)


def test_calls_offer_functions_before_labels():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tDECQ\tCX", "\tCALL\t@@"))
    assert [i.kind for i in items[:3]] == ["symbol", "symbol", "symbol"]
    assert [i.label for i in items[:2]] == ["·Add", "·Sum"]
    assert labels_of_kind(items, "label") == ["loop", "done"]


def test_symbol_before_an_existing_sb_keeps_it():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tRET", "\tLEAQ\t·ta@@(SB), AX"))
    assert replaced(text, by_label(items)["·table"]) == ("·ta", "·table")


def test_bare_name_after_call_completes_to_middle_dot_sb():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tRET", "\tCALL\tSu@@"))
    found = by_label(items)
    assert replaced(text, found["·Sum"]) == ("Su", "·Sum(SB)")
    assert found["·Sum"].filter_text == "Sum"


def test_bare_name_after_dollar_and_in_memory_operands():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tRET", "\tMOVQ\t$tab@@, AX"))
    assert replaced(text, by_label(items)["·table"]) == ("tab", "·table(SB)")
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tRET", "\tMOVL\ttab@@, AX"))
    assert replaced(text, by_label(items)["·table"]) == ("tab", "·table(SB)")


def test_bare_name_after_arm64_branch_and_link():
    text, items = complete_in(ADD_ARM64, edited(ADD_ARM64, "\tADD\tR1, R0", "\tBL\tAd@@"))
    assert replaced(text, by_label(items)["·Add"]) == ("Ad", "·Add(SB)")


def test_symbols_of_another_package_after_its_qualifier():
    marked = Path(USE_AMD64).read_text().replace("wsmod∕add·Add(SB)", "wsmod∕add·@@")
    text, items = complete_in(USE_AMD64, marked)
    found = by_label(items)
    assert set(labels_of_kind(items, "symbol")) == {"wsmod∕add·Add", "wsmod∕add·Sum", "wsmod∕add·table"}
    assert replaced(text, found["wsmod∕add·Add"]) == ("wsmod∕add·", "wsmod∕add·Add(SB)")


def test_text_line_offers_unimplemented_go_functions_with_frame_size():
    path = str(ROOT / "add" / "add_riscv64.s")
    marked = '#include "textflag.h"\n\nTEXT ·Add(SB), NOSPLIT, $0-24\n\tRET\n\nTEXT ·@@\n'
    text, items = complete_in(path, marked, buffer=True)
    symbols = [i for i in items if i.kind == "symbol"]
    assert symbols[0].label == "·Sum"  # Add is already implemented here
    assert replaced(text, symbols[0]) == ("·", "·Sum(SB), $0-32")
    assert replaced(text, by_label(items)["·Add"]) == ("·", "·Add(SB), $0-24")


def test_data_and_globl_offer_variables_first():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "GLOBL ·table(SB), RODATA, $16", "DATA @@"))
    symbols = [i for i in items if i.kind == "symbol"]
    assert symbols[0].label == "·table"
    assert replaced(text, symbols[0]) == ("", "·table(SB)")


def test_file_local_symbols_of_this_file():
    path = str(ROOT / "add" / "extra_amd64.s")
    marked = "DATA mask<>+0(SB)/8, $0xff\nGLOBL mask<>(SB), 8, $8\nTEXT ·scan(SB), $0-0\n\tMOVQ\tma@@\n\tRET\n"
    text, items = complete_in(path, marked, buffer=True)
    assert replaced(text, by_label(items)["mask<>"]) == ("ma", "mask<>(SB)")
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tRET", "\tMOVQ\tma@@"), ws=workspace({path: text}))
    assert "mask<>" not in by_label(items)  # file-local to extra_amd64.s


# --- labels -------------------------------------------------------------------------


def test_labels_of_the_function_after_a_jump_amd64():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tDECQ\tCX", "\tJNE\t@@"))
    assert [i.label for i in items[:2]] == ["loop", "done"]
    assert items[0].kind == "label"
    assert items.incomplete  # nothing typed: the first list, and registers are cut
    assert replaced(text, items[0]) == ("", "loop")


def test_labels_are_function_scoped():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tADDQ\tBX, AX", "\tJMP\t@@"))
    assert labels_of_kind(items, "label") == []


def test_labels_after_arm64_compare_and_branch():
    text, items = complete_in(ADD_ARM64, edited(ADD_ARM64, "\tSUB\t$1, R3", "\tCBNZ\tR3, lo@@"))
    assert labels_of_kind(items, "label") == ["loop"]
    assert replaced(text, by_label(items)["loop"]) == ("lo", "loop")


# --- macros and flags ---------------------------------------------------------------


def test_macros_in_immediates():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tDECQ\tCX", "\tADDQ\t$ST@@, SI"))
    step = by_label(items)["STEP"]
    assert step.kind == "macro" and step.detail == "#define STEP 8"
    assert "helpers.h:3" in step.documentation


def test_macros_defined_in_the_file_with_parameters():
    path = str(ROOT / "add" / "extra_amd64.s")
    marked = "#define LOAD(off, reg) MOVQ off(SI), reg\n#define WIDTH 16\nTEXT ·scan(SB), $0-0\n\tLO@@\n"
    text, items = complete_in(path, marked, buffer=True)
    assert by_label(items)["LOAD"].detail.startswith("#define LOAD(off, reg)")


def test_textflag_names_in_text_flags():
    marked = Path(ADD_AMD64).read_text().replace("TEXT ·Sum(SB), NOSPLIT,", "TEXT ·Sum(SB), NO@@,")
    text, items = complete_in(ADD_AMD64, marked)
    found = by_label(items)
    assert found["NOSPLIT"].kind == "flag"
    assert found["NOSPLIT"].detail == "NOSPLIT = 4"
    assert "stack" in found["NOSPLIT"].documentation
    assert found["NOFRAME"].detail == "NOFRAME = 512"
    assert replaced(text, found["NOFRAME"]) == ("NO", "NOFRAME")


def test_textflag_names_after_a_bar_and_in_globl():
    marked = Path(ADD_AMD64).read_text().replace("TEXT ·Sum(SB), NOSPLIT,", "TEXT ·Sum(SB), NOSPLIT|TOP@@,")
    text, items = complete_in(ADD_AMD64, marked)
    assert by_label(items)["TOPFRAME"].detail == "TOPFRAME = 2048"
    marked = Path(ADD_AMD64).read_text().replace("GLOBL ·table(SB), RODATA", "GLOBL ·table(SB), NOPTR|RO@@")
    text, items = complete_in(ADD_AMD64, marked)
    assert replaced(text, by_label(items)["RODATA"]) == ("RO", "RODATA")


def test_no_flags_in_the_frame_size():
    marked = Path(ADD_AMD64).read_text().replace("NOSPLIT, $0-32", "NOSPLIT, $@@0-32")
    text, items = complete_in(ADD_AMD64, marked)
    assert labels_of_kind(items, "flag") == []
    assert labels_of_kind(items, "frame") == ["$0-32"]


def test_flags_say_when_textflag_h_is_missing():
    path = str(ROOT / "add" / "extra_amd64.s")
    text, items = complete_in(path, "TEXT ·scan(SB), NOS@@, $0-0\n\tRET\n", buffer=True)
    assert 'Needs `#include "textflag.h"`' in by_label(items)["NOSPLIT"].documentation


# --- includes and preprocessor lines ------------------------------------------------


def test_include_names():
    marked = Path(ADD_AMD64).read_text().replace('#include "helpers.h"', '#include "@@helpers.h"')
    text, items = complete_in(ADD_AMD64, marked)
    found = by_label(items)
    assert {"textflag.h", "funcdata.h", "go_asm.h", "helpers.h"} <= set(found)
    assert all(i.kind == "include" for i in items)
    assert replaced(text, found["textflag.h"]) == ("helpers.h", "textflag.h")


def test_include_name_without_closing_quote():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, '#include "helpers.h"', '#include "hel@@'))
    assert [i.label for i in items] == ["helpers.h"]
    assert replaced(text, items[0]) == ("hel", 'helpers.h"')


def test_include_names_in_another_directory():
    text, items = complete_in(USE_AMD64, edited(USE_AMD64, '#include "textflag.h"', '#include "../add/he@@"'))
    assert [i.label for i in items] == ["../add/helpers.h"]
    assert replaced(text, items[0]) == ("../add/he", "../add/helpers.h")


def test_preprocessor_directives_and_conditions():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, '#include "helpers.h"', "#inc@@"))
    assert replaced(text, by_label(items)["include"]) == ("inc", "include")
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, '#include "helpers.h"', "#ifdef GOARCH_@@"))
    assert "GOARCH_amd64" in by_label(items)


# --- text being typed ---------------------------------------------------------------


def test_mid_edit_line_that_does_not_parse():
    # Two broken lines: the last good parse (the file on disk) still knows the function.
    broken = edited(ADD_AMD64, "\tMOVQ\txs_len+8(FP), CX", "\tADDQ\t$(, ((BX")
    text, items = complete_in(ADD_AMD64, edited(broken, "\tZERO(AX)", "\tMOVQ\t)), xs_l@@"))
    assert replaced(text, by_label(items)["xs_len+8(FP)"]) == ("xs_l", "xs_len+8(FP)")


def test_mid_edit_buffer_that_does_not_parse():
    marked = edited(ADD_ARM64, "\tMOVD\tR0, ret+24(FP)", "\tMOVD.\t$, ,\n\tCBZ\tR1, d@@")
    text, items = complete_in(ADD_ARM64, marked, buffer=True)
    assert labels_of_kind(items, "label") == ["done"]


def test_middle_dot_after_non_ascii_text():
    marked = edited(ADD_AMD64, "\tRET", "café:\tMOVQ\t$'é', AX; CALL\t·Ad@@")
    text, items = complete_in(ADD_AMD64, marked)
    item = by_label(items)["·Add"]
    span, _ = item.edit
    assert span.start == text.index("·Ad", text.index("café"))  # code points: é and · are one each
    assert replaced(text, item) == ("·Ad", "·Add(SB)")


def test_nothing_in_comments():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tRET", "\tMOVQ\tAX, BX // MO@@"))
    assert items == []
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tRET", "/* MO@@"))
    assert items == []


def test_filtered_lists_are_incomplete():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tRET", "\tMO@@"))
    assert items.incomplete
    assert all("m" in i.filter_text.lower() and "o" in i.filter_text.lower() for i in items)


def test_first_list_is_cut_and_incomplete():
    marked = edited(ADD_AMD64, "\tRET", "\t@@")
    text, items = complete_in(ADD_AMD64, marked)
    assert len(items) == MAX_ITEMS and items.incomplete
    assert [i.kind for i in items[:6]] == ["directive"] * 6  # directives and macros before a thousand mnemonics
    assert "ZERO" in by_label(items)
    offset = marked.index(CURSOR)
    assert items.span is not None and (items.span.start, items.span.end) == (offset, offset)


def test_mnemonic_documentation_is_the_instruction_reference():
    text, items = complete_in(ADD_AMD64, edited(ADD_AMD64, "\tADDQ\tBX, AX", "\tVPADDD@@"))
    found = by_label(items)["VPADDD"]
    assert found.detail == "Add Packed Doubleword Integers"
    assert "Forms (Go operand order)" in found.documentation and "`VPADDD ymm2/m256, ymmV, ymm1`" in found.documentation


def test_described_after_the_user_typed_on():
    """A client resolves an item of the list it has, while the text has grown past the offset."""
    marked = edited(ADD_AMD64, "\tMOVQ\txs_len+8(FP), CX", "\tMOVQ\txs@@")
    offset = marked.index(CURSOR)
    ws = workspace()
    typed_on = marked.replace(CURSOR, "_le", 1)
    found = describe(ws, ADD_AMD64, offset, "frame", "xs_len+8(FP)", typed_on)
    assert found == Description("slice len, 8 bytes", "`func Sum(xs []int64) int64`")
    assert describe(ws, ADD_AMD64, offset, "frame", "nope+0(FP)", typed_on) is None
    assert describe(ws, ADD_AMD64, 10**9, "register", "AX") is not None  # an offset past the end: clamped
    assert describe(ws, ADD_AMD64, offset, "no such kind", "AX") is None


@pytest.mark.parametrize("path", [ADD_AMD64, ADD_ARM64, USE_AMD64])
def test_every_offset_of_the_fixtures_completes_without_error(path):
    text = Path(path).read_text()
    ws = workspace()
    for offset in range(len(text) + 1):
        for item in complete(ws, path, offset):
            span, _ = item.edit
            assert span.start <= offset <= span.end


def test_frame_size_on_a_text_line():
    marked = Path(ADD_AMD64).read_text().replace("TEXT ·Sum(SB), NOSPLIT, $0-32", "TEXT ·Sum(SB), NOSPLIT, $@@")
    text, items = complete_in(ADD_AMD64, marked)
    assert [(i.kind, i.label) for i in items] == [("frame", "$0-32")]
    assert replaced(text, items[0]) == ("$", "$0-32")
    marked = Path(ADD_ARM64).read_text().replace("TEXT ·Add(SB), NOSPLIT, $0-24", "TEXT ·Add(SB), $0-@@16")
    text, items = complete_in(ADD_ARM64, marked)
    assert replaced(text, items[0]) == ("$0-16", "$0-24")


def test_nothing_in_go_files():
    go_file = str(ROOT / "add" / "add.go")
    assert complete(workspace(), go_file, Path(go_file).read_text().index("int64")) == []
