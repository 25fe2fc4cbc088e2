"""Give each listed instruction its bytes, and each function its parts (pure).

The listing shows where each Prog starts; its bytes run to the next Prog at a
higher PC.  Pseudo-instructions (TEXT, FUNCDATA, PCDATA) share the PC of the
instruction after them and get no bytes.  A Prog the back end made up without
a position belongs to the line before it, as in the object's pc-to-line table
(cmd/internal/obj/pcln.go pctofileline).  The last instruction runs to the end
of the function, less the zero padding some back ends add (see targets.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from asm_ls.encoding.listing import ListedSymbol
from asm_ls.encoding.model import AssembledFunction, Instruction
from asm_ls.encoding.targets import CodeTarget

# What a return looks like once the assembler has printed it (arm: JMP (R14)).
_RETURN_OPS = frozenset({"RET", "JMP"})
_LABEL = re.compile(r"^\s*[\w·∕.<>$]+:")


def build_function(
    sym: ListedSymbol, target: CodeTarget, rename: Mapping[str, str], source: Sequence[str]
) -> AssembledFunction:
    """A function from its listing (a symbol with progs, the first its TEXT);
    `rename` maps listed file names to paths, `source` holds the lines of the
    assembled file (for finding RET lines)."""
    progs = sym.progs
    end = _code_end(sym, target)
    instructions = []
    file, line = progs[0].file, progs[0].line
    for i, prog in enumerate(progs):
        if prog.line:  # as in the object's line table, a Prog without a line continues the last
            file, line = prog.file, prog.line
        stop = progs[i + 1].pc if i + 1 < len(progs) else end
        if stop > prog.pc:
            instructions.append(
                Instruction(sym.name, prog.pc, sym.code[prog.pc : stop], prog.text, rename.get(file, file), line)
            )
    text = progs[0]
    path = rename.get(text.file, text.file)
    return AssembledFunction(
        sym.name, sym.size, sym.code, path, text.line, tuple(instructions), _epilogues(path, instructions, source)
    )


def _code_end(sym: ListedSymbol, target: CodeTarget) -> int:
    """Where the last instruction ends: the size, less trailing zero padding
    that rounding up to the function alignment could have added."""
    last, size, unit = sym.progs[-1].pc, sym.size, target.unit
    end = size
    while (
        end - unit > last and not any(sym.code[end - unit : end]) and _round_up(end - unit, target.func_align) == size
    ):
        end -= unit
    return end


def _round_up(n: int, align: int) -> int:
    return (n + align - 1) // align * align


def _epilogues(
    path: str, instructions: Sequence[Instruction], source: Sequence[str]
) -> dict[int, tuple[Instruction, ...]]:
    """Per line whose statement is RET: the instructions emitted before the return."""
    found: dict[int, list[Instruction]] = {}
    returned: set[int] = set()
    for inst in instructions:
        line = inst.line
        if inst.path != path or line in returned or not _is_ret(source, line):
            continue
        if inst.text.split(" ", 1)[0] in _RETURN_OPS:
            returned.add(line)
        else:
            found.setdefault(line, []).append(inst)
    return {line: tuple(insts) for line, insts in found.items()}


def _is_ret(source: Sequence[str], line: int) -> bool:
    if not 0 < line <= len(source):
        return False
    statement = _LABEL.sub("", source[line - 1].split("//", 1)[0]).strip()
    return statement.split(None, 1)[0:1] == ["RET"]
