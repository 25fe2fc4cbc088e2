"""Which form of an instruction a written line matches (asm_ls.isa.forms), checked by hand
against the manuals' operand classes and the assembler's encodings in cmd/asm's test data."""

import pytest

from asm_ls.arch import get_arch
from asm_ls.isa import line_form, lookup, shape


def _line(goarch: str, mnemonic: str, operands: str):
    doc = lookup(goarch, mnemonic)
    return line_form(doc.forms, operands, get_arch(goarch), doc.arch_family, mnemonic)


@pytest.mark.parametrize(
    ("goarch", "mnemonic", "operands", "kinds", "vendor"),
    [
        ("amd64", "MOVQ", "y+8(FP), SI", "r/m64, r64", "MOV r64, r/m64"),  # a load, not MOVQ's CR0-CR7 forms
        ("amd64", "MOVQ", "$0, AX", "imm32, r/m64", "MOV r/m64, imm32"),
        ("amd64", "MOVQ", "AX, X0", "r/m64, xmm1", "MOVQ xmm1, r/m64"),
        ("amd64", "SHLQ", "CX, AX", "CL, r/m64", "SHL r/m64, CL"),
        ("amd64", "VPADDD", "(SI), Z1, K1, Z2", "m512/m32bcst, zmm, [K], zmm", "VPADDD zmm{k}{z}, zmm, m512/m32bcst"),
        ("amd64", "VPADDD", "Z0, Z1, Z2", "zmm, zmm, [K], zmm", "VPADDD zmm{k}{z}, zmm, zmm"),  # [K] left out
        ("386", "MOVL", "AX, (BX)", "r32, r/m32", "MOV r/m32, r32"),
        ("arm64", "ADD", "$1, R0, R1", "$imm, R, R", "ADD <Xd|SP>, <Xn|SP>, #<imm>{, <shift>}"),
        ("arm64", "CBZ", "R0, done", "R, label", "CBZ <Xt>, <label>"),
        ("arm64", "LDP", "16(R1), (R2, R3)", "off(R), (R, R)", "LDP <Xt1>, <Xt2>, [<Xn|SP>{, #<imm>}]"),
        ("ppc64le", "MOVD", "8(R3), R4", "off(R), R", "ld RT,DS(RA)"),
        ("riscv64", "ADD", "$1, X5, X6", "$imm, X, X", "addi xd, xs1, imm"),
        ("s390x", "VAF", "V1, V2, V3", "V, V, V", "VA V1,V2,V3,M4"),
    ],
)
def test_the_form_a_line_matches(goarch, mnemonic, operands, kinds, vendor):
    line = _line(goarch, mnemonic, operands)
    assert line.operands == kinds
    assert line.matched[0].intel == vendor


def test_a_class_match_prefers_the_closest_shape():
    line = _line("arm64", "VADD", "V2.B16, V0.B16, V0.B16")  # no B16 line in the test data
    assert line.operands == "V.B16, V.B16, V.B16"
    assert line.matched[0].operands != "V, V, V"  # an arrangement is closer than a scalar form


def test_frame_and_symbol_operands_are_shown_generalized():
    assert _line("arm64", "MOVD", "x+8(FP), R0").operands == "name+off(FP), R"
    assert _line("arm64", "MOVD", "$runtime·f(SB), R0").operands == "$name(SB), R"
    assert _line("arm64", "MOVD", "-8(SP), R0").operands == "off(SP), R"


def test_a_line_no_form_fits():
    assert _line("amd64", "MOVQ", "X0, X1, X2").matched == ()


def test_shape_generalizes_as_the_data_does():
    assert shape("$3, R1, 8(R2)") == "$imm, R, off(R)"
    assert shape("VS33,$1,VS34") == "VS, $imm, VS"
    assert shape("(R1)(R2*1),$0,R3") == "(R)(R*1), $imm, R"
    assert shape("") == ""
