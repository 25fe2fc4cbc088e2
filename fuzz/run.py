"""Coverage-guided fuzzing of one asm-ls component with atheris (libFuzzer).

    python fuzz/run.py TARGET [CORPUS_DIR ...] [libFuzzer flags]

TARGET is one of fuzz/targets.py's TARGETS. With no corpus directory, a
seed corpus is made from the GOROOT's .s and .go files (fuzz/seeds.py) in a
temporary directory. Defaults, each overridable by giving the flag:
-timeout=60 (an input taking longer is a hang, reported as a crash; the first
input that reaches the runtime package analyzes all of its assembly),
-rss_limit_mb=3072, -max_len=1024, -print_final_stats=1.
A crash or hang writes the input to the current directory (crash-*,
timeout-*) and exits non-zero; replay one with `-runs=1 FILE`, and keep it
under fuzz/regressions/TARGET/ so tests/engine/test_fuzz_short.py replays it.
"""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

with atheris.instrument_imports(include=["asm_ls"]):
    from fuzz import seeds, targets

    targets.warm_up()

DEFAULTS = {"-timeout": "60", "-rss_limit_mb": "3072", "-max_len": "1024", "-print_final_stats": "1"}


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in targets.TARGETS:
        sys.exit(f"usage: {argv[0]} {{{'|'.join(targets.TARGETS)}}} [CORPUS_DIR ...] [libFuzzer flags]")
    name, rest = argv[1], argv[2:]
    flags = [a for a in rest if a.startswith("-")]
    given = {f.split("=", 1)[0] for f in flags}
    flags += [f"{k}={v}" for k, v in DEFAULTS.items() if k not in given]
    corpora = [a for a in rest if not a.startswith("-")]
    if not corpora and "-runs=1" not in flags:
        seed_dir = tempfile.mkdtemp(prefix=f"asm-ls-seeds-{name}-")
        seeds.write_seeds(seed_dir, name)
        work_dir = tempfile.mkdtemp(prefix=f"asm-ls-corpus-{name}-")
        corpora = [work_dir, seed_dir]  # new inputs go to the first
    atheris.Setup([argv[0], *flags, *corpora], targets.TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
