"""Fetch the permissive instruction sources for gen_isa_data.py.

Only package registries are used: golang.org/x/arch through the Go module
proxy and the `opcodes` package from PyPI. The Go toolchain's own source
(GOROOT, BSD-3) is read in place.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

X_ARCH = "golang.org/x/arch"
OPCODES = "opcodes"
TIMEOUT = 300


@dataclass(frozen=True)
class Sources:
    x_arch_dir: Path
    x_arch_version: str
    opcodes_dir: Path
    opcodes_version: str
    goroot: Path
    go_version: str
    work: Path  # a scratch directory for the run


def _go_env() -> dict[str, str]:
    return {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod"}


def run_go(argv: list[str], cwd: Path, stdin: str | None = None) -> str:
    done = subprocess.run(
        argv, cwd=cwd, env=_go_env(), input=stdin, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")
    return done.stdout


def _download_x_arch(work: Path) -> tuple[Path, str]:
    module_dir = work / "mod"
    module_dir.mkdir()
    (module_dir / "go.mod").write_text("module isa_fetch\n")
    info = json.loads(run_go(["go", "mod", "download", "-json", f"{X_ARCH}@latest"], module_dir))
    return Path(info["Dir"]), info["Version"]


def _download_opcodes(work: Path) -> tuple[Path, str]:
    wheel_dir = work / "pip"
    run_go(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-d", str(wheel_dir), OPCODES],
        work,
    )
    (archive,) = wheel_dir.glob(f"{OPCODES}-*.tar.gz")
    version = archive.name.removeprefix(f"{OPCODES}-").removesuffix(".tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(work / "src", filter="data")
    return work / "src" / f"{OPCODES}-{version}", version


def fetch(work: Path) -> Sources:
    """Download both packages into `work` and locate GOROOT."""
    x_arch_dir, x_arch_version = _download_x_arch(work)
    opcodes_dir, opcodes_version = _download_opcodes(work)
    goroot = Path(run_go(["go", "env", "GOROOT"], work).strip())
    go_version = run_go(["go", "env", "GOVERSION"], work).strip()
    return Sources(x_arch_dir, x_arch_version, opcodes_dir, opcodes_version, goroot, go_version, work)
