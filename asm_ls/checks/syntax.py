"""parse-error: what the assembler rejects before it looks at instructions:
malformed tokens, statements and operands, operand forms the arch does not
have, and the operand rules of TEXT, DATA, GLOBL, PCDATA, FUNCDATA, PCALIGN.
Messages follow cmd/asm's where it has one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from asm_ls.arch import Arch
from asm_ls.arch.textflag import FLAG_NAMES
from asm_ls.model import CheckUnit, Diagnostic
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Operand, Statement
from asm_ls.syntax.directives import PSEUDO_OPS
from asm_ls.syntax.lexer import OPERATORS
from asm_ls.syntax.literals import to_int64
from asm_ls.syntax.walk import name_span, scoped_statements

# Operand forms by arch family, as cmd/asm/internal/asm/parse.go accepts them.
REGISTER_SHIFT = frozenset({"arm", "arm64"})
SHIFT_BY_REGISTER = frozenset({"arm"})  # R1->R2; arm64 wants an integer count
_SHIFT_OPS = frozenset(OPERATORS.values())  # token kinds of <<, >>, ->, @>
INDEX_SHIFT = frozenset({"arm64"})  # (R1)(R2<<3)
REGISTER_EXTENSION = frozenset({"arm64", "loong64"})
MAX_OPERANDS = 6  # cmd/asm's asmInstruction handles 0 to 6
# loong64 (cmd/asm/internal/arch/loong64.go): V registers take LSX arrangements,
# X registers LASX ones; an element index takes an element type.
VECTOR_ARRANGEMENTS = {
    "loong64": {"V": frozenset({"B16", "H8", "W4", "V2"}), "X": frozenset({"B32", "H16", "W8", "V4", "Q2"})},
}
VECTOR_ELEMENTS = {"loong64": frozenset({"B", "H", "W", "V", "BU", "HU", "WU", "VU"})}
REGISTER_LIST = {"arm": "arm", "arm64": "arm64", "amd64": "x86", "386": "x86"}
PAIR_SEPARATORS = {"arm": ",:", "arm64": ",:", "ppc64": "+:"}
NO_SCALED_INDEX = frozenset({"arm64", "ppc64"})
VALID_SCALES = (1, 2, 4, 8)
DATA_INT_SIZES = (1, 2, 4, 8)
DATA_FLOAT_SIZES = (4, 8)


def check_statement(statement: Statement, arch: Arch) -> Iterator[Diagnostic]:
    """What is wrong with a statement by itself (all but DATA overlaps)."""
    yield from _Checker(arch, {}).statement(statement)


def run(unit: CheckUnit) -> Iterator[Diagnostic]:
    """The lexer's errors, and the DATA statements that overlap earlier ones of their symbol."""
    for error in unit.program.lex_errors:
        yield unit.diagnostic(unit.function_at(error.span), error.span, error.code, error.message)
    # Part of a file (asm_ls.engine.incremental.check) resumes the DATA layout of the lines before it.
    data = ((f, s) for f, s in scoped_statements(unit.program) if s.word == "DATA")
    yield from check_statements(unit, data, dict(unit.options.get("data_ends", {})))


def check_statements(unit: CheckUnit, scoped, data_ends: dict[str, int]) -> Iterator[Diagnostic]:
    """The DATA layout check of (function, statement) pairs in the order of the
    file; data_ends (updated) holds where the last valid DATA of each symbol
    ended before them: whether a DATA overlaps depends on it."""
    checker = _Checker(unit.arch, data_ends)
    for function, statement in scoped:
        if statement.word == "DATA" and checker.reads_directive(statement):
            for diagnostic in checker.data_layout(statement):
                yield replace(diagnostic, function=function.name if function else None)


def data_symbol(statement: Statement) -> str | None:
    """The key of data_ends a DATA statement may fill (None: it names no symbol)."""
    if statement.word != "DATA" or not statement.operands:
        return None
    target = statement.operands[0].value
    return _data_key(target) if isinstance(target, ast.SymbolRef) else None


def _data_key(symbol: ast.SymbolRef) -> str:
    return symbol.qualified + ("<>" if symbol.static else "")


class _Checker:
    def __init__(self, arch: Arch, data_ends: dict[str, int]):
        self.arch = arch
        self.family = arch.family
        self.data_ends = data_ends

    def error(self, span, message: str) -> Diagnostic:
        return Diagnostic(span, "parse-error", message, arches=(self.arch.name,))

    def reads_directive(self, statement: Statement) -> bool:
        """Whether the statement gets as far as its directive's own rules."""
        if statement.mnemonic is None or statement.errors:
            return False
        if any(operand.tree.errors for operand in statement.operands):
            return False
        return not (statement.suffixes and not self.arch.instruction_suffixes)

    def statement(self, statement: Statement) -> Iterator[Diagnostic]:
        for span, message in statement.errors:
            yield self.error(span, message)
        if statement.mnemonic is None:
            return
        reported = False
        for operand in statement.operands:
            for at, message in operand.tree.errors:
                yield self.error(operand.token_span(min(at, len(operand.tokens) - 1)), message)
                reported = True
        if reported or statement.errors:
            return
        word = statement.word
        if statement.suffixes and not self.arch.instruction_suffixes:
            yield self.error(statement.suffixes[0].location, f"instruction suffixes are not used on {self.arch.name}")
            return
        directive = _DIRECTIVE_CHECKS.get(word)
        if directive is not None:
            yield from directive(self, statement)
            return
        is_jump = word in self.arch.jumps
        if not is_jump and len(statement.operands) > MAX_OPERANDS:
            yield self.error(statement.span, f"can't handle {word} instruction with {len(statement.operands)} operands")
            return
        for operand in statement.operands:
            yield from self.operand_form(operand, word, is_jump)

    # --- operands of instructions -------------------------------------

    def operand_form(self, operand: Operand, word: str, is_jump: bool) -> Iterator[Diagnostic]:
        value, prefix = operand.value, operand.prefix
        if isinstance(value, ast.Name):
            register = self.arch.registers.get(value.text)
            if register is not None and register.kind == "pseudo" and not is_jump:
                yield self.error(name_span(operand, value), f"illegal use of pseudo-register in {word}")
            elif prefix == "$" and self.arch.reads_as_register(value.text, value.number):
                yield self.error(operand.span, f"prefix $ not allowed for register: ${value.text}")
        elif isinstance(value, (ast.Shifted, ast.Extended)):
            yield from self.register_form(operand, value, prefix)
        elif isinstance(value, ast.Memory):
            if value.stray_at is not None:
                stray = operand.tokens[value.stray_at]
                yield Diagnostic(
                    stray.location,
                    "stray-token",
                    f"stray {stray.text!r} before the operand: the assembler ignores it",
                    severity="warning",
                    arches=(self.arch.name,),
                )
            yield from self.memory_form(operand, value.base, value.index, prefix, has_symbol=False)
        elif isinstance(value, ast.SymbolRef):
            yield from self.symbol_form(operand, value, prefix)
        elif isinstance(value, ast.RegisterList):
            yield from self.register_list_form(operand, value)
        elif isinstance(value, ast.FloatConstant) and prefix != "$":
            yield self.error(operand.span, "floating-point constant must be an immediate")
        elif isinstance(value, ast.StringConstant) and prefix != "$":
            yield self.error(operand.span, "string constant must be an immediate")

    def register_form(self, operand: Operand, value, prefix: str | None) -> Iterator[Diagnostic]:
        if isinstance(value, ast.Shifted) and self.family not in REGISTER_SHIFT:
            yield self.error(operand.span, f"shifted register operands are not available on {self.arch.name}")
        elif (
            isinstance(value, ast.Shifted)
            and isinstance(value.count, ast.Name)
            and self.family not in SHIFT_BY_REGISTER
        ):
            yield self.error(name_span(operand, value.count), f"rhs of shift must be integer: {value.count.text}")
        elif isinstance(value, ast.Shifted) and isinstance(value.count, int):
            yield from self.shift_count(operand, value.count)
        elif isinstance(value, ast.Extended) and self.family not in REGISTER_EXTENSION:
            yield self.error(
                operand.span, f"register extensions and arrangements are not available on {self.arch.name}"
            )
        elif prefix is not None:
            yield self.error(operand.span, f"prefix {prefix} not allowed for shifted register: {operand.text()}")
        elif isinstance(value, ast.Extended):
            yield from self.vector_extension(operand, value)

    def shift_count(self, operand: Operand, count: int) -> Iterator[Diagnostic]:
        """cmd/asm's limit on a constant shift count: under 64 on arm64, 32 on arm."""
        if to_int64(count) < (64 if self.family == "arm64" else 32):
            return
        tokens = operand.tokens
        at = next((i + 1 for i, t in enumerate(tokens) if t.kind in _SHIFT_OPS), len(tokens))
        if at < len(tokens):  # cmd/asm names the count's first token
            yield self.error(tokens[at].location, f"register shift count too large: {tokens[at].text}")
        else:
            yield self.error(operand.span, "register shift count too large")

    def memory_form(
        self, operand: Operand, base: ast.Inner | None, index: ast.Inner | None, prefix: str | None, has_symbol: bool
    ) -> Iterator[Diagnostic]:
        if base is not None:
            register = self.arch.registers.get(base.register.text)
            if register is not None and register.kind == "pseudo" and not has_symbol:
                if base.register.text != "PC":
                    yield self.error(
                        name_span(operand, base.register), f"cannot reference {base.register.text} without a symbol"
                    )
                elif prefix is not None:
                    yield self.error(operand.span, "illegal addressing mode for PC")
            yield from self.inner_form(operand, base)
        if index is not None:
            yield from self.inner_form(operand, index)
            if index.pair is not None:
                yield self.error(name_span(operand, index.pair), "unimplemented two-register form")

    def inner_form(self, operand: Operand, inner: ast.Inner) -> Iterator[Diagnostic]:
        if inner.pair_separator is not None and inner.pair_separator not in PAIR_SEPARATORS.get(self.family, ":"):
            yield self.error(
                operand.span, f"(register{inner.pair_separator}register) not supported on this architecture"
            )
        if inner.scale is not None:
            if inner.scale not in VALID_SCALES:
                yield self.error(operand.span, f"bad scale: {inner.scale}")
            elif inner.scale != 1 and self.family in NO_SCALED_INDEX:
                yield self.error(operand.span, f"{self.arch.name} doesn't support scaled register format")
        if inner.shift is not None and self.family not in INDEX_SHIFT:
            yield self.error(operand.span, f"register extension not supported on {self.arch.name}")
        if inner.extension is not None and self.family not in REGISTER_EXTENSION:
            yield self.error(operand.span, f"register extensions are not available on {self.arch.name}")
        elif inner.extension is not None:
            yield from self.vector_extension(operand, inner.extension)

    def symbol_form(self, operand: Operand, value: ast.SymbolRef, prefix: str | None) -> Iterator[Diagnostic]:
        pseudo_span = operand.token_span(value.pseudo_at)
        if value.pseudo not in self.arch.pseudo_registers:
            yield self.error(pseudo_span, f"expected pseudo-register; found {value.pseudo}")
        elif value.pseudo == "PC" and prefix is not None:
            yield self.error(operand.span, "illegal addressing mode for PC")
        if value.index is not None:
            yield from self.memory_form(operand, None, value.index, prefix, has_symbol=True)
        if value.data_size is not None:
            yield self.error(operand.span, "a /size suffix is only allowed in DATA")

    def register_list_form(self, operand: Operand, value: ast.RegisterList) -> Iterator[Diagnostic]:
        style = REGISTER_LIST.get(self.family)
        if style is None:
            yield self.error(operand.span, f"register lists are not available on {self.arch.name}")
        elif style == "x86" and (len(value.items) != 1 or value.items[0][1] is None):
            yield self.error(operand.span, "register list: expected a range like [X0-X3]")
        elif style == "arm64" and any(arrangement is None for _f, _l, arrangement in value.items):
            yield self.error(operand.span, "arm64 register list items need an arrangement, like V1.B16")
        elif style == "arm64":
            yield from self.arm64_list_order(operand, value)
        elif style == "arm" and any(arrangement is not None for _f, _l, arrangement in value.items):
            yield self.error(operand.span, "arm register lists hold R0 through R15 and g")

    def vector_extension(self, operand: Operand, value: ast.Extended) -> Iterator[Diagnostic]:
        classes = VECTOR_ARRANGEMENTS.get(self.family)
        if classes is None:
            return
        register = value.register.text
        arrangements = classes.get(register[:1]) if register[1:].isdigit() else None
        if arrangements is None:
            yield self.error(name_span(operand, value.register), f"invalid LSX/LASX register: {register}")
        elif value.element is not None and value.extension not in VECTOR_ELEMENTS[self.family]:
            yield self.error(operand.span, f"invalid LSX/LASX arrangement type: {value.extension}")
        elif value.element is None and value.extension not in arrangements:
            yield self.error(operand.span, f"invalid arrangement type for {register}: {value.extension}")

    def arm64_list_order(self, operand: Operand, value: ast.RegisterList) -> Iterator[Diagnostic]:
        """Consecutive V registers (wrapping at V31) with one arrangement."""
        first = value.items[0]
        expected = _vector_number(first[0])
        for register, _last, arrangement in value.items:
            number = _vector_number(register)
            if arrangement != first[2]:
                yield self.error(operand.span, "inconsistent arrangement in ARM64 register list")
                return
            if number is None or expected is None or number != expected:
                yield self.error(
                    name_span(operand, register), f"incontiguous register in ARM64 register list: {register.text}"
                )
                return
            expected = (number + 1) % 32

    # --- directives ---------------------------------------------------

    def text(self, statement: Statement) -> Iterator[Diagnostic]:
        symbol = yield from self.symbol_flags_and_last("TEXT", statement)
        if symbol is not None:
            yield from self.frame_operand(symbol, statement.operands[-1])

    def symbol_flags_and_last(self, pseudo: str, statement: Statement):
        """`PSEUDO sym(SB), [flags,] last`: checks the first two; returns the symbol."""
        operands = statement.operands
        if len(operands) not in (2, 3):
            yield self.error(statement.span, f"expect two or three operands for {pseudo}")
            return None
        symbol = yield from self.symbol_operand(pseudo, operands[0], offset_ok=False)
        if symbol is not None and len(operands) == 3:
            yield from self.integer_operand(pseudo, operands[1])
        return symbol

    def frame_operand(self, symbol: ast.SymbolRef, operand: Operand) -> Iterator[Diagnostic]:
        """`$frame` or `$frame-args`, read token by token as cmd/asm does."""
        kinds = [t.kind for t in operand.tokens]
        name = symbol.qualified
        if len(kinds) < 2 or kinds[0] != "DOLLAR":
            yield self.error(operand.span, f"TEXT {name}: frame size must be an immediate constant")
            return
        rest = kinds[1:]
        if rest[0] == "MINUS":
            rest = rest[1:]
        if not rest or rest[0] != "INT":
            yield self.error(operand.span, f"TEXT {name}: frame size must be an immediate constant")
            return
        if rest[1:] and rest[1:] != ["MINUS", "INT"]:
            yield self.error(operand.span, f"TEXT {name}: argument size must be of form -integer")

    def data(self, statement: Statement) -> Iterator[Diagnostic]:
        """What a DATA statement says wrong by itself; where it lies is data_layout's."""
        operands = statement.operands
        if len(operands) != 2:
            yield self.error(statement.span, "expect two operands for DATA")
            return
        target, value = operands
        symbol = target.value
        if not isinstance(symbol, ast.SymbolRef) or symbol.data_size is None:
            yield self.error(target.span, "expect /size for DATA argument")
            return
        if symbol.pseudo != "SB" or symbol.index is not None:
            yield self.error(target.span, f"DATA symbol {symbol.qualified!r} must be a symbol(SB)")
            return
        if _immediate_kind(value) is None:
            yield self.error(value.span, "DATA value must be an immediate constant or address")

    def data_layout(self, statement: Statement) -> Iterator[Diagnostic]:
        """A well-formed DATA: whether it overlaps the last one of its symbol
        (then nothing else is said of it), else whether its size fits its value."""
        operands = statement.operands
        if len(operands) != 2:
            return
        target, value = operands
        symbol = target.value
        if not isinstance(symbol, ast.SymbolRef) or symbol.data_size is None:
            return
        kind = _immediate_kind(value)
        if symbol.pseudo != "SB" or symbol.index is not None or kind is None:
            return
        size = symbol.data_size
        key = _data_key(symbol)
        if symbol.offset < self.data_ends.get(key, symbol.offset):
            yield self.error(target.span, f"overlapping DATA entry for {symbol.qualified}")
            return
        self.data_ends[key] = symbol.offset + size
        if kind == "int" and size not in DATA_INT_SIZES:
            yield self.error(target.span, f"bad int size for DATA argument: {size}")
        elif kind == "float" and size not in DATA_FLOAT_SIZES:
            yield self.error(target.span, f"bad float size for DATA argument: {size}")
        elif kind == "address" and size != self.arch.ptr_size:
            yield self.error(target.span, f"bad addr size for DATA argument: {size}")

    def globl(self, statement: Statement) -> Iterator[Diagnostic]:
        symbol = yield from self.symbol_flags_and_last("GLOBL", statement)
        if symbol is not None:
            yield from self.immediate_operand("GLOBL", statement.operands[-1])

    def pcdata(self, statement: Statement) -> Iterator[Diagnostic]:
        if len(statement.operands) != 2:
            yield self.error(statement.span, "expect two operands for PCDATA")
            return
        for operand in statement.operands:
            yield from self.immediate_operand("PCDATA", operand)

    def funcdata(self, statement: Statement) -> Iterator[Diagnostic]:
        if len(statement.operands) != 2:
            yield self.error(statement.span, "expect two operands for FUNCDATA")
            return
        yield from self.immediate_operand("FUNCDATA", statement.operands[0])
        yield from self.symbol_operand("FUNCDATA", statement.operands[1], offset_ok=True)

    def pcalign(self, statement: Statement) -> Iterator[Diagnostic]:
        if len(statement.operands) != 1:
            yield self.error(statement.span, "expect one operand for PCALIGN")
            return
        yield from self.immediate_operand("PCALIGN", statement.operands[0])

    def symbol_operand(self, pseudo: str, operand: Operand, offset_ok: bool):
        value = operand.value
        if not isinstance(value, ast.SymbolRef) or value.pseudo != "SB" or value.index:
            name = value.name if isinstance(value, (ast.SymbolRef,)) else operand.text()
            yield self.error(operand.span, f"{pseudo} symbol {name!r} must be a symbol(SB)")
            return None
        if value.offset != 0 and not offset_ok:
            yield self.error(operand.span, f"{pseudo} symbol {value.qualified!r} must not be offset from SB")
            return None
        if value.data_size is not None:
            yield self.error(operand.span, "a /size suffix is only allowed in DATA")
        return value

    def integer_operand(self, pseudo: str, operand: Operand) -> Iterator[Diagnostic]:
        """Flags: a bare constant expression (textflag.h names expand to numbers)."""
        if operand.prefix is None and isinstance(operand.value, ast.Constant):
            return
        if any(t.kind == "IDENT" and t.text in FLAG_NAMES for t in operand.tokens):
            return  # a flag used without textflag.h: textflag-include says so, with a fix
        yield self.error(operand.span, f"{pseudo}: expected integer constant; found {operand.text()}")

    def immediate_operand(self, pseudo: str, operand: Operand) -> Iterator[Diagnostic]:
        if operand.prefix == "$" and isinstance(operand.value, ast.Constant):
            return
        yield self.error(operand.span, f"{pseudo}: expected immediate constant; found {operand.text()}")


_DIRECTIVE_CHECKS = {
    "TEXT": _Checker.text,
    "DATA": _Checker.data,
    "GLOBL": _Checker.globl,
    "PCDATA": _Checker.pcdata,
    "FUNCDATA": _Checker.funcdata,
    "PCALIGN": _Checker.pcalign,
}
assert set(_DIRECTIVE_CHECKS) == PSEUDO_OPS


def _vector_number(name: ast.Name) -> int | None:
    text = name.text
    return int(text[1:]) if text[:1] == "V" and text[1:].isdigit() else None


def _immediate_kind(operand: Operand) -> str | None:
    """What a DATA value is: int, float, string or address; None if not immediate."""
    if operand.prefix != "$":
        return None
    value = operand.value
    if isinstance(value, ast.Constant):
        return "int"
    if isinstance(value, ast.FloatConstant):
        return "float"
    if isinstance(value, ast.StringConstant):
        return "string"
    if isinstance(value, (ast.SymbolRef, ast.Memory)):
        return "address"
    return None
