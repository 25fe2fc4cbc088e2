"""unknown-instruction: a mnemonic the arch's assembler does not know."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from asm_ls.arch import GOARCHES, get_arch
from asm_ls.checks._suggest import suggesting
from asm_ls.model import CheckUnit, Diagnostic
from asm_ls.syntax.directives import PSEUDO_OPS
from asm_ls.syntax.walk import scoped_statements


def run(unit: CheckUnit) -> Iterator[Diagnostic]:
    mnemonics = unit.arch.mnemonics
    for function, statement in scoped_statements(unit.program):
        word = statement.mnemonic
        if word is None or word.text in PSEUDO_OPS or word.text in mnemonics:
            continue
        found = unit.diagnostic(
            function, word.location, "unknown-instruction", f"unrecognized instruction {word.text!r}"
        )
        if not _is_any_arch_instruction(word.text):  # a typo, not another arch's code
            found = suggesting(found, word.text, mnemonics)
        yield found


@cache
def _all_mnemonics() -> frozenset[str]:
    return frozenset(m for goarch in GOARCHES for m in get_arch(goarch).mnemonics)


def _is_any_arch_instruction(word: str) -> bool:
    return word in _all_mnemonics()
