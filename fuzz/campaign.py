"""A fuzzing campaign: every target in turn, one process at a time (the work
is CPU-bound), with a summary of inputs run per target.

    python fuzz/campaign.py [--runs N] [--only T1,T2] [--scale T=F,...] [--max-len B] [--out DIR]

Each target runs `fuzz/run.py TARGET -runs=N` (scaled per target: the
analyzer runs every check and is slower than the lexer) with its seed corpus
from the GOROOT and its own working corpus under DIR (default
fuzz-out/ in the current directory). A crash or hang stops that target with
its input saved in DIR/TARGET/; the campaign goes on with the next target and
exits non-zero at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from fuzz import seeds  # noqa: E402
from fuzz.targets import TARGETS  # noqa: E402

# Relative sizes: fast components get more inputs.
DEFAULT_SCALE = {
    "statements": 3.5,
    "preprocessor": 3.5,
    "gosource": 2.0,
    "gopackage": 1.0,
    "check": 0.5,
    "analyzer": 0.5,
}
_STAT = re.compile(r"^stat::(\w+):\s+(\d+)", re.M)


def run_target(name: str, runs: int, out: str, max_len: int) -> dict:
    work = os.path.join(out, name)
    seed_dir = os.path.join(out, name + "-seeds")
    os.makedirs(work, exist_ok=True)
    if not os.path.isdir(seed_dir):
        os.makedirs(seed_dir)
        seeds.write_seeds(seed_dir, name)
    started = time.monotonic()
    log_path = os.path.join(out, name + ".log")
    with open(log_path, "w") as log:  # written as it goes: tail it to follow the run
        returncode = subprocess.run(
            [
                sys.executable,
                os.path.join(HERE, "run.py"),
                name,
                work,
                seed_dir,
                f"-runs={runs}",
                f"-max_len={max_len}",
                f"-artifact_prefix={work}/",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        ).returncode
    with open(log_path, errors="replace") as log:
        stats = {k: int(v) for k, v in _STAT.findall(log.read())}
    return {
        "target": name,
        "returncode": returncode,
        "seconds": round(time.monotonic() - started),
        "inputs": stats.get("number_of_executed_units", 0),
        "exec_per_sec": stats.get("average_exec_per_sec", 0),
        "peak_rss_mb": stats.get("peak_rss_mb", 0),
        "slowest_input_s": stats.get("slowest_unit_time_sec", 0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=100_000, help="inputs for a target of scale 1")
    parser.add_argument("--only", help="comma-separated targets (default: all)")
    parser.add_argument("--scale", default="", help="per-target scale, e.g. analyzer=2,gosource=1")
    parser.add_argument(
        "--max-len",
        type=int,
        default=256,
        help="longest input in bytes (short inputs run fast and reach the same code)",
    )
    parser.add_argument("--out", default="fuzz-out")
    arguments = parser.parse_args()
    scale = dict(DEFAULT_SCALE)
    for item in filter(None, arguments.scale.split(",")):
        key, _, value = item.partition("=")
        scale[key] = float(value)
    names = arguments.only.split(",") if arguments.only else list(TARGETS)
    results = []
    for name in names:
        result = run_target(name, int(arguments.runs * scale.get(name, 1.0)), arguments.out, arguments.max_len)
        results.append(result)
        print(result, flush=True)
    total = sum(r["inputs"] for r in results)
    failed = [r["target"] for r in results if r["returncode"] != 0]
    print(f"total inputs: {total}; targets failing: {', '.join(failed) or 'none'}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
