r"""The one `// want` harness, in the style of go/analysis's analysistest.

An expectation sits in a comment on the line it is about:

    MOVQ (RAX), BX   // want "unknown-register: unknown register RAX"
    FROB             // want[amd64,arm64] "unknown-instruction: unrecognized instruction"

Each quoted string is one diagnostic, written `code: message`; the message is
a part of the diagnostic's message unless the test asks for exact matches.
`want[a,b]` limits the expectation to those GOARCHes, and `{arch}` in it
stands for the GOARCH it is checked for; `want +2` puts it two lines below
(for lines that cannot carry a comment of their own, such as build lines).
Other annotation kinds share the syntax (`// vet "..."`: what `go vet` says
of the line). Expectations may also sit in the fixture headers a file includes.

analysistest_wants() reads the test data of go/analysis passes themselves:
`// want "regexp"` or `// want +N \`regexp\``, matched with re.search.

compare() pairs findings with expectations one to one and returns what is
left on each side, as text a failing assert shows.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

ANNOTATION = re.compile(
    r'\b(?P<kind>\w+)(?:\[(?P<arches>[\w,]+)\])?(?:\s+\+(?P<delta>\d+))?(?P<quoted>(?:\s+"(?:[^"\\]|\\.)*")+)'
)
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
INCLUDE = re.compile(r'^#include\s+"([^"]+)"', re.MULTILINE)
GOARCH_LINE = re.compile(r"^//\s*goarch:\s*(?P<arches>[\w ]+)$", re.MULTILINE)


@dataclass(frozen=True, order=True)
class Want:
    path: str
    line: int  # 1-based
    text: str  # `code: message`, or what the annotation kind quotes
    arches: tuple[str, ...] | None = None  # None: every GOARCH the file is checked for

    def applies_to(self, goarch: str | None) -> bool:
        return self.arches is None or goarch is None or goarch in self.arches

    def __str__(self) -> str:
        arches = f"[{','.join(self.arches)}]" if self.arches else ""
        return f"{Path(self.path).name}:{self.line}: {self.text}{arches}"


@dataclass(frozen=True, order=True)
class Found:
    path: str
    line: int  # 1-based
    text: str  # `code: message`
    arch: str | None = None

    def __str__(self) -> str:
        return f"{Path(self.path).name}:{self.line}: {self.text}" + (f" [{self.arch}]" if self.arch else "")


def read_wants(
    path: Path, kind: str = "want", headers: Path | None = None, _seen: set[Path] | None = None
) -> list[Want]:
    """The annotations of one kind in path, and in the headers it includes that
    sit in `headers` (a fixture directory)."""
    seen = _seen if _seen is not None else set()
    if path in seen or not path.is_file():
        return []
    seen.add(path)
    text = path.read_text()
    wants = []
    for number, line in enumerate(text.splitlines(), 1):
        comment = line.partition("//")[2]
        for match in ANNOTATION.finditer(comment):
            if match["kind"] != kind:
                continue
            arches = tuple(match["arches"].split(",")) if match["arches"] else None
            line_number = number + int(match["delta"] or 0)
            for quoted in QUOTED.findall(match["quoted"]):
                wants.append(Want(str(path), line_number, quoted.replace('\\"', '"'), arches))
    if headers is not None:
        for name in INCLUDE.findall(text):
            wants += read_wants(headers / name, kind, headers, seen)
    return wants


def per_arch(wants: Iterable[Want], goarches: Iterable[str]) -> list[Want]:
    """One expectation per GOARCH it applies to, `{arch}` spelled out: for
    findings that are made once per GOARCH."""
    goarches = list(goarches)
    return [
        replace(want, text=want.text.replace("{arch}", arch), arches=(arch,))
        for want in wants
        for arch in goarches
        if want.applies_to(arch)
    ]


def found(diagnostics: Iterable) -> list[Found]:
    """asm-ls diagnostics as findings."""
    return [Found(d.path, d.span.lines_and_columns()[0] + 1, f"{d.code}: {d.message}", d.arch) for d in diagnostics]


def declared_goarches(path: Path) -> tuple[str, ...] | None:
    """The GOARCHes of a `// goarch: a b` line, if the file has one."""
    declared = GOARCH_LINE.search(path.read_text())
    return tuple(declared["arches"].split()) if declared else None


def _matches(finding: Found, want: Want, exact: bool) -> bool:
    if (finding.path, finding.line) != (want.path, want.line):
        return False
    if want.arches is not None and finding.arch is not None and finding.arch not in want.arches:
        return False
    if exact:
        return finding.text == want.text
    code, _, part = want.text.partition(": ")
    found_code, _, message = finding.text.partition(": ")
    return code == found_code and part in message


def compare(
    findings: Iterable[Found], wants: Iterable[Want], goarch: str | None = None, exact: bool = False
) -> tuple[list[str], list[str]]:
    """(findings no expectation matched, expectations no finding matched), as
    text. Only the expectations that apply to goarch count."""
    left = [w for w in wants if w.applies_to(goarch)]
    extra = []
    for finding in sorted(findings):
        match = next((w for w in left if _matches(finding, w, exact)), None)
        if match is None:
            extra.append(str(finding))
        else:
            left.remove(match)
    return extra, [str(w) for w in left]


_EXPECTATION = re.compile(
    r'\s*(?:(?P<plus>\+)\s*(?P<delta>\d+)|(?P<quoted>"(?:[^"\\\n]|\\.)*")|`(?P<raw>[^`]*)`|(?P<end>$))'
)


def analysistest_wants(path: Path) -> dict[int, list[str]]:
    """The `// want` regexps of a non-Go file of go/analysis test data, by
    line, read as analysistest reads them (a comment that starts `want`, or
    `// want` anywhere in the line; Go-quoted or raw strings; `+N` lines below)."""
    found: dict[int, list[str]] = {}
    for number, line in enumerate(path.read_text().split("\n"), 1):
        at = line.find("// want")
        if at >= 0:
            line = line[at:]
        at = line.find("//")
        text = line[at + 2 :].strip() if at >= 0 else ""
        if not text.startswith("want"):
            continue
        delta, patterns, position = 0, [], len("want")
        while True:
            token = _EXPECTATION.match(text, position)
            if token is None:
                raise AssertionError(f"{path}:{number}: cannot read the expectation {text!r}")
            position = token.end()
            if token["end"] is not None:
                break
            if token["plus"]:
                delta = int(token["delta"])
            elif token["quoted"] is not None:
                patterns.append(ast.literal_eval(token["quoted"]))
            else:
                patterns.append(token["raw"])
        if patterns:
            found.setdefault(number + delta, []).extend(patterns)
    return found


def match_regexps(messages: dict[tuple[str, int], list[str]], wants: dict[tuple[str, int], list[str]]) -> list[str]:
    """analysistest's check: each regexp of a line matched by one message there
    (re.search), and no message left; what does not match, as text."""
    left = {key: list(found) for key, found in messages.items()}
    problems = []
    for key, patterns in sorted(wants.items()):
        here = left.pop(key, [])
        for pattern in patterns:
            matching = [m for m in here if re.search(pattern, m)]
            if matching:
                here.remove(matching[0])
            else:
                problems.append(f"{key[0]}:{key[1]}: nothing matches {pattern!r} (found {here})")
        problems += [f"{key[0]}:{key[1]}: unexpected {m!r}" for m in here]
    problems += [f"{name}:{line}: unexpected {m!r}" for (name, line), found in left.items() for m in found]
    return problems
