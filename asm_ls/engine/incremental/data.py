"""DATA across a keystroke's region (asm_ls.engine.incremental.check): the syntax check
finds a DATA overlapping when it starts before the end of the last valid
DATA of its symbol, so its verdict depends on lines outside the region."""

from __future__ import annotations

from asm_ls.checks.syntax import check_statements, data_symbol
from asm_ls.model import CheckUnit, Diagnostic
from asm_ls.syntax.program import Program
from asm_ls.syntax.walk import scoped_statements


class DataLayout:
    """The syntax check's DATA verdicts around a region: where the DATA of
    the symbols its old and new lines fill ended before it (the region's check
    resumes from there), and, where that changed after it, the findings on the
    following DATA of those symbols that go and that come; up to where the old
    and the new layouts agree again."""

    def __init__(self, old: CheckUnit, region: range, unit: CheckUnit):
        self.gone: list[Diagnostic] = []
        self.found: list[Diagnostic] = []
        program = old.program
        symbols = {
            symbol
            for s in (*program.statements[region.start : region.stop], *unit.program.statements)
            if (symbol := data_symbol(s)) is not None
        }
        if not symbols:
            return
        before = unit.options["data_ends"] = _layout(old, _scoped(program, 0, region.start), symbols, {})
        old_ends = _layout(old, _scoped(program, region.start, region.stop), symbols, dict(before))
        new_ends = _layout(unit, scoped_statements(unit.program), symbols, dict(before))
        changed = {symbol for symbol in symbols if old_ends.get(symbol) != new_ends.get(symbol)}
        for scoped in _scoped(program, region.stop, len(program.statements)):
            if not changed:
                break
            symbol = data_symbol(scoped[1])
            if symbol in changed:
                self.gone += check_statements(old, [scoped], old_ends)
                self.found += check_statements(old, [scoped], new_ends)
                if old_ends.get(symbol) == new_ends.get(symbol):
                    changed.discard(symbol)


def _layout(unit: CheckUnit, scoped, symbols: set[str], ends: dict[str, int]) -> dict[str, int]:
    """ends after the DATA of symbols among the (function, statement) pairs."""
    for _ in check_statements(unit, ((f, s) for f, s in scoped if data_symbol(s) in symbols), ends):
        pass
    return ends


def _scoped(program: Program, low: int, high: int):
    """(function, statement) for program.statements[low:high]."""
    index = 0
    for function, statements in program.scopes():
        for statement in statements[max(low - index, 0) : max(high - index, 0)]:
            yield function, statement
        index += len(statements)
        if index >= high:
            return
