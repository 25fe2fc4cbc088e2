"""`asm-ls check --fix`: apply the quick fixes that are safe, as `go fix`
and `ruff --fix` do, and say what changed.

Safe is what a check marks preferred and that only edits text: vet's
offsets and sizes, `textflag.h` includes, garbled dots, build lines written
as constraints. A fix that renames or creates files (`add.s` to
`add_amd64.s`) is printed as a suggestion, never done. Of fixes that
overlap in one file the first (in file order) is taken; the next run takes
the rest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from asm_ls.cli.check import Finding, FindingEdit
from asm_ls.files import UnreadableFile, read_text


@dataclass(frozen=True)
class Applied:
    changed: list[str]  # `path:line:col: title`, for each fix applied
    suggested: list[str]  # fixes left to the user (file renames and creations)


def apply_fixes(findings: list[Finding]) -> Applied:
    by_path: dict[str, list[tuple[Finding, str, tuple[FindingEdit, ...]]]] = {}
    suggested = []
    for finding in findings:
        safe = next((fix for fix in finding.fixes if fix[3] and fix[1] and not fix[2]), None)
        if safe is not None:
            title, edits, _files, _preferred = safe
            if len({edit[0] for edit in edits}) == 1:
                by_path.setdefault(edits[0][0], []).append((finding, title, edits))
            continue
        for title, _edits, files, _preferred in finding.fixes:
            if files:
                suggested.append(f"{finding.path}:{finding.line}:{finding.column}: {title}{_how(files)}")
                break
    changed = []
    for path, fixes in sorted(by_path.items()):
        try:
            text = read_text(path)
        except UnreadableFile:
            continue
        offsets = _line_offsets(text)
        taken: list[tuple[int, int, str]] = []
        for finding, title, edits in sorted(fixes, key=lambda f: (f[0].line, f[0].column)):
            spans = [(_offset(offsets, e[1], e[2]), _offset(offsets, e[3], e[4]), e[5]) for e in edits]
            if any(_overlaps(span, other) for span in spans for other in taken):
                continue
            taken += spans
            changed.append(f"{finding.path}:{finding.line}:{finding.column}: {title}")
        for start, end, new_text in sorted(taken, key=lambda s: (s[0], s[1]), reverse=True):
            text = text[:start] + new_text + text[end:]
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.write(text)
    return Applied(changed, suggested)


def _how(files: tuple[tuple[str, str, str], ...]) -> str:
    steps = []
    for kind, path, other in files:
        if kind == "rename":
            steps.append(f"mv {os.path.relpath(path)} {os.path.relpath(other)}")
        else:
            steps.append(f"create {os.path.relpath(path)}")
    return f" ({'; '.join(steps)})"


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for line in text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    return offsets


def _offset(offsets: list[int], line: int, column: int) -> int:
    """A 1-based line and code-point column as an offset in the text."""
    return offsets[min(line, len(offsets)) - 1] + column - 1


def _overlaps(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # insertions conflict only at the same place
        return a[0] == b[0] or (b[0] < a[0] < b[1]) or (a[0] < b[0] < a[1])
    return a[0] < b[1] and b[0] < a[1]
