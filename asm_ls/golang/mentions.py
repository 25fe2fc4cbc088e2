"""How often names appear in Go code, comments and string literals left out:
enough to tell a declared-but-never-used function from a used one."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

_NOT_CODE = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|`[^`]*`|\'(?:\\.|[^\'\\\n])*\'', re.S)
_IDENTIFIER = re.compile(r"[^\W\d]\w*")


def identifier_counts(texts: Iterable[str], names: Iterable[str]) -> Counter:
    """Occurrences of each of names as an identifier in the Go texts."""
    wanted = set(names)
    counts: Counter = Counter()
    for text in texts:
        in_text = _identifiers(text)
        counts.update({name: in_text[name] for name in wanted if name in in_text})
    return counts


@lru_cache(maxsize=4096)  # a package's files are counted in every build context
def _identifiers(text: str) -> Counter:
    return Counter(_IDENTIFIER.findall(_NOT_CODE.sub(" ", text)))
