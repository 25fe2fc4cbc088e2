"""`asm-ls fmt`: asmfmt's formatting of files, with gofmt's conventions."""

from __future__ import annotations

import os
import sys

from asm_ls.cli.discovery import UsageError, expand_paths
from asm_ls.cli.main import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE
from asm_ls.features.formatting import FormatError, format_text, unified_diff

STDIN = "<standard input>"


def format_paths(paths: list[str], list_files: bool, diff: bool, write: bool) -> int:
    """The formatted text on stdout unless -l, -d or -w; stdin when no path
    is given. Exit 1 when -d printed a diff, 2 after any error (the other
    files are still done): gofmt's conventions."""
    if not paths and write:
        print("asm-ls: fmt: cannot use -w with standard input", file=sys.stderr)
        return EXIT_USAGE
    try:
        files: list[str | None] = list(expand_paths(paths)) if paths else [None]
    except UsageError as error:
        print(f"asm-ls: {error}", file=sys.stderr)
        return EXIT_USAGE
    status = EXIT_CLEAN
    out = sys.stdout.buffer
    for path in files:
        name = path or STDIN
        try:
            data = sys.stdin.buffer.read() if path is None else _read_bytes(path)
            text = data.decode("utf-8", "surrogateescape")  # bytes that are not UTF-8 come back as they were
            formatted = format_text(text)
            if formatted != text:
                if list_files:
                    out.write(os.fsencode(name) + b"\n")
                if write and path is not None:
                    _write_bytes(path, formatted.encode("utf-8", "surrogateescape"))
                if diff:
                    out.write(unified_diff(text, f"{name}.orig", name).encode("utf-8", "surrogateescape"))
                    status = max(status, EXIT_FINDINGS)
            if not (list_files or write or diff):
                out.write(formatted.encode("utf-8", "surrogateescape"))
        except FormatError as error:
            out.flush()
            print(f"{name}:{error.line + 1}: {error.message}", file=sys.stderr)
            status = EXIT_USAGE
        except OSError as error:
            out.flush()
            print(f"asm-ls: {name}: {error.strerror or error}", file=sys.stderr)
            status = EXIT_USAGE
    out.flush()
    return status


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _write_bytes(path: str, data: bytes) -> None:
    """Replace path's contents through a temporary file beside it, keeping
    its permissions: an interrupted write leaves the old file whole."""
    directory, name = os.path.split(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    temporary = os.path.join(directory, f".{name}.asm-ls-fmt-{os.getpid()}")
    try:
        with open(temporary, "wb") as file:
            file.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
