"""Soak: random edits and requests against the real server for minutes, on a
GOROOT-sized workspace; memory at start and end, latency over time.

    python bench/soak.py [--seconds 300] [--workspace DIR] [--files 12] [--window 30] [--seed 1] [--json OUT]

The workspace (default $GOROOT/src) is indexed first. Then --files of its .s
files are opened and, until --seconds have passed, a client that behaves
like a busy user edits them (incremental changes: typed fragments, deleted
ranges, new lines) and asks hover, definition, references, highlights,
completion, document and workspace symbols at random places, one request at
a time. Per window of --window seconds it prints the requests answered, their
p50/p95/max latency, the p95 of diagnostics after an edit (for the versions
published: the server debounces), and the server's resident memory.

At the end every document is sent once more whole, as the client has it: the
diagnostics must be those of the last incremental version, so thousands of
incremental edits did not leave the server with other text than the client's.
Exit status 1 when a request failed, the server died, or that check failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]
from support.lsp_stdio import StdioServer  # noqa: E402

from asm_ls.golang.goroot import find_goroot  # noqa: E402

FRAGMENTS = [
    "\tMOVQ AX, BX\n",
    "\tADDQ $1, CX\n",
    "X",
    "·",
    "(",
    ")",
    ",",
    " ",
    "\n",
    "$8",
    "R1",
    "(SB)",
    "loop:\n",
    "\tJMP loop\n",
    "#define T(x) x\n",
    "\tCALL ·memmove(SB)\n",
    "// note\n",
    "\tMOVD R1, R2\n",
    "TEXT ·soak(SB), $0-8\n",
    "\t",
    "0x1f",
    "+8(FP)",
]
REQUESTS = (
    ["textDocument/hover"] * 4
    + ["textDocument/definition"] * 3
    + ["textDocument/completion"] * 2
    + ["textDocument/references", "textDocument/documentHighlight", "textDocument/documentSymbol", "workspace/symbol"]
)


class Document:
    def __init__(self, uri: str, text: str):
        self.uri, self.lines, self.version = uri, text.split("\n"), 1

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def random_position(self, rng: random.Random) -> tuple[int, int]:
        line = rng.randrange(len(self.lines))
        return line, rng.randint(0, len(self.lines[line]))

    def apply(self, start: tuple[int, int], end: tuple[int, int], new: str) -> None:
        """The edit as the server applies it (positions in UTF-16 units = code points here: BMP text)."""
        before = self.lines[start[0]][: start[1]]
        after = self.lines[end[0]][end[1] :]
        self.lines[start[0] : end[0] + 1] = (before + new + after).split("\n")


def random_edit(rng: random.Random, document: Document) -> dict:
    line, character = document.random_position(rng)
    if rng.random() < 0.35 and document.lines[line]:
        end = (line, rng.randint(character, len(document.lines[line])))  # delete within a line
        new = ""
    elif rng.random() < 0.1 and line + 1 < len(document.lines):
        end = (line + 1, 0)  # join two lines
        new = ""
    else:
        end = (line, character)
        new = rng.choice(FRAGMENTS)
    document.apply((line, character), end, new)
    document.version += 1
    return {
        "range": {"start": {"line": line, "character": character}, "end": {"line": end[0], "character": end[1]}},
        "text": new,
    }


def request_params(rng: random.Random, method: str, document: Document) -> dict:
    if method == "workspace/symbol":
        return {"query": rng.choice(["", "mem", "Add", "sha", "·", "x"])}
    params: dict = {"textDocument": {"uri": document.uri}}
    if method != "textDocument/documentSymbol":
        line, character = document.random_position(rng)
        params["position"] = {"line": line, "character": character}
    if method == "textDocument/references":
        params["context"] = {"includeDeclaration": True}
    return params


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def pick_files(workspace: str, count: int, rng: random.Random) -> list[str]:
    found = []
    for directory, subdirectories, names in os.walk(workspace):
        subdirectories[:] = sorted(d for d in subdirectories if d not in ("testdata", "vendor") and d[0] != ".")
        found += [os.path.join(directory, n) for n in sorted(names) if n.endswith(".s")]
    sized = [p for p in found if 2_000 <= os.path.getsize(p) <= 60_000] or found
    return rng.sample(sized, min(count, len(sized)))


def diagnostics_of(server: StdioServer, uri: str, version: int) -> tuple[float, list] | None:
    with server.cond:
        for message in server.notifications:
            params = message["params"] if message["method"] == "textDocument/publishDiagnostics" else None
            if params and params["uri"] == uri and params.get("version") == version:
                return message["_arrived"], params["diagnostics"]
    return None


def resident_mb(server: StdioServer) -> float:
    for line in Path(f"/proc/{server.proc.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(server: StdioServer) -> float:
    fields = Path(f"/proc/{server.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def soak(workspace: str, seconds: float, files: int, window: float, seed: int) -> dict:
    rng = random.Random(seed)
    report: dict = {"workspace": workspace, "seconds": seconds, "seed": seed, "windows": [], "failures": []}
    with StdioServer() as server:
        started = time.perf_counter()
        server.initialize(Path(workspace), capabilities={"window": {"workDoneProgress": True}})
        server.notification("$/progress", lambda p: p["value"]["kind"] == "end")
        report["index_seconds"] = round(time.perf_counter() - started, 1)
        documents = []
        for path in pick_files(workspace, files, rng):
            text = Path(path).read_text(encoding="utf-8")
            documents.append(Document(server.open(Path(path), text), text))
        for document in documents:
            server.diagnostics(document.uri, 1)
        report["rss_start_mb"] = resident_mb(server)
        deadline = time.perf_counter() + seconds
        edits: list[tuple[float, str, int]] = []  # (sent, uri, version)
        while time.perf_counter() < deadline:
            window_end = min(deadline, time.perf_counter() + window)
            latencies: list[float] = []
            window_edits: list[tuple[float, str, int]] = []
            while time.perf_counter() < window_end:
                document = rng.choice(documents)
                if rng.random() < 0.4:
                    change = random_edit(rng, document)
                    server.change(document.uri, document.version, [change])
                    window_edits.append((time.perf_counter(), document.uri, document.version))
                    continue
                method = rng.choice(REQUESTS)
                sent = time.perf_counter()
                message = server.request(method, request_params(rng, method, document))
                latencies.append(message["_arrived"] - sent)
                if "error" in message:
                    report["failures"].append(f"{method}: {message['error']}")
            published = [
                found[0] - sent
                for sent, uri, version in window_edits
                if (found := diagnostics_of(server, uri, version)) is not None
            ]
            edits += window_edits
            row = {
                "t": round(time.perf_counter() - started),
                "requests": len(latencies),
                "p50_ms": percentile(latencies, 0.5) * 1000,
                "p95_ms": percentile(latencies, 0.95) * 1000,
                "max_ms": max(latencies, default=float("nan")) * 1000,
                "edits": len(window_edits),
                "diagnostics_p95_ms": percentile(published, 0.95) * 1000,
                "rss_mb": resident_mb(server),
            }
            report["windows"].append(row)
            print(
                "t={t:5}s  requests {requests:5}  p50 {p50_ms:7.1f} ms  p95 {p95_ms:7.1f} ms  max {max_ms:7.1f} ms  "
                "edits {edits:4}  diagnostics p95 {diagnostics_p95_ms:8.1f} ms  rss {rss_mb:6.1f} MiB".format(**row),
                flush=True,
            )
        report["rss_end_mb"] = resident_mb(server)
        report["edits"] = len(edits)
        report["requests"] = sum(w["requests"] for w in report["windows"])
        report["mismatches"] = final_check(server, documents)
        report["cpu_seconds"] = cpu_seconds(server)
    return report


def final_check(server: StdioServer, documents: list[Document]) -> list[str]:
    """Each document's last diagnostics equal those of its text sent whole."""
    mismatches = []
    for document in documents:
        last = server.diagnostics(document.uri, document.version)
        document.version += 1
        server.change(document.uri, document.version, [{"text": document.text}])
        if server.diagnostics(document.uri, document.version) != last:
            mismatches.append(document.uri)
    return mismatches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workspace", default=None, help="default: $GOROOT/src")
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--files", type=int, default=12)
    parser.add_argument("--window", type=float, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="write the report here")
    arguments = parser.parse_args()
    workspace = arguments.workspace or os.path.join(find_goroot() or sys.exit("no GOROOT found"), "src")
    report = soak(os.path.abspath(workspace), arguments.seconds, arguments.files, arguments.window, arguments.seed)
    print(
        f"{report['requests']} requests and {report['edits']} edits in {arguments.seconds:g} s "
        f"(index {report['index_seconds']} s); memory {report['rss_start_mb']:.1f} MiB at start, "
        f"{report['rss_end_mb']:.1f} MiB at the end; server CPU {report['cpu_seconds']:.0f} s"
    )
    for failure in report["failures"][:10]:
        print("failed:", failure)
    for uri in report["mismatches"]:
        print("text drifted (diagnostics differ after a whole-text resend):", uri)
    if arguments.json:
        Path(arguments.json).write_text(json.dumps(report, indent=1))
    return 1 if report["failures"] or report["mismatches"] else 0


if __name__ == "__main__":
    sys.exit(main())
