"""Formatting Go assembly the way asmfmt v1.3.2 does, byte for byte.

asmfmt (github.com/klauspost/asmfmt) is the formatter Go assembly writers
use. Its rules, learned from its source and tests and written here anew:

- Lines are read as Go's bufio.Reader.ReadLine gives them: split at "\\n",
  one "\\r" before it dropped (so CRLF files come out LF), lines longer than
  512 KiB cut into 512 KiB pieces. Every output line ends with "\\n".
- Each line is trimmed of Unicode white space. Blank lines: none at the
  start of the file, never two in a row.
- `//` comment lines queue up and are written, with the indentation in force
  then, before the statements that follow them; a blank line is put before
  a run of comments unless a comment, a label or a blank line precedes it.
  `// text` gets one space after the slashes unless the text already starts
  with white space, `+` or `/`, or is a `go:build` line.
- Labels, TEXT, DATA, GLOBL, FUNCDATA, PCDATA and `#` directives are written
  at column 0, after a blank line unless a comment or label precedes them;
  after a label or TEXT the indentation is one tab. Code after a label on the
  same line (`loop: MOVQ ...`) goes on the next line.
- Consecutive statements form a block that is aligned together: the first
  operand starts one column after the longest mnemonic, operands are
  separated by ", ", trailing `//` comments start one column after the
  longest operand list, and `\\` continuations of a multi-line #define line up.
  A RET or JMP ends a block (written at one tab) and the indentation drops to
  0 after it until a label or TEXT line; an all-caps mnemonic puts it back
  at one tab. Lines that use a macro (a name defined with #define above, or
  any word with `(` or `_`) are "functions": they keep their text as written
  (tabs made spaces) and do not count for the mnemonic column.
- `;` separated statements keep their order with "; " between them; a
  trailing `;` is dropped. A single-line `/* comment */` becomes `// comment`;
  multi-line block comments are kept, lines starting with `*` indented by one
  space.
- A line containing a zero byte, or a `package` statement (a Go file), makes
  asmfmt refuse the file; asmfmt v1.3.2 also crashes on a line ending with
  `/*/`. Such files are not formatted here either: FormatError says why.

Where a rule has a quirk (widths counted in bytes in one place and in
characters in another, invalid UTF-8 in operands turned into U+FFFD, errors
on code after a label ignored), the quirk is kept: asmfmt() must equal
asmfmt's output. Everything runs in time linear in the text.

A formatter must not change what the assembler reads, and asmfmt sometimes
does: a blank line it puts after a #define's last backslash cuts the next
line out of the macro (GOROOT's gcm_ppc64x.s), it rewrites tabs and spaces
inside string literals, glues a non-ASCII mnemonic to its operand, drops
code after a label it cannot read. So format_text and the edits compare
what the assembler reads before and after (_assembler_view: the code
without comments and layout) and refuse, saying where, when it differs.

Range formatting formats whole "units": the lines whose output asmfmt writes
together (an aligned block of statements with the comments before it, a
label with the code after it on its line) or a single line. The result of a
range is what formatting the whole file would give for the units the range
touches; lines outside them are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

READ_BUFFER = 512 << 10  # asmfmt's bufio.Reader size: longer lines are read in pieces this long

# Go's unicode.IsSpace (Python's str.isspace also takes \x1c-\x1f).
_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_WORD = re.compile(f"[^{_SPACE}]+")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # an invalid UTF-8 byte, decoded with surrogateescape
# Characters whose str.upper() is several characters but whose Go unicode.ToUpper is another single one.
_GREEK_IOTA = frozenset(
    [chr(c) for c in (*range(0x1F80, 0x1F88), *range(0x1F90, 0x1F98), *range(0x1FA0, 0x1FA8))]
    + ["\u1fb3", "\u1fc3", "\u1ff3"]
)
_GLOBALS = frozenset(("DATA", "GLOBL", "FUNCDATA", "PCDATA"))
_TERMINATORS = frozenset(("RET", "JMP"))

NUL_MESSAGE = "zero (0) byte in input. file is unlikely an assembler file"
PACKAGE_MESSAGE = "package instruction found. Go files are not supported"
CRASH_MESSAGE = (
    "asmfmt v1.3.2 crashes on a line ending with '/*/' (slice bounds out of range); "
    "write the comment as '/* / */' or '// /'"
)
LITERAL_MESSAGE = (
    "asmfmt v1.3.2 would change a string or character literal here (it turns tabs into spaces and drops "
    "spaces after ';' inside operands); not formatted, so the assembler reads the same bytes"
)
STATEMENTS_MESSAGE = (
    "asmfmt v1.3.2 would change the code the assembler reads here (for example a line cut from a #define "
    "continued with a backslash, code after a label dropped, or a mnemonic glued to its operands); not formatted"
)


class FormatError(Exception):
    """The text is not formatted: asmfmt would refuse it (message in its
    own words) or change its code; line is the 0-based line why."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line


class _Crash(FormatError):
    """Where asmfmt panics: never ignored, unlike its errors after a label."""


def _trim(s: str) -> str:
    return s.strip(_SPACE)


def _byte_len(s: str) -> int:
    if s.isascii():
        return len(s)
    return len(_encode(s))


def _encode(s: str) -> bytes:
    try:
        return s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that did not come from an undecodable byte
        return s.encode("utf-8", "surrogatepass")


def _decode(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


def _keyword(s: str) -> str:
    """s in upper case when it could be one of asmfmt's ASCII keywords (only
    ASCII words can: no keyword has an I or S, the letters non-ASCII ones
    upper-case to)."""
    return s.upper() if s.isascii() else ""


def _all_caps(s: str) -> bool:
    """Go's strings.ToUpper(s) == s: simple case mapping per character, and
    an invalid byte becomes U+FFFD (so never equal)."""
    if s.isascii():
        return s.upper() == s
    for c in s:
        if "\udc80" <= c <= "\udcff":
            return False
        upper = c.upper()
        if (upper != c) if len(upper) == 1 else c in _GREEK_IOTA:
            return False
    return True


def _go_index(s: str, sub: str, start: int) -> int:
    """strings.Index(s[start:], sub): relative to start, or -1."""
    found = s.find(sub, start)
    return found - start if found >= 0 else -1


class _Statement:
    """One instruction, directive, label or macro use, as asmfmt splits it;
    never changed once parsed (equal lines share one)."""

    __slots__ = (
        "instruction",
        "params",
        "comment",
        "function",
        "continued",
        "comment_only",
        "label",
        "directive",
        "text",
        "global_",
        "terminator",
        "command",
        "macro",
    )

    def __init__(self, instruction: str, params: list[str], comment: str, flags: tuple[bool, bool, bool]):
        if instruction.endswith(";"):  # no white space before a trailing ';'
            instruction = _trim(instruction[:-1]) + ";"
        self.instruction = instruction
        self.params = params
        self.comment = comment  # the text after //, without the slashes
        # a macro use (or something kept as written); ends with a backslash; a `\ // comment` line in a macro
        self.function, self.continued, self.comment_only = flags
        self.label = instruction.endswith(":")
        self.directive = instruction.startswith("#")
        keyword = _keyword(instruction)
        self.global_ = keyword in _GLOBALS  # DATA, GLOBL, FUNCDATA, PCDATA
        self.text = keyword == "TEXT" or self.global_  # asmfmt's TEXT-like lines
        self.terminator = keyword in _TERMINATORS
        self.command = not self.label and _all_caps(instruction)  # an all-caps mnemonic
        self.macro = ""  # the name a #define defines
        if instruction == "#define" and params:
            self.macro = _trim(params[0].split("(", 1)[0]).strip("\\")


def _comment_start(s: str) -> int:
    """Where a trailing // comment starts, skipping // inside the first
    double-quoted strings the way asmfmt does (no escapes; 0 means none)."""
    comment = s.find("//")
    quote = s.find('"')
    closing = 0
    while comment > quote > closing:
        closing = quote + 1 + _go_index(s, '"', quote + 1)
        comment = closing + _go_index(s, "//", closing)
        if comment < closing:
            comment = 0
        quote = closing + 1 + _go_index(s, '"', closing + 1)
    return comment


def _parse(s: str, macros: set[str]) -> _Statement | None:
    s = _trim(s)
    comment = ""
    start = _comment_start(s)
    if start > 0:
        comment = _trim(s[start + 2 :])
        s = _trim(s[:start])
    word = _WORD.match(s)
    if word is None:
        return None
    instruction = word.group()
    function = continued = comment_only = False
    if (
        (macros and instruction.split("(", 1)[0] in macros)
        or s.startswith("/*")
        or "(" in instruction
        or "_" in instruction
    ):
        function = True
        instruction = s
    if instruction == "\\" and comment:
        instruction = "\\ // " + comment
        comment = ""
        function = continued = comment_only = True
    s = _trim(s.removeprefix(instruction))
    instruction = instruction.replace("\t", " ")
    params = _split_params(s, instruction.startswith("#"))
    if params:
        params[-1] = params[-1].removesuffix(";")
        if continued or params[-1].endswith("\\"):
            last = _trim(params[-1].removesuffix("\\"))
            if last:
                params[-1] = last
            else:
                params.pop()
            continued = True
    else:
        instruction = instruction.removesuffix(";")
    if instruction.endswith("\\") and not comment_only:
        instruction = _trim(instruction[:-1])
        continued = True
    if not params and not instruction.endswith(":"):
        function = True
    return _Statement(instruction, params, comment, (function, continued, comment_only))


_PLAIN_OPERANDS = re.compile("[\"';\t]|/\\*")


def _split_params(s: str, directive: bool) -> list[str]:
    """Operands split at commas outside quotes and /* */, each trimmed;
    tabs become spaces (not in directives); "; " separates statements."""
    if not s.isascii():
        s = _ESCAPED_BYTE.sub("\ufffd", s)
    if _PLAIN_OPERANDS.search(s) is None:
        return [p for p in [part.strip(_SPACE) for part in s.split(",")] if p]
    params: list[str] = []
    out: list[str] = []
    last = "\n"
    in_comment = in_string = in_char = False
    for r in s:
        if r == '"':
            if last != "\\":
                in_string = not in_string
        elif r == "'":
            if last != "\\":
                in_char = not in_char
        elif r == ",":
            if not (in_comment or in_string or in_char):
                part = _trim("".join(out))
                if part:
                    params.append(part)
                out = []
                continue  # the character before the comma stays `last`
        elif r == "/":
            if last == "*" and in_comment:
                in_comment = False
        elif r == "*":
            if last == "/":
                in_comment = True
        elif r == "\t":
            if not directive:
                r = " "
        elif r == ";":
            if not (in_comment or in_string or in_char):
                out = list(_trim("".join(out)) + "; ")
                last = r
                continue
        if last == ";" and r in _SPACE:
            continue
        last = r
        out.append(r)
    part = _trim("".join(out))
    if part:
        params.append(part)
    return params


def _format_block(block: list[_Statement]) -> list[str]:
    """The lines of one aligned block, without indentation."""
    widest_instruction = 0  # mnemonic + 1 of lines with operands (macro uses aside)
    widest_function = 0  # the same for macro uses
    widest_params = 0
    for st in block:
        width = len(st.instruction) + 1
        if width > widest_instruction and not st.function and not (not st.params and st.command):
            widest_instruction = width
        if st.function and width > widest_function:
            widest_function = width
        params = st.params
        width = (2 * (len(params) - 1) if len(params) > 1 else 0) + sum(map(len, params)) + 1
        if width > widest_params:
            widest_params = width
    comment_column = widest_params + widest_instruction
    operand_column = widest_instruction or widest_function
    lines = []
    for st in block:
        if st.comment_only:
            lines.append(st.instruction)
            continue
        text = st.instruction
        if st.params or st.comment:
            text += " " * (operand_column - _byte_len(text))  # asmfmt pads to a byte count here
        text += ", ".join(st.params)
        if st.continued:
            column = widest_function if widest_function > comment_column else comment_column
            text += " " * (column - len(text)) + "\\"
            if st.comment:
                text += " // " + st.comment
        elif st.comment:
            text += " " * (comment_column - len(text)) + "// " + st.comment
        lines.append(text)
    return lines


# What asmfmt sets when it leaves a line (Go defers), registered as a line
# is read and applied in this order when it is done: a line's remainder after
# a label is read before the label's line is done.
_STATEMENT = 1  # not after a label any more
_COMMENT = 2  # a // comment line was read
_CONTENT = 4  # code was read
_IN_BLOCK_COMMENT = 8  # the line started inside a /* */ comment


class _Writer:
    """asmfmt's line-by-line state, with where each output line came from."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.origin: list[int] = []  # input line of each output line
        self.groups: list[tuple[int, int]] = []  # input lines of each block written together
        self.line = 0  # the input line being read
        self.in_block_comment = False
        self.indentation = 0
        self.last_empty = False
        self.last_comment = False
        self.last_star = False  # in a block comment, the last line started with '*'
        self.last_label = False
        self.any_contents = False
        self.last_continued = False
        self.queued: list[_Statement] = []
        self.queued_lines: list[int] = []
        self.comments: list[tuple[str, int]] = []
        self.macros: set[str] = set()
        self.parsed: dict[str, _Statement | None] = {}  # by line text, for the macros defined so far

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.origin.append(self.line)

    def flush(self) -> None:
        comments, queued = self.comments, self.queued
        if not comments and not queued:
            return
        indent = "\t" * self.indentation
        first = comments[0][1] if comments else self.queued_lines[0]
        last = first
        for text, origin in comments:
            self.out.append(indent + text)
            self.origin.append(origin)
            last = origin
        self.comments = []
        if queued:
            self.out.extend([indent + text for text in _format_block(queued)])
            self.origin.extend(self.queued_lines)
            last = self.queued_lines[-1]
            self.queued = []
            self.queued_lines = []
        self.groups.append((first, last))

    def queue(self, st: _Statement) -> None:
        self.queued.append(st)
        self.queued_lines.append(self.line)

    def blank_before(self) -> None:
        """A blank line before a comment or label, unless the last line was
        blank, a comment or a label, or nothing was written yet."""
        if not (self.last_empty or self.last_comment or self.last_label) and self.any_contents:
            self.emit("")

    def parse(self, s: str) -> _Statement | None:
        try:
            return self.parsed[s]
        except KeyError:
            st = self.parsed[s] = _parse(s, self.macros)
            return st

    def done(self, deferred: int) -> None:
        if deferred & _STATEMENT:
            self.last_label = False
        if deferred & _COMMENT:
            self.any_contents = True
            self.last_empty = self.last_star = False
        if deferred & _CONTENT:
            self.any_contents = True
            self.last_empty = self.last_star = self.last_comment = False
        if deferred & _IN_BLOCK_COMMENT:
            self.last_comment = True

    def add(self, s: str) -> None:
        """One input line; a remainder after a label is read as a line of
        its own (an error in it is ignored, as asmfmt ignores it), before
        the label's line is done."""
        rest, deferred = self._line(s)
        if rest is None:
            self.done(deferred)
            return
        pending = [deferred]
        while rest is not None:
            try:
                rest, deferred = self._line(rest)
            except _Crash:
                raise
            except FormatError:
                break
            pending.append(deferred)
        for deferred in reversed(pending):
            self.done(deferred)

    def _line(self, s: str) -> tuple[str | None, int]:
        """Reads a line: (the remainder after a label, if any, to read
        next; what to set when the line is done)."""
        deferred = 0
        if self.in_block_comment:
            deferred = _IN_BLOCK_COMMENT
            end = s.find("*/")
            if end < 0:
                if _trim(s).startswith("*"):
                    s = " " + _trim(s)
                    self.last_star = True
                else:
                    self.last_star = False
                self.emit(s)
                return None, deferred
            closing = s[:end]
            if _trim(s).startswith("*") and self.last_star:
                closing = _trim(closing) + " "
            closing += "*/"
            self.in_block_comment = False
            s = _trim(s[end + 2 :])
            if s.endswith("\\"):
                closing += " \\"
                if len(s) == 1:
                    s = ""
            self.emit(closing)
            if not s:
                return None, deferred
        s = s.strip(_SPACE)

        if s.startswith("//"):
            self._line_comment(s[2:])
            return None, deferred | _COMMENT

        if "/*" in s and not s.endswith("\\"):
            try:
                if self._block_comment(s):
                    return None, deferred
            except FormatError as error:
                self.done(deferred)
                raise error

        if not s:
            self.flush()
            if self.last_empty or not self.any_contents:
                return None, deferred
            if self.last_continued:
                self.indentation = 0
                self.last_continued = False
            self.last_empty = True
            self.emit("")
            return None, deferred

        deferred |= _CONTENT
        st = self.parse(s)
        if st is None:
            return None, deferred
        if st.macro and st.macro not in self.macros:
            self.macros.add(st.macro)
            self.parsed.clear()  # a line using it parses differently from here on
        if st.instruction == "package" and "package" not in self.macros:
            self.done(deferred)
            raise FormatError(PACKAGE_MESSAGE, self.line)
        rest = None
        if st.label and st.params and not st.continued:
            colon = s.find(":")
            label = self.parse(s[: colon + 1])
            assert label is not None and label.label  # a prefix of the first word ending in ':'
            st, rest = label, s[colon + 1 :]

        if (st.label or st.text or st.directive) and not (st.continued and self.last_continued):
            if st.text and not self.queued and self.comments:
                self.indentation = 0
            self.flush()
            self.blank_before()
            self.indentation = 0
            self.queue(st)
            self.flush()
            if not st.directive and not st.global_:
                self.indentation = 1
            self.last_label = True
            return rest, deferred

        assert rest is None  # only a label has a remainder, and a label is at column 0
        self.queue(st)
        if st.terminator or (self.last_continued and not st.continued):
            self.indentation = 1
            self.flush()
            self.indentation = 0
        elif st.command:
            self.indentation = 1
        self.last_continued = st.continued
        return None, deferred | _STATEMENT

    def _line_comment(self, s: str) -> None:
        if self.queued:
            self.flush()
        if not self.comments:
            self.blank_before()
        text = _trim(s)
        if (text != s and text) or s[:1] in ("+", "/") or s.startswith("go:build"):
            comment = "//" + s
        elif text:
            comment = "// " + s
        else:
            comment = "//"
        self.comments.append((comment, self.line))
        self.last_comment = True

    def _block_comment(self, s: str) -> bool:
        """A line with /*: False when asmfmt reads it as code after all."""
        start = s.find("/*")
        end = s.find("*/")
        line_comment = s.find("//")
        if line_comment >= 0:
            if line_comment < start or (line_comment < end and not self.in_block_comment):
                return False
            if start < end < line_comment and _trim(s[end:line_comment]):
                return False
        whole_line = start < end and end >= len(s) - 2  # the comment ends the line
        if whole_line and end < start + 2:
            raise _Crash(CRASH_MESSAGE, self.line)
        before = _trim(s[:start])
        if before:
            if whole_line:
                self.add(before + " //" + _trim(s[start + 2 : end]))
                return True
            self.add(before)
        self.flush()
        if whole_line:
            self.add("// " + _trim(s[start + 2 : end]))
            return True
        text = _trim(s[start + 2 :])
        self.in_block_comment = end < 0
        self.last_comment = self.last_star = True
        self.emit("/* " + text if text else "/*")
        return True


def _read_lines(text: str) -> list[tuple[int, str]]:
    """(input line, text) as asmfmt's reader gives them: "\\r\\n" or "\\n"
    ends a line, longer lines than the read buffer come in pieces."""
    pieces = text.split("\n")
    last = pieces.pop()  # after the last "\n": a line only if not empty
    lines: list[tuple[int, str]] = []
    for number, piece in enumerate(pieces):
        if len(piece) >= READ_BUFFER // 4:
            lines.extend((number, chunk) for chunk in _read_long_line(piece, True))
        else:
            lines.append((number, piece[:-1] if piece.endswith("\r") else piece))
    if last:
        if len(last) >= READ_BUFFER // 4:
            lines.extend((len(pieces), chunk) for chunk in _read_long_line(last, False))
        else:
            lines.append((len(pieces), last))
    return lines


def _read_long_line(piece: str, terminated: bool) -> list[str]:
    """The pieces bufio.Reader.ReadLine returns for a line longer than its
    buffer: full buffers (a final "\\r" held back for the next), then the
    rest, which is an empty line when the buffer ended just before "\\n"."""
    data = _encode(piece) + (b"\n" if terminated else b"")
    chunks = []
    while len(data) > READ_BUFFER or (not terminated and len(data) == READ_BUFFER):
        chunk = data[:READ_BUFFER]
        if chunk.endswith(b"\r"):
            chunk = chunk[:-1]
        chunks.append(_decode(chunk))
        data = data[len(chunk) :]
    if terminated:
        data = data[:-2] if data.endswith(b"\r\n") else data[:-1]
        chunks.append(_decode(data))
    elif data:
        chunks.append(_decode(data))
    return chunks


@dataclass(frozen=True)
class Formatted:
    """The formatted text and, for range formatting, where its lines came
    from: out_lines[i] was written for input line origin[i], and units are
    the (first, last) input lines that are formatted together."""

    text: str
    out_lines: list[str]
    origin: list[int]
    units: list[tuple[int, int]]


def asmfmt(text: str) -> str:
    """text formatted exactly as asmfmt v1.3.2 formats it; FormatError when
    asmfmt refuses it. format_text is this, made safe."""
    return format_with_origins(text).text


def format_text(text: str) -> str:
    """text formatted as asmfmt v1.3.2 formats it; FormatError when asmfmt
    refuses it, or when asmfmt's text would assemble differently."""
    formatted = format_with_origins(text).text
    if formatted != text and _assembler_view(formatted) != _assembler_view(text):
        _Lines(text).check(None)  # raises, saying where
    return formatted


def format_with_origins(text: str) -> Formatted:
    nul = text.find("\0")
    if nul >= 0:
        raise FormatError(NUL_MESSAGE, text.count("\n", 0, nul))
    writer = _Writer()
    for number, line in _read_lines(text):
        writer.line = number
        writer.add(line)
    writer.line = text.count("\n")
    writer.flush()
    out = writer.out
    formatted = "\n".join(out) + "\n" if out else ""
    line_count = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    return Formatted(formatted, out, writer.origin, _units(writer.groups, line_count))


def _units(groups: list[tuple[int, int]], line_count: int) -> list[tuple[int, int]]:
    """Input lines 0..line_count-1 cut into units: each group written
    together (and groups sharing a line) is one unit, other lines are units
    of their own."""
    units: list[tuple[int, int]] = []
    covered = -1  # the last line in a unit so far
    for first, last in sorted(groups):
        if units and first <= units[-1][1]:
            units[-1] = (units[-1][0], max(units[-1][1], last))
        else:
            units.extend((line, line) for line in range(covered + 1, first))
            units.append((first, last))
        covered = units[-1][1]
    units.extend((line, line) for line in range(covered + 1, line_count))
    return units


@dataclass(frozen=True)
class TextEdit:
    """Replace text[start:end] (code-point offsets) by new_text."""

    start: int
    end: int
    new_text: str


_LITERAL_OR_COMMENT = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"?|'(?:[^'\\\n]|\\.)*'?|//[^\n]*|/\*(?:[^*]|\*(?!/))*(?:\*/)?")
_SPACES = re.compile(" {2,}")
_CONTINUATION = re.compile(r"\\ ?\n")
_LABEL_FIRST = re.compile("(^|\n)([\\w\u00b7\u2215]+): ?(?=[^\n\x00])")
_NEWLINES = re.compile("\n{2,}")


def _assembler_view(text: str) -> tuple[str, list[str]]:
    """What the Go assembler reads in text, in a form that white space,
    comments and blank lines do not change: the code with comments removed,
    white space collapsed, ';' and line ends as one statement end, a
    label's statement on a line of its own, backslash-newline kept apart
    (it continues a #define), and the string and character literals as they
    are. Two texts with the same view assemble alike."""
    literals: list[str] = []

    def literal_or_comment(match: re.Match) -> str:
        found = match.group()
        if found[0] in "\"'":
            literals.append(found)
            return "\x01"
        return " " if found[1] == "*" else ""  # a /* */ comment separates tokens, a // one ends at the line end

    code = _LITERAL_OR_COMMENT.sub(literal_or_comment, text)
    code = _SPACES.sub(" ", code.replace("\t", " ").replace("\r", " "))  # the assembler's blanks, one space
    code = _CONTINUATION.sub("\x00", code).replace(";", "\n")
    for separator in (",", "\n", "\x00"):  # no space next to what separates operands and statements
        code = code.replace(" " + separator, separator).replace(separator + " ", separator)
    code = _LABEL_FIRST.sub(r"\1\2:\n", code.strip(" \n"))
    code = _NEWLINES.sub("\n", code).strip("\n")
    return code, literals


class _Lines:
    """A text and its formatting, line by line: input line i is
    text[starts[i] : starts[i + 1]], and it was formatted as
    new[out_start[i] : out_start[i + 1]] (lines without their "\\n")."""

    def __init__(self, text: str):
        self.text = text
        self.formatted = formatted = format_with_origins(text)
        self.new = formatted.out_lines
        self.starts = starts = _line_starts(text)
        self.out_start = out_start = [0] * len(starts)
        at, origin = 0, formatted.origin
        for line in range(len(starts) - 1):  # origins never decrease
            out_start[line] = at
            while at < len(origin) and origin[at] == line:
                at += 1
        out_start[-1] = at

    def old_text(self, first: int, end: int) -> str:
        return self.text[self.starts[first] : self.starts[end]]

    def new_text(self, first: int, end: int) -> str:
        lines = self.new[self.out_start[first] : self.out_start[end]]
        return "\n".join(lines) + "\n" if lines else ""

    def changes(self, lines: tuple[int, int] | None = None) -> list[tuple[int, int]]:
        """Input line ranges [first, end) whose formatting differs, in order:
        each unit that changes (touching lines, when given), or each line of
        it when every line of the unit is formatted as one line."""
        found: list[tuple[int, int]] = []
        out_start = self.out_start
        for first, last in self.formatted.units:
            if lines is not None and (last < lines[0] or first > lines[1]):
                continue
            end = last + 1
            if self.old_text(first, end) == self.new_text(first, end):
                continue
            if first < last and all(out_start[line + 1] - out_start[line] == 1 for line in range(first, end)):
                found.extend(
                    (line, line + 1)
                    for line in range(first, end)
                    if self.old_text(line, line + 1) != self.new_text(line, line + 1)
                )
            else:
                found.append((first, end))
        return found

    def applied(self, changes: list[tuple[int, int]]) -> str:
        """The text with these changes made."""
        parts, at = [], 0
        for first, end in changes:
            parts.append(self.old_text(at, first))
            parts.append(self.new_text(first, end))
            at = end
        parts.append(self.old_text(at, len(self.starts) - 1))
        return "".join(parts)

    def check(self, lines: tuple[int, int] | None) -> list[tuple[int, int]]:
        """The changes (as changes() gives them), once it is sure that they
        leave what the assembler reads as it is; else FormatError at the
        first change that alters it."""
        changes = self.changes(lines)
        if not changes:
            return changes
        view = _assembler_view(self.text)
        if _assembler_view(self.applied(changes)) == view:
            return changes
        low, high = 0, len(changes)  # the first `low` changes keep the view, the first `high` do not
        while high - low > 1:
            middle = (low + high) // 2
            if _assembler_view(self.applied(changes[:middle])) == view:
                low = middle
            else:
                high = middle
        first, end = changes[high - 1]
        old_view = _assembler_view(self.old_text(first, end))
        new_view = _assembler_view(self.new_text(first, end))
        literal = old_view[1] != new_view[1]
        raise FormatError(LITERAL_MESSAGE if literal else STATEMENTS_MESSAGE, first)


def formatting_edits(text: str, lines: tuple[int, int] | None = None) -> list[TextEdit]:
    """The edits that format text (only the units touching the 0-based
    input lines first..last, both included, when lines is given), each
    trimmed to what changes. FormatError when asmfmt refuses the text, or
    when the edits would change what the assembler reads."""
    formatted = _Lines(text)
    changes = formatted.check(lines)
    return [
        _trimmed_edit(formatted.starts[first], formatted.old_text(first, end), formatted.new_text(first, end))
        for first, end in changes
    ]


def unified_diff(text: str, old_name: str, new_name: str, context: int = 3) -> str:
    """A unified diff from text to its formatting ("" when equal), with
    gofmt -d's header. FormatError as for format_text."""
    formatted = _Lines(text)
    changes: list[tuple[int, int]] = []
    for first, end in formatted.check(None):
        if changes and changes[-1][1] == first:  # adjacent lines: one run of - and +
            first = changes.pop()[0]
        changes.append((first, end))
    if not changes:
        return ""
    count = len(formatted.starts) - 1
    hunks: list[list[tuple[int, int]]] = []
    for change in changes:
        if hunks and change[0] - hunks[-1][-1][1] <= 2 * context:
            hunks[-1].append(change)
        else:
            hunks.append([change])
    out = [f"diff {old_name} {new_name}\n--- {old_name}\n+++ {new_name}\n"]
    for hunk in hunks:
        first = max(hunk[0][0] - context, 0)
        end = min(hunk[-1][1] + context, count)
        new_first = formatted.out_start[first]
        new_end = formatted.out_start[end]
        out.append(f"@@ -{_hunk_range(first, end)} +{_hunk_range(new_first, new_end)} @@\n")
        at = first
        for change_first, change_end in hunk:
            out.extend(_diff_lines(" ", formatted.old_text(at, change_first)))
            out.extend(_diff_lines("-", formatted.old_text(change_first, change_end)))
            out.extend(_diff_lines("+", formatted.new_text(change_first, change_end)))
            at = change_end
        out.extend(_diff_lines(" ", formatted.old_text(at, end)))
    return "".join(out)


def _hunk_range(first: int, end: int) -> str:
    if end - first == 1:
        return str(first + 1)
    return f"{first if first == end else first + 1},{end - first}"


def _diff_lines(mark: str, text: str) -> list[str]:
    parts = text.split("\n")
    lines = [mark + part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(mark + parts[-1] + "\n\\ No newline at end of file\n")
    return lines


def _line_starts(text: str) -> list[int]:
    """Offsets where each input line starts, and the end of the text."""
    starts = [0]
    find = text.find
    at = find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = find("\n", at + 1)
    if starts[-1] != len(text):
        starts.append(len(text))
    return starts


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by bisection on slice comparisons."""
    if not a or not b or a[0] != b[0]:
        return 0
    low, high = 1, min(len(a), len(b))
    if a[:high] == b[:high]:
        return high
    while high - low > 1:  # a[:low] == b[:low], a[:high] != b[:high]
        middle = (low + high) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix, at most limit."""
    if not limit or a[-1] != b[-1]:
        return 0
    low, high = 1, limit
    if a[len(a) - high :] == b[len(b) - high :]:
        return high
    while high - low > 1:
        middle = (low + high) // 2
        if a[len(a) - middle :] == b[len(b) - middle :]:
            low = middle
        else:
            high = middle
    return low


def _trimmed_edit(offset: int, old: str, new: str) -> TextEdit:
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
    return TextEdit(offset + prefix, offset + len(old) - suffix, new[prefix : len(new) - suffix])


def apply_edits(text: str, edits: list[TextEdit]) -> str:
    """text with non-overlapping edits applied (what a client does)."""
    parts = []
    at = 0
    for edit in sorted(edits, key=lambda e: e.start):
        parts.append(text[at : edit.start])
        parts.append(edit.new_text)
        at = edit.end
    parts.append(text[at:])
    return "".join(parts)
