"""asm-ls's stand-in go_asm.h against the compiler's, for every package of
runtime's build, per GOOS/GOARCH: `go build -work -a -x runtime` writes the
compiler's headers (tests/support/go_asm_headers.py), the stand-in is
computed without a build, and every name and value is compared.

    python bench/go_asm_headers.py [--contexts linux/amd64,js/wasm,...] [--go PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]
from support.go_asm_headers import compiler_headers, defines  # noqa: E402

from asm_ls.arch.context import BuildContext  # noqa: E402
from asm_ls.golang.go_asm_header import synthesize  # noqa: E402
from asm_ls.golang.goroot import find_goroot  # noqa: E402

CONTEXTS = (
    "linux/amd64 linux/arm64 linux/386 linux/arm linux/riscv64 linux/ppc64 linux/ppc64le linux/s390x "
    "linux/loong64 linux/mips linux/mipsle linux/mips64 linux/mips64le js/wasm darwin/amd64 windows/arm64"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contexts", default=",".join(CONTEXTS.split()))
    parser.add_argument("--go", default="go")
    args = parser.parse_args()
    go = shutil.which(args.go)
    goroot = find_goroot(go) if go else None
    if go is None or goroot is None:
        sys.exit(f"go_asm_headers: {args.go} not found, or no GOROOT beside it")
    src = Path(goroot) / "src"
    print(f"{'GOOS/GOARCH':<16} {'packages':>8} {'names':>6} {'differ':>6} {'build s':>8} {'asm-ls s':>8}")
    for context_text in args.contexts.split(","):
        goos, goarch = context_text.split("/")
        context = BuildContext(goos, goarch)
        with tempfile.TemporaryDirectory() as work:
            started = time.perf_counter()
            headers = compiler_headers(go, goarch, goos, Path(work))
            built = time.perf_counter() - started
        started = time.perf_counter()
        differ, names = [], 0
        for package, compiler in sorted(headers.items()):
            ours = defines(synthesize(str(src / package), context).text)
            names += len(compiler)
            wrong = {name: (value, ours.get(name)) for name, value in compiler.items() if ours.get(name) != value}
            extra = sorted(set(ours) - set(compiler))
            if wrong or extra:
                differ.append(f"  {package}: (compiler's, asm-ls's) {wrong}; only asm-ls: {extra}")
        computed = time.perf_counter() - started
        print(f"{context_text:<16} {len(headers):>8} {names:>6} {len(differ):>6} {built:>8.1f} {computed:>8.1f}")
        for line in differ:
            print(line)


if __name__ == "__main__":
    main()
