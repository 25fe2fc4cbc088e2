"""The user's files: which are Go assembly and where they are under a folder
(as `go build ./...` sees them), and reading them defensively: regular files
only, bounded size, text only."""

from __future__ import annotations

import os
import stat

MAX_SOURCE_BYTES = 16 * 1024 * 1024
ASSEMBLY_SUFFIX = ".s"
# Directories `./...` does not walk (besides hidden and `_` ones).
SKIPPED_DIRECTORIES = frozenset({"testdata", "vendor", "node_modules"})


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


def discover(folder: str) -> list[str]:
    """Assembly files under folder, as `go build ./...` would see them:
    testdata, vendor, hidden and `_` directories skipped, symlinks to
    directories not followed, each directory read once."""
    found: list[str] = []
    seen_directories: set[tuple[int, int]] = set()
    for directory, subdirectories, names in os.walk(folder, followlinks=False):
        try:
            info = os.stat(directory)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen_directories:
            subdirectories[:] = []
            continue
        seen_directories.add((info.st_dev, info.st_ino))
        subdirectories[:] = sorted(
            d for d in subdirectories if d not in SKIPPED_DIRECTORIES and not d.startswith((".", "_"))
        )
        found.extend(os.path.join(directory, n) for n in sorted(names) if n.endswith(ASSEMBLY_SUFFIX))
    return found
