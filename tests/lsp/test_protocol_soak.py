"""The soak (bench/soak.py) in CI, short: random incremental edits and requests
against the real server for ten seconds on a copy of GOROOT's math tree.
Every request is answered without error, and after all the edits the server
holds the client's text (the last diagnostics equal those of a whole resend).
Memory and latency figures are the long run's business (docs/reliability.md)."""

from __future__ import annotations

import shutil
import sys

from support.paths import REPO

sys.path.insert(0, str(REPO / "bench"))

import soak


def test_short_soak(tmp_path, goroot):
    workspace = tmp_path / "math"
    shutil.copytree(goroot / "src" / "math", workspace)
    report = soak.soak(str(workspace), seconds=10, files=4, window=5, seed=7)
    assert report["failures"] == []
    assert report["mismatches"] == []
    assert report["requests"] > 0 and report["edits"] > 0
