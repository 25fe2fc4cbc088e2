"""Which arch go vet's asmdecl checks a file as: the one its name ends with
(`_arm64.s`), else the first `// +build` line before the first TEXT that
names arches (the build's GOARCH if it is among them), else the build's
GOARCH. In a build that uses the file these agree, but for a `// +build`
line naming another arch (`// +build 386 amd64,!purego` is 386 to vet in an
amd64 build) and for wasm32, which vet knows (x/tools v0.53.0) and Go 1.26
does not: a file tagged `wasm32` in a wasm build (`-tags wasm32`) is checked
with wasm32's layout (4-byte int and pointers, 8-byte alignment of 8-byte
values, an 8-byte return PC)."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from functools import cache

from asm_ls.arch import GOARCHES, Arch, get_arch
from asm_ls.checks._raw import fields
from asm_ls.checks.asmdecl.text import VET_TEXT_LINE
from asm_ls.model import CheckUnit

# vet's arches: Go's, and wasm32.
VET_ARCHES = (*GOARCHES, "wasm32")
_PLUS_BUILD = re.compile(r"//[\t\n\f\r ]+\+build[\t\n\f\r ]+([^\n]+)")


def vet_arch(unit: CheckUnit) -> Arch:
    name = vet_arch_name(unit.source.path, unit.source.text, unit.arch.name)
    if name == unit.arch.name:
        return unit.arch
    return _wasm32() if name == "wasm32" else get_arch(name)


def vet_arch_name(path: str, text: str, goarch: str) -> str:
    name = os.path.basename(path)
    for arch in VET_ARCHES:
        if name.endswith(f"_{arch}.s"):
            return arch
    for line in text.split("\n"):
        match = _PLUS_BUILD.search(line)
        if match:
            candidates = [word for word in fields(match[1]) if word in VET_ARCHES]
            if candidates:
                return goarch if goarch in candidates else candidates[0]
        if VET_TEXT_LINE.search(line.partition("//")[0]):
            break
    return goarch


@cache
def _wasm32() -> Arch:
    """x/tools' wasm32: amd64p32's sizes, and a return PC of wasm's 8 bytes (reg_size)."""
    return replace(get_arch("wasm"), name="wasm32", ptr_size=4, int_size=4, max_align=8, reg_size=8)
