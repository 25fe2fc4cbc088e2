"""unknown-instruction: a mnemonic the arch's assembler does not know."""

from __future__ import annotations

from collections.abc import Iterator

from asm_ls.model import CheckUnit, Diagnostic
from asm_ls.syntax.directives import PSEUDO_OPS
from asm_ls.syntax.walk import scoped_statements


def run(unit: CheckUnit) -> Iterator[Diagnostic]:
    mnemonics = unit.arch.mnemonics
    for function, statement in scoped_statements(unit.program):
        word = statement.mnemonic
        if word is None or word.text in PSEUDO_OPS or word.text in mnemonics:
            continue
        yield unit.diagnostic(
            function,
            word.location,
            "unknown-instruction",
            f"unrecognized instruction {word.text!r} for {unit.arch.name}",
        )
