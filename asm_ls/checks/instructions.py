"""unknown-instruction: a mnemonic the arch's assembler does not know."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from asm_ls.arch import GOARCHES, Arch, get_arch
from asm_ls.checks._suggest import suggesting
from asm_ls.model import Diagnostic
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.directives import PSEUDO_OPS


def check_statement(statement: Statement, arch: Arch) -> Iterator[Diagnostic]:
    word = statement.mnemonic
    if word is None or word.text in PSEUDO_OPS or word.text in arch.mnemonics:
        return
    found = Diagnostic(
        word.location, "unknown-instruction", f"unrecognized instruction {word.text!r}", arches=(arch.name,)
    )
    if not _is_any_arch_instruction(word.text):  # a typo, not another arch's code
        found = suggesting(found, word.text, arch.mnemonics)
    yield found


@cache
def _all_mnemonics() -> frozenset[str]:
    return frozenset(m for goarch in GOARCHES for m in get_arch(goarch).mnemonics)


def _is_any_arch_instruction(word: str) -> bool:
    return word in _all_mnemonics()
