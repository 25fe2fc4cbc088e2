"""missing-body: a bodyless Go function that no TEXT of the package's
assembly defines, in a build context where the package has assembly. The
compiler accepts it there; the link fails ("relocation target ... not
defined") as soon as something calls it. Reported on the Go declaration.

Not reported when the body comes from elsewhere: a `//go:linkname` in the
package, a `//go:wasmimport`, a linkname push from another package of the
same tree, the compiler (intrinsics), or when nothing can call it (an
unexported function used nowhere in the package). The runtime is left out:
it declares functions for every arch and guards their uses with constant
`GOARCH == ...` tests that the compiler removes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from asm_ls.golang import GoFunc, frame_layout
from asm_ls.golang.mentions import identifier_counts
from asm_ls.golang.provided import compiler_provided, pushed_names
from asm_ls.model import Diagnostic, Edit, Fix, PackageUnit
from asm_ls.syntax import ast
from asm_ls.syntax.ast import Statement
from asm_ls.syntax.lexer import Token
from asm_ls.syntax.lines import template_of
from asm_ls.syntax.linkname import package_go_name
from asm_ls.syntax.program import Function
from asm_ls.syntax.source import Span

CODE = "missing-body"
GO_FILES_ONLY = True  # its findings are on Go declarations (asm_ls.engine.registry)
UNCHECKED_PACKAGES = frozenset({"runtime"})


def run_package(package: PackageUnit) -> Iterator[Diagnostic]:
    if not package.units or package.import_path in UNCHECKED_PACKAGES:
        return
    go = package.go
    defined, referenced = _assembly_names(package)
    candidates = [f for f in go.funcs.values() if f.name not in defined]
    if not candidates:
        return
    linknamed = go.linknames()
    elsewhere = pushed_names(package.directory) | compiler_provided()
    candidates = [
        f
        for f in candidates
        if f.name not in linknamed and not imported_from_host(f) and f"{package.import_path}.{f.name}" not in elsewhere
    ]
    texts = [s.text for s in map(package.resolver.source, go.paths) if s is not None]
    uses = identifier_counts(texts, [f.name for f in candidates])
    context = package.context
    for func in candidates:
        if not func.name[0].isupper() and uses[func.name] <= 1 and func.name not in referenced:
            continue  # unexported and used nowhere: the linker never looks for it
        span = _declaration_span(package, func)
        if span is not None:
            # A TEXT of no Go function whose name is this one's in another case: a typo.
            cased = next((d for d in sorted(defined) if d.lower() == func.name.lower() and d not in go.funcs), None)
            why = f" (TEXT \u00b7{cased}(SB) differs only in case)" if cased else ""
            rename = _renamed(_text_name(package, cased), cased, func.name) if cased else ()
            yield Diagnostic(
                span,
                CODE,
                f"missing function body: no TEXT \u00b7{func.name}(SB) in the package's "
                f"assembly for {context.goos}/{context.goarch}{why}",
                arches=(package.arch.name,),
                fixes=(*rename, _stub(package, func, span)),
            )


def _assembly_names(package: PackageUnit) -> tuple[set[str], set[str]]:
    """Go names the package's TEXTs define, and those its assembly refers to."""
    defined: set[str] = set()
    referenced: set[str] = set()
    for unit in package.units:
        found = [_names_in(unit.program.preamble, package.import_path)]
        found += [_function_names(f, package.import_path) for f in unit.program.functions]
        for names in found:
            defined |= names[0]
            referenced |= names[1]
    return defined, referenced


def _function_names(function: Function, import_path: str) -> tuple[frozenset[str], frozenset[str]]:
    key = (_function_names, import_path)
    names = function.facts.get(key)
    if names is None:
        names = function.facts[key] = _names_in(function.statements, import_path)
    return names


def _names_in(statements: list[Statement], import_path: str) -> tuple[frozenset[str], frozenset[str]]:
    defined: set[str] = set()
    referenced: set[str] = set()
    for statement in statements:
        operands = template_of(statement).operands  # trees only: no tokens made
        for index, operand in enumerate(operands):
            name = _own_symbol(operand.value, import_path)
            if name is None:
                continue
            referenced.add(name)
            if index == 0 and statement.word == "TEXT":
                defined.add(name)
    return frozenset(defined), frozenset(referenced)


def _text_name(package: PackageUnit, name: str) -> Token | None:
    """The token naming the first TEXT that defines the Go name."""
    for unit in package.units:
        for function in unit.program.functions:
            if function.symbol is not None and _own_symbol(function.symbol, package.import_path) == name:
                return function.text.operands[0].tokens[0]
    return None


def _renamed(token: Token | None, old: str, new: str) -> tuple[Fix, ...]:
    """The fix renaming a TEXT `·old` to `·new`, where its name is written as read."""
    source = token.span.source if token is not None else None
    if token is None or source is None or token.site is not None or not token.text.endswith(old):
        return ()
    if source.text[token.span.start : token.span.end] != token.text:
        return ()  # written otherwise (a garbled dot): that finding's fix comes first
    written = token.text[: len(token.text) - len(old)] + new
    return (Fix(f"Rename TEXT {token.text} to {written}", (Edit(token.span, written),), preferred=True),)


def _own_symbol(value, import_path: str) -> str | None:
    """The Go name of `·name(SB)` or `importpath·name(SB)`; None for anything else."""
    if not isinstance(value, ast.SymbolRef) or value.pseudo != "SB" or value.static:
        return None
    return package_go_name(value.name, import_path)


def imported_from_host(func: GoFunc) -> bool:
    return any(d.startswith("//go:wasmimport") for d in func.directives)


def _stub(package: PackageUnit, func: GoFunc, declaration: Span) -> Fix:
    """Append `TEXT ·f(SB), $0-N` and a RET, under the Go signature, to the
    package's file for this GOARCH (the first of its files if none is named so)."""
    units = package.units
    target = next((u.source for u in units if u.source.path.endswith(f"_{package.arch.name}.s")), units[0].source)
    frame = frame_layout(func, package.arch)
    size = "" if frame.args_size is None else f"-{frame.args_size}"
    line = declaration.source.line_text(declaration.source.position(declaration.start)[0])
    signature = line.split("//")[0].strip()
    comment = f"// {signature}\n" if signature.count("(") == signature.count(")") else ""
    text = target.text
    lead = "" if text.endswith("\n\n") or not text else ("\n" if text.endswith("\n") else "\n\n")
    stub = f"{lead}{comment}TEXT \u00b7{func.name}(SB), $0{size}\n\tRET\n"
    end = Span(target, len(text), len(text))
    return Fix(f"Add a TEXT stub for {func.name} to {os.path.basename(target.path)}", (Edit(end, stub),))


def _declaration_span(package: PackageUnit, func: GoFunc) -> Span | None:
    location = func.location
    if location is None:
        return None
    source = package.resolver.source(location.path)
    if source is None:
        return None
    return Span(source, source.offset(location.line, location.start), source.offset(location.line, location.end))
