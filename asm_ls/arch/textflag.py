"""textflag.h: the flags of TEXT, GLOBL and DATA lines, the same on every arch.

The values are the linker's (cmd/internal/obj/textflag.go, which
runtime/textflag.h mirrors); a test checks them against the bundled header
and GOROOT's. Using a flag's name needs `#include "textflag.h"`: without it
the name stays a bare symbol, which the assembler rejects.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

HEADER = "textflag.h"

NOPROF = 1
DUPOK = 2
NOSPLIT = 4
RODATA = 8
NOPTR = 16
WRAPPER = 32
NEEDCTXT = 64
TLSBSS = 256
NOFRAME = 512
REFLECTMETHOD = 1024
TOPFRAME = 2048
ABIWRAPPER = 4096

FLAGS: Mapping[str, int] = MappingProxyType(
    {
        "NOPROF": NOPROF,
        "DUPOK": DUPOK,
        "NOSPLIT": NOSPLIT,
        "RODATA": RODATA,
        "NOPTR": NOPTR,
        "WRAPPER": WRAPPER,
        "NEEDCTXT": NEEDCTXT,
        "TLSBSS": TLSBSS,
        "NOFRAME": NOFRAME,
        "REFLECTMETHOD": REFLECTMETHOD,
        "TOPFRAME": TOPFRAME,
        "ABIWRAPPER": ABIWRAPPER,
    }
)
FLAG_NAMES = frozenset(FLAGS)


def set_flags(flags: int) -> list[tuple[str, int]]:
    """(name, bit) of each bit set in flags, in bit order; a bit no flag names is `bit N`."""
    names = {bit: name for name, bit in FLAGS.items()}
    return [(names.get(bit, f"bit {bit}"), bit) for bit in (1 << i for i in range(32)) if flags & bit]
