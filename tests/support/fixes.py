"""Applying quick fixes as an editor does: a fix's edits, last first, to a text or to the files they name."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from asm_ls.model import Edit, Fix


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        text = text[: edit.span.start] + edit.new_text + text[edit.span.end :]
    return text


def apply_fix(text: str, fix: Fix) -> str:
    return apply_edits(text, fix.edits)


def write_fix(fix: Fix) -> None:
    """Apply a fix whose edits may span several files, on disk."""
    by_file: dict[str, list[Edit]] = {}
    for edit in fix.edits:
        by_file.setdefault(edit.span.source.path, []).append(edit)
    for path, edits in by_file.items():
        Path(path).write_text(apply_edits(Path(path).read_text(), edits))
