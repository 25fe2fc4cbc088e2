"""Read instruction names and aliases from the Go toolchain source (BSD-3).

- `anames`: the mnemonics an architecture's assembler accepts (anames.go).
- `asm_aliases`: extra spellings registered in cmd/asm/internal/arch/arch.go.
"""

from __future__ import annotations

import re
from pathlib import Path

_QUOTED = re.compile(r'"([^"]+)"')
_ALIAS = re.compile(r'instructions\["(\w+)"\]\s*=\s*\w+\.A(\w+)\s*(?:/\*\s*(.*?)\s*\*/)?')
_PORTABLE_CONST = re.compile(r"^\s*A(\w+)\s*=\s*obj\.A(\w+)\s*$", re.M)
_ARCH_FUNC = re.compile(r"^func (arch\w+)\(", re.M)

OBJ = Path("src/cmd/internal/obj")


def _anames_list(path: Path, var: str = "Anames") -> list[str]:
    text = path.read_text()
    body = text[text.index(f"var {var} ") :]
    return _QUOTED.findall(body[: body.index("\n}")])


# Opcode names generated into another file (ppc64's ISA 3.1 instructions).
_GENERATED_ANAMES = {"ppc64": ("asm9_gtables.go", "GenAnames")}


def anames(goroot: Path, obj_dir: str) -> list[str]:
    """Arch-specific mnemonics, in the order of Go's opcode enum (LAST excluded)."""
    names = _anames_list(goroot / OBJ / obj_dir / "anames.go")
    if obj_dir in _GENERATED_ANAMES:
        file, var = _GENERATED_ANAMES[obj_dir]
        names += _anames_list(goroot / OBJ / obj_dir / file, var)
    return [name for name in names if name not in ("LAST", "LASTAOUT", "FIRSTGEN", "LASTGEN")]


def portable_anames(goroot: Path) -> list[str]:
    """The opcodes every architecture shares (CALL, JMP, RET...), from obj/util.go."""
    return [name for name in _anames_list(goroot / OBJ / "util.go") if name != "XXX"]


def portable_constants(path: Path) -> dict[str, str]:
    """Arch opcode constants that are portable ones: `AB = obj.AJMP` gives B -> JMP."""
    return dict(_PORTABLE_CONST.findall(path.read_text()))


def asm_aliases(goroot: Path, arch_func: str, opcode_file: Path) -> dict[str, tuple[str, str]]:
    """Alias -> (canonical mnemonic, comment) from one archXxx function of arch.go."""
    portable = portable_constants(opcode_file)
    text = (goroot / "src/cmd/asm/internal/arch/arch.go").read_text()
    starts = {m.group(1): m.start() for m in _ARCH_FUNC.finditer(text)}
    start = starts[arch_func]
    end = min((s for s in starts.values() if s > start), default=len(text))
    aliases: dict[str, tuple[str, str]] = {}
    for alias, target, comment in _ALIAS.findall(text[start:end]):
        target = portable.get(target, target)
        if alias != target:
            aliases[alias] = (target, comment if comment != "alternate" else "")
    return aliases
