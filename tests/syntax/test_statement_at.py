"""Program.statement_at reads only the functions around the position when
every TEXT is written in the file: it must find what sorting the whole
file's statements finds, at every position of real files."""

from __future__ import annotations

import pytest

import asm_ls.syntax.program as program_module
from asm_ls.engine.analyzer import Analyzer, Options

FILES = [
    "crypto/internal/fips140/sha256/sha256block_amd64.s",  # labels before DATA and TEXT
    "runtime/sys_linux_amd64.s",
    "internal/bytealg/indexbyte_amd64.s",
    "runtime/sys_linux_arm64.s",
]


@pytest.mark.parametrize("relative", FILES)
def test_the_functions_around_a_position_give_what_the_whole_file_gives(goroot, relative):
    path = str(goroot / "src" / relative)
    analyzer = Analyzer(Options(goarches=(relative.rsplit("_", 1)[1].removesuffix(".s"),)))
    source = analyzer.source(path)
    assert source is not None
    [context] = analyzer.contexts(source)
    program = analyzer.analyze(source, context).program
    every = [(0, None, program.preamble)]
    for function in program.functions:
        every.append((every[-1][0] + len(every[-1][2]), function, function.statements))
    whole = program_module._sorted_places(source, every)
    around = 0
    for offset in range(0, len(source.text), 2):
        found = program.statement_at(source, offset)
        around += program._scopes_around(source, offset) is not None
        expected = program_module._first_covering(whole, offset)
        assert found[0] is expected[0] and found[1] is expected[1], source.position(offset)
    assert around, "the functions around were read"
