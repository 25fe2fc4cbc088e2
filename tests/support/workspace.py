"""The fixture workspace (module wsmod: add/ for amd64 and arm64, use/ calling
add) as the editor features see it, in process, and cursor marks in texts."""

from __future__ import annotations

import os
from pathlib import Path

from asm_ls.engine.analyzer import Analyzer
from asm_ls.features.workspace import Workspace
from support.paths import FIXTURES

WORKSPACE = FIXTURES / "workspace"
ADD_AMD64 = str(WORKSPACE / "add" / "add_amd64.s")
ADD_ARM64 = str(WORKSPACE / "add" / "add_arm64.s")
ADD_GO = str(WORKSPACE / "add" / "add.go")
HELPERS_H = str(WORKSPACE / "add" / "helpers.h")
USE_AMD64 = str(WORKSPACE / "use" / "use_amd64.s")
USE_GO = str(WORKSPACE / "use" / "use.go")
CURSOR = "@@"


def fixture_workspace(overlays: dict[str, str] | None = None, root: Path = WORKSPACE) -> Workspace:
    """A fixture workspace (by default tests/fixtures/workspace), indexed;
    overlays are editor buffers (new files included)."""
    overlays = {os.path.abspath(p): t for p, t in (overlays or {}).items()}
    ws = Workspace(Analyzer(overlays=overlays))
    ws.index.add_folder(str(root))
    for path in overlays:
        ws.index.update(path, precise=True)
    return ws


def offset_of(path: str, needle: str, nth: int = 0, delta: int = 1) -> int:
    """The code-point offset `delta` past the start of the nth occurrence of needle in the file."""
    text = Path(path).read_text()
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return at + delta


def spanned(span) -> tuple[str, int, str]:
    """(file name, 1-based line, the spanned text) of a span."""
    line = span.lines_and_columns()[0] + 1
    return os.path.basename(span.source.path), line, span.source.text[span.start : span.end]


EDITING = FIXTURES / "editing"  # module edmod: vec/ (amd64, arm64, a shared header), app/ using it


def applied(edits, root: Path) -> dict[str, str]:
    """The files edits change, as they read after them (path relative to root -> text)."""
    by_file: dict[str, list] = {}
    for edit in edits:
        by_file.setdefault(edit.span.source.path, []).append(edit)
    changed = {}
    for path, file_edits in by_file.items():
        text = file_edits[0].span.source.text
        for edit in sorted(file_edits, key=lambda e: e.span.start, reverse=True):
            text = text[: edit.span.start] + edit.new_text + text[edit.span.end :]
        changed[str(Path(path).relative_to(root))] = text
    return changed
