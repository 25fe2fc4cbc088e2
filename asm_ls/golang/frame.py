"""The ABI0 argument frame of a Go function, as `go vet`'s asmdecl analyzer
computes it: each parameter aligned to its type, results starting at the next
multiple of the arch's max alignment, and the argument size being the final
offset with no trailing round-up.

Every name vet accepts in `name+off(FP)` is a Slot: the parameter itself, the
words of strings, slices, interfaces and complex numbers (its `parts`), struct
fields and array elements (its `members`), and on 32-bit arches the `_lo`/`_hi`
halves of 8-byte values.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from asm_ls.golang.sizes import Sizes, UnknownSize, align_up
from asm_ls.golang.source import GoFunc
from asm_ls.golang.typeexpr import Param
from asm_ls.golang.types import Array, Basic, GoType, Interface, Named, Slice, Struct, Word, resolve


@dataclass(frozen=True)
class Slot:
    name: str
    type: str  # go/types type string, or vet's word description ("slice len")
    offset: int
    size: int
    kind: str  # "value", "string", "slice", "interface", "empty interface", "complex", "struct", "array"
    is_result: bool
    parts: tuple[Slot, ...] = ()  # the words vet lists after the slot: x_base, x_len, ...
    members: tuple[Slot, ...] = ()  # struct fields and array elements

    def walk(self):
        """This slot and every slot nested in it, in frame order."""
        yield self
        for child in self.parts + self.members:
            yield from child.walk()


@dataclass(frozen=True)
class ArgFrame:
    function: str
    arch: str
    params: tuple[Slot, ...]
    results: tuple[Slot, ...]
    # None when a parameter's size is unknown; `unknown` then says why, and
    # params/results hold only the slots before that parameter.
    args_size: int | None
    results_offset: int | None
    unknown: str | None = None

    @property
    def slots(self) -> tuple[Slot, ...]:
        return self.params + self.results

    @cached_property
    def _by_name(self) -> dict[str, Slot]:
        # Like vet, a later slot of the same name (several `_`) wins.
        return {slot.name: slot for top in self.slots for slot in top.walk()}

    def lookup(self, name: str) -> Slot | None:
        return self._by_name.get(name)


def frame_layout(func: GoFunc, arch) -> ArgFrame:
    builder = _FrameBuilder(arch)
    params: tuple[Slot, ...] = ()
    results: tuple[Slot, ...] = ()
    results_offset = None
    try:
        params = builder.add(func.params, func.scope, is_result=False)
        if func.results:
            # Results start pointer-aligned (x/tools v0.53.0's asmdecl; Go 1.26's aligns
            # to the largest alignment, the same on every GOARCH it has).
            builder.offset = align_up(builder.offset, arch.ptr_size)
            results_offset = builder.offset
            results = builder.add(func.results, func.scope, is_result=True)
    except UnknownSize as error:
        partial = tuple(builder.done)
        return ArgFrame(
            func.name,
            arch.name,
            tuple(s for s in partial if not s.is_result),
            tuple(s for s in partial if s.is_result),
            None,
            None,
            str(error),
        )
    return ArgFrame(func.name, arch.name, params, results, builder.offset, results_offset)


class _FrameBuilder:
    def __init__(self, arch):
        self.sizes = Sizes(arch)
        self.split_words = arch.ptr_size == 4  # 8-byte values get _lo/_hi halves
        self.big_endian = arch.big_endian
        self.offset = 0
        self.done: list[Slot] = []

    def add(self, params: tuple[Param, ...], scope, is_result: bool) -> tuple[Slot, ...]:
        start = len(self.done)
        for index, param in enumerate(params):
            typ = resolve(param.type, scope, self.sizes)
            if param.variadic:
                typ = Slice("[]" + typ.text)
            self.offset = align_up(self.offset, self.sizes.alignof(typ))
            name = param.name or _unnamed(index, is_result)
            self.done.append(self.slot(name, typ, self.offset, is_result))
            self.offset += self.sizes.sizeof(typ)
        return tuple(self.done[start:])

    def slot(self, name: str, typ: GoType, offset: int, is_result: bool) -> Slot:
        size = self.sizes.sizeof(typ)
        kind = _kind(typ)
        ptr, int_size = self.sizes.ptr_size, self.sizes.int_size

        def word(suffix: str, description: str, at: int, width: int) -> Slot:
            return Slot(f"{name}_{suffix}", description, offset + at, width, "value", is_result)

        parts: tuple[Slot, ...] = ()
        members: tuple[Slot, ...] = ()
        match kind:
            case "value" if size == 8 and self.split_words:
                low, high = ("hi", "lo") if self.big_endian else ("lo", "hi")
                parts = (word(low, "half " + typ.text, 0, 4), word(high, "half " + typ.text, 4, 4))
            case "empty interface":
                parts = (word("type", "interface type", 0, ptr), word("data", "interface data", ptr, ptr))
            case "interface":
                parts = (word("itable", "interface itable", 0, ptr), word("data", "interface data", ptr, ptr))
            case "slice":
                parts = (
                    word("base", "slice base", 0, ptr),
                    word("len", "slice len", ptr, int_size),
                    word("cap", "slice cap", ptr + int_size, int_size),
                )
            case "string":
                parts = (word("base", "string base", 0, ptr), word("len", "string len", ptr, int_size))
            case "complex":
                half = size // 2
                parts = (
                    word("real", f"real(complex{size * 8})", 0, half),
                    word("imag", f"imag(complex{size * 8})", half, half),
                )
            case "struct":
                struct = _underlying(typ)
                assert isinstance(struct, Struct), "_kind said struct"
                fields = struct.fields
                offsets = self.sizes.offsets([f for _, f in fields])
                members = tuple(
                    self.slot(f"{name}_{field_name}", field, offset + at, is_result)
                    for (field_name, field), at in zip(fields, offsets)
                )
            case "array":
                array = _underlying(typ)
                assert isinstance(array, Array), "_kind said array"
                stride = self.sizes.sizeof(array.elem)
                members = tuple(
                    self.slot(f"{name}_{i}", array.elem, offset + i * stride, is_result) for i in range(array.length)
                )
        return Slot(name, typ.text, offset, size, kind, is_result, parts, members)


def _unnamed(index: int, is_result: bool) -> str:
    """vet's names for unnamed parameters: arg, arg1, arg2, ... and ret, ret1, ..."""
    base = "ret" if is_result else "arg"
    return base + (str(index) if index else "")


def _underlying(typ: GoType) -> GoType:
    while isinstance(typ, Named):
        typ = typ.underlying
    return typ


def _kind(typ: GoType) -> str:
    match _underlying(typ):
        case Basic("string"):
            return "string"
        case Basic("complex64" | "complex128"):
            return "complex"
        case Basic() | Word():
            return "value"
        case Slice():
            return "slice"
        case Interface(_, empty):
            return "empty interface" if empty else "interface"
        case Struct():
            return "struct"
        case Array():
            return "array"
    raise AssertionError(typ)
