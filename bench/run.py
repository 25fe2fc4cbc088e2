"""Every row of issue 8's performance table, measured in one run and printed
as one table (each row's script can also be run alone):

    python bench/run.py [--quick] [--no-vet] [--no-gopls]

  check_speed.py      asm-ls check of GOROOT/src, cold and warm; go vet -asmdecl std; same findings
  workspace_index.py  server: GOROOT/src workspace until runtime/asm_amd64.s's first diagnostics
  server_latency.py   hover, definition, references, completion on the largest .s files; gopls definition
  keystroke.py        a keystroke in a ~3,000-line .s file to its fresh diagnostics
  memory.py           server resident memory with GOROOT/src indexed

Wall times are inflated when the machine is shared; CPU times (user+sys)
are printed next to them and the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_speed
import keystroke
import memory
import server_latency
import workspace_index
from measure import REPO, load_average, median, percentile


def _go_version() -> str:
    return subprocess.run(
        ["go", "version"], capture_output=True, text=True, timeout=60, env={**os.environ, "GOTOOLCHAIN": "local"}
    ).stdout.strip()


def _commit() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO, timeout=60
    ).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run per row, fewer positions and keystrokes")
    parser.add_argument("--no-vet", action="store_true", help="leave go vet out (it compiles std: minutes)")
    parser.add_argument("--no-gopls", action="store_true", help="leave gopls out")
    arguments = parser.parse_args()
    runs = 1 if arguments.quick else 3
    print(f"asm-ls {_commit()}, Python {platform.python_version()}, {_go_version()}")
    print(f"before: {load_average()}", flush=True)

    speed = check_speed.measure(runs, not arguments.no_vet)
    index = workspace_index.measure(runs)
    latency, gopls = server_latency.run(5, 20 if arguments.quick else 40, "" if arguments.no_gopls else None)
    keys = keystroke.measure(None, 20 if arguments.quick else 40)
    code = keystroke.measure(None, 20 if arguments.quick else 40, code=True)
    heavy = keystroke.measure(workspace_index.OPENED, 20 if arguments.quick else 40)
    used = memory.measure()
    print(f"after: {load_average()}\n")

    cold, warm = check_speed.CheckSpeed.best(speed.cold), check_speed.CheckSpeed.best(speed.warm)
    rows = [("what", "target", "measured (wall; CPU)", "compare with, same run")]
    vet = "-"
    if speed.vet_cold is not None:
        vet = (
            f"go vet -asmdecl std: {speed.vet_cold.wall:.1f} s wall, {speed.vet_cold.cpu:.1f} s CPU "
            f"(warm build cache {speed.vet_warm.wall:.1f} s); asm-ls {speed.vet_cold.wall / cold.wall:.0f}x faster "
            f"wall, {speed.vet_cold.cpu / cold.cpu:.0f}x CPU; asmdecl findings on {speed.goarch}: "
            f"{'same' if speed.same_findings else 'DIFFERENT'} ({speed.vet_findings} vs {speed.asm_ls_asmdecl})"
        )
    rows.append(("asm-ls check GOROOT/src, cold", "< 5 s", f"{cold.wall:.2f} s; {cold.cpu:.2f} s CPU", vet))
    rows.append(("the same, warm (cache)", "< 1 s", f"{warm.wall:.2f} s; {warm.cpu:.2f} s CPU", ""))
    rows.append(
        (
            "GOROOT/src index until runtime/asm_amd64.s diagnostics",
            "< 3 s",
            f"{median([r.diagnostics_wall for r in index]):.2f} s; "
            f"{median([r.diagnostics_cpu for r in index]):.2f} s CPU (server)",
            f"index complete {median([r.index_wall for r in index]):.2f} s",
        )
    )
    gopls_timing = next((t for t in latency if t.what.startswith("gopls")), None)
    for timing in latency:
        if timing is gopls_timing:
            continue
        compare = ""
        if gopls_timing is not None and "definition" in timing.what:
            compare = (
                f"{gopls} definition: p50 {gopls_timing.p(0.5) * 1000:.2f} / p95 {gopls_timing.p(0.95) * 1000:.2f}"
                f" ms, answered {gopls_timing.answered}/{len(gopls_timing.seconds)}"
            )
        rows.append(
            (
                f"{timing.what.replace('asm-ls ', '')} p50 / p95 (largest .s files)",
                "< 5 / 15 ms",
                f"{timing.p(0.5) * 1000:.2f} / {timing.p(0.95) * 1000:.2f} ms; "
                f"{timing.cpu_seconds / len(timing.seconds) * 1000:.2f} ms CPU/request; "
                f"answered {timing.answered}/{len(timing.seconds)}",
                compare,
            )
        )
    for keys_run in (keys, code, heavy):
        rows.append(
            (
                f"keystroke to diagnostics, p95: {os.path.basename(keys_run.path)} ({keys_run.lines} lines)",
                "< 30 ms",
                f"p50 {percentile(keys_run.seconds, 0.5) * 1000:.0f} / p95 "
                f"{percentile(keys_run.seconds, 0.95) * 1000:.0f} ms; "
                f"{keys_run.cpu_seconds / len(keys_run.seconds) * 1000:.0f} ms CPU/keystroke",
                "",
            )
        )
    rows.append(
        (
            "resident memory, GOROOT/src indexed",
            "< 300 MB",
            f"{used.resident / 2**20:.0f} MiB (peak {used.peak / 2**20:.0f} MiB)",
            "",
        )
    )
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + "---|" * len(rows[0]))
    for row in rows[1:]:
        print("| " + " | ".join(row) + " |")
    for difference in speed.differences or []:
        print(f"  {difference}")


if __name__ == "__main__":
    main()
