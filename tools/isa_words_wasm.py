"""Summaries of wasm Go mnemonics, written for this project (BSD-3-Clause).

Go's wasm mnemonics are WebAssembly instructions spelled in CamelCase
(I64Add is i64.add) plus a few of Go's own. A WebAssembly summary is
composed from the spelling: the value type, the operation, the signedness.
Go's own are described from cmd/internal/obj/wasm (a.out.go, wasmobj.go).
"""

from __future__ import annotations

import re

from isa_words_common import data

_TYPES = {"I32": "32-bit integer", "I64": "64-bit integer", "F32": "32-bit float", "F64": "64-bit float"}
_SIGN = {"S": "signed", "U": "unsigned"}
_BINARY = {
    "Add": "Add",
    "Sub": "Subtract",
    "Mul": "Multiply",
    "Div": "Divide",
    "Rem": "Remainder of",
    "And": "Bitwise AND of",
    "Or": "Bitwise OR of",
    "Xor": "Bitwise exclusive OR of",
    "Shl": "Shift left",
    "Shr": "Shift right",
    "Rotl": "Rotate left",
    "Rotr": "Rotate right",
    "Min": "Minimum of",
    "Max": "Maximum of",
    "Copysign": "Copy the sign of the second to the first of",
}
_COMPARE = {
    "Eq": "equal",
    "Ne": "not equal",
    "Lt": "less than",
    "Gt": "greater than",
    "Le": "less than or equal",
    "Ge": "greater than or equal",
}
_UNARY = {
    "Clz": "Count leading zero bits of",
    "Ctz": "Count trailing zero bits of",
    "Popcnt": "Count the one bits of",
    "Eqz": "Test for zero",
    "Abs": "Absolute value of",
    "Neg": "Negate",
    "Ceil": "Round up",
    "Floor": "Round down",
    "Trunc": "Round toward zero",
    "Nearest": "Round to nearest even",
    "Sqrt": "Square root of",
}
_CONTROL = {
    "Unreachable": "Trap immediately (unreachable).",
    "Nop": "WebAssembly no-op (nop): emits an instruction, unlike NOP.",
    "Block": "Begin a block; a branch to it jumps to its end (block).",
    "Loop": "Begin a loop; a branch to it jumps to its start (loop).",
    "If": "Begin an if: run the block when the popped 32-bit value is not zero (if).",
    "Else": "Begin the else part of an if (else).",
    "End": "End a block, loop or if (end).",
    "Br": "Branch to an enclosing block, loop or if, by depth (br).",
    "BrIf": "Branch by depth when the popped 32-bit value is not zero (br_if).",
    "BrTable": "Branch to the depth a popped index selects from a table (br_table).",
    "Return": "Return from the WebAssembly function (return).",
    "Call": "Call a WebAssembly function by index (call).",
    "CallIndirect": "Call through the function table, checking the type (call_indirect).",
    "Drop": "Pop and discard the top value (drop).",
    "Select": "Pop a condition and two values, push the first if the condition is not zero, else the second (select).",
    "LocalGet": "Push a local variable (local.get).",
    "LocalSet": "Pop into a local variable (local.set).",
    "LocalTee": "Copy the top value into a local variable, keeping it (local.tee).",
    "GlobalGet": "Push a global variable (global.get).",
    "GlobalSet": "Pop into a global variable (global.set).",
    "CurrentMemory": "Push the size of linear memory in 64 KiB pages (memory.size).",
    "GrowMemory": "Grow linear memory by a popped number of pages, pushing the old size or -1 (memory.grow).",
    "MemoryInit": "Copy from a passive data segment into memory (memory.init).",
    "DataDrop": "Discard a passive data segment (data.drop).",
    "MemoryCopy": "Copy a range of linear memory (memory.copy).",
    "MemoryFill": "Fill a range of linear memory with a byte (memory.fill).",
    "TableInit": "Copy from a passive element segment into a table (table.init).",
    "ElemDrop": "Discard a passive element segment (elem.drop).",
    "TableCopy": "Copy a range of a table (table.copy).",
    "TableGrow": "Grow a table (table.grow).",
    "TableSize": "Push the size of a table (table.size).",
    "TableFill": "Fill a range of a table (table.fill).",
}
GO_OWN = {
    "Get": "Go: push a register's value (a Go register is a WebAssembly global or local).",
    "Set": "Go: pop the top value into a register.",
    "Tee": "Go: copy the top value into a register, keeping it.",
    "Not": "Go: push 1 if the popped 32-bit value is zero, else 0 (i32.eqz).",
    "MOVB": "Go: 8-bit move between registers and memory (loads zero-extend), expanded to WebAssembly loads and "
    "stores.",
    "MOVH": "Go: 16-bit move between registers and memory, expanded to WebAssembly loads and stores.",
    "MOVW": "Go: 32-bit move between registers and memory, expanded to WebAssembly loads and stores.",
    "MOVD": "Go: 64-bit move between registers and memory, expanded to WebAssembly loads and stores.",
    "CALLNORESUME": "Go: a call not followed by a resume point; allowed inside WebAssembly blocks, but the "
    "goroutine must not switch during it.",
    "RETUNWIND": "Go: return and unwind the WebAssembly stack, so the caller resumes at its resume point.",
    "RESUMEPOINT": "Go: a point where a goroutine may resume after its stack was unwound.",
    "WORD": data(4),
}
_NAME = re.compile(r"^(I32|I64|F32|F64)([A-Z][a-z0-9]*)(.*)$")


def _wasm_name(mnemonic: str) -> str:
    """I64Load8U -> i64.load8_u, F32ConvertI32S -> f32.convert_i32_s."""
    m = _NAME.match(mnemonic)
    if m is None:
        return re.sub(r"(?<!^)(?=[A-Z])", "_", mnemonic).lower()
    kind, op, rest = m.groups()
    tail = re.sub(r"(?=[A-Z])", "_", rest).lower()
    return f"{kind.lower()}.{op.lower()}{tail}"


_CONVERSIONS = [
    (re.compile(r"^(I32|I64)Trunc(Sat)?(F32|F64)(S|U)$"), "trunc"),
    (re.compile(r"^(F32|F64)Convert(I32|I64)(S|U)$"), "convert"),
    (re.compile(r"^(I64)Extend(I32)(S|U)$"), "extend"),
    (re.compile(r"^(I32|I64)Extend(8|16|32)S$"), "sign"),
    (re.compile(r"^(I32|I64|F32|F64)Reinterpret(I32|I64|F32|F64)$"), "reinterpret"),
]


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _conversion(mnemonic: str) -> str:
    for pattern, kind in _CONVERSIONS:
        m = pattern.match(mnemonic)
        if m is None:
            continue
        g = m.groups()
        if kind == "trunc":
            sat = ", saturating instead of trapping" if g[1] else ""
            return f"Truncate a {_TYPES[g[2]]} toward zero to {_a(_SIGN[g[3]])} {_TYPES[g[0]]}{sat}"
        if kind == "convert":
            return f"Convert {_a(_SIGN[g[2]])} {_TYPES[g[1]]} to a {_TYPES[g[0]]}"
        if kind == "extend":
            how = "sign-extending" if g[2] == "S" else "zero-extending"
            return f"Extend a 32-bit integer to 64 bits, {how}"
        if kind == "sign":
            return f"Sign-extend the low {g[1]} bits of a {_TYPES[g[0]]}"
        return f"Reinterpret the bits of a {_TYPES[g[1]]} as a {_TYPES[g[0]]}"
    return {
        "I32WrapI64": "Wrap a 64-bit integer to its low 32 bits",
        "F32DemoteF64": "Round a 64-bit float to a 32-bit float",
        "F64PromoteF32": "Widen a 32-bit float to a 64-bit float",
    }.get(mnemonic, "")


def _typed(mnemonic: str) -> str:
    if text := _conversion(mnemonic):
        return text
    m = _NAME.match(mnemonic)
    if m is None:
        return ""
    kind, op, rest = m.groups()
    what = _TYPES[kind]
    signed = f" ({_SIGN[rest]})" if rest in _SIGN else ""
    if op == "Const":
        return f"Push a {what} constant"
    if op.startswith("Load"):
        bits = op[4:]
        if bits:
            extend = "sign-extended" if rest == "S" else "zero-extended"
            return f"Load {bits} bits from memory as a {what}, {extend}"
        return f"Load a {what} from memory"
    if op.startswith("Store"):
        bits = op[5:]
        return f"Store the low {bits} bits of a {what} to memory" if bits else f"Store a {what} to memory"
    if op in ("Shl", "Shr", "Rotl", "Rotr"):
        return f"{_BINARY[op]} a {what} by another{signed}"
    if op in _BINARY:
        return f"{_BINARY[op]} two {what}s{signed}"
    if op in _COMPARE:
        return f"Compare two {what}s{signed}: push 1 if {_COMPARE[op]}, else 0"
    if op == "Eqz":
        return f"Push 1 if a {what} is zero, else 0"
    if op in _UNARY:
        return f"{_UNARY[op]} a {what}"
    return ""


def summary(mnemonic: str) -> str:
    if mnemonic in GO_OWN:
        return GO_OWN[mnemonic]
    if mnemonic in _CONTROL:
        return _CONTROL[mnemonic]
    text = _typed(mnemonic)
    return f"{text} (WebAssembly {_wasm_name(mnemonic)})." if text else ""


def build(mnemonics: list[str]) -> dict[str, dict]:
    return {
        mnemonic: {
            "summary": summary(mnemonic),
            "intel": [] if mnemonic in GO_OWN else [_wasm_name(mnemonic)],
            "gnu": [],
            "forms": [],
            "features": [],
            "url": None,
        }
        for mnemonic in mnemonics
    }
