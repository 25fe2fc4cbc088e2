"""directive: what go vet's directive analyzer reports in an assembly file,
with its messages: a `//go:debug` line (a GODEBUG setting only Go files of a
main package or a test can carry), and a Go toolchain directive whose verb
is followed by a white space other than a space or tab (`//go:debug\u00a0x`).

As vet, only the leading comment lines are read (up to the first line that
is neither blank nor a comment; `//` lines inside `/* */` do not count), in
every file, those built in no context included. `//go:build` lines are the
buildtag check's.
"""

from __future__ import annotations

from collections.abc import Iterator

from asm_ls.arch.constraint import is_go_space, trim_space
from asm_ls.checks._raw import line_span, lines_with_offsets
from asm_ls.model import Diagnostic
from asm_ls.syntax.source import SourceFile

CODE = "directive"


def run_file(source: SourceFile) -> Iterator[Diagnostic]:
    in_star = False
    for offset, line in lines_with_offsets(source.text):
        line = line.removesuffix("\n")
        if not in_star and line.startswith("//"):
            for message in _comment(line):
                yield Diagnostic(line_span(source, offset), CODE, message)
            continue
        while True:  # cut out /* */ comments
            line = trim_space(line)
            if in_star:
                _, found, line = line.partition("*/")
                if not found:
                    break
                in_star = False
            elif line.startswith("/*"):
                line, in_star = line[2:], True
            else:
                break
        if line:
            return  # code: the part of the file vet can read is over


def _comment(line: str) -> Iterator[str]:
    if not line.startswith("//go:"):
        return
    line = line.partition(" // ERROR ")[0]  # vet's testing hack, which it keeps
    verb = line
    space = next((i for i, char in enumerate(line) if is_go_space(char)), None)
    if space is not None:
        verb = line[:space]
        if line[space] not in " \t\n":
            yield f"invalid space {_quote_rune(line[space])} in {verb} directive"
    if verb == "//go:debug":
        yield "//go:debug directive only valid in Go source files"


def _quote_rune(char: str) -> str:
    """Go's %#q of a white-space rune other than space, tab and newline (none is printable)."""
    escapes = {"\v": "\\v", "\f": "\\f", "\r": "\\r"}
    if char in escapes:
        return f"'{escapes[char]}'"
    return f"'\\u{ord(char):04x}'"
