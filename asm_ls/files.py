"""Reading user files defensively: regular files only, bounded size, text only."""

from __future__ import annotations

import os
import stat

MAX_SOURCE_BYTES = 16 * 1024 * 1024


class UnreadableFile(Exception):
    """A file asm-ls will not read, with a one-line reason."""


def read_text(path: str, limit: int = MAX_SOURCE_BYTES) -> str:
    return decode_text(read_bytes(path, limit))


def read_bytes(path: str, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a regular file of at most limit bytes: a FIFO, device or
    directory would block or mislead whoever reads it."""
    try:
        info = os.stat(path)
    except ValueError:  # a NUL in the path
        raise UnreadableFile("invalid file name") from None
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile("not a regular file")
    if info.st_size > limit:
        raise UnreadableFile(
            f"file is too large ({info.st_size // (1024 * 1024)} MiB; the limit is {limit // (1024 * 1024)} MiB)"
        )
    try:
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from None


def decode_text(data: bytes) -> str:
    if b"\0" in data:
        raise UnreadableFile("binary file (contains NUL bytes)")
    return data.decode("utf-8", errors="replace")
