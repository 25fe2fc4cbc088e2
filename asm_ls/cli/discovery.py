"""Which files `asm-ls check` and `asm-ls fmt` read: the paths on the command
line, directories walked as `./...` is."""

from __future__ import annotations

import os
from collections.abc import Iterable

from asm_ls.files import discover


class UsageError(Exception):
    """A bad command line or a path that cannot be read: exit status 2."""


def expand_paths(arguments: Iterable[str]) -> list[str]:
    """Assembly files named by the arguments: files as given, directories
    walked (`dir/...` means the same as `dir`)."""
    files: list[str] = []
    for argument in arguments:
        path = argument[:-4] or "." if argument.endswith("/...") else argument
        if path == "...":
            path = "."
        if os.path.isdir(path):
            files.extend(discover(path))
        elif os.path.exists(path):
            files.append(path)
        else:
            raise UsageError(f"{argument}: no such file or directory")
    return files
