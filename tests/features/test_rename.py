"""Rename as a pure function, in process, on tests/fixtures/editing: what
each kind of name carries with it, and every refusal, with its reason."""

from __future__ import annotations

import pytest
from support.workspace import EDITING, applied, fixture_workspace, offset_of

from asm_ls.features.rename import RenameError, prepare_rename, rename

AMD64 = str(EDITING / "vec" / "vec_amd64.s")
ARM64 = str(EDITING / "vec" / "vec_arm64.s")
VEC_GO = str(EDITING / "vec" / "vec.go")
APP_S = str(EDITING / "app" / "app_amd64.s")
APP_GO = str(EDITING / "app" / "app.go")


@pytest.fixture(scope="module")
def ws():
    return fixture_workspace(root=EDITING)


def original(relative: str) -> str:
    return (EDITING / relative).read_text()


def renamed(ws, path: str, needle: str, new: str, nth: int = 0, delta: int = 1) -> dict[str, str]:
    return applied(rename(ws, path, offset_of(path, needle, nth, delta), new), EDITING)


def prepared(ws, path: str, needle: str, nth: int = 0, delta: int = 1) -> tuple[str, str, str] | None:
    found = prepare_rename(ws, path, offset_of(path, needle, nth, delta))
    if found is None:
        return None
    return found.kind, found.placeholder, found.span.source.text[found.span.start : found.span.end]


def test_prepare_says_what_is_renamed(ws):
    assert prepared(ws, AMD64, "·Sum") == ("symbol", "Sum", "Sum")  # the name, not its `·`
    assert prepared(ws, APP_S, "vec·Sum", delta=5) == ("symbol", "Sum", "Sum")
    assert prepared(ws, AMD64, "loop:", delta=0) == ("label", "loop", "loop")
    assert prepared(ws, AMD64, "STEP") == ("macro", "STEP", "STEP")
    assert prepared(ws, AMD64, '"vec.h"') == ("include", "vec.h", "vec.h")
    assert prepared(ws, AMD64, "xs_len") == ("parameter", "xs", "xs")
    assert prepared(ws, APP_GO, "vec.Sum", delta=5) == ("symbol", "Sum", "Sum")
    # Mnemonics, registers and comments have nothing to rename.
    assert prepared(ws, AMD64, "MOVQ") is None
    assert prepared(ws, AMD64, "SI", delta=0) is None
    assert prepared(ws, AMD64, "// func", delta=4) is None


def test_a_symbol_with_its_go_declaration_uses_and_comments(ws):
    changed = renamed(ws, AMD64, "·Sum", "Total")
    assert sorted(changed) == ["app/app.go", "app/app_amd64.s", "vec/vec.go", "vec/vec_amd64.s", "vec/vec_arm64.s"]
    assert changed["vec/vec.go"] == original("vec/vec.go").replace("func Sum(", "func Total(").replace(
        "2 * Sum(xs)", "2 * Total(xs)"
    )
    for relative in ("vec/vec_amd64.s", "vec/vec_arm64.s"):
        assert changed[relative] == original(relative).replace("·Sum(SB)", "·Total(SB)").replace(
            "// func Sum(", "// func Total("
        )
    assert changed["app/app_amd64.s"] == original("app/app_amd64.s").replace("vec·Sum", "vec·Total")
    assert changed["app/app.go"] == original("app/app.go").replace("vec.Sum(xs)", "vec.Total(xs)")
    # The same from the Go side.
    assert renamed(ws, APP_GO, "vec.Sum", "Total", delta=5) == changed


def test_a_data_symbol_and_a_file_local_one(ws):
    changed = renamed(ws, AMD64, "·table", "words")
    assert sorted(changed) == ["vec/vec.go", "vec/vec_amd64.s"]
    assert changed["vec/vec_amd64.s"].count("·words+") == 4 and "GLOBL ·words(SB)" in changed["vec/vec_amd64.s"]
    assert "var words [4]uint32" in changed["vec/vec.go"]
    # ones<> is local to its file: arm64's own ones<> stays.
    changed = renamed(ws, AMD64, "ones<>(SB), AX", "one")
    assert sorted(changed) == ["vec/vec_amd64.s"]
    assert changed["vec/vec_amd64.s"] == original("vec/vec_amd64.s").replace("ones<>", "one<>")


def test_a_label_within_its_function_only(ws):
    changed = renamed(ws, ARM64, "loop:", "next", delta=0)
    text = original("vec/vec_arm64.s")
    assert changed == {"vec/vec_arm64.s": text.replace("loop:", "next:").replace("B\tloop", "B\tnext")}
    changed = renamed(ws, AMD64, "JMP\tagain", "top", delta=5)  # from the jump
    assert changed["vec/vec_amd64.s"].count("top") == 2 and changed["vec/vec_amd64.s"].count("again") == 0


def test_a_macro_in_the_header_and_every_includer(ws):
    changed = renamed(ws, AMD64, "$STEP", "STRIDE")
    assert sorted(changed) == ["vec/vec.h", "vec/vec_amd64.s"]
    assert "#define STRIDE 8" in changed["vec/vec.h"]
    assert changed["vec/vec_amd64.s"].count("$STRIDE") == 2
    changed = renamed(ws, ARM64, "ADDTO", "ACCUMULATE")
    assert changed["vec/vec.h"].count("#define ACCUMULATE(src, dst)") == 2  # both #ifdef branches
    assert "ACCUMULATE((SI), AX)" in changed["vec/vec_amd64.s"] and "ACCUMULATE(R4, R0)" in changed["vec/vec_arm64.s"]


def test_a_macro_defined_in_the_file_with_its_conditionals_and_bodies(ws, tmp_path):
    path = tmp_path / "m_amd64.s"
    path.write_text(
        "#define WIDTH 8\n"
        "#ifdef WIDTH\n"
        "#define TWICE (WIDTH*2)\n"
        "#endif\n"
        "#define SCALE(WIDTH) (WIDTH*4)\n"  # a parameter of the same name is not the macro
        "TEXT f(SB), 0, $0\n"
        "\tADDQ\t$WIDTH, AX\n"
        "\tRET\n"
    )
    workspace = fixture_workspace(root=tmp_path)
    changed = applied(rename(workspace, str(path), offset_of(str(path), "$WIDTH"), "SIZE"), tmp_path)
    assert changed["m_amd64.s"] == (
        "#define SIZE 8\n"
        "#ifdef SIZE\n"
        "#define TWICE (SIZE*2)\n"
        "#endif\n"
        "#define SCALE(WIDTH) (WIDTH*4)\n"
        "TEXT f(SB), 0, $0\n"
        "\tADDQ\t$SIZE, AX\n"
        "\tRET\n"
    )


def test_an_include_name_in_every_file_including_it(ws):
    changed = renamed(ws, ARM64, '"vec.h"', "vector.h")
    assert changed == {
        relative: original(relative).replace('#include "vec.h"', '#include "vector.h"')
        for relative in ("vec/vec_amd64.s", "vec/vec_arm64.s")
    }


def test_an_argument_with_its_components_go_parameter_and_comments(ws):
    changed = renamed(ws, AMD64, "xs_base", "values")
    assert sorted(changed) == ["vec/vec.go", "vec/vec_amd64.s", "vec/vec_arm64.s"]
    assert "func Sum(values []int64) (total int64)" in changed["vec/vec.go"]
    assert "func Scale(xs []int64, k int64)" in changed["vec/vec.go"]
    for relative in ("vec/vec_amd64.s", "vec/vec_arm64.s"):
        text = changed[relative]
        assert "// func Sum(values []int64) (total int64)" in text
        assert "values_base+0(FP)" in text and "values_len+8(FP)" in text
        assert "// func Scale(xs []int64, k int64)" in text and text.count("xs_base+0(FP)") == 1
    changed = renamed(ws, ARM64, "total+", "sum", delta=0)
    assert "func Sum(xs []int64) (sum int64)" in changed["vec/vec.go"]
    assert "MOVD\tR0, sum+24(FP)" in changed["vec/vec_arm64.s"]


@pytest.mark.parametrize(
    "path, needle, delta, new, reason",
    [
        (AMD64, "NOSPLIT", 1, "X", "NOSPLIT is a flag of textflag.h, which is part of Go"),
        (AMD64, '"textflag.h"', 1, "t.h", "it is part of Go"),
        (AMD64, "·Sum", 1, "Scale", "Scale is already defined at vec_amd64.s:21"),
        (AMD64, "·Sum", 1, "Twice", "Twice is already declared in Go at vec.go:13"),
        (AMD64, "·Sum", 1, "sum", "sum would be unexported, but other packages use Sum"),
        (AMD64, "·Sum", 1, "9lives", "'9lives' is not a valid symbol name"),
        (AMD64, "loop:", 0, "done", "Sum already has a label done at vec_amd64.s:16"),
        (AMD64, "loop:", 0, "CX", "CX is a register on amd64"),
        (AMD64, "loop:", 0, "MOVQ", "MOVQ is an instruction on amd64"),
        (AMD64, "loop:", 0, "STEP", "STEP is a macro here"),
        (AMD64, "STEP", 1, "ZERO", "ZERO is already a macro"),
        (AMD64, "STEP", 1, "loop", "loop is already used at vec_amd64.s:9"),
        (AMD64, "xs_len", 1, "total", "Sum already has a parameter or result called total"),
        (AMD64, "total+", 0, "xs_len", r"xs_len would be confused with xs_len\+…\(FP\), part of xs"),
        (APP_S, "ret+", 0, "r", "ret is an unnamed parameter or result of Total"),
        (APP_S, "CALL", 0, "x", "there is nothing to rename here"),
    ],
)
def test_unsafe_renames_are_refused(ws, path, needle, delta, new, reason):
    with pytest.raises(RenameError, match=reason):
        rename(ws, path, offset_of(path, needle, 0, delta), new)


def test_what_go_defines_cannot_be_renamed(ws, tmp_path):
    path = tmp_path / "call_amd64.s"
    path.write_text('#include "textflag.h"\nTEXT ·f(SB), NOSPLIT, $0\n\tCALL\truntime·memmove(SB)\n\tRET\n')
    workspace = fixture_workspace(root=tmp_path)
    with pytest.raises(RenameError, match=r"memmove cannot be renamed: it is part of Go \(src/runtime/memmove"):
        prepare_rename(workspace, str(path), offset_of(str(path), "memmove"))
