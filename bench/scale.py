"""Generated assembly at real-world scale, next to the Go assembler in the same run.

    python bench/scale.py [--keystrokes 30] [--hovers 100] [--runs 3] [--curve] [--file PATH]

The file is klauspost/reedsolomon v1.14.2's galois_gen_amd64.s (136,023 lines,
765 TEXTs, written by avo), taken through the Go module proxy (`go mod
download`) and copied with its module to a temporary directory. Rows:

- `asm-ls check --goarch amd64` on the file, cache off: wall, CPU and peak
  memory, next to `go tool asm` on the same file with the flags `go build`
  uses (best of --runs each, interleaved), and their ratio;
- the server (`python -m asm_ls --stdio`, the module as its workspace): from
  didOpen to the file's first diagnostics (of a file this large, what its
  reading and quicker checks find), and to the whole check's; typing starts
  once those have come and the workspace is indexed;
- keystrokes typed at one place in a function (a character added at the end
  of an instruction line, then removed), each to the diagnostics published
  for its version: p50/p95, server CPU per keystroke;
- hover at random instruction and operand positions: p50/p95;
- the server's resident memory after opening and after every keystroke.

With --curve, also the scaling curve: files of 10k, 50k, 100k and 200k lines
generated the way avo writes such kernels (a Go stub file beside them), each
checked by the CLI (time, memory) and typed into in the server (keystroke
p50/p95 and server CPU per keystroke, --keystrokes of them). The machine is
shared: wall times drift with its load (printed), CPU times and the ratios
to `go tool asm` hold better.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Server, asm_ls_command
from measure import percentile

MODULE = "github.com/klauspost/reedsolomon@v1.14.2"
FILE = "galois_gen_amd64.s"
ENV = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "ASM_LS_CACHE_DIR": ""}


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float
    returncode: int


def timed(command: list[str], cwd: str) -> Run:
    """A command's wall time, and its CPU and peak memory (its own rusage, children included)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


def module_copy(work: Path) -> Path:
    found = subprocess.run(
        ["go", "mod", "download", "-json", MODULE], env=ENV, capture_output=True, text=True, timeout=600, check=True
    )
    source = Path(json.loads(found.stdout)["Dir"])
    copy = work / "reedsolomon"
    shutil.copytree(source, copy)
    for path in copy.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return copy


def goroot() -> str:
    return subprocess.run(["go", "env", "GOROOT"], env=ENV, capture_output=True, text=True, check=True).stdout.strip()


def assembler(path: Path, package: str, out: Path) -> list[str]:
    """`go tool asm` as `go build` runs it for GOOS=linux GOARCH=amd64."""
    include = os.path.join(goroot(), "pkg", "include")
    return ["go", "tool", "asm", "-p", package, "-I", str(path.parent), "-I", include]  + [
        "-D", "GOOS_linux", "-D", "GOARCH_amd64", "-D", "GOAMD64_v1", "-o", str(out), str(path)
    ]  # fmt: skip


def check_rows(path: Path, package: str, runs: int) -> tuple[Run, Run]:
    """Best of runs (by wall time) for asm-ls check and for go tool asm, interleaved."""
    ours, theirs = [], []
    check = [sys.executable, "-m", "asm_ls", "check", "--goarch", "amd64", "--format", "json", str(path)]
    for _ in range(runs):
        ours.append(timed(check, str(path.parent)))
        theirs.append(timed(assembler(path, package, path.parent / "out.o"), str(path.parent)))
    return min(ours, key=lambda r: r.wall), min(theirs, key=lambda r: r.wall)


def instruction_lines(lines: list[str], rng: random.Random, count: int) -> list[int]:
    candidates = [i for i, line in enumerate(lines) if line.startswith("\t") and not line.strip().startswith("//")]
    return sorted(rng.sample(candidates, min(count, len(candidates))))


@dataclass
class Session:
    open_seconds: float  # to the first diagnostics (of a large file: its first look)
    settled_seconds: float  # to the whole check's, the workspace indexed
    keystrokes: list[float]
    keystroke_cpu: float  # server CPU per keystroke
    hovers: list[float]
    rss_open_mib: float
    rss_mib: list[float]  # after each keystroke


def server_session(path: Path, keystrokes: int, hovers: int, rng: random.Random) -> Session:
    text = path.read_text()
    lines = text.split("\n")
    with Server(asm_ls_command(), env={**ENV}) as server:
        server.initialize(str(path.parent), options={"goarches": ["amd64"]})
        sent = time.perf_counter()
        uri = server.open(str(path), text)
        arrived, _ = server.diagnostics(uri, sent, version=1)
        open_seconds = arrived - sent
        # Typing starts once the whole check has answered and the workspace is indexed: the
        # keystroke rows are of the steady state, not of keystrokes queued behind the opening.
        settled_seconds = server.settled(uri, sent) - sent
        rss_open = server.resident_bytes() / 2**20
        # Typing at one place: the end of an instruction line in the middle of the file.
        line = instruction_lines(lines[len(lines) // 2 :], rng, 1)[0] + len(lines) // 2
        end = len(lines[line])
        version, seconds, rss = 1, [], []
        cpu = server.cpu_seconds()
        for index in range(keystrokes):
            change = (
                {"range": _range(line, end, line, end), "text": "X"}
                if index % 2 == 0
                else {"range": _range(line, end, line, end + 1), "text": ""}
            )
            version += 1
            sent = time.perf_counter()
            server.notify(
                "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
            )
            arrived, _ = server.diagnostics(uri, sent, version)
            seconds.append(arrived - sent)
            rss.append(server.resident_bytes() / 2**20)
        keystroke_cpu = (server.cpu_seconds() - cpu) / max(keystrokes, 1)
        time.sleep(2.0)  # typing has paused: the whole check that confirms the quick ones runs now
        hover_seconds = []
        for line_index in instruction_lines(lines, rng, hovers):
            column = rng.randrange(1, max(2, len(lines[line_index])))

            elapsed, _ = server.call(
                "textDocument/hover",
                {"textDocument": {"uri": uri}, "position": {"line": line_index, "character": column}},
            )
            hover_seconds.append(elapsed)
        return Session(open_seconds, settled_seconds, seconds, keystroke_cpu, hover_seconds, rss_open, rss)


def _range(line: int, character: int, end_line: int, end_character: int) -> dict:
    return {"start": {"line": line, "character": character}, "end": {"line": end_line, "character": end_character}}


# --- generated kernels (the scaling curve) -----------------------------------------------------------------------

REGISTERS = ["AX", "CX", "DX", "BX", "SI", "DI", "R8", "R9", "R10", "R11", "R12", "R13"]


def generate(directory: Path, lines: int, rng: random.Random) -> Path:
    """A package of avo-style kernels of about `lines` lines: each function
    loads its slices from the frame, then loops over AVX2 shuffles and XORs
    whose registers rotate, as reedsolomon's generated galois code does."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "go.mod").write_text("module example.com/gen\n\ngo 1.22\n")
    asm = ['// Code generated by bench/scale.py. DO NOT EDIT.\n\n//go:build !noasm\n\n#include "textflag.h"\n']
    stubs = ["// Code generated by bench/scale.py. DO NOT EDIT.\n\npackage gen\n"]
    written, index = 0, 0
    while written < lines:
        name = f"mulAvx2_{index}x{rng.randrange(1, 10)}"
        body = _kernel(rng, rng.randrange(60, 260))
        asm.append(f"// func {name}(matrix []byte, in [][]byte, out [][]byte, start int, n int)\n")
        asm.append("// Requires: AVX, AVX2, SSE2\n")
        asm.append(f"TEXT ·{name}(SB), NOSPLIT, $0-88\n")
        asm += body
        stubs.append(f"\n//go:noescape\nfunc {name}(matrix []byte, in [][]byte, out [][]byte, start int, n int)\n")
        written += len(body) + 4
        index += 1
    path = directory / "gen_amd64.s"
    path.write_text("".join(asm))
    (directory / "gen_amd64.go").write_text("".join(stubs))
    return path


def _kernel(rng: random.Random, size: int) -> list[str]:
    lines = [
        "\t// Loading no tables to registers\n",
        "\tMOVQ n+80(FP), AX\n",
        "\tMOVQ matrix_base+0(FP), CX\n",
        "\tSHRQ $0x05, AX\n",
        "\tTESTQ AX, AX\n",
        "\tJZ   done\n",
        "\tMOVQ in_base+24(FP), DX\n",
        "\tMOVQ out_base+48(FP), BX\n",
        "\tMOVQ start+72(FP), SI\n",
        "\tMOVQ $0x0000000f, DI\n",
        "\tMOVQ DI, X0\n",
        "\tVPBROADCASTB X0, Y0\n",
        "\nloop:\n",
    ]
    for _ in range(size):
        a, b, c = rng.randrange(1, 15), rng.randrange(1, 15), rng.randrange(1, 15)
        base = rng.choice(REGISTERS[4:])
        choice = rng.randrange(6)
        if choice == 0:
            lines.append(f"\tVMOVDQU ({base})(SI*1), Y{a}\n")
        elif choice == 1:
            lines.append(f"\tVPSRLQ $0x04, Y{a}, Y{b}\n")
        elif choice == 2:
            lines.append(f"\tVPAND Y0, Y{a}, Y{a}\n")
        elif choice == 3:
            lines.append(f"\tVMOVDQU {rng.randrange(0, 64) * 32}(CX), Y{b}\n")
        elif choice == 4:
            lines.append(f"\tVPSHUFB Y{a}, Y{b}, Y{c}\n")
        else:
            lines.append(f"\tVPXOR Y{a}, Y{b}, Y{c}\n")
    lines += [
        "\n\t// Prepare for next loop\n",
        "\tADDQ $0x20, SI\n",
        "\tDECQ AX\n",
        "\tJNZ  loop\n",
        "\tVZEROUPPER\n",
        "\ndone:\n",
        "\tRET\n\n",
    ]
    return lines


def curve(work: Path, sizes: list[int], keystrokes: int, rng: random.Random) -> None:
    print("\nscaling curve (generated avo-style kernels):")
    print(f"{'lines':>8} {'check wall':>11} {'CPU':>8} {'peak':>9} {'go tool asm':>12} {'ratio':>6} "
          f"{'keystroke p50':>14} {'p95':>8} {'CPU/keystroke':>14}")  # fmt: skip
    for size in sizes:
        path = generate(work / f"gen{size}", size, rng)
        ours, theirs = check_rows(path, "example.com/gen", 1)
        session = server_session(path, keystrokes, 0, rng)
        count = path.read_text().count("\n")
        print(
            f"{count:>8} {ours.wall:>9.2f} s {ours.cpu:>6.2f} s {ours.peak_mib:>6.0f} MiB {theirs.wall:>10.2f} s "
            f"{ours.wall / theirs.wall:>5.1f}x {percentile(session.keystrokes, 0.5) * 1000:>11.1f} ms "
            f"{percentile(session.keystrokes, 0.95) * 1000:>5.1f} ms {session.keystroke_cpu * 1000:>11.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keystrokes", type=int, default=30)
    parser.add_argument("--hovers", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3, help="CLI runs of each tool (the best is printed)")
    parser.add_argument("--curve", action="store_true", help="also the 10k/50k/100k/200k-line scaling curve")
    parser.add_argument("--file", help="another assembly file instead of reedsolomon's (in a copy of its directory)")
    arguments = parser.parse_args()
    rng = random.Random(1)
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="asm-ls-scale-") as temporary:
        work = Path(temporary)
        if arguments.file:
            copy = work / "module"
            shutil.copytree(Path(arguments.file).parent, copy)
            path, package = copy / Path(arguments.file).name, "main"
        else:
            path, package = module_copy(work) / FILE, "github.com/klauspost/reedsolomon"
        lines = path.read_text().count("\n")
        ours, theirs = check_rows(path, package, arguments.runs)
        print(f"{path.name}: {lines} lines")
        print(
            f"asm-ls check --goarch amd64 (cache off): {ours.wall:.2f} s wall, {ours.cpu:.2f} s CPU, "
            f"peak {ours.peak_mib:.0f} MiB (exit {ours.returncode})"
        )
        print(f"go tool asm, same file:                  {theirs.wall:.2f} s wall, {theirs.cpu:.2f} s CPU")
        print(f"ratio (wall): {ours.wall / theirs.wall:.1f}x; (CPU): {ours.cpu / max(theirs.cpu, 1e-9):.1f}x")
        session = server_session(path, arguments.keystrokes, arguments.hovers, rng)
        print(
            f"server: didOpen to first diagnostics {session.open_seconds:.2f} s; "
            f"to the whole check's {session.settled_seconds:.2f} s"
        )
        print(
            f"keystrokes (n={len(session.keystrokes)}): p50 {percentile(session.keystrokes, 0.5) * 1000:.1f} ms, "
            f"p95 {percentile(session.keystrokes, 0.95) * 1000:.1f} ms, max {max(session.keystrokes) * 1000:.1f} ms; "
            f"server CPU {session.keystroke_cpu * 1000:.1f} ms per keystroke"
        )
        print(
            f"hover (n={len(session.hovers)}): p50 {percentile(session.hovers, 0.5) * 1000:.1f} ms, "
            f"p95 {percentile(session.hovers, 0.95) * 1000:.1f} ms, max {max(session.hovers) * 1000:.1f} ms"
        )
        rss = session.rss_mib
        print(
            f"server memory: {session.rss_open_mib:.0f} MiB after open; after keystroke 1, "
            f"{len(rss) // 2}, {len(rss)}: {rss[0]:.0f}, {rss[len(rss) // 2 - 1]:.0f}, {rss[-1]:.0f} MiB"
        )
        if arguments.curve:
            curve(work, [10_000, 50_000, 100_000, 200_000], arguments.keystrokes, rng)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
