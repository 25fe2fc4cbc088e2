"""The names of `go_asm.h` (`g_m`, `stack_hi`, `const_hashSize`) as the
editor shows them: the compiler's value for each build context the file is
built in, what the name is, and the Go constant, struct type or field it
comes from. The header itself exists only during a build; asm-ls's stand-in
(asm_ls.golang.go_asm_header) has the same names and values."""

from __future__ import annotations

import os

from asm_ls.features.workspace import PREFERRED_GOARCHES, Workspace
from asm_ls.golang.go_asm_header import HeaderName, header_names, is_stand_in
from asm_ls.golang.locate import ImportNotFound
from asm_ls.golang.types import Unresolved
from asm_ls.model import CheckUnit
from asm_ls.syntax.preprocess import MacroDefinition
from asm_ls.syntax.source import Span

# A file built for more GOARCHes than this shows its own and the preferred ones
# (each GOARCH's header is computed from the package's Go files).
_MAX_ARCHES_SHOWN = 4


def go_asm_name(unit: CheckUnit, macro: MacroDefinition | None) -> bool:
    """Whether macro is a name of asm-ls's stand-in go_asm.h."""
    return macro is not None and is_stand_in(macro.name_span.source)


def header_entries(workspace: Workspace, unit: CheckUnit, name: str) -> list[tuple[str, HeaderName]]:
    """(GOARCH, entry) of name in the go_asm.h of each build context shown for the file."""
    directory = os.path.dirname(os.path.abspath(unit.source.path))
    contexts = [unit.context] + [c for c in _contexts(workspace, unit) if c != unit.context]
    if len(contexts) > _MAX_ARCHES_SHOWN:
        contexts = [contexts[0]] + [c for c in contexts[1:] if c.goarch in PREFERRED_GOARCHES]
    found = []
    for context in contexts:
        try:
            entry = header_names(directory, context).get(name)
        except (OSError, ImportNotFound, Unresolved):
            entry = None
        if entry is not None:
            found.append((context.goarch, entry))
    return found


def _contexts(workspace: Workspace, unit: CheckUnit):
    return workspace.analyzer.contexts(unit.source)


def go_asm_markdown(workspace: Workspace, unit: CheckUnit, name: str) -> str | None:
    """`#define g_m 48`, then `g.m`, offset 48 on amd64 (and the other GOARCHes'), and the Go line."""
    entries = header_entries(workspace, unit, name)
    if not entries:
        return None
    first = entries[0][1]
    by_value: dict[str, list[str]] = {}
    for goarch, entry in entries:
        shown = entry.value if entry.known else "unknown to asm-ls (0)"
        by_value.setdefault(shown, []).append(goarch)
    values = "; ".join(f"{value} on {', '.join(arches)}" for value, arches in by_value.items())
    parts = [
        f"```c\n#define {name} {first.value}\n```",
        f"go_asm.h: {first.what} {values}" if first.what.endswith("offset") else f"go_asm.h: {first.what}: {values}",
    ]
    if first.location is not None:
        span = workspace.location_span(first.location)
        if span is not None:
            line = span.source.line_text(first.location.line).strip()
            where = f"{os.path.basename(first.location.path)}:{first.location.line + 1}"
            parts.append(f"```go\n{line}\n```\n{where}")
    parts.append("The compiler writes go_asm.h during a build; asm-ls computes the same values from the Go code.")
    return "\n\n".join(parts)


def go_asm_definition(workspace: Workspace, unit: CheckUnit, name: str) -> list[Span]:
    """The Go constant, struct type or field a go_asm.h name comes from."""
    for _, entry in header_entries(workspace, unit, name)[:1]:
        if entry.location is not None:
            span = workspace.location_span(entry.location)
            if span is not None:
                return [span]
    return []
