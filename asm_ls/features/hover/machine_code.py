"""Machine code in hover: a line's bytes from `go tool asm -S`, run on the
editor's text with the flags `go build` would use, their decoding and where
they sit. A toolchain that is missing or broken is logged once per cause and
the hover goes on without bytes."""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from asm_ls.encoding import assemble
from asm_ls.encoding.decode import decode_at
from asm_ls.encoding.model import AssembledFunction, Assembly, Instruction
from asm_ls.engine.analyzer import Options
from asm_ls.golang.toolchain import GoNotFound, ToolchainError
from asm_ls.model import CheckUnit

log = logging.getLogger("asm_ls")


@dataclass(frozen=True)
class LineCode:
    """What hover shows of a line's machine code: the Markdown block and, apart, the
    vendor's reading of each instruction (for the instruction hover's first lines)."""

    markdown: str
    decoded: tuple[str, ...] = ()


def line_code(result: Assembly | ToolchainError, line: int) -> LineCode | None:
    markdown = machine_code_markdown(result, line)
    return LineCode(markdown, decoded_at(result, line)) if markdown else None


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


def machine_code_markdown(result: Assembly | ToolchainError, line: int) -> str | None:
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
    at = instructions[0]
    title = f"**{size} byte{'s' if size != 1 else ''}** at `{_short(at.function)}+{at.offset:#x}`"
    return _with_notes(title + "\n\n" + _listing(result.goarch, instructions, codes), result)


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


def _function_markdown(goarch: str, function: AssembledFunction) -> str:
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


# A file this large is assembled a function at a time for hover (whole, it takes 40 ms or more,
# and again after each edit); a smaller one whole, once per text, for every line's hover.
FOCUS_CHARACTERS = 200_000


@dataclass(frozen=True)
class Focus:
    """What `go tool asm` is given for the machine code of one line: the file's
    text, or the lines that matter for the line's function, and where each run
    of those lines is in the file."""

    text: str
    # (first line in text, first line in the file) of each run of lines, 1-based; none: the file's own text.
    runs: tuple[tuple[int, int], ...] = ()

    def file_line(self, line: int) -> int:
        """The file's line for a 1-based line of text."""
        if not self.runs:
            return line
        at, file_at = self.runs[max(bisect_right(self.runs, line, key=lambda run: run[0]) - 1, 0)]
        return file_at + line - at


def focused_text(unit: CheckUnit, line: int) -> Focus:
    """What `go tool asm` needs for the machine code of the 1-based line: the
    lines of its function and the file's preprocessor lines (#include,
    #define and its continued lines, #ifdef), in order. A function's code does
    not depend on the others' (calls and data are relocations): a 136k-line
    generated file assembled whole took a second, after every edit; its
    function alone, 8 ms (with the other lines blank rather than left out,
    12 ms), and an edit elsewhere changes nothing here. The whole text for a
    smaller file, and where that cannot be told (a TEXT a macro writes, block
    comments, a #define continued over the function's edge)."""
    source = unit.source
    text = source.text
    if len(text) < FOCUS_CHARACTERS:
        return Focus(text)
    runs = _directive_runs(text)
    if runs is None:
        return Focus(text)
    lines = unit.program.function_lines(source, source.offset(line - 1, 0))
    if lines is None:
        return Focus(text)
    if _focused[0] is not None and _focused[0][0] is text and _focused[0][1] == lines:
        return _focused[1]
    start, end = lines
    index = bisect_left(runs, (start, start))
    if index and runs[index - 1][1] > start or any(first < end < last for first, last in runs[index:]):
        return Focus(text)  # a run the function cuts
    kept = runs[:index] + [(start, end)] + [run for run in runs[index:] if run[0] >= end]
    parts, places = [], []
    at = 1
    line_of = source.line_starts.line_of
    for first, last in kept:
        piece = text[first:last]
        if not piece.endswith("\n"):
            piece += "\n"
        places.append((at, line_of(first) + 1))
        parts.append(piece)
        at += piece.count("\n")
    focus = Focus("".join(parts), tuple(places))
    _focused[:] = [(text, lines), focus]
    return focus


def _directive_runs(text: str) -> list[tuple[int, int]] | None:
    """Where the text's preprocessor lines are (with the lines they continue),
    or None if it has a block comment; once per text (a hover on each function
    of a generated file: reading its 5 MB took 3 ms)."""
    if _runs[0] is not text:
        runs: list[tuple[int, int]] | None = None
        if "/*" not in text:
            runs = []
            at = text.find("#")
            while at >= 0:
                line = text.rfind("\n", 0, at) + 1
                end = at
                if not text[line:at].strip(" \t"):
                    end = _run_end(text, line, at)
                    runs.append((line, end))
                at = text.find("#", max(at, end) + 1)
        _runs[:] = [text, runs]
    return _runs[1]


def _run_end(text: str, first: int, at: int) -> int:
    """The end of the preprocessor line at `at` (starting at first) and of the lines it continues."""
    end = _line_end(text, at)
    while end < len(text) and text[first:end].rstrip(" \t\r").endswith("\\"):  # continued
        first = end + 1
        end = _line_end(text, first)
    return end


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


_runs: list = [None, None]  # a text and its preprocessor lines' runs
_focused: list = [None, None]  # (text, lines) and its Focus: hovers on one function ask again


class MachineCode:
    def __init__(self) -> None:
        self._reported: set[str] = set()

    def provider(self, options: Options) -> Callable[[CheckUnit, int], LineCode | None]:
        """A line's machine code for hover, assembled with these options; a file with a line
        `go tool asm` rejects is assembled again without it (encoding.assemble's `recover`)."""

        def line_markdown(unit: CheckUnit, line: int) -> LineCode | None:
            assert unit.package is not None, "the analyzer gives every unit it makes its package"
            focus = focused_text(unit, line)
            try:
                result = assemble(
                    unit.source.path,
                    focus.text,
                    unit.context,
                    pkgpath=unit.package.import_path,
                    include_dirs=options.include_dirs,
                    go=options.go_binary,
                    recover=True,
                )
            except GoNotFound as error:
                self._report_once(f"no machine code in hover: {error}")
                return None
            except ToolchainError as error:
                self._report_once(f"no machine code in hover: {error}")
                return line_code(error, line)
            return line_code(result.moved(focus.file_line) if focus.runs else result, line)

        return line_markdown

    def _report_once(self, message: str) -> None:
        if message not in self._reported:
            self._reported.add(message)
            log.warning("%s", message)
