#!/usr/bin/env python3
"""Build a wheelhouse: asm-ls's wheel and every wheel it needs, for offline installs.

    python tools/wheelhouse.py [OUT]        (default: build/wheelhouse)

The VS Code extension carries it (editors/vscode/bundled/wheels) and installs
the server from it into a private virtual environment on first start, with
`pip install --no-index --find-links`; the pre-commit hook's test installs
the hook from the checkout with it, offline.

asm-ls itself is pure Python, but capstone and tree-sitter are not: their
wheels are per platform (capstone: one per OS and CPU; tree-sitter: one per
CPython version too). The wheelhouse holds them for every (Python, platform)
in TARGETS, at the versions this interpreter resolves, so an install from it
gives every target the same server. It also holds pip (the extension runs pip
from its wheel, so Python needs no ensurepip, which Debian splits out) and
setuptools (the build backend, for installing from a source checkout).
manifest.json lists what it covers. Needs the network (PyPI) once, here, at
packaging time; never at install time.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PYTHONS = ("3.11", "3.12", "3.13", "3.14")
# pip matches --platform tags exactly: name each manylinux tag a wheel may carry.
PLATFORMS = {
    "linux-x64": [f"manylinux_2_{minor}_x86_64" for minor in (28, 17, 5)]
    + ["manylinux2014_x86_64", "manylinux1_x86_64"],
    "linux-arm64": [f"manylinux_2_{minor}_aarch64" for minor in (28, 17)] + ["manylinux2014_aarch64"],
}
TOOLS = ("pip", "setuptools>=68")  # pip runs the install; setuptools builds asm-ls from a checkout


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args, "--disable-pip-version-check", "-q"], check=True, timeout=1200)


def _source_copy(scratch: Path) -> Path:
    """The checkout without what a build must not see: setuptools keeps build/lib between
    builds, so a module removed from the tree would stay in the wheel."""
    source = scratch / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "node_modules", "editors", "tests", "fuzz", "bench", "*.egg-info"
        ),
    )
    return source


def _distribution(wheel: Path) -> tuple[str, str]:
    name, version = wheel.name.split("-")[:2]
    return re.sub(r"[-_.]+", "-", name).lower(), version


def build(out: Path) -> dict:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="asm-ls-wheelhouse-") as scratch:
        # This interpreter's resolution fixes every version.
        _pip("wheel", "-w", str(out), str(_source_copy(Path(scratch))))
        pins = dict(_distribution(wheel) for wheel in out.glob("*.whl"))
        asm_ls = pins.pop("asm-ls")
        constraints = Path(scratch) / "constraints.txt"
        constraints.write_text("".join(f"{name}=={version}\n" for name, version in sorted(pins.items())))
        for python in PYTHONS:
            for tags in PLATFORMS.values():
                platform_args = [arg for tag in tags for arg in ("--platform", tag)]
                _pip(
                    "download",
                    "--only-binary=:all:",
                    "--implementation",
                    "cp",
                    "--python-version",
                    python,
                    *platform_args,
                    "--find-links",
                    str(out),
                    "-c",
                    str(constraints),
                    "-d",
                    str(out),
                    f"asm-ls=={asm_ls}",
                )
        _pip("download", "--only-binary=:all:", "-d", str(out), *TOOLS)
    manifest = {
        "asm-ls": asm_ls,
        "pythons": list(PYTHONS),
        "platforms": list(PLATFORMS),
        "wheels": sorted(wheel.name for wheel in out.glob("*.whl")),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "build" / "wheelhouse"))
    arguments = parser.parse_args()
    manifest = build(Path(arguments.out))
    size = sum(f.stat().st_size for f in Path(arguments.out).iterdir()) / 2**20
    print(
        f"{arguments.out}: asm-ls {manifest['asm-ls']}, {len(manifest['wheels'])} wheels ({size:.1f} MiB) for "
        f"CPython {', '.join(manifest['pythons'])} on {', '.join(manifest['platforms'])}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
