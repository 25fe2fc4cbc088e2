"""unknown-instruction: a mnemonic the arch's assembler does not know."""

from __future__ import annotations

from collections.abc import Iterator

from asm_ls.checks._walk import diagnostic, scoped_statements
from asm_ls.diagnostics import CheckUnit, Diagnostic
from asm_ls.syntax.program import PSEUDO_OPS


def run(unit: CheckUnit) -> Iterator[Diagnostic]:
    mnemonics = unit.arch.mnemonics
    for function, statement in scoped_statements(unit):
        word = statement.mnemonic
        if word is None or word.text in PSEUDO_OPS or word.text in mnemonics:
            continue
        yield diagnostic(
            unit,
            function,
            word.location,
            "unknown-instruction",
            f"unrecognized instruction {word.text!r} for {unit.arch.name}",
        )
