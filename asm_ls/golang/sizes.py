"""Sizes and alignments of Go types as the gc compiler lays them out
(go/types StdSizes "gc" variant): 8-byte values are only 4-aligned on 32-bit
arches, a struct is padded to its alignment, and a non-empty struct whose last
field has size 0 gets one byte so that &last never points past the object.
"""

from __future__ import annotations

from asm_ls.golang.types import Array, Basic, GoType, Interface, Named, Slice, Struct, Unknown, Word

_FIXED_SIZES = {
    "bool": 1,
    "int8": 1,
    "uint8": 1,
    "byte": 1,
    "int16": 2,
    "uint16": 2,
    "int32": 4,
    "uint32": 4,
    "rune": 4,
    "float32": 4,
    "int64": 8,
    "uint64": 8,
    "float64": 8,
    "complex64": 8,
    "complex128": 16,
}

# Empty structs whose presence makes the containing struct 8-byte aligned.
_ALIGN64_MARKERS = frozenset({"sync/atomic.align64", "internal/runtime/atomic.align64"})


class UnknownSize(Exception):
    """The size depends on something that could not be resolved; the message says why."""


class Sizes:
    def __init__(self, arch):
        self.ptr_size = arch.ptr_size
        self.int_size = arch.int_size
        self.max_align = arch.max_align

    def sizeof(self, t: GoType) -> int:
        match t:
            case Named(_, underlying):
                return self.sizeof(underlying)
            case Basic(name):
                return self._basic_size(name)
            case Word():
                return self.ptr_size
            case Slice():
                return self.ptr_size + 2 * self.int_size
            case Interface():
                return 2 * self.ptr_size
            case Array(_, length, elem):
                return length * self.sizeof(elem) if length > 0 else 0
            case Struct(_, fields):
                if not fields:
                    return 0
                offsets = self.offsets([f for _, f in fields])
                last = self.sizeof(fields[-1][1])
                if offsets[-1] > 0 and last == 0:
                    last = 1
                return align_up(offsets[-1] + last, self.alignof(t))
            case Unknown(text, reason):
                raise UnknownSize(f"size of {text} is unknown: {reason}")
        raise AssertionError(t)

    def alignof(self, t: GoType) -> int:
        match t:
            case Named(text, Struct(_, ())) if text in _ALIGN64_MARKERS:
                return 8
            case Named(_, underlying):
                return self.alignof(underlying)
            case Array(_, _, elem):
                return self.alignof(elem)
            case Struct(_, fields):
                return max((self.alignof(f) for _, f in fields), default=1)
            case Slice() | Interface():
                return self.ptr_size
            case Basic("string"):
                return self.ptr_size
            case Basic("complex64" | "complex128"):
                return min(self.sizeof(t) // 2, self.max_align)
        return max(1, min(self.sizeof(t), self.max_align))

    def offsets(self, fields: list[GoType]) -> list[int]:
        offsets = []
        offset = 0
        for field in fields:
            offset = align_up(offset, self.alignof(field))
            offsets.append(offset)
            offset += self.sizeof(field)
        return offsets

    def _basic_size(self, name: str) -> int:
        if name in _FIXED_SIZES:
            return _FIXED_SIZES[name]
        if name in ("int", "uint"):
            return self.int_size
        if name == "string":
            return self.ptr_size + self.int_size
        return self.ptr_size  # uintptr, unsafe.Pointer


def align_up(offset: int, align: int) -> int:
    return offset + (-offset & (align - 1))
