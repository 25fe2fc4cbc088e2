"""The server's settings, from initializationOptions or workspace/configuration
(section `asmLs`), read leniently: a bad value is reported and ignored."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from asm_ls.arch import GOARCHES
from asm_ls.engine.analyzer import Options
from asm_ls.features.inlay_hints import HintOptions

SECTION = "asmLs"


@dataclass(frozen=True)
class Settings:
    options: Options = field(default_factory=Options)
    encodings: bool = True  # machine code in hover (runs `go tool asm`)
    hints: HintOptions = field(default_factory=HintOptions)  # which inlay hints to show
    problems: tuple[str, ...] = ()  # what was wrong with the values given


# inlayHints.<key> -> HintOptions field
HINT_KEYS = {"frameTypes": "frame_types", "textFrame": "text_frame", "macroExpansions": "macro_expansions"}


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def read_settings(values: Any, current: Settings | None = None) -> Settings:
    """Settings from a JSON object; keys: goBinary, includeDirs, goarches,
    gooses, buildTags, toolchain (encodings in hover), toolchainDiagnostics (`go tool asm`
    errors as diagnostics), inlayHints ({frameTypes, textFrame, macroExpansions})."""
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
    hints = settings.hints
    if "inlayHints" in values:
        given = values["inlayHints"]
        if isinstance(given, dict):
            unknown = sorted(set(given) - set(HINT_KEYS))
            if unknown:
                problems.append(f"unknown inlayHints key {', '.join(unknown)}; known: {', '.join(HINT_KEYS)}")
            hints = replace(hints, **{HINT_KEYS[k]: bool(v) for k, v in given.items() if k in HINT_KEYS})
        elif isinstance(given, bool):  # all on or all off
            hints = HintOptions(given, given, given)
        else:
            problems.append("inlayHints must be true, false or an object of frameTypes, textFrame, macroExpansions")
    return Settings(replace(options, **changes), encodings, hints, tuple(problems))
