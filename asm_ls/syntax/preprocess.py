"""The Go assembler's preprocessor: #include, #define, #undef, #ifdef,
#ifndef, #else, #endif, #line; evaluated for one build context.

It works on tokens as cmd/asm does (there is no hide-set: a macro that
expands to itself is caught by depth limits), but where the assembler exits
on the first problem, this reports a diagnostic and goes on. Every token it
yields keeps the span of its characters and, when a macro produced it, the
span of the invocation (`Token.site`), so diagnostics land where the user
wrote the code.
"""

from __future__ import annotations

import bisect
import os
import re
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from asm_ls.interrupt import checkpoint
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.lexer import UNTERMINATED_COMMENT, LexError, Token, tokenize, unusable_text
from asm_ls.syntax.lines import (
    RESUMABLE,
    PlacedStatement,
    Placer,
    Template,
    may_depend_on_context,
    plain_template,
)
from asm_ls.syntax.source import SourceFile, Span
from asm_ls.syntax.statements import EOF_WITHOUT_NEWLINE, StatementSplitter

# Limits that turn runaway input into a diagnostic instead of a hang.
MAX_MACRO_NESTING = 100  # invocations in a row with no token out (as cmd/asm)
MAX_STACK_DEPTH = 100  # pushed inputs (as cmd/asm's "input recursion")
MAX_EXPANDED_TOKENS = 200_000  # tokens macros produce for one line (macro bombs)
MAX_INCLUDE_DEPTH = 50

CONDITIONALS = ("ifdef", "ifndef", "else", "endif")


@dataclass(eq=False)
class MacroDefinition:
    name: str
    params: list[str] | None  # None: object-like; [] or more: function-like
    body: list[Token]
    name_span: Span
    directive_span: Span

    def signature(self) -> str:
        head = self.name if self.params is None else f"{self.name}({', '.join(self.params)})"
        return f"#define {head} {' '.join(t.text for t in self.body)}".rstrip()


@dataclass(eq=False)
class MacroUse:
    span: Span  # the name as written
    macro: MacroDefinition
    site: Span  # the whole invocation, arguments included


@dataclass(eq=False)
class Include:
    name: str
    span: Span  # the quoted name
    path: str | None  # resolved file, None when not found


@dataclass(frozen=True)
class PreprocessDiagnostic:
    span: Span
    code: str
    message: str
    severity: Literal["error", "warning"] = "error"


@dataclass(frozen=True)
class EmptyInclude:
    """An include the assembler accepts but reads nothing from (a directory)."""

    reason: str


@dataclass
class Preprocessed:
    tokens: list[Token]
    diagnostics: list[PreprocessDiagnostic] = field(default_factory=list)
    definitions: list[MacroDefinition] = field(default_factory=list)
    uses: list[MacroUse] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    inactive: list[Span] = field(default_factory=list)  # skipped #ifdef text, main file
    # Names a build context may define that the text asked about (used,
    # tested, defined or undefined): where none differs between two contexts,
    # the result is the same for both.
    context_names: frozenset[str] = frozenset()
    # The state at each TEXT, DATA or GLOBL written at the start of a line of
    # the main file, by the word's offset: where asm_ls.engine.incremental.check resumes.
    resume_states: dict[int, ResumeState] = field(default_factory=dict)
    unclosed: Span | None = None  # the #ifdef left open at the end of the file (reported there)
    # The line templates the statements were placed from (asm_ls.syntax.lines), kept alive with them.
    line_templates: dict = field(default_factory=dict, repr=False)
    _uses_by_start: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def uses_at(self, source: SourceFile, offset: int) -> list[MacroUse]:
        """The macro uses written in source whose name covers offset (start
        and end included), in the order of `uses`, by a search among them
        sorted once: a generated file's every line may use one."""
        cached = self._uses_by_start
        if cached is None or cached[0] is not source:
            here = os.path.abspath(source.path)
            written = sorted(
                (
                    (use.span.start, order, use)
                    for order, use in enumerate(self.uses)
                    if use.span.source is source or os.path.abspath(use.span.source.path) == here
                ),
                key=lambda entry: entry[:2],
            )
            longest = max((use.span.end - start for start, _, use in written), default=0)
            cached = self._uses_by_start = (source, [start for start, _, _ in written], written, longest)
        _, starts, written, longest = cached
        low = bisect.bisect_left(starts, offset - longest)  # none starting before can reach offset
        covering = [
            entry for entry in written[low : bisect.bisect_right(starts, offset)] if entry[2].span.end >= offset
        ]
        return [use for _, _, use in sorted(covering, key=lambda entry: entry[1])]  # in the order of self.uses


@dataclass(frozen=True)
class ResumeState:
    """What the preprocessor carries from one line to the next: the macros
    and the open #ifdefs (all active, or the line would not be read)."""

    macros: dict[str, MacroDefinition]
    conditions: tuple[bool, ...]
    condition_spans: tuple[Span, ...]


def enclosing_conditions(text: str, offset: int) -> list[tuple[str, bool]]:
    """The `#ifdef`/`#ifndef` conditions around offset, read from the text
    alone (outermost first): each macro name and whether it must be defined
    for the line to be read (`#else` flips it)."""
    open_conditions: list[tuple[str, bool]] = []
    for match in _CONDITIONAL_LINE.finditer(text, 0, offset):
        word, name = match.groups()
        if word in ("ifdef", "ifndef"):
            open_conditions.append((name, word == "ifdef"))
        elif open_conditions and word == "else":
            name, wanted = open_conditions.pop()
            open_conditions.append((name, not wanted))
        elif open_conditions:
            open_conditions.pop()
    return open_conditions


_CONDITIONAL_LINE = re.compile(r"^[ \t]*#[ \t]*(ifdef|ifndef|else|endif)\b[ \t]*(\w*)", re.MULTILINE)


class _Input:
    """One level of the input stack: a file's tokens or a macro's expansion."""

    __slots__ = ("tokens", "index", "source", "macro")

    def __init__(self, tokens: list[Token], source: SourceFile | None, macro: str | None = None):
        self.tokens = tokens
        self.index = 0
        self.source = source
        self.macro = macro


class _Abandon(Exception):
    """Raised to drop the current expansion after a reported macro error."""


class Preprocessor:
    def __init__(
        self,
        defines: dict[str, str],
        resolve_include: Callable[[str, SourceFile], SourceFile | EmptyInclude | str],
        tokens_of: Callable[[SourceFile], list[Token]] | None = None,
    ):
        self._predefined = defines
        self._resolve_include = resolve_include
        self._tokens_of = tokens_of or (lambda source: tokenize(source)[0])

    def run(self, source: SourceFile) -> Preprocessed:
        """The file's tokens, preprocessed (headers are read so)."""
        return _Run(self, source).result()

    def read(self, source: SourceFile) -> tuple[Preprocessed, list[Statement], list[LexError]]:
        """The file's statements, read line by line (each distinct plain line
        once, asm_ls.syntax.lines), with what the preprocessor noted and the
        lexer's errors."""
        run = _Run(self, source, [])
        statements, errors = run.read_lines(0, len(source.text), ends_file=True)
        return run.finish(), statements, errors

    def read_region(
        self, source: SourceFile, start: int, end: int, state: ResumeState, ends_file: bool
    ) -> tuple[Preprocessed, list[Statement], list[LexError]]:
        """The statements of the lines of source from start to end, read from a
        line where the whole file's run was in state; #ifdefs left open at the
        part's end are no error unless it ends the file. The part may not #include."""
        run = _Run(self, source, [], state, ends_file)
        statements, errors = run.read_lines(start, end, ends_file)
        return run.finish(), statements, errors

    def run_region(self, source: SourceFile, tokens: list[Token], state: ResumeState, ends_file: bool) -> Preprocessed:
        """Tokens of part of source, from a line where the whole file's run was
        in state; #ifdefs left open at the part's end are no error unless it
        ends the file. The part may not #include."""
        return _Run(self, source, tokens, state, ends_file).result()


class _Run:
    def __init__(
        self,
        pre: Preprocessor,
        source: SourceFile,
        tokens: list[Token] | None = None,
        state: ResumeState | None = None,
        ends_file: bool = True,
        shared_macros: bool = False,  # state's macros as they are: a line that has no directive changes none
    ):
        self.pre = pre
        self.main = source
        self.out = Preprocessed(tokens=[])
        self.macros: dict[str, MacroDefinition] = (
            {} if state is None else state.macros if shared_macros else dict(state.macros)
        )
        self.macros_snapshot: dict[str, MacroDefinition] | None = None  # None: macros changed since
        self.last_state: ResumeState | None = None
        self.context_names: set[str] = set()
        if state is None:
            for name, value in pre._predefined.items():
                self._predefine(name, value)
        self.stack: list[_Input] = [_Input(pre._tokens_of(source) if tokens is None else tokens, source)]
        self.conditions: list[bool] = list(state.conditions) if state else []  # active state per open #if[n]def
        self.condition_spans: list[Span] = list(state.condition_spans) if state else []
        self.ends_file = ends_file
        self.templates: dict = {}  # read_lines: the line templates used, kept alive with the result
        self.at_line_start = True
        self.expanded = 0
        self.inactive_start: int | None = None

    # --- input stack -------------------------------------------------

    def _predefine(self, name: str, value: str) -> None:
        command_line = SourceFile(f"<-D {name}={value}>", value)
        body = tokenize(command_line)[0]
        span = Span(command_line, 0, 0)
        self.macros[name] = MacroDefinition(name, None, body, span, span)

    def _raw(self) -> Token | None:
        """Next token from the stack with no macro processing."""
        stack = self.stack
        while stack:
            top = stack[-1]
            if top.index < len(top.tokens):
                token = top.tokens[top.index]
                top.index += 1
                return token
            stack.pop()
            if top.source is not None and stack:
                # An included file ends its last line even without a newline.
                last = top.tokens[-1] if top.tokens else None
                if last is not None and last.kind != "NEWLINE":
                    return Token("NEWLINE", "\n", Span(last.span.source, last.span.end, last.span.end))
        return None

    def _peek_raw(self) -> Token | None:
        for frame in reversed(self.stack):
            if frame.index < len(frame.tokens):
                return frame.tokens[frame.index]
            if frame.source is not None:
                return None
        return None

    def _push(self, frame: _Input, at: Span) -> bool:
        if len(self.stack) > MAX_STACK_DEPTH:
            self._error(at, "macro-error", "input recursion: macros or includes nest more than 100 deep")
            self._drop_macro_frames()
            return False
        self.stack.append(frame)
        return True

    def _drop_macro_frames(self) -> None:
        while self.stack and self.stack[-1].macro is not None:
            self.stack.pop()

    def _error(self, span: Span, code: str, message: str) -> None:
        self.out.diagnostics.append(PreprocessDiagnostic(span, code, message))

    def _active(self) -> bool:
        return not self.conditions or self.conditions[-1]

    # --- main loop ---------------------------------------------------

    def result(self) -> Preprocessed:
        emit = self.out.tokens.append
        for token in self._tokens():
            emit(token)
        return self.finish()

    def finish(self) -> Preprocessed:
        if self.conditions and self.ends_file:
            self.out.unclosed = self.condition_spans[-1]
            self._error(self.out.unclosed, "macro-error", "unclosed #ifdef or #ifndef")
            self._close_inactive(len(self.main.text))
        self.out.context_names = frozenset(self.context_names)
        self.out.line_templates = self.templates
        return self.out

    # --- line by line -------------------------------------------------

    def read_lines(self, start: int, end: int, ends_file: bool) -> tuple[list[Statement], list[LexError]]:
        """The statements of the main file's lines from start to end (offsets
        at line starts, or the end). A plain line (no `#`, no block comment,
        no continuation) is read from its template, once per distinct text
        and macros it uses; the others go through the token machinery, in
        runs of whole lines (a block comment or a continued #define spans several)."""
        source = self.main
        text = source.text
        splitter = StatementSplitter()
        if unusable_text(text) is not None or (start == 0 and text.startswith("\ufeff")):
            tokens, errors = tokenize(source, start, end)
            self.stack = [_Input(tokens, source)]
            splitter.add(self._tokens())
            return splitter.end(), errors
        lex_errors: list[LexError] = []
        lines = text[start:end].split("\n")
        starts = [start]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        count = len(lines)
        macros = self.macros
        held = self.templates  # the program holds its lines' templates (the cache only while it does)
        saw_code = False
        last_open: tuple[Template, Placer] | None = None
        i = 0
        while i < count:
            if not i & 4095:
                checkpoint()  # a generated file's 136,000 lines take a second to read
            line = lines[i]
            if "#" in line or "/*" in line or "\\" in line:
                k, tokens, errors = self._eager_lines(lines, starts, i, end, saw_code)
                lex_errors += errors
                saw_code = saw_code or any(t.kind != "NEWLINE" for t in tokens)
                self.stack = [_Input(tokens, source)]
                splitter.add(self._tokens())
                last_open = None
                i = k + 1
                continue
            template = held.get(line)
            if template is None:
                template = held[line] = plain_template(line)
            base = starts[i]
            i += 1
            if template.lex_errors or template.go_build is not None:
                placer = Placer(template.line, source, base)
                lex_errors += [LexError(placer.span(e.span), e.message, e.code) for e in template.lex_errors]
                if template.go_build is not None and saw_code:
                    lex_errors.append(LexError(placer.span(template.go_build), "misplaced //go:build comment"))
            if not template.code:
                continue
            saw_code = True
            if self.conditions and not self.conditions[-1]:
                continue
            if not macros.keys().isdisjoint(template.idents):  # (iterates the idents, not the macros)
                template = self._macro_template(template)
                held[(line, id(template))] = template
            for name in template.asked:
                self.context_names.add(name)
            placer = Placer(template.line, source, base)
            if template.resumable is not None:
                self._note_state_at(base + template.resumable)
            self._place(template, placer, splitter)
            last_open = (template, placer) if template.open_end else None
        if last_open is not None and ends_file and end == len(text) and not text.endswith("\n"):
            template, placer = last_open
            statements = splitter.statements
            if statements and statements[-1].mnemonic is not None and template.last is not None:
                where = placer.token(template.last).location
                last = statements[-1]
                if isinstance(last, PlacedStatement):
                    last.add_error(where, EOF_WITHOUT_NEWLINE)
                else:
                    last.errors.append((where, EOF_WITHOUT_NEWLINE))
        return splitter.end(), lex_errors

    def _eager_lines(
        self, lines: list[str], starts: list[int], i: int, end: int, saw_code: bool
    ) -> tuple[int, list[Token], list[LexError]]:
        """The tokens of the run of lines from line i that must be read
        together: through the end of a block comment that spans lines, and the
        lines a backslash before the newline continues; returns the index of
        its last line."""
        count = len(lines)
        text = self.main.text
        tokens: list[Token] = []
        errors: list[LexError] = []
        k, position = i, starts[i]
        while True:
            stop = starts[k + 1] if k + 1 < count else end
            more, found = tokenize(self.main, position, stop, code_before=saw_code)
            tokens += more
            errors += found
            saw_code = saw_code or any(t.kind != "NEWLINE" for t in more)
            last = found[-1] if found else None
            if last is not None and last.message == UNTERMINATED_COMMENT and last.span.end == stop and k + 1 < count:
                errors.pop()  # the comment goes on: read it again with the lines it spans
                close = text.find("*/", last.span.start + 2, end)
                k = count - 1 if close < 0 else k
                while k + 1 < count and starts[k + 1] <= close:
                    k += 1
                position = last.span.start
                continue
            if len(tokens) >= 2 and tokens[-1].kind == "NEWLINE" and tokens[-2].kind == "BACKSLASH" and k + 1 < count:
                k, position = k + 1, stop
                continue
            return k, tokens, errors

    def _place(self, template: Template, placer: Placer, splitter: StatementSplitter) -> None:
        if template.macro_uses:
            for use in template.macro_uses:
                self.out.uses.append(MacroUse(placer.span(use.span), use.macro, placer.span(use.site)))
        for diagnostic in template.diagnostics:
            self.out.diagnostics.append(
                PreprocessDiagnostic(
                    placer.span(diagnostic.span), diagnostic.code, diagnostic.message, diagnostic.severity
                )
            )
        if template.statements:
            pending = splitter.pending
            add = splitter.statements.append
            for statement in template.statements:
                placed = PlacedStatement(statement, placer)
                if pending:
                    placed.labels = pending + placed.labels
                    pending = []
                add(placed)
            splitter.pending = [placer.token(t) for t in template.pending]
        elif template.pending:
            splitter.pending = splitter.pending + [placer.token(t) for t in template.pending]

    def _macro_template(self, plain: Template) -> Template:
        """The template of a line that uses macros, as they are now defined:
        shared by the lines of that text under the same definitions."""
        names = self._macro_closure(plain.idents)
        key = (plain.text, tuple((name, id(self.macros[name])) for name in sorted(names)))
        template = _MACRO_TEMPLATES.get(key)
        if template is None:
            line, raw = plain.line, plain.raw  # the line lexed as the plain template did
            run = _Run(self.pre, line, raw, ResumeState(self.macros, (), ()), ends_file=False, shared_macros=True)
            out = list(run._tokens())
            template = Template(
                line,
                raw,
                list(plain.lex_errors),
                out,
                tuple(run.out.uses),
                tuple(run.out.diagnostics),
                frozenset(run.context_names),
            )
            # Its tokens hold the definitions (macro bodies), so their ids stay theirs while it lives.
            _MACRO_TEMPLATES[key] = template
        return template

    def _macro_closure(self, names) -> set[str]:
        """The macros a line with these identifiers may expand: those it names and those their bodies name."""
        macros = self.macros
        found: set[str] = set()
        todo = [name for name in names if name in macros]
        while todo:
            name = todo.pop()
            if name in found:
                continue
            found.add(name)
            todo += [n for n in _body_names(macros[name]) if n in macros and n not in found]
        return found

    def _asked(self, name: str) -> None:
        if may_depend_on_context(name):
            self.context_names.add(name)

    def _tokens(self) -> Iterator[Token]:
        nesting = 0
        while True:
            token = self._raw()
            if token is None:
                return
            kind = token.kind
            if kind == "HASH":
                if not self.at_line_start:
                    self._error(token.location, "macro-error", "'#' must be first item on line")
                    newline = self._skip_line()
                    self.at_line_start = True
                    if newline is not None and self._active():
                        yield newline  # the statement before the '#' still ends here
                    continue
                self.at_line_start = self._directive(token)
                continue
            if kind == "IDENT" and self._active():
                if token.text in RESUMABLE and self.at_line_start and len(self.stack) == 1:
                    self._note_state_at(token)
                macro = self.macros.get(token.text)
                if token.text.startswith("GO"):
                    self._asked(token.text)
                if macro is not None:
                    nesting += 1
                    if nesting > MAX_MACRO_NESTING:
                        self._error(token.location, "macro-error", f"recursive macro invocation: {token.text}")
                        self._drop_macro_frames()
                        nesting = 0
                        continue
                    try:
                        plain_name = self._invoke(macro, token)
                    except _Abandon:
                        self._drop_macro_frames()
                        nesting = 0
                        continue
                    if plain_name is None:
                        continue
                    token = plain_name
            nesting = 0
            self.at_line_start = kind == "NEWLINE"
            if kind == "NEWLINE" and len(self.stack) == 1:
                self.expanded = 0  # the expansion budget is per line of the file
            if self._active():
                yield token

    def _note_state_at(self, word: Token | int) -> None:
        state = self.last_state
        if self.macros_snapshot is None:  # copied only when a directive changed them
            self.macros_snapshot = dict(self.macros)
            state = None
        if (
            state is None
            or state.conditions != tuple(self.conditions)
            or state.condition_spans != tuple(self.condition_spans)
        ):
            state = self.last_state = ResumeState(
                self.macros_snapshot, tuple(self.conditions), tuple(self.condition_spans)
            )
        at = word if isinstance(word, int) else word.span.start
        self.out.resume_states[at] = state  # (one object for a table's thousand lines)

    def _skip_line(self) -> Token | None:
        """Drop the rest of the line; returns its newline (None at the end)."""
        while True:
            token = self._raw()
            if token is None or token.kind == "NEWLINE":
                return token

    # --- macros ------------------------------------------------------

    def _invoke(self, macro: MacroDefinition, name: Token) -> Token | None:
        """Push the expansion; returns the name token itself when a
        function-like macro is used without arguments (as cmd/asm does)."""
        actuals: dict[str, list[Token]] = {}
        last = name
        if macro.params is not None:
            following = self._peek_raw()
            if following is None or following.kind != "LPAR":
                return name
            self._raw()
            actuals, last = self._arguments(macro, name)
        site = name.site or name.span.cover(last.location)
        if name.site is None:  # a use the user wrote, not one inside a macro body
            self.out.uses.append(MacroUse(name.span, macro, site))
        expansion: list[Token] = []
        for token in macro.body:
            substitution = actuals.get(token.text) if token.kind == "IDENT" else None
            if substitution is None:
                expansion.append(token.expanded(site))
            else:
                expansion.extend(substitution)  # arguments keep their own place
        self.expanded += len(expansion)
        if self.expanded > MAX_EXPANDED_TOKENS:
            self._error(
                site, "macro-error", f"macro expansion too large (over {MAX_EXPANDED_TOKENS} tokens): {macro.name}"
            )
            raise _Abandon
        self._push(_Input(expansion, None, macro.name), site)
        return None

    def _arguments(self, macro: MacroDefinition, name: Token) -> tuple[dict[str, list[Token]], Token]:
        args: list[list[Token]] = []
        current: list[Token] = []
        depth = 0
        while True:
            token = self._raw()
            if token is None or token.kind == "NEWLINE":
                self._error(name.location, "macro-error", f"unterminated arg list invoking macro: {macro.name}")
                if token is not None:
                    self.at_line_start = True
                raise _Abandon
            if depth == 0 and token.kind in ("RPAR", "COMMA"):
                args.append(current)
                current = []
                if token.kind == "RPAR":
                    closing = token
                    break
                continue
            if token.kind == "LPAR":
                depth += 1
            elif token.kind == "RPAR":
                depth -= 1
            current.append(token)
        params = macro.params or []
        if not params and len(args) == 1 and not args[0]:
            args = []
        if len(args) != len(params):
            self._error(
                name.location.cover(closing.location),
                "macro-error",
                f"wrong arg count for macro {macro.name}: want {len(params)}, got {len(args)}",
            )
            raise _Abandon
        return dict(zip(params, args)), closing

    # --- directives --------------------------------------------------

    def _directive(self, hash_token: Token) -> bool:
        """Process one # line; returns whether it consumed its newline."""
        word = self._expect("IDENT", hash_token, "expected identifier after '#'")
        if word is None:
            return True
        name = word.text
        if not self._active() and name not in CONDITIONALS and name != "line":
            return False
        handler = getattr(self, f"_directive_{name}", None)
        if handler is None:
            self._error(word.location, "macro-error", f"unexpected token after '#': {name}")
            self._skip_line()
            return True
        handler(hash_token, word)
        return True

    def _expect(self, kind: str, at: Token, message: str) -> Token | None:
        """The next raw token if it is of `kind`; else report and drop the line."""
        token = self._raw()
        if token is not None and token.kind == kind:
            return token
        self._error(at.location, "macro-error", message)
        if token is not None and token.kind != "NEWLINE":
            self._skip_line()
        return None

    def _expect_newline(self, directive: str, after: Token) -> None:
        token = self._raw()
        if token is not None and token.kind != "NEWLINE":
            self._error(token.location, "macro-error", f"expected newline after #{directive}; got {token.text!r}")
            self._skip_line()

    def _macro_name(self, directive: Token) -> Token | None:
        return self._expect("IDENT", directive, f"expected identifier after #{directive.text}")

    def _directive_define(self, hash_token: Token, word: Token) -> None:
        name = self._macro_name(word)
        if name is None:
            return
        params: list[str] | None = None
        token = self._raw()
        # `#define F(x)` takes arguments; `#define F (x)` does not.
        if token is not None and token.kind == "LPAR" and token.span.start == name.span.end:
            params = self._parameters(name)
            if params is None:
                return
            token = self._raw()
        body: list[Token] = []
        while token is not None and token.kind != "NEWLINE":
            if token.kind == "BACKSLASH":
                escaped = self._raw()
                if escaped is None or escaped.kind not in ("NEWLINE", "BACKSLASH"):
                    self._error(
                        token.location, "macro-error", f"can only escape \\ or \\n in definition for macro: {name.text}"
                    )
                    if escaped is not None and escaped.kind != "NEWLINE":
                        self._skip_line()
                    return
                token = escaped
            body.append(token)
            token = self._raw()
        if token is None:
            self._error(name.location, "macro-error", f"missing newline in definition for macro: {name.text}")
        directive_span = hash_token.span.cover(body[-1].span if body else name.span)
        self._define(MacroDefinition(name.text, params, body, name.span, directive_span), name.location)

    def _define(self, definition: MacroDefinition, at: Span) -> None:
        self.out.definitions.append(definition)
        self._asked(definition.name)
        if definition.name in self.macros:
            self._error(at, "macro-error", f"redefinition of macro: {definition.name}")
            return
        self.macros[definition.name] = definition
        self.macros_snapshot = None

    def _parameters(self, name: Token) -> list[str] | None:
        params: list[str] = []
        expect_name = True
        while True:
            token = self._raw()
            if token is None or token.kind == "NEWLINE":
                self._error(name.location, "macro-error", f"bad definition for macro: {name.text}")
                return None
            if token.kind == "RPAR":
                if expect_name and params:
                    break  # cmd/asm accepts a trailing comma
                return params
            if token.kind == "COMMA" and not expect_name:
                expect_name = True
                continue
            if token.kind == "IDENT" and expect_name:
                if token.text in params:
                    self._error(
                        token.location,
                        "macro-error",
                        f"duplicate argument {token.text} in definition for macro: {name.text}",
                    )
                    self._skip_line()
                    return None
                params.append(token.text)
                expect_name = False
                continue
            self._error(token.location, "macro-error", f"bad syntax in definition for macro: {name.text}")
            self._skip_line()
            return None
        return params

    def _directive_undef(self, hash_token: Token, word: Token) -> None:
        name = self._macro_name(word)
        if name is None:
            return
        self._asked(name.text)
        if self.macros.pop(name.text, None) is None:
            self._error(name.location, "macro-error", f"#undef for undefined macro: {name.text}")
        self.macros_snapshot = None
        self._expect_newline("undef", name)

    def _directive_ifdef(self, hash_token: Token, word: Token, wanted: bool = True) -> None:
        name = self._macro_name(word)
        active = self._active()
        if name is not None:
            self._expect_newline(word.text, name)
            self._asked(name.text)
            truth = (name.text in self.macros) == wanted
        else:
            truth = False
        self.conditions.append(active and truth)
        self.condition_spans.append(hash_token.span.cover(word.span))
        self._track_inactive(word)

    def _directive_ifndef(self, hash_token: Token, word: Token) -> None:
        self._directive_ifdef(hash_token, word, wanted=False)

    def _directive_else(self, hash_token: Token, word: Token) -> None:
        self._expect_newline("else", word)
        if not self.conditions:
            self._error(word.location, "macro-error", "unmatched #else")
            return
        if len(self.conditions) == 1 or self.conditions[-2]:
            self.conditions[-1] = not self.conditions[-1]
        self._track_inactive(word)

    def _directive_endif(self, hash_token: Token, word: Token) -> None:
        self._expect_newline("endif", word)
        if not self.conditions:
            self._error(word.location, "macro-error", "unmatched #endif")
            return
        self.conditions.pop()
        self.condition_spans.pop()
        self._track_inactive(word)

    def _track_inactive(self, directive: Token) -> None:
        """Record skipped regions of the main file (for dimming in editors)."""
        if directive.span.source is not self.main or len(self.stack) != 1:
            return
        line_end = self.main.offset(self.main.position(directive.span.end)[0] + 1, 0)
        if self._active():
            self._close_inactive(self.main.offset(self.main.position(directive.span.start)[0], 0))
        elif self.inactive_start is None:
            self.inactive_start = line_end

    def _close_inactive(self, end: int) -> None:
        if self.inactive_start is not None:
            if end > self.inactive_start:
                self.out.inactive.append(Span(self.main, self.inactive_start, end))
            self.inactive_start = None

    def _directive_include(self, hash_token: Token, word: Token) -> None:
        token = self._expect("STRING", word, "expected string after #include")
        if token is None:
            return
        name = _unquote(token.text)
        self._expect_newline("include", token)
        including = self.stack[-1].source if self.stack else self.main
        resolved: SourceFile | EmptyInclude | str
        if "\0" in name:  # no file system takes it (os.stat raises ValueError)
            resolved = "a file name cannot contain a NUL character"
        else:
            resolved = self.pre._resolve_include(name, including or self.main)
        if isinstance(resolved, EmptyInclude):
            self.out.includes.append(Include(name, token.location, None))
            self.out.diagnostics.append(
                PreprocessDiagnostic(
                    token.location, "include-directory", f"#include {token.text}: {resolved.reason}", "warning"
                )
            )
            return
        if isinstance(resolved, str):
            self.out.includes.append(Include(name, token.location, None))
            self._error(token.location, "include-not-found", f"#include {token.text}: {resolved}")
            return
        self.out.includes.append(Include(name, token.location, resolved.path))
        chain = [os.path.abspath(frame.source.path) for frame in self.stack if frame.source is not None]
        target = os.path.abspath(resolved.path)
        if target in chain:
            cycle = " -> ".join(os.path.basename(p) for p in chain[chain.index(target) :] + [target])
            self._error(token.location, "include-cycle", f"#include cycle: {cycle}")
            return
        if len(chain) > MAX_INCLUDE_DEPTH:
            self._error(token.location, "include-cycle", "#include nesting too deep")
            return
        tokens = self.pre._tokens_of(resolved)
        plain = _plain_header(resolved, tokens) if len(self.stack) <= MAX_STACK_DEPTH else None
        if plain is not None:
            definitions, newlines = plain
            for definition in definitions:
                self._define(definition, definition.name_span)  # a header's own token: no macro site
            if newlines:  # what reading its lines would have passed on
                self._push(_Input(newlines, resolved), token.location)
            return
        self._push(_Input(tokens, resolved), token.location)

    def _directive_line(self, hash_token: Token, word: Token) -> None:
        number = self._expect("INT", word, "expected line number after #line")
        name = number and self._expect("STRING", number, "expected file name in #line")
        if name is None:
            return
        # Positions stay those of the real file, which is what an editor shows.
        self._expect_newline("line", name)


# Templates of lines that use macros, by text and the definitions they may expand.
_MACRO_TEMPLATES: weakref.WeakValueDictionary[tuple, Template] = weakref.WeakValueDictionary()
_BODY_NAMES: weakref.WeakKeyDictionary[MacroDefinition, frozenset[str]] = weakref.WeakKeyDictionary()


def _body_names(definition: MacroDefinition) -> frozenset[str]:
    names = _BODY_NAMES.get(definition)
    if names is None:
        names = _BODY_NAMES[definition] = frozenset(t.text for t in definition.body if t.kind == "IDENT")
    return names


# Headers of #define lines only (go_asm.h, textflag.h, most others) define the
# same macros wherever they are included: read once. runtime's go_asm.h has
# 4,000 of them and a hundred files include it.
_PLAIN_HEADERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _plain_header(header: SourceFile, tokens: list[Token]) -> tuple[tuple[MacroDefinition, ...], list[Token]] | None:
    """The definitions of a header holding nothing but #define lines, and the
    newlines of its other lines; None for any other header."""
    cached = _PLAIN_HEADERS.get(header)
    if cached is None or cached[0] is not tokens:
        cached = _PLAIN_HEADERS[header] = (tokens, _read_plain_header(header, tokens))
    return cached[1]


def _read_plain_header(
    header: SourceFile, tokens: list[Token]
) -> tuple[tuple[MacroDefinition, ...], list[Token]] | None:
    alone = _Run(Preprocessor({}, lambda name, including: "not read here", lambda source: tokens), header)
    out = alone.result()
    directives = sum(1 for token in tokens if token.kind == "HASH")
    if (
        out.diagnostics
        or out.uses
        or out.includes
        or len(out.definitions) != directives
        or any(token.kind != "NEWLINE" for token in out.tokens)
    ):
        return None
    return tuple(out.definitions), out.tokens


def _unquote(literal: str) -> str:
    body = literal[1:-1]
    if "\\" not in body:
        return body
    try:
        return body.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        return body
