"""textflag-include: a flag name of textflag.h (NOSPLIT, NOFRAME, RODATA,
NOPTR, DUPOK, ...) in a TEXT, GLOBL or DATA line of a file that does not
include textflag.h, directly or through another header. The name then stays
a bare symbol, which cmd/asm rejects (`illegal or missing addressing mode
for symbol NOSPLIT`). The quick fix adds the include where includes go."""

from __future__ import annotations

import re
from collections.abc import Iterator

from asm_ls.arch.textflag import FLAG_NAMES, HEADER
from asm_ls.model import CheckUnit, Diagnostic, Edit, Fix
from asm_ls.syntax.lines import template_of
from asm_ls.syntax.source import SourceFile, Span
from asm_ls.syntax.walk import scoped_statements

CODE = "textflag-include"
INCLUDE_LINE = f'#include "{HEADER}"\n'
# The operand that holds flags (TEXT, GLOBL) or a value (DATA), by operand count.
FLAG_OPERAND = {("TEXT", 3): 1, ("GLOBL", 3): 1, ("DATA", 2): 1}


def run(unit: CheckUnit) -> Iterator[Diagnostic]:
    if any(include.name.endswith(HEADER) for include in unit.preprocessed.includes):
        return  # included, found or not (include-not-found says which)
    names = FLAG_NAMES
    fix = None
    for function, statement in scoped_statements(unit.program):
        template = template_of(statement)  # words and texts: no tokens made for the lines without flags
        index = FLAG_OPERAND.get((template.word, len(template.operands)))
        if index is None or not any(t.kind == "IDENT" and t.text in names for t in template.operands[index].tokens):
            continue
        flags = [t for t in statement.operands[index].tokens if t.kind == "IDENT" and t.text in names]
        where = flags[0].location
        if fix is None:
            fix = Fix(f'Add #include "{HEADER}"', (_include_edit(unit.source, where),), preferred=True)
        spelled = ", ".join(dict.fromkeys(t.text for t in flags))
        yield unit.diagnostic(
            function,
            where,
            CODE,
            f"illegal or missing addressing mode for symbol {flags[0].text}: "
            f"{spelled} {'is' if ', ' not in spelled else 'are'} defined in {HEADER}, "
            "which this file does not include",
            fixes=(fix,),
        )


_INCLUDE = re.compile(r"^\s*#\s*include\b")
_CONDITIONAL_OPEN = re.compile(r"^\s*#\s*if(n?def)\b")
_CONDITIONAL_CLOSE = re.compile(r"^\s*#\s*endif\b")
_BUILD_LINE = re.compile(r"^\s*//\s*(go:build|\+build)\b")


def _include_edit(source: SourceFile, first_use: Span) -> Edit:
    """An insertion of the include: after the last top-level #include before
    the first use; without one, after the leading comments (the license) and
    build lines, before the code."""
    lines = source.text.split("\n")
    use_line = first_use.source.position(first_use.start)[0] if first_use.source is source else len(lines)
    depth, last_include = 0, None
    for number, line in enumerate(lines[:use_line]):
        if _CONDITIONAL_OPEN.match(line):
            depth += 1
        elif _CONDITIONAL_CLOSE.match(line):
            depth = max(depth - 1, 0)
        elif depth == 0 and _INCLUDE.match(line):
            last_include = number
    if last_include is not None:
        at = source.offset(last_include + 1, 0) if last_include + 1 < len(lines) else len(source.text)
        prefix = "" if source.text[:at].endswith("\n") or not source.text else "\n"
        return Edit(Span(source, at, at), prefix + INCLUDE_LINE)
    header_end = _header_end(lines)
    at = source.offset(header_end, 0)
    text = "\n" + INCLUDE_LINE if header_end else INCLUDE_LINE + "\n"
    return Edit(Span(source, at, at), text)


def _header_end(lines: list[str]) -> int:
    """The line after the leading comment blocks that stand apart from the
    code (followed by a blank line) and build lines: where code may start."""
    end, number, in_block = 0, 0, False
    while number < len(lines):
        line = lines[number].strip()
        if in_block:
            in_block = "*/" not in line
        elif not line:
            pass
        elif line.startswith("/*"):
            in_block = "*/" not in line[2:]
        elif not line.startswith("//"):
            break
        number += 1
        next_blank = number < len(lines) and not lines[number].strip()
        if (next_blank and not in_block) or _BUILD_LINE.match(line):
            end = number
    return end
