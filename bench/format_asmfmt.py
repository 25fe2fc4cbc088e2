"""asm-ls's formatting against asmfmt v1.3.2: the same bytes, how fast, and
nothing changed for the assembler.

    python bench/format_asmfmt.py [--asmfmt PATH] [--no-assemble] [--jobs N]

Over every .s file under $(go env GOROOT)/src and the third-party modules
in the module cache: prints, per tree, the files, the files asmfmt accepts,
the files where asm-ls's output is byte-identical to asmfmt's (and the ones
both refuse), then the time of `asm-ls fmt -l` and `asmfmt -l` over all of
them in this run, and the largest file alone. Last, for every GOROOT file,
`go tool asm -S` before and after formatting (for the file's GOARCH from its
name or build constraint, amd64 when it has none; GOOS linux unless named;
go_asm.h from asm-ls's stand-in): listings compared without positions.
No assertions: the figures go into docs/formatting.md.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from measure import REPO, load_average, run

from asm_ls.arch.context import BuildContext, contexts_for_file
from asm_ls.encoding.flags import asm_command
from asm_ls.features.formatting import CRASH_MESSAGE, NUL_MESSAGE, PACKAGE_MESSAGE, FormatError, asmfmt, format_text
from asm_ls.golang.go_asm_header import synthesize
from asm_ls.golang.toolchain import environment, go_env

MODULES = (  # module cache directories, newest version of each
    "golang.org/x/crypto@*",
    "golang.org/x/sys@*",
    "golang.org/x/tools@*",
    "golang.org/x/arch@*",
    "github.com/klauspost/compress@*",
    "github.com/klauspost/reedsolomon@*",
    "gonum.org/v1/gonum@*",
    "github.com/segmentio/asm@*",
    "github.com/zeebo/blake3@*",
    "lukechampine.com/blake3@*",
    "github.com/bytedance/sonic@*",
    "github.com/consensys/gnark-crypto@*",
    "github.com/minio/sha256-simd@*",
    "github.com/cespare/xxhash/v2@*",
)
POSITION = re.compile(r"\([^()\s]+\.[sh]:\d+\)")


def go(*args: str) -> str:
    env = {**os.environ, "GOTOOLCHAIN": "local"}
    return subprocess.run(["go", *args], capture_output=True, text=True, timeout=120, env=env, check=True).stdout


def trees() -> list[tuple[str, list[str]]]:
    goroot = go("env", "GOROOT").strip()
    modcache = go("env", "GOMODCACHE").strip()
    found = [("GOROOT/src", sorted(glob.glob(os.path.join(goroot, "src", "**", "*.s"), recursive=True)))]
    for pattern in MODULES:
        versions = sorted(glob.glob(os.path.join(modcache, pattern)))
        if versions:
            files = sorted(glob.glob(os.path.join(versions[-1], "**", "*.s"), recursive=True))
            found.append((os.path.relpath(versions[-1], modcache), files))
        else:
            found.append((pattern + " (not in the module cache)", []))
    return found


ASMFMT_REFUSALS = (NUL_MESSAGE, PACKAGE_MESSAGE, CRASH_MESSAGE)


def ours(data: bytes) -> tuple[bytes | None, bytes | None, str]:
    """(asm-ls's formatting, asmfmt's rules alone, why asm-ls refused)."""
    text = data.decode("utf-8", "surrogateescape")
    try:
        rules = asmfmt(text).encode("utf-8", "surrogateescape")
    except FormatError as error:
        return None, None, error.message
    try:
        return format_text(text).encode("utf-8", "surrogateescape"), rules, ""
    except FormatError as error:
        return None, rules, error.message


def theirs(asmfmt_binary: str, path: str) -> bytes | None:
    done = subprocess.run([asmfmt_binary, path], capture_output=True, timeout=120, check=False)
    return done.stdout if done.returncode == 0 else None


def compare(asmfmt_binary: str, all_trees: list[tuple[str, list[str]]], jobs: int) -> list[str]:
    """Prints a row per tree; returns the files asm-ls refuses although
    asmfmt formats them (its output would assemble differently)."""
    print(
        f"{'tree':44} {'files':>6} {'asmfmt accepts':>15} {'same rules':>11} {'identical':>10} "
        f"{'kept safe':>10} {'both refuse':>12}"
    )
    kept, differing = [], []
    totals = [0] * 6
    with ThreadPoolExecutor(jobs) as pool:
        for name, files in all_trees:
            expected = list(pool.map(lambda path: theirs(asmfmt_binary, path), files))
            row = [len(files), 0, 0, 0, 0, 0]
            for path, want in zip(files, expected, strict=True):
                with open(path, "rb") as file:
                    got, rules, why = ours(file.read())
                if want is None:
                    row[5] += why in ASMFMT_REFUSALS
                    if why not in ASMFMT_REFUSALS:
                        differing.append(f"{path}: asmfmt refuses it, asm-ls does not")
                    continue
                row[1] += 1
                row[2] += rules == want
                row[3] += got == want
                if got is None and rules == want:
                    row[4] += 1
                    kept.append(f"{path}: {why}")
                elif got != want:
                    differing.append(f"{path}: differs")
            totals = [t + r for t, r in zip(totals, row, strict=True)]
            print(f"{name:44} {row[0]:>6} {row[1]:>15} {row[2]:>11} {row[3]:>10} {row[4]:>10} {row[5]:>12}")
    print(f"{'all':44} {totals[0]:>6} {totals[1]:>15} {totals[2]:>11} {totals[3]:>10} {totals[4]:>10} {totals[5]:>12}")
    print(
        "  same rules: asmfmt's rules as asm-ls reproduces them give asmfmt's bytes; identical: asm-ls fmt's output "
        "is asmfmt's; kept safe: asm-ls leaves the file as it is because asmfmt's output would assemble differently"
    )
    for line in kept + differing:
        print(f"  {line}")
    return [line.split(":", 1)[0] for line in kept]


def timing(asmfmt: str, files: list[str], largest: str) -> None:
    asm_ls = [sys.executable, "-m", "asm_ls", "fmt", "-l"]
    for label, paths in (("all files", files), (f"largest: {os.path.basename(largest)}", [largest])):
        lines = sum(open(path, "rb").read().count(b"\n") for path in paths)
        mine = run(asm_ls + paths)
        reference = run([asmfmt, "-l", *paths])
        print(f"{label} ({len(paths)} files, {lines} lines):")
        print(f"  asm-ls fmt -l  {mine}  (exit {mine.returncode})")
        print(f"  asmfmt -l      {reference}  (exit {reference.returncode})")
        only = sorted(set(reference.stdout.splitlines()) ^ set(mine.stdout.splitlines()))
        for path in only:
            print(f"  listed by {'asmfmt' if path in reference.stdout.splitlines() else 'asm-ls'} only: {path}")
    text = open(largest, encoding="utf-8", errors="surrogateescape").read()
    start = time.perf_counter()
    format_text(text)
    print(f"  format_text in process: {time.perf_counter() - start:.2f} s")


def _context(path: str, text: str) -> BuildContext:
    contexts = contexts_for_file(path, text)
    return next(
        (c for c in contexts if c.goarch == "amd64"), contexts[0] if contexts else BuildContext("linux", "amd64")
    )


def _listing(argv: list[str], path: str, env: dict[str, str], out: str) -> str | None:
    done = subprocess.run([*argv, "-S", "-o", out, path], capture_output=True, text=True, timeout=120, env=env)
    return POSITION.sub("(pos)", done.stdout) if done.returncode == 0 else None


def assemble_one(path: str, goroot: str, work: str, rules_only: bool = False) -> str:
    """'same', 'differs', 'refused' (by the formatter) or 'unassembled' (the
    original does not assemble alone). With rules_only, asmfmt's rules are
    applied even where asm-ls refuses to."""
    with open(path, encoding="utf-8", errors="surrogateescape") as file:
        text = file.read()
    try:
        formatted = asmfmt(text) if rules_only else format_text(text)
    except FormatError:
        return "refused"
    context = _context(path, text)
    directory = tempfile.mkdtemp(dir=work)
    package_dir = os.path.dirname(path)
    try:
        header = synthesize(package_dir, context).text
    except Exception:  # a package asm-ls cannot load: assemble without the header
        header = ""
    with open(os.path.join(directory, "go_asm.h"), "w") as file:
        file.write(header)
    copy = os.path.join(directory, "formatted", os.path.basename(path))
    os.makedirs(os.path.dirname(copy))
    with open(copy, "w", encoding="utf-8", errors="surrogateescape") as file:
        file.write(formatted)
    package = os.path.relpath(package_dir, os.path.join(goroot, "src"))
    argv = asm_command(go_env(), context, package, [directory, package_dir])
    env = environment(goos=context.goos, goarch=context.goarch, tmpdir=directory)
    before = _listing(argv, path, env, os.path.join(directory, "before.o"))
    if before is None:
        return "unassembled"
    after = _listing(argv, copy, env, os.path.join(directory, "after.o"))
    return "same" if after == before else "differs"


def assemble_all(files: list[str], jobs: int, kept: list[str]) -> None:
    goroot = go("env", "GOROOT").strip()
    work = tempfile.mkdtemp(prefix="asm-ls-fmt-bench-")
    try:
        start = time.perf_counter()
        with ThreadPoolExecutor(jobs) as pool:
            results = list(pool.map(lambda path: assemble_one(path, goroot, work), files))
        counts = {kind: results.count(kind) for kind in ("same", "differs", "unassembled", "refused")}
        print(
            f"go tool asm -S over {len(files)} GOROOT files ({time.perf_counter() - start:.0f} s): "
            f"{counts['same']} identical before and after formatting, {counts['differs']} differ, "
            f"{counts['unassembled']} do not assemble alone, {counts['refused']} refused by the formatter"
        )
        for path, result in zip(files, results, strict=True):
            if result == "differs":
                print(f"  differs: {path}")
        for path in kept:
            if path in files:
                print(f"  asmfmt's own output for {path}: {assemble_one(path, goroot, work, rules_only=True)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--asmfmt", default=shutil.which("asmfmt") or os.path.join(go("env", "GOPATH").strip(), "bin", "asmfmt")
    )
    parser.add_argument("--no-assemble", action="store_true", help="skip the go tool asm comparison")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    arguments = parser.parse_args()
    if not os.access(arguments.asmfmt, os.X_OK):
        sys.exit("bench: asmfmt not found (go install github.com/klauspost/asmfmt/cmd/asmfmt@v1.3.2)")
    os.chdir(REPO)
    print(f"asmfmt: {arguments.asmfmt}; {go('version').strip()}; {load_average()}")
    all_trees = trees()
    kept = compare(arguments.asmfmt, all_trees, arguments.jobs)
    files = [path for _, paths in all_trees for path in paths]
    timing(arguments.asmfmt, files, max(files, key=os.path.getsize))
    if not arguments.no_assemble:
        assemble_all(all_trees[0][1], arguments.jobs, kept)
    print(load_average())


if __name__ == "__main__":
    main()
