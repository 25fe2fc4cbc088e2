"""asmdecl: what go vet's asmdecl analyzer reports, with its exact messages
(`[arch] func: ...`), on the preprocessed program.

Each TEXT of the package is compared with its Go declaration (or the
`// func name(...)` comment above it when there is none): the argument size,
every `name+off(FP)` (name, offset and the instruction's move size), unnamed
`off(FP)`, hardware-SP offsets reaching into the argument frame, and RETs of
functions that never write their unnamed result. vet reads raw lines; here
macros are expanded, only the active #ifdef branch is read and nothing in a
comment counts, so findings land where the code that is assembled is.
"""

from __future__ import annotations

import re
from typing import Iterator

from asm_ls.checks._asmdecl_frame import VetFrame, expected_names, size_problem
from asm_ls.checks._asmdecl_moves import move_of, vet_opcode
from asm_ls.checks._asmdecl_text import TextHeader, read_text
from asm_ls.checks._walk import diagnostic, must_be_registers
from asm_ls.diagnostics import CheckUnit, Diagnostic
from asm_ls.golang import GoFunc, frame_layout, signature_above
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Operand, Statement
from asm_ls.syntax.program import Function

CODE = "asmdecl"
UNKNOWN_FRAME = "frame-unknown"


def run(unit: CheckUnit) -> Iterator[Diagnostic]:
    if unit.package is None:
        return
    for function in unit.program.functions:
        header = read_text(function.text, unit.package.import_path)
        if header is not None:
            yield from _FunctionCheck(unit, function, header).run()


def _declaration(unit: CheckUnit, function: Function, header: TextHeader) -> tuple[GoFunc | None, bool]:
    """The Go declaration of the function (and True), else its signature comment (and False)."""
    go = unit.package.go
    if not header.static:
        found = go.funcs.get(header.go_name) or go.test_funcs().get(header.go_name)
        if found is not None:
            return found, True
    where = function.text.mnemonic.location
    line = where.source.position(where.start)[0]
    return signature_above(where.source, line, header.go_name, go.scope), False


class _FunctionCheck:
    def __init__(self, unit: CheckUnit, function: Function, header: TextHeader):
        self.unit = unit
        self.arch = unit.arch
        self.function = function
        self.header = header
        self.wrote_sp = False
        self.wrote_result = False
        self.rets: list[Statement] = []

    def report(self, span, message: str) -> Diagnostic:
        return diagnostic(self.unit, self.function, span, CODE, f"[{self.arch.name}] {self.header.name}: {message}")

    def run(self) -> Iterator[Diagnostic]:
        header, arch = self.header, self.arch
        declaration, in_go = _declaration(self.unit, self.function, header)
        frame = None
        if declaration is not None:
            layout = frame_layout(declaration, arch)
            if layout.unknown is not None:
                yield diagnostic(self.unit, self.function, header.name_span, UNKNOWN_FRAME,
                                 f"{header.name}: argument frame not checked: {layout.unknown}",
                                 severity="information")
                return
            frame = VetFrame(layout)
            args = header.args or 0
            if args != frame.args_size and (not header.nosplit or args != 0):
                yield self.report(header.args_span, f"wrong argument size {args}; expected $...-{frame.args_size}")
        # Without Go files there is no package for vet to check (only signature comments count).
        has_go = self.unit.package.go.name is not None
        if has_go and not in_go and not header.static and not header.noframe:
            yield self.report(header.name_span, f"function {header.name} missing Go declaration")
        # Hardware-SP offsets at or past this reach the caller's argument frame.
        self.local_size = header.frame + arch.int_size
        if arch.link_register and not header.noframe:
            self.local_size += arch.int_size  # the saved link register
        for statement in self.function.statements[1:]:
            if statement.mnemonic is None:
                continue
            if statement.word in ("DATA", "GLOBL"):
                frame = None  # vet stops relating what follows to the function
                continue
            yield from self.statement(statement, frame)
        if frame is not None and not self.wrote_result:
            yield from self.unwritten_result(frame)

    def statement(self, statement: Statement, frame: VetFrame | None) -> Iterator[Diagnostic]:
        operands = sorted(statement.operands, key=lambda o: _token_index(statement, o))
        if statement.word == "RET" and not any(_is_symbol(o) for o in operands):
            self.rets.append(statement)  # RET f(SB) is a tail call
        if self.writes_stack_pointer(statement, operands):
            self.wrote_sp = True
            return
        if statement.word == "CallImport" or (self.header.abi == "ABIInternal"
                                               and self.writes_result_register(statement, operands)):
            self.wrote_result = True
        if not (self.wrote_sp or self.header.noframe):
            for operand in operands:
                yield from self.stack_reference(operand, frame)
        if frame is None:
            return
        for operand in operands:
            yield from self.unnamed_reference(operand, frame)
        for index, operand in enumerate(operands):
            yield from self.named_reference(statement, operand, index, len(operands), frame)

    def writes_stack_pointer(self, statement: Statement, operands: list[Operand]) -> bool:
        """After a write to SP, vet no longer knows where the argument frame is."""
        stack = self.arch.stack_register
        targets = operands if statement.word == "NOP" else operands[1:]
        return any(isinstance(o.value, ast.Name) and o.value.text == stack and o.prefix is None for o in targets)

    def writes_result_register(self, statement: Statement, operands: list[Operand]) -> bool:
        if statement.word in self.arch.result_writing_instructions:
            return True
        results = self.arch.result_registers
        for operand in operands:
            names = [operand.value] if isinstance(operand.value, ast.Name) else []
            if any(n.text in results for n in [*names, *must_be_registers(operand.value)]):
                return True
        return False

    def stack_reference(self, operand: Operand, frame: VetFrame | None) -> Iterator[Diagnostic]:
        offset = _offset_from(operand, self.arch.stack_register)
        if offset is None or offset < self.local_size:
            return
        written = f"{offset}({self.arch.stack_register})"
        slot = frame.at(offset - self.local_size) if frame is not None else None
        if slot is not None:
            yield self.report(operand.span, f"{written} should be {slot.name}+{offset - self.local_size}(FP)")
        elif offset >= self.local_size + (self.header.args or 0):
            yield self.report(operand.span, f"use of {written} points beyond argument frame")
        else:
            yield self.report(operand.span, f"use of {written} to access argument frame")

    def unnamed_reference(self, operand: Operand, frame: VetFrame) -> Iterator[Diagnostic]:
        offset = _offset_from(operand, "FP")
        if offset is None:
            return
        slot = frame.at(offset)
        message = f"use of unnamed argument {offset}(FP)"
        if slot is not None:
            message += f"; offset {offset} is {slot.name}+{slot.offset}(FP)"
        yield self.report(operand.span, message)

    def named_reference(self, statement: Statement, operand: Operand, index: int, count: int,
                        frame: VetFrame) -> Iterator[Diagnostic]:
        ref = operand.value
        if not (isinstance(ref, ast.SymbolRef) and ref.pseudo == "FP" and ref.has_offset and ref.offset >= 0):
            return
        name, offset = ref.name, ref.offset
        if name == "ret" or name.startswith("ret_"):
            self.wrote_result = True
        slot = frame.lookup(name)
        if slot is None:
            if name == "argframe" and offset == 0:
                return
            covering = frame.at(offset)
            where = f"; offset {offset} is {covering.name}+{covering.offset}(FP)" if covering else ""
            yield self.report(operand.span, f"unknown variable {name}{where}")
            return
        op = _opcode(statement)
        if not op:
            yield self.report(operand.span, "cannot find assembly opcode")
            return
        written = ("$" if operand.prefix == "$" else "") + f"{name}+{offset}(FP)"
        if offset != slot.offset:
            yield self.report(operand.span, f"invalid offset {written}; expected {expected_names(slot)}")
            return
        move = move_of(self.arch.name, op)
        # vet: the first of several operands is read, any other one is written.
        moved = move.source if index == 0 and count > 1 else move.destination
        address = operand.prefix == "$" or move.address
        problem = size_problem(slot, moved, self.arch.ptr_size if address else None, op, written)
        if problem is not None:
            yield self.report(operand.span, problem)

    def unwritten_result(self, frame: VetFrame) -> Iterator[Diagnostic]:
        result = frame.lookup("ret")
        if result is None:
            return
        what = f"{result.size}-byte ret+{result.offset}(FP)"
        if self.header.abi == "ABIInternal":
            what = "result register"
        for ret in self.rets:
            yield self.report(ret.mnemonic.location, f"RET without writing to {what}")


def _opcode(statement: Statement) -> str:
    """vet's opcode: the mnemonic's leading capitals, when at most one plain
    label precedes it on its line (vet's pattern allows no more)."""
    line = statement.mnemonic.location.lines_and_columns()[0]
    on_line = [label for label in statement.labels if label.location.lines_and_columns()[0] == line]
    if len(on_line) > 1 or any(not re.fullmatch(r"\w+", label.text, re.ASCII) for label in on_line):
        return ""
    return vet_opcode(statement.word)


def _token_index(statement: Statement, operand: Operand) -> int:
    first = operand.tokens[0]
    return next(i for i, token in enumerate(statement.tokens) if token is first)


def _is_symbol(operand: Operand) -> bool:
    return isinstance(operand.value, ast.SymbolRef) and operand.value.pseudo == "SB"


def _offset_from(operand: Operand, register: str) -> int | None:
    """off in `off(register)`, when written with a non-negative offset."""
    value = operand.value
    if not isinstance(value, ast.Memory) or value.base is None or value.offset is None or value.offset < 0:
        return None
    base = value.base.register
    return value.offset if base.text == register and base.number is None else None
