"""The frame table that `asm-ls frame` prints and hover shows."""

from __future__ import annotations

from asm_ls.golang.frame import ArgFrame, Slot

_MAX_MEMBERS = 16  # a [4096]byte parameter should not print 4096 rows


def render_frame(frame: ArgFrame) -> str:
    if frame.args_size is None:
        header = f"{frame.function} on {frame.arch}: argument size unknown ({frame.unknown})"
    else:
        header = f"{frame.function} on {frame.arch}: $0-{frame.args_size}"
        if frame.results_offset is not None:
            header += f", results from {frame.results_offset}(FP)"
    rows = [("name+off(FP)", "type", "size", "")]
    for slot in frame.slots:
        _rows(slot, 0, rows)
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [header]
    for name, typ, size, mark in rows:
        line = f"{name:<{widths[0]}}  {typ:<{widths[1]}}  {size:>{widths[2]}}  {mark}"
        lines.append(line.rstrip())
    return "\n".join(lines) + "\n"


def _rows(slot: Slot, depth: int, rows: list[tuple[str, str, str, str]]) -> None:
    indent = "  " * depth
    rows.append(
        (f"{indent}{slot.name}+{slot.offset}(FP)", slot.type, str(slot.size), "result" if slot.is_result else "")
    )
    for part in slot.parts:
        _rows(part, depth + 1, rows)
    for member in slot.members[:_MAX_MEMBERS]:
        _rows(member, depth + 1, rows)
    hidden = len(slot.members) - _MAX_MEMBERS
    if hidden > 0:
        last = slot.members[-1]
        rows.append((f"{indent}  ... {hidden} more, to {last.name}+{last.offset}(FP)", "", "", ""))
