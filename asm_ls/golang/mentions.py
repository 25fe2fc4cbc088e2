"""How often names appear in Go code, comments and string literals left out:
enough to tell a declared-but-never-used function from a used one."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

_NOT_CODE = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|`[^`]*`|\'(?:\\.|[^\'\\\n])*\'', re.S)
_IDENTIFIER = re.compile(r"[^\W\d]\w*")


def identifier_counts(texts: Iterable[str], names: Iterable[str]) -> Counter:
    """Occurrences of each of names as an identifier in the Go texts."""
    wanted = set(names)
    counts: Counter = Counter()
    for text in texts:
        code = _NOT_CODE.sub(" ", text)
        counts.update(word for word in _IDENTIFIER.findall(code) if word in wanted)
    return counts
