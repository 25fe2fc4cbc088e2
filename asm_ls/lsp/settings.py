"""The server's settings, from initializationOptions or workspace/configuration
(section `asmLs`), read leniently: a bad value is reported and ignored."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from asm_ls.arch import GOARCHES
from asm_ls.engine.analyzer import Options

SECTION = "asmLs"


@dataclass(frozen=True)
class Settings:
    options: Options = field(default_factory=Options)
    encodings: bool = True  # machine code in hover (runs `go tool asm`)
    problems: tuple[str, ...] = ()  # what was wrong with the values given


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def read_settings(values: Any, current: Settings | None = None) -> Settings:
    """Settings from a JSON object; keys: goBinary, includeDirs, goarches,
    gooses, buildTags, toolchain (encodings in hover), toolchainDiagnostics (`go tool asm`
    errors as diagnostics)."""
    settings = current or Settings()
    if not isinstance(values, dict):
        return settings
    if SECTION in values and isinstance(values[SECTION], dict):
        values = values[SECTION]
    options = settings.options
    problems: list[str] = []
    changes: dict[str, Any] = {}
    if "goBinary" in values:
        go = values["goBinary"]
        if go is None or isinstance(go, str):
            changes["go_binary"] = go or None
        else:
            problems.append("goBinary must be a string")
    for key, attribute, kind in (("includeDirs", "include_dirs", "directories"), ("buildTags", "tags", "build tags")):
        if key in values:
            items = _strings(values[key])
            if items is None:
                problems.append(f"{key} must be a list of {kind}")
            else:
                changes[attribute] = items
    for key, attribute in (("goarches", "goarches"), ("gooses", "gooses")):
        if key in values:
            names = _strings(values[key])
            if names is None:
                problems.append(f"{key} must be a list of names")
                continue
            if key == "goarches":
                unknown = [n for n in names if n not in GOARCHES]
                if unknown:
                    problems.append(f"unknown GOARCH {', '.join(unknown)}; known: {', '.join(GOARCHES)}")
                    names = tuple(n for n in names if n in GOARCHES)
            changes[attribute] = names or None
    if "toolchainDiagnostics" in values:
        changes["toolchain"] = bool(values["toolchainDiagnostics"])
    encodings = settings.encodings
    if "toolchain" in values:
        encodings = bool(values["toolchain"])
    return Settings(replace(options, **changes), encodings, tuple(problems))
