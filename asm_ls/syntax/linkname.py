"""Symbol names as the linker spells them.

In assembly `·` (U+00B7) stands for `.` and `∕` (U+2215) for `/`; a name that
starts with `·` belongs to the package being assembled, whose prefix is the
assembler's `-p` (the import path, `main` for a command); `name<>` is local to
its file. The one home for these rules: checks, the NOSPLIT graph and the
workspace index all name symbols through here.
"""

from __future__ import annotations

import os

MIDDLE_DOT = "\u00b7"
DIVISION_SLASH = "\u2215"


def linker_spelling(written: str) -> str:
    """`·f` is `.f`, `a∕b·f` is `a/b.f`."""
    return written.replace(MIDDLE_DOT, ".").replace(DIVISION_SLASH, "/")


def linker_name(written: str, prefix: str) -> str:
    """The linker's name of a symbol written in a package whose `·` stands for prefix."""
    name = linker_spelling(written)
    return prefix + name if name.startswith(".") else name


def file_local_name(name: str, path: str) -> str:
    """A key for a `name<>` symbol that tells it apart from the same name in another file."""
    return f"{os.path.abspath(path)}:{name}"


def split_linker_name(name: str) -> tuple[str, str]:
    """(import path, name) of a linker name: `crypto/aes.encrypt` is (`crypto/aes`, `encrypt`);
    a name without a package part has an empty import path."""
    slash = name.rfind("/")
    dot = name.find(".", slash + 1)
    if dot < 0:
        return "", name
    return name[:dot], name[dot + 1 :]


def package_go_name(written: str, import_path: str) -> str | None:
    """The Go name of `·name` or `importpath·name` (written as in assembly) when it names
    something of the package at import_path; None for another package's symbol."""
    package, dot, name = written.rpartition(MIDDLE_DOT)
    if not dot or not name or (package and package.replace(DIVISION_SLASH, "/") != import_path):
        return None
    return name
