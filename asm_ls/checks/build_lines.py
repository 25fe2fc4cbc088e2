"""build-constraint: a comment meant as a build constraint that go/build does
not read as one, so the file is built where it was not meant to be.

- `// go:build amd64` (a space after `//`): a plain comment;
- `// +build amd64` not followed by a blank line, or after the code: vet's
  "misplaced +build comment", and go/build ignores it;
- `//go:build` after the code: the assembler rejects it, go/build ignores it.

Each is a root cause: the finding says which GOARCHes the file is built for
because of it (`Diagnostic.explains`), and what those GOARCHes' assembly
reports in the file is folded into it (asm_ls.engine.explain). The fix
writes the line as a constraint, where one counts.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from asm_ls.arch import GOARCHES
from asm_ls.arch.context import contexts_for_file
from asm_ls.model import CheckUnit, Diagnostic, Edit, Fix
from asm_ls.syntax.source import SourceFile, Span

CODE = "build-constraint"
_SPACED_GO_BUILD = re.compile(r"^[ \t]*//[ \t]*go:[ \t]*build(?P<expression>(?:[ \t].*)?)$")
_GO_BUILD = re.compile(r"^[ \t]*//go:build(?:[ \t].*)?$")
_PLUS_BUILD = re.compile(r"^[ \t]*//[ \t]*\+build(?:[ \t].*)?$")


# How every line one of the patterns above may match starts: the lines read at all.
_CANDIDATE = re.compile(r"[ \t]*//[ \t]*(?:go:[ \t]*build|\+build)")


def run(unit: CheckUnit) -> Iterator[Diagnostic]:
    source = unit.source
    text = source.text
    candidates = list(_candidates(text, *(unit.part or (0, len(text)))))
    if not candidates:
        return
    header, code_at = _header(text)
    header_end = _last_blank_before(header)
    number, counted_to = 0, 0
    for start, end in candidates:
        number += text.count("\n", counted_to, start)
        counted_to = start
        line = text[start:end]
        found = _problem(line, number, code_at, header_end)
        if found is None:
            continue
        message, new_line, move = found
        span = Span(source, start, end)
        existing = _top_go_build(header, source) if move and number >= code_at else None
        if existing is not None:
            fix = _merged_into(existing, span, new_line)
        else:
            fix = _fix(source, span, new_line, move, number < code_at)
        explains = _explained(source, fix)
        if explains:
            built = {c.goarch for c in contexts_for_file(source.path, source.text)}
            where = "every GOARCH" if built >= set(GOARCHES) else ", ".join(a for a in GOARCHES if a in built)
            message += f": {os.path.basename(source.path)} is built for {where}"
        yield Diagnostic(span, CODE, message, severity="warning", explains=explains, fixes=(fix,))


def _candidates(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the lines from start to end that may be meant as
    constraints, found by the word `build` (a keystroke in a large file costs
    no scan of its lines, nor of the text outside the function it reads)."""
    at = text.find("build", start, end)
    while at >= 0:
        line = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        line_end = len(text) if line_end < 0 else line_end
        if _CANDIDATE.match(text, line, line_end):
            yield line, line_end
        at = text.find("build", line_end, end)


def _header(text: str) -> tuple[list[tuple[int, str]], int]:
    """The lines before the first line that is not blank and not a comment
    (go/build's end of the header), each with its offset, and that line's
    number (the number of lines when there is none)."""
    lines: list[tuple[int, str]] = []
    in_block = False
    start = 0
    while True:
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        rest = line.strip()
        while rest:
            if in_block:
                close = rest.find("*/")
                if close < 0:
                    break
                in_block, rest = False, rest[close + 2 :].strip()
            elif rest.startswith("//"):
                break
            elif rest.startswith("/*"):
                in_block, rest = True, rest[2:].strip()
            else:
                return lines, len(lines)
        lines.append((start, line))
        if end < 0:
            return lines, len(lines)
        start = end + 1


def _top_go_build(header: list[tuple[int, str]], source: SourceFile) -> Span | None:
    """The //go:build line of the header, if it has one."""
    for start, line in header:
        if _GO_BUILD.match(line):
            return Span(source, start, start + len(line))
    return None


def _merged_into(existing: Span, misplaced: Span, new_line: str) -> Fix:
    """The misplaced constraint and the header's one, as one line at the top."""
    old = existing.source.text[existing.start : existing.end].strip()[len("//go:build") :].strip()
    new = new_line[len("//go:build") :].strip()
    merged = f"//go:build ({old}) && ({new})"
    source = misplaced.source
    removed = Edit(Span(source, misplaced.start, min(misplaced.end + 1, len(source.text))), "")
    return Fix(f"Write it into the //go:build line at the top: `{merged}`", (Edit(existing, merged), removed), True)


def _problem(line: str, number: int, code_at: int, header_end: int) -> tuple[str, str, bool] | None:
    """(what is wrong, the line as it should be, whether it must move to the top)."""
    stripped = line.strip()
    if _GO_BUILD.match(line):
        if number > code_at:
            parts = stripped.split("//", 2)
            expression = parts[1][len("go:build") :].strip() if len(parts) > 1 else ""
            return (
                "//go:build must come before the code, not after it (the assembler rejects it)",
                f"//go:build {expression}",
                True,
            )
        return None
    spaced = _SPACED_GO_BUILD.match(line)
    if spaced:
        expression = spaced["expression"].strip()
        written = f"`{stripped}`"
        return f"{written} is a plain comment, not a build constraint", f"//go:build {expression}", number > code_at
    if _PLUS_BUILD.match(line) and number >= header_end:
        expression = stripped[2:].strip()[len("+build") :].strip()
        why = "a blank line must follow it" if number < code_at else "it must come before the code"
        return f"misplaced +build comment ({why})", f"//go:build {plus_to_go_build(expression)}", True
    return None


def plus_to_go_build(expression: str) -> str:
    """`a,b c` (a and b, or c) as a //go:build expression."""
    clauses = [clause.split(",") for clause in expression.split()]
    terms = [" && ".join(clause) for clause in clauses]
    if len(terms) == 1:
        return terms[0]
    return " || ".join(f"({t})" if " && " in t else t for t in terms)


def _last_blank_before(header: list[tuple[int, str]]) -> int:
    """The line after the last blank line of the header: `// +build` lines count above it."""
    blank = [n for n, (_, line) in enumerate(header) if not line.strip()]
    return blank[-1] if blank else 0


def _fix(source: SourceFile, span: Span, new_line: str, move: bool, before_code: bool) -> Fix:
    if not move:
        return Fix(f"Write it as `{new_line}`", (Edit(span, new_line),), preferred=True)
    if before_code:  # a +build line the header's last blank line came before
        return Fix(f"Write it as `{new_line}`", (Edit(span, f"{new_line}\n"),), preferred=True)
    removed = Edit(Span(source, span.start, min(span.end + 1, len(source.text))), "")
    return Fix(f"Move it to the top as `{new_line}`", (Edit(Span(source, 0, 0), f"{new_line}\n\n"), removed), True)


def _explained(source: SourceFile, fix: Fix) -> tuple[str, ...]:
    """The GOARCHes the file is built for now and would not be with the fix."""
    fixed = source.text
    for edit in sorted(fix.edits, key=lambda e: e.span.start, reverse=True):
        fixed = fixed[: edit.span.start] + edit.new_text + fixed[edit.span.end :]
    now = {c.goarch for c in contexts_for_file(source.path, source.text)}
    then = {c.goarch for c in contexts_for_file(source.path, fixed)}
    return tuple(a for a in GOARCHES if a in now - then)
