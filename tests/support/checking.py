"""Checking one text as the engine does, for tests that look at a few codes."""

from __future__ import annotations

from collections.abc import Collection

from asm_ls.engine.analyzer import Analyzer, Options
from asm_ls.model import Diagnostic
from asm_ls.syntax.source import SourceFile


def check_text(
    path: str, text: str, goarch: str = "amd64", codes: Collection[str] | None = None, **facts
) -> list[Diagnostic]:
    """The findings of a whole check of text (as the file at path) for one GOARCH, of the given codes."""
    found = Analyzer(Options(goarches=(goarch,))).check(SourceFile(path, text), **facts)
    return [d for d in found if codes is None or d.code in codes]
