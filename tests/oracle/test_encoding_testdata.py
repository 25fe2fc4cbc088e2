"""What we show agrees with the encodings cmd/asm's own tests expect
(`// 0f1f00` comments in $GOROOT/src/cmd/asm/internal/asm/testdata)."""

import importlib.util
import sys

import pytest
from support.paths import REPO

from asm_ls.golang.toolchain import go_env

_BENCH = REPO / "bench" / "encoding_coverage.py"


def bench_module():
    """bench/encoding_coverage.py, which holds the comparison (bench/ is no package)."""
    if "encoding_coverage" not in sys.modules:
        spec = importlib.util.spec_from_file_location("encoding_coverage", _BENCH)
        sys.modules[spec.name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules["encoding_coverage"]


def test_expected_bytes_are_read_like_endtoend_test():
    bench = bench_module()
    text = (
        "\t// comment only // 0f1f00\n"
        "label:\n"
        "\tNOP // 90\n"
        "\tAND $(1<<63), R1 // AND $-9223372036854775808, R1 // 21004192\n"
        "\tMOVQ $1, AX // 48c7c001000000 or b801000000\n"
        "\tCALL foo(SB) // printed form only\n"
    )
    assert bench.expected_bytes(text) == {
        3: (b"\x90",),
        4: (bytes.fromhex("21004192"),),
        5: (bytes.fromhex("48c7c001000000"), bytes.fromhex("b801000000")),
    }


@pytest.mark.oracle
@pytest.mark.parametrize("goarch, name", [("amd64", "amd64enc.s"), ("arm64", "arm64enc.s")])
def test_testdata_encodings_agree(go_binary, goroot, goarch, name):
    bench = bench_module()
    tally = bench.Tally()
    path = goroot / "src" / "cmd" / "asm" / "internal" / "asm" / "testdata" / name
    bench.testdata_agreement(go_env(go_binary), goarch, path, tally)
    assert dict(tally.misses) == {}
    assert tally.lines > 500 and tally.lines_equal == tally.lines
    assert tally.decoded == tally.instructions
