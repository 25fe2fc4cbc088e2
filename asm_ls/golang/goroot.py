"""Where the Go installation is, found without running `go` (it is on the
hot path of every check): $GOROOT, else the `go` binary on PATH."""

from __future__ import annotations

import os
import shutil
from functools import cache
from importlib import resources


@cache
def find_goroot(go_binary: str | None = None) -> str | None:
    candidates = [os.environ.get("GOROOT")]
    binary = go_binary or shutil.which("go")
    if binary:
        candidates.append(os.path.dirname(os.path.dirname(os.path.realpath(binary))))
    for root in candidates:
        if root and os.path.isdir(os.path.join(root, "src", "runtime")):
            return root
    return None


def standard_include_dirs(go_binary: str | None = None) -> list[str]:
    """$GOROOT/pkg/include, else the copies bundled with asm-ls."""
    root = find_goroot(go_binary)
    if root and os.path.isdir(os.path.join(root, "pkg", "include")):
        return [os.path.join(root, "pkg", "include")]
    return [str(resources.files("asm_ls").joinpath("data", "include"))]
