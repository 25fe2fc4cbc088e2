"""Operands: every form parses to the right tree and constant expressions
evaluate as cmd/asm evaluates them; whole files of valid operands check clean
on each GOARCH and assemble with `go tool asm`; which forms an arch rejects
agrees with the assembler."""

import os
import re
import subprocess
from pathlib import Path

import pytest
from support.paths import FIXTURES

from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.syntax.ast import (
    Constant,
    Extended,
    FloatConstant,
    Inner,
    Memory,
    Name,
    RegisterList,
    Shifted,
    StringConstant,
    SymbolRef,
)
from asm_ls.syntax.lexer import tokenize
from asm_ls.syntax.operands import common_shape, parse_operand, parse_with_grammar
from asm_ls.syntax.preprocess import Preprocessor
from asm_ls.syntax.program import build_program
from asm_ls.syntax.source import SourceFile
from asm_ls.syntax.statements import split_statements

SYNTAX = FIXTURES / "syntax"
ARCHES = ("amd64", "386", "arm", "arm64", "ppc64le", "s390x", "riscv64", "mips64", "loong64", "wasm")


def parse(text: str):
    tokens, errors = tokenize(SourceFile("operand.s", text))
    assert errors == []
    return parse_operand(tokens).tree


def name(text: str, at: int) -> Name:
    return Name(text, at, at)


def register(text: str, at: int, **rest) -> Inner:
    return Inner(name(text, at), **rest)


def symbol(text: str, pseudo: str, pseudo_at: int, **rest) -> SymbolRef:
    fields = {"at": 0, "static": False, "abi": None, "offset": 0, "has_offset": False} | rest
    return SymbolRef(text, pseudo=pseudo, pseudo_at=pseudo_at, **fields)


# (operand, prefix, tree); `at` values are token indices within the operand.
TREES = [
    ("AX", None, name("AX", 0)),
    ("*AX", "*", name("AX", 1)),
    ("R(3)", None, Name("R", 0, 3, number=3)),
    ("$1", "$", Constant(1)),
    ("$-1", "$", Constant(-1)),
    ("$'a'", "$", Constant(97)),
    ('$"abc"', "$", StringConstant("abc")),
    ("$1.5", "$", FloatConstant(1.5)),
    ("$-1.5e3", "$", FloatConstant(-1500.0)),
    ("$0x1p-2", "$", FloatConstant(0.25)),
    ("$(1.5)", "$", FloatConstant(1.5)),
    ("$.5", "$", FloatConstant(0.5)),
    ("$1e3", "$", FloatConstant(1000.0)),
    # memory
    ("8(SP)", None, Memory(8, register("SP", 2))),
    ("-8(BX)", None, Memory(-8, register("BX", 3))),
    ("(BX)", None, Memory(None, register("BX", 1))),
    ("(BX)(CX*8)", None, Memory(None, register("BX", 1), register("CX", 4, scale=8))),
    ("8(R1)(R2*1)", None, Memory(8, register("R1", 2), register("R2", 5, scale=1))),
    ("(8*2)(R1)", None, Memory(16, register("R1", 6))),
    ("(R1, R2)", None, Memory(None, register("R1", 1, pair=name("R2", 3), pair_separator=","))),
    ("(R1+R2)", None, Memory(None, register("R1", 1, pair=name("R2", 3), pair_separator="+"))),
    ("(R1)(R2<<3)", None, Memory(None, register("R1", 1), register("R2", 4, shift=("<<", 3)))),
    (
        "(R2)(R3.UXTW<<2)",
        None,
        Memory(None, register("R2", 1), Inner(name("R3", 4), extension=Extended(name("R3", 4), "UXTW", 6, shift=2))),
    ),
    # symbols
    ("$sym(SB)", "$", symbol("sym", "SB", 3, at=1)),
    ("sym(SB)", None, symbol("sym", "SB", 2)),
    ("x+8(FP)", None, symbol("x", "FP", 4, offset=8, has_offset=True)),
    ("x-8(SP)", None, symbol("x", "SP", 4, offset=-8, has_offset=True)),
    ("x+(2*8)(FP)", None, symbol("x", "FP", 8, offset=16, has_offset=True)),
    ("sym<>+4(SB)", None, symbol("sym", "SB", 6, static=True, offset=4, has_offset=True)),
    ("sym<>(SB)", None, symbol("sym", "SB", 4, static=True)),
    ("pkg·sym(SB)", None, symbol("pkg·sym", "SB", 2)),
    ("a∕b·c(SB)", None, symbol("a∕b·c", "SB", 2)),
    ("·f<ABIInternal>(SB)", None, symbol("·f", "SB", 5, abi="ABIInternal")),
    ("sym+0(SB)/8", None, symbol("sym", "SB", 4, has_offset=True, data_size=8)),
    ("sym(SB)(CX*8)", None, symbol("sym", "SB", 2, index=register("CX", 5, scale=8))),
    # register lists
    ("[R0-R3, R5]", None, RegisterList(((name("R0", 1), name("R3", 3), None), (name("R5", 5), None, None)))),
    ("[V1.B16, V2.B16]", None, RegisterList(((name("V1", 1), None, "B16"), (name("V2", 5), None, "B16")))),
    ("[X0-X3]", None, RegisterList(((name("X0", 1), name("X3", 3), None),))),
    ("[]", None, RegisterList(())),
    # shifted and extended registers
    ("R1<<2", None, Shifted(name("R1", 0), "<<", 2)),
    ("R1>>2", None, Shifted(name("R1", 0), ">>", 2)),
    ("R1->R2", None, Shifted(name("R1", 0), "->", name("R2", 2))),
    ("R1@>3", None, Shifted(name("R1", 0), "@>", 3)),
    ("R1<<(1+2)", None, Shifted(name("R1", 0), "<<", 3)),
    ("R1.UXTW<<2", None, Extended(name("R1", 0), "UXTW", 2, shift=2)),
    ("R1.SXTW", None, Extended(name("R1", 0), "SXTW", 2)),
    ("V1.B16", None, Extended(name("V1", 0), "B16", 2)),
    ("V2.S[1]", None, Extended(name("V2", 0), "S", 2, element=1)),
]


@pytest.mark.parametrize(("text", "prefix", "value"), TREES, ids=[t[0] for t in TREES])
def test_operand_tree(text, prefix, value):
    tree = parse(text)
    assert tree.errors == ()
    assert (tree.prefix, tree.value) == (prefix, value)


@pytest.mark.parametrize(
    ("text", "qualified"),
    [
        ("pkg·sym(SB)", "pkg.sym"),
        ("a∕b·c(SB)", "a/b.c"),
        ("·f<ABIInternal>(SB)", ".f"),
        ("runtime·memmove(SB)", "runtime.memmove"),
    ],
)
def test_symbol_names_as_the_linker_spells_them(text, qualified):
    assert parse(text).value.qualified == qualified


# (expression, value as int64): precedence as in cmd/asm: * / % << >> & bind
# tighter than + - | ^, all left-associative; arithmetic is on uint64.
EXPRESSIONS = [
    ("$(1+2*3)", 7),
    ("$1+2*3", 7),
    ("$((1+2)*3)", 9),
    ("$(10-2*3)", 4),
    ("$(1-2-3)", -4),
    ("$(2*3+4*5)", 26),
    ("$(1<<3|1)", 9),
    ("$(1|1<<3)", 9),
    ("$(6&3|8)", 10),
    ("$(1|6&3)", 3),
    ("$(6^3)", 5),
    ("$(12/2/3)", 2),
    ("$(7%4*2)", 6),
    ("$(64>>2)", 16),
    ("$(16>>1*2)", 4),
    ("$(2*3<<1)", 12),
    ("$(1<<64)", 0),
    ("$(1<<63)", -(1 << 63)),
    ("$(2*-3)", -6),
    ("$(+5)", 5),
    ("$-(1)", -1),
    ("$~0", -1),
    ("$(-1)", -1),
    ("$'a'", 97),
    ("$'\\n'", 10),
    ("$'\\x41'", 65),
    ("$'\\101'", 65),
    ("$'·'", 0xB7),
    ("$'\\u00e9'", 0xE9),
    ("$0x_ff", 255),
    ("$0XFF", 255),
    ("$0o17", 15),
    ("$0O17", 15),
    ("$017", 15),
    ("$0b101", 5),
    ("$0B11", 3),
    ("$1_000", 1000),
    ("$0x_1_0", 16),
    ("$0xffffffffffffffff", -1),
]


@pytest.mark.parametrize(("text", "value"), EXPRESSIONS, ids=[e[0] for e in EXPRESSIONS])
def test_constant_expression(text, value):
    assert parse(text).value == Constant(value)


# (operand, message substring); cmd/asm's evaluator refuses these.
OPERAND_ERRORS = [
    ("$(1/0)", "division by zero"),
    # cmd/asm ends a term at `<<`: the assembler says "missing closing paren".
    ("$(1<<2<<3)", "unexpected '<<' in operand"),
    ("$(1<<2*3)", "unexpected '*' in operand"),
    ("$(1%0)", "modulo by zero"),
    ("$(-8/2)", "divide of value with high bit set"),
    ("$(-8%3)", "modulo of value with high bit set"),
    ("$(~0>>1)", "right shift of value with high bit set"),
    ("$(1<<-1)", "negative left shift count"),
    ("$(8>>-1)", "negative right shift count"),
    ("$0x1_", "invalid syntax"),
    ("$1__0", "invalid syntax"),
    ("$09", "invalid syntax"),
    ("$18446744073709551616", "value out of range"),
    ("$'ab'", "invalid rune literal"),
    ("$(1+", "unexpected end of operand"),
    ("$(1+)", "unexpected ')' in operand"),
    ("(R1", "unexpected end of operand"),
    ("R1@>", "unexpected end of operand"),
    ("8(SP", "unexpected end of operand"),
    ("x+8(FP", "unexpected end of operand"),
    ("[R1,,R2]", "unexpected ',' in operand"),
]


@pytest.mark.parametrize(("text", "message"), OPERAND_ERRORS, ids=[e[0] for e in OPERAND_ERRORS])
def test_operand_error(text, message):
    tree = parse(text)
    assert tree.value is None
    ((at, found),) = tree.errors
    assert message in found
    assert 0 <= at < len(tokenize(SourceFile("operand.s", text))[0])


# --- statements ---------------------------------------------------------------

STATEMENTS = """\
DATA x+0(SB)/8, $1
GLOBL x(SB), 0, $8
TEXT ·f(SB), 0, $0
loop: MOVQ AX, BX; RET
end:
\tVADDPD.BCST.Z (AX), Z2, K1, Z1
\tMOVM.IA [R0-R3, R5], (R6)
\tMULL R1, R2, (R3, R4)
TEXT ·g(SB), 0, $0
a: b:
"""


def test_statements_split_at_newlines_and_semicolons():
    statements = split_statements(tokenize(SourceFile("s.s", STATEMENTS))[0])
    assert [([t.text for t in s.labels], s.opcode, [o.text() for o in s.operands]) for s in statements] == [
        ([], "DATA", ["x+0(SB)/8", "$1"]),
        ([], "GLOBL", ["x(SB)", "0", "$8"]),
        ([], "TEXT", ["·f(SB)", "0", "$0"]),
        (["loop"], "MOVQ", ["AX", "BX"]),
        ([], "RET", []),
        (["end"], "VADDPD.BCST.Z", ["(AX)", "Z2", "K1", "Z1"]),  # a label alone labels what follows
        ([], "MOVM.IA", ["[R0-R3, R5]", "(R6)"]),  # commas inside [] and () do not split
        ([], "MULL", ["R1", "R2", "(R3, R4)"]),
        ([], "TEXT", ["·g(SB)", "0", "$0"]),
        (["a", "b"], "", []),  # labels at the end of a block stand alone
    ]
    assert all(s.errors == [] for s in statements)


def test_program_groups_statements_by_text_symbol():
    program = build_program(Preprocessor({}, lambda name, including: "none").run(SourceFile("s.s", STATEMENTS)))
    assert [s.opcode for s in program.preamble] == ["DATA", "GLOBL"]
    assert [(f.name, [s.opcode for s in f.statements]) for f in program.functions] == [
        ("·f", ["TEXT", "MOVQ", "RET", "VADDPD.BCST.Z", "MOVM.IA", "MULL"]),
        ("·g", ["TEXT", ""]),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("MOVQ AX,", "missing operand"),
        ("MOVQ , AX", "missing operand"),
        ("MOVQ. AX, BX", "missing operand"),  # `. AX` is read as a suffix, as cmd/asm does
        ("MOVQ.", "instruction suffix expected identifier, found end of line"),
        ("MOVQ.$1 AX", "instruction suffix expected identifier, found $"),
        ("$1", "expected identifier, found '$'"),
        ("MULL R1:R2:R3", "invalid ':' in operand"),
    ],
)
def test_statement_errors(text, message):
    (statement,) = split_statements(tokenize(SourceFile("s.s", text + "\n"))[0])
    assert [found for _span, found in statement.errors] == [message]


# --- whole files ------------------------------------------------------------


def go_tool_asm(
    go_binary: str, goroot: Path, goarch: str, source: Path, output: Path, *flags: str
) -> subprocess.CompletedProcess:
    """Assemble `source` as `go build` would for GOOS=linux."""
    argv = [
        go_binary,
        "tool",
        "asm",
        *flags,
        "-p",
        "main",
        "-I",
        str(source.parent),
        "-I",
        str(goroot / "pkg" / "include"),
        "-D",
        "GOOS_linux",
        "-D",
        f"GOARCH_{goarch}",
        "-o",
        str(output),
        str(source),
    ]
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOARCH": goarch, "GOOS": "linux"}
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env, check=False)


def assembler_error_lines(result: subprocess.CompletedProcess, source: Path) -> dict[int, str]:
    """1-based line -> the assembler's first error there."""
    lines: dict[int, str] = {}
    for line, message in re.findall(rf"{re.escape(source.name)}:(\d+)(?::\d+)?: (.*)", result.stderr):
        lines.setdefault(int(line), message)
    return lines


def check(path: Path, goarch: str, text: str | None = None):
    source = SourceFile(str(path), path.read_text() if text is None else text)
    return Analyzer(Options(goarches=(goarch,))).check(source)


@pytest.mark.parametrize("goarch", ARCHES)
def test_valid_file_has_no_diagnostics(goarch):
    path = SYNTAX / "valid" / f"valid_{goarch}.s"
    assert [(d.span.lines_and_columns()[0] + 1, d.code, d.message) for d in check(path, goarch)] == []


@pytest.mark.oracle
@pytest.mark.parametrize("goarch", ARCHES)
def test_valid_file_assembles(go_binary, goroot, tmp_path, goarch):
    path = SYNTAX / "valid" / f"valid_{goarch}.s"
    result = go_tool_asm(go_binary, goroot, goarch, path, tmp_path / "out.o")
    assert result.returncode == 0, result.stderr


@pytest.mark.oracle
@pytest.mark.parametrize("fixture", sorted(p.name for p in (SYNTAX / "errors").glob("operands_*.s")))
def test_rejected_lines_are_those_the_assembler_rejects(go_binary, goroot, tmp_path, fixture):
    """The `// want` lines of the operand error fixtures are exactly the lines
    `go tool asm -e` reports."""
    path = SYNTAX / "errors" / fixture
    goarch = path.stem.rsplit("_", 1)[1]
    wanted = {i for i, line in enumerate(path.read_text().splitlines(), 1) if "// want" in line}
    result = go_tool_asm(go_binary, goroot, goarch, path, tmp_path / "out.o", "-e")
    assert set(assembler_error_lines(result, path)) == wanted


def named(cases: list[tuple], key=lambda case: case[0]) -> list:
    """pytest params of `cases`, each with its key as the test id."""
    return [
        pytest.param(*case, id="-".join(key(case)) if isinstance(key(case), tuple) else key(case)) for case in cases
    ]


# (case, file text, whether the assembler rejects it): the edges of lexing.
TEXT_F = "TEXT ·f(SB), 0, $0\n\tRET\n"
FILE_EDGES = [
    ("plain", TEXT_F, False),
    ("crlf", TEXT_F.replace("\n", "\r\n"), False),
    ("empty", "", False),
    ("comment without newline", "// c", False),
    ("non-ascii symbol", "TEXT ·héllo(SB), 0, $0\n\tRET\n", False),
    ("statements on one line", "TEXT ·f(SB), 0, $0; NOP; RET\n", False),
    ("comment in a macro", "#define X MOVQ AX, /* c */ BX // c\nTEXT ·f(SB), 0, $0\n\tX\n\tRET\n", False),
    ("hash in a string", 'DATA ·s+0(SB)/8, $"#abcdefg"\nGLOBL ·s(SB), 0, $8\n' + TEXT_F, False),
    ("go:build after a block comment", "/* c */\n//go:build amd64\n" + TEXT_F, False),
    ("unterminated string", 'TEXT ·f(SB), 0, $0\n\tMOVQ $"abc, AX\n\tRET\n', True),
    ("bad escape", "TEXT ·f(SB), 0, $0\n\tMOVQ $'\\z', AX\n\tRET\n", True),
    ("define without newline", TEXT_F + "#define X 1", True),
    ("backslash outside a define", TEXT_F + "\\\n", True),
    ("form feed", TEXT_F + "\f\n", True),
    ("CR line ends", TEXT_F.replace("\n", "\r"), True),
    ("byte order mark", "\ufeff" + TEXT_F, False),
    ("no final newline", TEXT_F[:-1], True),
    ("raw string", "DATA ·s+0(SB)/8, $`abcdefgh`\nGLOBL ·s(SB), 0, $8\n" + TEXT_F, True),
    ("unknown suffix", "TEXT ·f(SB), 0, $0\n\tRET.X\n", True),
    ("float out of range", "TEXT ·f(SB), 0, $0\n\tMOVSD $1e400, X0\n\tRET\n", True),
    ("seven operands", "TEXT ·f(SB), 0, $0\n\tMOVQ AX, BX, CX, DX, SI, DI, R8\n\tRET\n", True),
]


@pytest.mark.parametrize(("case", "text", "rejected"), named(FILE_EDGES))
def test_file_edges(tmp_path, case, text, rejected):
    found = check(tmp_path / "edge_amd64.s", "amd64", text)
    assert bool(found) == rejected, [d.message for d in found]


@pytest.mark.oracle
@pytest.mark.parametrize(("case", "text", "rejected"), named(FILE_EDGES))
def test_file_edges_are_the_assemblers(go_binary, goroot, tmp_path, case, text, rejected):
    path = tmp_path / "edge_amd64.s"
    path.write_bytes(text.encode())
    result = go_tool_asm(go_binary, goroot, "amd64", path, tmp_path / "out.o")
    assert (result.returncode != 0) == rejected, result.stderr


# --- which arch has which form ---------------------------------------------------

# Each is tried as `NOP <form>` on every arch: asm-ls must reject it exactly
# where the assembler does (for whatever reason: the form or its registers).
FORMS = [
    "AX",
    "*AX",
    "(AX)",
    "g",
    "SP",
    "K1",
    "R(3)",
    "$AX",
    "$1.5",
    "$(1.5)",
    "$-1.5e3",
    "$0x1p-2",
    '$"abc"',
    "$(1<<3|1)",
    "$'a'",
    "$~0",
    "$(1/0)",
    "$(-8/2)",
    "$(1<<-1)",
    "$sym(SB)",
    "$sym+8(SB)",
    "sym<>+8(SB)",
    "pkg·sym+8(SB)",
    "a∕b·c(SB)",
    "x+8(FP)",
    "x-8(SP)",
    "8(SP)",
    "sym+0(SB)/8",
    "(BX)(CX*8)",
    "8(R1)(R2*1)",
    "(R1)(R2*8)",
    "(R1)(R2)",
    "(R1)(R2<<3)",
    "(R1)(R2.UXTW<<3)",
    "R2<<3(R1)",
    "(R1, R2)",
    "(R1+R2)",
    "(R1):(R2)",
    "[R0-R3, R5]",
    "[V1.B16, V2.B16]",
    "[X0-X3]",
    "R1<<2",
    "R1>>2",
    "R1->R2",
    "R1<<R2",
    "R1@>3",
    "R1.UXTW<<2",
    "R1.SXTW",
    "V1.B16",
    "X0.B16",
    "V2.S[1]",
    "V1.D[0]",
]


def rejected_forms(go_binary: str, goroot: Path, goarch: str, workdir: Path) -> tuple[dict, dict]:
    """(form -> assembler error, form -> asm-ls diagnostic) for one arch."""
    text = "TEXT ·probe(SB), 0, $0\n" + "".join(f"\tNOP {form}\n" for form in FORMS) + "\tRET\n"
    path = workdir / f"forms_{goarch}.s"
    path.write_text(text)
    theirs = assembler_error_lines(go_tool_asm(go_binary, goroot, goarch, path, workdir / "out.o", "-e"), path)
    ours: dict[int, str] = {}
    for diagnostic in check(path, goarch, text):
        ours.setdefault(diagnostic.span.lines_and_columns()[0] + 1, diagnostic.message)
    form_of_line = {i + 2: form for i, form in enumerate(FORMS)}
    return (
        {form_of_line[n]: m for n, m in theirs.items() if n in form_of_line},
        {form_of_line[n]: m for n, m in ours.items() if n in form_of_line},
    )


@pytest.fixture(scope="module")
def rejections(go_binary, goroot, tmp_path_factory):
    """goarch -> rejected_forms(goarch), one assembler run per arch."""
    workdir = tmp_path_factory.mktemp("forms")
    found: dict[str, tuple[dict, dict]] = {}

    def of(goarch: str) -> tuple[dict, dict]:
        if goarch not in found:
            found[goarch] = rejected_forms(go_binary, goroot, goarch, workdir)
        return found[goarch]

    return of


@pytest.mark.oracle
@pytest.mark.parametrize(
    ("goarch", "form"), named([(goarch, form) for goarch in ARCHES for form in FORMS], key=lambda case: case)
)
def test_form_is_rejected_where_the_assembler_rejects_it(rejections, goarch, form):
    theirs, ours = rejections(goarch)
    assert (form in ours) == (form in theirs), f"assembler: {theirs.get(form)!r}; asm-ls: {ours.get(form)!r}"


# --- the common shapes built without the grammar ----------------------------------


def _signature(text: str):
    tokens, _ = tokenize(SourceFile("operand.s", text))
    return tuple((t.kind, t.text) for t in tokens)


@pytest.mark.parametrize(
    "text",
    [
        "AX",
        "$8",
        "$0x7fffffffffffffff",
        "$0xffffffffffffffff",
        "$0x1_0000_0000_0000_0000",
        "$08",
        "$1_",
        "(SP)",
        "-8(SP)",
        "8(R1)",
        "0x10(R2)",
        "sym(SB)",
        "·f(SB)",
        "x+8(FP)",
        "x-8(SP)",
        "ret+0x18(FP)",
        "local<>(SB)",
        "local<>+4(SB)",
        "f<ABIInternal>(SB)",
        "tab<>+0x10(SB)/8",
        "tab<>+18446744073709551615(SB)/4",
        "tab(SB)/0",
        "sym+-8(SB)",
        "sym+8(SB)(AX*8)",
        "sym<ABI0>+8(SB)/4",
    ],
)
def test_common_operand_shapes_get_the_grammars_tree(text):
    signature = _signature(text)
    quick = common_shape(signature)
    assert quick is None or quick == parse_with_grammar(signature)


def test_common_operand_shapes_of_the_go_tree_get_the_grammars_tree(goroot):
    analyzer = Analyzer(Options(goarches=("amd64", "arm64")))
    signatures = set()
    for path in sorted(Path(goroot, "src", "crypto").rglob("*.s"))[::3]:
        source = analyzer.source(str(path))
        for context in analyzer.contexts(source):
            for statement in analyzer.analyze(source, context).program.statements:
                signatures.update(tuple((t.kind, t.text) for t in o.tokens) for o in statement.operands)
    quick = {s: common_shape(s) for s in signatures}
    assert sum(tree is not None for tree in quick.values()) > len(signatures) / 2
    assert {s: tree for s, tree in quick.items() if tree is not None and tree != parse_with_grammar(s)} == {}
