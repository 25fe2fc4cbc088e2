"""Every diagnostic code asm-ls reports: its severity and what it means, in
Markdown. The rules of `asm-ls check --format sarif` come from here; a test
keeps this, README's table and the index in docs/checks.md in step."""

from __future__ import annotations

# code -> (severity, what it means)
CODES: dict[str, tuple[str, str]] = {
    "parse-error": (
        "error",
        "a line the assembler cannot read: malformed tokens, statements or operands, an operand form the arch does not have (`R1<<2` on amd64, `(R1, R2)` on amd64), an instruction suffix it does not take (`MOVQ.XX`), bad `TEXT`/`DATA`/`GLOBL`/`PCDATA`/`FUNCDATA`/`PCALIGN` operands, a `//go:build` after code (the assembler's error; one in the leading comments is buildtag's)",
    ),
    "unknown-instruction": ("error", "a mnemonic the arch's assembler does not know (aliases such as `JZ` included)"),
    "unknown-register": ("error", "a name in register position that the arch does not have (`MOVD R1, AX` on arm64)"),
    "undefined-label": ("error", "a branch to a label not defined in its `TEXT` function (labels are function-scoped)"),
    "duplicate-label": ("error", "a label defined twice in one function"),
    "include-not-found": (
        "error",
        "an `#include` found in none of: the file's directory, `-I` directories, `$GOROOT/pkg/include`",
    ),
    "include-cycle": ("error", "a file that includes itself, directly or through others"),
    "include-directory": (
        "warning",
        'an `#include` naming a directory, `#include ""` included: the assembler reads nothing from it',
    ),
    "stray-token": ("warning", "a token before `(REG)` that the assembler silently skips, such as `MOVQ @(AX), BX`"),
    "asm": ("error", "(with `--toolchain`) an error of `go tool asm` itself"),
    "macro-error": (
        "error",
        "a `#define`/`#undef`/`#ifdef` problem: recursion, wrong argument count, redefinition, unterminated arguments, unmatched `#else`/`#endif`, an expansion over 200,000 tokens",
    ),
    "unreadable-file": ("error", "a binary, oversized (> 16 MiB) or unreadable `.s` file"),
    "nosplit-stack": (
        "error",
        "a chain of NOSPLIT functions over the linker's limit (`nosplit stack over 792 byte limit`), with the worst chain as related information, across files, packages and into Go; recursion as an infinite cycle",
    ),
    "textflag-include": (
        "error",
        "a `NOSPLIT`, `RODATA`, ... flag in a file that does not include `textflag.h` (quick fix: add the include)",
    ),
    "abi-selector": ("error", "an `<ABIInternal>` selector outside the runtime packages, or a malformed one"),
    "abiinternal-nosplit": ("error", "an ABIInternal `TEXT` without NOSPLIT (quick fix: add it)"),
    "frame-size": (
        "error",
        "a frame the arch cannot lay out: `unaligned stack size`, not 16-aligned on arm64, negative, non-zero with NOFRAME",
    ),
    "unbalanced-push": ("error", "(386, amd64) a `RET` reached with pushes not popped"),
    "nosplit-divide": ("error", "(arm) `DIV`/`MOD` in a NOSPLIT function"),
    "nosplit-directive": (
        "hint",
        "`//go:nosplit` on a Go declaration without a body, which does nothing: the `TEXT` flags decide (quick fixes)",
    ),
    "asmdecl": (
        "error",
        "what `go vet`'s asmdecl finds, with vet's message (`[amd64] f: invalid offset x+8(FP); expected x+0(FP)`): wrong argument size, missing Go declaration, invalid offset (with vet's list of names), wrong move size, unknown variable, unnamed argument, hardware-SP offsets into the argument frame, RET without writing the result; one diagnostic per GOARCH; the TEXT line read as vet reads it, so the set is vet's (x/tools v0.53.0's rules, wasm move sizes and wasm32 included: docs/checks.md)",
    ),
    "asmdecl-macro": (
        "warning",
        "the same findings inside a macro expansion, at the macro's use (vet cannot see them)",
    ),
    "asmdecl-hidden": (
        "warning",
        "the same findings on lines vet skips (ppc64 `, R10`...`, R19`; loong64 `, R30`, `, R31`)",
    ),
    "asmdecl-comment": (
        "warning",
        "the same findings against a `// func f(...)` comment above a `TEXT` without a Go declaration",
    ),
    "asmdecl-misread": (
        "warning",
        "the same findings where vet misreads the `TEXT` line and so says nothing (`NOSPLIT, $0 - 72` with spaces, `NOSPLIT \\| NOFRAME`, `$0x10`): vet reads the sizes it cannot parse as 0, which NOSPLIT allows",
    ),
    "framepointer": (
        "error",
        "what `go vet`'s framepointer finds, with its message: a frameless (`$0`) function that writes BP (amd64) or R29 (arm64) before reading it or jumping (`frame pointer is clobbered before saving`); GOOS linux and darwin, not in package runtime",
    ),
    "framepointer-macro": (
        "warning",
        "the same inside a macro expansion, at the macro's use (vet cannot see it)",
    ),
    "buildtag": (
        "error",
        "what `go vet`'s buildtag finds in a `.s` file's leading comments: a misplaced or extra `//go:build`, an expression go/build rejects, `// +build` lines misplaced, malformed or not matching `//go:build`, a misspelled Go version; in files built nowhere too",
    ),
    "directive": (
        "error",
        "what `go vet`'s directive finds in a `.s` file's leading comments: `//go:debug` (only Go files may carry it), odd white space after a directive's verb",
    ),
    "frame-unknown": (
        "information",
        "a parameter whose size cannot be known (package not found): that function's frame is not checked",
    ),
    "missing-body": (
        "error",
        "a bodyless Go function (reported on its declaration) without a `TEXT` for a GOOS/GOARCH where the package has assembly: the link fails once it is called; linkname, wasmimport and compiler intrinsics respected",
    ),
    "duplicate-text": (
        "error",
        "a symbol defined by two `TEXT`s in one build context (in one file, or across files without DUPOK)",
    ),
    "internal-error": (
        "error",
        "a bug in asm-ls met while checking this file (or, on a package's first file, its package): `internal error, please report: Type: message (in check NAME)`; everything else is still checked and reported",
    ),
}
