"""Wall and CPU time of commands and calls, and small statistics, for the
benchmarks. CPU is user+sys of this process's waited-for children (a command
and every process it ran), which stays meaningful when the machine is shared:
wall times under load are inflated, CPU times much less."""

from __future__ import annotations

import os
import resource
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
T = TypeVar("T")


@dataclass
class Measured:
    wall: float  # seconds
    cpu: float  # seconds, user + sys
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], env: dict | None = None, cwd: str = REPO, timeout: float = 7200) -> Measured:
    """Run a command to its end; its time and every descendant's CPU."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    return Measured(time.perf_counter() - start, _children_cpu() - cpu, done.returncode, done.stdout, done.stderr)


def call(function: Callable[[], T]) -> tuple[Measured, T]:
    """A call that runs commands: its wall time and its children's CPU."""
    cpu, start = _children_cpu(), time.perf_counter()
    result = function()
    return Measured(time.perf_counter() - start, _children_cpu() - cpu), result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def median(values: list[float]) -> float:
    return percentile(values, 0.5)


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"
