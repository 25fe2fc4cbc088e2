"""A package directory's import path, and the macros the assembler defines
for it beyond the build context's."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from asm_ls.arch import get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.golang.locate import import_path_of

# cmd/internal/objabi/pkgspecial.go (go1.26) runtimePkgs: for these packages
# cmd/asm defines GOEXPERIMENT_<name> for every enabled experiment.
RUNTIME_PACKAGES = frozenset(
    {
        "runtime",
        "internal/runtime/atomic",
        "internal/runtime/cgroup",
        "internal/runtime/exithook",
        "internal/runtime/gc",
        "internal/runtime/gc/scan",
        "internal/runtime/maps",
        "internal/runtime/math",
        "internal/runtime/sys",
        "internal/runtime/syscall/linux",
        "internal/runtime/syscall/windows",
        "internal/abi",
        "internal/bytealg",
        "internal/byteorder",
        "internal/chacha8rand",
        "internal/coverage/rtcov",
        "internal/cpu",
        "internal/goarch",
        "internal/godebugs",
        "internal/goexperiment",
        "internal/goos",
        "internal/profilerecord",
        "internal/stringslite",
    }
)
EXPERIMENT_TAG = "goexperiment."


@lru_cache(maxsize=1024)
def package_import_path(directory: str) -> str:
    """The import path `go build` would pass as -p for a package directory;
    `main` for a directory in no module."""
    path = Path(os.path.abspath(directory))
    import_path = import_path_of(path)
    return "main" if import_path == path.as_posix() else import_path


def assembler_defines(context: BuildContext, import_path: str) -> dict[str, str]:
    """The -D macros of `go tool asm` for a file of this package in this
    context (a `goexperiment.x` tag of the context is GOEXPERIMENT=x)."""
    defines = dict(context.defines())
    if import_path in RUNTIME_PACKAGES:
        for tag in (*get_arch(context.goarch).tool_tags.get(context.goos, ()), *context.tags):
            if tag.startswith(EXPERIMENT_TAG):
                defines[f"GOEXPERIMENT_{tag[len(EXPERIMENT_TAG) :]}"] = "1"
    return defines
