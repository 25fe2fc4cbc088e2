"""undefined-label and duplicate-label: labels are scoped to their TEXT."""

from __future__ import annotations

from collections.abc import Iterator

from asm_ls.model import CheckUnit, Diagnostic, Related
from asm_ls.syntax import ast
from asm_ls.syntax.lexer import Token
from asm_ls.syntax.lines import has_labels
from asm_ls.syntax.walk import name_span


def run(unit: CheckUnit) -> Iterator[Diagnostic]:
    arch = unit.arch
    for function, statements in unit.program.scopes():
        defined: dict[str, Token] = {}
        for statement in statements:
            if not has_labels(statement):
                continue
            for label in statement.labels:
                first = defined.get(label.text)
                if first is not None:
                    yield unit.diagnostic(
                        function,
                        label.location,
                        "duplicate-label",
                        f"label {label.text!r} multiply defined",
                        related=(Related(first.location, "first defined here"),),
                    )
                else:
                    defined[label.text] = label
        for statement in statements:
            if statement.word not in arch.jumps:
                continue
            for operand in statement.operands:
                yield from _jump_target(unit, function, operand, defined)


# cmd/asm reads `JMP name(FP)` and `JMP name(SP)` as a jump to a label `name`.
LABEL_LIKE_PSEUDOS = ("FP", "SP")


def _jump_target(unit: CheckUnit, function, operand, defined) -> Iterator[Diagnostic]:
    arch, value = unit.arch, operand.value
    if (
        isinstance(value, ast.Name)
        and operand.prefix is None
        and value.number is None
        and not arch.reads_as_register(value.text, value.number)
        and value.text not in arch.special_operands
        and value.text not in defined
    ):
        yield unit.diagnostic(function, name_span(operand, value), "undefined-label", f"undefined label {value.text}")
    elif isinstance(value, ast.SymbolRef) and value.pseudo in LABEL_LIKE_PSEUDOS and operand.prefix is None:
        span = operand.token_span(value.at)
        if value.offset != 0 or value.index is not None:
            yield unit.diagnostic(function, operand.span, "parse-error", f"cannot assemble jump to {operand.text()}")
        elif value.name not in defined:
            yield unit.diagnostic(
                function,
                span,
                "undefined-label",
                f"undefined label {value.qualified} (a jump to {value.name}({value.pseudo}) "
                f"is a jump to a label; did you mean {value.name}(SB)?)",
            )
