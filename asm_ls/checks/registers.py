"""unknown-register: a name in register position that the arch does not have,
and a bare name in an instruction that is neither register nor symbol."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from asm_ls.arch import GOARCHES, Arch, get_arch
from asm_ls.checks.syntax import SHIFT_BY_REGISTER
from asm_ls.model import Diagnostic
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.directives import PSEUDO_OPS
from asm_ls.syntax.walk import must_be_registers, name_span


@cache
def _register_names_of_any_arch() -> frozenset[str]:
    return frozenset(name for goarch in GOARCHES for name in get_arch(goarch).registers)


def _register_shift_count(arch: Arch, value) -> list[ast.Name]:
    """On arm a named shift count (R1<<R2) must be a register."""
    if isinstance(value, ast.Shifted) and isinstance(value.count, ast.Name) and arch.family in SHIFT_BY_REGISTER:
        return [value.count]
    return []


def _describe(arch: Arch, name: ast.Name) -> str:
    if name.number is not None:
        return f"illegal register {name.text}({name.number}) on {arch.name}"
    return f"unknown register {name.text} on {arch.name}"


def check_statement(statement: Statement, arch: Arch) -> Iterator[Diagnostic]:
    if statement.mnemonic is None or statement.errors:
        return
    is_instruction = statement.word not in PSEUDO_OPS
    is_jump = statement.word in arch.jumps
    for operand in statement.operands:
        if operand.tree.errors:
            continue
        for name in [*must_be_registers(operand.value), *_register_shift_count(arch, operand.value)]:
            if not arch.reads_as_register(name.text, name.number):
                yield Diagnostic(name_span(operand, name), "unknown-register", _describe(arch, name), arch=arch.name)
        value = operand.value
        if not (is_instruction and not is_jump and isinstance(value, ast.Name)):
            continue
        if arch.reads_as_register(value.text, value.number) or value.text in arch.special_operands:
            continue
        span = name_span(operand, value)
        if value.number is not None or value.text in _register_names_of_any_arch():
            yield Diagnostic(span, "unknown-register", _describe(arch, value), arch=arch.name)
        else:
            yield Diagnostic(
                span, "parse-error", f"illegal or missing addressing mode for symbol {value.text}", arch=arch.name
            )
