"""The instruction documentation records handed to hover, completion and checks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Form:
    """One operand form of an instruction."""

    operands: str  # Go operand order, e.g. "imm32, r/m64" or "$imm, R, R"
    intel: str  # vendor syntax: Intel for x86, ARM for arm64; "" when unknown
    gnu: str  # GNU (AT&T) syntax; "" when unknown
    encoding: str  # x86 opcode bytes, arm64 bit pattern, or one example's machine code in hex
    features: tuple[str, ...]  # CPU features the form needs (AVX2, BMI2, ASIMD, LSE...)


@dataclass(frozen=True)
class InstructionDoc:
    mnemonic: str  # as Go spells it, without opcode suffixes
    arch_family: str  # x86, arm64, arm, ppc64, s390x, riscv, mips, loong64, wasm
    summary: str
    intel_names: tuple[str, ...]  # vendor names (Intel or ARM)
    gnu_names: tuple[str, ...]
    forms: tuple[Form, ...]
    features: tuple[str, ...]
    reference_url: str | None
    alias_of: str | None  # the canonical Go mnemonic when this one is an assembler alias
