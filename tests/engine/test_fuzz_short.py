"""The fuzz harness in CI: every input the fuzzer ever crashed on is replayed
through its target, and each target gets a short coverage-guided run (atheris)
from a few GOROOT seeds. The long campaign is in docs/reliability.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import REPO

sys.path.insert(0, str(REPO))


from fuzz import seeds, targets

REGRESSIONS = sorted((REPO / "fuzz" / "regressions").glob("*/*"))
# Inputs per target: enough for the mutator to get past the seeds.
SHORT_RUNS = {"statements": 300, "preprocessor": 300, "gosource": 300, "gopackage": 200, "check": 60, "analyzer": 60}


@pytest.mark.parametrize("crasher", REGRESSIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_past_crashers_pass_their_target(crasher: Path):
    targets.TARGETS[crasher.parent.name](crasher.read_bytes())


def test_regressions_exist_for_known_targets():
    assert REGRESSIONS, "fuzz/regressions is empty"
    assert {p.parent.name for p in REGRESSIONS} <= set(targets.TARGETS)


@pytest.mark.parametrize("target", sorted(SHORT_RUNS))
def test_short_fuzz_run(target: str, tmp_path, goroot):
    seed_dir, corpus = tmp_path / "seeds", tmp_path / "corpus"
    seed_dir.mkdir()
    corpus.mkdir()
    assert seeds.write_seeds(str(seed_dir), target, limit=8) == 8
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "fuzz" / "run.py"),
            target,
            str(corpus),
            str(seed_dir),
            f"-runs={SHORT_RUNS[target]}",
            "-seed=1",
            f"-artifact_prefix={tmp_path}/",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        timeout=600,
    )
    crashes = sorted(p.name for p in tmp_path.glob("*-*") if p.name.startswith(("crash-", "timeout-", "oom-")))
    assert proc.returncode == 0 and not crashes, f"{crashes}\n{proc.stdout[-4000:]}"
    assert f"Done {SHORT_RUNS[target]} runs" in proc.stdout, proc.stdout[-2000:]
