"""Which registers an instruction reads and writes (what document
highlights mark), on real instructions of several arches: amd64 from
x86.v0.2.csv's forms, the others from Go's convention with the forms'
lengths, compares and branches only reading, writeback suffixes."""

from __future__ import annotations

import pytest

from asm_ls.engine.analyzer import Analyzer
from asm_ls.features.access import register_uses
from asm_ls.syntax.source import SourceFile

CASES = {
    "amd64": [
        ("MOVQ AX, BX", "AX:read BX:write"),
        ("ADDQ AX, BX", "AX:read BX:readwrite"),
        ("CMPQ AX, BX", "AX:read BX:read"),
        ("TESTQ AX, AX", "AX:read AX:read"),
        ("BTQ $3, DX", "DX:read"),
        ("XCHGQ AX, DX", "AX:readwrite DX:readwrite"),
        ("XADDQ AX, (DI)", "AX:readwrite DI:read"),
        ("MOVQ AX, 8(DI)(CX*8)", "AX:read DI:read CX:read"),  # a store: the address registers are read
        ("LEAQ 8(SI), DI", "SI:read DI:write"),
        ("IMULQ $3, AX, BX", "AX:read BX:write"),
        ("PUSHQ BP", "BP:read"),
        ("POPQ BP", "BP:write"),
        ("INCQ CX", "CX:readwrite"),
        ("SETEQ AL", "AL:write"),
        ("SHLQ CL, DX", "CL:read DX:readwrite"),
        ("CMPXCHGQ CX, (DI)", "CX:read DI:read"),
        ("VPADDD Y1, Y2, Y3", "Y1:read Y2:read Y3:write"),
        ("MOVOU X0, (SI)", "X0:read SI:read"),
        ("JMP AX", "AX:read"),
    ],
    "arm64": [
        ("ADD R1, R2", "R1:read R2:readwrite"),  # R2 = R2 + R1: the shorter form of ADD R1, R2, R2
        ("ADD R1, R2, R3", "R1:read R2:read R3:write"),
        ("MOVD R1, R2", "R1:read R2:write"),
        ("CMP $1, R3", "R3:read"),
        ("CBZ R3, 2(PC)", "R3:read PC:read"),
        ("MOVD.P 8(R2), R4", "R2:readwrite R4:write"),  # post-index: the base is written back
        ("MOVD.W R4, -8(RSP)", "R4:read RSP:readwrite"),
        ("LDP (R0), (R5, R6)", "R0:read R5:write R6:write"),
        ("STP (R5, R6), 16(R0)", "R5:read R6:read R0:read"),
        ("VADD V1.S4, V2.S4, V3.S4", "V1:read V2:read V3:write"),
        ("FADDD F1, F2", "F1:read F2:readwrite"),
        ("TST $7, R0", "R0:read"),
    ],
    "ppc64le": [
        ("ADD R3, R4", "R3:read R4:readwrite"),
        ("ADD R3, R4, R5", "R3:read R4:read R5:write"),
        ("CMP R3, R4", "R3:read R4:read"),
        ("MOVDU 8(R3), R4", "R3:readwrite R4:write"),
        ("MOVD R4, 8(R3)", "R4:read R3:read"),
    ],
    "riscv64": [
        ("ADD X5, X6", "X5:read X6:readwrite"),
        ("ADD X5, X6, X7", "X5:read X6:read X7:write"),
        ("BEQ X5, X6, 2(PC)", "X5:read X6:read PC:read"),
        ("MOV 8(X10), X11", "X10:read X11:write"),
    ],
    "s390x": [
        ("CMP R1, R2", "R1:read R2:read"),
        ("MOVD R1, R2", "R1:read R2:write"),
    ],
}


@pytest.mark.parametrize("goarch, line, expected", [(a, line, e) for a, cases in CASES.items() for line, e in cases])
def test_register_access(goarch: str, line: str, expected: str, tmp_path):
    analyzer = Analyzer()
    source = SourceFile(str(tmp_path / f"f_{goarch}.s"), f"TEXT f(SB), 0, $0\n\t{line}\n\tRET\n")
    (context,) = [c for c in analyzer.contexts(source) if c.goarch == goarch]
    unit = analyzer.analyze(source, context)
    (statement,) = [s for s in unit.program.statements if s.word == line.split()[0].split(".")[0]]
    assert not statement.errors, statement.errors
    found = " ".join(f"{use.name}:{use.access}" for use in register_uses(unit.arch, statement))
    assert found == expected
