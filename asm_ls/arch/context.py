"""Which GOOS/GOARCH build contexts a file belongs to, by go/build's rules.

A file is in a context when its name suffixes (_GOOS, _GOARCH, _GOOS_GOARCH,
optionally followed by _test) and its build constraints (`//go:build`, or
legacy `// +build` lines when there is none) are satisfied there.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from asm_ls.arch import GOARCHES, get_arch
from asm_ls.arch.constraint import (
    ConstraintError,
    Predicate,
    go_build_expression,
    parse_go_build,
    parse_plus_build,
    plus_build_expression,
)

_IMPORTS_C = re.compile(r'^import\s+"C"\s*$|^import\s*\([^)]*^\s*"C"\s*$', re.M)


@cache
def _syslist() -> dict:
    return json.loads(resources.files(__package__).joinpath("data", "syslist.json").read_text())


@dataclass(frozen=True, order=True)
class BuildContext:
    goos: str
    goarch: str
    tags: tuple[str, ...] = ()  # extra build tags, as `go build -tags` gives them

    def defines(self) -> dict[str, str]:
        """The -D macros `go build` passes to `go tool asm` here, each "1"."""
        return dict.fromkeys(get_arch(self.goarch).asm_defines[self.goos], "1")

    def nosplit_limit(self, race: bool = False) -> int:
        """Bytes a chain of NOSPLIT functions may use before the linker objects."""
        arch = get_arch(self.goarch)
        return (arch.nosplit_limit_race if race else arch.nosplit_limit)[self.goos]

    def satisfied_tags(self, extra: Iterable[str] = ()) -> frozenset[str]:
        """Build tags true here (cgo is off), as go/build's matchTag sees them."""
        return _satisfied_tags(self, frozenset(extra))


@cache  # asked for every file of every package in every context
def _satisfied_tags(context: BuildContext, extra: frozenset[str]) -> frozenset[str]:
    syslist = _syslist()
    tags = {context.goos, context.goarch, "gc", *syslist["release_tags"], *context.tags, *extra}
    tags.update(get_arch(context.goarch).tool_tags.get(context.goos, ()))
    if context.goos in syslist["implied_goos"]:  # android is also linux, ...
        tags.add(syslist["implied_goos"][context.goos])
    if context.goos in syslist["unix_os"]:
        tags.add("unix")
    if "goexperiment.boringcrypto" in tags:
        tags.add("boringcrypto")  # its old name
    return frozenset(tags)


def file_matches(path: str, text: str, ctx: BuildContext, tags: frozenset[str] = frozenset()) -> bool:
    """Whether go/build would use the file at `path` (content `text`) in `ctx`."""
    return file_constraint(path, text)(ctx.satisfied_tags(tags).__contains__)


def contexts_for_file(
    path: str,
    text: str,
    goarches: Iterable[str] | None = None,
    gooses: Iterable[str] | None = None,
    tags: tuple[str, ...] = (),
) -> list[BuildContext]:
    """Contexts the file builds in: per GOARCH, linux (or the first qualifying
    GOOS alphabetically); with `gooses`, every given GOOS that qualifies;
    `tags` are set in each."""
    constraint = file_constraint(path, text)
    wanted_goos = None if gooses is None else set(gooses)
    contexts = []
    for goarch in GOARCHES if goarches is None else goarches:
        candidates = (
            BuildContext(goos, goarch, tags)
            for goos in sorted(get_arch(goarch).goos)
            if wanted_goos is None or goos in wanted_goos
        )
        matching = [ctx for ctx in candidates if constraint(ctx.satisfied_tags().__contains__)]
        if wanted_goos is not None:
            contexts.extend(matching)
        elif matching:
            contexts.append(next((c for c in matching if c.goos == "linux"), matching[0]))
    return contexts


# By path, for the latest text: a Go file is asked about once per context and
# per importer, and an edited buffer's earlier texts must not stay.
_constraints: dict[str, tuple[str, Predicate]] = {}


def file_constraint(path: str, text: str) -> Predicate:
    """Everything the file's name and header require, as one predicate over tags."""
    cached = _constraints.get(path)
    if cached is None or cached[0] != text:
        cached = _constraints[path] = (text, _file_constraint(path, text))
    return cached[1]


def _file_constraint(path: str, text: str) -> Predicate:
    name = os.path.basename(path)
    if name.startswith(("_", ".")) or (name.endswith(".go") and _IMPORTS_C.search(text)):
        return lambda has: False  # ignored by go/build, or a cgo file while cgo is off
    name_tags = _name_tags(name)
    header = _header_constraint(text)
    return lambda has: all(has(tag) for tag in name_tags) and header(has)


def is_constrained(path: str, text: str) -> bool:
    """Whether the file's name (`_amd64`, `_linux`) or a constraint line in its
    header limits where it is built; a file with neither is built everywhere."""
    if _name_tags(os.path.basename(path)):
        return True
    try:
        header, go_build = _file_header(text)
    except ConstraintError:
        return True
    return go_build is not None or any(plus_build_expression(line) is not None for line in header.split("\n"))


def _name_tags(name: str) -> tuple[str, ...]:
    """Tags required by _GOOS, _GOARCH or _GOOS_GOARCH (then maybe _test) suffixes."""
    stem = name.split(".", 1)[0]
    if "_" not in stem:
        return ()  # "linux.s" carries no constraint, only "x_linux.s" does
    parts = stem[stem.index("_") :].split("_")
    if parts[-1] == "test":
        parts = parts[:-1]
    syslist = _syslist()
    if len(parts) >= 2 and parts[-2] in syslist["known_os"] and parts[-1] in syslist["known_arch"]:
        return parts[-2], parts[-1]
    if parts and (parts[-1] in syslist["known_os"] or parts[-1] in syslist["known_arch"]):
        return (parts[-1],)
    return ()


# A //go:build expression's predicate, by its text: an edited buffer's header is read again
# on every keystroke, and the expression is nearly always the one it was.
_go_build = lru_cache(maxsize=4096)(parse_go_build)


def _header_constraint(text: str) -> Predicate:
    try:
        header, go_build = _file_header(text)
        if go_build is not None:
            return _go_build(go_build)
        expressions = (plus_build_expression(line) for line in header.split("\n"))
        lines = [parse_plus_build(e) for e in expressions if e is not None]
    except ConstraintError:
        return lambda has: False  # go/build reports the file as an error (vet's buildtag says why)
    return lambda has: all(line(has) for line in lines)


def _lines(text: str) -> Iterator[str]:
    """text.split("\n"), one line at a time."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def _file_header(text: str) -> tuple[str, str | None]:
    """go/build's parseFileHeader: the leading comment block up to its last
    blank line (where `// +build` lines count), and the //go:build expression."""
    end = 0
    go_build = None
    ended = False  # past the first line that is not blank and not a // comment
    in_block_comment = False
    offset = 0
    for raw in _lines(text):  # the header is short: the rest of a large file is never split
        offset += len(raw) + 1
        line = raw.strip()
        if not line and not ended:
            end = offset
            continue
        if not line.startswith("//"):
            ended = True
        expression = None if in_block_comment else go_build_expression(line)
        if expression is not None:
            if go_build is not None:
                raise ConstraintError("multiple //go:build lines")
            go_build = expression
        while line:
            if in_block_comment:
                close = line.find("*/")
                if close < 0:
                    break
                in_block_comment = False
                line = line[close + 2 :].strip()
            elif line.startswith("//"):
                break
            elif line.startswith("/*"):
                in_block_comment = True
                line = line[2:].strip()
            else:
                return text[:end], go_build
    return text[:end], go_build
