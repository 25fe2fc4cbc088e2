"""asm_ls.isa.lookup against facts checked by hand in the Go assembler and the vendor manuals."""

import pytest

from asm_ls.isa import documented_mnemonics, lookup
from asm_ls.isa.store import FAMILY_OF_GOARCH


def _operands(goarch: str, mnemonic: str) -> set[str]:
    return {form.operands for form in lookup(goarch, mnemonic).forms}


def test_addq_has_go_order_forms_and_intel_gnu_names():
    doc = lookup("amd64", "ADDQ")
    assert doc.summary == "Add"
    assert doc.intel_names == ("ADD",)
    assert doc.gnu_names == ("addq",)
    # Go order: source first, destination last.
    assert {"imm32, r/m64", "r64, r/m64", "r/m64, r64"} <= _operands("amd64", "ADDQ")
    assert doc.reference_url == "https://www.felixcloutier.com/x86/add"
    assert doc.alias_of is None


def test_movou_is_movdqu():
    doc = lookup("amd64", "MOVOU")
    assert "MOVDQU" in doc.intel_names
    assert "SSE2" in doc.features


def test_pshufb_needs_ssse3():
    doc = lookup("amd64", "PSHUFB")
    assert "Shuffle" in doc.summary
    assert any(form.features == ("SSSE3",) and "xmm" in form.operands for form in doc.forms)


def test_vpaddd_ymm_form_needs_avx2_and_has_avx512_forms():
    doc = lookup("amd64", "VPADDD")
    by_operands = {form.operands: form for form in doc.forms}
    assert by_operands["ymm2/m256, ymmV, ymm1"].features == ("AVX2",)
    assert by_operands["ymm2/m256, ymmV, ymm1"].encoding.startswith("VEX.NDS.256.66.0F")
    evex = by_operands["m512/m32bcst, zmm, [K], zmm"]
    assert evex.features == ("AVX512F",)
    assert evex.encoding.startswith("EVEX.512.66.0F")
    assert evex.intel == "VPADDD zmm{k}{z}, zmm, m512/m32bcst"


@pytest.mark.parametrize("mnemonic", ["VPXORD", "VADDPD.Z", "VADDPD.BCST", "VADDPD.RN_SAE.Z"])
def test_avx512_mnemonics_and_suffixes(mnemonic):
    doc = lookup("amd64", mnemonic)
    assert doc.mnemonic == mnemonic.split(".")[0]
    assert "AVX512F" in doc.features


def test_crc32q():
    doc = lookup("amd64", "CRC32Q")
    assert doc.intel_names == ("CRC32",)
    assert _operands("amd64", "CRC32Q") == {"r/m64, r64"}
    assert doc.forms[0].features == ("SSE4.2",)


def test_jz_is_an_alias_of_jeq():
    doc = lookup("amd64", "JZ")
    assert doc.alias_of == "JEQ"
    assert doc.mnemonic == "JZ"
    assert doc.summary == lookup("amd64", "JEQ").summary
    assert doc.reference_url.endswith("/jcc")


def test_movd_is_movq_in_go():
    assert lookup("amd64", "MOVD").alias_of == "MOVQ"


def test_cmp_keeps_intel_operand_order_note():
    assert "compares AX with BX" in lookup("amd64", "CMPQ").summary


def test_64_bit_only_forms_are_not_offered_on_386():
    assert lookup("386", "ADDQ") is None  # `go tool asm` rejects it: illegal in mode 32
    assert "ADDL" in documented_mnemonics("386")
    assert all("r64" not in form.operands for form in lookup("386", "MOVL").forms)


def test_x87_go_names_come_from_the_go_optab():
    doc = lookup("386", "FMOVD")
    assert doc.intel_names == ("FLD", "FST")
    assert {(f.operands, f.intel) for f in doc.forms} >= {("m64fp, F0", "FLD m64fp"), ("F0, m64fp", "FST m64fp")}
    assert lookup("386", "FADDF").forms[0].intel == "FADD m32fp"  # the CSV's Go column says FADDD
    assert lookup("amd64", "FSTSW").forms[0].intel.startswith("FNSTSW")  # Go emits no WAIT prefix


def test_width_suffix_needs_forms_of_that_width():
    assert lookup("amd64", "VCVTSD2USIQ").forms[0].intel.startswith("VCVTSD2USI r64")
    # VPSHLDQ (AVX512_VBMI2) is not AMD XOP's VPSHLD, which opcodes lists: its forms
    # are the assembler's test lines, its words ours.
    assert lookup("amd64", "VPSHLDQ").features == ("AVX512_VBMI2",)


def test_go_pseudo_instructions():
    assert "emit one byte" in lookup("amd64", "BYTE").summary
    assert lookup("amd64", "RET").forms
    assert lookup("arm64", "REM").summary.endswith("SDIV then MSUB.")


def test_arm64_add_maps_to_arm_add():
    doc = lookup("arm64", "ADD")
    assert doc.intel_names == ("ADD",)
    assert doc.summary == "Add"
    assert lookup("arm64", "ADDW").summary == "Add (32-bit registers)"
    assert "$imm, R, R" in _operands("arm64", "ADD")
    assert any(form.intel.startswith("ADD <Xd|SP>, <Xn|SP>, #<imm>") for form in doc.forms)


def test_arm64_ldp():
    doc = lookup("arm64", "LDP")
    assert doc.intel_names == ("LDP",)
    assert "off(R), (R, R)" in _operands("arm64", "LDP")


@pytest.mark.parametrize(
    ("mnemonic", "arm", "words"), [("VEOR", "EOR", "exclusive OR of vectors"), ("VADD", "ADD", "lane by lane")]
)
def test_arm64_neon(mnemonic, arm, words):
    doc = lookup("arm64", mnemonic)
    assert doc.intel_names == (arm,)
    assert words in doc.summary
    assert "ASIMD" in doc.features
    assert "V.B16, V.B16, V.B16" in _operands("arm64", "VEOR")


def test_arm64_aese_needs_aes():
    doc = lookup("arm64", "AESE")
    assert doc.features == ("AES",)
    assert _operands("arm64", "AESE") == {"V.B16, V.B16"}


def test_arm64_post_index_suffix():
    doc = lookup("arm64", "MOVD.P")
    assert doc.mnemonic == "MOVD"
    # MOVD.P (R10), R8 assembles to the post-index LDR.
    assert any(form.intel == "LDR <Xt>, [<Xn|SP>], #<simm>" for form in doc.forms)


def test_arm64_lse_atomics():
    doc = lookup("arm64", "LDADDAD")
    assert doc.features == ("LSE",)
    assert "R, (R), R" in _operands("arm64", "LDADDAD")


def test_arm64_conditional_branch_by_naming_rule():
    doc = lookup("arm64", "BNE")
    assert doc.intel_names == ("B.<cond>",)
    assert lookup("arm64", "B").alias_of == "JMP"


def test_other_arches_list_their_mnemonics():
    assert "ADDI" in documented_mnemonics("riscv64")
    assert lookup("riscv64", "ADDI").summary == "Add immediate"  # riscv-unified-db's long_name
    assert lookup("ppc64le", "MOVD").forms
    assert lookup("s390x", "MOVD").summary.startswith("64-bit move: load (LG)")
    assert "I32Add" in documented_mnemonics("wasm")


@pytest.mark.parametrize("goarch", sorted(FAMILY_OF_GOARCH))
def test_every_goarch_has_data_with_portable_pseudo_instructions(goarch):
    names = documented_mnemonics(goarch)
    assert {"CALL", "RET", "PCALIGN"} <= names
    assert lookup(goarch, "RET").summary


def test_unknown_names():
    assert lookup("amd64", "NOTANINSN") is None
    assert lookup("sparc64", "ADD") is None
    assert documented_mnemonics("sparc64") == frozenset()


# --- every family has words, from the vendor's table or ours (tools/isa_words_*.py) ---


def test_ppc64_names_come_from_the_power_isa_and_go_suffixes_map_to_its_variants():
    doc = lookup("ppc64le", "ADDCC")  # Go's CC suffix is POWER's record form, `add.`
    assert doc.intel_names == ("add.",)
    assert doc.summary == "Add; records the result's comparison with zero in CR0"
    assert lookup("ppc64", "VCIPHER").summary == "Vector AES Cipher"
    # One Go mnemonic, a load, a store and a move: our words name each.
    assert "load (ld, ldx), store (std, stdx)" in lookup("ppc64", "MOVD").summary


def test_s390x_vector_mnemonics_carry_the_element_size_in_their_name():
    doc = lookup("s390x", "VCEQF")
    assert doc.intel_names == ("VCEQ",)
    assert doc.summary == "Vector compare equal (word elements)"
    assert lookup("s390x", "VCEQGS").summary == "Vector compare equal (doubleword elements; sets the condition code)"
    assert lookup("s390x", "WFADB").summary == "Vector FP add (scalar, double precision)"


def test_riscv64_names_come_from_the_unified_db_and_vector_words_from_the_spelling():
    doc = lookup("riscv64", "AMOADDD")
    assert doc.intel_names == ("amoadd.d.aqrl",)  # Go orders its AMOs acquire-release
    assert doc.summary == "Atomic fetch-and-add doubleword (acquire-release)"
    assert lookup("riscv64", "VADDVX").summary == "Add (vector and integer register)"
    assert lookup("riscv64", "VLE8V").summary == "Load elements (unit-stride, 8-bit elements)"
    assert "bltu with the registers swapped" in lookup("riscv64", "BGTU").summary


def test_loong64_words_are_composed_from_the_instruction_it_assembles_to():
    doc = lookup("loong64", "VADDV")  # Go's V is LoongArch's doubleword
    assert doc.intel_names == ("vadd.d",)
    assert doc.summary == "Add (doublewords, 128-bit LSX)"
    assert lookup("loong64", "XVADDV").summary == "Add (doublewords, 256-bit LASX)"
    assert lookup("loong64", "CRCCWBW").summary == "CRC-32C (Castagnoli polynomial) step over a byte of data"
    assert lookup("loong64", "SLLV").summary == "64-bit shift left (sll.d); with a constant, slli.d."


def test_arm_mips_wasm_words():
    assert lookup("arm", "RSB").summary.startswith("Reverse subtract: `RSB R1, R2, R3` sets R3 = R1 - R2")
    assert lookup("arm", "BHI").summary.startswith("Branch if unsigned higher (C set and Z clear)")
    assert "call number in R2" in lookup("mips64", "SYSCALL").summary
    assert lookup("wasm", "I64Load8U").summary == (
        "Load 8 bits from memory as a 64-bit integer, zero-extended (WebAssembly i64.load8_u)."
    )


def test_arm64_words_and_go_conditions():
    assert lookup("arm64", "CBZ").summary == "Compare and branch if zero"
    assert lookup("arm64", "BEQ").summary.startswith("Branch if equal (Z set)")
    assert lookup("arm64", "MOVD").summary.startswith("64-bit move: load (LDR, LDUR), store (STR, STUR)")


def test_x86_extensions_without_a_permissive_table_have_our_words_and_measured_forms():
    doc = lookup("amd64", "VGF2P8AFFINEQB")
    assert "GF(2^8)" in doc.summary
    assert doc.features == ("GFNI",)
    assert "$imm, Z, Z, K, Z" in {form.operands for form in doc.forms}
    assert lookup("386", "RDFSBASEQ") is None  # FSGSBASE is 64-bit only


def test_calls_and_returns_are_explained_per_family():
    assert "link register R30" in lookup("arm64", "BL").summary
    assert "R14" in lookup("s390x", "CALL").summary
    assert "X1 (ra)" in lookup("riscv64", "CALL").summary
