"""Markdown for hovering a line: its bytes, their decoding, where they sit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from asm_ls.encoding.decode import decode_at
from asm_ls.encoding.model import Assembly, Function, Instruction
from asm_ls.toolchain import GoNotFound, ToolchainError


@dataclass(frozen=True)
class LineCode:
    """What hover shows of a line's machine code: the Markdown block and, apart, the
    vendor's reading of each instruction (for the instruction hover's first lines)."""

    markdown: str
    decoded: tuple[str, ...] = ()


def line_code(result: Assembly | ToolchainError, line: int) -> LineCode | None:
    markdown = hover_markdown(result, line)
    return LineCode(markdown, decoded_at(result, line)) if markdown else None


def hover_markdown(result: Assembly | ToolchainError, line: int) -> str | None:
    """Markdown for the 1-based `line`, or None when it has no machine code."""
    if isinstance(result, GoNotFound):
        return f"Encodings need a Go toolchain: {result}"
    if isinstance(result, ToolchainError):
        return f"No encodings: {result}"
    if result.errors and not result.functions:
        error = result.errors[0]
        return f"No encodings: `go tool asm` rejected the file (line {error.line}: {error.message})"
    here = [e.message for e in result.errors if e.line == line and e.path == result.path]
    if here:
        return "No machine code: `go tool asm` rejects this line: " + "; ".join(here)
    function = result.function_at(line)
    if function is not None:
        return _with_notes(_function_markdown(result.goarch, function), result)
    instructions = result.instructions_at(line)
    if not instructions:
        return None
    codes = {fn.name: fn.code for fn in result.functions}
    size = sum(len(i.data) for i in instructions)
    first = instructions[0]
    title = f"**{size} byte{'s' if size != 1 else ''}** at `{_short(first.function)}+{first.offset:#x}`"
    return _with_notes(title + "\n\n" + _listing(result.goarch, instructions, codes), result)


def decoded_at(result: Assembly | ToolchainError, line: int) -> tuple[str, ...]:
    """The vendor's reading (capstone) of each instruction the 1-based `line` assembled to."""
    if isinstance(result, ToolchainError):
        return ()
    codes = {fn.name: fn.code for fn in result.functions}
    return tuple(
        item.text
        for inst in result.instructions_at(line)
        for item in decode_at(result.goarch, codes[inst.function], inst.offset, len(inst.data))
        if item.text is not None
    )


def _with_notes(markdown: str, result: Assembly) -> str:
    notes = list(result.notes)
    if result.blanked:
        lines = ", ".join(str(n) for n in result.blanked)
        one = len(result.blanked) == 1
        notes.append(
            f"Assembled without line{'' if one else 's'} {lines}, which `go tool asm` rejects: "
            f"the code after {'it' if one else 'them'} moves once {'it assembles' if one else 'they assemble'}."
        )
    return "\n\n".join([markdown, *(f"_{note}_" for note in notes)])


def _function_markdown(goarch: str, function: Function) -> str:
    codes = {function.name: function.code}
    parts = [f"**`{_short(function.name)}`: {function.size} bytes**"]
    if function.prologue:
        parts.append("Prologue (inserted by the assembler):\n\n" + _listing(goarch, function.prologue, codes))
    if function.stack_growth:
        parts.append(
            "Stack growth (calls morestack, then restarts):\n\n" + _listing(goarch, function.stack_growth, codes)
        )
    if function.epilogues:
        lines = ", ".join(str(n) for n in sorted(function.epilogues))
        first = function.epilogues[min(function.epilogues)]
        parts.append(
            f"Epilogue before RET (line{'s' if len(function.epilogues) > 1 else ''} "
            f"{lines}):\n\n" + _listing(goarch, first, codes)
        )
    return "\n\n".join(parts)


def _listing(goarch: str, instructions: Sequence[Instruction], codes: Mapping[str, bytes]) -> str:
    """A code block: offset, bytes, capstone's reading; the assembler's own
    form as a comment when the line holds several instructions."""
    rows = []
    for inst in instructions:
        decoded = decode_at(goarch, codes[inst.function], inst.offset, len(inst.data))
        for item in decoded:
            text = item.text if item.text is not None else "(capstone cannot decode this)"
            rows.append((f"{item.offset:#06x}", item.data.hex(" "), text))
        if len(decoded) > 1 or len(instructions) > 1:
            rows.append(("", "", f"; {inst.text}"))
    width = max(len(r[1]) for r in rows)
    body = "\n".join(f"{off:6}  {hx:{width}}  {text}".rstrip() for off, hx, text in rows)
    return f"```\n{body}\n```"


def _short(symbol: str) -> str:
    """`example.com/x.Add` -> `x.Add`: the package path adds nothing in a hover."""
    return symbol.rsplit("/", 1)[-1]
