"""nosplit-directive (hint): `//go:nosplit` on a Go declaration without a
body does nothing; the compiler applies it only to code it compiles. Whether
an assembly function checks the stack is decided by the NOSPLIT flag of its
TEXT. The hint says so, and which side wins when the two disagree, with
quick fixes that make them agree."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from asm_ls.checks.stack.graph import Symbol, summarize, symbol_prefix
from asm_ls.checks.text_rules import add_nosplit
from asm_ls.golang import GoFunc
from asm_ls.model import Diagnostic, Edit, Fix, PackageUnit
from asm_ls.syntax.source import Span

CODE = "nosplit-directive"
DIRECTIVE = "//go:nosplit"
GO_FILES_ONLY = True  # its findings are on the Go side's directives (asm_ls.engine.registry)


def run_package(package: PackageUnit) -> Iterator[Diagnostic]:
    # A //go:wasmimport function gets a body from the compiler, which honours the directive.
    marked = [
        f
        for f in package.go.funcs.values()
        if DIRECTIVE in f.directives and not any(d.startswith("//go:wasmimport") for d in f.directives)
    ]
    if not marked:
        return
    prefix = symbol_prefix(package)
    texts = {s.symbol: s for unit in package.units for s in summarize(unit, prefix)}
    for func in marked:
        directive = _directive_span(package, func)
        if directive is None:
            continue
        name = f"{prefix}.{func.name}"
        text = texts.get(Symbol(name)) or texts.get(Symbol(name, "ABIInternal"))
        remove = Fix(f"Remove {DIRECTIVE}", (Edit(_whole_line(directive), ""),))
        fixes: tuple[Fix, ...]
        if text is None:
            message = (
                f"{DIRECTIVE} has no effect on {func.name}, a function without a body: "
                "what implements it decides (for assembly, the flags of its TEXT)"
            )
            fixes = (dataclasses.replace(remove, preferred=True),)
        elif text.declared_nosplit:
            message = (
                f"{DIRECTIVE} has no effect on {func.name}, which is implemented in assembly: "
                "its TEXT flags decide, and they say NOSPLIT"
            )
            fixes = (dataclasses.replace(remove, preferred=True),)
        else:
            message = (
                f"{DIRECTIVE} has no effect on {func.name}: its TEXT has no NOSPLIT flag and the TEXT "
                f"wins, so {func.name} checks the stack (splits)"
            )
            fixes = (add_nosplit(text.function.text), remove)
        yield Diagnostic(
            directive, CODE, message, severity="hint", arches=(package.arch.name,), function=func.name, fixes=fixes
        )


def _directive_span(package: PackageUnit, func: GoFunc) -> Span | None:
    """The `//go:nosplit` line among the comments right above the declaration."""
    location = func.location
    if location is None:
        return None
    source = package.resolver.source(location.path)
    if source is None:
        return None
    line = location.line - 1
    while line >= 0 and source.line_text(line).startswith("//"):
        text = source.line_text(line)
        if text.rstrip() == DIRECTIVE:
            start = source.offset(line, 0)
            return Span(source, start, start + len(DIRECTIVE))
        line -= 1
    return None


def _whole_line(span: Span) -> Span:
    source = span.source
    line = source.position(span.start)[0]
    return Span(
        source,
        source.offset(line, 0),
        source.offset(line + 1, 0) if line + 1 < len(source.line_starts) else len(source.text),
    )
