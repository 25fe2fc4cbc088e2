"""What several build contexts found, told so that a person can act on it.

Checking every GOARCH at once finds one mistake many times; this turns the
merged findings (asm_ls.engine.registry.merge_contexts: one per place,
code and message, with every GOARCH it holds for) into what to do:

- a file of one arch family's code that is built for every GOARCH (no
  `_amd64` in its name, no constraint) is one root cause, named where its
  first foreign instruction is, with the fixes (rename the file, add a
  `//go:build` line); the other GOARCHes' findings in it are its symptoms;
- a root cause (this one, or a check's: a comment that is not a
  constraint, ...) says which GOARCHes' findings in its file it explains
  (`Diagnostic.explains`); those are folded into its related information
  instead of being reported one by one;
- a finding in a macro's body is reported once, at the body, with the
  functions whose expansions made it and their uses as related information;
- a finding that holds for every GOARCH its file is checked for carries no
  arch tag (`Diagnostic.everywhere`): `add_amd64.s` needs no `[amd64]`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from asm_ls.arch.context import is_constrained
from asm_ls.model import Diagnostic, Edit, Fix, Related, Rename
from asm_ls.syntax.lexer import GARBLED_DOT
from asm_ls.syntax.source import Span

# Findings that say the text is not this arch's assembly.
FOREIGN_CODES = frozenset({"unknown-instruction", "unknown-register"})
FOREIGN_CODE = "foreign-code"
# Macro findings merged over their expansions (asm_ls.checks.asmdecl's MACRO_CODE).
MACRO_CODES = frozenset({"asmdecl-macro"})
# Root causes that take a whole line, and every finding on it.
LINE_CAUSES = frozenset({"build-constraint"})
# vet's findings on build lines: a cause on the same line speaks in its words.
VET_BUILD_LINES = "buildtag"
MAX_RELATED = 20
MAX_NAMES = 3

ArchesOf = Callable[[str], tuple[str, ...]]


def explain(merged: Iterable[Diagnostic], arches_of: ArchesOf) -> list[Diagnostic]:
    """merged, told by root cause: arches_of(path) gives the GOARCHes a file
    was checked for (its build contexts'; a Go file's package's)."""
    found = _in_vets_words(_garbled_dots_once(_macro_findings_once(list(merged))))
    found += _foreign_code(found, arches_of)
    found = _folded(found)
    return sorted((_tag(d, arches_of) for d in found), key=Diagnostic.sort_key)


def arch_list(arches: Iterable[str]) -> str:
    """`386, amd64` or, for many, `12 GOARCHes`: for sentences."""
    arches = list(arches)
    return ", ".join(arches) if len(arches) <= 4 else f"{len(arches)} GOARCHes"


def _tag(diagnostic: Diagnostic, arches_of: ArchesOf) -> Diagnostic:
    if diagnostic.arches and set(arches_of(diagnostic.path)) <= set(diagnostic.arches):
        return replace(diagnostic, everywhere=True)
    return diagnostic


# --- a file of one arch's code built for every GOARCH ----------------------


def _foreign_code(found: list[Diagnostic], arches_of: ArchesOf) -> list[Diagnostic]:
    by_path: dict[str, list[Diagnostic]] = {}
    for diagnostic in found:
        by_path.setdefault(diagnostic.path, []).append(diagnostic)
    causes = []
    for path, findings in by_path.items():
        if any(d.code in FOREIGN_CODES for d in findings) and not any(d.explains for d in findings):
            cause = _foreign_code_in(path, findings, arches_of(path))
            if cause is not None:
                causes.append(cause)
    return causes


def _foreign_code_in(path: str, findings: list[Diagnostic], arches: tuple[str, ...]) -> Diagnostic | None:
    """The root cause when the file's instructions are those of some of the
    GOARCHes it is built for only; None when it is not that."""
    source = findings[0].span.source
    if len(arches) < 2 or not path.endswith(".s") or is_constrained(path, source.text) or "GOARCH_" in source.text:
        return None  # meant for several GOARCHes (or for one already)
    foreign = Counter(a for d in findings if d.code in FOREIGN_CODES for a in d.arches)
    fewest = min(foreign[a] for a in arches)
    home = [a for a in arches if foreign[a] == fewest]
    if len(home) == len(arches):
        return None
    # Of the arches that read it, those it fits best (vet's frame sizes, ...).
    total = Counter(a for d in findings for a in d.arches)
    named = tuple(a for a in home if total[a] == min(total[h] for h in home))
    first = min(
        (d for d in findings if d.code == "unknown-instruction" and not set(d.arches) & set(named)),
        key=lambda d: d.span.start,
        default=None,
    ) or min((d for d in findings if d.code in FOREIGN_CODES), key=lambda d: d.span.start)
    others = tuple(a for a in arches if a not in named)
    word = source.text[first.span.start : first.span.end]
    name = os.path.basename(path)
    expression = " || ".join(named)
    fixes = [Fix(f"Add //go:build {expression}", (Edit(Span(source, 0, 0), f"//go:build {expression}\n\n"),))]
    advice = f"add `//go:build {expression}`"
    if len(named) == 1:
        renamed = f"{name[: -len('.s')]}_{named[0]}.s"
        rename = Rename(path, os.path.join(os.path.dirname(path), renamed))
        fixes.insert(0, Fix(f"Rename to {renamed}", (), preferred=True, files=(rename,)))
        advice = f"name it {renamed} or {advice}"
    what = " or ".join(named)
    return Diagnostic(
        first.span,
        FOREIGN_CODE,
        f"{name} is built for every GOARCH, but it is {what} code ({word} is not an instruction on "
        f"{arch_list(first.arches)}): {advice}",
        explains=others,
        fixes=tuple(fixes),
    )


# --- root causes fold their symptoms ---------------------------------------


def _folded(found: list[Diagnostic]) -> list[Diagnostic]:
    causes = [d for d in found if _is_cause(d)]
    if not causes:
        return found
    kept: list[Diagnostic] = []
    symptoms: dict[int, list[Diagnostic]] = {}
    for diagnostic in found:
        if _is_cause(diagnostic):
            continue
        arches = set(diagnostic.arches)
        for index, cause in enumerate(causes):
            if cause.path != diagnostic.path:
                continue
            if _on_the_line_of(diagnostic, cause):
                arches = set()  # what the line says wrong is what the cause says
            elif not arches & set(cause.explains):
                continue
            symptoms.setdefault(index, []).append(diagnostic)
            arches -= set(cause.explains)
        if arches == set(diagnostic.arches):
            kept.append(diagnostic)
        elif arches:
            kept.append(replace(diagnostic, arches=tuple(sorted(arches))))
    for index, cause in enumerate(causes):
        explained = sorted(symptoms.get(index, []), key=Diagnostic.sort_key)
        related = [Related(d.span, _symptom(d, cause)) for d in explained[:MAX_RELATED]]
        if len(explained) > MAX_RELATED:
            related[-1] = Related(related[-1].span, f"{related[-1].message} (and {len(explained) - MAX_RELATED} more)")
        severity = "error" if any(d.severity == "error" for d in explained) else cause.severity
        # About the file, whatever the GOARCH: no tag.
        kept.append(replace(cause, related=cause.related + tuple(related), severity=severity, arches=()))
    return kept


def _in_vets_words(found: list[Diagnostic]) -> list[Diagnostic]:
    """A build-line cause on a line vet's buildtag also reports (`misplaced
    +build comment`): one diagnostic, vet's, with the cause's fix, what it
    explains and why (as related information)."""
    vet = {(d.path, d.span.start): d for d in found if d.code == VET_BUILD_LINES}
    kept = []
    merged = set()
    for diagnostic in found:
        same = vet.get((diagnostic.path, diagnostic.span.start))
        if diagnostic.code not in LINE_CAUSES or same is None:
            kept.append(diagnostic)
            continue
        merged.add(id(same))
        why = Related(diagnostic.span, diagnostic.message)
        kept.append(
            replace(
                same,
                explains=diagnostic.explains,
                fixes=same.fixes + diagnostic.fixes,
                related=(why, *same.related),
            )
        )
    return [d for d in kept if id(d) not in merged]


def _is_cause(diagnostic: Diagnostic) -> bool:
    return bool(diagnostic.explains) or diagnostic.code in LINE_CAUSES


def _on_the_line_of(diagnostic: Diagnostic, cause: Diagnostic) -> bool:
    """A finding within a line-wide cause (a build line): the same problem."""
    span, line = diagnostic.span, cause.span
    return cause.code in LINE_CAUSES and line.start <= span.start and span.end <= line.end


def _symptom(diagnostic: Diagnostic, cause: Diagnostic) -> str:
    arches = [a for a in diagnostic.arches if a in cause.explains]
    return f"[{arch_list(arches)}] {diagnostic.message}" if arches else diagnostic.message


# --- garbled dots: once per file, one fix for all ---------------------------


def _garbled_dots_once(found: list[Diagnostic]) -> list[Diagnostic]:
    """The lexer's garbled-dot findings of a file as one, at the first, whose
    fix writes `·` at every one (the others are its related information)."""
    by_path: dict[str, list[Diagnostic]] = {}
    kept = []
    for diagnostic in found:
        if diagnostic.code == GARBLED_DOT:
            by_path.setdefault(diagnostic.path, []).append(diagnostic)
        else:
            kept.append(diagnostic)
    for dots in by_path.values():
        dots.sort(key=Diagnostic.sort_key)
        first = dots[0]
        edits = tuple(Edit(d.span, "\u00b7") for d in dots)
        count = f"{len(dots)} garbled dots" if len(dots) > 1 else "the garbled dot"
        fix = Fix(f"Write `·` for {count}", edits, preferred=True)
        related = tuple(Related(d.span, d.message) for d in dots[1 : MAX_RELATED + 1])
        message = first.message if len(dots) == 1 else f"{first.message} (and {len(dots) - 1} more in this file)"
        kept.append(replace(first, message=message, arches=(), related=related, fixes=(fix,), function=None))
    return kept


# --- a macro's finding once ------------------------------------------------


def _macro_findings_once(found: list[Diagnostic]) -> list[Diagnostic]:
    """Findings in a macro's body, one per place and vet message whatever
    the function (`call16: ...`, `call32: ...`), the functions named in front."""
    groups: dict[tuple, list[Diagnostic]] = {}
    kept = []
    for diagnostic in found:
        function, colon, words = diagnostic.message.partition(": ")
        if diagnostic.code not in MACRO_CODES or not colon:
            kept.append(diagnostic)
            continue
        key = (diagnostic.path, diagnostic.span.start, diagnostic.span.end, diagnostic.code, words)
        groups.setdefault(key, []).append(diagnostic)
    for (_path, _start, _end, _code, words), diagnostics in groups.items():
        first = diagnostics[0]
        if len(diagnostics) == 1:
            kept.append(first)
            continue
        # In the order of the uses: call16, call32, call64 and 24 more.
        diagnostics.sort(key=lambda d: (d.related[0].span.start, d.related[0].span.end) if d.related else (0, 0))
        names = list(dict.fromkeys(d.message.partition(": ")[0] for d in diagnostics))
        shown = ", ".join(names[:MAX_NAMES]) + (f" and {len(names) - MAX_NAMES} more" if len(names) > MAX_NAMES else "")
        arches = tuple(sorted({a for d in diagnostics for a in d.arches}))
        related = tuple(dict.fromkeys(r for d in diagnostics for r in d.related))
        kept.append(replace(first, message=f"{shown}: {words}", arches=arches, related=related, function=None))
    return kept
