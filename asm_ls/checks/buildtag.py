"""buildtag: what go vet's buildtag analyzer reports in an assembly file, with
its messages: a `//go:build` line inside a `/* */` comment or a second one,
a `//go:build` expression go/build rejects, `// +build` lines after the
leading comments or with a bad tag, `// +build` lines that do not say what
the `//go:build` line says, and misspelled Go versions (`go1.21rc1`, `go.21`).

As vet, only the leading comment lines are read (up to the first line that
is neither blank nor a comment), with vet's reading of them (a line is a
comment when `//` starts it, in its first column), in every file, those
built in no context included. A `//go:build` line after code is not vet's
to report here: the assembler rejects it (`misplaced //go:build comment`, a
parse-error), and vet does not read that far.
"""

from __future__ import annotations

from collections.abc import Iterator

from asm_ls.arch.constraint import (
    And,
    ConstraintError,
    Expr,
    Tag,
    go_version,
    is_valid_tag,
    parse_line,
    plus_build_lines,
    split_go_build,
    split_plus_build,
    tags_of,
    trim_space,
)
from asm_ls.checks._raw import fields, line_span, lines_with_offsets
from asm_ls.model import Diagnostic
from asm_ls.syntax.source import SourceFile

CODE = "buildtag"


def run_file(source: SourceFile) -> Iterator[Diagnostic]:
    checker = _Checker(source)
    checker.file()
    checker.finish()
    yield from checker.found


class _Checker:
    def __init__(self, source: SourceFile):
        self.source = source
        self.found: list[Diagnostic] = []
        self.plus_build_ok = True
        self.cross_check = True
        self.in_star = False
        self.go_build_at: int | None = None
        self.plus_build_at: int | None = None
        self.go_build: Expr | None = None
        self.plus_build: Expr | None = None

    def report(self, offset: int, message: str) -> None:
        self.found.append(Diagnostic(line_span(self.source, offset), CODE, message))

    def file(self) -> None:
        # `// +build` lines count in the leading // comments followed by a blank line.
        cutoff = 0
        for offset, line in lines_with_offsets(self.source.text):
            line = trim_space(line)
            if line and not line.startswith("//"):
                break
            if not line:
                cutoff = offset
        for offset, line in lines_with_offsets(self.source.text):
            self.plus_build_ok = offset < cutoff
            if line.startswith("//"):
                self.comment(offset, line)
                continue
            if self.code_left(line):
                return  # code: the part of the file vet can read is over

    def code_left(self, line: str) -> str:
        """What is left of a line once /* */ comments are cut out."""
        while True:
            line = trim_space(line)
            if self.in_star:
                end = line.find("*/")
                if end < 0:
                    return ""
                line = line[end + 2 :]
                self.in_star = False
            elif line.startswith("/*"):
                self.in_star = True
                line = line[2:]
            else:
                return line

    def comment(self, offset: int, text: str) -> None:
        if "+build" in text:
            self.plus_build_line(offset, text)
        if "//go:build" in text:
            self.go_build_line(offset, text)

    def go_build_line(self, offset: int, line: str) -> None:
        if split_go_build(line) is None:
            if not line.startswith("//go:build") and split_go_build("//" + trim_space(line[2:])) is not None:
                self.report(offset, "malformed //go:build line (space between // and go:build)")
            return
        if self.in_star:
            self.report(offset, "misplaced //go:build comment")
            self.cross_check = False
            return
        if self.go_build_at is None:
            self.go_build_at = offset
        else:
            self.report(offset, "unexpected extra //go:build line")
            self.cross_check = False
        expression = self.parse(offset, line)
        if expression is not None and self.go_build is None:
            self.go_build = expression

    def plus_build_line(self, offset: int, line: str) -> None:
        line = trim_space(line)
        if split_plus_build(line) is None:
            if self.plus_build_ok and not line.startswith("// want"):
                self.report(offset, "possible malformed +build comment")
            return
        if not self.plus_build_ok:
            self.report(offset, "misplaced +build comment")
            self.cross_check = False
        if self.plus_build_at is None:
            self.plus_build_at = offset
        for argument in fields(_before_error(line)[2:])[1:]:
            for element in argument.split(","):
                if element.startswith("!!"):
                    self.report(offset, f"invalid double negative in build constraint: {argument}")
                    self.cross_check = False
                    continue
                element = element.removeprefix("!")
                if element and not is_valid_tag(element):
                    self.report(offset, f"invalid non-alphanumeric build constraint: {argument}")
                    self.cross_check = False
        if self.cross_check:
            expression = self.parse(offset, line)
            if expression is not None:
                self.plus_build = expression if self.plus_build is None else And(self.plus_build, expression)

    def parse(self, offset: int, line: str) -> Expr | None:
        """The line's expression, its Go versions checked; None (reported) when go/build rejects it."""
        try:
            expression = parse_line(_before_error(line))
        except ConstraintError as error:
            self.report(offset, str(error))
            self.cross_check = False
            return None
        for tag in tags_of(expression):
            if _malformed_go_version(tag):
                self.report(offset, f'invalid go version "{tag}" in build constraint')
        return expression

    def finish(self) -> None:
        if not self.cross_check or self.plus_build_at is None or self.go_build_at is None:
            return
        assert self.go_build is not None and self.plus_build is not None
        try:
            lines = plus_build_lines(self.go_build)
        except ConstraintError as error:
            self.report(self.go_build_at, str(error))
            return
        want: Expr | None = None
        for line in lines:
            expression = parse_line(line)
            want = expression if want is None else And(want, expression)
        if str(want) != str(self.plus_build):
            self.report(self.plus_build_at, "+build lines do not match //go:build condition")


def _before_error(line: str) -> str:
    """vet's testing hack, which it keeps: a line is read up to ` // ERROR `."""
    return line.partition(" // ERROR ")[0]


def _malformed_go_version(tag: str) -> bool:
    """A tag that looks like a Go version and is not one vet accepts."""
    if not tag.startswith("go1"):
        for prefix in ("go.", "g1.", "go"):
            if tag.startswith(prefix) and _valid_go_version("go1." + tag[len(prefix) :]):
                return True
        return False
    return not _valid_go_version(tag)


def _valid_go_version(tag: str) -> bool:
    return go_version(Tag(tag)) != ""
