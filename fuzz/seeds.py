"""Seed corpora from the GOROOT: real assembly, cut into windows of lines,
in the input format of fuzz/targets.py (GOARCH byte, files after \\x01NAME
lines). The analyzer seeds carry the package's Go declarations too, so the
package checks see a Go side."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from asm_ls.arch import GOARCHES
from asm_ls.arch.context import contexts_for_file
from asm_ls.golang.goroot import find_goroot
from fuzz.targets import FILE_MARK

WINDOW_LINES = 16
MAX_SEEDS = 1500
GO_WINDOW_LINES = 30


def _windows(lines: list[str], size: int) -> list[str]:
    return ["\n".join(lines[i : i + size]) + "\n" for i in range(0, max(len(lines), 1), size)]


def _goarch_byte(path: Path, text: str) -> int:
    contexts = contexts_for_file(str(path), text, None, None)
    return GOARCHES.index(contexts[0].goarch) if contexts else 0


def _bodyless_go(directory: Path) -> str:
    """The package's Go files' bodyless declarations (and the package clause)."""
    kept = []
    for go_file in sorted(directory.glob("*.go")):
        if go_file.name.endswith("_test.go"):
            continue
        lines = go_file.read_text(encoding="utf-8", errors="replace").split("\n")
        if not kept:
            kept += [line for line in lines if line.startswith("package ")][:1]
        kept += [line for line in lines if line.startswith("func ") and not line.rstrip().endswith("{")]
    return "\n".join(kept) + "\n"


def assembly_seeds(with_go: bool) -> list[bytes]:
    root = find_goroot()
    if root is None:
        sys.exit("fuzz seeds: no GOROOT found (set GOROOT or put go on PATH)")
    found = []
    for path in sorted(Path(root, "src").rglob("*.s")):
        text = path.read_text(encoding="utf-8", errors="replace")
        arch = bytes([_goarch_byte(path, text)])
        go_side = ("\n" + FILE_MARK + "decl.go\n" + _bodyless_go(path.parent)) if with_go else ""
        header = "".join(line + "\n" for line in text.split("\n") if line.startswith("#include"))
        for window in _windows(text.split("\n"), WINDOW_LINES):
            found.append(arch + (header + window + go_side).encode("utf-8"))
    return _spread(found)


def go_seeds() -> list[bytes]:
    root = find_goroot()
    if root is None:
        sys.exit("fuzz seeds: no GOROOT found (set GOROOT or put go on PATH)")
    directories = sorted({p.parent for p in Path(root, "src").rglob("*.s")})
    found = []
    for directory in directories:
        for go_file in sorted(directory.glob("*.go")):
            lines = go_file.read_text(encoding="utf-8", errors="replace").split("\n")
            found += [w.encode("utf-8") for w in _windows(lines, GO_WINDOW_LINES)]
    return _spread(found)


def go_package_seeds() -> list[bytes]:
    """Generated constant expressions (fuzz/goconst.py), a few dozen per seed
    with the base declarations they use, and GOROOT's Go files; each for a
    GOARCH in turn."""
    from fuzz.goconst import corpus, go_file

    texts = [go_file(corpus(24, seed)).encode("utf-8") for seed in range(200)]
    texts += go_seeds()
    return _spread([bytes([index % len(GOARCHES)]) + text for index, text in enumerate(texts)])


def _spread(seeds: list[bytes], limit: int = MAX_SEEDS) -> list[bytes]:
    """At most limit seeds, taken evenly across the tree."""
    step = max(1, len(seeds) // limit)
    return seeds[::step][:limit]


def write_seeds(directory: str, target: str, limit: int = MAX_SEEDS) -> int:
    if target == "gosource":
        chosen = go_seeds()
    elif target == "gopackage":
        chosen = go_package_seeds()
    else:
        chosen = assembly_seeds(with_go=target == "analyzer")
    chosen = _spread(chosen, limit)
    for seed in chosen:
        name = hashlib.sha1(seed).hexdigest()
        Path(directory, name).write_bytes(seed)
    return len(chosen)
