"""missing-body, where the package has no assembly at all: a bodyless Go
function whose file is built for GOARCHes where none of the package's `.s`
files is (a package with `add_amd64.s` only, and `func Add` in `add.go`).
`go build` fails there: the compiler's `missing function body`.

One diagnostic on the declaration, tagged with those GOARCHes, with the fix
Go code takes: the declaration moves to a file built where the assembly is
(`add_amd64.go`), and a Go fallback (`add_generic.go`, `//go:build !amd64`)
gives the function a body everywhere else.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from asm_ls.arch.context import contexts_for_file
from asm_ls.checks.missing_body import CODE, UNCHECKED_PACKAGES, imported_from_host
from asm_ls.golang import GoFunc
from asm_ls.golang.mentions import identifier_counts
from asm_ls.golang.provided import compiler_provided, pushed_names
from asm_ls.model import Create, Diagnostic, Edit, Fix, PackageUnit
from asm_ls.syntax.source import SourceFile, Span

GO_FILES_ONLY = True  # its findings are on Go declarations (asm_ls.engine.registry)


def run_package(package: PackageUnit) -> Iterator[Diagnostic]:
    if not package.units or package.import_path in UNCHECKED_PACKAGES:
        return
    go = package.go
    if not go.funcs or go.name is None:
        return
    resolver = package.resolver
    goarches = resolver.checked_goarches()
    assembly = [s for s in map(resolver.source, resolver.assembly_files(package.directory)) if s is not None]
    with_assembly = {c.goarch for s in assembly for c in contexts_for_file(s.path, s.text, goarches)}
    without = [a for a in goarches if a not in with_assembly]
    if not without:
        return
    linknamed = go.linknames()
    elsewhere = pushed_names(package.directory) | compiler_provided()
    texts = {path: resolver.source(path) for path in go.paths}
    uses = identifier_counts([s.text for s in texts.values() if s is not None], list(go.funcs))
    for func in go.funcs.values():
        location = func.location
        source = texts.get(location.path) if location is not None else None
        if location is None or source is None or func.name in linknamed:
            continue
        if f"{package.import_path}.{func.name}" in elsewhere or imported_from_host(func):
            continue
        if not func.name[0].isupper() and uses[func.name] <= 1:
            continue  # unexported and used nowhere: nothing asks for its body
        missing = tuple(c.goarch for c in contexts_for_file(source.path, source.text, without))
        if not missing:
            continue
        span = Span(source, source.offset(location.line, location.start), source.offset(location.line, location.end))
        names = ", ".join(sorted(os.path.basename(s.path) for s in assembly))
        fixes = _fallback(package, func, source, span, sorted(with_assembly))
        yield Diagnostic(
            span,
            CODE,
            f"missing function body: {func.name} has none on these GOARCHes, where none of the package's "
            f"assembly ({names}) is built: `go build` fails there",
            arches=tuple(sorted(missing)),
            fixes=fixes,
        )


def _fallback(package: PackageUnit, func: GoFunc, source: SourceFile, name: Span, arches: list[str]) -> tuple[Fix, ...]:
    """Move the declaration to a file built where the assembly is, and give
    the function a Go body (a panic to fill in) in a file built elsewhere."""
    directory = os.path.dirname(source.path)
    stem = func.name.lower()
    asm_file = f"{stem}_{arches[0]}.go" if len(arches) == 1 else f"{stem}_asm.go"
    generic_file = f"{stem}_generic.go"
    if any(os.path.exists(os.path.join(directory, f)) for f in (asm_file, generic_file)):
        return ()
    start, end = _declaration_lines(source, name)
    declaration = source.text[start:end]
    package_line = f"package {package.go.name}\n"
    constraint = "" if len(arches) == 1 else f"//go:build {' || '.join(arches)}\n\n"
    signature = declaration[declaration.index("func ") :].rstrip()
    body = f'\tpanic("{func.name}: no implementation for this GOARCH yet")\n'
    generic = f"//go:build {' && '.join('!' + a for a in arches)}\n\n{package_line}\n{signature} {{\n{body}}}\n"
    return (
        Fix(
            f"Move {func.name} to {asm_file} and give it a Go body in {generic_file} for the other GOARCHes",
            (Edit(Span(source, start, end), ""),),
            files=(
                Create(os.path.join(directory, asm_file), f"{constraint}{package_line}\n{declaration.rstrip()}\n"),
                Create(os.path.join(directory, generic_file), generic),
            ),
        ),
    )


def _declaration_lines(source: SourceFile, name: Span) -> tuple[int, int]:
    """The lines of the declaration at name: its doc comment and directives
    above, its signature to the newline after its last parenthesis."""
    text = source.text
    start = text.rfind("\n", 0, name.start) + 1
    while start > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        if not text[above:start].lstrip().startswith("//"):
            break
        start = above
    depth, at = 0, name.end
    while at < len(text) and not (text[at] == "\n" and depth == 0):
        depth += {"(": 1, ")": -1}.get(text[at], 0)
        at += 1
    return start, min(at + 1, len(text))
