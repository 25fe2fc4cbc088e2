"""Oracle: frame_layout must agree with `go vet -asmdecl` on names, offsets,
sizes, type strings and the argument size.

For each GOARCH the test writes a probe .s file into a copy of
fixtures/golang/oracle. It declares every function with a wrong argument size
and reads every slot at a wrong offset, so that vet answers with the layout it
expects ("wrong argument size 999999; expected $...-24", "invalid offset
x+999999(FP); expected x+0(FP), ..."); it asks for `_lo`/`_hi` names the
layout does not have, expecting "unknown variable"; and, where vet knows
instruction widths, it loads every slot with a 1- and a 2-byte move at the
right offset so that vet names its type and size ("int64 is 8-byte value").
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support.paths import FIXTURES
from support.tools import offline_go_env

from asm_ls.arch import get_arch
from asm_ls.arch.context import BuildContext
from asm_ls.golang import frame_layout, load_package

FIXTURE = FIXTURES / "golang" / "oracle"
WRONG = 999999

# 1- and 2-byte moves whose widths vet's asmdecl knows; on arm64 and riscv64 it knows none.
NARROW_MOVES = {
    "amd64": ("MOVB", "MOVW"),
    "386": ("MOVB", "MOVW"),
    "arm": ("MOVB", "MOVH"),
    "mips": ("MOVB", "MOVH"),
    "s390x": ("MOVB", "MOVH"),
    "loong64": ("MOVB", "MOVH"),
    "arm64": (),
    "riscv64": (),
}

# Registers the assembler accepts as a move's destination (vet of a standard
# package assembles the probe too).
REGISTERS = {"amd64": "AX", "386": "AX", "riscv64": "X5"}

# vet names the probe by its path, or by the overlay's replacement path.
DIAGNOSTIC = re.compile(r"(?:^|/)probe_\w+\.s:(\d+):\d+: \[\w+\] \w+: (.*)$")


@pytest.fixture(scope="module")
def oracle_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("oracle") / "oracle"
    shutil.copytree(FIXTURE, directory)
    return directory


class Probe:
    """A .s file that asks vet about every slot, remembering what each line asks."""

    def __init__(self, goarch: str, frames: dict):
        self.lines: list[str] = []
        self.asks: dict[int, tuple] = {}
        register = REGISTERS.get(goarch, "R1")
        for name, frame in frames.items():
            self.add(f"TEXT ·{name}(SB),0,$0-{WRONG}", "argsize", frame)
            # vet knows one slot per name, the last (several `_` parameters or fields).
            for slot in {s.name: s for top in frame.slots for s in top.walk()}.values():
                self.add(f"\tMOVB {slot.name}+{WRONG}(FP), {register}", "offset", slot)
                for missing in (f"{slot.name}_lo", f"{slot.name}_hi"):
                    if frame.lookup(missing) is None:
                        self.add(f"\tMOVB {missing}+{WRONG}(FP), {register}", "unknown", missing)
                for width, move in enumerate(NARROW_MOVES.get(goarch, ()), start=1):
                    self.add(f"\t{move} {slot.name}+{slot.offset}(FP), {register}", "width", slot, move, width)

    def add(self, text: str, *ask) -> None:
        self.lines.append(text)
        self.asks[len(self.lines)] = ask

    def write(self, path: Path) -> None:
        path.write_text("\n".join(self.lines) + "\n")

    def mismatches(self, messages: dict[int, str]) -> list[str]:
        found = []
        for line, ask in self.asks.items():
            expected = _expected_answer(*ask)
            if messages.get(line) != expected:
                found.append(f"{self.lines[line - 1].strip()}\n  vet:  {messages.get(line)}\n  ours: {expected}")
        return found


def _frames(directory: Path, goarch: str) -> dict:
    package = load_package(directory, BuildContext("linux", goarch))
    frames = {name: frame_layout(func, get_arch(goarch)) for name, func in package.funcs.items()}
    assert all(frame.unknown is None for frame in frames.values()), frames
    return frames


@pytest.mark.oracle
@pytest.mark.parametrize("goarch", ["amd64", "386", "arm", "arm64", "mips", "s390x", "loong64", "riscv64"])
def test_frames_match_go_vet(go_binary, oracle_dir, goarch):
    frames = _frames(oracle_dir, goarch)
    assert len(frames) == 16
    probe = Probe(goarch, frames)
    probe.write(oracle_dir / f"probe_{goarch}.s")
    mismatches = probe.mismatches(_run_vet(go_binary, oracle_dir, goarch, "."))
    assert not mismatches, "\n".join(mismatches)


# Standard packages with assembly and varied signatures (runtime is left out:
# its probe would redefine functions its own .s files define).
GOROOT_PACKAGES = (
    "internal/bytealg",
    "internal/runtime/atomic",
    "math",
    "reflect",
    "syscall",
    "crypto/internal/fips140/nistec",
    "crypto/internal/fips140/sha256",
)


@pytest.mark.oracle
@pytest.mark.slow
@pytest.mark.parametrize("goarch", ["amd64", "386", "arm64", "s390x"])  # ~10 s each with a cold build cache
def test_goroot_frames_match_go_vet(go_binary, goroot, tmp_path, goarch):
    """The same probes for real declarations of the standard library, added to
    each package through `go vet -overlay` so GOROOT stays untouched."""
    mismatches = []
    for import_path in GOROOT_PACKAGES:
        directory = goroot / "src" / import_path
        probe = Probe(goarch, _frames(directory, goarch))
        probe_file = tmp_path / f"probe_{goarch}.s"
        probe.write(probe_file)
        overlay = tmp_path / "overlay.json"
        # The overlay also hides the package's tests, whose imports would cost a build.
        replace = {str(test): "" for test in directory.glob("*_test.go")}
        replace[str(directory / probe_file.name)] = str(probe_file)
        overlay.write_text(json.dumps({"Replace": replace}))
        messages = _run_vet(go_binary, directory, goarch, import_path, f"-overlay={overlay}")
        mismatches += [f"{import_path}: {m}" for m in probe.mismatches(messages)]
    assert not mismatches, "\n".join(mismatches[:40])


def _run_vet(go: str, directory: Path, goarch: str, target: str, *flags: str) -> dict[int, str]:
    env = offline_go_env(goarch)
    done = subprocess.run(
        [go, "vet", "-asmdecl", *flags, target], cwd=directory, env=env, capture_output=True, text=True, timeout=600
    )
    messages = {}
    for line in done.stderr.splitlines():
        match = DIAGNOSTIC.search(line)
        if match:
            messages[int(match.group(1))] = match.group(2)
    assert messages or done.returncode == 0, done.stderr  # vet itself failed
    return messages


def _expected_answer(question: str, *details) -> str | None:
    """The message vet prints for a probe line if our layout is right (None: silence)."""
    match question:
        case "argsize":
            (frame,) = details
            return f"wrong argument size {WRONG}; expected $...-{frame.args_size}"
        case "offset":
            (slot,) = details
            return f"invalid offset {slot.name}+{WRONG}(FP); expected {_at(slot)}{_or_list(slot.parts)}"
        case "unknown":
            (name,) = details
            return f"unknown variable {name}"
        case "width":
            slot, move, width = details
            # vet lets a move address the first word of a multi-word value.
            shown = slot.parts[0] if slot.kind in ("string", "slice", "interface", "empty interface") else slot
            if shown.size == width:
                return None
            return (
                f"invalid {move} of {_at(slot)}; {shown.type} is {shown.size}-byte value{_containing_list(slot.parts)}"
            )
    raise AssertionError(question)


def _at(slot) -> str:
    return f"{slot.name}+{slot.offset}(FP)"


def _or_list(parts) -> str:
    """vet's ", a, or b" tail of an invalid-offset message."""
    comma = "," if len(parts) > 1 else ""
    return "".join(f"{comma} {'or ' if i == len(parts) - 1 else ''}{_at(p)}" for i, p in enumerate(parts))


def _containing_list(parts) -> str:
    """vet's " containing a, b, and c" tail of an invalid-width message."""
    words = []
    for i, part in enumerate(parts):
        comma = "," if i > 0 and len(parts) > 2 else ""
        conjunction = "and " if i > 0 and i == len(parts) - 1 else ""
        words.append(f"{comma} {conjunction}{_at(part)}")
    return " containing" + "".join(words) if words else ""
