"""How right and how readable are the encodings asm-ls shows?

Part 1, GOROOT: every .s file of crypto, math, runtime and internal that
`go list` puts in a linux/amd64 or linux/arm64 package.  For each, the bytes
`assemble` attributes to each line (from its temp copy and the -S listing)
are compared with a second reading: the file assembled in place with go
build's command line, its bytes cut up by the pc-to-line table that the
assembler encodes for the object (`-d pctab=pctoline`), which debuggers and
profilers use.  Also counted: the share of instructions capstone decodes.

Part 2, cmd/asm testdata: files whose lines carry the expected encoding in
a trailing `// 0f1f00` comment (the assembler's own end-to-end tests).  For
every line the assembler accepts, the bytes we show must be one of those.

    python bench/encoding_coverage.py [--goarch amd64 --goarch arm64] [--misses 20]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asm_ls.arch.context import BuildContext
from asm_ls.encoding import Assembly, assemble
from asm_ls.encoding.asmhdr import HEADER, go_asm_h
from asm_ls.encoding.decode import fully_decoded
from asm_ls.encoding.flags import asm_command
from asm_ls.encoding.listing import parse_listing
from asm_ls.encoding.targets import target
from asm_ls.golang.toolchain import GoEnv, environment, go_env, go_list, private_tempdir, run

ROOTS = ("crypto/...", "math/...", "runtime/...", "internal/...")
TESTDATA = {  # cmd/asm/internal/asm/testdata files with expected bytes, by GOARCH
    "amd64": ("amd64enc.s", "amd64enc_extra.s", "avx512enc/*.s"),
    "arm64": ("arm64enc.s", "arm64.s"),
    "386": ("386enc.s",),
    "arm": ("arm.s",),
    "ppc64": ("ppc64.s",),
    "riscv64": ("riscv64.s",),
    "s390x": ("s390x.s",),
    "mips64": ("mips64.s",),
    "loong64": ("loong64enc1.s", "loong64enc2.s", "loong64enc3.s"),
}
DATA_DIRECTIVES = frozenset({"BYTE", "WORD", "HWORD", "LONG", "QUAD", "DWORD", "OCTA"})
_HEXES = re.compile(r"(?:[0-9a-f]{2})+(?: or (?:[0-9a-f]{2})+)*|empty")


@dataclass
class Tally:
    """Counts for one GOARCH; `misses` keeps a few examples of each kind."""

    lines: int = 0
    lines_equal: int = 0
    lines_extended: int = 0  # first instruction equal; the assembler appended more
    instructions: int = 0
    decoded: int = 0
    data_directives: int = 0  # BYTE, WORD, ...: data, not instructions
    files: int = 0
    failed_files: int = 0
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def miss(self, kind: str, text: str) -> None:
        self.misses[kind].append(text)

    def count_decoding(self, goarch: str, asm: Assembly) -> None:
        for fn in asm.functions:
            for inst in fn.instructions:
                if inst.text.split(" ", 1)[0] in DATA_DIRECTIVES:
                    self.data_directives += 1
                    continue
                self.instructions += 1
                if fully_decoded(goarch, fn.code, inst.offset, len(inst.data)):
                    self.decoded += 1
                else:
                    self.miss("capstone", f"{_where(inst.path, inst.line)}: {inst.text} [{inst.data.hex(' ')}]")


def goroot_coverage(env: GoEnv, goarch: str) -> Tally:
    ctx = BuildContext("linux", goarch)
    tally = Tally()
    packages = go_list(
        env, "ImportPath,Name,Dir,SFiles", ROOTS, cwd=env.goroot, goos=ctx.goos, goarch=goarch, timeout=300
    )
    for pkg in packages:
        for name in pkg.get("SFiles") or ():
            path = os.path.join(pkg["Dir"], name)
            tally.files += 1
            try:
                ours = assemble(path, Path(path).read_text(), ctx, pkgpath=pkg["ImportPath"], timeout=300)
                reference = reference_lines(env, ctx, pkg, name)
            except Exception as err:  # a benchmark reports every failure and goes on
                tally.failed_files += 1
                tally.miss("file", f"{path}: {err}")
                continue
            if ours.errors:
                tally.failed_files += 1
                tally.miss("file", f"{path}: {ours.errors[0]}")
                continue
            compare_lines(ours, reference, tally)
            tally.count_decoding(goarch, ours)
    return tally


def reference_lines(env: GoEnv, ctx: BuildContext, pkg: dict, name: str) -> dict[tuple[str, int], bytes]:
    """(function, line) -> bytes, from assembling the file in place exactly as
    go build does: the code from the listing's hex dump, the lines from the
    pc-to-line table the assembler encodes into the object."""
    with private_tempdir() as work:
        Path(work, HEADER).write_text(go_asm_h(env, pkg["Dir"], ctx, work, timeout=300))
        argv = [
            *asm_command(env, ctx, pkg["ImportPath"], [work]),
            "-trimpath",
            f"{work}=>",
            "-o",
            os.path.join(work, "out.o"),
        ]
        run_env = environment(goos=ctx.goos, goarch=ctx.goarch, tmpdir=work)
        listing, tables = (
            run([*argv, *mode, f"./{name}"], cwd=pkg["Dir"], env=run_env, check=True, timeout=300).stdout
            for mode in (["-S"], ["-d", "pctab=pctoline"])
        )
    code = {sym.name: sym.code for sym in parse_listing(listing) if sym.progs}
    lines: dict[tuple[str, int], bytes] = defaultdict(bytes)
    for function, table in _pctab_tables(tables):
        for start, stop, line in _pc_ranges(table, target(ctx.goarch).unit):
            lines[function, line] += code[function][start:stop]
    return lines


def _pctab_tables(text: str) -> Iterable[tuple[str, bytes]]:
    """(function, encoded table) from `asm -d pctab=...` output."""
    function, rows = "", text.splitlines()
    for row, following in zip(rows, rows[1:]):
        if row.startswith("funcpctab "):
            function = row.split()[1]
        elif row.startswith("wrote "):
            yield function, bytes.fromhex(following)


def _pc_ranges(table: bytes, quantum: int) -> Iterable[tuple[int, int, int]]:
    """Decode a pc-value table (cmd/internal/obj/pcln.go): pairs of a zigzag
    varint value delta and a varint pc delta in quanta, ended by a zero."""
    values = iter(_varints(table))
    value, pc = -1, 0
    for delta in values:
        if delta == 0 and pc > 0:
            return
        value += (delta >> 1) ^ -(delta & 1)
        stop = pc + next(values) * quantum
        yield pc, stop, value
        pc = stop


def _varints(data: bytes) -> Iterable[int]:
    value = shift = 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            yield value
            value = shift = 0


def compare_lines(asm: Assembly, reference: dict[tuple[str, int], bytes], tally: Tally) -> None:
    ours: dict[tuple[str, int], bytes] = defaultdict(bytes)
    last_line = {}
    for fn in asm.functions:
        for inst in fn.instructions:
            if inst.path == asm.path:
                ours[fn.name, inst.line] += inst.data
                last_line[fn.name] = inst.line
    for key in sorted(set(ours) | set(reference)):
        tally.lines += 1
        mine, theirs = ours.get(key, b""), reference.get(key, b"")
        # the table gives the last line the function's alignment padding too
        padded = last_line.get(key[0]) == key[1] and theirs.startswith(mine) and not any(theirs[len(mine) :])
        if mine == theirs or padded:
            tally.lines_equal += 1
        else:
            tally.miss(
                "bytes", f"{_where(asm.path, key[1])} {key[0]}: ours [{mine.hex(' ')}] in place [{theirs.hex(' ')}]"
            )


def expected_bytes(text: str) -> dict[int, tuple[bytes, ...]]:
    """Line -> the encodings its `// hex [or hex]` comment allows, read as
    cmd/asm's endtoend_test does: `INST args [// printed form] [// hex]`."""
    expected = {}
    for number, line in enumerate(text.splitlines(), 1):
        statement, *comments = line.split("//")
        statement = statement.strip()
        if not statement or statement.endswith(":") or not comments:
            continue
        note = comments[-1].strip()
        if _HEXES.fullmatch(note):
            choices = note.split(" or ") if note != "empty" else [""]
            expected[number] = tuple(bytes.fromhex(c) for c in choices)
    return expected


def testdata_agreement(env: GoEnv, goarch: str, path: Path, tally: Tally) -> None:
    """Count lines whose shown bytes match the expected ones; rejected lines are skipped."""
    text = path.read_text()
    asm = assemble(str(path), text, BuildContext("linux", goarch), pkgpath="asmtest", go=env.go, timeout=300)
    tally.files += 1
    rejected = {e.line for e in asm.errors}
    if asm.errors:
        tally.miss("file", f"{path.name}: {len(asm.errors)} lines rejected, e.g. {asm.errors[0]}")
    shown: dict[int, list[bytes]] = defaultdict(list)
    for fn in asm.functions:
        for inst in fn.instructions:
            if inst.path == asm.path:
                shown[inst.line].append(inst.data)
    for line, choices in expected_bytes(text).items():
        if line in rejected:
            continue
        tally.lines += 1
        progs = shown.get(line, [])
        if b"".join(progs) in choices:
            tally.lines_equal += 1
        elif progs and progs[0] in choices:
            tally.lines_extended += 1  # delay slots, literal pools, a final UNDEF
        else:
            tally.miss(
                "bytes",
                f"{path.name}:{line}: shown [{b''.join(progs).hex()}] expected {' or '.join(c.hex() for c in choices)}",
            )
    tally.count_decoding(goarch, asm)


def testdata_files(goroot: str, goarch: str) -> Iterable[Path]:
    base = Path(goroot, "src", "cmd", "asm", "internal", "asm", "testdata")
    for pattern in TESTDATA.get(goarch, ()):
        yield from sorted(base.glob(pattern))


def report(title: str, tally: Tally, misses: int) -> None:
    share = 100 * tally.decoded / tally.instructions if tally.instructions else 0.0
    print(
        f"{title}: {tally.files} files ({tally.failed_files} not assembled), "
        f"lines with equal bytes {tally.lines_equal}/{tally.lines}"
        + (
            f" (+{tally.lines_extended} whose first instruction is equal and the assembler appended more)"
            if tally.lines_extended
            else ""
        )
        + ", "
        f"capstone decodes {tally.decoded}/{tally.instructions} instructions ({share:.2f}%; "
        f"{tally.data_directives} data directives not counted)"
    )
    for kind, examples in tally.misses.items():
        print(f"  {kind} misses: {len(examples)}")
        by_text = Counter(examples)
        for example, count in by_text.most_common(misses):
            print(f"    {example}" + (f"  (x{count})" if count > 1 else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--goarch", action="append", help="default: amd64 and arm64")
    parser.add_argument("--misses", type=int, default=15, help="examples to print per kind")
    parser.add_argument("--skip-goroot", action="store_true")
    parser.add_argument("--skip-testdata", action="store_true")
    args = parser.parse_args()
    env = go_env()
    print(f"{env.goversion}, GOROOT {env.goroot}")
    for goarch in args.goarch or ["amd64", "arm64"]:
        if not args.skip_goroot:
            started = time.monotonic()
            tally = goroot_coverage(env, goarch)
            report(f"GOROOT linux/{goarch} ({time.monotonic() - started:.0f} s)", tally, args.misses)
        if not args.skip_testdata:
            tally = Tally()
            for path in testdata_files(env.goroot, goarch):
                testdata_agreement(env, goarch, path, tally)
            report(f"cmd/asm testdata {goarch}", tally, args.misses)
    return 0


def _where(path: str, line: int) -> str:
    return f"{os.path.basename(path)}:{line}"


if __name__ == "__main__":
    sys.exit(main())
