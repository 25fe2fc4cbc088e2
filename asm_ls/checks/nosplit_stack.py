"""nosplit-stack: a chain of NOSPLIT functions that needs more stack than the
linker allows. Reported as the linker reports it (`nosplit stack over N byte
limit`): on the functions at the top of the over-limit chains of the
package, one related location per step of the worst chain."""

from __future__ import annotations

from collections.abc import Iterator

from asm_ls.checks.stack.graph import FunctionStack, Hop, Node, StackGraph, function_stack, symbol_prefix
from asm_ls.model import CheckUnit, Diagnostic, PackageUnit, Related
from asm_ls.syntax.program import Function


def function_digest(unit: CheckUnit, function: Function, package: PackageUnit) -> object:
    """What the stack graph reads of a function (asm_ls.engine.registry): its
    symbol, flags and frame, how high it grows, what it calls and how high it
    is then. (Where, the findings keep: they move with the text.)"""
    summary = function_stack(unit, function, symbol_prefix(package))
    if summary is None:
        return None
    edges = tuple((edge.target, edge.growth) for edge in summary.edges)
    return summary.symbol, summary.flags, summary.text_frame, summary.frame, summary.local_height, edges


def run_package(package: PackageUnit) -> Iterator[Diagnostic]:
    if not package.units:
        return
    graph = StackGraph(package)
    over = {
        graph.node_of(f): f for f in graph.functions() if f.nosplit and graph.height(graph.node_of(f)) > graph.limit
    }
    for node in _roots(graph, over):
        yield _diagnostic(graph, node, over[node], package)


def _diagnostic(graph: StackGraph, node: Node, summary: FunctionStack, package: PackageUnit) -> Diagnostic:
    hops, cycle = graph.chain(node)
    amount = "infinite cycle" if cycle else f"{graph.height(node) - graph.limit} bytes over"
    related = tuple(Related(hop.span or summary.text_span, _hop_message(hop)) for hop in hops)
    return Diagnostic(
        summary.text_span,
        "nosplit-stack",
        f"{node.name}: nosplit stack over {graph.limit} byte limit ({amount})",
        arches=(package.arch.name,),
        function=summary.function.name,
        related=related,
    )


def _hop_message(hop: Hop) -> str:
    text = f"{hop.function} grows {hop.growth} bytes"
    if hop.callee:
        text += f", calls {hop.callee}"
    return text + (f" ({hop.note})" if hop.note else "")


def _roots(graph: StackGraph, over: dict[Node, FunctionStack]) -> list[Node]:
    """The linker's roots (stackcheck.go findRoots): over-limit functions no
    other over-limit function calls; of a cycle that nothing outside calls,
    its first function."""
    calls = {node: [c for c in graph.callees(f) if c in over] for node, f in over.items()}
    called = {callee for node, callees in calls.items() for callee in callees if callee != node}
    roots = [node for node in over if node not in called]
    reached = _reach(roots, calls)
    rest = [node for node in over if node not in reached]
    reaches = {node: _reach([node], calls) for node in rest}
    for node in rest:  # in the linker's symbol order: file, then TEXT
        if node in reached:
            continue
        cycle = {other for other in rest if other in reaches[node] and node in reaches[other]}
        callers = [other for other in rest if other not in cycle and node in reaches[other]]
        if not callers:
            roots.append(node)
            reached |= reaches[node]
    return roots


def _reach(starts: list[Node], calls: dict[Node, list[Node]]) -> set[Node]:
    seen: set[Node] = set()
    stack = list(starts)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(calls.get(node, ()))
    return seen
