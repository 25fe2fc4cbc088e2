"""A function's argument frame as go vet's asmdecl looks things up in it:
every name it accepts, the name that covers each byte, and the wording of
its messages about a slot."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from asm_ls.golang import ArgFrame, Slot

# vet compares an instruction's size with a slot's "kind": its size for plain
# values, a marker that matches no size for composites.
_COMPOSITE = frozenset({"string", "slice", "interface", "empty interface", "complex", "struct", "array"})
_FIRST_WORD_ONLY = frozenset({"string", "slice", "interface", "empty interface"})


@dataclass(frozen=True)
class VetFrame:
    frame: ArgFrame

    @property
    def args_size(self) -> int:
        size = self.frame.args_size
        assert size is not None, "a VetFrame is made only of a frame whose sizes are all known"
        return size

    def lookup(self, name: str) -> Slot | None:
        return self.frame.lookup(name)

    @cached_property
    def _by_byte(self) -> dict[int, Slot]:
        covering: dict[int, Slot] = {}
        for top in self.frame.slots:
            for slot in top.walk():  # inner slots come later and win, as in vet
                for offset in range(slot.offset, slot.offset + slot.size):
                    covering[offset] = slot
        return covering

    def at(self, offset: int) -> Slot | None:
        """The innermost slot covering the byte at offset, if any."""
        return self._by_byte.get(offset)


def size_problem(slot: Slot, moved: int, address_size: int | None, op: str, written: str) -> str | None:
    """vet's complaint when an instruction moving `moved` bytes (0: unknown)
    reads or writes slot, or takes its address (address_size set)."""
    kind: int | str = slot.kind if slot.kind in _COMPOSITE else slot.size
    size, typ = slot.size, slot.type
    moved_kind: int | str = moved
    if slot.kind in _FIRST_WORD_ONLY:  # the first word (a pointer) may be moved alone
        first = slot.parts[0]
        kind, size, typ = first.size, first.size, first.type
    elif slot.kind == "complex" and moved == size:  # both halves in one move
        moved_kind = "complex"
    if address_size is not None:
        kind, size, typ = address_size, address_size, "address"
    if moved == 0 or moved_kind == kind:
        return None
    return f"invalid {op} of {written}; {typ} is {size}-byte value{_containing(slot.parts)}"


def expected_names(slot: Slot) -> str:
    """`x+0(FP), x_base+0(FP), or x_len+8(FP)`: where vet says a name is."""
    text = f"{slot.name}+{slot.offset}(FP)"
    for index, part in enumerate(slot.parts):
        text += ("," if len(slot.parts) > 1 else "") + " " + ("or " if index == len(slot.parts) - 1 else "")
        text += f"{part.name}+{part.offset}(FP)"
    return text


def _containing(parts: tuple[Slot, ...]) -> str:
    if not parts:
        return ""
    text = " containing"
    for index, part in enumerate(parts):
        if index > 0 and len(parts) > 2:
            text += ","
        text += " " + ("and " if index > 0 and index == len(parts) - 1 else "")
        text += f"{part.name}+{part.offset}(FP)"
    return text
