"""Oracle: for each GOARCH, asm-ls's asmdecl findings on the packages under
fixtures/asmdecl/vet are exactly go vet's: the same (file, line, message) set.

The packages get every kind of vet finding wrong on purpose (argument size,
missing declaration, offsets with vet's list of names, move sizes, unknown
and unnamed names, hardware-SP offsets into the argument frame, RET without
a result); vet's messages are never written down here, vet is asked.
"""

import functools
import re
import subprocess
from pathlib import Path

import pytest
from support.paths import FIXTURES
from support.tools import offline_go_env
from support.want import vets_words

from asm_ls.engine.analyzer import Analyzer, Options

pytestmark = pytest.mark.oracle

MODULE = FIXTURES / "asmdecl"
VET_PACKAGES = MODULE / "vet"
FINDING = re.compile(r"^(?P<path>\S+\.s):(?P<line>\d+):\d+: (?P<message>.*)$")

GOARCHES = [
    "amd64",
    "386",
    "arm",
    "arm64",
    "ppc64le",
    "ppc64",
    "s390x",
    "riscv64",
    "mips64",
    "mips64le",
    "mips",
    "mipsle",
    "loong64",
]


@functools.cache
def vet_findings(go: str, goarch: str) -> set[tuple[str, int, str]]:
    env = offline_go_env(goarch)
    done = subprocess.run(
        [go, "vet", "-asmdecl", "./vet/..."], cwd=MODULE, env=env, capture_output=True, text=True, timeout=600
    )
    found = set()
    for line in done.stderr.splitlines():
        match = FINDING.match(line)
        if match:
            found.add((match["path"], int(match["line"]), match["message"]))
        else:
            assert line.startswith("#"), f"vet failed: {done.stderr}"
    return found


def asm_ls_findings(goarch: str) -> set[tuple[str, int, str]]:
    analyzer = Analyzer(Options(goarches=(goarch,), gooses=("linux",)))
    found = set()
    for package in sorted(p for p in VET_PACKAGES.iterdir() if p.is_dir()):
        for diagnostic in analyzer.check_directory(str(package)):
            if diagnostic.code == "asmdecl":
                line = diagnostic.span.lines_and_columns()[0] + 1
                found.add((Path(diagnostic.path).relative_to(MODULE).as_posix(), line, vets_words(diagnostic, goarch)))
    return found


@pytest.mark.parametrize("goarch", GOARCHES)
def test_findings_are_go_vets(go_binary, goarch):
    vet = vet_findings(go_binary, goarch)
    ours = asm_ls_findings(goarch)
    assert len(vet) > 20  # the fixtures do make vet talk on this arch
    assert sorted(ours - vet) == [] and sorted(vet - ours) == []


def test_every_message_kind_is_covered(go_binary):
    """The fixtures reach each kind of vet message on the main arches."""
    kinds = {
        "wrong argument size": r"wrong argument size \d+; expected \$\.\.\.-\d+",
        "missing declaration": r"function \w+ missing Go declaration",
        "invalid offset": r"invalid offset \S+; expected \S+\(FP\)(, .* or \S+)?$",
        "invalid size": r"invalid [A-Z]+ of \S+; .* is \d+-byte value",
        "unknown variable": r"unknown variable \w+(; offset \d+ is \S+)?$",
        "unnamed argument": r"use of unnamed argument \d+\(FP\)",
        "should be named": r"\d+\(\w+\) should be \w+\+\d+\(FP\)",
        "beyond frame": r"use of \d+\(\w+\) points beyond argument frame",
        "into frame": r"use of \d+\(\w+\) to access argument frame",
        "RET without result": r"RET without writing to \d+-byte ret\+\d+\(FP\)",
        "ABIInternal": r"RET without writing to result register",
        "no opcode": r"cannot find assembly opcode",
    }
    common = set(kinds) - {"no opcode"}
    no_sizes = common - {"invalid size"}  # vet knows no move sizes there
    wanted = {
        "amd64": set(kinds),
        "386": common - {"ABIInternal"},
        "arm": common - {"ABIInternal"},
        "arm64": no_sizes,
        "ppc64le": common,
        "s390x": common,
        "riscv64": no_sizes,
        "mips64": common,
        "loong64": common,
    }
    for goarch, expected in wanted.items():
        messages = [m for _, _, m in vet_findings(go_binary, goarch)]
        reached = {kind for kind, pattern in kinds.items() if any(re.search(pattern, m) for m in messages)}
        assert reached == expected, goarch
