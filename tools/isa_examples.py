"""Operand forms measured from the Go assembler's test data (BSD-3).

Lines of cmd/asm/internal/asm/testdata/*.s read `INSN operands // hex`, where
hex is the machine code Go emits. Generalizing the operands (`$3, R1, 8(R2)`
-> `$imm, R, off(R)`) gives one Go-order form per operand shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from asm_ls.isa.forms import shape

_ENCODED = re.compile(
    r"^\s*([A-Z][A-Z0-9_.]*)\b([^/]*?)\s*//(?:[^/]*//)?\s*"
    r"([0-9a-f]{4,}|[0-9a-f]{2}(?: [0-9a-f]{2})+)\s*$"
)
_INSTRUCTION = re.compile(r"^\s+([A-Z][A-Z0-9_.]*)\b([^/;]*)")
_DIRECTIVES = frozenset({"TEXT", "DATA", "GLOBL"})


def _testdata_lines(goroot: Path, test_files: list[str]) -> Iterator[str]:
    testdata = goroot / "src/cmd/asm/internal/asm/testdata"
    for name in test_files:
        yield from (testdata / name).read_text().splitlines()


def encoded_examples(goroot: Path, test_files: list[str]) -> list[tuple[str, str, bytes]]:
    """(mnemonic with suffix, operands, machine code) for each encoded test line."""
    return [
        (m.group(1), m.group(2).strip(), bytes.fromhex(m.group(3).replace(" ", "")))
        for line in _testdata_lines(goroot, test_files)
        if (m := _ENCODED.match(line))
    ]


def plain_examples(goroot: Path, test_files: list[str]) -> list[tuple[str, str]]:
    """(mnemonic with suffix, operands) for every instruction line, encoded or not."""
    return [
        (m.group(1), m.group(2).strip())
        for line in _testdata_lines(goroot, test_files)
        if (m := _INSTRUCTION.match(line)) and m.group(1) not in _DIRECTIVES
    ]


def generalize(operands: str) -> str:
    """`$3, R1, 8(R2)` -> `$imm, R, off(R)` (the hover's form matching reads lines the same way)."""
    return shape(operands)


def example_forms(examples: list[tuple[str, str, bytes]], mnemonics: set[str]) -> dict[str, list[list]]:
    """Go mnemonic -> forms [go operands, "", "", example machine code, [], modes], one per shape."""
    forms: dict[str, dict[str, list]] = {}
    for mnemonic, operands, machine_code in examples:
        base = mnemonic.split(".")[0]
        if base in mnemonics:
            shape = generalize(operands)
            forms.setdefault(base, {}).setdefault(shape, [shape, "", "", machine_code.hex(), [], 3])
    return {mnemonic: list(by_shape.values()) for mnemonic, by_shape in forms.items()}
