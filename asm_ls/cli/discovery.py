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
    walked (`dir/...` means the same as `dir`). An argument that names no
    assembly (a Go file, a directory without .s files) is a usage error: it
    would otherwise pass in silence."""
    files: list[str] = []
    for argument in arguments:
        path = argument[:-4] or "." if argument.endswith("/...") else argument
        if path == "...":
            path = "."
        if os.path.isdir(path):
            found = discover(path)
            if not found:
                raise UsageError(
                    f"{argument}: no Go assembly (.s files) here or below (testdata, vendor and hidden"
                    " directories are skipped unless named)"
                )
            files.extend(found)
        elif path.endswith(".s") and os.path.exists(path):
            files.append(path)
        elif os.path.exists(path):
            raise UsageError(
                f"{argument}: not a Go assembly (.s) file; a package's Go files are read with its assembly:"
                f" name the directory ({os.path.dirname(path) or '.'})"
            )
        else:
            raise UsageError(f"{argument}: no such file or directory")
    return files
