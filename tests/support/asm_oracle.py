"""Running `go tool asm` as `go build` does, and sorting its complaints.

Used by the differential tests: the assembler is the oracle for which lines
of a Go assembly file are wrong, and for why.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

# cmd/asm's messages for what it rejects before encoding anything: the lexer
# (lex/input.go, lex/tokenizer.go, text/scanner), the operand parser
# (asm/parse.go), and labels and pseudo-ops in asm/asm.go (TEXT, DATA, GLOBL,
# PCDATA, FUNCDATA, PCALIGN).
SYNTAX_MESSAGES = tuple(
    re.compile(p)
    for p in (
        # asm/parse.go
        r"^unrecognized instruction ",
        r"^expected ",
        r"^unexpected ",
        r"^missing operand",
        r"^misplaced //go:build",
        r"^instruction suffix expected identifier",
        r"^invalid ':' in operand",
        r"^illegal use of pseudo-register",
        r"^bad scale",
        r"^illegal use of register list",
        r"^missing right parenthesis",
        r"^missing closing paren",
        r"^floating-point constant must be an immediate",
        r"^string constant must be an immediate",
        r"^string parse error",
        r"^parsing register list",
        r"^illegal register ",
        r"^prefix . not allowed for",
        r"^\(register.register\) not supported",
        r"^rhs of shift must be",
        r"^register shift count too large",
        r"^parsing left shift amount",
        r"^parsing element index",
        r"^register extension not supported",
        r"^illegal or missing addressing mode for symbol",
        r"^illegal addressing mode for PC",
        r"^malformed ABI selector",
        r"^ABI selector only permitted",
        r"^indirect through ",
        r"^cannot use pseudo-register in pair",
        r"^cannot reference .* without a symbol",
        r"^illegal address mode for register",
        r"^unimplemented two-register form",
        r"doesn't support scaled register format",
        r"^missing '\]' in register list",
        r"^invalid register: ",
        r"^inconsistent arrangement in ARM64 register list",
        r"^incontiguous register in ARM64 register list",
        r"^register R\d+ already in list",
        r"^register list",
        r"^divide of value with high bit set",
        r"^division by zero",
        r"^modulo of value with high bit set",
        r"^modulo by zero",
        r"^negative (left|right) shift count",
        r"^right shift of value with high bit set",
        r"^illegal UTF-8 encoding",
        r"overflows int64$",
        r"^invalid syntax$",
        r"^value out of range$",
        r"^strconv\.Parse",
        # text/scanner, via lex/tokenizer.go
        r"^literal not terminated",
        r"^invalid char literal",
        r"^invalid digit",
        r"^.*comment not terminated",
        r"^invalid radix point",
        r"^exponent has no digits",
        r"^hexadecimal mantissa requires",
        r"^invalid character",
        r"^'_' must separate",
        r"^invalid escape",
        r"^escape sequence",
        r"has no digits$",
        # arch-specific operand parsing (asm/arch/*.go, through parse.go)
        r"^Loong64 extension: ",
        r"^invalid register for shift operation",
        r"^expect V0 through V31",
        r"^invalid register number",
        r"^invalid arrangement",
        r"^invalid register numbers",
        # lex/input.go (preprocessor)
        r"^'#' must be first item on line",
        r"^unclosed #ifdef",
        r"^recursive macro invocation",
        r"^redefinition of macro",
        r"^bad syntax in definition for macro",
        r"^duplicate argument",
        r"^bad definition for macro",
        r"^missing newline in definition",
        r"^can only escape",
        r"^wrong arg count for macro",
        r"^unterminated arg list invoking macro",
        r"^unmatched #(else|endif)",
        r"^unquoting ",
        r"^#include",
        r"^error parsing #line",
        r"^#undef for undefined macro",
        r"^syntax error in #undef",
        r"^input recursion",
        # asm/asm.go: suffixes, labels and pseudo-ops
        r"^unrecognized (condition code|suffix)",
        r"^unknown suffix ",
        r"^duplicate suffix ",
        r"^Z suffix ",
        r"^bad suffix ",
        r"^can.t combine rounding",
        r"^label .* multiply defined",
        r"^undefined label ",
        r"^(TEXT|DATA|GLOBL|PCDATA|FUNCDATA|PCALIGN)\b.*(symbol|immediate|integer|frame size|argument size|ABIInternal)",
        r"^expect (one|two|two or three) operands? for (TEXT|DATA|GLOBL|PCDATA|FUNCDATA|PCALIGN)",
        r"^expect /size for DATA",
        r"^bad (int |float |addr )?size for DATA argument",
        r"^DATA value must be",
        r"^overlapping DATA entry",
        r"^pc value must be",
        r"^PCALIGN ",
        r"^alignment value",
    )
)

# Files under $GOROOT/src, per GOARCH (built for linux). Each is checked to
# assemble cleanly as it is before it is mutated.
CORPUS = {
    "amd64": [
        "math/exp_amd64.s",
        "crypto/internal/fips140/aes/aes_amd64.s",
        "internal/runtime/atomic/atomic_amd64.s",
        "syscall/asm_linux_amd64.s",
        "math/big/arith_amd64.s",
        "crypto/md5/md5block_amd64.s",
        "math/hypot_amd64.s",
    ],
    "arm64": [
        "crypto/md5/md5block_arm64.s",
        "runtime/memmove_arm64.s",
        "crypto/internal/fips140/aes/aes_arm64.s",
        "syscall/asm_linux_arm64.s",
        "math/big/arith_arm64.s",
        "crypto/internal/fips140/sha3/sha3_arm64.s",
        "math/exp_arm64.s",
    ],
    "arm": [
        "runtime/memmove_arm.s",
        "crypto/md5/md5block_arm.s",
        "math/big/arith_arm.s",
        "syscall/asm_linux_arm.s",
        "internal/runtime/atomic/sys_linux_arm.s",
        "crypto/sha1/sha1block_arm.s",
    ],
    "386": [
        "crypto/md5/md5block_386.s",
        "math/big/arith_386.s",
        "syscall/asm_linux_386.s",
        "internal/runtime/atomic/atomic_386.s",
        "runtime/vlop_386.s",
        "math/hypot_386.s",
    ],
    "ppc64le": [
        "runtime/memmove_ppc64x.s",
        "crypto/md5/md5block_ppc64x.s",
        "math/big/arith_ppc64x.s",
        "internal/runtime/atomic/atomic_ppc64x.s",
        "syscall/asm_linux_ppc64x.s",
        "crypto/internal/fips140/subtle/xor_ppc64x.s",
    ],
    "riscv64": [
        "runtime/memmove_riscv64.s",
        "crypto/md5/md5block_riscv64.s",
        "math/big/arith_riscv64.s",
        "internal/runtime/atomic/atomic_riscv64.s",
        "math/dim_riscv64.s",
        "runtime/memclr_riscv64.s",
    ],
    "s390x": [
        "math/exp_s390x.s",
        "runtime/memmove_s390x.s",
        "crypto/md5/md5block_s390x.s",
        "math/big/arith_s390x.s",
        "internal/runtime/atomic/atomic_s390x.s",
        "hash/crc32/crc32_s390x.s",
    ],
    "mips64le": ["runtime/memmove_mips64x.s", "internal/runtime/atomic/atomic_mips64x.s", "math/big/arith_mips64x.s"],
    "loong64": [
        "math/exp_loong64.s",
        "crypto/md5/md5block_loong64.s",
        "math/big/arith_loong64.s",
        "hash/crc32/crc32_loong64.s",
    ],
}

# Lines of `go tool asm` output: "file.s:LINE: msg" or "file.s:LINE:COL: msg"
# from the front end; "asm: PKG.F: msg: 00000 (file.s:LINE)\tINSN" from the
# back end (obj's Diag).
_FRONT = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+)(?::\d+)?: (?P<msg>.*)$")
_BACK = re.compile(r"\((?P<file>[^\s:()]+):(?P<line>\d+)\)")


@dataclass(frozen=True)
class AsmError:
    file: str  # base name
    line: int  # 1-based
    message: str
    reason: str  # "syntax", "encoding" (back end) or "other" (front end, not a syntax rule)


@dataclass(frozen=True)
class AsmResult:
    returncode: int
    errors: tuple[AsmError, ...]
    stderr: str
    stdout: str = ""  # the -S listing, when asked for

    @property
    def accepted(self) -> bool:
        return self.returncode == 0


def reason_of(message: str) -> str:
    return "syntax" if any(p.search(message) for p in SYNTAX_MESSAGES) else "other"


def parse_errors(stderr: str) -> tuple[AsmError, ...]:
    found = []
    for raw in stderr.splitlines():
        line = raw.strip()
        if line.startswith("asm: "):
            back = _BACK.search(line)
            if back:
                found.append(AsmError(os.path.basename(back["file"]), int(back["line"]), line[5:], "encoding"))
            continue
        if line.startswith("panic: "):
            line = line[len("panic: ") :]
        front = _FRONT.match(line)
        if front and front["file"].endswith((".s", ".h")):
            message = front["msg"]
            found.append(AsmError(os.path.basename(front["file"]), int(front["line"]), message, reason_of(message)))
    return tuple(found)


# The -D macros `go build -n` shows for linux/GOARCH with default GOAMD64,
# GOARM, ... (Go 1.26), written out here rather than taken from asm-ls.
LINUX_DEFINES = {
    "amd64": ("GOOS_linux", "GOARCH_amd64", "GOAMD64_v1"),
    "arm64": ("GOOS_linux", "GOARCH_arm64"),
    "arm": ("GOOS_linux", "GOARCH_arm", "GOARM_7", "GOARM_6", "GOARM_5"),
    "386": ("GOOS_linux", "GOARCH_386", "GO386_sse2"),
    "ppc64le": ("GOOS_linux", "GOARCH_ppc64le", "GOPPC64_power8"),
    "riscv64": ("GOOS_linux", "GOARCH_riscv64", "GORISCV64_rva20u64"),
    "s390x": ("GOOS_linux", "GOARCH_s390x"),
    "mips64le": ("GOOS_linux", "GOARCH_mips64le", "GOMIPS64_hardfloat"),
    "loong64": ("GOOS_linux", "GOARCH_loong64"),
}


def assemble(
    go_binary: str,
    goroot: Path,
    goarch: str,
    package: str,
    source: Path,
    include_dir: Path,
    out_dir: Path,
    timeout: float = 60,
    listing: bool = False,
) -> AsmResult:
    """`go tool asm` on one file with the flags `go build` passes for linux
    (and -S when listing). The object goes to out_dir (never /dev/null: asm
    deletes its -o file on failure)."""
    argv = [go_binary, "tool", "asm", "-p", package, "-I", str(include_dir), "-I", str(goroot / "pkg" / "include")]
    if listing:
        argv.append("-S")
    for define in LINUX_DEFINES[goarch]:
        argv += ["-D", define]
    argv += ["-o", str(out_dir / (source.stem + ".o")), str(source)]
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOOS": "linux", "GOARCH": goarch}
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired as expired:
        return AsmResult(-1, (), f"timed out: {expired}")
    return AsmResult(done.returncode, parse_errors(done.stderr), done.stderr, done.stdout)


# --- mutations of real lines ---------------------------------------------

_WORD = re.compile(r"[A-Za-z_\u00b7][A-Za-z0-9_\u00b7\u2215]*")
_LABEL_DEF = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:(?!:)")
_TEXT = re.compile(r"^\s*TEXT\b")


@dataclass(frozen=True)
class Mutation:
    kind: str
    line: int  # 0-based
    before: str
    after: str


@dataclass
class Corpus:
    """One real file: its lines, which of them are statements, its labels
    per TEXT block, and the arch's names (from asm-ls's tables, which only
    steer what gets mutated; the assembler is the judge)."""

    lines: list[str]
    registers: frozenset[str]
    foreign_registers: tuple[str, ...]
    mnemonics: tuple[str, ...]
    statements: list[int]
    function_of: dict[int, int]  # statement line -> index of its TEXT block
    labels: dict[int, set[str]]  # TEXT block -> labels defined in it
    directives: list[int]  # preprocessor lines (#include, #define, #ifdef, ...), first lines only

    @classmethod
    def of(cls, text: str, goarch: str) -> Corpus:
        from asm_ls.arch import GOARCHES, get_arch

        arch = get_arch(goarch)
        registers = frozenset(arch.registers) | {
            f"{p}{n}" for p, (lo, hi) in arch.register_prefixes.items() for n in range(lo, hi + 1)
        }
        foreign = sorted(
            {
                name
                for other in GOARCHES
                for name in get_arch(other).registers
                if name not in registers and "_" not in name and len(name) <= 4
            }
        )
        lines = text.split("\n")
        statements, function_of, labels, directives = [], {}, {0: set()}, []
        block, continued, in_comment = 0, False, False
        for number, line in enumerate(lines):
            code = code_part(line)
            was_continued, continued = continued, line.rstrip().endswith("\\")
            if in_comment:
                in_comment = "*/" not in line
                continue
            if "/*" in code and "*/" not in code[code.index("/*") :]:
                in_comment = True
                continue
            stripped = code.strip()
            if not was_continued and stripped.startswith("#") and "/*" not in code:
                directives.append(number)
            if was_continued or not stripped or stripped.startswith("#") or "/*" in code:
                continue
            if _TEXT.match(code):
                block += 1
                labels[block] = set()
            label = _LABEL_DEF.match(code)
            if label:
                labels[block].add(label.group(1))
            statements.append(number)
            function_of[number] = block
        return cls(
            lines, registers, tuple(foreign), tuple(sorted(arch.mnemonics)), statements, function_of, labels, directives
        )

    def all_labels(self) -> set[str]:
        return set().union(*self.labels.values())


def code_part(line: str) -> str:
    """The line without its // comment (quotes are rare enough to ignore)."""
    cut = line.find("//")
    return line if cut < 0 else line[:cut]


def _words(code: str) -> list[re.Match]:
    return list(_WORD.finditer(code))


_LABEL_PREFIX = re.compile(r"\s*[A-Za-z_]\w*\s*:(?!:)")


def _mnemonic(code: str) -> re.Match | None:
    """The instruction word: the first word after any `label:` prefixes."""
    rest = 0
    while (label := _LABEL_PREFIX.match(code, rest)) is not None:
        rest = label.end()
    return _WORD.search(code, rest)


def _replace(code: str, start: int, end: int, new: str) -> str:
    return code[:start] + new + code[end:]


def _operand_start(code: str) -> int:
    mnemonic = _mnemonic(code)
    return mnemonic.end() if mnemonic else 0


def _register_words(corpus: Corpus, code: str) -> list[re.Match]:
    start = _operand_start(code)
    return [w for w in _words(code) if w.start() >= start and w.group() in corpus.registers]


BOGUS_REGISTERS = ("R99", "RAXX", "X99", "Q7", "REGX", "F77", "V40", "AXX", "R1X", "EAX", "RAX", "W33")


def m_bogus_register(rng, corpus, number, code):
    found = _register_words(corpus, code)
    if not found:
        return None
    word = rng.choice(found)
    return _replace(code, word.start(), word.end(), rng.choice(BOGUS_REGISTERS))


def m_foreign_register(rng, corpus, number, code):
    found = _register_words(corpus, code)
    if not found or not corpus.foreign_registers:
        return None
    word = rng.choice(found)
    return _replace(code, word.start(), word.end(), rng.choice(corpus.foreign_registers))


def m_other_register(rng, corpus, number, code):
    """Another register of the same arch: usually fine, sometimes not encodable."""
    found = _register_words(corpus, code)
    if not found:
        return None
    word = rng.choice(found)
    same_shape = sorted(r for r in corpus.registers if r[:1] == word.group()[:1] and r != word.group())
    return _replace(code, word.start(), word.end(), rng.choice(same_shape)) if same_shape else None


def m_misspell_mnemonic(rng, corpus, number, code):
    word = _mnemonic(code)
    if not word:
        return None
    text = word.group()
    i = rng.randrange(len(text))
    edits = [
        text[:i] + text[i + 1 :],  # drop a letter
        text[:i] + text[i] + text[i:],  # double a letter
        text[:i] + rng.choice("QXZJKV") + text[i:],  # insert a letter
        text + rng.choice(("X", "QQ", "9", "_")),  # bad suffix
        text.lower() if text.isupper() else text.upper(),
        text[:i] + text[i + 1 : i + 2] + text[i : i + 1] + text[i + 2 :],  # swap two letters
    ]
    new = rng.choice([e for e in edits if e and e != text] or ["XYZZY"])
    return _replace(code, word.start(), word.end(), new)


SUFFIXES = (
    "EQ",
    "NE",
    "S",
    "P",
    "W",
    "U",
    "HS",
    "LO",
    "XX",
    "Z",
    "BCST",
    "SAE",
    "RN_SAE",
    "D1",
    "",
    "S.EQ",
    "EQ.S",
    "IA",
    "DB",
    "PL",
    "AQRL",
    "RTZ",
    "8B",
)


def m_suffix(rng, corpus, number, code):
    """An instruction suffix or condition code (`.EQ`, `.P`, `.Z`, `.XX`, ...), known to the arch or not."""
    word = _mnemonic(code)
    if not word or word.group() in ("TEXT", "DATA", "GLOBL", "PCDATA", "FUNCDATA", "PCALIGN"):
        return None
    return _replace(code, word.end(), word.end(), "." + rng.choice(SUFFIXES))


def m_other_mnemonic(rng, corpus, number, code):
    """Another real mnemonic of the arch: the operands may not fit it."""
    word = _mnemonic(code)
    if not word or word.group() in ("TEXT", "DATA", "GLOBL"):
        return None
    similar = [m for m in corpus.mnemonics if m[:2] == word.group()[:2] and m != word.group()]
    return _replace(code, word.start(), word.end(), rng.choice(similar or list(corpus.mnemonics)))


def _positions(code: str, chars: str) -> list[int]:
    return [i for i, c in enumerate(code) if c in chars]


def _operand_gaps(code: str) -> list[int]:
    """Token boundaries inside the operands, where something can be inserted."""
    start = _operand_start(code)
    gaps = {len(code.rstrip())}
    for i in range(start, len(code.rstrip())):
        if i == start or code[i - 1].isspace() or code[i] in "(),$+-*[]" or code[i - 1] in "(),$+-*[]":
            gaps.add(i)
    return sorted(gaps)


def m_drop_bracket(rng, corpus, number, code):
    found = _positions(code[_operand_start(code) :], "()[]")
    if not found:
        return None
    i = _operand_start(code) + rng.choice(found)
    return _replace(code, i, i + 1, "")


def m_insert_bracket(rng, corpus, number, code):
    gaps = _operand_gaps(code)
    if not gaps:
        return None
    i = rng.choice(gaps)
    return _replace(code, i, i, rng.choice("()[]()"))


BAD_TOKENS = ("@", "?", "!", "%", "{", "}", "=", "\\", "`", "'", '"', "#", "&", "|", "^", "~", "::", "<", ">>>", ".")


def m_bad_token(rng, corpus, number, code):
    gaps = _operand_gaps(code)
    if not gaps:
        return None
    i = rng.choice(gaps)
    return _replace(code, i, i, rng.choice(BAD_TOKENS))


def _label_uses(corpus: Corpus, number: int, code: str) -> list[re.Match]:
    block_labels = corpus.labels.get(corpus.function_of.get(number, 0), set())
    start = _operand_start(code)
    return [
        w
        for w in _words(code)
        if w.start() >= start and w.group() in block_labels and w.group() not in corpus.registers
    ]


def m_undefined_label(rng, corpus, number, code):
    uses = _label_uses(corpus, number, code)
    if not uses:
        return None
    word = rng.choice(uses)
    new = rng.choice((word.group() + "_missing", "nowhere", word.group()[:-1] or "x", word.group().swapcase()))
    return _replace(code, word.start(), word.end(), new)


def m_label_of_other_function(rng, corpus, number, code):
    """A branch to a label of another TEXT block: labels are per TEXT."""
    uses = _label_uses(corpus, number, code)
    here = corpus.labels.get(corpus.function_of.get(number, 0), set())
    elsewhere = sorted(corpus.all_labels() - here)
    if not uses or not elsewhere:
        return None
    word = rng.choice(uses)
    return _replace(code, word.start(), word.end(), rng.choice(elsewhere))


def m_duplicate_label(rng, corpus, number, code):
    """`L:` before a statement: a duplicate when L is already defined in this TEXT."""
    block = corpus.function_of.get(number, 0)
    here = sorted(corpus.labels.get(block, ()))
    others = sorted(corpus.all_labels() - set(here))
    if _TEXT.match(code) or not (here or others):
        return None
    pool = here if here and (not others or rng.random() < 0.75) else others
    label = rng.choice(pool)
    indent = len(code) - len(code.lstrip())
    return code[:indent] + label + ": " + code[indent:]


_IMMEDIATE = re.compile(r"\$(-?)(0[xX][0-9a-fA-F]+|\d+)")


def m_break_immediate(rng, corpus, number, code):
    found = list(_IMMEDIATE.finditer(code))
    if not found:
        return None
    imm = rng.choice(found)
    digits = imm.group(2)
    new = rng.choice(
        (
            "$",
            "$$" + digits,
            "$" + digits + "x",
            "$(" + digits,
            "$" + digits + ")",
            "$-",
            "$0x",
            "$0b2",
            "$09",
            "$" + digits + ".5.5",
            "$" + digits + "e",
            "$1<<",
            "$" + digits + "+",
            "#" + digits,
            digits + "$",
            "$'",
            "$" + digits * 12,
        )
    )
    return _replace(code, imm.start(), imm.end(), new)


def m_separator(rng, corpus, number, code):
    found = [i for i in _positions(code, ",") if i > _operand_start(code)]
    if not found:
        return None
    i = rng.choice(found)
    return _replace(code, i, i + 1, rng.choice((";", " ", ",,", ".", ":", "", "+", ", ,")))


def m_truncate(rng, corpus, number, code):
    start = _operand_start(code)
    end = len(code.rstrip())
    if end - start < 3:
        return None
    return code[: rng.randrange(start + 1, end)]


def m_drop_operand(rng, corpus, number, code):
    commas = [i for i in _positions(code, ",") if i > _operand_start(code)]
    if not commas:
        return None
    i = rng.choice(commas)
    return code[:i] if rng.random() < 0.5 else code[: _operand_start(code)] + " " + code[i + 1 :].lstrip()


_SYMBOL = re.compile(r"(?P<name>[\w\u00b7\u2215<>]*)(?P<off>[+-]\d+)?\((?P<reg>SB|FP|SP|PC)\)")
_FRAME = re.compile(r"\$(?P<frame>-?\d+)(?:-(?P<args>\d+))?\s*$")
_DATA_SIZE = re.compile(r"/(\d+)")


def m_corrupt_directive(rng, corpus, number, code):
    word = _mnemonic(code)
    if not word or word.group() not in ("TEXT", "DATA", "GLOBL", "PCDATA", "FUNCDATA", "PCALIGN"):
        return None
    edits = []
    symbol = _SYMBOL.search(code)
    if symbol:
        s, e = symbol.span("reg")
        edits += [
            _replace(code, s - 1, e + 1, ""),
            _replace(code, s, e, rng.choice(("FP", "SP", "PC", "AX", "R1", "XB"))),
            _replace(code, s, e, ""),
            _replace(code, e, e + 1, ""),
            _replace(code, s - 1, s - 1, "+8"),
            _replace(code, s - 1, s - 1, "<>"),
            _replace(code, symbol.start(), symbol.start(), "$"),
        ]
        if symbol.group("name"):
            n0, n1 = symbol.span("name")
            edits.append(_replace(code, n0, n1, ""))
            edits.append(_replace(code, n0, n1, symbol.group("name") + "·"))
    frame = _FRAME.search(code.rstrip())
    if frame and word.group() == "TEXT":
        f0, f1 = frame.span()
        size, args = frame.group("frame"), frame.group("args") or "0"
        edits += [
            _replace(code, f0, f1, new)
            for new in (
                f"{size}-{args}",
                f"${size}-",
                f"$-{args}",
                f"${size}-{args}-8",
                f"${size}+{args}",
                f"$x-{args}",
                f"${size}-${args}",
                f"$({size})-{args}",
                f"${size}-{args}, $8",
                "$",
            )
        ]
    size = _DATA_SIZE.search(code)
    if size and word.group() == "DATA":
        d0, d1 = size.span()
        edits += [_replace(code, d0, d1, new) for new in ("", "/3", "/", "/16", "/x", "/0")]
    commas = list(_positions(code, ","))
    if commas:
        i = rng.choice(commas)
        edits += [code + ", $0", _replace(code, i, i + 1, ""), code[:i]]
    edits = [e for e in edits if e != code]
    return rng.choice(edits) if edits else None


def m_corrupt_number(rng, corpus, number, code):
    start = _operand_start(code)
    found = [m for m in re.finditer(r"(?<![\w$])(0[xX][0-9a-fA-F]+|\d+)(?=\()", code) if m.start() >= start]
    if not found:
        return None
    num = rng.choice(found)
    return _replace(
        code,
        num.start(),
        num.end(),
        rng.choice((num.group() + "x", "0x", "08", num.group() + ".", "-", "0b3", "9" * 25)),
    )


def m_respell_immediate(rng, corpus, number, code):
    """The same or another value written another way: `$16` as `$0x10`, `$(8+8)`, ..."""
    found = list(_IMMEDIATE.finditer(code))
    if not found:
        return None
    imm = rng.choice(found)
    value = int(imm.group(2), 0) * (-1 if imm.group(1) else 1)
    new = rng.choice(
        (
            f"${hex(value)}",
            f"$({value})",
            f"$({value}+0)",
            f"$(1*{value})",
            f"$-(-{value})" if value >= 0 else f"${value}",
            f"$({value}<<1>>1)",
            f"$~(~{value})",
            f"$0o{value:o}" if value >= 0 else f"${value}",
            f"${value + 1}",
            f"$'\\x{value & 0x7F:02x}'" if 0 <= value < 128 else f"${value}",
            f"$({value}&-1)",
            f"$({value}|0)",
        )
    )
    return _replace(code, imm.start(), imm.end(), new)


def m_respace(rng, corpus, number, code):
    """Whitespace and comments that change nothing."""
    gaps = _operand_gaps(code)
    if not gaps:
        return None
    i = rng.choice(gaps)
    return rng.choice(
        (
            _replace(code, i, i, rng.choice((" ", "\t", "  ", " /* note */ "))),
            code.replace(", ", ",") if ", " in code else code.replace(",", ", "),
            code.rstrip() + rng.choice((";", " ;", "\t/* done */", " // done")),
            code.replace("\t", " ") if "\t" in code else "\t" + code.lstrip(),
        )
    )


def m_fresh_label(rng, corpus, number, code):
    """A new, unused label before a statement (not a TEXT)."""
    if _TEXT.match(code) or not code.strip():
        return None
    indent = len(code) - len(code.lstrip())
    return (
        code[:indent]
        + rng.choice(("fresh", "unused_1", "L0", "again"))
        + ":"
        + rng.choice((" ", "\t", ""))
        + code[indent:]
    )


def m_offset_expression(rng, corpus, number, code):
    """An offset before `(reg)` written as an expression."""
    found = [m for m in re.finditer(r"(?<![\w$.])(-?)(\d+)(?=\()", code) if m.start() >= _operand_start(code)]
    if not found:
        return None
    off = rng.choice(found)
    value = int(off.group(2)) * (-1 if off.group(1) else 1)
    return _replace(
        code,
        off.start(),
        off.end(),
        rng.choice(
            (
                f"({value})",
                f"{value}+0",
                f"0+{value}",
                f"{hex(value)}" if value >= 0 else f"-{hex(-value)}",
                f"({value}*1)",
                f"{value}-0",
            )
        ),
    )


_DIRECTIVE = re.compile(r"^(?P<lead>\s*)#\s*(?P<word>\w*)(?P<rest>.*)$")


def m_corrupt_preprocessor(rng, corpus, number, code):
    """A broken or changed #include, #define, #undef, #ifdef, #else or #endif."""
    directive = _DIRECTIVE.match(code)
    if not directive:
        return None
    word, rest = directive.group("word"), directive.group("rest")
    name = re.match(r"\s*(\w+)", rest)
    edits = [
        "",
        "MOVQ " + code.lstrip(),
        "##" + word + rest,
        "# " + word + rest,
        "#" + word.upper() + rest,
        "#" + word + "x" + rest,
        "#" + word,
    ]
    if word == "include":
        quoted = re.search(r'"([^"]*)"', rest)
        if quoted:
            file = quoted.group(1)
            edits += [
                f'#include "{file}.missing"',
                f"#include {file}",
                f"#include <{file}>",
                f'#include "{file}" x',
                f'#include "{file}',
                f'#include "../{file}"',
                '#include ""',
                f"#include '{file}'",
            ]
    elif word == "define" and name:
        body = rest[name.end() :]
        edits += [
            f"#define {name.group(1)}_renamed{body}",
            f"#define {name.group(1)}({body}",
            f"#define {name.group(1)}(a, a){body}",
            f"#define 1{name.group(1)}{body}",
            f"#define {name.group(1)}(x){body}",
            f"#define {name.group(1)}{body} \\",
        ]
    elif word in ("ifdef", "ifndef"):
        other = "ifndef" if word == "ifdef" else "ifdef"
        edits += [f"#{other}{rest}", f"#{word}", f"#{word}{rest} EXTRA"]
    elif word in ("else", "endif"):
        edits += [f"#{word} EXTRA", "#else" if word == "endif" else "#endif"]
    elif word == "undef" and name:
        edits += ["#undef", f"#undef {name.group(1)}_never_defined", f"#undef {name.group(1)} x"]
    edits = [e for e in edits if e != code.strip()]
    return directive.group("lead") + rng.choice(edits)


MUTATORS = {
    "bogus-register": m_bogus_register,
    "foreign-register": m_foreign_register,
    "other-register": m_other_register,
    "misspelt-mnemonic": m_misspell_mnemonic,
    "other-mnemonic": m_other_mnemonic,
    "suffix": m_suffix,
    "drop-bracket": m_drop_bracket,
    "insert-bracket": m_insert_bracket,
    "bad-token": m_bad_token,
    "undefined-label": m_undefined_label,
    "label-of-other-function": m_label_of_other_function,
    "duplicate-label": m_duplicate_label,
    "break-immediate": m_break_immediate,
    "separator": m_separator,
    "truncate": m_truncate,
    "drop-operand": m_drop_operand,
    "corrupt-directive": m_corrupt_directive,
    "corrupt-number": m_corrupt_number,
    "corrupt-preprocessor": m_corrupt_preprocessor,
    # Mostly harmless: what the assembler accepts must stay clean.
    "respell-immediate": m_respell_immediate,
    "respace": m_respace,
    "fresh-label": m_fresh_label,
    "offset-expression": m_offset_expression,
}


ON_DIRECTIVES = frozenset({"corrupt-preprocessor"})


def mutate(rng, corpus: Corpus, kind: str | None = None, tries: int = 200) -> Mutation | None:
    """One mutation of one statement line, chosen by rng; the line count stays."""
    for _ in range(tries):
        chosen = kind or rng.choice(sorted(MUTATORS))
        pool = corpus.directives if chosen in ON_DIRECTIVES else corpus.statements
        if not pool:
            continue
        number = rng.choice(pool)
        line = corpus.lines[number]
        code, comment = line[: len(code_part(line))], line[len(code_part(line)) :]
        new_code = MUTATORS[chosen](rng, corpus, number, code)
        if new_code is None or new_code == code or "\n" in new_code:
            continue
        return Mutation(chosen, number, line, new_code + comment)
    return None


def apply(corpus: Corpus, mutation: Mutation) -> str:
    lines = list(corpus.lines)
    lines[mutation.line] = mutation.after
    return "\n".join(lines)
