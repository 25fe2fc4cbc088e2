"""Generate a package's go_asm.h the way `go build` does.

`go build` writes it with `compile -asmhdr` while compiling the package.  We
repeat just that step: `go list -deps -export` gives the Go files and the
dependencies' export data (built once into GOCACHE), `asm -gensymabis` tells
the compiler which functions are in assembly, and `compile -asmhdr` writes
the header.  The result is byte-identical to go build's and is cached until a
file in the package directory changes.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from asm_ls.encoding.cache import LRU
from asm_ls.encoding.flags import Context, asm_command
from asm_ls.golang.locate import find_module
from asm_ls.golang.toolchain import BadOutput, GoEnv, ToolFailed, environment, go_list, run

HEADER = "go_asm.h"
_LIST_FIELDS = "ImportPath,Name,Dir,GoFiles,SFiles,Export,Standard,ImportMap,Module,Error"
_headers: LRU[str] = LRU(maxsize=32)


class ModuleUnusable(ToolFailed):
    """`go list` fails for the whole module or workspace (a go.work naming a
    missing directory, a broken go.mod, a go.mod asking for a newer Go):
    every package there fails the same way, so `root` is what to report."""

    def __init__(self, message: str, root: str):
        super().__init__(message)
        self.root = root


def go_asm_h(
    env: GoEnv, pkgdir: str, ctx: Context, scratch: str, *, timeout: float, cancel: threading.Event | None = None
) -> str:
    """The text of go_asm.h for the package in pkgdir; `scratch` is a private
    directory for the intermediate files.  Raises ToolchainError."""
    key = (
        env.go,
        env.goversion,
        pkgdir,
        ctx.goos,
        ctx.goarch,
        tuple(sorted(ctx.defines().items())),
        _dir_signature(pkgdir),
    )
    header = _headers.get(key)
    if header is None:
        header = _generate(env, pkgdir, ctx, scratch, timeout=timeout, cancel=cancel)
        _headers.put(key, header)
    return header


def _generate(
    env: GoEnv, pkgdir: str, ctx: Context, scratch: str, *, timeout: float, cancel: threading.Event | None
) -> str:
    # Listed from the module's root: an error about the module or its go.work
    # then reads the same for each of its packages, and is reported once.
    module = find_module(Path(pkgdir))
    root = str(module.root) if module is not None else pkgdir
    relative = os.path.relpath(pkgdir, root)
    pattern = "." if relative == "." else "./" + Path(relative).as_posix()
    try:
        packages = go_list(
            env,
            _LIST_FIELDS,
            [pattern],
            flags=["-deps", "-export"],
            cwd=root,
            goos=ctx.goos,
            goarch=ctx.goarch,
            tmpdir=scratch,
            timeout=timeout,
            cancel=cancel,
        )
    except ToolFailed as error:
        raise ModuleUnusable(str(error), root) from None
    pkg = packages[-1] if packages else {}
    if os.path.realpath(pkg.get("Dir", "")) != os.path.realpath(pkgdir):
        raise BadOutput(f"`go list` did not describe the package in {pkgdir}")
    if pkg.get("Error"):
        raise ToolFailed(f"`go list`: {_one_line(pkg['Error'].get('Err', 'failed'))}")
    pkgpath = "main" if pkg.get("Name") == "main" else pkg["ImportPath"]

    scratch_path = Path(scratch)
    importcfg = scratch_path / "importcfg"
    importcfg.write_text(_importcfg(pkg, packages[:-1]))
    header = scratch_path / HEADER
    header.write_text("")  # go build, too, assembles for symabis with an empty header
    symabis = scratch_path / "symabis"
    common: dict[str, Any] = {  # the keyword arguments of both runs
        "env": environment(goos=ctx.goos, goarch=ctx.goarch, tmpdir=scratch),
        "timeout": timeout,
        "cancel": cancel,
        "check": True,
    }
    run(
        [*asm_command(env, ctx, pkgpath, [scratch]), "-gensymabis", "-o", str(symabis), *pkg.get("SFiles", [])],
        cwd=pkgdir,
        **common,
    )
    run(
        [
            env.tool("compile"),
            "-o",
            str(scratch_path / "_pkg_.a"),
            "-p",
            pkgpath,
            *_language_flags(env, pkg),
            "-symabis",
            str(symabis),
            "-importcfg",
            str(importcfg),
            "-pack",
            "-asmhdr",
            str(header),
            *(os.path.join(pkg["Dir"], f) for f in pkg.get("GoFiles", [])),
        ],
        cwd=pkgdir,
        **common,
    )
    return header.read_text()


def _importcfg(pkg: dict, deps: list[dict]) -> str:
    lines = [f"importmap {src}={dst}" for src, dst in sorted(pkg.get("ImportMap", {}).items())]
    lines += [f"packagefile {d['ImportPath']}={d['Export']}" for d in deps if d.get("Export")]
    return "\n".join(lines) + "\n"


def _language_flags(env: GoEnv, pkg: dict) -> list[str]:
    """-std and -lang as go build passes them."""
    if pkg.get("Standard"):
        return ["-std", "-lang=" + ".".join(env.goversion.split(".")[:2])]
    version = (pkg.get("Module") or {}).get("GoVersion")
    return [f"-lang=go{version}"] if version else []


def _dir_signature(pkgdir: str) -> tuple:
    """Names, sizes and times of the package's source files: the header changes
    only when one of them does."""
    try:
        entries = [e for e in os.scandir(pkgdir) if e.name.endswith((".go", ".s", ".h"))]
        return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries))
    except OSError:
        return ()


def _one_line(text: str) -> str:
    """go's error text without its `# package` heading, on one line."""
    return " ".join(" ".join(line.split()) for line in text.splitlines() if line.strip() and not line.startswith("# "))
