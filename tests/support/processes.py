"""Stand-ins for the Go toolchain (scripts that hang, fail or lie) and checks that what they started is gone."""

from __future__ import annotations

import stat
import textwrap
import time
from pathlib import Path

import pytest


def fake_go(directory: Path, body: str, name: str = "go") -> str:
    """An executable shell script standing in for `go` (or another tool)."""
    path = directory / name
    path.write_text("#!/bin/sh\n" + textwrap.dedent(body))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def assert_gone(pidfile: Path) -> None:
    """The recorded process is dead (a zombie awaiting its reaper counts)."""
    stat_file = Path("/proc", pidfile.read_text().strip(), "stat")
    for _ in range(50):
        try:
            state = stat_file.read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return
        if state == "Z":
            return
        time.sleep(0.02)
    pytest.fail(f"grandchild {stat_file.parent.name} survived")
