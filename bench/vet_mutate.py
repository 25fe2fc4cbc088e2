"""Compare go vet's asmdecl with asm-ls on the standard library's assembly
after breaking it: on every other line that names `name+N(FP)` the offset
moves by 8 bytes, on the others the move narrows (MOVQ to MOVL, MOVD to
MOVW, ...), and every TEXT's argument size grows by 4, so that both tools
have hundreds of findings to agree on.

    python bench/vet_mutate.py [--goarch LIST]

The mutated files reach `go vet` through -overlay and asm-ls as editor
buffers; GOROOT is not touched. Findings of vet that asm-ls does not make
are expected where vet reads text the assembler does not (a #define body,
an inactive #ifdef branch, a /* */ comment) and counted apart; the others
are printed, as are asm-ls's findings that vet does not make.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from vet_std import FINDING, Finding, go_env, goos_for

from asm_ls.arch import get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.golang.goroot import find_goroot

NAMED_FP = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\+(\d+)\(FP\)")
TEXT_ARGS = re.compile(r"^(\s*TEXT\b.*\$-?\d+-)(\d+)")
# A narrower move, where the arch has it (go vet assembles the files, they must stay valid).
NARROWER = {
    "MOVQ": "MOVL",
    "MOVL": "MOVW",
    "MOVD": "MOVW",
    "MOVV": "MOVW",
    "MOVWZ": "MOVHZ",
    "MOVWU": "MOVHU",
    "MOVSD": "MOVSS",
    "FMOVD": "FMOVS",
}
MNEMONIC = re.compile(r"^(\s*(?:\w+:)?\s*)([A-Z][A-Z0-9]*)\b")


def mutate(text: str, goarch: str) -> str:
    mnemonics = get_arch(goarch).mnemonics
    narrower = {wide: narrow for wide, narrow in NARROWER.items() if narrow in mnemonics}
    lines = text.split("\n")
    for number, line in enumerate(lines):
        line = TEXT_ARGS.sub(lambda m: f"{m[1]}{int(m[2]) + 4}", line)
        if NAMED_FP.search(line):
            if number % 2:
                line = MNEMONIC.sub(lambda m: m[1] + narrower.get(m[2], m[2]), line)
            else:
                line = NAMED_FP.sub(lambda m: f"{m[1]}+{int(m[2]) + 8}(FP)", line)
        lines[number] = line
    return "\n".join(lines)


def packages(go: str, src: str, goarch: str) -> dict[str, tuple[str, list[str]]]:
    """Directory -> (import path, assembly files) of the std packages with assembly for goarch."""
    template = '{{if .SFiles}}{{.Dir}}|{{.ImportPath}}|{{join .SFiles "|"}}{{end}}'
    listed = subprocess.run(
        [go, "list", "-f", template, "std"],
        cwd=src,
        env=go_env(goarch),
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    found = {}
    for line in listed.stdout.split():
        directory, import_path, *files = line.split("|")
        found[directory] = (import_path, [os.path.join(directory, f) for f in files])
    return found


def vet_package(
    go: str, src: str, goarch: str, directory: str, files: list[str], overlays: dict[str, str], work: str
) -> set[Finding] | None:
    """vet's findings in one package with (only) its files mutated; None when
    the mutated assembly does not assemble (a narrowed move the arch cannot encode)."""
    replace = {}
    for path in files:
        replace[path] = os.path.join(work, f"{goarch}_{os.path.basename(directory)}_{os.path.basename(path)}")
        with open(replace[path], "w", encoding="utf-8") as stream:
            # go caches vet's output by content, naming the files of the run that filled the cache
            stream.write(overlays[path] + f"\n// {os.path.basename(work)}\n")
    overlay = os.path.join(work, f"overlay_{goarch}.json")
    with open(overlay, "w") as stream:
        json.dump({"Replace": replace}, stream)
    done = subprocess.run(
        [go, "vet", "-asmdecl", f"-overlay={overlay}", directory],
        cwd=src,
        env=go_env(goarch),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if "assembly failed" in done.stderr:
        return None
    original = {os.path.basename(copy): path for path, copy in replace.items()}  # vet names the copies
    found = set()
    for line in done.stderr.splitlines():
        match = FINDING.match(line)
        if match:
            found.add((original[os.path.basename(match["path"])], int(match["line"]), match["message"]))
        elif not line.startswith("#"):
            raise SystemExit(f"go vet failed in {directory} for {goarch}:\n{done.stderr}")
    return found


def compare(go: str, src: str, goarch: str, work: str) -> None:
    overlays = {}
    for _, files in packages(go, src, goarch).values():
        for path in files:
            with open(path, encoding="utf-8") as stream:
                overlays[path] = mutate(stream.read(), goarch)
    analyzer = Analyzer(Options(goarches=(goarch,), gooses=(goos_for(goarch),)), overlays=overlays)
    context = BuildContext(goos_for(goarch), goarch)
    vet, ours, unread, left_out = set(), set(), set(), 0
    for directory, (_, files) in packages(go, src, goarch).items():
        found = vet_package(go, src, goarch, directory, files, overlays, work)
        if found is None:
            left_out += 1
            continue
        vet |= found
        ours |= {
            (d.path, d.span.lines_and_columns()[0] + 1, d.message)
            for d in analyzer.check_directory(directory)
            if d.code == "asmdecl"
        }
        for unit in analyzer.package_unit(directory, context).units:
            unread |= {(unit.source.path, line + 1) for line in _unread_lines(unit)}
    explained = {f for f in vet - ours if (f[0], f[1]) in unread}
    print(
        f"{goarch}: {left_out} packages left out (not assembled); go vet {len(vet)}, asm-ls {len(ours)}, "
        f"both {len(vet & ours)}; only vet {len(vet - ours)} ({len(explained)} on text the assembler "
        f"does not read), only asm-ls {len(ours - vet)}",
        flush=True,
    )
    for label, difference in (
        ("only go vet, not assembled", explained),
        ("only go vet", vet - ours - explained),
        ("only asm-ls", ours - vet),
    ):
        for path, line, message in sorted(difference):
            print(f"  {label}: {os.path.relpath(path, src)}:{line}: {message}")


def _unread_lines(unit) -> set[int]:
    """Lines vet reads as code that the assembler does not: #define bodies,
    inactive #ifdef branches, /* */ comments (0-based)."""
    source = unit.source
    lines: set[int] = set()
    for span in unit.preprocessed.inactive:
        first, _, last, _ = span.lines_and_columns()
        lines.update(range(first, last + 1))
    for definition in unit.preprocessed.definitions:
        if definition.directive_span.source is source:
            first, _, last, _ = definition.directive_span.lines_and_columns()
            lines.update(range(first, last + 1))
    for comment in re.finditer(r"/\*.*?\*/", source.text, re.S):
        lines.update(range(source.position(comment.start())[0], source.position(comment.end())[0] + 1))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goarch", default="amd64", help="comma-separated GOARCHes (default amd64)")
    arguments = parser.parse_args()
    goroot = find_goroot()
    if goroot is None:
        sys.exit("vet_mutate: no Go installation found (set GOROOT or put go on PATH)")
    with tempfile.TemporaryDirectory() as work:
        for goarch in arguments.goarch.split(","):
            compare(os.path.join(goroot, "bin", "go"), os.path.join(goroot, "src"), goarch, work)


if __name__ == "__main__":
    main()
