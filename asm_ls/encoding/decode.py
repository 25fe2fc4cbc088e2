"""Decode machine code with capstone: Intel syntax on x86, native elsewhere."""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

import capstone as cs

from asm_ls.encoding.targets import target

_lock = threading.Lock()  # a capstone handle is not safe to share between threads


@dataclass(frozen=True)
class Decoded:
    offset: int
    data: bytes
    text: str | None   # "add rax, qword ptr [rsp + 0x10]"; None: capstone can't decode it


@functools.lru_cache(maxsize=None)
def _disassembler(goarch: str) -> cs.Cs | None:
    t = target(goarch)
    return cs.Cs(t.cs_arch, t.cs_mode) if t.cs_arch is not None else None


def can_decode(goarch: str) -> bool:
    return _disassembler(goarch) is not None


def decode(goarch: str, data: bytes, offset: int = 0) -> tuple[Decoded, ...]:
    """Decode `data` found at `offset` in its function (branch targets are
    function-relative); bytes capstone rejects come back as one undecoded item."""
    md = _disassembler(goarch)
    items: list[Decoded] = []
    done = 0
    if md is not None:
        with _lock:
            for insn in md.disasm(data, offset):
                text = f"{insn.mnemonic} {insn.op_str}".strip()
                items.append(Decoded(insn.address, bytes(insn.bytes), text))
                done += insn.size
    if done < len(data):
        items.append(Decoded(offset + done, data[done:], None))
    return tuple(items)


def fully_decoded(goarch: str, data: bytes) -> bool:
    return all(d.text is not None for d in decode(goarch, data))
