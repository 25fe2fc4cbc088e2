"""The one place that runs the Go toolchain (`go` and the tools in GOTOOLDIR).

Every run has a fixed argv (no shell), a minimal environment, a timeout, and
its whole process group is killed on timeout or cancellation.  Temporary
files live in a private directory (mode 0700) that is removed afterwards.
Failures are ToolchainError subclasses whose str() is one line.

`run` is synchronous and takes an optional threading.Event to cancel it;
`run_async` wraps it so that cancelling the awaiting task kills the process.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TIMEOUT = 60.0
# `go env` answers at once when go works; waiting longer only blocks the caller.
GO_ENV_TIMEOUT = 10.0
_POLL_SECONDS = 0.05

# The user's own locations are honoured; everything else is pinned so a run
# never downloads, switches toolchains or calls a C compiler.
_PASSED_THROUGH = (
    "PATH",
    "HOME",
    "XDG_CACHE_HOME",
    "XDG_CONFIG_HOME",
    "GOROOT",
    "GOCACHE",
    "GOPATH",
    "GOMODCACHE",
    "GO111MODULE",
    "GOWORK",  # "off", or the go.work to use: the go command's workspace choice is the user's
)
_PINNED = {
    "GOTOOLCHAIN": "local",
    "GOPROXY": "off",
    "CGO_ENABLED": "0",
}
# GOFLAGS the user set that change what `go list` and the compiler see as
# the package, and are safe: which files build (-tags), which go.mod, and
# whether vendor/ is used. `-mod=mod` (it may rewrite go.mod) and anything
# else (-toolexec, -overlay, ...) are dropped.
_KEPT_GOFLAGS = {"-tags", "-modfile"}
_KEPT_MOD_VALUES = {"readonly", "vendor"}


class ToolchainError(Exception):
    """A Go toolchain run that could not give a usable result."""


class GoNotFound(ToolchainError):
    pass


class ToolTimeout(ToolchainError):
    pass


class ToolCancelled(ToolchainError):
    pass


class ToolFailed(ToolchainError):
    pass


class BadOutput(ToolchainError):
    pass


@dataclass(frozen=True)
class Result:
    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class GoEnv:
    """Facts about one `go` installation (from `go env`)."""

    go: str
    goroot: str
    gotooldir: str
    goversion: str

    def tool(self, name: str) -> str:
        """Path of a tool such as `asm` or `compile`."""
        suffix = ".exe" if os.name == "nt" else ""
        return os.path.join(self.gotooldir, name + suffix)


def find_go(setting: str | None = None) -> str:
    """The `go` command: the explicit setting if given, else the one on PATH."""
    if setting:
        if os.path.isfile(setting) and os.access(setting, os.X_OK):
            return setting
        raise GoNotFound(f"Go toolchain not found at {setting}")
    # Only absolute PATH entries: an empty or relative one would run a `go`
    # that the workspace (the server's working directory) provides.
    search = os.pathsep.join(d for d in os.environ.get("PATH", "").split(os.pathsep) if os.path.isabs(d))
    found = shutil.which("go", path=search)
    if not found:
        raise GoNotFound("Go toolchain not found on PATH")
    return found


_go_env_failures: dict[tuple[str, int], ToolchainError] = {}


def go_env(go: str | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> GoEnv:
    """`go env` facts for the chosen `go`, cached while the binary is unchanged.
    A `go` that fails, hangs or prints nonsense is asked once, not on every
    hover: its error is remembered until the binary changes."""
    path = find_go(go)
    try:
        key = (path, os.stat(path).st_mtime_ns)
    except OSError as error:  # removed since find_go looked
        raise GoNotFound(f"cannot run {path}: {error.strerror}") from None
    failure = _go_env_failures.get(key)
    if failure is not None:
        raise type(failure)(str(failure))
    try:
        return _go_env_cached(*key, min(timeout, GO_ENV_TIMEOUT))
    except ToolCancelled:
        raise  # says nothing about this go
    except ToolchainError as error:
        _go_env_failures[key] = error
        raise


@functools.lru_cache(maxsize=8)
def _go_env_cached(go: str, _mtime_ns: int, timeout: float) -> GoEnv:
    keys = ("GOROOT", "GOTOOLDIR", "GOVERSION")
    result = run([go, "env", "-json", *keys], timeout=timeout, check=True)
    try:
        values = json.loads(result.stdout)
        goroot, gotooldir, goversion = (values[k] for k in keys)
    except (ValueError, KeyError, TypeError):
        raise BadOutput(f"`go env` printed unexpected output: {_first_line(result.stdout)!r}") from None
    if not (isinstance(goroot, str) and goroot and isinstance(gotooldir, str) and gotooldir):
        raise BadOutput("`go env` gave no GOROOT or GOTOOLDIR")
    return GoEnv(go=go, goroot=goroot, gotooldir=gotooldir, goversion=str(goversion))


def environment(*, goos: str | None = None, goarch: str | None = None, tmpdir: str | None = None) -> dict[str, str]:
    """The minimal environment for a toolchain run."""
    env = {k: os.environ[k] for k in _PASSED_THROUGH if k in os.environ}
    env.update(_PINNED)
    env["GOFLAGS"] = go_flags(os.environ.get("GOFLAGS", ""))
    if goos:
        env["GOOS"] = goos
    if goarch:
        env["GOARCH"] = goarch
    if tmpdir:
        env["TMPDIR"] = tmpdir  # go's own $WORK goes there too
    return env


def go_flags(user: str) -> str:
    """GOFLAGS for asm-ls's runs: the user's safe flags (see _KEPT_GOFLAGS).
    Never empty: the go command reads an empty GOFLAGS from its own env file
    (`go env -w`), which could hold -mod=mod."""
    kept = ["-buildvcs=false"]  # and `go list` never runs git
    for flag in user.split():
        name, _, value = flag.lstrip("-").partition("=")
        name = "-" + name
        if name in _KEPT_GOFLAGS and value or name == "-mod" and value in _KEPT_MOD_VALUES:
            kept.append(f"{name}={value}")
    return " ".join(kept)


@contextlib.contextmanager
def private_tempdir() -> Iterator[str]:
    """A fresh directory only this user can read (mkdtemp makes it 0700)."""
    path = tempfile.mkdtemp(prefix="asm-ls-")
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def run(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    check: bool = False,
    cancel: threading.Event | None = None,
) -> Result:
    """Run argv to completion; kill its process group on timeout or cancel."""
    argv = tuple(str(a) for a in argv)
    try:
        # stdin is a pipe that communicate() closes at once: no dependence on /dev/null.
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=dict(env) if env is not None else environment(),
            start_new_session=True,
        )
    except OSError as err:
        if isinstance(err, FileNotFoundError) and err.filename == argv[0]:
            raise GoNotFound(f"cannot run {argv[0]}: not found") from None
        raise ToolFailed(f"cannot run {Path(argv[0]).name}: {err.strerror} ({err.filename})") from None
    deadline = time.monotonic() + timeout
    while True:
        try:
            stdout, stderr = proc.communicate(timeout=_POLL_SECONDS)
            break
        except subprocess.TimeoutExpired:
            if cancel is not None and cancel.is_set():
                _kill_group(proc)
                raise ToolCancelled(f"{_describe(argv)} was cancelled") from None
            if time.monotonic() >= deadline:
                _kill_group(proc)
                raise ToolTimeout(f"{_describe(argv)} timed out after {timeout:g} s") from None
        except BaseException:
            _kill_group(proc)
            raise
    result = Result(argv, proc.returncode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"))
    if check and result.returncode != 0:
        raise ToolFailed(failure_message(result))
    return result


async def run_async(argv: Sequence[str], **kwargs) -> Result:
    """`run` in a worker thread; cancelling the awaiting task kills the process."""
    return await call_cancellable(functools.partial(run, argv, **kwargs))


async def call_cancellable(func):
    """Await func(cancel=event) in a thread, setting the event on cancellation."""
    cancel = threading.Event()
    try:
        return await asyncio.to_thread(func, cancel=cancel)
    except asyncio.CancelledError:
        cancel.set()
        raise


def go_list(
    env: GoEnv,
    fields: str,
    patterns: Sequence[str],
    *,
    cwd: str | None = None,
    goos: str | None = None,
    goarch: str | None = None,
    tmpdir: str | None = None,
    flags: Sequence[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    cancel: threading.Event | None = None,
) -> list[dict]:
    """`go list -e -json=FIELDS [flags] PATTERNS...`, one dict per package."""
    result = run(
        [env.go, "list", "-e", f"-json={fields}", *flags, *patterns],
        cwd=cwd,
        env=environment(goos=goos, goarch=goarch, tmpdir=tmpdir),
        timeout=timeout,
        cancel=cancel,
        check=True,
    )
    return _json_stream(result.stdout)


def _json_stream(text: str) -> list[dict]:
    """`go list -json` prints one JSON object after another."""
    decoder = json.JSONDecoder()
    items, index = [], 0
    try:
        while index < len(text):
            if text[index].isspace():
                index += 1
                continue
            item, index = decoder.raw_decode(text, index)
            items.append(item)
    except ValueError:
        raise BadOutput(f"`go list` printed something that is not JSON at offset {index}") from None
    if not all(isinstance(item, dict) for item in items):
        raise BadOutput("`go list` printed JSON that does not describe packages")
    return items


def failure_message(result: Result) -> str:
    """One line saying which tool failed and its first line of complaint."""
    detail = _first_line(result.stderr) or _first_line(result.stdout) or "no output"
    return f"{_describe(result.argv)} failed (exit {result.returncode}): {detail}"


def _kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    # A grandchild that left the group could hold the pipes open: don't wait forever.
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.communicate(timeout=5)


def _describe(argv: Sequence[str]) -> str:
    name = Path(argv[0]).name
    sub = argv[1] if name == "go" and len(argv) > 1 else ""
    return f"`{name} {sub}`" if sub else f"`{name}`"


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
