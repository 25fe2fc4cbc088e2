"""The TEXT rules against `go tool asm`: asm-ls reports a rule exactly when
the assembler rejects the function for that reason, with its message.

The frame rules of cmd/internal/obj come without a line, so each case is a
file of its own: a grid of frame sizes, flags and leaf or not, on every arch.
The front end's rules (ABI selectors, frame operands) come with lines."""

import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from support.asm_oracle import LINUX_DEFINES

from asm_ls.arch import GOARCHES
from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.syntax.source import SourceFile

pytestmark = pytest.mark.oracle

CODES = ("abi-selector", "abiinternal-nosplit", "frame-size", "unbalanced-push", "nosplit-divide")
RULES = re.compile(
    r"unaligned (stack|frame) size|frame size -?\d+ not|negative frame size|NOFRAME functions must"
    r"|bad framesize|unbalanced PUSH/POP|cannot divide in NOSPLIT|ABI selector|ABIInternal requires"
    r"|frame size must be an immediate|argument size must be"
)
GOOS = {"wasm": "js"}
FRAMES = (-16, -8, -4, 0, 6, 12, 16, 24)
FLAGS = ("NOSPLIT", "NOSPLIT|NOFRAME", "0")
BODIES = {"leaf": ["RET"], "call": ["CALL ·g(SB)", "RET"]}


def assembler_messages(
    go_binary: str, goroot: Path, goarch: str, path: Path, package: str
) -> set[tuple[int | None, str]]:
    """(line or None, message) of the assembler's complaints under the rules."""
    argv = [go_binary, "tool", "asm", "-e", "-p", package, "-I", str(goroot / "pkg" / "include")]
    for define in LINUX_DEFINES.get(goarch, (f"GOOS_{GOOS.get(goarch, 'linux')}", f"GOARCH_{goarch}")):
        argv += ["-D", define]
    argv += ["-o", str(path.with_suffix(".o")), str(path)]
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOOS": GOOS.get(goarch, "linux"), "GOARCH": goarch}
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env, check=False)
    found = set()
    for line in done.stderr.splitlines():
        positioned = re.match(rf"^(?:.*/)?{re.escape(path.name)}:(\d+)(?::\d+)?: (.*)$", line)
        if positioned:
            number, message = int(positioned[1]), positioned[2]
        else:
            number, message = None, re.sub(r"^(asm|panic): (\d{5} \([^)]*\)\t.*?: )?", "", line)
        if RULES.search(message):
            found.add((number, _operand_rule(message)))
    return found


def _operand_rule(message: str) -> str:
    """The frame operand rules are parse-errors of syntax.py, which names the
    symbol as written: compare what they say about the operand."""
    return re.sub(r"^TEXT \S+: (frame size must|argument size must)", r"\1", message)


def asm_ls_messages(goarch: str, path: Path, package: str, positioned: bool) -> set[tuple[int | None, str]]:
    analyzer = Analyzer(Options(goarches=(goarch,), gooses=(GOOS.get(goarch, "linux"),)))
    found = set()
    for diagnostic in analyzer.check(SourceFile(str(path), path.read_text()), import_path=package):
        rule = diagnostic.code in CODES or (diagnostic.code == "parse-error" and RULES.search(diagnostic.message))
        if rule:
            line = diagnostic.span.lines_and_columns()[0] + 1
            found.add(
                (
                    line if positioned and diagnostic.code not in NO_POSITION else None,
                    _operand_rule(diagnostic.message.split(" (the assembler")[0]),
                )
            )
    return found


# Rules the assembler reports without a line.
NO_POSITION = frozenset({"frame-size", "unbalanced-push", "nosplit-divide"})


def frame_cases() -> list[tuple[str, str]]:
    cases = []
    for frame in FRAMES:
        for flags in FLAGS:
            for body in BODIES:
                name = f"f{frame}_{flags.replace('|', '_')}_{body}".replace("-", "m")
                text = [
                    '#include "textflag.h"',
                    f"TEXT ·f(SB), {flags}, ${frame}-0",
                    *("\t" + b for b in BODIES[body]),
                    "TEXT ·g(SB), NOSPLIT, $0-0",
                    "\tRET",
                    "",
                ]
                cases.append((name, "\n".join(text)))
    return cases


@pytest.mark.parametrize("goarch", GOARCHES)
def test_frame_rules_are_the_assemblers(go_binary, goroot, tmp_path, goarch):
    def compare(case):
        name, text = case
        path = tmp_path / f"{name}.s"
        path.write_text(text)
        theirs = {m for _, m in assembler_messages(go_binary, goroot, goarch, path, "example.com/frames")}
        ours = {m for _, m in asm_ls_messages(goarch, path, "example.com/frames", positioned=False)}
        return name, theirs, ours

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(compare, frame_cases()))
    differing = [(name, theirs, ours) for name, theirs, ours in results if theirs != ours]
    assert differing == []
    assert any(theirs for _, theirs, _ in results)


CASES = {
    # Outside the runtime no selector is allowed; the message names the symbol as linked.
    "selector_outside.s": (
        "example.com/x",
        """#include "textflag.h"
TEXT ·a<ABIInternal>(SB), NOSPLIT, $0-0
	CALL ·b<ABIInternal>(SB)
	CALL ·b<ABI0>(SB)
	CALL runtime·c<ABIInternal>(SB)
	CALL ·b<>(SB)
	RET
TEXT ·b(SB), NOSPLIT, $0-0
	RET
""",
    ),
    # In the runtime: ABI0 and ABIInternal only, and ABIInternal TEXTs must be NOSPLIT.
    "selector_runtime.s": (
        "runtime",
        """#include "textflag.h"
TEXT ·a<ABIInternal>(SB), NOSPLIT, $0-0
	CALL ·x<Foo>(SB)
	CALL ·b<ABIInternal>(SB)
	RET
TEXT ·b<ABIInternal>(SB), 0, $0-0
	RET
TEXT ·c<ABIInternal>(SB), $0-0
	RET
TEXT ·d<ABI0>(SB), 0, $0-0
	RET
""",
    ),
    # The frame operand: an immediate integer, then -integer; the argument size may be left out.
    "frame_operand.s": (
        "example.com/x",
        """#include "textflag.h"
#define FRAME 16
TEXT ·a(SB), NOSPLIT, $FRAME-0
	RET
TEXT ·b(SB), NOSPLIT, 16
	RET
TEXT ·c(SB), NOSPLIT, $16-8+8
	RET
TEXT ·d(SB), $16
	RET
TEXT ·e(SB), 0, $0
	RET
""",
    ),
}
PUSH_CASES = {
    # Counted in line order: the pops on the second path are counted twice.
    "two_paths": "PUSHQ AX\n\tJEQ done\n\tPOPQ AX\n\tRET\ndone:\n\tPOPQ AX\n\tRET",
    "balanced": "PUSHQ AX\n\tPUSHFQ\n\tPOPFQ\n\tPOPQ AX\n\tRET",
    "left_pushed": "PUSHQ AX\n\tRET",
    "adjsp": "ADJSP $16\n\tRET",
    "adjsp_back": "ADJSP $16\n\tADJSP $-16\n\tRET",
    "no_ret": "PUSHQ AX\n\tJMP ·g(SB)",
}
DIVIDE_CASES = {
    "nosplit_div": ("NOSPLIT", "DIV R1, R2"),
    "nosplit_modu": ("NOSPLIT", "MODU R1, R2, R3"),
    "split_div": ("0", "DIV R1, R2"),
    "nosplit_mul": ("NOSPLIT", "MUL R1, R2"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_front_end_rules_are_the_assemblers(go_binary, goroot, tmp_path, name):
    package, text = CASES[name]
    path = tmp_path / name
    path.write_text(text)
    theirs = assembler_messages(go_binary, goroot, "amd64", path, package)
    assert theirs  # each case breaks a rule
    assert asm_ls_messages("amd64", path, package, positioned=True) == theirs


@pytest.mark.parametrize("name", sorted(PUSH_CASES))
@pytest.mark.parametrize("goarch", ["amd64", "386"])
def test_push_balance_is_the_assemblers(go_binary, goroot, tmp_path, name, goarch):
    body = PUSH_CASES[name].replace("Q", "L") if goarch == "386" else PUSH_CASES[name]
    body = body.replace("JEL", "JEQ")
    path = tmp_path / f"{name}.s"
    path.write_text(f'#include "textflag.h"\nTEXT ·f(SB), NOSPLIT, $0-0\n\t{body}\nTEXT ·g(SB), NOSPLIT, $0-0\n\tRET\n')
    theirs = assembler_messages(go_binary, goroot, goarch, path, "example.com/x")
    assert asm_ls_messages(goarch, path, "example.com/x", positioned=False) == theirs


@pytest.mark.parametrize("name", sorted(DIVIDE_CASES))
def test_divide_in_nosplit_is_the_assemblers(go_binary, goroot, tmp_path, name):
    flags, instruction = DIVIDE_CASES[name]
    path = tmp_path / f"{name}.s"
    path.write_text(f'#include "textflag.h"\nTEXT ·f(SB), {flags}, $0-0\n\t{instruction}\n\tRET\n')
    theirs = assembler_messages(go_binary, goroot, "arm", path, "example.com/x")
    assert asm_ls_messages("arm", path, "example.com/x", positioned=False) == theirs
