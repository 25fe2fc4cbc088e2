"""Parse the text `go tool asm -S` prints, and its error messages (pure).

A listing is a run of symbols.  Each starts with a header at column 0
(`pkg.Add STEXT nosplit asm size=16 args=0x18 ...`), then for functions one
line per Prog (`\t0x0005 00005 (a.s:6)\tADDQ\tb+16(FP), AX`), then a hex dump
of the symbol's bytes (`\t0x0000 48 8b 44 24 08 ...  H.D$.`), then relocations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER = re.compile(r"^(?P<name>\S+) (?P<kind>S[A-Z]+)\b.*?\bsize=(?P<size>\d+)")
# Progs the back end makes up (loong64 PCALIGN) print `(<unknown line number>)`.
_PROG = re.compile(
    r"^\t0x(?P<pc>[0-9a-f]+) \d+ "
    r"\((?:(?P<file>.*):(?P<line>\d+)|<unknown line number>)\)\t(?P<text>.*)$"
)
_DUMP = re.compile(r"^\t0x(?P<offset>[0-9a-f]+) (?P<hex>(?:[0-9a-f]{2} ){1,16})")
_RELOC = re.compile(r"^\trel ")
_ERROR = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<message>.+)$")


class ListingError(ValueError):
    """The text is not a `go tool asm -S` listing."""


@dataclass(frozen=True)
class Prog:
    """One listed instruction or pseudo-instruction, before sizes are known."""

    pc: int
    file: str  # "" and line 0 when the listing gives no position
    line: int
    text: str


@dataclass(frozen=True)
class ListedSymbol:
    name: str
    kind: str  # STEXT for functions; SRODATA, SNOPTRDATA, ... for data
    size: int
    progs: tuple[Prog, ...]
    code: bytes


@dataclass(frozen=True)
class AsmError:
    """One assembler complaint: `file.s:12: unrecognized instruction "MOVZ"`."""

    path: str
    line: int
    message: str


def parse_listing(text: str) -> tuple[ListedSymbol, ...]:
    """The symbols of a listing; ListingError on lines it cannot place."""
    symbols: list[ListedSymbol] = []
    header = None
    progs: list[Prog] = []
    code = bytearray()

    def close() -> None:
        if header is not None:
            name, kind, size = header
            symbols.append(ListedSymbol(name, kind, size, tuple(progs), bytes(code)))

    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if m := _HEADER.match(line):
            close()
            header = (m["name"], m["kind"], int(m["size"]))
            progs, code = [], bytearray()
        elif header is None:
            raise ListingError(f"listing line {number} comes before any symbol: {line[:80]!r}")
        elif m := _PROG.match(line):
            progs.append(Prog(int(m["pc"], 16), m["file"] or "", int(m["line"] or 0), _tidy(m["text"])))
        elif m := _DUMP.match(line):
            if int(m["offset"], 16) != len(code):
                raise ListingError(f"listing line {number}: hex dump out of order")
            code.extend(bytes.fromhex(m["hex"]))
        elif not _RELOC.match(line):
            raise ListingError(f"listing line {number} is not understood: {line[:80]!r}")
    close()
    return tuple(symbols)


# The encoders report through the link context instead, in two shapes:
# `asm: errors: invalid instruction: 00019 (file.s:6)\tMOVL\tfoo<>(AX), AX`
# (or `asm: illegal combination 00019 (file.s:6)\t...`, without the colon)
# `asm: 00000 (file.s:6)\tCSRRC\t(X10), CYCLE, X5: integer register expected`
_ENCODER_ERRORS = (
    re.compile(r"^asm: (?:errors: )?(?P<message>.+?):? \d+ \((?P<file>.+?):(?P<line>\d+)\)\t"),
    re.compile(r"^asm: \d+ \((?P<file>.+?):(?P<line>\d+)\)\t.*?: (?P<message>.+)$"),
)


def parse_errors(stderr: str) -> tuple[AsmError, ...]:
    """The `file:line: message` complaints of the parser and the encoder's
    `message: pc (file:line)` ones; summary lines are left out."""
    errors = []
    for text in stderr.splitlines():
        match = _ERROR.match(text) or next(filter(None, (p.match(text) for p in _ENCODER_ERRORS)), None)
        if match:
            errors.append(AsmError(match["file"], int(match["line"]), match["message"].strip()))
    return tuple(errors)


def _tidy(text: str) -> str:
    """`ADDQ\tb+16(FP), AX` -> `ADDQ b+16(FP), AX`."""
    return " ".join(text.split("\t", 1)).strip()
