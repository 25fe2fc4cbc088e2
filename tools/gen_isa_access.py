"""Generate asm_ls/isa/data/x86_access.json.gz: which operands of each amd64/386
instruction form are read and which written, in Go's operand order.

The source is the "action" column of golang.org/x/arch's x86/x86.v0.2.csv
(BSD-3-Clause), which gives r, w or rw per operand in Intel's order; the
Go column of the same row gives Go's order (usually Intel's reversed, but
not for CMP, BT and a few others), so each row's actions are permuted by
matching its operands.

Usage: python tools/gen_isa_access.py [path/to/x86.v0.2.csv]
(without a path, golang.org/x/arch@latest is fetched through the Go module proxy)
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "asm_ls" / "isa" / "data" / "x86_access.json.gz"
FORMAT_VERSION = 1

# Rows whose action column is wrong, checked against the Intel SDM's operation
# sections (described here in our words): SETcc writes its byte; XCHG and
# XADD write both operands (the CSV says r,w and w,rw); the three-operand
# IMUL only writes its destination (the CSV says rw).
CORRECTIONS = (
    (lambda name, count: name.startswith("SET"), lambda actions: ["w"] * len(actions)),
    (lambda name, count: name.startswith(("XCHG", "XADD")), lambda actions: ["rw"] * len(actions)),
    (lambda name, count: name.startswith("IMUL") and count == 3, lambda actions: [*actions[:-1], "w"]),
)


def _fetch_csv(work: Path) -> tuple[Path, str]:
    (work / "go.mod").write_text("module isa_access_fetch\n")
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod"}
    out = subprocess.run(
        ["go", "mod", "download", "-json", "golang.org/x/arch@latest"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    info = json.loads(out)
    return Path(info["Dir"]) / "x86" / "x86.v0.2.csv", info["Version"]


def _operands(form: str) -> list[str]:
    _, _, rest = form.partition(" ")
    return [o.strip() for o in rest.split(",")] if rest.strip() else []


def go_order(intel: list[str], go: list[str], actions: list[str]) -> list[str] | None:
    """The actions of Intel-ordered operands, in the order of the Go operands; None when
    the two lists are not the same operands."""
    if len(intel) != len(go) or len(actions) != len(intel):
        return None
    if go == intel[::-1]:
        return actions[::-1]
    if go == intel:
        return actions
    order = []
    for operand in go:
        if intel.count(operand) != 1:
            return None
        order.append(actions[intel.index(operand)])
    return order


def build(rows: list[list[str]]) -> tuple[dict[str, dict[str, str]], int, int]:
    """Go mnemonic -> {Go operands: actions}; with the rows used and the rows skipped."""
    table: dict[str, dict[str, str]] = {}
    used = skipped = 0
    for intel, go, _gnu, _encoding, _valid32, _valid64, _cpuid, _tags, action, *_ in rows:
        go_names, _, _ = go.partition(" ")
        go_operands = _operands(go)
        if not action or not go_operands:
            continue
        ordered = go_order(_operands(intel), go_operands, action.split(","))
        if ordered is None:
            skipped += 1
            continue
        used += 1
        for name in go_names.split("/"):
            name = name.rstrip("*")
            actions = ordered
            for applies, corrected in CORRECTIONS:
                if applies(name, len(actions)):
                    actions = corrected(actions)
            table.setdefault(name, {})[", ".join(go_operands)] = ",".join(actions)
    return table, used, skipped


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        if len(sys.argv) > 1:
            csv_path, version = Path(sys.argv[1]), "given on the command line"
        else:
            csv_path, version = _fetch_csv(Path(scratch))
        lines = (line for line in csv_path.read_text().splitlines() if not line.startswith("#"))
        table, used, skipped = build(list(csv.reader(lines)))
    payload = {"format": FORMAT_VERSION, "source": f"golang.org/x/arch x86/x86.v0.2.csv {version}", "forms": table}
    OUT.write_bytes(gzip.compress(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode(), mtime=0))
    print(f"{OUT}: {len(table)} mnemonics from {used} rows ({skipped} rows whose operands do not match skipped)")


if __name__ == "__main__":
    main()
