"""framepointer: what go vet's framepointer analyzer reports, with its message:
in a frameless function (a TEXT line with `$0`), an instruction that writes
the frame pointer (amd64 BP, arm64 R29) before anything reads it or jumps
away. The assembler saves the caller's frame pointer only for functions
with a frame; one that clobbers it breaks frame-pointer unwinding (the
execution tracer, profilers, debuggers).

vet's rules, as it applies them: for GOOS linux and darwin only, on amd64
and arm64, never in package runtime; text-based, one line at a time: a line
starting `TEXT` with `(SB)` and `$0` in it starts the watch (so does
`$0x10`), which ends at the first line that reads the register (names it),
writes it (`, BP` at the end of the line; arm64 also pair loads like
`LDP (R0), (R26, R29)`; reported) or starts with an unconditional jump
(`JMP`, `RET`, arm64 `B`). Nothing else ends it: it runs on into the next
function when a function ends otherwise (`CALL runtime·abort(SB)`), as in vet.

Lines are read as vet reads them (the text up to `//`), but only those the
assembler reads: not the inactive side of an `#ifdef`, not inside `/* */`,
not a `#define` (vet reads all three). A line using a macro is its text as
written; what the macro expands to is checked too, and a write found only
there is a `framepointer-macro` warning at the use, which vet cannot see.
It is a package check because the watch runs on from one function into the
next: a keystroke's check (asm_ls.engine.incremental) runs it on the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from asm_ls.model import CheckUnit, Diagnostic, PackageUnit
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.lines import PlacedStatement, Placer, facts_of, template_of
from asm_ls.syntax.program import Function
from asm_ls.syntax.source import SourceFile, Span

CODE = "framepointer"
MACRO_CODE = "framepointer-macro"
MESSAGE = "frame pointer is clobbered before saving"
GOOSES = frozenset({"linux", "darwin"})
SKIPPED_PACKAGES = frozenset({"runtime"})


@dataclass(frozen=True)
class _Rules:
    """How vet reads one line (comment cut, blanks trimmed) on one GOARCH."""

    writes: Callable[[str], bool]
    reads: Callable[[str], bool]
    leaves: Callable[[str], bool]  # an unconditional branch
    # _step's verdict by line text (pure, so shared by every file; bounded).
    verdicts: dict[str, tuple[bool, bool]] = field(default_factory=dict)


_AMD64_WRITE = re.compile(r",[\t\n\f\r ]*BP$")


def _arm64_writes(line: str) -> bool:
    comma = line.rfind(",")
    if comma > 0 and line[comma:].endswith("R29"):
        return True
    if line.startswith(("LDP", "LDAXP", "LDXP", "CASP")):  # a pair of registers written: (R26, R29)
        left, right = line.rfind("("), line.rfind(")")
        if -1 < left < right:
            inside = line[left:right]
            return "," in inside and "R29" in inside
    return False


def _first_word(line: str) -> str:
    return re.split(r"\s", line, maxsplit=1)[0]


def _names(register: str) -> Callable[[str], bool]:
    pattern = re.compile(rf"\b{register}\b", re.ASCII)
    return lambda line: pattern.search(line) is not None


RULES = {
    "amd64": _Rules(
        writes=lambda line: _AMD64_WRITE.search(line) is not None,
        reads=_names("BP"),
        leaves=lambda line: line.startswith(("JMP", "RET")),
    ),
    "arm64": _Rules(
        writes=_arm64_writes,
        reads=_names("R29"),
        leaves=lambda line: _first_word(line) in ("B", "JMP", "RET"),
    ),
}


def run_package(package: PackageUnit) -> Iterator[Diagnostic]:
    rules = RULES.get(package.context.goarch)
    if rules is None or package.context.goos not in GOOSES or package.import_path in SKIPPED_PACKAGES:
        return
    for unit in package.units:
        found = _found.get(unit)
        if found is None:  # units are shared while their text is: a keystroke re-reads its file only
            found = _found[unit] = list(_check_file(unit, rules))
        yield from found


_found: WeakKeyDictionary[CheckUnit, list[Diagnostic]] = WeakKeyDictionary()


@dataclass
class _Line:
    """A line the assembler reads, as vet sees it, and what macros used on it expand to."""

    source: SourceFile
    start: int  # of its first non-blank character
    text: str  # up to `//`, trimmed
    function: Function | None
    expanded: list[str]  # the statements macros put on the line, as text

    @property
    def span(self) -> Span:
        return Span(self.source, self.start, self.start + len(self.text))


@dataclass
class _Watch:
    vet: bool = False  # vet's, over the lines as written
    asm: bool = False  # over what the assembler reads (macros expanded)


def _check_file(unit: CheckUnit, rules: _Rules) -> Iterator[Diagnostic]:
    """The file's findings, function by function: what a function's lines
    find and leave watching depends on the function and on the watch it
    starts in, so that is kept with the function (a keystroke's quick check
    reads one function again and the others as they were)."""
    watch = _Watch()
    path = unit.source.path
    for function, statements in unit.program.scopes():
        key = (_check_file, id(rules), unit.arch.name, path, watch.vet, watch.asm)
        cached = function.facts.get(key) if function is not None else None
        if cached is None:
            found = list(_judge(unit, rules, _lines(path, function, statements, watch, rules), watch))
            cached = (found, watch.vet, watch.asm)
            if function is not None:
                function.facts[key] = cached
        watch.vet, watch.asm = cached[1], cached[2]
        yield from cached[0]


def _judge(unit: CheckUnit, rules: _Rules, lines: Iterator[_Line], watch: _Watch) -> Iterator[Diagnostic]:
    for line in lines:
        vet_found = False
        if _starts_watch(line.text):
            watch.vet = True
        else:
            vet_found, watch.vet = _step(rules, line.text, watch.vet)
        asm_found = False
        for text in line.expanded or [line.text]:
            if _starts_watch(text):
                watch.asm = True
            else:
                found, watch.asm = _step(rules, text, watch.asm)
                asm_found = asm_found or found
        if vet_found or asm_found:
            code = CODE if vet_found else MACRO_CODE
            severity = "error" if vet_found else "warning"
            yield unit.diagnostic(line.function, line.span, code, MESSAGE, severity=severity)


def _starts_watch(text: str) -> bool:
    return text.startswith("TEXT") and "(SB)" in text and "$0" in text


def _step(rules: _Rules, text: str, active: bool) -> tuple[bool, bool]:
    """(reported, still watching) after one line."""
    if not active:
        return False, False
    verdict = rules.verdicts.get(text)
    if verdict is None:  # a generated kernel repeats its lines thousands of times
        if len(rules.verdicts) > 100_000:
            rules.verdicts.clear()
        if rules.writes(text):
            verdict = (True, False)
        else:
            verdict = (False, not (rules.reads(text) or rules.leaves(text)))
        rules.verdicts[text] = verdict
    return verdict


def _lines(
    path: str, function: Function | None, statements: list[Statement], watch: _Watch, rules: _Rules
) -> Iterator[_Line]:
    """The lines of one function (or of what comes before the first) that
    hold what the assembler reads, in order; while nothing watches, only
    those of TEXT statements (only they start a watch: a line starting `TEXT`
    that is not one, a macro named TEXT... used with `(SB)` and `$0`, is the
    exception left out). A line holding the end of one function and the TEXT
    of the next (`RET; TEXT ...`) is read with each. While both watches run,
    a placed line that neither ends nor starts one is passed over unread
    (a generated kernel's lines, all watched through when its frame is `$0`)."""
    seen: set[tuple[int, int]] = set()
    current: _Line | None = None
    passed: Placer | None = None  # the placed line passed over last
    for statement in statements:
        if isinstance(statement, PlacedStatement):
            placer = statement.placer
            mnemonic = statement.template.mnemonic
            plain = mnemonic is None or mnemonic.site is None
            if placer is passed:
                if plain:
                    continue
                # A macro wrote this one: read the line after all (its own verdict left the watch as it was).
                passed = None
                current = _placed_line(statement, function)
            elif watch.vet and watch.asm and plain and placer.source.path == path:
                key = (id(placer.source), -placer.base - 1)
                if key not in seen:
                    if current is not None:
                        yield current  # done: the watch it leaves decides what to read next
                        current = None
                    if watch.vet and watch.asm and _passes(statement, rules):
                        seen.add(key)
                        passed = placer
                        continue
        if current is None and not (watch.vet or watch.asm) and statement.word != "TEXT":
            continue  # nothing to finish, nothing watched: its tokens are not needed
        if isinstance(statement, PlacedStatement):  # one line of the file: no tokens made
            span = statement.span
            source, first_start, last_end = span.source, span.start, span.end
            if source.path != path:
                continue
        else:
            first, last = statement.tokens[0].location, statement.tokens[-1].location
            source, first_start, last_end = first.source, first.start, last.end
            if source.path != path or last.source is not source:
                continue  # in a header: vet reads only the file
        if isinstance(statement, PlacedStatement):  # its line is its placer's: no line is counted
            key = (id(source), -statement.placer.base - 1)
            if current is not None and key not in seen:
                yield current  # done: the watch it leaves decides what to read next
                current = None
            if not (watch.vet or watch.asm) and statement.word != "TEXT":
                continue
            if key not in seen:
                seen.add(key)
                if current is not None:
                    yield current
                current = _placed_line(statement, function)
        else:
            start = source.position(first_start)[0]
            if current is not None and (id(source), start) not in seen:
                yield current  # done: the watch it leaves decides what to read next
                current = None
            if not (watch.vet or watch.asm) and statement.word != "TEXT":
                continue
            for line in range(start, source.position(last_end)[0] + 1):
                key = (id(source), line)
                if key not in seen:
                    seen.add(key)
                    if current is not None:
                        yield current
                    current = _line(source, line, function)
        mnemonic = template_of(statement).mnemonic  # (a template's token has a site if a macro wrote it)
        if current is not None and mnemonic is not None and mnemonic.site is not None:
            current.expanded.append(_statement_text(statement))
    if current is not None:
        yield current


def _passes(statement: PlacedStatement, rules: _Rules) -> bool:
    """Whether the statement's line, read while watching, neither reports, ends the watch nor starts one."""
    facts = facts_of(statement)
    key = (_passes, id(rules))
    verdict = facts.get(key)
    if verdict is None:
        text = _placed_line(statement, None).text
        verdict = facts[key] = not _starts_watch(text) and _step(rules, text, True) == (False, True)
    return verdict


def _line(source, line: int, function: Function | None) -> _Line:
    raw = source.line_text(line)
    text = raw.partition("//")[0]
    stripped = text.strip()
    start = source.offset(line, len(text) - len(text.lstrip()))
    return _Line(source, start, stripped, function, [])


def _placed_line(statement: PlacedStatement, function: Function | None) -> _Line:
    """The line of a statement placed from a line template: its text read once per template."""
    placer = statement.placer
    facts = facts_of(statement)
    read = facts.get(_placed_line)
    if read is None:
        text = placer.line.text.partition("//")[0]
        read = facts[_placed_line] = (len(text) - len(text.lstrip()), text.strip())
    return _Line(placer.source, placer.base + read[0], read[1], function, [])


def _statement_text(statement: Statement) -> str:
    """A statement as text: `MOVQ $0, BP` (once per template: placing it changes no token's text)."""
    facts = facts_of(statement)
    text = facts.get(_statement_text)
    if text is None:
        text = facts[_statement_text] = _text_of(template_of(statement))
    return text


def _text_of(statement: Statement) -> str:
    tokens = statement.tokens
    after = max(
        index for index, token in enumerate(tokens) if token is statement.mnemonic or token in statement.suffixes
    )
    text = statement.opcode
    for index, token in enumerate(tokens[after + 1 :]):
        text += (" " if index == 0 or tokens[after + index].kind == "COMMA" else "") + token.text
    return text
