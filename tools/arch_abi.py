"""Go's fixed register roles and ABIInternal argument registers, per GOARCH (for gen_arch_tables.py).

Read from the Go toolchain (BSD-3):
- src/cmd/compile/internal/ssa/opGen.go: the compiler's paramIntReg<ARCH> and
  paramFloatReg<ARCH> (indexes into registers<ARCH>): ABIInternal's integer and
  floating-point argument and result registers, in order. Arches whose
  tables are nil pass arguments on the stack.
- src/cmd/compile/abi-internal.md: the "Special-purpose registers" table of
  each architecture's section (call, return and body meaning).
- src/cmd/internal/obj/<arch>/a.out.go: REGG, REGCTXT, REGTMP, REGZERO, the
  registers the assembler and runtime reserve on every arch (386, arm, mips
  and wasm have no ABIInternal table); REGG only where the compiler's
  config.go says the arch keeps g in a register (hasGReg; 386 reads it from TLS).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

OPGEN = "src/cmd/compile/internal/ssa/opGen.go"
CONFIG = "src/cmd/compile/internal/ssa/config.go"
ABI_DOC = "src/cmd/compile/abi-internal.md"
# The opGen.go suffix of each GOARCH's tables.
OPGEN_ARCH = {
    "386": "386",
    "amd64": "AMD64",
    "arm": "ARM",
    "arm64": "ARM64",
    "loong64": "LOONG64",
    "mips": "MIPS",
    "mipsle": "MIPS",
    "mips64": "MIPS64",
    "mips64le": "MIPS64",
    "ppc64": "PPC64",
    "ppc64le": "PPC64",
    "riscv64": "RISCV64",
    "s390x": "S390X",
    "wasm": "Wasm",
}
# The abi-internal.md section of each GOARCH.
DOC_SECTION = {"ppc64le": "ppc64"}
# a.out.go constants and the role each names.
OBJ_ROLES = {
    "REGG": "the current goroutine (g)",
    "REGCTXT": "closure context pointer",
    "REGTMP": "reserved for the assembler (its temporary)",
    "REGZERO": "always zero",
}
_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*$")


def _int_list(text: str, name: str) -> list[int]:
    m = re.search(rf"^var {name} = \[\]int8\{{([^}}]*)\}}", text, re.M)
    return [int(n) for n in m[1].split(",") if n.strip()] if m else []


def argument_registers(goroot: Path, goarch: str) -> tuple[list[str], list[str]]:
    """ABIInternal's integer and floating-point argument registers, as the compiler numbers them."""
    text = (goroot / OPGEN).read_text()
    arch = OPGEN_ARCH[goarch]
    table = re.search(rf"^var registers{arch} = \[\.\.\.\]Register\{{(.*?)^\}}", text, re.M | re.S)
    if table is None:
        raise ValueError(f"registers{arch} not found in {OPGEN}")
    names = {int(i): name for i, name in re.findall(r'\{(\d+), [^,]+, "(\w+)"\}', table[1])}
    ints = [names[i] for i in _int_list(text, f"paramIntReg{arch}")]
    floats = [names[i] for i in _int_list(text, f"paramFloatReg{arch}")]
    return ints, floats


def has_g_register(goroot: Path, goarch: str) -> bool:
    """config.go's hasGReg for the GOARCH (a case without it falls through to the next)."""
    text = (goroot / CONFIG).read_text()
    switch = text[text.index("func NewConfig(") :]
    cases = re.findall(r'^\tcase "(\w+)":(.*?)(?=^\tcase |^\tdefault:)', switch, re.M | re.S)
    seen = [name for name, _ in cases]
    if goarch not in seen:
        raise ValueError(f"config.go has no case for {goarch}")
    for _, body in cases[seen.index(goarch) :]:
        if m := re.search(r"c\.hasGReg = (true|false)", body):
            return m[1] == "true"
        if "fallthrough" not in body:
            break
    raise ValueError(f"config.go does not say whether {goarch} keeps g in a register")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if not text[:2].isupper() else text


def _meaning(call: str, ret: str, body: str) -> str:
    """One phrase from the table's three columns (call, return and body meaning)."""
    call, ret, body = (re.sub(r"\s*\(\*\)", "", text) for text in (call, ret, body))  # footnote marks
    same = {"Same", call}
    first = _lower_first(call)
    if ret in same and body in same:
        return first
    if ret in same:
        return f"{first} at calls and returns; {_lower_first(body)} in the function body"
    if body in same or body == ret:
        return f"{first} on entry; {_lower_first(ret)} otherwise" if body == ret else f"{first}; {ret} at a return"
    return f"{first} at a call; {_lower_first(ret)} at a return; {_lower_first(body)} in the function body"


def documented_roles(goroot: Path, goarch: str, resolve: Callable[[str], str | None]) -> dict[str, str]:
    """Register -> meaning, from the architecture's table in abi-internal.md (empty when it has none).

    `resolve` turns the document's spelling (RDX, R18, X15) into the assembler's name, or None."""
    text = (goroot / ABI_DOC).read_text()
    section = DOC_SECTION.get(goarch, goarch)
    m = re.search(rf"^### {re.escape(section)} architecture\n(.*?)(?=^### )", text, re.M | re.S)
    if m is None:
        return {}
    roles: dict[str, str] = {}
    in_table = False
    for line in m[1].splitlines():
        row = _ROW.match(line)
        if row is None:
            in_table = False
            continue
        if row[1] == "Register" and row[2] == "Call meaning":
            in_table = True  # the special-purpose register table, not the flags tables
            continue
        if not in_table or set(row[1]) <= {"-", " "}:
            continue
        for spelled in re.split(r"\s*,\s*", row[1]):
            name = resolve(spelled)
            if name is None:
                raise ValueError(f"abi-internal.md names {spelled!r}, which {goarch} does not have")
            roles[name] = _meaning(row[2], row[3], row[4])
    return roles


def obj_roles(register_of: Callable[[str], list[str]], g_register: bool) -> dict[str, str]:
    """Register -> role from a.out.go's REGG, REGCTXT, REGTMP, REGZERO (`register_of` names
    the registers a constant stands for, [] when the arch does not define it)."""
    roles: dict[str, str] = {}
    for const, role in OBJ_ROLES.items():
        if const == "REGG" and not g_register:
            continue
        for name in register_of(const):
            roles.setdefault(name, role)
    return roles
