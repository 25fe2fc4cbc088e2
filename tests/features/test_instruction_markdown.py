"""instruction_markdown content, and lazy loading of the instruction data."""

import subprocess
import sys

from asm_ls.features.hover.instruction import MAX_FORMS, instruction_markdown
from asm_ls.isa import lookup


def test_x86_hover_names_summary_forms_features_link():
    text = instruction_markdown(lookup("amd64", "VPADDD"))
    assert text.startswith("**VPADDD** (x86) — Add Packed Doubleword Integers")
    assert "Intel: `VPADDD` · GNU: `vpaddd`" in text
    assert "- `VPADDD ymm2/m256, ymmV, ymm1` — AVX2" in text
    assert text.endswith("[Reference](https://www.felixcloutier.com/x86/paddd)")


def test_alias_hover_names_the_canonical_mnemonic():
    assert "alias of `JEQ`" in instruction_markdown(lookup("amd64", "JZ"))


def test_arm64_hover_shows_arm_names_and_go_forms():
    text = instruction_markdown(lookup("arm64", "AESE"))
    assert "ARM: `AESE`" in text
    assert "- `AESE V.B16, V.B16` — AES" in text
    assert "developer.arm.com" in text


def test_long_form_lists_are_cut():
    text = instruction_markdown(lookup("arm64", "MOVD"))
    assert text.count("\n- `MOVD ") == MAX_FORMS
    assert "more" in text


def test_hover_without_forms_or_link():
    text = instruction_markdown(lookup("wasm", "I32Add"))
    assert text.startswith("**I32Add** (wasm) — Add two 32-bit integers (WebAssembly i32.add).")
    assert "Forms" not in text and "Reference" not in text


def test_import_reads_no_data_and_first_lookup_reads_one_family():
    # A fresh interpreter: other tests in this process have loaded data already.
    code = (
        "import asm_ls.isa as isa, asm_ls.isa.store as s; assert s.loaded_families() == 0; "
        "isa.lookup('arm64', 'ADD'); isa.lookup('arm64', 'SUB'); assert s.loaded_families() == 1; "
        "isa.lookup('386', 'ADDL'); assert s.loaded_families() == 2"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
