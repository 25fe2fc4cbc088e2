"""Per-GOARCH facts about machine code: how capstone decodes it, and how the
assembler pads the end of a function (a table, not branches)."""

from __future__ import annotations

from dataclasses import dataclass

import capstone as cs


@dataclass(frozen=True)
class CodeTarget:
    cs_arch: int | None  # None: capstone 5 has no decoder for this GOARCH
    cs_mode: int
    unit: int  # smallest instruction size in bytes
    func_align: int  # the assembler pads each function's size to this


_BE = cs.CS_MODE_BIG_ENDIAN
_LE = cs.CS_MODE_LITTLE_ENDIAN

# func_align comes from cmd/internal/obj: arm64 and s390x funcAlign 16,
# mips64 mips64FuncAlign 8; the other back ends leave padding to the linker.
TARGETS: dict[str, CodeTarget] = {
    "amd64": CodeTarget(cs.CS_ARCH_X86, cs.CS_MODE_64, 1, 1),
    "386": CodeTarget(cs.CS_ARCH_X86, cs.CS_MODE_32, 1, 1),
    "arm64": CodeTarget(cs.CS_ARCH_ARM64, cs.CS_MODE_ARM, 4, 16),
    "arm": CodeTarget(cs.CS_ARCH_ARM, cs.CS_MODE_ARM, 4, 1),
    "ppc64": CodeTarget(cs.CS_ARCH_PPC, cs.CS_MODE_64 | _BE, 4, 1),
    "ppc64le": CodeTarget(cs.CS_ARCH_PPC, cs.CS_MODE_64 | _LE, 4, 1),
    "s390x": CodeTarget(cs.CS_ARCH_SYSZ, _BE, 2, 16),
    "mips": CodeTarget(cs.CS_ARCH_MIPS, cs.CS_MODE_MIPS32 | _BE, 4, 1),
    "mipsle": CodeTarget(cs.CS_ARCH_MIPS, cs.CS_MODE_MIPS32 | _LE, 4, 1),
    "mips64": CodeTarget(cs.CS_ARCH_MIPS, cs.CS_MODE_MIPS64 | _BE, 4, 8),
    "mips64le": CodeTarget(cs.CS_ARCH_MIPS, cs.CS_MODE_MIPS64 | _LE, 4, 8),
    "riscv64": CodeTarget(cs.CS_ARCH_RISCV, cs.CS_MODE_RISCV64 | cs.CS_MODE_RISCVC, 2, 1),
    "loong64": CodeTarget(None, 0, 4, 4),
}

UNKNOWN = CodeTarget(None, 0, 1, 1)


def target(goarch: str) -> CodeTarget:
    return TARGETS.get(goarch, UNKNOWN)
