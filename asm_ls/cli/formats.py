"""`asm-ls check` output for CI: SARIF 2.1.0 (GitHub code scanning and other
SARIF readers) and GitHub Actions workflow commands (annotations on a pull
request's lines)."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from asm_ls import __version__
from asm_ls.model.codes import CODES

if TYPE_CHECKING:
    from asm_ls.cli.check import Finding

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "information": "note", "hint": "note"}
SOURCE_ROOT = "%SRCROOT%"


def documentation_url() -> str | None:
    """docs/checks.md where the installed asm-ls says it is published (the
    `Documentation` project URL), else None: rules then carry the docs' place
    in their help text only."""
    try:
        urls = metadata.metadata("asm-ls").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return url.strip()
    return None


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _rule(code: str, docs: str | None) -> dict:
    severity, what = CODES.get(code, ("error", f"`{code}`"))
    plain = _sentence(what.replace("`", ""))
    rule = {
        "id": code,
        "name": "".join(part.capitalize() for part in code.split("-")),
        "shortDescription": {"text": _sentence(what.split(": ")[0].replace("`", ""))},
        "fullDescription": {"text": plain},
        "help": {
            "text": f"{plain}\n\nasm-ls's docs/checks.md, section {code}, says more.",
            "markdown": f"{_sentence(what)}\n\nSee [`{code}` in docs/checks.md]({docs}#{code})."
            if docs
            else f"{_sentence(what)}\n\nSee `{code}` in asm-ls's docs/checks.md.",
        },
        "defaultConfiguration": {"level": _LEVELS[severity]},
        "properties": {"tags": ["go-assembly"]},
    }
    if docs:
        rule["helpUri"] = f"{docs}#{code}"
    return rule


def _location(path: str) -> dict:
    """Relative to the working directory (the repository root, in CI) when inside it."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    if relative.startswith(".."):
        return {"uri": Path(absolute).as_uri()}
    return {"uri": Path(relative).as_posix(), "uriBaseId": SOURCE_ROOT}


def _region(line: int, column: int, end_line: int, end_column: int) -> dict:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _result(finding: Finding, rules: dict[str, int]) -> dict:
    message = finding.shown
    result: dict = {
        "ruleId": finding.code,
        "ruleIndex": rules[finding.code],
        "level": _LEVELS.get(finding.severity, "warning"),
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _location(finding.path),
                    "region": _region(finding.line, finding.column, finding.end_line, finding.end_column),
                },
                **({"logicalLocations": [{"name": finding.function, "kind": "function"}]} if finding.function else {}),
            }
        ],
        # One finding per place and message: code scanning tracks it across commits by this.
        "partialFingerprints": {"asmLs/v1": f"{finding.code}:{finding.function or ''}:{message}"},
    }
    if finding.arches:
        result["properties"] = {"goarch": ", ".join(finding.arches)}
    fixes = [_fix(title, edits) for title, edits, _files, _preferred in finding.fixes if edits]
    if fixes:  # (SARIF has no way to rename a file)
        result["fixes"] = fixes
    return result


def _fix(title: str, edits: Sequence[tuple[str, int, int, int, int, str]]) -> dict:
    by_file: dict[str, list[dict]] = {}
    for path, line, column, end_line, end_column, new_text in edits:
        by_file.setdefault(path, []).append(
            {"deletedRegion": _region(line, column, end_line, end_column), "insertedContent": {"text": new_text}}
        )
    return {
        "description": {"text": title},
        "artifactChanges": [
            {"artifactLocation": _location(path), "replacements": replacements}
            for path, replacements in by_file.items()
        ],
    }


def render_sarif(findings: Sequence[Finding]) -> str:
    """One run of asm-ls: its rules (every code, so a clean run still describes them) and results.
    Columns count Unicode code points, as asm-ls's do."""
    docs = documentation_url()
    codes = list(CODES) + sorted({f.code for f in findings} - set(CODES))
    rules = {code: index for index, code in enumerate(codes)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "asm-ls",
                        "version": __version__,
                        "semanticVersion": __version__,
                        **({"informationUri": docs} if docs else {}),
                        "rules": [_rule(code, docs) for code in codes],
                    }
                },
                "originalUriBaseIds": {SOURCE_ROOT: {"uri": Path(os.getcwd()).as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, rules) for f in findings],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _escape(text: str, property_value: bool = False) -> str:
    """What a workflow command's data (and property values) must escape."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


_COMMANDS = {"error": "error", "warning": "warning", "information": "notice", "hint": "notice"}


def render_github(findings: Sequence[Finding]) -> str:
    """`::error file=...,line=...::message` lines: GitHub Actions shows each as an
    annotation on the line, in the run and on the pull request."""
    lines = []
    for f in findings:
        properties = {
            "file": f.path,
            "line": f.line,
            "col": f.column,
            "endLine": f.end_line,
            "endColumn": f.end_column,
            "title": f"asm-ls {f.code}",
        }
        fields = ",".join(f"{key}={_escape(str(value), True)}" for key, value in properties.items())
        lines.append(f"::{_COMMANDS.get(f.severity, 'warning')} {fields}::{_escape(f.shown)}\n")
    return "".join(lines)
