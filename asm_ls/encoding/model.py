"""What assembling a file yields: functions, their instructions, errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from asm_ls.encoding.listing import AsmError


@dataclass(frozen=True)
class Instruction:
    """Bytes the assembler emitted for one Prog, and the line they came from."""

    function: str
    offset: int  # from the start of the function
    data: bytes
    text: str  # the assembler's printed form, `ADDQ b+16(FP), AX`
    path: str
    line: int  # 1-based


@dataclass(frozen=True)
class AssembledFunction:
    name: str
    size: int
    code: bytes
    path: str
    text_line: int
    instructions: tuple[Instruction, ...]  # every instruction with bytes, in PC order
    # Per RET line: what the assembler emitted there before the return itself.
    epilogues: dict[int, tuple[Instruction, ...]]

    def _inserted(self) -> tuple[list[Instruction], list[Instruction]]:
        """TEXT-line instructions before the body, and after it."""
        before: list[Instruction] = []
        after: list[Instruction] = []
        seen_body = False
        for inst in self.instructions:
            if (inst.path, inst.line) != (self.path, self.text_line):
                seen_body = True
            else:
                (after if seen_body else before).append(inst)
        return before, after

    @property
    def prologue(self) -> tuple[Instruction, ...]:
        """Stack-split check and frame setup the assembler put at the entry."""
        return tuple(self._inserted()[0])

    @property
    def stack_growth(self) -> tuple[Instruction, ...]:
        """The out-of-line call to morestack and the jump back to the entry."""
        return tuple(self._inserted()[1])


@dataclass(frozen=True)
class Assembly:
    path: str
    goarch: str
    functions: tuple[AssembledFunction, ...]
    errors: tuple[AsmError, ...]
    notes: tuple[str, ...] = ()  # e.g. why go_asm.h could not be generated
    # 1-based lines left out so the rest would assemble (assemble(..., recover=True)):
    # the code is the file's without them; `errors` are the full file's.
    blanked: tuple[int, ...] = ()

    def instructions_at(self, line: int) -> tuple[Instruction, ...]:
        """What the file's 1-based `line` assembled to, in PC order (by line, made once)."""
        by_line = self._by_line()
        return by_line.get(line, ())

    def _by_line(self) -> dict[int, tuple[Instruction, ...]]:
        found = self.__dict__.get("_lines")
        if found is None:
            lines: dict[int, list[Instruction]] = {}
            for fn in self.functions:
                for inst in fn.instructions:
                    if inst.path == self.path:
                        lines.setdefault(inst.line, []).append(inst)
            found = {line: tuple(insts) for line, insts in lines.items()}
            object.__setattr__(self, "_lines", found)  # (frozen: a cache, not a field)
        return found

    def moved(self, file_line: Callable[[int], int]) -> Assembly:
        """The same result for a text whose lines are elsewhere in the file: each of
        this file's lines (1-based) where file_line puts it; other files' as they are."""

        def line(path: str, at: int) -> int:
            return file_line(at) if path == self.path else at

        def instruction(inst: Instruction) -> Instruction:  # (not replace(): a function has thousands)
            return Instruction(inst.function, inst.offset, inst.data, inst.text, inst.path, line(inst.path, inst.line))

        functions = tuple(
            replace(
                fn,
                text_line=line(fn.path, fn.text_line),
                instructions=tuple(map(instruction, fn.instructions)),
                epilogues={line(fn.path, at): tuple(map(instruction, code)) for at, code in fn.epilogues.items()},
            )
            for fn in self.functions
        )
        errors = tuple(replace(e, line=line(e.path, e.line)) for e in self.errors)
        return replace(self, functions=functions, errors=errors, blanked=tuple(map(file_line, self.blanked)))

    def function_at(self, text_line: int) -> AssembledFunction | None:
        """The function whose TEXT directive is on this line of the file."""
        return next((fn for fn in self.functions if fn.text_line == text_line and fn.path == self.path), None)
