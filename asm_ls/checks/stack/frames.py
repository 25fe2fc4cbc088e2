"""How the Go assembler lays out a TEXT function's stack, per arch family:
the frame its prologue allocates, the instructions that move SP afterwards,
and the instructions the linker sees as calls (their relocations).

This is the part of cmd/internal/obj/<arch> (`preprocess`, and the
relocations of the encoders) that the linker's stack check depends on: the
check reads the function's SP offset at every PC (pcsp), which starts at 0,
becomes the frame size after the prologue and then follows the instructions
the assembler tracks (`Spadj`). An instruction that writes SP in any other
way is not tracked (the function is marked SPWRITE), so it is ignored here
too. Learned from the go1.26 sources; the tests compare with the linker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from asm_ls.arch import Arch
from asm_ls.arch.textflag import NOFRAME, NOSPLIT
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Statement

STACK_SMALL = 128  # internal/abi.StackSmall: a leaf below it needs no split check

# TEXT flags and frame sizes are read from the statement; DUFFZERO and
# DUFFCOPY are calls for every arch's leaf test.
DUFF = frozenset({"DUFFZERO", "DUFFCOPY"})

# cmd/internal/obj/x86 isZeroArgRuntimeCall: calls that still leave an amd64
# function a leaf for the automatic NOSPLIT.
ZERO_ARG_RUNTIME_CALLS = frozenset(
    {
        "runtime.panicdivide",
        "runtime.panicwrap",
        "runtime.panicshift",
        "runtime.panicBounds",
        "runtime.panicExtend",
    }
)


@dataclass(frozen=True)
class StackFrame:
    """What the prologue allocates."""

    size: int  # bytes: the TEXT frame plus the saved LR or frame pointer and padding
    auto_nosplit: bool  # the assembler marks the function NOSPLIT itself (a small leaf)
    extra: tuple[tuple[int, str], ...] = ()  # (bytes, why) added to the TEXT frame


@dataclass(frozen=True)
class Call:
    """A call-class instruction: `target` is the linker name of a direct
    target, None for an indirect one."""

    mnemonic: str
    target: str | None


@dataclass(frozen=True)
class FamilyRules:
    # (TEXT frame, flags, calls in the body, arch) -> StackFrame
    frame: Callable[[int, int, list[Call], Arch], StackFrame]
    # Mnemonics that make a function a non-leaf (it saves LR, has a frame).
    non_leaf: frozenset[str]
    # Direct calls and tail jumps to a symbol that carry a call relocation.
    symbol_calls: frozenset[str]
    # Calls through a register or memory that carry R_CALLIND.
    indirect_calls: frozenset[str]
    # SP change of one instruction after it executes (bytes the stack grows), 0 if none.
    sp_move: Callable[[Statement, Arch], int]
    # Jumps that are calls when their first operand is the link register (riscv64 containsCall).
    linking_jumps: frozenset[str] = frozenset()


def _x86_frame(frame_pointer: int) -> Callable[[int, int, list[Call], Arch], StackFrame]:
    """obj6.go preprocess: the frame pointer (amd64) is pushed unless NOFRAME
    or a leaf without locals; small leaves are made NOSPLIT (amd64)."""

    def frame(text_frame: int, flags: int, calls: list[Call], arch: Arch) -> StackFrame:
        size = max(text_frame, 0)
        has_call = bool(calls)
        extra: tuple[tuple[int, str], ...] = ()
        if frame_pointer and not flags & NOFRAME and (size or has_call):
            size += frame_pointer
            extra = ((frame_pointer, "saved frame pointer"),)
        auto = False
        if frame_pointer and size < STACK_SMALL and not flags & NOSPLIT:
            auto = all(c.mnemonic in DUFF or c.target in ZERO_ARG_RUNTIME_CALLS for c in calls)
            auto = auto and (not calls or size < STACK_SMALL - 8)
        return StackFrame(size, auto, extra)

    return frame


def _link_register_frame(
    align: Callable[[int], int], auto_nosplit: str | None, noframe_marker: int | None
) -> Callable[[int, int, list[Call], Arch], StackFrame]:
    """The link-register arches: a leaf with $0 has no frame; any frame also
    holds the saved LR (the arch's minimum frame); some round the size; some
    make small leaves NOSPLIT, before or after rounding."""

    def frame(text_frame: int, flags: int, calls: list[Call], arch: Arch) -> StackFrame:
        noframe = bool(flags & NOFRAME)
        if noframe_marker is not None and text_frame == noframe_marker:
            noframe, text_frame = True, 0
        leaf = not calls
        if leaf and text_frame == 0:
            noframe = True
        size = text_frame if noframe else text_frame + arch.min_frame_size
        extra: tuple[tuple[int, str], ...] = () if noframe else ((arch.min_frame_size, "saved link register"),)
        small_leaf = leaf and size < STACK_SMALL
        if size:
            rounded = align(size)
            if rounded != size:
                extra += ((rounded - size, "padding"),)
            size = rounded
        if auto_nosplit == "after_align":
            small_leaf = leaf and not noframe and size < STACK_SMALL
        return StackFrame(size, auto_nosplit is not None and small_leaf, extra)

    return frame


def _wasm_frame(text_frame: int, flags: int, calls: list[Call], arch: Arch) -> StackFrame:
    return StackFrame(max(text_frame, 0), False)


def _arm64_align(size: int) -> int:
    """Room to save FP above the frame: 8 more if size is 8 mod 16, else 16."""
    return size + (8 if size % 16 == 8 else 16)


def _round_4_to_8(size: int) -> int:
    return size + 4 if size & 4 else size


def _same(size: int) -> int:
    return size


# --- instructions that move SP ----------------------------------------------

X86_PUSH_POP = {
    "PUSHL": 4,
    "PUSHFL": 4,
    "PUSHQ": 8,
    "PUSHFQ": 8,
    "PUSHW": 2,
    "PUSHFW": 2,
    "POPL": -4,
    "POPFL": -4,
    "POPQ": -8,
    "POPFQ": -8,
    "POPW": -2,
    "POPFW": -2,
}


def _constant(operand: ast.Operand) -> int | None:
    if operand.prefix == "$" and isinstance(operand.value, ast.Constant):
        return operand.value.value
    return None


def _is_stack_register(arch: Arch, value) -> bool:
    if not isinstance(value, ast.Name) or value.number is not None:
        return False
    register = arch.registers.get(value.text)
    return register is not None and (value.text == arch.stack_register or arch.stack_register in register.aliases)


def _memory_on_stack(arch: Arch, operand: ast.Operand) -> int | None:
    """The offset of `off(SP)` addressing the hardware stack register."""
    value = operand.value
    if (
        isinstance(value, ast.Memory)
        and value.base is not None
        and value.index is None
        and value.base.pair is None
        and _is_stack_register(arch, value.base.register)
    ):
        return value.offset or 0
    return None


def _x86_sp_move(statement: Statement, arch: Arch) -> int:
    word = statement.word
    if word in X86_PUSH_POP:
        return X86_PUSH_POP[word]
    if word == "ADJSP" and statement.operands:
        return _constant(statement.operands[0]) or 0
    return 0


def _add_to_sp(
    adds: Iterable[str], subs: Iterable[str], tracked: Callable[[int], int | None] = lambda c: c
) -> Callable[[Statement, Arch], int]:
    """`ADD $c, SP` shrinks the stack by c, `SUB $c, SP` grows it (the
    assembler rewrites SUB of a constant into ADD). `tracked` maps the ADD
    constant to what the assembler still tracks after rewriting it."""
    adds, subs = frozenset(adds), frozenset(subs)

    def move(statement: Statement, arch: Arch) -> int:
        word = statement.word
        if (word not in adds and word not in subs) or len(statement.operands) < 2:
            return 0
        constant = _constant(statement.operands[0])
        if constant is None or not _is_stack_register(arch, statement.operands[-1].value):
            return 0
        added = tracked(-constant if word in subs else constant)
        return 0 if added is None else -added

    return move


def _ppc64_tracked(constant: int) -> int | None:
    """ppc64 progedit turns `ADD $c` with c an int32 into ADDIS when its low 16
    bits are zero, or into ADDIS + ADD of the low 16 bits (power8) when c does
    not fit 16 bits; only the ADD is tracked."""
    if constant == 0 or not -(1 << 31) <= constant < (1 << 31):
        return constant
    if constant & 0xFFFF == 0:
        return None
    if constant < -0x8000 or 0xFFFF < constant < 0x7FFF8000:
        low = constant & 0xFFFF
        return low - 0x10000 if low & 0x8000 else low
    return constant


def _arm_sp_move(statement: Statement, arch: Arch) -> int:
    adjusted = _arm_add(statement, arch)
    if adjusted or statement.word != "MOVW" or len(statement.operands) != 2:
        return adjusted
    source, destination = statement.operands
    suffixes = {s.text for s in statement.suffixes}
    to_stack = _memory_on_stack(arch, destination)
    if "W" in suffixes and to_stack is not None and destination.prefix is None:
        return -to_stack  # MOVW.W R14, -8(R13)
    from_stack = _memory_on_stack(arch, source)
    if (
        "P" in suffixes
        and from_stack is not None
        and source.prefix is None
        and not (isinstance(destination.value, ast.Name) and destination.value.text in ("R15", "PC"))
    ):
        return -from_stack  # MOVW.P 8(R13), R1
    if source.prefix == "$" and from_stack is not None and _is_stack_register(arch, destination.value):
        return -from_stack  # MOVW $-8(R13), R13
    return 0


_arm_add = _add_to_sp(("ADD",), ("SUB",))


def _ppc64_sp_move(statement: Statement, arch: Arch) -> int:
    adjusted = _ppc64_add(statement, arch)
    if adjusted or statement.word != "MOVDU" or len(statement.operands) != 2:
        return adjusted
    source, destination = statement.operands
    for operand in (destination, source):
        offset = _memory_on_stack(arch, operand)
        if offset is not None and operand.prefix is None:
            return -offset  # MOVDU R31, -32(R1)
    return 0


_ppc64_add = _add_to_sp(("ADD",), ("SUB",), _ppc64_tracked)


def _no_sp_move(statement: Statement, arch: Arch) -> int:
    return 0


# arm branches to a symbol carry R_CALLARM in every B form, conditional ones too.
ARM_BRANCHES = frozenset(
    {
        "B",
        "BL",
        "CALL",
        "JMP",
        "BEQ",
        "BNE",
        "BCS",
        "BHS",
        "BCC",
        "BLO",
        "BMI",
        "BPL",
        "BVS",
        "BVC",
        "BHI",
        "BLS",
        "BGE",
        "BLT",
        "BGT",
        "BLE",
    }
)

FAMILIES: dict[str, FamilyRules] = {
    "amd64": FamilyRules(
        _x86_frame(8), frozenset({"CALL"}) | DUFF, frozenset({"CALL", "JMP"}), frozenset({"CALL"}), _x86_sp_move
    ),
    "386": FamilyRules(
        _x86_frame(0), frozenset({"CALL"}) | DUFF, frozenset({"CALL", "JMP"}), frozenset({"CALL"}), _x86_sp_move
    ),
    "arm": FamilyRules(
        _link_register_frame(_same, None, -4),
        frozenset({"BL", "CALL", "BX", "DIV", "DIVU", "MOD", "MODU"}) | DUFF,
        ARM_BRANCHES,
        frozenset({"BL", "CALL"}),
        _arm_sp_move,
    ),
    "arm64": FamilyRules(
        _link_register_frame(_arm64_align, "after_align", -8),
        frozenset({"BL", "CALL"}),
        frozenset({"B", "BL", "CALL", "JMP"}),
        frozenset({"BL", "CALL"}),
        _add_to_sp(("ADD",), ("SUB",)),
    ),
    "loong64": FamilyRules(
        _link_register_frame(_round_4_to_8, "before_align", None),
        frozenset({"JAL", "CALL"}),
        frozenset({"JAL", "CALL", "JMP"}),
        frozenset({"JAL", "CALL"}),
        _add_to_sp(("ADD", "ADDV", "ADDVU"), ("SUB", "SUBV", "SUBVU")),
    ),
    "mips": FamilyRules(
        _link_register_frame(_same, None, -4),
        frozenset({"JAL", "CALL", "BGEZAL", "BLTZAL"}) | DUFF,
        frozenset({"JAL", "CALL"}),  # JMP carries R_JMPMIPS, which the check ignores
        frozenset({"JAL", "CALL"}),
        _add_to_sp(("ADD", "ADDU", "ADDV", "ADDVU"), ("SUB", "SUBU", "SUBV", "SUBVU")),
    ),
    "mips64": FamilyRules(
        _link_register_frame(_round_4_to_8, None, -8),
        frozenset({"JAL", "CALL", "BGEZAL", "BLTZAL"}) | DUFF,
        frozenset({"JAL", "CALL"}),
        frozenset({"JAL", "CALL"}),
        _add_to_sp(("ADD", "ADDU", "ADDV", "ADDVU"), ("SUB", "SUBU", "SUBV", "SUBVU")),
    ),
    "ppc64": FamilyRules(
        _link_register_frame(_same, "before_align", -8),
        frozenset({"BL", "BCL", "CALL"}) | DUFF,
        frozenset({"BL", "BR", "CALL", "JMP"}),
        frozenset(),
        _ppc64_sp_move,
    ),
    "riscv64": FamilyRules(
        _link_register_frame(_same, None, -8),
        frozenset({"CALL"}),
        frozenset({"CALL", "JMP"}),
        frozenset(),
        _add_to_sp(("ADD", "ADDI"), ("SUB",)),
        frozenset({"JAL", "JALR", "CJALR"}),
    ),
    "s390x": FamilyRules(
        _link_register_frame(_same, "before_align", -8),
        frozenset({"BL", "BCL", "CALL"}),
        frozenset({"BL", "BR", "CALL", "JMP"}),
        frozenset(),
        _add_to_sp(("ADD",), ("SUB",)),
    ),
    # wasm's pcsp table counts resume points, not bytes, so the linker's walk
    # matches none of its call relocations: only the frame counts.
    "wasm": FamilyRules(_wasm_frame, frozenset({"CALL"}), frozenset(), frozenset(), _no_sp_move),
}


def rules_for(arch: Arch) -> FamilyRules:
    return FAMILIES[arch.family]


def call_size(arch: Arch) -> int:
    """What a CALL pushes: the return address on arches without a link register."""
    return 0 if arch.link_register else arch.reg_size


def is_non_leaf(statement: Statement, arch: Arch) -> bool:
    rules = rules_for(arch)
    if statement.word in rules.non_leaf:
        return True
    if statement.word in rules.linking_jumps and statement.operands and arch.link_register is not None:
        first = statement.operands[0].value
        return isinstance(first, ast.Name) and first.text in (
            arch.link_register,
            *arch.registers[arch.link_register].aliases,
        )
    return False
