"""The tools some tests need (go, Neovim, Emacs, asmfmt, a browser): found, or the
test fails in CI (CI=true, where .ci/run installs them) and is skipped on a
developer's machine that lacks them. Never a silent skip in CI."""

from __future__ import annotations

import os
import shutil

import pytest


def require(what: str, found: str | None, needed_by: str) -> str:
    """found (a path), or fail in CI / skip elsewhere, saying what is missing and who needs it."""
    if found:
        return found
    message = f"{what} is not installed; {needed_by} need it"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must install it: see .ci/run)")
    pytest.skip(message)


def require_on_path(tool: str, needed_by: str) -> str:
    return require(f"{tool!r} (on PATH)", shutil.which(tool), needed_by)


def offline_go_env(goarch: str, goos: str = "linux", **extra: str) -> dict[str, str]:
    """The environment for running the Go toolchain on a fixture module: one
    build context, no cgo, the installed toolchain, no network."""
    return {
        **os.environ,
        "GOARCH": goarch,
        "GOOS": goos,
        "CGO_ENABLED": "0",
        "GOTOOLCHAIN": "local",
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
        **extra,
    }
