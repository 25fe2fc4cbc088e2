"""Name the machine instructions of encoded examples with golang.org/x/arch's decoders.

tools/isa_decoder/main.go (ours) links the x/arch decoders (BSD-3) for
ppc64, s390x, riscv64, loong64 and arm; it runs in a throwaway module that
requires the x/arch version gen_isa_data.py downloaded, so nothing beyond the
Go module proxy is fetched.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

from isa_sources import X_ARCH, Sources, run_go

HELPER = Path(__file__).resolve().parent / "isa_decoder" / "main.go"


class Decoded(NamedTuple):
    op: str  # the vendor's base mnemonic ("addi", "AGHI", "ADD.D"); "" when undecodable
    size: int  # bytes of the first instruction: less than the example's when it holds several
    gnu: str  # the first instruction in GNU syntax


def decode_all(sources: Sources, work: Path, requests: list[tuple[str, bytes]]) -> list[Decoded]:
    """Decode each (goarch, machine code); one `go run` for the lot."""
    module = work / "isa_decoder"
    module.mkdir(exist_ok=True)
    shutil.copy(HELPER, module / "main.go")
    (module / "go.mod").write_text("module isa_decoder\n\ngo 1.22\n")
    run_go(["go", "get", f"{X_ARCH}@{sources.x_arch_version}"], module)
    stdin = "".join(f"{goarch} {code.hex()}\n" for goarch, code in requests)
    out = run_go(["go", "run", "."], module, stdin=stdin)
    decoded = []
    for line in out.splitlines():
        op, size, gnu = line.split("\t", 2)
        decoded.append(Decoded("", 0, "") if op == "?" else Decoded(op, int(size), gnu))
    if len(decoded) != len(requests):
        raise SystemExit(f"isa_decoder answered {len(decoded)} lines for {len(requests)} requests")
    return decoded
