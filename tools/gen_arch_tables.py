#!/usr/bin/env python3
"""Generate asm_ls/arch/data/<goarch>.json from the installed Go toolchain.

The register and instruction maps mirror cmd/asm/internal/arch/arch.go: that
file is read statement by statement and replayed over names taken from the
obj packages' a.out.go, anames.go and list*.go. A statement this script does
not understand stops it, so a new Go release cannot silently produce a wrong
table. Facts the assembler's maps do not hold come from public places:
go/types sizes (as go vet's asmdecl computes them), `go tool dist list`,
`go list` build context tags and `go build -n` assembler flags.

Usage: python tools/gen_arch_tables.py [--goroot DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from arch_abi import argument_registers, documented_roles, has_g_register, obj_roles
from arch_registers import lanes, vendor_views

GOARCHES = (
    "386",
    "amd64",
    "arm",
    "arm64",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "ppc64",
    "ppc64le",
    "riscv64",
    "s390x",
    "wasm",
)

# Enum end markers: arch.go puts them in its maps, so the parser accepts
# them, but the encoder rejects every use ("asmins: missing op").
SENTINELS = {"XXX", "LAST", "LASTAOUT", "LASTGEN", "MAXREG"}

# Words parse.go handles itself before looking at arch.Instructions.
PSEUDO_OPS = ("DATA", "FUNCDATA", "GLOBL", "PCALIGN", "PCDATA", "TEXT")

# Names parse.go's setPseudoRegister accepts in `sym+off(REG)` on every arch.
PSEUDO_REGISTERS = ("FP", "PC", "SB", "SP")

# The arch.go constants for pseudo-registers.
PSEUDO_CONSTANTS = {"RFP": "FP", "RSB": "SB", "RSP": "SP", "RPC": "PC"}

# Families whose parse.go line() reads `.SUFFIX` after the mnemonic.
SUFFIX_FAMILY_CONSTANTS = re.compile(r"p\.arch\.InFamily\(([^)]*)\) && tok == '\.'")

# Register kinds and widths (bits) by family, first match wins. The Go
# sources carry no widths, so this is hardware knowledge, kept as data.
REGISTER_CLASSES: dict[str, list[tuple[str, str, int]]] = {
    "x86": [
        (r"(AL|CL|DL|BL|AH|CH|DH|BH|SPB|BPB|SIB|DIB|R\d+B)", "general", 8),
        (r"(AX|CX|DX|BX|SP|BP|SI|DI|R\d+|g)", "general", -1),  # -1: reg_size
        (r"F\d", "float", 80),
        (r"M\d", "vector", 64),
        (r"K\d", "mask", 64),
        (r"X\d+", "vector", 128),
        (r"Y\d+", "vector", 256),
        (r"Z\d+", "vector", 512),
        (r"(CS|SS|DS|ES|FS|GS)", "segment", 16),
        (r"(CR|DR|TR)\d+", "control", -1),
        (r"(GDTR|IDTR|LDTR|MSW|TASK|TLS)", "special", 0),
    ],
    "arm": [
        (r"(R\d+|g)", "general", 32),
        (r"F\d+", "float", 64),
        (r"C\d+", "coprocessor", 32),
        (r"(FPSR|FPCR|CPSR)", "status", 32),
        (r"MB_\w+", "barrier_option", 0),
    ],
    "arm64": [
        (r"(R\d+|R18_PLATFORM|g|ZR|RSP|LR)", "general", 64),
        (r"F\d+", "float", 64),
        (r"V\d+", "vector", 128),
        (r"\w+", "system", 64),
    ],
    "loong64": [
        (r"(R\d+|g)", "general", 64),
        (r"F\d+", "float", 64),
        (r"FCSR\d+", "status", 32),
        (r"FCC\d+", "condition", 1),
        (r"V\d+", "vector", 128),
        (r"X\d+", "vector", 256),
    ],
    "mips": [
        (r"(R\d+|g|RSB)", "general", -1),
        (r"F\d+", "float", -1),
        (r"M\d+", "coprocessor", -1),
        (r"FCR\d+", "status", 32),
        (r"W\d+", "vector", 128),
        (r"(HI|LO)", "special", -1),
    ],
    "ppc64": [
        (r"(R\d+|g)", "general", 64),
        (r"F\d+", "float", 64),
        (r"V\d+", "vector", 128),
        (r"VS\d+", "vector", 128),
        (r"A\d", "accumulator", 512),
        (r"CR\d(LT|GT|EQ|SO)", "condition", 1),
        (r"CR\d", "condition", 4),
        (r"CR", "condition", 32),
        (r"(XER|LR|CTR|MSR)", "special", 64),
        (r"FPSCR", "status", 64),
    ],
    "riscv64": [
        (r"(X\d+|ZERO|RA|SP|GP|TP|T\d|S\d+|A\d|g|CTXT|TMP)", "general", 64),
        (r"(F\d+|FT\d+|FS\d+|FA\d)", "float", 64),
        (r"V\d+", "vector", 0),  # VLEN is implementation-defined
    ],
    "s390x": [
        (r"(R\d+|g|LR)", "general", 64),
        (r"F\d+", "float", 64),
        (r"V\d+", "vector", 128),
        (r"AR\d+", "access", 32),
    ],
    "wasm": [
        (r"(SP|CTXT|g|RET\d|PAUSE|PC_B)", "special", 0),
        (r"R\d+", "general", 64),
        (r"F(\d|1[0-5])", "float", 32),
        (r"F\d+", "float", 64),
    ],
}

# Names that are different views of one physical register, beyond the
# plain aliases arch.go itself makes (same register number). A view is
# (pattern with group n, register file, numbering): n is looked up in the
# numbering when it is a dict, else the numbering is an offset added to n.
X86_WORD_NUMBERS = {name: i for i, name in enumerate(("AX", "CX", "DX", "BX", "SP", "BP", "SI", "DI"))}
X86_BYTE_NUMBERS = {name: i for i, name in enumerate(("AL", "CL", "DL", "BL", "SPB", "BPB", "SIB", "DIB"))}
OVERLAP_VIEWS: dict[str, list[tuple[str, str, dict[str, int] | int]]] = {
    "x86": [  # byte, word/dword/qword and vector widths share the register
        (r"(?P<n>AL|CL|DL|BL|SPB|BPB|SIB|DIB)", "gpr", X86_BYTE_NUMBERS),
        (r"R(?P<n>\d+)B", "gpr", 0),
        (r"(?P<n>AX|CX|DX|BX|SP|BP|SI|DI)", "gpr", X86_WORD_NUMBERS),
        (r"R(?P<n>\d+)", "gpr", 0),
        (r"[XYZ](?P<n>\d+)", "vec", 0),
    ],
    "arm64": [(r"[FV](?P<n>\d+)", "vec", 0)],  # Fn is the low 64 bits of Vn
    "loong64": [(r"[FVX](?P<n>\d+)", "vec", 0)],  # Fn < Vn < Xn
    "s390x": [(r"[FV](?P<n>\d+)", "vec", 0)],  # Fn is the high half of Vn
    "mips": [(r"[FW](?P<n>\d+)", "vec", 0)],  # MSA Wn contains Fn
    "ppc64": [(r"(?:F|VS)(?P<n>\d+)", "vsr", 0), (r"V(?P<n>\d+)", "vsr", 32)],  # VSX: F0-31, V0-31 = VS32-63
}


class GeneratorError(Exception):
    """The Go sources contain something this script does not understand."""


# Settings that would move the tables away from a default `go build`.
NON_DEFAULT_SETTINGS = ("GOARM", "GOAMD64", "GO386", "GOMIPS", "GOPPC64", "GORISCV64", "GOEXPERIMENT")


def run_go(
    goroot: Path, args: list[str], extra_env: dict[str, str] | None = None, cwd: str | None = None
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(NON_DEFAULT_SETTINGS)}
    env.update(GOTOOLCHAIN="local", CGO_ENABLED="0", GOFLAGS="", **(extra_env or {}))
    result = subprocess.run(
        [str(goroot / "bin" / "go"), *args], capture_output=True, text=True, timeout=300, env=env, cwd=cwd, check=False
    )
    if result.returncode != 0:
        raise GeneratorError(f"go {' '.join(args)} failed: {result.stderr.strip()[-500:]}")
    return result


def go_output(goroot: Path, args: list[str], extra_env: dict[str, str] | None = None, cwd: str | None = None) -> str:
    return run_go(goroot, args, extra_env, cwd).stdout


# ---------------------------------------------------------------- Go source text


def braced_block(text: str, start: int) -> str:
    """The text between the `{` at or after start and its matching `}`."""
    open_at = text.index("{", start)
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[open_at + 1 : i]
    raise GeneratorError("unbalanced braces")


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def func_body(text: str, name: str) -> str:
    match = re.search(rf"^func {re.escape(name)}\(", text, re.M)
    if not match:
        raise GeneratorError(f"function {name} not found")
    return strip_comments(braced_block(text, match.end()))


def var_block(text: str, name: str) -> str:
    match = re.search(rf"^var {re.escape(name)} = ", text, re.M)
    if not match:
        raise GeneratorError(f"var {name} not found")
    start = match.end()
    if "struct" in text[start : text.index("{", start)]:  # skip the element type's braces
        start = text.index("}", start) + 1
    return strip_comments(braced_block(text, start))


def string_literals(text: str) -> list[str]:
    return re.findall(r'"([^"\\]*)"', text)


@dataclass
class GoPackage:
    """Register constants of one cmd/internal/obj/<pkg> package."""

    directory: Path
    enum_runs: list[list[str]] = field(default_factory=list)  # iota runs, in order
    aliases: dict[str, str] = field(default_factory=dict)  # NAME = OTHER

    @classmethod
    def load(cls, directory: Path) -> GoPackage:
        package = cls(directory)
        for path in sorted(directory.glob("*.go")):
            if not path.name.endswith("_test.go"):
                package._read_consts(strip_comments(path.read_text()))
        return package

    def _read_consts(self, text: str) -> None:
        for block in re.findall(r"^const \((.*?)^\)", text, re.S | re.M):
            run: list[str] = []
            for line in block.splitlines():
                line = line.strip()
                if re.fullmatch(r"[A-Za-z_]\w*", line) and run:
                    run.append(line)
                elif match := re.fullmatch(r"(\w+)\s*=\s*.*\biota\b.*", line):
                    run = [match[1]]
                    self.enum_runs.append(run)
                elif match := re.fullmatch(r"(\w+)\s*=\s*([A-Za-z_]\w*)(\s*[-+]\s*0)?", line):
                    self.aliases[match[1]] = match[2]
                    run = []
                elif line:
                    run = []

    def canonical(self, name: str) -> str:
        seen = set()
        while name in self.aliases and name not in seen:
            seen.add(name)
            name = self.aliases[name]
        return name

    def between(self, first: str, last: str, inclusive: bool) -> list[str]:
        for run in self.enum_runs:
            if first in run and last in run:
                lo, hi = run.index(first), run.index(last)
                return run[lo : hi + 1 if inclusive else hi]
        raise GeneratorError(f"{first}..{last} is not one enumeration in {self.directory}")


def rconv_names(list_source: str, package: GoPackage) -> dict[str, str]:
    """Constant -> name for the special cases of a list*.go rconv function."""
    body = func_body(list_source, "rconv")
    names = {}
    for const, name in re.findall(r'r == (\w+)[:\s{]*\n?\s*return "(\w+)"', body):
        names[package.canonical(const)] = name
    for const, name in re.findall(r'case (REG_\w+):\s*return "(\w+)"', body):
        names[package.canonical(const)] = name
    return names


def rconv(const: str, special: dict[str, str]) -> str:
    """obj.Rconv for an enumerated register: REG_F3 prints as F3."""
    return special.get(const) or const.removeprefix("REG_")


# ---------------------------------------------------------------- arch.go replay


@dataclass
class AssemblerArch:
    registers: dict[str, str]  # name -> canonical constant (or pseudo marker)
    prefixes: dict[str, tuple[int, int]]
    instructions: set[str]
    jumps: set[str]


class ArchReplay:
    """Replays one archXxx function of cmd/asm/internal/arch/arch.go."""

    def __init__(self, goroot: Path, package_source: str, func_name: str, link_arch: str):
        self.obj_dir = goroot / "src/cmd/internal/obj"
        self.body = func_body(package_source, func_name)
        self.link_arch = link_arch  # the Set argument, e.g. "&x86.Linkamd64"
        self.package_text = package_source
        self.packages: dict[str, GoPackage] = {}
        self.registers: dict[str, str] = {}
        self.instructions: set[str] = set()

    def package(self, name: str) -> GoPackage:
        if name not in self.packages:
            self.packages[name] = GoPackage.load(self.obj_dir / name)
        return self.packages[name]

    def package_source(self, pkg: str) -> str:
        """The package's Go files, less build-ignored generators like stringer.go."""
        directory = self.obj_dir if pkg == "obj" else self.obj_dir / pkg
        texts = (path.read_text() for path in sorted(directory.glob("*.go")))
        return "".join(t for t in texts if "//go:build ignore" not in t)

    def resolve(self, expr: str) -> str:
        expr = expr.strip()
        expr = re.sub(r"^int16\((.*)\)$", r"\1", expr)
        if expr in PSEUDO_CONSTANTS:
            return "pseudo:" + PSEUDO_CONSTANTS[expr]
        if match := re.fullmatch(r'register\["(\w+)"\]', expr):
            return self.registers[match[1]]
        if match := re.fullmatch(r"(\w+)\.(\w+)", expr):
            return f"{match[1]}.{self.package(match[1]).canonical(match[2])}"
        raise GeneratorError(f"cannot resolve register value {expr!r}")

    def run(self) -> AssemblerArch:
        lines = [line.strip() for line in self.body.splitlines() if line.strip()]
        prefixes: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("for "):
                end = self._loop_end(lines, i)
                self._loop(line, lines[i + 1 : end])
                i = end + 1
                continue
            if match := re.fullmatch(r"if linkArch == (&[\w.]+) \{", line):
                end = self._loop_end(lines, i)
                if match[1] != self.link_arch:
                    i = end + 1
                    continue
                del lines[end]  # run the block's statements in place
                i += 1
                continue
            if line.startswith("registerPrefix := map[string]bool{"):
                end = lines.index("}", i)
                prefixes = [string_literals(entry)[0] for entry in lines[i + 1 : end]]
                i = end + 1
                continue
            self._statement(line)
            i += 1
        if re.search(r"Register:\s+wasm\.Register,", self.body):
            self._wasm_registers()
        return AssemblerArch(
            registers=self.registers,
            prefixes=self._prefix_ranges(prefixes),
            instructions=self.instructions - SENTINELS,
            jumps=self._jumps(),
        )

    @staticmethod
    def _loop_end(lines: list[str], start: int) -> int:
        depth = 0
        for j in range(start, len(lines)):
            depth += lines[j].count("{") - lines[j].count("}")
            if depth == 0:
                return j
        raise GeneratorError("unterminated loop")

    def _statement(self, line: str) -> None:
        if match := re.fullmatch(r'register\["(\w+)"\] = (.+)', line):
            self.registers[match[1]] = self.resolve(match[2])
        elif match := re.fullmatch(r"register\[obj\.Rconv\((\w+)\.(\w+)\)\] = .+", line):
            package = self.package(match[1])
            const = package.canonical(match[2])
            self.registers[rconv(const, rconv_names(self._list_source(match[1]), package))] = f"{match[1]}.{const}"
        elif match := re.fullmatch(r'delete\(register, "(\w+)"\)', line):
            self.registers.pop(match[1], None)
        elif match := re.fullmatch(r'instructions\["(\w+)"\] = .+', line):
            self.instructions.add(match[1])
        elif line.startswith(("register := make", "instructions := make", "return &Arch{", "}")) or re.fullmatch(
            r"\w+:\s+.+,", line
        ):
            pass  # declarations and the returned struct's fields, read elsewhere
        else:
            raise GeneratorError(f"arch.go statement not understood: {line!r}")

    def _loop(self, header: str, body: list[str]) -> None:
        if match := re.fullmatch(r"for i, s := range (\w+)\.(\w+) \{", header):
            self._range_loop(match[1], match[2], body)
        elif match := re.fullmatch(r"for i := (\w+)\.(REG_\w+); i (<=|<) \1\.(REG_\w+); i\+\+ \{", header):
            self._register_range(match[1], match[2], match[4], match[3] == "<=", body)
        elif re.fullmatch(r"for i := 0; i < len\(arm64\.SystemReg\); i\+\+ \{", header):
            source = (self.obj_dir / "arm64/sysRegEnc.go").read_text()
            for name, const in re.findall(r'\{"(\w+)", (REG_\w+),', var_block(source, "SystemReg")):
                self.registers[name] = "arm64." + const
        elif match := re.fullmatch(r"for i := 0; i < (\d+); i\+\+ \{", header):
            name = re.fullmatch(r'register\[fmt\.Sprintf\("(\w+)%d", i\)\] = int16\(i\)', body[0])
            if not name:
                raise GeneratorError(f"loop body not understood: {body}")
            for n in range(int(match[1])):
                self.registers[f"{name[1]}{n}"] = f"number:{n}"
        else:
            raise GeneratorError(f"arch.go loop not understood: {header!r}")

    def _range_loop(self, pkg: str, var: str, body: list[str]) -> None:
        names = string_literals(var_block(self.package_source(pkg), var))
        if any(line.startswith("instructions[s]") for line in body):
            self.instructions.update(names)
        elif any(line.startswith("register[s]") for line in body):
            first = re.search(r"int16\(i \+ \w+\.(REG_\w+)\)", " ".join(body))[1]
            run = next(r for r in self.package(pkg).enum_runs if first in r)
            start = run.index(first)
            for offset, name in enumerate(names):
                if name not in SENTINELS:
                    self.registers[name] = f"{pkg}.{run[start + offset]}"
        else:
            raise GeneratorError(f"range loop over {pkg}.{var} not understood")

    def _register_range(self, pkg: str, first: str, last: str, inclusive: bool, body: list[str]) -> None:
        package = self.package(pkg)
        skipped = set()
        for line in body:
            # `shared` is false for go build's default build mode.
            if line.startswith("if ") and not line.startswith("if shared"):
                skipped.update(package.canonical(c) for c in re.findall(rf"i == {pkg}\.(REG_\w+)", line))
        sprintf = re.search(r'fmt\.Sprintf\("(\w+)%d", i-\w+\.(REG_\w+)\)', " ".join(body))
        special = {} if sprintf else rconv_names(self._list_source(pkg), package)
        for index, const in enumerate(package.between(first, last, inclusive)):
            if const in skipped:
                continue
            name = f"{sprintf[1]}{index}" if sprintf else rconv(const, special)
            if name.startswith("REG"):
                raise GeneratorError(f"no name for {pkg}.{const}")
            self.registers[name] = f"{pkg}.{const}"

    def _list_source(self, pkg: str) -> str:
        for path in sorted((self.obj_dir / pkg).glob("list*.go")):
            text = path.read_text()
            if re.search(r"^func rconv\(", text, re.M):
                return text
        raise GeneratorError(f"no rconv in {pkg}")

    def _wasm_registers(self) -> None:
        source = (self.obj_dir / "wasm/wasmobj.go").read_text()
        for name, const in re.findall(r'"(\w+)":\s*(REG_\w+)', var_block(source, "Register")):
            self.registers[name] = "wasm." + const

    def obj_package(self) -> str:
        """The cmd/internal/obj package whose Anames this arch uses."""
        return re.search(r"range (?!obj\.)(\w+)\.Anames", self.body)[1]

    def _struct_field(self, name: str) -> str:
        match = re.search(rf"\b{name}:\s+([\w.]+),", self.body)
        if not match:
            raise GeneratorError(f"field {name} not found")
        return match[1]

    def _prefix_ranges(self, prefixes: list[str]) -> dict[str, tuple[int, int]]:
        number_func = self._struct_field("RegisterNumber")
        if not prefixes:
            return {}
        body = func_body(self.package_text, number_func)
        default = re.search(r"if n < 0 \|\| (\d+) < n", body)
        ranges = {}
        cases = re.split(r'case "', body)[1:]
        for case in cases:
            names = re.findall(r'(\w+)"', case.split(":", 1)[0])
            bound = re.search(r"0 <= n && n <= (\d+)", case)
            hi = int(bound[1]) if bound else int(default[1]) if default else None
            if hi is None:
                raise GeneratorError(f"no range for prefix {names} in {number_func}")
            for name in names:
                if name in prefixes:
                    ranges[name] = (0, hi)
        missing = set(prefixes) - set(ranges)
        if missing:
            raise GeneratorError(f"prefixes without a number range: {missing}")
        return ranges

    def _jumps(self) -> set[str]:
        jump_func = self._struct_field("IsJump")
        body = func_body(self.package_text, jump_func)
        if match := re.fullmatch(r"\s*return (\w+)\[word\]\s*", body):
            return set(string_literals(var_block(self.package_text, match[1])))
        if "switch word" in body:
            return set(string_literals(body))
        expr = re.fullmatch(r"\s*return (.+?)\s*", body, re.S)
        if not expr:
            raise GeneratorError(f"{jump_func} not understood")
        return {word for word in self.instructions - SENTINELS if jump_rule(expr[1], word)}


def jump_rule(expr: str, word: str) -> bool:
    """Evaluates an IsJump expression made of `||` terms on `word`."""
    for term in expr.split("||"):
        term = term.strip()
        if match := re.fullmatch(r"word\[0\] == '(.)'", term):
            hit = word[0] == match[1]
        elif match := re.fullmatch(r'word == "(\w+)"', term):
            hit = word == match[1]
        elif match := re.fullmatch(r'strings\.HasPrefix\(word, "(\w+)"\)', term):
            hit = word.startswith(match[1])
        else:
            raise GeneratorError(f"jump rule term not understood: {term!r}")
        if hit:
            return True
    return False


# ---------------------------------------------------------------- assembling a table


def arch_functions(arch_source: str) -> dict[str, str]:
    """GOARCH -> (archXxx function name, its argument), from arch.go's Set switch."""
    body = func_body(arch_source, "Set")
    return {goarch: (func, arg) for goarch, func, arg in re.findall(r'case "(\w+)":\s*return (\w+)\(([^)]*)\)', body)}


def family_constant_names(goroot: Path) -> dict[str, str]:
    """sys.ArchFamily constant (e.g. I386) -> family name of arch "386"."""
    text = (goroot / "src/cmd/internal/sys/arch.go").read_text()
    families = {}
    for match in re.finditer(r"var Arch\w+ = &Arch\{(.*?)^\}", text, re.S | re.M):
        name = re.search(r'Name:\s+"(\w+)"', match[1])[1]
        family = re.search(r"Family:\s+(\w+)", match[1])[1]
        families.setdefault(family, name)
    return families


def product(expr: str) -> int:
    """Value of a Go constant expression like `4 * 8`."""
    result = 1
    for factor in expr.split("*"):
        result *= int(factor)
    return result


def sys_arch_facts(goroot: Path) -> dict[str, dict]:
    text = (goroot / "src/cmd/internal/sys/arch.go").read_text()
    family_names = family_constant_names(goroot)
    facts = {}
    for match in re.finditer(r"var Arch\w+ = &Arch\{(.*?)^\}", text, re.S | re.M):
        fields = dict(re.findall(r"^\s*(\w+):\s+([^,\n]+),", match[1], re.M))
        name = fields["Name"].strip('"')
        facts[name] = {
            "family": family_names[fields["Family"]],
            "reg_size": int(fields["RegSize"]),
            "big_endian": fields["ByteOrder"] == "binary.BigEndian",
            "has_lr": fields.get("HasLR") == "true",
            "min_frame_size": product(fields.get("FixedFrameSize", "0")),
        }
    return facts


def suffix_families(goroot: Path) -> set[str]:
    text = (goroot / "src/cmd/asm/internal/asm/parse.go").read_text()
    family_names = family_constant_names(goroot)
    match = SUFFIX_FAMILY_CONSTANTS.search(text)
    if not match:
        raise GeneratorError("instruction suffix rule not found in parse.go")
    return {family_names[c.strip().removeprefix("sys.")] for c in match[1].split(",")}


def asmdecl_facts(goroot: Path) -> dict[str, dict]:
    path = goroot / "src/cmd/vendor/golang.org/x/tools/go/analysis/passes/asmdecl/asmdecl.go"
    facts = {}
    for fields in re.findall(r"asmArch\{(name: .*?)\}\n", path.read_text()):
        name = re.search(r'name: "(\w+)"', fields)[1]
        facts[name] = {
            "stack_register": re.search(r'stack: "(\w+)"', fields)[1],
            "has_lr": "lr: true" in fields,
            "result_registers": go_string_slice(fields, "retRegs"),
            "result_writing_instructions": go_string_slice(fields, "writeResult"),
        }
    return facts


def go_string_slice(fields: str, name: str) -> list[str]:
    """The strings of `name: []string{...}` in a struct literal; [] when absent."""
    match = re.search(rf"{name}: \[\]string\{{([^}}]*)\}}", fields)
    return string_literals(match[1]) if match else []


SIZES_PROGRAM = """package main

import (
	"encoding/json"
	"go/types"
	"os"
)

// The sizes go vet's asmdecl uses: types.SizesFor("gc", arch).
func main() {
	out := map[string]map[string]int64{}
	for _, arch := range os.Args[1:] {
		s := types.SizesFor("gc", arch)
		out[arch] = map[string]int64{
			"ptr_size":  s.Sizeof(types.Typ[types.UnsafePointer]),
			"int_size":  s.Sizeof(types.Typ[types.Int]),
			"max_align": s.Alignof(types.Typ[types.Int64]),
		}
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
"""


def type_sizes(goroot: Path) -> dict[str, dict[str, int]]:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "go.mod").write_text("module sizes\n")
        Path(tmp, "main.go").write_text(SIZES_PROGRAM)
        return json.loads(go_output(goroot, ["run", ".", *GOARCHES], cwd=tmp))


def dist_pairs(goroot: Path) -> list[dict]:
    return json.loads(go_output(goroot, ["tool", "dist", "list", "-json"]))


def build_context(goroot: Path, goos: str, goarch: str) -> dict:
    """Tool tags and assembler -D flags that `go build` uses for one pair."""
    env = {"GOOS": goos, "GOARCH": goarch}
    tags = go_output(goroot, ["list", "-f", '{{join context.ToolTags " "}}', "internal/cpu"], env).split()
    # `go build -n` prints its plan on stderr.
    commands = run_go(goroot, ["build", "-a", "-n", "internal/cpu"], env).stderr
    asm_line = next(line for line in commands.splitlines() if re.search(r"/asm\s", line) and " -o " in line)
    defines = re.findall(r"-D\s+(\w+)", asm_line)
    return {"tool_tags": tags, "asm_defines": defines}


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        root = self.parent.setdefault(item, item)
        if root != item:
            root = self.parent[item] = self.find(root)
        return root

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def register_table(family: str, reg_size: int, registers: dict[str, str]) -> dict[str, dict]:
    classes = REGISTER_CLASSES[family]
    views = OVERLAP_VIEWS.get(family, [])
    physical = UnionFind()
    for name, const in registers.items():
        physical.union(name, const)
        for pattern, register_file, numbering in views:
            if match := re.fullmatch(pattern, name):
                n = numbering[match["n"]] if isinstance(numbering, dict) else int(match["n"]) + numbering
                physical.union(name, f"{register_file}:{n}")
                break
    table = {}
    for name in sorted(registers):
        if registers[name].startswith("pseudo:"):
            kind, width = "pseudo", 0
        else:
            kind, width = next(((k, w) for p, k, w in classes if re.fullmatch(p, name)), (None, None))
            if kind is None:
                raise GeneratorError(f"register {name} has no class in {family}")
            width = reg_size * 8 if width == -1 else width
        aliases = sorted(other for other in registers if other != name and physical.find(other) == physical.find(name))
        table[name] = {"width": width, "kind": kind, "aliases": aliases}
    return table


@dataclass(frozen=True)
class NosplitRule:
    """The linker's NOSPLIT chain limit (cmd/link/internal/ld/stackcheck.go):
    StackNosplitBase times the stack guard multiplier, less what a CALL pushes
    on machines without a link register, less arch-specific extra room."""

    base: int
    larger_stack_goos: frozenset[str]  # GOOSes whose multiplier is one more
    extra_by_goarch: dict[str, int]

    @classmethod
    def read(cls, goroot: Path) -> NosplitRule:
        src = goroot / "src"
        base = re.search(r"StackNosplitBase = (\d+)", (src / "internal/abi/stack.go").read_text())
        multiplier = func_body((src / "cmd/internal/objabi/stack.go").read_text(), "stackGuardMultiplier")
        check = (src / "cmd/link/internal/ld/stackcheck.go").read_text()
        extras = re.findall(r'if buildcfg\.GOARCH == "(\w+)" \{[^}]*?limit -= (\d+)', strip_comments(check))
        if not base or "n += 1" not in multiplier or "objabi.StackNosplit(*flagRace) - sc.callSize" not in check:
            raise GeneratorError("the nosplit limit rule has changed")
        goos = re.findall(r'buildcfg\.GOOS == "(\w+)"', multiplier.split("if race")[0])
        return cls(int(base[1]), frozenset(goos), {arch: int(n) for arch, n in extras})

    def limit(self, goos: str, goarch: str, facts: dict, race: bool) -> int:
        multiplier = 1 + (goos in self.larger_stack_goos) + race
        call_size = 0 if facts["has_lr"] else facts["reg_size"]
        return self.base * multiplier - call_size - self.extra_by_goarch.get(goarch, 0)


def special_operands(goroot: Path, family: str) -> list[str]:
    """Bare words parse.go's operand() takes as arch special operands, not symbols.

    arm64: the SpecialOperand enum printed by stringer (prefetch ops, conditions,
    ...) plus arm64.go's specialMapping; riscv64: vector configuration words and
    CSR names. Both mirror ARM64SpecialOperand / RISCV64SpecialOperand.
    """
    obj_dir = goroot / "src/cmd/internal/obj"
    if family == "arm64":
        stringer = (obj_dir / "arm64/specialoperand_string.go").read_text()
        names = set(re.findall(r"_ = x\[SPOP_(\w+)-\d+\]", stringer)) - {"BEGIN", "END"}
        arch_go = (goroot / "src/cmd/asm/internal/arch/arm64.go").read_text()
        mapping = re.search(r"specialMapping := map\[string\]arm64\.SpecialOperand\{(.*?)\}", arch_go, re.S)
        return sorted(names | set(re.findall(r'"(\w+)":', mapping[1])))
    if family == "riscv64":
        cpu = (obj_dir / "riscv/cpu.go").read_text()
        inst = (obj_dir / "riscv/inst.go").read_text()
        vector = re.findall(r'name: "(\w+)"', var_block(cpu, "specialOperands"))
        return sorted(set(vector) | set(string_literals(var_block(inst, "csrs"))))
    return []


def link_register(replay: ArchReplay, registers: dict[str, str]) -> str:
    """The name of REGLINK (or REG_LR), preferring a symbolic name like LR or RA."""
    pkg = replay.obj_package()
    package = replay.package(pkg)
    targets = {f"{pkg}.{package.canonical(c)}" for c in ("REGLINK", "REG_LR")}
    names = [name for name, const in registers.items() if const in targets]
    if not names:
        raise GeneratorError(f"no link register among {pkg} registers")
    return min(names, key=lambda n: (n != "LR", bool(re.fullmatch(r"[A-Z]+\d+", n)), n))


def class_family(goarch: str, family: str) -> str:
    return {
        "386": "x86",
        "amd64": "x86",
        "mipsle": "mips",
        "mips64": "mips",
        "mips64le": "mips",
        "ppc64le": "ppc64",
    }.get(goarch, family if family in REGISTER_CLASSES else goarch)


def syslist(goroot: Path, version: str) -> dict:
    """What go/build knows about GOOS and GOARCH names, and its release tags."""
    text = (goroot / "src/internal/syslist/syslist.go").read_text()
    release = go_output(goroot, ["list", "-f", '{{join context.ReleaseTags " "}}', "internal/cpu"]).split()
    return {
        "go_version": version,
        "known_os": sorted(string_literals(var_block(text, "KnownOS"))),
        "unix_os": sorted(string_literals(var_block(text, "UnixOS"))),
        "known_arch": sorted(string_literals(var_block(text, "KnownArch"))),
        "implied_goos": implied_goos(goroot),
        "release_tags": release,
    }


def implied_goos(goroot: Path) -> dict[str, str]:
    """GOOS -> the other GOOS tag it satisfies (android is linux), from go/build's matchTag."""
    match_tag = func_body((goroot / "src/go/build/build.go").read_text(), "(ctxt *Context) matchTag")
    implied = dict(re.findall(r'if ctxt\.GOOS == "(\w+)" && name == "(\w+)"', match_tag))
    if not implied:
        raise GeneratorError("go/build's GOOS implications not found")
    return implied


def register_names(goarch: str, family: str, reg_size: int, registers: dict[str, str], table: dict) -> None:
    """Add each register's vendor views and vector lanes to its table entry."""
    for name, entry in table.items():
        entry["vendor"] = vendor_views(goarch, family, name, registers[name], reg_size * 8)
        entry["lanes"] = lanes(family, name, entry["kind"], entry["width"])


def abi_table(goroot: Path, goarch: str, replay: ArchReplay, registers: dict[str, str]) -> dict:
    """ABIInternal's argument registers and the fixed role of each reserved register."""
    pkg = replay.obj_package()
    package = replay.package(pkg)

    def named(const: str) -> list[str]:
        target = f"{pkg}.{package.canonical(const)}"
        return sorted(name for name, c in registers.items() if c == target)

    def resolve(spelled: str) -> str | None:
        if spelled in registers:
            return spelled
        found = named(f"REG_{spelled}") or (named(f"REG_{spelled[1:]}") if spelled[:1] == "R" else [])
        return min(found, key=len) if found else None

    ints, floats = argument_registers(goroot, goarch)

    def every_name(roles: dict[str, str]) -> dict[str, str]:
        """Each name of a register gets the role of another name of it (amd64 R14 and g)."""
        by_const: dict[str, str] = {}
        for name, role in roles.items():
            by_const.setdefault(registers[name], role)
        return {n: by_const[c] for n, c in registers.items() if c in by_const and not c.startswith("pseudo:")}

    roles = every_name(documented_roles(goroot, goarch, resolve))
    reserved = obj_roles(lambda c: named(c) if c in package.aliases else [], has_g_register(goroot, goarch))
    for name, role in every_name(reserved).items():
        roles.setdefault(name, role)
    unknown = [name for name in ints + floats if name not in registers]
    if unknown:
        raise GeneratorError(f"{goarch}: argument registers {unknown} are not assembler registers")
    return {"int_arguments": ints, "float_arguments": floats, "roles": dict(sorted(roles.items()))}


def write_json(path: Path, value: dict) -> None:
    path.write_text(json.dumps(value, indent=1, sort_keys=True) + "\n")


def generate(goroot: Path, out: Path) -> None:
    version = go_output(goroot, ["env", "GOVERSION"]).strip()
    arch_dir = goroot / "src/cmd/asm/internal/arch"
    arch_source = "".join(p.read_text() for p in sorted(arch_dir.glob("*.go")) if not p.name.endswith("_test.go"))
    functions = arch_functions(arch_source)
    sys_facts = sys_arch_facts(goroot)
    vet_facts = asmdecl_facts(goroot)
    sizes = type_sizes(goroot)
    suffixed = suffix_families(goroot)
    pairs = dist_pairs(goroot)
    nosplit = NosplitRule.read(goroot)
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "syslist.json", syslist(goroot, version))
    for goarch in GOARCHES:
        facts = sys_facts[goarch]
        replay = ArchReplay(goroot, arch_source, *functions[goarch])
        assembled = replay.run()
        goos = sorted(p["GOOS"] for p in pairs if p["GOARCH"] == goarch)
        contexts = {g: build_context(goroot, g, goarch) for g in goos}
        for g, context in contexts.items():
            context["nosplit_limit"] = nosplit.limit(g, goarch, facts, race=False)
            context["nosplit_limit_race"] = nosplit.limit(g, goarch, facts, race=True)
        family = class_family(goarch, facts["family"])
        registers = register_table(family, facts["reg_size"], assembled.registers)
        register_names(goarch, family, facts["reg_size"], assembled.registers, registers)
        link = link_register(replay, assembled.registers) if facts["has_lr"] else None
        table = {
            "name": goarch,
            "go_version": version,
            "family": facts["family"],
            "ptr_size": sizes[goarch]["ptr_size"],
            "int_size": sizes[goarch]["int_size"],
            "reg_size": facts["reg_size"],
            "max_align": sizes[goarch]["max_align"],
            "big_endian": facts["big_endian"],
            "stack_register": vet_facts[goarch]["stack_register"],
            "link_register": link,
            "result_registers": vet_facts[goarch]["result_registers"],
            "abi": abi_table(goroot, goarch, replay, assembled.registers),
            "result_writing_instructions": vet_facts[goarch]["result_writing_instructions"],
            "min_frame_size": facts["min_frame_size"],
            "instruction_suffixes": facts["family"] in suffixed,
            "registers": registers,
            "pseudo_registers": list(PSEUDO_REGISTERS),
            "special_operands": special_operands(goroot, facts["family"]),
            "register_prefixes": {p: list(r) for p, r in sorted(assembled.prefixes.items())},
            "mnemonics": sorted(assembled.instructions | set(PSEUDO_OPS)),
            "jumps": sorted(assembled.jumps),
            "goos": goos,
            "contexts": contexts,
        }
        write_json(out / f"{goarch}.json", table)
        print(f"{goarch}: {len(registers)} registers, {len(table['mnemonics'])} mnemonics", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goroot", type=Path, default=Path(os.environ.get("GOROOT", "/usr/local/go")))
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "asm_ls/arch/data")
    args = parser.parse_args()
    generate(args.goroot, args.out)


if __name__ == "__main__":
    main()
