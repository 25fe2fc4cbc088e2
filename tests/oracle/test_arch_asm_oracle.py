"""The arch tables agree with what `go tool asm` itself accepts.

For each GOARCH one source file is assembled in which every line tries one
name; the assembler's per-line errors tell which names it knows.
"""

import os
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from asm_ls.arch import GOARCHES, get_arch

pytestmark = pytest.mark.oracle

NOT_A_REGISTER = "illegal or missing addressing mode for symbol"
NOT_AN_INSTRUCTION = "unrecognized instruction"


def assembler_errors(go_binary: str, tmp_path: Path, goarch: str, lines: list[str]) -> dict[int, str]:
    """Line index (into `lines`) -> error text, from `go tool asm -e`."""
    source = tmp_path / f"probe_{goarch}.s"
    source.write_text("TEXT ·probe(SB),0,$0\n" + "".join(f"\t{line}\n" for line in lines))
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOARCH": goarch, "GOOS": get_arch(goarch).goos[0]}
    result = subprocess.run(
        # Not -o /dev/null: the assembler removes its output file when it fails.
        [go_binary, "tool", "asm", "-e", "-p", "probe", "-o", str(tmp_path / "probe.o"), str(source)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    errors: dict[int, str] = defaultdict(str)
    for line_number, message in re.findall(rf"{re.escape(source.name)}:(\d+): (.*)", result.stderr):
        errors[int(line_number) - 2] += message
    return errors


def all_operand_words() -> list[str]:
    arches = [get_arch(goarch) for goarch in GOARCHES]
    return sorted({name for arch in arches for name in arch.registers.keys() | arch.special_operands})


def all_mnemonics() -> list[str]:
    return sorted({word for goarch in GOARCHES for word in get_arch(goarch).mnemonics})


@pytest.mark.parametrize("goarch", GOARCHES)
def test_register_names_match_the_assembler(go_binary, tmp_path, goarch):
    arch = get_arch(goarch)
    names = all_operand_words() + ["NOTAREG", "R99", "X99"]
    errors = assembler_errors(go_binary, tmp_path, goarch, [f"NOP {name}" for name in names])
    accepted = {name for i, name in enumerate(names) if NOT_A_REGISTER not in errors[i]}
    assert accepted == set(arch.registers) | arch.special_operands


@pytest.mark.parametrize("goarch", GOARCHES)
def test_mnemonics_match_the_assembler(go_binary, tmp_path, goarch):
    arch = get_arch(goarch)
    words = all_mnemonics() + ["NOTANOP"]
    errors = assembler_errors(go_binary, tmp_path, goarch, words)
    accepted = {word for i, word in enumerate(words) if NOT_AN_INSTRUCTION not in errors[i]}
    # The enum end markers parse but never encode; the tables leave them out.
    assert accepted - {"XXX", "LAST", "LASTAOUT", "LASTGEN"} == set(arch.mnemonics)


@pytest.mark.parametrize("goarch", GOARCHES)
def test_register_prefix_ranges_match_the_assembler(go_binary, tmp_path, goarch):
    arch = get_arch(goarch)
    prefixes = sorted({p for g in GOARCHES for p in get_arch(g).register_prefixes})
    probes = [(p, n) for p in prefixes for n in (0, 7, 15, 16, 30, 31, 32, 63, 64, 1024, 1025)]
    errors = assembler_errors(go_binary, tmp_path, goarch, [f"NOP {p}({n})" for p, n in probes])
    accepted = {probe for i, probe in enumerate(probes) if not errors[i]}
    expected = {(p, n) for p, n in probes if arch.is_register(f"{p}({n})")}
    assert accepted == expected
