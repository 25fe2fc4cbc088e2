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
    text: str | None  # "add rax, qword ptr [rsp + 0x10]"; None: capstone can't decode it


@functools.cache
def _disassembler(goarch: str) -> cs.Cs | None:
    t = target(goarch)
    return cs.Cs(t.cs_arch, t.cs_mode) if t.cs_arch is not None else None


def decode(goarch: str, data: bytes, offset: int = 0) -> tuple[Decoded, ...]:
    """Decode `data` found at `offset` in its function (branch targets are
    function-relative); bytes capstone rejects come back as one undecoded item."""
    md = _disassembler(goarch)
    items: list[Decoded] = []
    done = 0
    if md is not None:
        with _lock:
            for insn in md.disasm(data, offset):
                items.append(Decoded(insn.address, bytes(insn.bytes), _text(insn)))
                done += insn.size
    if done < len(data):
        items.append(Decoded(offset + done, data[done:], None))
    return tuple(items)


def decode_at(goarch: str, code: bytes, offset: int, size: int) -> tuple[Decoded, ...]:
    """Decode one Prog's bytes, code[offset:offset+size], in its function's code.
    Bytes that are only the start of an instruction (an x86 LOCK or REP Prog,
    BYTE directives spelling out an instruction) are decoded with what follows."""
    items = decode(goarch, code[offset : offset + size], offset)
    last = items[-1] if items else None
    if last is None or last.text is not None:
        return items
    md = _disassembler(goarch)
    if md is None:
        return items
    with _lock:
        whole = next(md.disasm(code[last.offset :], last.offset, 1), None)
    if whole is None or whole.size <= len(last.data):
        return items
    return (*items[:-1], Decoded(last.offset, last.data, f"{_text(whole)}  (with the bytes after)"))


def fully_decoded(goarch: str, code: bytes, offset: int = 0, size: int | None = None) -> bool:
    size = len(code) - offset if size is None else size
    return all(d.text is not None for d in decode_at(goarch, code, offset, size))


def _text(insn: cs.CsInsn) -> str:
    return f"{insn.mnemonic} {insn.op_str}".strip()
