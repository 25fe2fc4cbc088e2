"""Hover on a TEXT line: the function's stack against the linker's NOSPLIT limit,
read from the stack graph (asm_ls.checks.stack)."""

from __future__ import annotations

from asm_ls.checks.stack.graph import FunctionStack, Hop, StackGraph
from asm_ls.model import PackageUnit
from asm_ls.syntax.program import Function


def nosplit_hover(package: PackageUnit, function: Function) -> str:
    """Markdown for a hover on a TEXT line: the function's stack height on the
    package's build context and its worst chain, against the linker's limit.

    `package` is the PackageUnit of one build context (asm_ls.model);
    `function` a Function of one of its units' programs. Returns "" when the
    TEXT line cannot be read (the assembler would reject it)."""
    graph = StackGraph(package)
    summary = next((s for s in graph.functions() if s.function is function), None)
    if summary is None:
        return ""
    node = graph.node_of(summary)
    height = graph.height(node)
    arch, limit = package.arch.name, graph.limit
    lines = [f"**stack** of `{summary.symbol}` on {package.context.goos}/{arch}: {_frame_text(summary)}"]
    if not summary.nosplit:
        lines.append(
            f"It splits: it checks the stack at entry, so a caller needs only {height} bytes "
            "for its call to `runtime.morestack`."
        )
        return "\n\n".join(lines)
    if not summary.declared_nosplit:
        lines.append("NOSPLIT without the flag: the assembler marks a leaf with a frame this small NOSPLIT.")
    hops, cycle = graph.chain(node)
    if cycle:
        lines.append(f"NOSPLIT chain height: **infinite** (a cycle); the limit is {limit} bytes.")
    else:
        verdict = f"{height - limit} bytes over" if height > limit else f"{limit - height} bytes to spare"
        lines.append(f"NOSPLIT chain height: **{height}** bytes of the {limit}-byte limit ({verdict}).")
    if hops:
        lines.append("Worst chain:\n\n" + "\n".join(f"{i}. {hop_text(hop)}" for i, hop in enumerate(hops, 1)))
    else:
        lines.append("It calls no function that could extend the chain.")
    notes = [hop.note for hop in hops if hop.note]
    if notes:
        lines.append("The height is a lower bound: " + "; ".join(dict.fromkeys(notes)) + ".")
    return "\n\n".join(lines)


def _frame_text(summary: FunctionStack) -> str:
    parts = [f"frame ${summary.text_frame}"] + [f"{n} ({why})" for n, why in summary.frame.extra]
    text = " + ".join(parts)
    if summary.frame.extra:
        text += f" = {summary.frame.size} bytes"
    return text


def hop_text(hop: Hop) -> str:
    text = f"`{hop.function}` grows {hop.growth} bytes"
    if hop.callee:
        text += f", calls `{hop.callee}`"
    return text + (f" ({hop.note})" if hop.note else "")
