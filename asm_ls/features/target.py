"""What is under the cursor in an assembly file: the one question every
position-based feature (definition, references, hover, highlight) asks first."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

from asm_ls.arch.textflag import HEADER as TEXTFLAG_HEADER
from asm_ls.model import CheckUnit
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Operand, Statement
from asm_ls.syntax.directives import PSEUDO_OPS
from asm_ls.syntax.preprocess import Include, MacroDefinition
from asm_ls.syntax.program import Function
from asm_ls.syntax.source import Span
from asm_ls.syntax.walk import must_be_registers

TargetKind = Literal["symbol", "frame", "label", "macro", "flag", "register", "mnemonic", "directive", "include"]


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    name: str  # as written: ·Add, loop, NOSPLIT, AX, MOVQ, x (of x+8(FP)), textflag.h
    span: Span  # the word in the document
    statement: Statement | None = field(default=None, repr=False)
    function: Function | None = field(default=None, repr=False)
    symbol: ast.SymbolRef | None = None  # symbol and frame targets
    macro: MacroDefinition | None = field(default=None, repr=False)
    include: Include | None = None
    is_definition: bool = False  # a TEXT/GLOBL/DATA name, a label or a #define name


def target_at(unit: CheckUnit, offset: int) -> Target | None:
    """The target at offset (a code-point offset in unit.source), if any."""
    return _preprocessor_target(unit, offset) or _statement_target(unit, offset) or _macro_body_target(unit, offset)


def _covers(span: Span, offset: int) -> bool:
    return span.start <= offset <= span.end


def _in_file(span: Span, unit: CheckUnit) -> bool:
    return span.source is unit.source or os.path.abspath(span.source.path) == os.path.abspath(unit.source.path)


def _preprocessor_target(unit: CheckUnit, offset: int) -> Target | None:
    preprocessed = unit.preprocessed
    for include in preprocessed.includes:
        if _in_file(include.span, unit) and _covers(include.span, offset):
            return Target("include", include.name, include.span, include=include)
    for use in preprocessed.uses_at(unit.source, offset)[:1]:
        kind: TargetKind = "flag" if os.path.basename(use.macro.name_span.source.path) == TEXTFLAG_HEADER else "macro"
        return Target(
            kind,
            use.macro.name,
            use.span,
            macro=use.macro,
            statement=_statement_at(unit, offset)[1],
            function=_statement_at(unit, offset)[0],
        )
    for definition in preprocessed.definitions:
        if _in_file(definition.name_span, unit) and _covers(definition.name_span, offset):
            return Target("macro", definition.name, definition.name_span, macro=definition, is_definition=True)
    return None


def _statement_at(unit: CheckUnit, offset: int) -> tuple[Function | None, Statement | None]:
    return unit.program.statement_at(unit.source, offset)


def _statement_target(unit: CheckUnit, offset: int) -> Target | None:
    function, statement = _statement_at(unit, offset)
    if statement is None:
        return None
    for label in statement.labels:
        if _covers(label.span, offset) and label.site is None:
            return Target("label", label.text, label.span, statement, function, is_definition=True)
    mnemonic = statement.mnemonic
    if mnemonic is not None and mnemonic.site is None and _covers(mnemonic.span, offset):
        kind: TargetKind = "directive" if mnemonic.text in PSEUDO_OPS else "mnemonic"
        return Target(kind, statement.opcode, mnemonic.span, statement, function)
    for operand in statement.operands:
        found = _operand_target(unit, function, statement, operand, offset)
        if found is not None:
            return found
    return None


def _token_index(operand: Operand, offset: int) -> int | None:
    """The token at offset; between two (`(|R5`), the name rather than the punctuation."""
    found = None
    for index, token in enumerate(operand.tokens):
        if token.site is None and _covers(token.span, offset):
            if token.kind == "IDENT":
                return index
            if found is None:
                found = index
    return found


def _operand_target(
    unit: CheckUnit, function: Function | None, statement: Statement, operand: Operand, offset: int
) -> Target | None:
    index = _token_index(operand, offset)
    if index is None:
        return None
    value = operand.value
    token = operand.tokens[index]
    if isinstance(value, ast.SymbolRef):
        if index == value.pseudo_at:
            return Target("register", value.pseudo, token.span, statement, function)
        if index == value.at:
            declares = statement.word in PSEUDO_OPS and operand is statement.operands[0]
            kind: TargetKind = "frame" if value.pseudo in ("FP", "SP") and not value.static else "symbol"
            if kind == "frame" and value.pseudo == "SP" and not value.has_offset:
                kind = "symbol"
            return Target(
                kind,
                value.name,
                token.span,
                statement,
                function,
                symbol=value,
                is_definition=declares and kind == "symbol",
            )
    for name in must_be_registers(value):
        if name.at <= index <= name.end:
            return Target("register", name.text, operand.token_span(name.at, name.end), statement, function)
    if isinstance(value, ast.Name) and value.at <= index <= value.end:
        span = operand.token_span(value.at, value.end)
        if unit.arch.reads_as_register(value.text, value.number):
            return Target("register", value.text, span, statement, function)
        if statement.word in unit.arch.jumps:
            return Target("label", value.text, span, statement, function)
    return None


def _macro_body_target(unit: CheckUnit, offset: int) -> Target | None:
    """A `name(SB)` symbol written in the body of a `#define` of this file,
    found in an expansion of the macro (a macro never used is never read)."""
    definitions = unit.preprocessed.definitions
    if not any(_in_file(d.directive_span, unit) and _covers(d.directive_span, offset) for d in definitions):
        return None
    for function in unit.program.functions:
        for statement in function.statements:
            for operand in statement.operands:
                value = operand.value
                if not isinstance(value, ast.SymbolRef) or value.pseudo != "SB":
                    continue
                token = operand.tokens[value.at]
                if token.site is not None and _in_file(token.span, unit) and _covers(token.span, offset):
                    return Target("symbol", value.name, token.span, statement, function, symbol=value)
    return None
