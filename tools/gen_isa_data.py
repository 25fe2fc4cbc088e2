"""Generate asm_ls/isa/data/: instruction docs per architecture family, as gzip'ed JSON.

Sources (fetched only through package registries, see isa_sources.py):
golang.org/x/arch (x86.v0.2.csv, arm64asm/inst.json, pp64.csv, s390x.csv and
its decoders), PyPI `opcodes` (x86-64 summaries and AVX-512 forms), the
riscv-unified-db extract in tools/data/ (isa_riscv_udb.py), and the local Go
toolchain's source (mnemonic lists, aliases, assembler test data). Our own
words are in isa_words_*.py. See asm_ls/isa/data/SOURCES.md.

Usage: python tools/gen_isa_data.py
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # asm_ls, from a checkout
import isa_arm64
import isa_decoded
import isa_portable
import isa_words_mips
import isa_words_wasm
import isa_x86
from isa_decode import decode_all
from isa_examples import encoded_examples, example_forms, plain_examples
from isa_families import GOARCH_OF_FAMILY, decoded_family
from isa_goroot import OBJ, anames, asm_aliases, portable_anames
from isa_opcodes import read_forms
from isa_sources import Sources, fetch
from isa_vendor import riscv_provenance
from isa_x86_notes import EXTENSIONS
from isa_x87 import x87_forms

DATA_DIR = Path(__file__).resolve().parent.parent / "asm_ls" / "isa" / "data"
FORMAT_VERSION = 1
_X86_MEMORY = re.compile(r"(?:off)?\([^)]*\)(?:\([^)]*\))?")  # off(SP)(BP*2), (R): a memory operand


def _x86_records(family: Family, sources: Sources, aliases: dict[str, tuple[str, str]]) -> dict[str, dict]:
    goroot = sources.goroot
    known = set(anames(goroot, family.obj_dir)) | set(portable_anames(goroot))
    rows = isa_x86.read_csv_rows(sources.x_arch_dir / "x86/x86.v0.2.csv")
    asm6 = (goroot / OBJ / "x86/asm6.go").read_text()
    go_forms = {**isa_x86.csv_forms(rows, known, aliases), **x87_forms(asm6, isa_x86.rows_by_encoding(rows))}
    opcodes = read_forms(sources.opcodes_dir / "opcodes/x86_64.xml")
    records = isa_x86.build(sorted(known), go_forms, opcodes)
    testdata = ["amd64enc.s", "amd64enc_extra.s"] + sorted(
        f"avx512enc/{p.name}" for p in (goroot / "src/cmd/asm/internal/asm/testdata/avx512enc").glob("*.s")
    )
    measured = example_forms(encoded_examples(goroot, testdata), set(EXTENSIONS))
    for mnemonic, (summary, feature) in EXTENSIONS.items():
        if mnemonic in known and mnemonic not in records:
            long_mode_only = feature == "FSGSBASE" or mnemonic.endswith(("Q", "64")) or mnemonic == "MOVQL"
            modes = isa_x86.MODE_64 if long_mode_only else isa_x86.MODE_32 | isa_x86.MODE_64
            feature_list = [feature] if feature else []
            shapes = dict.fromkeys(_X86_MEMORY.sub("m", form[0]) for form in measured.get(mnemonic, []))
            forms = [[shape, "", "", "", feature_list, modes] for shape in shapes]
            records[mnemonic] = {
                "summary": summary,
                "intel": [],
                "gnu": [],
                "forms": forms,
                "features": [feature] if feature else [],
                "url": None,
            }
    return records


def _arm64_records(family: Family, sources: Sources, aliases: dict[str, tuple[str, str]]) -> dict[str, dict]:
    goroot = sources.goroot
    return isa_arm64.build(
        sources.x_arch_dir / "arm64/arm64asm/inst.json",
        anames(goroot, family.obj_dir),
        encoded_examples(goroot, family.test_files),
        plain_examples(goroot, family.test_files),
    )


def _decoded_records(family: Family, sources: Sources, aliases: dict[str, tuple[str, str]]) -> dict[str, dict]:
    goroot = sources.goroot
    name = family.obj_dir
    examples = encoded_examples(goroot, family.test_files)
    decoded = decode_all(sources, sources.work, [(GOARCH_OF_FAMILY[name], code) for _, _, code in examples])
    return isa_decoded.build(anames(goroot, family.obj_dir), examples, decoded, decoded_family(name, sources))


def _mips_records(family: Family, sources: Sources, aliases: dict[str, tuple[str, str]]) -> dict[str, dict]:
    mnemonics = anames(sources.goroot, family.obj_dir)
    forms = example_forms(encoded_examples(sources.goroot, family.test_files), set(mnemonics))
    return isa_words_mips.build(mnemonics, forms)


def _wasm_records(family: Family, sources: Sources, aliases: dict[str, tuple[str, str]]) -> dict[str, dict]:
    return isa_words_wasm.build(anames(sources.goroot, family.obj_dir))


class Family(NamedTuple):
    """Where Go's source describes one architecture family, and which builder reads it."""

    obj_dir: str  # cmd/internal/obj/<obj_dir>
    opcode_file: str  # the file declaring the opcode constants
    arch_func: str  # cmd/asm/internal/arch/arch.go function registering aliases
    test_files: list[str]  # cmd/asm/internal/asm/testdata files with encodings
    records: Callable[[Family, Sources, dict[str, tuple[str, str]]], dict[str, dict]]


FAMILIES = {
    "x86": Family("x86", "aenum.go", "archX86", [], _x86_records),
    "arm64": Family("arm64", "a.out.go", "archArm64", ["arm64.s", "arm64enc.s"], _arm64_records),
    "arm": Family("arm", "a.out.go", "archArm", ["arm.s", "armv6.s"], _decoded_records),
    "ppc64": Family("ppc64", "a.out.go", "archPPC64", ["ppc64.s", "ppc64_p10.s"], _decoded_records),
    "s390x": Family("s390x", "a.out.go", "archS390x", ["s390x.s"], _decoded_records),
    "riscv": Family("riscv", "cpu.go", "archRISCV64", ["riscv64.s"], _decoded_records),
    "mips": Family("mips", "a.out.go", "archMips64", ["mips.s", "mips64.s"], _mips_records),
    "loong64": Family(
        "loong64",
        "a.out.go",
        "archLoong64",
        ["loong64.s"] + [f"loong64enc{i}.s" for i in range(1, 7)],
        _decoded_records,
    ),
    "wasm": Family("wasm", "a.out.go", "archWasm", [], _wasm_records),
}


def build_family(name: str, family: Family, sources: Sources) -> dict:
    aliases = asm_aliases(sources.goroot, family.arch_func, sources.goroot / OBJ / family.obj_dir / family.opcode_file)
    records = family.records(family, sources, aliases)
    for mnemonic, record in isa_portable.records(name).items():
        own = records.get(mnemonic)
        if own is None or not own["forms"]:
            records[mnemonic] = record
        elif not own["summary"]:
            own["summary"] = record["summary"]
    for alias, (target, comment) in aliases.items():
        if target in records:
            records[alias] = {"alias_of": target, "note": comment}
    return {"format": FORMAT_VERSION, "family": name, "instructions": dict(sorted(records.items()))}


def write_sources_md(sources: Sources) -> None:
    x_arch = f"golang.org/x/arch {sources.x_arch_version}"
    udb = riscv_provenance()
    text = f"""# Sources of the instruction data

Generated by `python tools/gen_isa_data.py`; do not edit the `*.json.gz` files by hand.
Only the sources below are used. No text from the Intel SDM, felixcloutier.com,
ARM's XML or the other vendors' manuals is shipped: the data links to those
pages instead. The licenses of the sources are next to this file
(`LICENSE-golang.org-x-arch.txt`, `LICENSE-opcodes.txt`,
`LICENSE-riscv-unified-db.txt`).

| source | version | license | used for |
| --- | --- | --- | --- |
| golang.org/x/arch `x86/x86.v0.2.csv` | {x_arch} (Go module proxy) | BSD-3-Clause | amd64/386 forms: Intel, Go and GNU syntax, encoding, CPUID feature, 32/64-bit validity |
| golang.org/x/arch `arm64/arm64asm/inst.json` | {x_arch} (Go module proxy) | BSD-3-Clause | arm64 ARM names, syntax and encoding bit patterns (ARMv8.0) |
| golang.org/x/arch `ppc64/pp64.csv` | {x_arch} (Go module proxy) | BSD-3-Clause | ppc64 instruction headlines from the POWER ISA (\"Add Immediate\") and syntax |
| golang.org/x/arch `s390x/s390x.csv` | {x_arch} (Go module proxy) | BSD-3-Clause | s390x instruction names from the z/Architecture Principles of Operation (\"ADD HALFWORD IMMEDIATE (64←16)\", put in sentence case) and syntax |
| golang.org/x/arch decoders (`ppc64asm`, `s390xasm`, `riscv64asm`, `loong64asm`, `armasm`), run by `tools/isa_decoder/main.go` | {x_arch} (Go module proxy) | BSD-3-Clause | which vendor instruction each encoded test line of the Go assembler is (measured mapping from a Go mnemonic to the vendor's) |
| riscv-software-src/riscv-unified-db `spec/std/isa/inst/**.yaml` (`long_name`, `assembly`), extracted into `tools/data/riscv_udb.json` by `tools/isa_riscv_udb.py` | commit {udb["commit"][:12]} | {udb["license"]} (SPDX header of every file read) | riscv64 instruction names (\"Integer add\") and operand syntax |
| PyPI `opcodes` `opcodes/x86_64.xml` | {sources.opcodes_version} | BSD-2-Clause | x86 one-line summaries, AVX-512 (EVEX) and other forms missing from the CSV |
| Go toolchain source (`src/cmd/internal/obj/*/anames.go`, `a.out.go`, `cpu.go`, `x86/asm6.go`, `ppc64/asm9_gtables.go`, `src/cmd/asm/internal/arch/arch.go`, `src/cmd/asm/internal/asm/testdata/*.s`) | {sources.go_version} | BSD-3-Clause | mnemonic lists, aliases, x87 forms of Go's own x87 names, Go-order operand forms and example encodings measured from the assembler's test data |
| written for this project (`tools/isa_words_*.py`, `tools/isa_portable.py`, `tools/isa_x86_notes.py`, `NEWER_FAMILIES`/`GO_PSEUDO` in `tools/isa_arm64.py`) | - | BSD-3-Clause (this project) | every summary where no permissive source has words: arm64 (by ARM instruction), arm, mips, loong64 (composed from the LoongArch instruction each mnemonic assembles to), wasm (composed from the WebAssembly name), RISC-V vector instructions (composed from the vendor spelling), x86 extensions `opcodes` lacks (GFNI, VBMI2, VNNI, BITALG, FSGSBASE...); Go's own mnemonics and those that stand for several vendor instructions (MOVD, MOVW, ADD with a constant, CMP, B<cond>...); portable pseudo-instructions (CALL, JMP, RET, NOP, PCDATA...) with each family's call convention |

## Which summary wins
1. Our words for the Go mnemonic (`isa_words_<family>.WORDS`, `GO_WORDS`), where Go's
   mnemonic means more than one vendor instruction or has no vendor counterpart.
2. The vendor's name of the one instruction the mnemonic assembles to, measured by
   decoding the Go assembler's test data (ppc64, s390x, riscv64), or our words for
   it where no vendor table has words (arm64, loong64).
3. The vendor's name of the instruction spelled like the mnemonic (s390x `VCEQF` is
   `VCEQ` on word elements, ppc64 `ADDCC` is `add.`).

## What each field holds
- `forms[].operands`: Go operand order. x86: the CSV's Go column, or `opcodes`
  operands reversed with the write mask `[K]` before the destination (the
  `{{er}}`/`{{sae}}` pseudo-operands are Go opcode suffixes). The other arches:
  shapes generalized from encoded test lines (`$imm, R, off(R)`).
- `forms[].intel`: the vendor syntax (Intel for x86, ARM for arm64, the vendor
  table's syntax for ppc64/s390x/riscv64, one decoded example for loong64/arm).
- `forms[].encoding`: x86 opcode encoding; arm64 bit pattern (fields as
  `name:width`); otherwise one example's machine code in hex.
- `intel`: the vendor instructions the mnemonic was measured to assemble to.
- arm64 features are classified from the ARM instruction: AES, SHA1, SHA256,
  CRC32, ASIMD (vector or scalar SIMD), FP (scalar floating point, loads and
  stores of FP registers), LSE/SHA512/SHA3 for the newer families.
- `modes` (x86): 1 = valid on 386, 2 = valid on amd64, from the CSV's
  validity columns; lookup("386", ...) offers only forms valid in 32-bit mode.

## Known gaps
- About 40 x86 system instructions (LGDT, LTR, VERR...) have forms but no
  summary: neither permissive source describes them.
- inst.json describes ARMv8.0; later arm64 instructions have forms from Go's
  test data only, with the project-written summaries above.
- mips has no decoder here: its forms have no vendor syntax.
- Measured from `python bench/isa_coverage.py`: every distinct mnemonic GOROOT and
  the module cache use has a summary in words (docs/instructions.md).
"""
    (DATA_DIR / "SOURCES.md").write_text(text)


def copy_licenses(sources: Sources) -> None:
    """The licenses of the sources the data derives from travel with it."""
    licenses = {
        "LICENSE-golang.org-x-arch.txt": sources.x_arch_dir / "LICENSE",
        "LICENSE-opcodes.txt": sources.opcodes_dir / "license.rst",
        "LICENSE-riscv-unified-db.txt": Path(__file__).resolve().parent / "data" / "LICENSE-riscv-unified-db.txt",
    }
    for name, path in licenses.items():
        (DATA_DIR / name).write_text(path.read_text())


def main() -> int:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gen_isa_") as work:
        sources = fetch(Path(work))
        for name, family in FAMILIES.items():
            data = build_family(name, family, sources)
            payload = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
            # mtime=0 keeps the output byte-identical across runs.
            (DATA_DIR / f"{name}.json.gz").write_bytes(gzip.compress(payload, mtime=0))
            print(f"{name}: {len(data['instructions'])} mnemonics")
        write_sources_md(sources)
        copy_licenses(sources)
    return 0


if __name__ == "__main__":
    sys.exit(main())
