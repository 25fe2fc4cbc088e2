"""Read instruction names and their comments from the Go toolchain source (BSD-3).

- `anames`: the mnemonics an architecture's assembler accepts (anames.go).
- `opcode_comments`: the comment beside or above each opcode constant in the
  architecture's a.out.go/cpu.go, used as a one-line description.
- `asm_aliases`: extra spellings registered in cmd/asm/internal/arch/arch.go.
"""

from __future__ import annotations

import re
from pathlib import Path

_QUOTED = re.compile(r'"([^"]+)"')
_CONST = re.compile(r"^\s*A(\w+)(?:\s*=[^/]*)?\s*(?://\s*(.*))?$")
_ALIAS = re.compile(r'instructions\["(\w+)"\]\s*=\s*\w+\.A(\w+)\s*(?:/\*\s*(.*?)\s*\*/)?')
_PORTABLE_CONST = re.compile(r"^\s*A(\w+)\s*=\s*obj\.A(\w+)\s*$", re.M)
_ARCH_FUNC = re.compile(r"^func (arch\w+)\(", re.M)

OBJ = Path("src/cmd/internal/obj")


def _anames_list(path: Path) -> list[str]:
    text = path.read_text()
    body = text[text.index("var Anames") :]
    return _QUOTED.findall(body[: body.index("\n}")])


def anames(goroot: Path, obj_dir: str) -> list[str]:
    """Arch-specific mnemonics, in the order of Go's opcode enum (LAST excluded)."""
    return [name for name in _anames_list(goroot / OBJ / obj_dir / "anames.go") if name != "LAST"]


def portable_anames(goroot: Path) -> list[str]:
    """The opcodes every architecture shares (CALL, JMP, RET...), from obj/util.go."""
    return [name for name in _anames_list(goroot / OBJ / "util.go") if name != "XXX"]


def opcode_comments(path: Path) -> dict[str, str]:
    """Mnemonic -> its own trailing comment, or the heading comment of its group."""
    comments: dict[str, str] = {}
    heading = ""
    in_enum = False
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("//go:"):
            continue  # a directive, not a description
        if stripped.startswith("//"):
            heading = stripped.lstrip("/").strip() or heading
            continue
        if "A_ARCHSPECIFIC" in line:
            in_enum = True
        if not in_enum:
            continue
        if stripped == ")":
            break
        match = _CONST.match(line)
        if match and match.group(1) != "LAST":
            comments[match.group(1)] = (match.group(2) or heading).strip()
    return {name: text for name, text in comments.items() if text}


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
