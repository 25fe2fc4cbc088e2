"""Property-based robustness of the engine that every check and the server run.

Whatever a user types, or has half-typed, `Analyzer.check`:
- returns (never raises) within a bounded time;
- reports every diagnostic inside the document it names: 0 <= line <
  number of lines, columns within their line, start <= end, and the text of
  that document is the one on disk (or the buffer being checked);
- is deterministic: the same input twice gives the same diagnostics.

Inputs: (a) random text full of directives, backslashes, parens and quotes;
(b) real GOROOT assembly with random lines broken; (c) random macro
definitions and uses, recursive ones and `#define A B B` chains included;
(d) random `#include` graphs of missing, self- and mutually-including
files.

Default runs stay short and derandomized; HYPOTHESIS_PROFILE=nightly runs
many more random examples.
"""

from __future__ import annotations

import os
import random
import re
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.asm_oracle import CORPUS, Corpus, mutate

from asm_ls.arch import GOARCHES
from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.model import Diagnostic
from asm_ls.syntax.source import SourceFile, Span

NIGHTLY = os.environ.get("HYPOTHESIS_PROFILE") == "nightly"
SEVERITIES = {"error", "warning", "information", "hint"}

# Not a speed test: the deadline only turns a hang or a blow-up (a macro
# bomb, a quadratic loop) into a failure with its input shown.
pytestmark = pytest.mark.timeout(900 if NIGHTLY else 300)


def _settings(examples: int):
    return settings(
        max_examples=examples * 40 if NIGHTLY else examples,
        deadline=timedelta(seconds=20),
        derandomize=not NIGHTLY,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


# --- the invariants --------------------------------------------------------


def _key(d: Diagnostic) -> tuple:
    return (
        d.path,
        d.span.start,
        d.span.end,
        d.code,
        d.message,
        d.severity,
        d.arch,
        d.function,
        tuple((r.span.source.path, r.span.start, r.span.end, r.message) for r in d.related),
    )


def _check_span(span: Span, documents: dict[str, str], what: str) -> None:
    source = span.source
    text = source.text
    assert 0 <= span.start <= span.end <= len(text), f"{what}: offsets {span.start}..{span.end} outside 0..{len(text)}"
    line, col, end_line, end_col = span.lines_and_columns()
    lines = text.split("\n")
    assert 0 <= line <= end_line < len(lines), f"{what}: lines {line}..{end_line} of {len(lines)}"
    assert 0 <= col <= len(lines[line]), f"{what}: column {col} past line {line} ({len(lines[line])} long)"
    assert 0 <= end_col <= len(lines[end_line]), f"{what}: end column {end_col} past line {end_line}"
    assert (line, col) <= (end_line, end_col), f"{what}: starts after it ends"
    if source.path in documents:
        assert text == documents[source.path], f"{what}: points into a stale copy of {source.path}"
    elif os.path.isfile(source.path):  # a shared header such as $GOROOT/pkg/include/textflag.h
        on_disk = Path(source.path).read_bytes().decode("utf-8", errors="replace")
        assert text == on_disk, f"{what}: points into a stale copy of {source.path}"
    else:
        assert os.path.basename(source.path) == "go_asm.h", f"{what}: in a document that does not exist: {source.path}"


def check_invariants(path: str, text: str, options: Options, headers: dict[str, str] | None = None) -> list[Diagnostic]:
    """Check `text` at `path` twice with one Analyzer and once with a fresh one;
    assert the invariants; return the diagnostics."""
    documents = {path: text, **(headers or {})}
    analyzer = Analyzer(options)
    first = analyzer.check(SourceFile(path, text))
    again = analyzer.check(SourceFile(path, text))
    fresh = Analyzer(options).check(SourceFile(path, text))
    assert [_key(d) for d in first] == [_key(d) for d in again], "not deterministic (same analyzer)"
    assert [_key(d) for d in first] == [_key(d) for d in fresh], "not deterministic (fresh analyzer)"
    for d in first:
        what = f"{d.code} {d.message!r}"
        assert d.severity in SEVERITIES, what
        assert re.fullmatch(r"[a-z][a-z0-9-]*", d.code), what
        assert d.message.strip(), what
        assert d.arch is None or d.arch in GOARCHES, what
        _check_span(d.span, documents, what)
        for related in d.related:
            _check_span(related.span, documents, f"{what} (related {related.message!r})")
    return first


arches = st.lists(st.sampled_from(GOARCHES), min_size=1, max_size=2, unique=True).map(tuple)
file_names = st.sampled_from(["x.s", "x.s", "x.s", "x_amd64.s", "x_arm64.s", "x_linux_386.s", "x_windows.s"])


# --- (a) random text ---------------------------------------------------------

FRAGMENTS = [
    "#define ",
    "#undef ",
    "#include ",
    "#ifdef ",
    "#ifndef ",
    "#else",
    "#endif",
    "#line ",
    "#",
    "##",
    "\n",
    "\\\n",
    "\\",
    "\\\\",
    "\r\n",
    "\r",
    "\t",
    " ",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\ufeff",
    "\u2028",
    "\u00b7",
    "\u2215",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "`",
    "/*",
    "*/",
    "//",
    "$",
    ",",
    ";",
    ":",
    ".",
    "-",
    "+",
    "*",
    "/",
    "%",
    "&",
    "|",
    "^",
    "~",
    "<<",
    ">>",
    "@>",
    "->",
    "<>",
    "!",
    "@",
    "(SB)",
    "(FP)",
    "(SP)",
    "(PC)",
    "TEXT ",
    "DATA ",
    "GLOBL ",
    "PCDATA ",
    "FUNCDATA ",
    "PCALIGN ",
    "MOVQ ",
    "MOVD ",
    "JMP ",
    "BEQ ",
    "CALL ",
    "RET",
    "AX",
    "R1",
    "R(3)",
    "X0",
    "V0.B16",
    "F1",
    "g",
    "$0-8",
    "$-8",
    "NOSPLIT",
    "NOSPLIT|NOFRAME",
    "0x",
    "0b",
    "1e",
    "1.5",
    "0x1p-2",
    "99999999999999999999",
    "label:",
    "F(",
    "A",
    "B",
    "x",
    "·f",
    '"textflag.h"',
    '"go_asm.h"',
    '"missing.h"',
    "'a'",
    "'\\n'",
    "/8",
    "<ABIInternal>",
    "\u00e9",
    "\U0001d518",
    "\u202e",
]
random_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4), st.characters(codec=None)),
    max_size=200,
).map("".join)


# Random text alone, or inside a function, where the instruction checks run.
in_function = st.sampled_from(["", '#include "textflag.h"\nTEXT \u00b7f(SB),NOSPLIT,$0-8\n'])


@_settings(examples=400)
@given(text=random_text, goarches=arches, name=file_names, head=in_function)
def test_random_text(tmp_path_factory, text, goarches, name, head):
    path = str(tmp_path_factory.getbasetemp() / "random" / name)
    check_invariants(path, head + text, Options(goarches=goarches))


@_settings(examples=40)
@given(text=random_text)
def test_random_text_every_arch(tmp_path_factory, text):
    path = str(tmp_path_factory.getbasetemp() / "random" / "x.s")
    check_invariants(path, text, Options())


# --- (b) real lines, broken ------------------------------------------------


def _corpus_files() -> list[tuple[str, str]]:
    return sorted((goarch, file) for goarch, files in CORPUS.items() for file in files)


def _edit(rng: random.Random, lines: list[str]) -> None:
    """A raw edit at the character level, anywhere, directives and comments included."""
    i = rng.randrange(len(lines))
    line = lines[i]
    at = rng.randint(0, len(line))
    choice = rng.randrange(7)
    if choice == 0:
        lines[i] = line[:at] + rng.choice(FRAGMENTS) + line[at:]
    elif choice == 1:
        lines[i] = line[:at] + line[rng.randint(at, len(line)) :]
    elif choice == 2 and i + 1 < len(lines):
        lines[i : i + 2] = [line + lines[i + 1]]  # join with the next line
    elif choice == 3:
        lines.insert(i, line)  # duplicate
    elif choice == 4:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif choice == 5:
        lines[i] = line[:at] + "\\"  # a continuation to nowhere
    else:
        lines[i] = line[:at] + chr(rng.choice([0, 9, 11, 12, 13, 0x85, 0xA0, 0x2028, 0xFEFF, 0x1D518])) + line[at:]


@_settings(examples=120)
@given(
    which=st.sampled_from(_corpus_files()),
    rng=st.randoms(use_true_random=False),
    window=st.integers(10, 80),
    edits=st.integers(1, 6),
    whole=st.booleans(),
)
def test_real_lines_mutated(goroot, which, rng, window, edits, whole):
    goarch, file = which
    original = Path(goroot) / "src" / file
    text = original.read_text(encoding="utf-8")
    lines = text.split("\n")
    if not whole:  # a window keeps most examples fast; headers stay resolvable
        start = rng.randrange(max(1, len(lines) - window))
        lines = lines[start : start + window]
    for _ in range(edits):
        if not lines:
            break
        if rng.random() < 0.6:
            corpus = Corpus.of("\n".join(lines), goarch)  # raw edits may have added newlines
            mutation = mutate(rng, corpus) if corpus.statements else None
            if mutation is not None:
                lines = list(corpus.lines)
                lines[mutation.line] = mutation.after
                continue
        _edit(rng, lines)
    mutated = "\n".join(lines)
    options = Options(include_dirs=(str(original.parent),), goarches=(goarch, rng.choice(GOARCHES)))
    check_invariants(str(original.parent / ("mutated_" + original.name)), mutated, options)


# --- (c) macros ----------------------------------------------------------------

MACRO_NAMES = ["A", "B", "C", "F", "G", "MOVQ", "AX", "TEXT", "R1", "x"]
BODY_TOKENS = [
    "A",
    "B",
    "C",
    "F",
    "G",
    "F(A)",
    "G(x, y)",
    "F(",
    "x",
    "y",
    "(",
    ")",
    ",",
    "AX",
    "R1",
    "$1",
    "+",
    "#",
    "##",
    "\\\n",
    "1",
    "\u00b7s(SB)",
    "$0-8",
    "MOVQ",
    ";",
    "\\",
    "//",
    "/*",
    "'",
    '"',
]
USES = [
    "\tMOVQ A, B",
    "\tF(A)",
    "\tG(A, B)",
    "\tG(A)",
    "\tF(",
    "\tF(A,",
    "\tF())",
    "\tF(F(F(A)))",
    "TEXT \u00b7f(SB),0,$0",
    "A:",
    "\tJMP A",
    "#undef A",
    "#undef F",
    "#ifdef A",
    "#ifndef F",
    "#else",
    "#endif",
    "\tC",
    "\tMOVQ $A, AX",
    "\tRET",
    "\tMOVQ x, y",
    "\tTEXT",
    "DATA A+0(SB)/8, $B",
    "GLOBL A(SB), $8",
]

params = st.one_of(st.none(), st.lists(st.sampled_from(["x", "y", "x", "A", "1", ""]), max_size=3))
define = st.builds(
    lambda name, params, body: (
        f"#define {name}{'' if params is None else '(' + ','.join(params) + ')'} {' '.join(body)}"
    ),
    st.sampled_from(MACRO_NAMES),
    params,
    st.lists(st.sampled_from(BODY_TOKENS), max_size=6),
)


def _chain(length: int, width: int) -> list[str]:
    """#define M0 M1 M1 / #define M1 M2 M2 / ...: width**length tokens from M0."""
    return [f"#define M{i} " + " ".join([f"M{i + 1}"] * width) for i in range(length)] + ["\tMOVQ $M0, AX"]


@_settings(examples=200)
@given(
    lines=st.lists(st.one_of(define, st.sampled_from(USES)), max_size=25),
    chain=st.one_of(st.just([]), st.builds(_chain, st.integers(1, 20), st.integers(1, 3))),
    recursive=st.sampled_from(
        [
            "",
            "#define A B\n#define B A\n\tMOVQ A, AX",
            "#define F(x) F(x) x\n\tF(1)",
            "#define A A A\n\tA",
            "#define G(x) G(G(x))\n\tG(1)",
        ]
    ),
    goarch=st.sampled_from(GOARCHES),
    name=file_names,
)
def test_macros(tmp_path_factory, lines, chain, recursive, goarch, name):
    text = "\n".join(['#include "textflag.h"', *chain, recursive, *lines, ""])
    path = str(tmp_path_factory.getbasetemp() / "macros" / name)
    check_invariants(path, text, Options(goarches=(goarch,)))


# --- (d) include graphs -----------------------------------------------------

HEADERS = ["a.h", "b.h", "self.h", "sub/c.h"]
INCLUDE_LINES = [
    '#include "a.h"',
    '#include "b.h"',
    '#include "self.h"',
    '#include "sub/c.h"',
    '#include "c.h"',
    '#include "missing.h"',
    '#include "../a.h"',
    '#include "sub"',
    '#include "textflag.h"',
    '#include "bin.h"',
    '#include "bad.h"',
    "#include",
    "#include <a.h>",
    '#include "a.h" extra',
    '#include "a.h',
    "#ifndef GUARD",
    "#define GUARD",
    "#endif",
    "#define A 1",
    "#undef A",
    "\tMOVQ $A, AX",
    "TEXT \u00b7h(SB),NOSPLIT,$0",
    "\tRET",
    "\tMOVQ AX",
    "#define F(x) x",
]


@_settings(examples=150)
@given(
    contents=st.fixed_dictionaries({name: st.lists(st.sampled_from(INCLUDE_LINES), max_size=8) for name in HEADERS}),
    main=st.lists(st.sampled_from(INCLUDE_LINES), min_size=1, max_size=8),
    goarch=st.sampled_from(GOARCHES),
)
def test_include_graphs(contents, main, goarch):
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "sub").mkdir()
        headers = {}
        for name, lines in contents.items():
            text = "\n".join(lines) + "\n"
            (root / name).write_text(text, encoding="utf-8")
            headers[str(root / name)] = text
        (root / "bin.h").write_bytes(b"\x00\x01binary")
        (root / "bad.h").write_bytes(b"\xff\xfe#define A 2\n")
        headers[str(root / "bad.h")] = "\ufffd\ufffd#define A 2\n"
        path = str(root / "main.s")
        check_invariants(path, "\n".join(main) + "\n", Options(goarches=(goarch,)), headers)
