"""`asm-ls check "$(go env GOROOT)/src"` cold (empty persistent cache) and
warm (nothing changed), next to `go vet -asmdecl std` on the same tree (cold
and warm Go build cache), and whether vet's asmdecl findings equal asm-ls's.

    python bench/check_speed.py [--runs N] [--no-vet]

Commands run as a user runs them (the real CLI, GOTOOLCHAIN=local, GOFLAGS
unset); CPU is user+sys of every process they ran. The findings comparison
is bench/vet_std.py's, for the host's GOARCH.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vet_std
from measure import REPO, Measured, run

sys.path.insert(0, REPO)
from asm_ls.golang.goroot import find_goroot


@dataclass
class CheckSpeed:
    command: str
    cold: list[Measured]
    warm: list[Measured]
    findings: int
    files: int
    vet_command: str | None = None
    vet_cold: Measured | None = None
    vet_warm: Measured | None = None
    goarch: str | None = None
    vet_findings: int | None = None
    asm_ls_asmdecl: int | None = None
    same_findings: bool | None = None
    differences: list[str] | None = None

    @staticmethod
    def best(runs: list[Measured]) -> Measured:
        """The median run, by CPU."""
        return sorted(runs, key=lambda m: m.cpu)[len(runs) // 2]


def _asm_ls(src: str, cache: str) -> Measured:
    env = {**os.environ, "ASM_LS_CACHE_DIR": cache, "GOTOOLCHAIN": "local"}
    env.pop("GOFLAGS", None)
    measured = run([sys.executable, "-m", "asm_ls", "check", "--format", "json", src], env=env)
    if measured.returncode not in (0, 1):
        raise SystemExit(f"asm-ls check failed:\n{measured.stderr}")
    return measured


def _vet(go: str, src: str, gocache: str) -> Measured:
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOCACHE": gocache}
    env.pop("GOFLAGS", None)
    return run([go, "vet", "-asmdecl", "std"], env=env, cwd=src)


def host_goarch(go: str) -> str:
    return subprocess.run(
        [go, "env", "GOARCH"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "GOTOOLCHAIN": "local"},
    ).stdout.strip()


def measure(runs: int = 3, vet: bool = True) -> CheckSpeed:
    goroot = find_goroot()
    if goroot is None:
        sys.exit("check_speed: no Go installation found")
    src = os.path.join(goroot, "src")
    cold, warm = [], []
    findings = 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="asm-ls-cache-") as cache:
            cold.append(_asm_ls(src, cache))
            warm.append(_asm_ls(src, cache))
            findings = len(json.loads(cold[-1].stdout))
            assert json.loads(warm[-1].stdout) == json.loads(cold[-1].stdout), (
                "a warm run must say what the cold one did"
            )
    from asm_ls.cli.discovery import expand_paths

    result = CheckSpeed(f"asm-ls check --format json {src}", cold, warm, findings, len(expand_paths([src])))
    if not vet:
        return result
    go = os.path.join(goroot, "bin", "go")
    result.vet_command = f"go vet -asmdecl std (in {src}, GOTOOLCHAIN=local, GOFLAGS unset)"
    with tempfile.TemporaryDirectory(prefix="go-build-cache-") as gocache:
        result.vet_cold = _vet(go, src, gocache)
        result.vet_warm = _vet(go, src, gocache)
    # Same findings: vet_std's comparison for the host GOARCH (a cold asm-ls cache for it).
    goarch = result.goarch = host_goarch(go)
    with tempfile.TemporaryDirectory(prefix="asm-ls-cache-") as cache:
        os.environ["ASM_LS_CACHE_DIR"] = cache
        try:
            vet_found = vet_std.vet_findings(go, src, goarch)
            ours, _ = vet_std.asm_ls_findings(src, goarch)
        finally:
            del os.environ["ASM_LS_CACHE_DIR"]
    result.vet_findings, result.asm_ls_asmdecl = len(vet_found), len(ours)
    result.same_findings = vet_found == ours
    result.differences = [
        f"only {who}: {p}:{line}: {message}"
        for who, difference in (("go vet", vet_found - ours), ("asm-ls", ours - vet_found))
        for p, line, message in sorted(difference)
    ]
    return result


def report(result: CheckSpeed) -> list[str]:
    cold, warm = CheckSpeed.best(result.cold), CheckSpeed.best(result.warm)
    lines = [
        f"command: {result.command} ({result.files} .s files, {result.findings} findings)",
        f"cold (empty cache): {cold}  [runs: {', '.join(f'{m.cpu:.1f}' for m in result.cold)} s CPU]",
        f"warm (cache, nothing changed): {warm}  [runs: {', '.join(f'{m.cpu:.2f}' for m in result.warm)} s CPU]",
    ]
    if result.vet_cold is not None:
        lines += [
            f"vet: {result.vet_command}",
            f"vet cold (empty GOCACHE): {result.vet_cold}; warm: {result.vet_warm}",
            f"asm-ls cold is {result.vet_cold.wall / cold.wall:.1f}x faster (wall), "
            f"{result.vet_cold.cpu / cold.cpu:.1f}x (CPU) than vet cold; vet warm / asm-ls warm: "
            f"{result.vet_warm.wall / warm.wall:.1f}x (wall)",
            f"asmdecl findings on {result.goarch}: go vet {result.vet_findings}, asm-ls {result.asm_ls_asmdecl}: "
            + ("the same" if result.same_findings else "DIFFERENT"),
            *(f"  {d}" for d in result.differences or []),
        ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold+warm pairs of asm-ls (the median is shown)")
    parser.add_argument("--no-vet", action="store_true", help="leave go vet out")
    arguments = parser.parse_args()
    print("\n".join(report(measure(arguments.runs, not arguments.no_vet))))


if __name__ == "__main__":
    main()
