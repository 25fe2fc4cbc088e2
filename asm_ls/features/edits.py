"""Edits whose effect stays on their lines, for features that keep a whole
file's answer (semantic tokens, inlay hints) and make the next text's from it.

An editor asks for the whole file's tokens and hints after every keystroke
(Neovim does). What a line says depends on the lines around it only through
the functions and data the file defines (a TEXT, GLOBL or DATA), its macros
and conditions (a `#` line), and block comments and continued lines, which
run past a line's end. An edit touching none of them, in its old lines or its
new, leaves every other line's answer as it was, moved by the edit."""

from __future__ import annotations

import re

from asm_ls.engine.incremental.region import LineEdit, lines_changed

_REACHES_OTHER_LINES = re.compile(r"#|\\[ \t\r]*$|\b(?:TEXT|GLOBL|DATA)\b", re.MULTILINE)
_CLOSED_COMMENT = re.compile(r"/\*[^\n]*?\*/")  # a block comment closed on the line it opens


def line_local_edit(old: str, new: str) -> LineEdit | None:
    """The whole lines old and new differ in, when changing them changes no
    other line's tokens or hints; None when it may."""
    edit = lines_changed(old, new)
    if _reaches_other_lines(old[edit.start : edit.old_end]) or _reaches_other_lines(new[edit.start : edit.new_end]):
        return None
    return edit


def _reaches_other_lines(lines: str) -> bool:
    if _REACHES_OTHER_LINES.search(lines):
        return True
    rest = _CLOSED_COMMENT.sub("", lines)
    return "/*" in rest or "*/" in rest
