"""Did you mean: the closest of the names a mistyped one may have meant."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from asm_ls.model import Diagnostic, Edit, Fix


def closest(written: str, known: Iterable[str]) -> str | None:
    """The known name written is likeliest a typo of (`ADQ` for `ADDQ`,
    `lop` for `loop`, `RAX` for `AX`), or None when none is close."""
    candidates = [k for k in known if k != written]
    found = difflib.get_close_matches(written, candidates, n=20, cutoff=0.8)
    if not found:
        found = difflib.get_close_matches(written.upper(), candidates, n=20, cutoff=0.8)
    if not found:
        return None
    # The likeliest slips first: a doubled letter typed once, a letter left
    # out, the first letter kept; then difflib's order (its best first).
    return min(
        found,
        key=lambda f: (
            not _doubled_once(written, f),
            not _dropped_one(written, f),
            f[:1].upper() != written[:1].upper(),
            found.index(f),
        ),
    )


def _dropped_one(written: str, meant: str) -> bool:
    return len(meant) == len(written) + 1 and any(meant[:i] + meant[i + 1 :] == written for i in range(len(meant)))


def _doubled_once(written: str, meant: str) -> bool:
    return _dropped_one(written, meant) and any(
        meant[i] == meant[i + 1] and meant[:i] + meant[i + 1 :] == written for i in range(len(meant) - 1)
    )


def suggesting(diagnostic: Diagnostic, written: str, known: Iterable[str]) -> Diagnostic:
    """diagnostic with `(did you mean X?)` and the fix that writes X, when a name is close."""
    guess = closest(written, known)
    if guess is None:
        return diagnostic
    fix = Fix(f"Change to {guess}", (Edit(diagnostic.span, guess),))
    return Diagnostic(
        diagnostic.span,
        diagnostic.code,
        f"{diagnostic.message} (did you mean {guess}?)",
        diagnostic.severity,
        diagnostic.source,
        diagnostic.arches,
        diagnostic.function,
        diagnostic.related,
        diagnostic.fixes + (fix,),
    )
