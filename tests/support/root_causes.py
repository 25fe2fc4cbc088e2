"""The root-cause fixtures (fixtures/rootcause: the tutorial's add.s, a
`// go:build` with a space, a `// +build` without its blank line, garbled
dots in both encodings, a package with assembly for amd64 only, a TEXT name
in the wrong case) and what a person must see for each: at most a handful
of diagnostics, the root cause among them, nothing said once per GOARCH.

Expectations sit in `// want` comments next to the lines; a build line
cannot hold one (the comment would be part of its expression), so those
are written here."""

from __future__ import annotations

from pathlib import Path

from support.paths import FIXTURES
from support.want import Found, Want, compare, read_wants

ROOT = FIXTURES / "rootcause"
PACKAGES = sorted(p.name for p in ROOT.iterdir() if p.is_dir())
MOST = 5  # "a handful"

# (package, file, line): `code: message` of a line a want comment cannot sit on.
ON_BUILD_LINES = {
    ("spaced", "add.s", 1): "build-constraint: `// go:build amd64` is a plain comment, not a build constraint: "
    "add.s is built for every GOARCH",
    # vet's buildtag words, with the build line's fix and what it explains.
    ("plusbuild", "add.s", 1): "buildtag: misplaced +build comment",
}
# The root cause of each package, and the fix it offers.
ROOT_CAUSES = {
    "tutorial": ("add.s", "foreign-code", "Rename to add_amd64.s"),
    "spaced": ("add.s", "build-constraint", "Write it as `//go:build amd64`"),
    "plusbuild": ("add.s", "buildtag", "Write it as `//go:build arm64`"),
    "garbled": ("add_amd64.s", "garbled-dot", "Write `·` for 2 garbled dots"),
    "amd64only": (
        "add.go",
        "missing-body",
        "Move Add to add_amd64.go and give it a Go body in add_generic.go for the other GOARCHes",
    ),
    "lettercase": ("add_amd64.s", "asmdecl", "Rename to ·Add"),
}


def wants(package: str) -> list[Want]:
    directory = ROOT / package
    found = [w for path in sorted(directory.iterdir()) for w in read_wants(path)]
    found += [
        Want(str(directory / name), line, text)
        for (where, name, line), text in ON_BUILD_LINES.items()
        if where == package
    ]
    return found


def unmet(package: str, seen: list[tuple[Path, int, str, str]]) -> tuple[list[str], list[str]]:
    """(findings no expectation wants, expectations no finding meets) for
    seen: (path, 1-based line, code, message as shown)."""
    findings = [Found(str(path), line, f"{code}: {message}") for path, line, code, message in seen]
    return compare(findings, wants(package))


def repeated(seen: list[tuple[Path, int, str, str]]) -> list[tuple[Path, int, str]]:
    """Places and codes said more than once (a finding per GOARCH)."""
    places = [(path, line, code) for path, line, code, _message in seen]
    return sorted({p for p in places if places.count(p) > 1})
