"""The rules the assembler enforces on TEXT functions beyond their syntax
(cmd/asm/internal/asm and the per-arch preprocess of cmd/internal/obj):

- abi-selector: `sym<ABIInternal>` (any `<ABI>` selector) outside the few
  packages allowed to use them (objabi's allowAsmABIPkgs), or a selector
  other than ABI0 and ABIInternal inside them.
- abiinternal-nosplit: an ABIInternal TEXT must be NOSPLIT (the assembler
  cannot build its morestack path).
- frame-size: a frame the arch cannot lay out: not a multiple of its word or
  alignment (`unaligned stack size`), negative, or non-zero with NOFRAME.
- unbalanced-push (386, amd64): a RET reached with PUSHes not popped, counted
  in the order of the lines, as the assembler counts them.
- nosplit-divide (arm): DIV and MOD call a runtime routine, which a NOSPLIT
  function may not.

The assembler reports the obj rules without a position; here they land on
the TEXT frame operand or the instruction. A frame size that is not an
immediate constant is a parse-error (asm_ls/checks/syntax.py). A missing
argument size is no error: the assembler accepts `$frame` alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from asm_ls.arch import Arch
from asm_ls.arch.textflag import NOFRAME, NOSPLIT
from asm_ls.checks.stack.frames import Call, rules_for
from asm_ls.checks.stack.graph import symbol_prefix, text_frame_size
from asm_ls.model import CheckUnit, Diagnostic, Edit, Fix
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.lines import template_of
from asm_ls.syntax.linkname import linker_name
from asm_ls.syntax.program import Function
from asm_ls.syntax.source import Span
from asm_ls.syntax.walk import scoped_statements

# cmd/internal/objabi/pkgspecial.go allowAsmABIPkgs (go1.26).
ABI_SELECTOR_PACKAGES = frozenset(
    {
        "runtime",
        "reflect",
        "syscall",
        "internal/bytealg",
        "internal/chacha8rand",
        "internal/runtime/syscall/linux",
        "internal/runtime/syscall/windows",
        "internal/runtime/startlinetest",
    }
)
ABIS = frozenset({"ABI0", "ABIInternal"})
FIRST_LOOK = False  # an editor's first look at a large file leaves it to the whole check (asm_ls.engine.registry)
DIVIDES = frozenset({"DIV", "DIVU", "MOD", "MODU"})


def run(unit: CheckUnit) -> Iterator[Diagnostic]:
    if unit.package is None:
        return
    prefix = symbol_prefix(unit.package)
    allowed = unit.package.import_path in ABI_SELECTOR_PACKAGES or prefix in ABI_SELECTOR_PACKAGES
    for function, statement in scoped_statements(unit.program):
        trees = template_of(statement).operands  # operands are made only for a line with a selector
        if any(isinstance(o.value, ast.SymbolRef) and o.value.abi for o in trees):
            for operand in statement.operands:
                yield from _abi_selector(unit, function, operand, prefix, allowed)
    for function in unit.program.functions:
        yield from _text(unit, function, prefix, allowed)


def _abi_selector(unit, function, operand: ast.Operand, prefix: str, allowed: bool) -> Iterator[Diagnostic]:
    value = operand.value
    if not isinstance(value, ast.SymbolRef) or not value.abi:
        return
    name = linker_name(value.name, prefix)
    if not allowed:
        selector = _selector_span(operand)
        fix = Fix("Remove the ABI selector", (Edit(selector, ""),)) if selector else None
        yield unit.diagnostic(
            function,
            operand.span,
            "abi-selector",
            f'ABI selector only permitted when compiling runtime, reference was to "{name}"',
            fixes=(fix,) if fix else (),
        )
    elif value.abi not in ABIS:
        yield unit.diagnostic(
            function,
            operand.span,
            "abi-selector",
            f'malformed ABI selector "{value.abi}" in reference to "{name}"',
        )


def _selector_span(operand: ast.Operand):
    """`<ABIInternal>` as written in the file, when it is there (not from a macro)."""
    tokens = operand.tokens
    kinds = [t.kind for t in tokens]
    if "LT" not in kinds or "GT" not in kinds:
        return None
    first, last = tokens[kinds.index("LT")], tokens[kinds.index("GT")]
    if first.site is not None or last.site is not None or first.span.source is not last.span.source:
        return None
    return first.span.cover(last.span)


def _text(unit: CheckUnit, function: Function, prefix: str, allowed: bool) -> Iterator[Diagnostic]:
    text = function.text
    symbol = function.symbol
    if symbol is None or len(text.operands) not in (2, 3):
        return
    flags = 0
    if len(text.operands) == 3:
        flags_operand = text.operands[1]
        if flags_operand.prefix is not None or not isinstance(flags_operand.value, ast.Constant):
            return  # the flags are a parse-error (or textflag-include)
        flags = flags_operand.value.value
    name = linker_name(symbol.name, prefix)
    if allowed and symbol.abi == "ABIInternal" and not flags & NOSPLIT:
        yield unit.diagnostic(
            function,
            text.operands[0].span,
            "abiinternal-nosplit",
            f'TEXT "{name}": ABIInternal requires NOSPLIT',
            fixes=(add_nosplit(text),),
        )
    frame_operand = text.operands[-1]
    frame = text_frame_size(frame_operand)
    if frame is None:
        return  # not an immediate: a parse-error
    arch = unit.arch
    body = function.statements[1:]
    non_leaf = rules_for(arch).non_leaf
    calls = [Call(s.word, None) for s in body if s.word in non_leaf]
    for message in FRAME_RULES[arch.family](frame, flags, calls, arch):
        yield unit.diagnostic(function, frame_operand.span, "frame-size", message)
    if arch.family in PUSH_BALANCE_FAMILIES:
        yield from _push_balance(unit, function, body, name)
    if arch.family in DIVIDE_CALL_FAMILIES and flags & NOSPLIT:
        for statement in body:
            if statement.word in DIVIDES:
                yield unit.diagnostic(function, statement.span, "nosplit-divide", "cannot divide in NOSPLIT function")


def add_nosplit(text: Statement) -> Fix:
    """`|NOSPLIT` after the flags (after the macro that wrote them), or
    `NOSPLIT, ` before the frame."""
    operands = text.operands
    if len(operands) == 3:
        where = operands[1].tokens[-1].location
        edit = Edit(Span(where.source, where.end, where.end), "|NOSPLIT")
    else:
        where = operands[1].tokens[0].location
        edit = Edit(Span(where.source, where.start, where.start), "NOSPLIT, ")
    return Fix("Add NOSPLIT to the TEXT flags", (edit,), preferred=True)


def _push_balance(unit: CheckUnit, function: Function, body: list[Statement], name: str) -> Iterator[Diagnostic]:
    """obj6.go counts PUSH, POP and ADJSP in line order and checks the count at every RET."""
    moved = 0
    move = rules_for(unit.arch).sp_move
    for statement in body:
        if statement.word == "RET" and moved:
            yield unit.diagnostic(function, statement.span, "unbalanced-push", f"{name}: unbalanced PUSH/POP")
        moved += move(template_of(statement), unit.arch)


# --- frame sizes, per arch family (cmd/internal/obj/<arch> preprocess) ------


def _go_remainder(a: int, b: int) -> int:
    """a % b as Go computes it: the sign of a."""
    return a - b * int(a / b)


def _noframe_marker_rules(marker: int | None, checks: tuple[Callable[[int], str | None], ...]):
    def rules(frame: int, flags: int, calls: list[Call], arch: Arch) -> list[str]:
        noframe = bool(flags & NOFRAME)
        if marker is not None and frame == marker:
            frame, noframe = 0, True
        found = [m for check in checks if (m := check(frame))]
        if noframe and frame != 0:
            found.append(f"NOFRAME functions must have a frame size of 0, not {frame}")
        return found

    return rules


def _negative(frame: int) -> str | None:
    return f"negative frame size {frame} - did you mean NOFRAME?" if frame < 0 else None


def _multiple_of_8(frame: int) -> str | None:
    return f"frame size {frame} not a multiple of 8" if _go_remainder(frame, 8) else None


def _arm_multiple_of_4(frame: int) -> str | None:
    return f"frame size {frame} not 0 or a positive multiple of 4" if frame < 0 or frame % 4 else None


def _arm64_rules(frame: int, flags: int, calls: list[Call], arch: Arch) -> list[str]:
    found = _noframe_marker_rules(-8, (_negative,))(frame, flags, calls, arch)
    noframe = bool(flags & NOFRAME) or frame == -8 or (not calls and frame == 0)
    frame = 0 if frame == -8 else frame
    size = frame if noframe else frame + arch.min_frame_size
    if size and _go_remainder(size, 16) != 8 and size & 15:
        found.append(f"unaligned frame size {size - 8} - must be 16 aligned")
    return found


def _x86_rules(frame: int, flags: int, calls: list[Call], arch: Arch) -> list[str]:
    size = rules_for(arch).frame(frame, flags, calls, arch).size
    return [f"unaligned stack size {size}"] if size % arch.reg_size else []


def _wasm_rules(frame: int, flags: int, calls: list[Call], arch: Arch) -> list[str]:
    return ["bad framesize (the assembler panics on a negative frame)"] if frame < 0 else []


FRAME_RULES = {
    "amd64": _x86_rules,
    "386": _x86_rules,
    "arm": _noframe_marker_rules(-4, (_arm_multiple_of_4,)),
    "arm64": _arm64_rules,
    "loong64": _noframe_marker_rules(None, (_negative,)),
    "mips": _noframe_marker_rules(-4, (_negative,)),
    "mips64": _noframe_marker_rules(-8, (_negative,)),
    "ppc64": _noframe_marker_rules(-8, (_multiple_of_8,)),
    "riscv64": _noframe_marker_rules(-8, (_negative,)),
    "s390x": _noframe_marker_rules(-8, (_multiple_of_8,)),
    "wasm": _wasm_rules,
}
# Families whose assembler checks PUSH/POP balance at RET, and whose divide
# instructions call the runtime.
PUSH_BALANCE_FAMILIES = frozenset({"amd64", "386"})
DIVIDE_CALL_FAMILIES = frozenset({"arm"})
