"""A few hundred keystrokes typed into runtime/asm_amd64.s, one incremental
change each as an editor sends them, with hovers, completions and saves
between (bench/typing_session.py, short): every keystroke gets its
diagnostics, and the server's resident memory after the last is within
50 MB of what it was after the 50th (a version of the buffer kept per
keystroke was 2.4 MB each). The long run's figures are in docs/reliability.md."""

from __future__ import annotations

import random
import sys

from support.paths import REPO

sys.path.insert(0, str(REPO / "bench"))

import typing_session


def test_typing_keeps_memory_flat(goroot):
    path = goroot / "src" / "runtime" / "asm_amd64.s"
    rss, failures = typing_session.session(path, keystrokes=300, every=50, rng=random.Random(3))
    assert failures == 0
    assert rss[300] - rss[50] < 50, rss
