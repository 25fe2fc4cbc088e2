"""file_matches picks the same .s (and .go) files as `go list` for std packages."""

import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from asm_ls.arch.context import BuildContext, file_matches

pytestmark = pytest.mark.oracle

PACKAGES = (
    "runtime",
    "internal/bytealg",
    "internal/cpu",
    "internal/runtime/atomic",
    "internal/runtime/syscall/linux",
    "math",
    "math/big",
    "reflect",
    "syscall",
    "sync/atomic",
    "crypto/internal/fips140/aes",
    "crypto/internal/fips140/sha256",
    "crypto/internal/fips140/bigmod",
    "crypto/internal/fips140/nistec",
    "internal/syscall/unix",
    "os/signal",
    "vendor/golang.org/x/crypto/chacha20",
)

PAIRS = (
    ("linux", "amd64"),
    ("windows", "amd64"),
    ("darwin", "arm64"),
    ("ios", "arm64"),
    ("android", "arm64"),
    ("linux", "arm"),
    ("freebsd", "arm"),
    ("linux", "386"),
    ("plan9", "386"),
    ("windows", "arm64"),
    ("linux", "ppc64le"),
    ("aix", "ppc64"),
    ("linux", "s390x"),
    ("linux", "riscv64"),
    ("linux", "mips64le"),
    ("linux", "mips"),
    ("linux", "loong64"),
    ("js", "wasm"),
    ("wasip1", "wasm"),
    ("illumos", "amd64"),
    ("openbsd", "arm64"),
    ("netbsd", "arm"),
)


def go_list(go_binary: str, goos: str, goarch: str) -> list[dict]:
    env = {**os.environ, "GOTOOLCHAIN": "local", "CGO_ENABLED": "0", "GOOS": goos, "GOARCH": goarch, "GOFLAGS": ""}
    result = subprocess.run(
        [go_binary, "list", "-e", "-json=Dir,ImportPath,GoFiles,SFiles", *PACKAGES],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
    )
    decoder = json.JSONDecoder()
    packages, position, out = [], 0, result.stdout
    while position < len(out.rstrip()):
        package, position = decoder.raw_decode(out, position)
        packages.append(package)
        position = len(out) - len(out[position:].lstrip())
    return packages


@pytest.fixture(scope="module")
def listings(go_binary) -> dict[tuple[str, str], list[dict]]:
    """go list for every pair, run side by side to keep the suite fast."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {pair: pool.submit(go_list, go_binary, *pair) for pair in PAIRS}
        return {pair: future.result() for pair, future in futures.items()}


@pytest.mark.parametrize(("goos", "goarch"), PAIRS, ids=[f"{o}-{a}" for o, a in PAIRS])
def test_file_selection_matches_go_list(listings, goos, goarch):
    ctx = BuildContext(goos, goarch)
    checked = 0
    for package in listings[goos, goarch]:
        assert package.get("Dir"), f"go list found no {package['ImportPath']}"
        directory = Path(package["Dir"])
        for suffix, chosen in ((".s", package.get("SFiles", [])), (".go", package.get("GoFiles", []))):
            for path in sorted(directory.glob(f"*{suffix}")):
                if path.name.endswith("_test.go"):
                    continue  # go list reports those apart (TestGoFiles)
                mine = file_matches(str(path), path.read_text(), ctx)
                assert mine == (path.name in chosen), f"{package['ImportPath']}/{path.name} for {ctx}"
                checked += 1
    assert checked > 50
