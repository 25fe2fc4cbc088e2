"""Assemble a file (or an editor buffer) with `go tool asm -S`, as `go build`
would, and read back the bytes of every line.

The text is written to a private temp dir under the file's own name; the
file's directory stays on the include path so its #includes resolve as they
do on disk, and a generated go_asm.h sits where go build puts it ($WORK)
(asm-ls's stand-in when go cannot generate it).
Results are cached by everything that can change them.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from asm_ls.arch.context import BuildContext
from asm_ls.encoding import asmhdr
from asm_ls.encoding.attribute import build_function
from asm_ls.encoding.cache import LRU
from asm_ls.encoding.flags import Context, asm_command
from asm_ls.encoding.listing import AsmError, ListingError, parse_errors, parse_listing
from asm_ls.encoding.model import Assembly
from asm_ls.encoding.targets import target
from asm_ls.golang.go_asm_header import synthesize
from asm_ls.golang.toolchain import (
    DEFAULT_TIMEOUT,
    BadOutput,
    GoEnv,
    ToolFailed,
    call_cancellable,
    environment,
    failure_message,
    go_env,
    private_tempdir,
    run,
)

_INCLUDE = re.compile(r'#[ \t]*include[ \t]*[<"]([^">]+)[">]')
_LABELS = re.compile(r"^(?:\s*[\w·∕<>.$]+:)*")
_results: LRU[Assembly] = LRU(maxsize=64)
# How many times a file with errors is assembled again, each time without the lines that
# failed (new errors can follow: a label or macro defined on a blanked line).
RECOVERY_RUNS = 3


def assemble(
    path: str,
    text: str,
    ctx: Context,
    *,
    pkgpath: str,
    include_dirs: Sequence[str] = (),
    go: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    cancel: threading.Event | None = None,
    recover: bool = False,
) -> Assembly:
    """The machine code of `text`, the content of the .s file at `path`.

    Assembler errors come back in Assembly.errors; a toolchain that cannot be
    run (missing, timed out, nonsense output) raises ToolchainError. `go tool
    asm` gives no machine code at all when one line fails; with `recover`, the
    file is assembled again without the lines that failed (blanked, so line
    numbers hold; their labels kept), at most RECOVERY_RUNS times, and the
    other lines' code comes back with the first run's errors and
    Assembly.blanked naming the lines left out.
    """
    env = go_env(go, timeout=timeout)
    path = os.path.abspath(path)
    pkgdir = os.path.dirname(path)
    search = (pkgdir, *include_dirs, os.path.join(env.goroot, "pkg", "include"))
    digest, includes = _read_of(text, search)
    key = (
        env.go,
        env.goversion,
        path,
        digest,
        ctx.goos,
        ctx.goarch,
        tuple(sorted(ctx.defines().items())),
        pkgpath,
        tuple(include_dirs),
        tuple((f, _file_digest(f)) for f in includes),
        recover,
    )
    result = _results.get(key)
    if result is None:

        def run(source: str) -> Assembly:
            return _assemble(env, path, source, ctx, pkgpath, include_dirs, includes, timeout=timeout, cancel=cancel)

        result = run(text)
        if recover and result.errors:
            result = _recover(result, text, run)
        _results.put(key, result)
    return result


def _recover(failed: Assembly, text: str, run: Callable[[str], Assembly]) -> Assembly:
    """Assemble again without the lines that fail, until the rest assembles (see `assemble`)."""
    errors = failed.errors
    blanked: set[int] = set()
    for _ in range(RECOVERY_RUNS):
        lines = {e.line for e in errors if e.path == failed.path} - blanked
        if not lines:
            break  # errors only in headers, or the same lines again: nothing left to leave out
        blanked |= lines
        retry = run(blank_lines(text, blanked))
        if not retry.errors:
            return replace(retry, errors=failed.errors, blanked=tuple(sorted(blanked)))
        errors = retry.errors
    return failed


def blank_lines(text: str, lines: set[int]) -> str:
    """`text` with the statements on the given 1-based lines removed: labels, a trailing
    backslash (a #define's continuation) and the line count stay."""
    out = text.split("\n")
    for line in lines:
        if 0 < line <= len(out):
            original = out[line - 1]
            keep = _LABELS.match(original)
            continued = original.rstrip().endswith("\\")
            out[line - 1] = (keep.group(0) if keep else "") + (" \\" if continued else "")
    return "\n".join(out)


async def assemble_async(path: str, text: str, ctx: Context, **kwargs) -> Assembly:
    """`assemble` for the server: cancelling the task kills the toolchain run."""
    return await call_cancellable(lambda cancel: assemble(path, text, ctx, cancel=cancel, **kwargs))


def _assemble(
    env: GoEnv,
    path: str,
    text: str,
    ctx: Context,
    pkgpath: str,
    include_dirs: Sequence[str],
    includes: Sequence[str],
    *,
    timeout: float,
    cancel: threading.Event | None,
) -> Assembly:
    name = os.path.basename(path)
    pkgdir = os.path.dirname(path)
    notes: list[str] = []
    with private_tempdir() as tmp:
        src, work = Path(tmp, "src"), Path(tmp, "work")
        src.mkdir()
        work.mkdir()
        (src / name).write_bytes(_utf8(text))
        header = ""
        if any(os.path.basename(f) == asmhdr.HEADER for f in _wanted_includes(text, includes)):
            try:
                header = asmhdr.go_asm_h(env, pkgdir, ctx, str(work), timeout=timeout, cancel=cancel)
            except (ToolFailed, BadOutput) as err:  # timeouts and cancels propagate
                # (a go.work naming a missing directory, a go.mod asking for a newer Go,
                # a package that does not compile): asm-ls's own header keeps the
                # const_ and struct names defined.
                header = synthesize(pkgdir, BuildContext(ctx.goos, ctx.goarch)).text
                notes.append(stand_in_note(err, pkgdir))
        (work / asmhdr.HEADER).write_text(header)
        argv = [
            *asm_command(env, ctx, pkgpath, [pkgdir, *include_dirs, str(work)]),
            "-S",
            "-e",
            "-trimpath",
            f"{src}=>",
            "-o",
            str(Path(tmp, "out.o")),
            name,
        ]
        done = run(
            argv,
            cwd=str(src),
            timeout=timeout,
            cancel=cancel,
            env=environment(goos=ctx.goos, goarch=ctx.goarch, tmpdir=tmp),
        )
    rename = {name: path, str(src / name): path}
    errors = tuple(AsmError(rename.get(e.path, e.path), e.line, e.message) for e in parse_errors(done.stderr))
    if done.returncode != 0 and not errors:
        raise ToolFailed(failure_message(done))
    try:
        symbols = parse_listing(done.stdout)
    except ListingError as err:
        if errors:  # a failed run may stop mid-listing; its errors are the result
            symbols = ()
        else:
            raise BadOutput(f"`asm -S` printed an unexpected listing: {err}") from None
    source = text.splitlines()
    functions = tuple(
        build_function(sym, target(ctx.goarch), rename, source) for sym in symbols if sym.progs
    )  # functions: STEXT, STEXTFIPS
    return Assembly(path, ctx.goarch, functions, errors, tuple(notes))


def stand_in_note(error: ToolFailed | BadOutput, pkgdir: str) -> str:
    """Why go_asm.h is asm-ls's stand-in: one line, the same for every package
    of a module that `go list` cannot load at all, and beginning the same for
    every GOARCH of a package that does not compile (see note_subject)."""
    if isinstance(error, asmhdr.ModuleUnusable):
        hint = ""
        if "go.work" in str(error):
            hint = " (fix go.work, or set GOWORK=off to check the module on its own)"
        return f"{error}{hint}; go_asm.h in {error.root} and below {STAND_IN}"
    return f"go_asm.h for {pkgdir} {STAND_IN}: {error}"


STAND_IN = "is asm-ls's stand-in"


def note_subject(note: str) -> str:
    """What a note is about: a package's notes for several GOARCHes (go names
    another missing import for each) are one notice."""
    return note.split(STAND_IN, 1)[0] if note.startswith("go_asm.h for ") else note


_last_read: list = [None, None, None]  # (text, search, (digest, includes)): hovers ask again and again


def _read_of(text: str, search: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The text's digest and the files its #include lines name: computed once
    for the text a run of hovers asks about (a generated file's 5 MB took
    20 ms each time)."""
    last_text, last_search, found = _last_read
    if last_text is not text or last_search != tuple(search):
        found = (_digest(text), _included_files(text, search))
        _last_read[:] = [text, tuple(search), found]
    return found


def _included_files(text: str, search: Sequence[str]) -> tuple[str, ...]:
    """Files that the text's #include lines name, found on the search path."""
    found = []
    for name in _include_names(text):
        for directory in search:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                found.append(os.path.abspath(candidate))
                break
    return tuple(found)


def _wanted_includes(text: str, includes: Sequence[str]) -> list[str]:
    """Names the file includes, directly or through the headers it includes."""
    names = _include_names(text)
    for header in includes:
        try:
            names += _include_names(Path(header).read_text(errors="replace"))
        except OSError:
            continue
    return names


def _include_names(text: str) -> list[str]:
    """The names #include lines give, in order. Found by their `#` (a regular
    expression anchored at every line start took 15 ms over a 136k-line file)."""
    names = []
    for match in _INCLUDE.finditer(text):
        at = match.start()
        if not text[text.rfind("\n", 0, at) + 1 : at].strip(" \t"):
            names.append(match.group(1))
    return names


def _utf8(text: str) -> bytes:
    """An editor buffer as a file: a lone surrogate (which JSON can carry) becomes '?'."""
    return text.encode("utf-8", "replace")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""
