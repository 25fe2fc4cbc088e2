"""The `go tool asm` command line that `go build` would use (cmd/go asmArgs)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Protocol

from asm_ls.golang.toolchain import GoEnv


class Context(Protocol):
    """asm_ls.arch.context.BuildContext, as far as assembling needs it."""

    # Read-only, as in the frozen BuildContext.
    @property
    def goos(self) -> str: ...

    @property
    def goarch(self) -> str: ...

    def defines(self) -> dict[str, str]: ...


def asm_command(env: GoEnv, ctx: Context, pkgpath: str, include_dirs: Sequence[str]) -> list[str]:
    """`asm -p PKG -I dir... -I $GOROOT/pkg/include -D ...`, without mode or files.
    The directory of the assembled file is searched first by the assembler itself."""
    argv = [env.tool("asm"), "-p", pkgpath]
    for directory in (*include_dirs, os.path.join(env.goroot, "pkg", "include")):
        argv += ["-I", directory]
    for name, value in ctx.defines().items():
        argv += ["-D", f"{name}={value}" if value else name]
    return argv
