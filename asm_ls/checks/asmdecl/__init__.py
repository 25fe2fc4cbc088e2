"""asmdecl: what go vet's asmdecl analyzer reports, with its exact messages
(`func: ...`, which the outputs tag `[amd64] func: ...` as vet does), on the
preprocessed program.

Each TEXT of the package is compared with its Go declaration (or the
`// func name(...)` comment above it when there is none): the argument size,
every `name+off(FP)` (name, offset and the instruction's move size), unnamed
`off(FP)`, hardware-SP offsets reaching into the argument frame, and RETs of
functions that never write their unnamed result. vet reads raw lines; here
macros are expanded, only the active #ifdef branch is read and nothing in a
comment counts, so findings land where the code that is assembled is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from asm_ls.arch import Arch
from asm_ls.checks.asmdecl.arch import vet_arch
from asm_ls.checks.asmdecl.frame import VetFrame, expected_names, size_problem
from asm_ls.checks.asmdecl.moves import move_of
from asm_ls.checks.asmdecl.statement import (
    StackWrite,
    is_tail_call,
    named_reference,
    offset_from,
    opcode,
    result_writer,
    stack_write,
    written_order,
)
from asm_ls.checks.asmdecl.text import Reading, VetText, vet_text
from asm_ls.golang import GoFunc, frame_layout, signature_above
from asm_ls.interrupt import checkpoint
from asm_ls.model import CheckUnit, Diagnostic, Edit, Fix, PackageUnit, Related
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Operand, Statement, span_of
from asm_ls.syntax.lexer import Token
from asm_ls.syntax.lines import facts_of, template_of
from asm_ls.syntax.program import Function
from asm_ls.syntax.source import Span

CODE = "asmdecl"
FIRST_LOOK = False  # an editor's first look at a large file leaves it to the whole check (asm_ls.engine.registry)
# The same findings inside macro expansions, which vet cannot see (golang/go#17544).
MACRO_CODE = "asmdecl-macro"
# The same findings in a file #included from elsewhere: vet reads each file alone.
INCLUDE_CODE = "asmdecl-include"
# Findings on lines vet skips: it takes a write to R10-R19 for one to ppc64's
# stack pointer R1 (R30 and R31 for loong64's R3).
HIDDEN_CODE = "asmdecl-hidden"
# Findings against a `// func` signature comment: vet knows no frame there.
COMMENT_CODE = "asmdecl-comment"
# Findings vet misses because it misreads the TEXT line: `$0 - 72` (spaces),
# `NOSPLIT | NOFRAME`, `$0x10-8` (not decimal), `$FRAME-8` (a macro).
MISREAD_CODE = "asmdecl-misread"
UNKNOWN_FRAME = "frame-unknown"


def run(unit: CheckUnit) -> Iterator[Diagnostic]:
    package = unit.package
    if package is None:
        return
    arch = vet_arch(unit)
    for function in unit.program.functions:
        checkpoint()
        header = vet_text(function.text, package.import_path)
        if header is not None:
            yield from _FunctionCheck(unit, package, arch, function, header).run()


def _declaration(package: PackageUnit, function: Function, header: VetText) -> tuple[GoFunc | None, bool]:
    """The Go declaration of the function (and True), else its signature comment (and False)."""
    go = package.go
    if not header.static:
        found = go.funcs.get(header.go_name) or go.test_funcs().get(header.go_name)
        if found is not None:
            return found, True
    where = function.text_token.location
    line = where.source.position(where.start)[0]
    return signature_above(where.source, line, header.go_name, go.scope), False


class _FunctionCheck:
    def __init__(self, unit: CheckUnit, package: PackageUnit, arch: Arch, function: Function, header: VetText):
        self.unit = unit
        self.package = package
        self.arch = arch  # the one vet checks the file as
        self.function = function
        self.header = header
        self.wrote_sp = False
        self.wrote_result = False
        self.hidden = False  # checking a line vet skips
        self.from_comment = False  # the frame is a signature comment's
        self.rets: list[Token] = []  # the mnemonics of RETs

    def local_size(self, reading: Reading) -> int:
        """Where hardware-SP offsets start to reach the caller's argument frame."""
        size = reading.frame + self.arch.reg_size  # the return PC
        if self.arch.link_register and not reading.noframe:
            size += self.arch.int_size  # the saved link register
        return size

    def report(
        self,
        tokens: list[Token],
        message: str,
        also: tuple[Token, ...] = (),
        vets: bool = False,
        replacement: str | None = None,
        fix: Fix | None = None,
        misread: bool = False,
    ) -> Diagnostic:
        """A finding about what tokens (and also) say, placed on tokens, in
        vet's words (`f: message`; the GOARCH tag is the outputs'). Those vet
        cannot make get their own codes: in a macro (placed in its body,
        the use as related information), in an included file, on a line vet
        skips, against a signature comment (unless vets: vet makes it all the
        same), where vet misreads the TEXT line (misread). A replacement for
        the tokens' text becomes a quick fix, outside macros."""
        message = f"{self.header.name}: {message}"
        if self.arch.name != self.unit.arch.name:  # vet checks the file as another arch: its tag says which
            message = f"[{self.arch.name}] {message}"
        span = span_of(tokens)
        code = CODE
        related: tuple[Related, ...] = ()
        site = next((token.site for token in [*tokens, *also] if token.site is not None), None)
        if site is not None:
            code, replacement = MACRO_CODE, None
            body = _in_macro_body(tokens)
            if body is not None:
                span, related = body, (Related(site, f"expanded here, in {self.header.name}"),)
        elif any(token.span.source is not self.unit.source for token in tokens):
            code = INCLUDE_CODE  # vet reads the package's own files only
        elif self.hidden:
            code = HIDDEN_CODE
        elif self.from_comment and not vets:
            code = COMMENT_CODE
        elif misread:
            code = MISREAD_CODE
        fixes: tuple[Fix, ...] = ()
        if replacement is not None:
            fixes = (Fix(f"Change to {replacement}", (Edit(span, replacement),), True),)
        if fix is not None and code != MACRO_CODE:
            fixes += (fix,)
        return self.unit.diagnostic(
            self.function,
            span,
            code,
            message,
            severity="error" if code == CODE else "warning",
            fixes=fixes,
            related=related,
        )

    def either(
        self,
        tokens: list[Token],
        vet: tuple[str, str | None] | None,
        ours: tuple[str, str | None] | None,
        vets: bool = False,
    ) -> Iterator[Diagnostic]:
        """vet's finding (message, replacement) under vet's reading of the TEXT
        line, or the assembler's reading's when vet, misreading it, makes none.
        A fix only where both readings agree, or for the assembler's alone."""
        if vet is None and ours is None:
            return
        if vet is not None:
            found = self.report(tokens, vet[0], vets=vets, replacement=vet[1] if vet == ours else None)
        else:
            assert ours is not None
            found = self.report(tokens, ours[0], vets=vets, replacement=ours[1], misread=True)
        if vet != ours:
            header = self.header
            note = f"vet reads this TEXT line as {header.vet.describe()}, the assembler as {header.reading.describe()}"
            found = replace(found, related=found.related + (Related(span_of(self.function.text.tokens), note),))
        yield found

    def run(self) -> Iterator[Diagnostic]:
        header, arch = self.header, self.arch
        declaration, in_go = _declaration(self.package, self.function, header)
        self.from_comment = declaration is not None and not in_go
        frame = None
        if declaration is not None:
            layout = frame_layout(declaration, arch)
            if layout.unknown is not None:
                yield self.unit.diagnostic(
                    self.function,
                    span_of(header.name_tokens),
                    UNKNOWN_FRAME,
                    f"{header.name}: argument frame not checked: {layout.unknown}",
                    severity="information",
                )
                return
            frame = VetFrame(layout)
            expected = frame.args_size
            yield from self.either(
                header.args_tokens if header.vet == header.reading else header.frame_tokens,
                _argument_size(header.vet, expected, _args_replacement(header, expected)),
                _argument_size(header.reading, expected, _args_replacement(header, expected)),
            )
        # Without Go files there is no package for vet to check (only signature comments count).
        has_go = self.package.go.name is not None
        if has_go and not in_go and not header.static:
            missing = (f"function {header.name} missing Go declaration", None)
            for found in self.either(
                header.name_tokens,
                None if header.vet.noframe else missing,
                None if header.reading.noframe else missing,
                vets=True,
            ):
                yield _with_case_fix(found, self.package, header)
        arch = self.arch
        abi_internal = self.header.abi == "ABIInternal"
        for statement in self.function.statements[1:]:
            word = statement.word
            if not word:
                continue  # labels alone
            if word in ("DATA", "GLOBL"):
                frame = None  # vet stops relating what follows to the function
                continue
            if _quiet(statement, arch) and not (abi_internal and _writes_result(statement, arch)):
                continue
            yield from self.statement(statement, frame)
        if frame is not None and not self.wrote_result:
            yield from self.unwritten_result(frame)

    def statement(self, statement: Statement, frame: VetFrame | None) -> Iterator[Diagnostic]:
        mnemonic = statement.mnemonic
        assert mnemonic is not None, "run() passes only statements with a mnemonic"
        operands = written_order(statement)
        if statement.word == "RET" and not is_tail_call(operands):
            self.rets.append(mnemonic)
        write = stack_write(statement, operands, self.arch.stack_register)
        if write is not StackWrite.NONE:
            # vet no longer knows where the frame is, and skips the line; a
            # register that only starts like SP (ppc64's R15) hides real findings.
            self.wrote_sp = True
            if write is StackWrite.PREFIX and frame is not None:
                self.hidden = True
                yield from self.frame_references(statement, operands, frame)
                self.hidden = False
            return
        if statement.word == "CallImport" or (
            self.header.abi == "ABIInternal" and result_writer(statement, operands, self.arch)
        ):
            self.wrote_result = True
        if not self.wrote_sp:
            for operand in operands:
                vet = self.stack_reference(operand, frame, self.header.vet)
                yield from self.either(operand.tokens, vet, self.stack_reference(operand, frame, self.header.reading))
        if frame is not None:
            yield from self.frame_references(statement, operands, frame)

    def frame_references(self, statement: Statement, operands: list[Operand], frame: VetFrame) -> Iterator[Diagnostic]:
        for operand in operands:
            yield from self.unnamed_reference(operand, frame)
        for index, operand in enumerate(operands):
            yield from self.named_reference(statement, operand, index, len(operands), frame)

    def stack_reference(
        self, operand: Operand, frame: VetFrame | None, reading: Reading
    ) -> tuple[str, str | None] | None:
        """What is wrong with a hardware-SP offset (and its fix), by one reading of the TEXT line."""
        offset = offset_from(operand, self.arch.stack_register)
        local_size = self.local_size(reading)
        if reading.noframe or offset is None or offset < local_size:
            return None
        written = f"{offset}({self.arch.stack_register})"
        slot = frame.at(offset - local_size) if frame is not None else None
        if slot is not None:
            named = f"{slot.name}+{offset - local_size}(FP)"
            return f"{written} should be {named}", _prefixed(
                operand, named
            ) if slot.offset == offset - local_size else None
        if offset >= local_size + reading.args:
            return f"use of {written} points beyond argument frame", None
        return f"use of {written} to access argument frame", None

    def unnamed_reference(self, operand: Operand, frame: VetFrame) -> Iterator[Diagnostic]:
        offset = offset_from(operand, "FP")
        if offset is None:
            return
        slot = frame.at(offset)
        message = f"use of unnamed argument {offset}(FP)"
        if slot is not None:
            message += f"; offset {offset} is {slot.name}+{slot.offset}(FP)"
        yield self.report(operand.tokens, message, replacement=_named_at(operand, slot, offset))

    def named_reference(
        self, statement: Statement, operand: Operand, index: int, count: int, frame: VetFrame
    ) -> Iterator[Diagnostic]:
        ref = named_reference(operand)
        if ref is None:
            return
        name, offset = ref.name, ref.offset
        if (name == "ret" or name.startswith("ret_")) and not self.hidden:
            self.wrote_result = True
        slot = frame.lookup(name)
        if slot is None:
            if name == "argframe" and offset == 0:
                return
            covering = frame.at(offset)
            where = f"; offset {offset} is {covering.name}+{covering.offset}(FP)" if covering else ""
            yield self.report(
                operand.tokens, f"unknown variable {name}{where}", replacement=_named_at(operand, covering, offset)
            )
            return
        op = opcode(statement, self.arch.name)
        if not op:
            yield self.report(operand.tokens, "cannot find assembly opcode")
            return
        written = ("$" if operand.prefix == "$" else "") + f"{name}+{offset}(FP)"
        if offset != slot.offset:
            yield self.report(
                operand.tokens,
                f"invalid offset {written}; expected {expected_names(slot)}",
                replacement=_prefixed(operand, f"{name}+{slot.offset}(FP)"),
            )
            return
        move = move_of(self.arch.name, op)
        # vet: the first of several operands is read, any other one is written.
        moved = move.source if index == 0 and count > 1 else move.destination
        address = operand.prefix == "$" or move.address
        problem = size_problem(slot, moved, self.arch.ptr_size if address else None, op, written)
        if problem is not None:
            assert statement.mnemonic is not None, "opcode() found the mnemonic"
            fix = None if address or slot.parts else _sized_move(self.arch, statement.mnemonic, op, slot.size, moved)
            yield self.report(operand.tokens, problem, also=(statement.mnemonic,), fix=fix)

    def unwritten_result(self, frame: VetFrame) -> Iterator[Diagnostic]:
        result = frame.lookup("ret")
        if result is None:
            return
        what = f"{result.size}-byte ret+{result.offset}(FP)"
        if self.header.abi == "ABIInternal":
            what = "result register"
        for ret in self.rets:
            fix = None if self.header.abi == "ABIInternal" else _result_write(self.arch, ret, result)
            yield self.report([ret], f"RET without writing to {what}", fix=fix)


def _sized_move(arch: Arch, mnemonic: Token, op: str, size: int, moved: int) -> Fix | None:
    """The same instruction for the slot's size (`MOVL` to `MOVQ` for an
    8-byte value), when the arch has one that differs in its size letter."""
    if mnemonic.site is not None or not mnemonic.text.startswith(op):
        return None
    stem = op[:-1]
    candidates = [m for m in arch.mnemonics if m != op and m[:-1] == stem and len(m) == len(op)]
    for candidate in sorted(candidates, key=_size_letter_order):
        move = move_of(arch.name, candidate)
        if move.source == move.destination == size and moved != size:
            span = Span(mnemonic.span.source, mnemonic.span.start, mnemonic.span.start + len(op))
            return Fix(f"Change to {candidate}", (Edit(span, candidate),), preferred=True)
    return None


def _size_letter_order(mnemonic: str) -> tuple[bool, str]:
    """x86's and ppc64's B/W/L/Q first (MOVQ, not its alias MOVD, on amd64)."""
    return mnemonic[-1] not in "BWLQ", mnemonic


def _result_write(arch: Arch, ret: Token, result) -> Fix | None:
    """A move of the result register to the unwritten result, before the RET
    (a start: which register holds the result is the author's to say)."""
    if ret.site is not None or not arch.result_registers or result.parts:
        return None
    moves = sorted((m for m in arch.mnemonics if m.startswith("MOV") and len(m) == 4), key=_size_letter_order)
    move = next((m for m in moves if move_of(arch.name, m).destination == result.size), None)
    if move is None:
        return None
    source = ret.span.source
    line_start = source.text.rfind("\n", 0, ret.span.start) + 1
    indent = source.text[line_start : ret.span.start]
    if indent.strip():
        return None  # a label or more before the RET on its line
    register = arch.result_registers[0]
    written = f"{move} {register}, ret+{result.offset}(FP)"
    return Fix(
        f"Write {register} to the result: {written}",
        (Edit(Span(source, line_start, line_start), f"{indent}{written}\n"),),
    )


def _with_case_fix(missing: Diagnostic, package: PackageUnit, header: VetText) -> Diagnostic:
    """A missing declaration whose name a Go function has in another case
    (`·add` for `Add`): the rename, and where the Go function is."""
    wanted = header.go_name.lower()
    match = next((f for name, f in package.go.funcs.items() if name.lower() == wanted), None)
    tokens = [t for t in header.name_tokens if t.kind == "IDENT" and t.text.endswith(header.go_name)]
    if match is None or len(tokens) != 1 or tokens[0].site is not None:
        return missing
    token = tokens[0]
    written = token.text[: len(token.text) - len(header.go_name)] + match.name
    related: tuple[Related, ...] = ()
    location = match.location
    source = package.resolver.source(location.path) if location is not None else None
    if location is not None and source is not None:
        span = Span(source, source.offset(location.line, location.start), source.offset(location.line, location.end))
        related = (Related(span, f"the Go function is {match.name}: names are case-sensitive"),)
    fix = Fix(f"Rename to {written}", (Edit(token.span, written),), preferred=True)
    return replace(missing, related=missing.related + related, fixes=(fix,))


def _in_macro_body(tokens: list[Token]) -> Span | None:
    """Where tokens are written in one macro's body (not its arguments,
    which are written at the use); None when they are not all there."""
    spans = [token.span for token in tokens]
    if not spans or any(s.source is not spans[0].source or token.site is None for s, token in zip(spans, tokens)):
        return None
    if any(
        token.site is not None and token.site.source is spans[0].source and token.site.start <= s.start < token.site.end
        for s, token in zip(spans, tokens)
    ):
        return None  # an argument: its characters are at the use
    return Span(spans[0].source, min(s.start for s in spans), max(s.end for s in spans))


def _quiet(statement: Statement, arch: Arch) -> bool:
    """Whether vet's pass has nothing to do with the statement on arch (but
    for what an ABIInternal function's result is set by, _writes_result): no
    frame or stack reference, no stack write, no RET. Most lines of generated
    code are such; the verdict is the line template's (asm_ls.syntax.lines),
    made once for every line that reads the same."""
    facts = facts_of(statement)
    key = ("asmdecl-quiet", arch.name)
    quiet = facts.get(key)
    if quiet is None:
        template = template_of(statement)
        stack = arch.stack_register
        quiet = facts[key] = template.word not in ("RET", "CallImport") and not any(
            # a stack write begins an operand with the stack register's name (vet's textual test)
            o.tokens[0].text.startswith(stack)
            or isinstance(o.value, ast.SymbolRef)
            and o.value.pseudo == "FP"
            or isinstance(o.value, ast.Memory)
            and o.value.base is not None
            and o.value.base.register.text in (stack, "FP")
            for o in template.operands
        )
    return quiet


def _writes_result(statement: Statement, arch: Arch) -> bool:
    """Whether vet counts the statement as setting an ABIInternal function's result."""
    facts = facts_of(statement)
    key = ("asmdecl-result", arch.name)
    writes = facts.get(key)
    if writes is None:
        template = template_of(statement)
        writes = facts[key] = result_writer(template, template.operands, arch)
    return writes


def _prefixed(operand: Operand, text: str) -> str:
    return ("$" if operand.prefix == "$" else "") + text


def _named_at(operand: Operand, slot, offset: int) -> str | None:
    """`name+off(FP)` for the slot that starts at offset, if one does."""
    if slot is None or slot.offset != offset:
        return None
    return _prefixed(operand, f"{slot.name}+{slot.offset}(FP)")


def _argument_size(reading: Reading, expected: int, replacement: str) -> tuple[str, str] | None:
    """vet's complaint about the argument size by one reading of the TEXT line (NOSPLIT may omit it)."""
    if reading.args == expected or (reading.nosplit and reading.args == 0):
        return None
    return f"wrong argument size {reading.args}; expected $...-{expected}", replacement


def _args_replacement(header: VetText, expected: int) -> str:
    if header.args is None or header.vet != header.reading:  # the whole `$frame`, as vet can read it
        return f"${header.frame}-{expected}"
    return f"-{expected}"
