"""The persistent cache of `asm-ls check`: what a directory's check found,
kept on disk and used again while nothing it depends on has changed.

An entry is found by a key made of the tool (a digest of asm-ls's own files
and of the parsers it uses), the options, the Go installation, the checked
files' paths and the content of every Go file, header and go.mod under the
trees the check reads Go declarations from (the Go side of a package reaches
across imports, and some checks read a whole tree). The entry then lists the
other files the check read (assembly, through the Analyzer, and any file
opened) and the directories it listed, with digests of what they held; it is
used only when all of them still hold the same. Editing a `.s` file thus
invalidates the directories that read it; editing a Go file, all of them.

Entries are written to a temporary file and renamed into place, so processes
checking at the same time never see half an entry; an entry that is
truncated, corrupt or of another format is a miss, never an error. Where the
cache directory cannot be written, checks run uncached.

The directory is the user cache directory (platformdirs), or
$ASM_LS_CACHE_DIR; an empty ASM_LS_CACHE_DIR turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata

import platformdirs

from asm_ls.files import UnreadableFile, read_bytes

FORMAT = 2
ENVIRONMENT_VARIABLE = "ASM_LS_CACHE_DIR"
_MAGIC = b"asm-ls check cache"
# The parsers whose versions can change what a check finds.
_DEPENDENCIES = ("tree-sitter", "tree-sitter-go", "lark")
_GO_SIDE = (".go", ".h")
_GO_SIDE_NAMES = ("go.mod", "go.work")
# asm_ls/, all of it: a change to a check changes what a run finds.
_PACKAGE_DIRECTORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cache_directory() -> str | None:
    """Where entries live; None when the cache is off."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    if configured is not None:
        return os.path.abspath(configured) if configured else None
    return os.path.join(platformdirs.user_cache_dir("asm-ls", appauthor=False), "check")


# --- digests -----------------------------------------------------------------


def _sha256(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def file_digest(path: str) -> str:
    """The content of a file, or what stands in for it when it has none."""
    try:
        return _sha256(read_bytes(path))
    except UnreadableFile as error:  # missing, a directory, a FIFO (never opened), too large
        return f"unreadable: {error}"


def listing_digest(directory: str) -> str:
    """The assembly files a directory lists (the Go side is in the tree digest)."""
    try:
        names = sorted(n for n in os.listdir(directory) if n.endswith(".s"))
    except OSError as error:
        return f"unlistable {error.errno}"
    return _sha256(*(n.encode("utf-8", "surrogateescape") for n in names))


@cache
def tool_digest() -> str:
    """asm-ls's own files (code, tables, grammar) and the parsers' versions."""
    parts = [FORMAT.to_bytes(4, "little"), f"{sys.version_info[:2]}".encode()]
    for name in _DEPENDENCIES:
        try:
            parts.append(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            parts.append(f"{name} none".encode())
    for directory, subdirectories, names in os.walk(_PACKAGE_DIRECTORY):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in sorted(names):
            if not name.endswith((".pyc", ".pyo")):
                path = os.path.join(directory, name)
                parts += [os.path.relpath(path, _PACKAGE_DIRECTORY).encode(), file_digest(path).encode()]
    return _sha256(*parts)


def tree_digest(trees: Iterable[str], directories: Iterable[str] = ()) -> str:
    """Every Go file, header, go.mod and go.work under the trees (hidden
    directories aside) and in the directories, by path and content."""
    trees = sorted({os.path.abspath(t) for t in trees})
    trees = [t for t in trees if not _inside(t, [other for other in trees if other != t])]
    directories = sorted({d for d in map(os.path.abspath, directories) if not _inside(d, trees)})
    parts = []
    for path in [
        *(p for t in trees for p in _go_side_files(t, True)),
        *(p for d in directories for p in _go_side_files(d, False)),
    ]:
        parts += [path.encode("utf-8", "surrogateescape"), file_digest(path).encode()]
    return _sha256(*parts)


def _inside(path: str, trees: list[str]) -> bool:
    return any(path == tree or path.startswith(tree + os.sep) for tree in trees)


def _go_side_files(root: str, recursive: bool) -> Iterator[str]:
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if recursive:
                    stack.append(entry.path)
            elif entry.name.endswith(_GO_SIDE) or entry.name in _GO_SIDE_NAMES:
                yield entry.path


# --- recording what a check reads ----------------------------------------------

# The Analyzer raises this audit event for every file it hands a check (a
# cached read included): the open() below it happens only the first time.
READ_EVENT = "asm_ls.read"
_recording: list[Recorder] = []


@dataclass
class Recorder:
    """The files read and directories listed while it is active, with digests
    taken as they were read: a file that changes during the check is stored
    with its old digest, and its entry is then a miss."""

    files: dict[str, str] = field(default_factory=dict)
    listings: dict[str, str] = field(default_factory=dict)
    busy: bool = False

    def dependencies(self) -> list[list[str]]:
        return [["file", path, digest] for path, digest in sorted(self.files.items())] + [
            ["listing", path, digest] for path, digest in sorted(self.listings.items())
        ]


_RECORDED_EVENTS = frozenset({READ_EVENT, "open", "os.listdir", "os.scandir"})


def _audit(event: str, arguments: tuple) -> None:
    # Called for every audit event of the process (imports, compiles, ...): out fast.
    if event not in _RECORDED_EVENTS or not _recording or _recording[-1].busy:
        return
    if event == READ_EVENT and arguments[0] in _recording[-1].files:
        return  # the Analyzer's reads are absolute paths, and most are repeated
    _recording[-1].busy = True  # digests read and list too
    try:
        _record(_recording[-1], event, arguments)
    finally:
        _recording[-1].busy = False


def _record(recorder: Recorder, event: str, arguments: tuple) -> None:
    if event == READ_EVENT or (event == "open" and _reading(arguments)):
        path = _path(arguments[0])
        if (
            path is not None
            and path not in recorder.files
            and not path.endswith(".go")
            and not path.startswith(_PACKAGE_DIRECTORY)
        ):
            recorder.files[path] = file_digest(path)  # Go files are in the tree digest
    elif event in ("os.listdir", "os.scandir"):
        path = _path(arguments[0] if arguments[0] is not None else ".")
        if path is not None and path not in recorder.listings:
            recorder.listings[path] = listing_digest(path)  # now: what the check is about to see


def _reading(arguments: tuple) -> bool:
    _, mode, flags = arguments
    if isinstance(mode, str):
        return not any(c in mode for c in "wax+")
    return isinstance(flags, int) and not flags & (os.O_WRONLY | os.O_RDWR)


def _path(value) -> str | None:
    if isinstance(value, bytes):
        value = os.fsdecode(value)
    if not isinstance(value, (str, os.PathLike)):
        return None  # a file descriptor
    path = os.path.abspath(os.fspath(value))
    if path.endswith((".py", ".pyc", ".so")) or path.startswith(("/proc/", "/dev/", "/sys/")):
        return None  # Python importing itself, or the system
    return path


_hooked = False


@contextmanager
def recording() -> Iterator[Recorder]:
    global _hooked
    if not _hooked:
        sys.addaudithook(_audit)  # cannot be removed; idle while nothing records
        _hooked = True
    recorder = Recorder()
    _recording.append(recorder)
    try:
        yield recorder
    finally:
        _recording.remove(recorder)


# --- entries ----------------------------------------------------------------------


@dataclass(frozen=True)
class CheckCache:
    """Entries of one configuration (tool, options, Go installation, Go trees)."""

    directory: str
    configuration: str  # digest

    @classmethod
    def open(
        cls, options, environment: dict, trees: Iterable[str], directories: Iterable[str] = ()
    ) -> CheckCache | None:
        directory = cache_directory()
        if directory is None:
            return None
        configuration = _sha256(
            tool_digest().encode(),
            json.dumps(asdict(options), sort_keys=True).encode(),
            json.dumps(environment, sort_keys=True).encode(),
            tree_digest(trees, directories).encode(),
        )
        return cls(os.path.join(directory, f"v{FORMAT}"), configuration)

    def _path(self, paths: list[str]) -> str:
        key = _sha256(
            self.configuration.encode(), *(os.path.abspath(p).encode("utf-8", "surrogateescape") for p in sorted(paths))
        )
        return os.path.join(self.directory, key[:2], key + ".json")

    def load(self, paths: list[str], validated: dict[tuple[str, str], str]) -> list | None:
        """The result stored for these files, if what it depends on is unchanged
        (`validated` memoizes digests across entries of one run)."""
        try:
            with open(self._path(paths), "rb") as stream:
                data = stream.read()
            entry = decode_entry(data)
        except (OSError, ValueError):
            return None
        for kind, path, digest in entry["deps"]:
            current = validated.get((kind, path))
            if current is None:
                current = validated[(kind, path)] = file_digest(path) if kind == "file" else listing_digest(path)
            if current != digest:
                return None
        return entry["result"]

    def store(self, paths: list[str], result: list, recorder: Recorder) -> None:
        """Best effort: a cache that cannot be written leaves the check uncached."""
        target = self._path(paths)
        data = encode_entry(recorder.dependencies(), result)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(target))
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, target)  # atomic: readers see the old entry or the new one
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass


def encode_entry(deps: list[list[str]], result: list) -> bytes:
    body = json.dumps({"deps": deps, "result": result}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"%s %d %s\n" % (_MAGIC, FORMAT, _sha256(body).encode()) + body


def decode_entry(data: bytes) -> dict:
    """An entry's content; ValueError when it is not a whole, well-formed entry."""
    header, newline, body = data.partition(b"\n")
    fields = header.split(b" ")
    if not newline or len(fields) != 5 or b" ".join(fields[:3]) != _MAGIC or fields[3] != b"%d" % FORMAT:
        raise ValueError("not an entry of this format")
    if fields[4] != _sha256(body).encode():
        raise ValueError("corrupt entry")
    entry = json.loads(body.decode("utf-8"))
    if not isinstance(entry, dict):
        raise ValueError("malformed entry")
    deps, result = entry.get("deps"), entry.get("result")
    if (
        not isinstance(result, list)
        or not isinstance(deps, list)
        or not all(
            isinstance(d, list) and len(d) == 3 and d[0] in ("file", "listing") and all(isinstance(x, str) for x in d)
            for d in deps
        )
    ):
        raise ValueError("malformed entry")
    return entry
