"""Extract RISC-V instruction names from riscv-software-src/riscv-unified-db.

The unified database (BSD-3-Clause-Clear, every file under spec/std/isa/inst
says so in its SPDX header) describes each instruction in a YAML file with a
`long_name` and an `assembly` operand list. Only those two fields are kept,
in tools/data/riscv_udb.json, with the commit they were read from (and the
license text next to it, LICENSE-riscv-unified-db.txt), so that
gen_isa_data.py runs without the repository. A placeholder name ("No
synopsis available", most vector instructions) is kept as "": the entry still
says how the vendor spells the instruction.

Usage: python tools/isa_riscv_udb.py GIT_DIR
  GIT_DIR: a clone (or bare git directory) of riscv-unified-db.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "riscv_udb.json"
LICENSE_OUT = OUT.parent / "LICENSE-riscv-unified-db.txt"
LICENSE_FILE = "LICENSE-BSD-3-Clause-Clear.txt"  # the repository's text of the license its inst files carry
INST_DIR = "spec/std/isa/inst"
LICENSE = "BSD-3-Clause-Clear"
_FIELD = re.compile(r"^(name|long_name|assembly):\s*(.*?)\s*$", re.M)
_SPDX = re.compile(r"SPDX-License-Identifier:\s*(\S+)")
_PLACEHOLDER = re.compile(r"no synopsis", re.I)


def _git(git_dir: str, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", git_dir, *args], capture_output=True, text=True, check=True, timeout=300
    ).stdout


def extract(git_dir: str) -> dict:
    commit = _git(git_dir, "rev-parse", "HEAD").strip()
    paths = [p for p in _git(git_dir, "ls-tree", "-r", "--name-only", "HEAD", INST_DIR).split() if p.endswith(".yaml")]
    # One `git cat-file --batch` run reads every file.
    request = "".join(f"HEAD:{p}\n" for p in paths)
    done = subprocess.run(
        ["git", "--git-dir", git_dir, "cat-file", "--batch"],
        input=request.encode(),
        capture_output=True,
        check=True,
        timeout=300,
    )
    data, instructions = done.stdout, {}
    for _ in paths:
        header, _, data = data.partition(b"\n")
        size = int(header.split()[2])
        text, data = data[:size].decode(), data[size + 1 :]
        spdx = _SPDX.search(text)
        if spdx is None or spdx.group(1) != LICENSE:
            raise SystemExit(f"unexpected license in {text[:200]!r}")
        fields = dict(_FIELD.findall(text))
        name, long_name = fields.get("name", ""), fields.get("long_name", "").strip("'\"")
        if name:
            instructions[name] = {
                "long_name": "" if _PLACEHOLDER.search(long_name) else long_name,
                "assembly": fields.get("assembly", "").strip("'\""),
            }
    return {
        "source": "https://github.com/riscv-software-src/riscv-unified-db",
        "commit": commit,
        "license": LICENSE,
        "instructions": dict(sorted(instructions.items())),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(extract(argv[1]), indent=1, sort_keys=True) + "\n")
    LICENSE_OUT.write_text(_git(argv[1], "show", f"HEAD:{LICENSE_FILE}"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
