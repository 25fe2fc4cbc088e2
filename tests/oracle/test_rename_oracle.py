"""Rename against the Go toolchain: each rename of tests/fixtures/editing,
applied to a copy, leaves a module that `go vet` (asmdecl: frames, argument
names, Go declarations) and `go build` accept on amd64 and arm64, as before;
the same edit made by hand without one of its parts does not, so the
oracle sees what a half rename would break."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from support.tools import offline_go_env
from support.workspace import EDITING, applied, fixture_workspace, offset_of

from asm_ls.features.rename import rename

pytestmark = pytest.mark.oracle

# (file, where, new name, a text the renamed module must hold)
RENAMES = [
    ("vec/vec_amd64.s", "·Sum", "Total", "func Total(xs []int64) (total int64)"),
    ("vec/vec_arm64.s", "xs_len", "values", "func Sum(values []int64) (total int64)"),
    ("vec/vec_amd64.s", "$STEP", "STRIDE", "#define STRIDE 8"),
    ("vec/vec_arm64.s", "ADDTO", "ACCUMULATE", "#define ACCUMULATE(src, dst) ADD src, dst"),
    ("vec/vec_amd64.s", "JMP\tagain", "top", "top:"),
    ("vec/vec_amd64.s", "ones<>(SB), AX", "one", "GLOBL one<>(SB)"),
]


def _accepted(go_binary: str, module: Path) -> list[str]:
    """What go vet and go build say for amd64 and arm64 ([] when both accept the module)."""
    problems = []
    for goarch in ("amd64", "arm64"):
        for command in (["vet", "./..."], ["build", "./..."]):
            done = subprocess.run(
                [go_binary, *command],
                cwd=module,
                env=offline_go_env(goarch),
                capture_output=True,
                text=True,
                timeout=300,
            )
            if done.returncode != 0:
                problems.append(f"{goarch} go {command[0]}: {done.stderr.strip()}")
    return problems


@pytest.mark.parametrize("relative, needle, new, expected", RENAMES, ids=[r[2] for r in RENAMES])
def test_a_rename_leaves_a_module_go_accepts(go_binary, tmp_path, relative, needle, new, expected):
    module = tmp_path / "editing"
    shutil.copytree(EDITING, module)
    workspace = fixture_workspace(root=module)
    path = str(module / relative)
    delta = 5 if needle.startswith("JMP") else 1
    changed = applied(rename(workspace, path, offset_of(path, needle, 0, delta), new), module)
    for name, text in changed.items():
        (module / name).write_text(text)
    assert any(expected in text for text in changed.values()), changed
    assert _accepted(go_binary, module) == []


def test_half_a_rename_is_what_go_rejects(go_binary, tmp_path):
    module = tmp_path / "editing"
    shutil.copytree(EDITING, module)
    workspace = fixture_workspace(root=module)
    path = str(module / "vec" / "vec_arm64.s")
    edits = rename(workspace, path, offset_of(path, "xs_len"), "values")
    changed = applied([e for e in edits if e.span.source.path.endswith(".s")], module)  # the Go side left out
    for name, text in changed.items():
        (module / name).write_text(text)
    problems = _accepted(go_binary, module)
    assert any("invalid offset values_base+0(FP)" in p or "unknown variable values" in p for p in problems), problems
