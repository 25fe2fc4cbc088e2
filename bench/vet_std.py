"""Compare go vet's asmdecl findings on the standard library with asm-ls's.

    python bench/vet_std.py [--goarch LIST]

For each GOARCH (default: every one `go tool dist list` knows) it runs
`go vet -asmdecl std` (on the std packages that have assembly there, which
is the same; GOOS=linux, js for wasm; CGO_ENABLED=0) and
`asm-ls check` on $GOROOT/src and $GOROOT/src/vendor for the same context,
keeps asm-ls's `asmdecl` findings outside cmd/, and prints both counts and
the two set differences as (file, line, message). The frame findings asm-ls
makes beyond vet (in macro expansions, on lines vet skips, ...) are counted
apart.
Exit status 1 when the sets differ for some GOARCH.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from asm_ls.golang.goroot import find_goroot

FINDING = re.compile(r"^(?P<path>\S+\.s):(?P<line>\d+):\d+: (?P<message>.*)$")
# asm-ls's frame findings that vet cannot make, counted apart.
BEYOND_VET = ("asmdecl-macro", "asmdecl-hidden", "asmdecl-comment", "frame-unknown")
Finding = tuple[str, int, str]  # (path under $GOROOT/src, line, message)


def goos_for(goarch: str) -> str:
    return "js" if goarch == "wasm" else "linux"


def go_env(goarch: str) -> dict[str, str]:
    return {
        **os.environ,
        "GOARCH": goarch,
        "GOOS": goos_for(goarch),
        "CGO_ENABLED": "0",
        "GOTOOLCHAIN": "local",
        "GOFLAGS": "",
    }


def all_goarches(go: str) -> list[str]:
    listed = subprocess.run(
        [go, "tool", "dist", "list"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "GOTOOLCHAIN": "local"},
    ).stdout
    return sorted({line.split("/")[1] for line in listed.split()})


def vet_findings(go: str, src: str, goarch: str) -> set[Finding]:
    """`go vet -asmdecl std`, asked only of the std packages with assembly for
    goarch (the others have nothing to check): the same findings, less to compile."""
    listed = subprocess.run(
        [go, "list", "-f", "{{if .SFiles}}{{.ImportPath}}{{end}}", "std"],
        cwd=src,
        env=go_env(goarch),
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    done = subprocess.run(
        [go, "vet", "-asmdecl", *listed.stdout.split()],
        cwd=src,
        env=go_env(goarch),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    found = set()
    for line in done.stderr.splitlines():
        match = FINDING.match(line)
        if match:
            path = os.path.relpath(os.path.normpath(os.path.join(src, match["path"])), src)
            found.add((path, int(match["line"]), match["message"]))
        elif not line.startswith("#"):
            raise SystemExit(f"go vet failed for {goarch}:\n{done.stderr}")
    return found


def asm_ls_findings(src: str, goarch: str) -> tuple[set[Finding], Counter]:
    """asm-ls's asmdecl findings, and how many it made of each code beyond vet."""
    command = [
        sys.executable,
        "-m",
        "asm_ls",
        "check",
        "--format",
        "json",
        "--goarch",
        goarch,
        "--goos",
        goos_for(goarch),
        src,
        os.path.join(src, "vendor"),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=3600, cwd=os.path.join(os.path.dirname(__file__), "..")
    )
    if done.returncode == 2:
        raise SystemExit(f"asm-ls check failed for {goarch}:\n{done.stderr}")
    found, codes = set(), Counter()
    for finding in json.loads(done.stdout):
        path = os.path.relpath(finding["path"], src)
        if path.startswith("cmd/"):  # not part of std
            continue
        if finding["code"] in BEYOND_VET:
            codes[finding["code"]] += 1
        if finding["code"] == "asmdecl":
            # vet's tag: the outputs leave it off where the run's one GOARCH goes without saying.
            message = finding["message"]
            found.add((path, finding["line"], message if message.startswith("[") else f"[{goarch}] {message}"))
    return found, codes


def compare(go: str, src: str, goarch: str) -> bool:
    vet = vet_findings(go, src, goarch)
    ours, codes = asm_ls_findings(src, goarch)
    beyond = ", ".join(f"{code} {count}" for code, count in sorted(codes.items()))
    print(
        f"{goarch}/{goos_for(goarch)}: go vet {len(vet)}, asm-ls {len(ours)}"
        + (f" (beyond vet: {beyond})" if beyond else ""),
        flush=True,
    )
    for label, difference in (("only go vet", vet - ours), ("only asm-ls", ours - vet)):
        for path, line, message in sorted(difference):
            print(f"  {label}: {path}:{line}: {message}")
    return vet == ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goarch", help="comma-separated GOARCHes (default: all)")
    arguments = parser.parse_args()
    goroot = find_goroot()
    if goroot is None:
        sys.exit("vet_std: no Go installation found (set GOROOT or put go on PATH)")
    go = os.path.join(goroot, "bin", "go")
    src = os.path.join(goroot, "src")
    goarches = arguments.goarch.split(",") if arguments.goarch else all_goarches(go)
    results = [compare(go, src, goarch) for goarch in goarches]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
