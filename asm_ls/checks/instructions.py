"""unknown-instruction: a mnemonic the arch's assembler does not know."""

from __future__ import annotations

from collections.abc import Iterator

from asm_ls.arch import Arch
from asm_ls.model import Diagnostic
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.directives import PSEUDO_OPS


def check_statement(statement: Statement, arch: Arch) -> Iterator[Diagnostic]:
    word = statement.mnemonic
    if word is None or word.text in PSEUDO_OPS or word.text in arch.mnemonics:
        return
    yield Diagnostic(
        word.location, "unknown-instruction", f"unrecognized instruction {word.text!r} for {arch.name}", arch=arch.name
    )
