"""The compiler's own go_asm.h for each package of runtime's build, for the
oracle test and bench/go_asm_headers.py: `go build -work -a -x runtime`
(the `-a` makes the compiler run, and write each header, even when the build
cache is warm), its compile commands read for `-p PKG ... -asmhdr FILE`."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from support.tools import offline_go_env

DEFINE = re.compile(r"^#define (\w+) (.*)$", re.M)
COMPILE = re.compile(r"\bcompile\b.* -p (\S+) .*-asmhdr (\S+/go_asm\.h)")


def defines(text: str) -> dict[str, str]:
    return dict(DEFINE.findall(text))


def compiler_headers(go_binary: str, goarch: str, goos: str, work: Path) -> dict[str, dict[str, str]]:
    """By import path, the names and values of the go_asm.h the compiler
    writes for each package of runtime's build (work holds the build's files)."""
    env = offline_go_env(goarch, goos, GOFLAGS="", GOTMPDIR=str(work))
    done = subprocess.run(
        [go_binary, "build", "-work", "-a", "-x", "-o", os.devnull, "runtime"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(f"go build runtime for {goos}/{goarch} failed: {done.stderr[-2000:]}")
    work_dir = re.search(r"^WORK=(\S+)$", done.stderr, re.M)
    if work_dir is None:
        raise RuntimeError(f"go build -work printed no WORK= line: {done.stderr[:2000]}")
    return {
        package: defines(Path(header.replace("$WORK", work_dir.group(1))).read_text())
        for package, header in COMPILE.findall(done.stderr)
    }
