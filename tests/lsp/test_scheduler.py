"""The engine thread's scheduler: urgent work first, long work giving way at
its checkpoints and running again after, held work waiting for the keystroke."""

from __future__ import annotations

import threading
import time

from asm_ls.interrupt import checkpoint
from asm_ls.lsp.scheduler import Scheduler, Urgency


def long_work(started: threading.Event, log: list[str], steps: int = 400) -> str:
    started.set()
    log.append("long started")
    for _ in range(steps):
        checkpoint()
        time.sleep(0.002)
    log.append("long done")
    return "whole check"


def test_urgency_picks_what_runs_next():
    scheduler = Scheduler("test")
    gate = threading.Event()
    order: list[str] = []
    scheduler.submit(Urgency.KEYSTROKE, gate.wait)  # keeps the thread busy while the others queue
    futures = [
        scheduler.submit(urgency, order.append, name)
        for urgency, name in [(Urgency.CONFIRM, "confirm"), (Urgency.DOCUMENT, "tokens"), (Urgency.CURSOR, "hover")]
    ]
    futures.append(scheduler.submit(Urgency.COMPLETION, order.append, "completion"))
    gate.set()
    for future in futures:
        future.result(timeout=10)
    assert order == ["completion", "hover", "tokens", "confirm"]


def test_long_work_gives_way_and_runs_again_after():
    scheduler = Scheduler("test")
    started = threading.Event()
    log: list[str] = []
    whole = scheduler.submit(Urgency.CONFIRM, long_work, started, log)
    assert started.wait(10)
    asked = time.monotonic()
    hover = scheduler.submit(Urgency.CURSOR, lambda: log.append("hover") or time.monotonic())
    answered = hover.result(timeout=10)
    assert answered - asked < 0.2, "the hover did not wait for the whole check"
    assert whole.result(timeout=30) == "whole check"
    assert log == ["long started", "hover", "long started", "long done"]


def test_short_work_is_not_interrupted():
    scheduler = Scheduler("test")
    started = threading.Event()
    log: list[str] = []
    keystroke = scheduler.submit(Urgency.KEYSTROKE, long_work, started, log, 50)
    assert started.wait(10)
    completion = scheduler.submit(Urgency.COMPLETION, log.append, "completion")
    completion.result(timeout=10)
    keystroke.result(timeout=10)
    assert log == ["long started", "long done", "completion"]


def test_work_cancelled_after_giving_way_is_dropped():
    scheduler = Scheduler("test")
    started = threading.Event()
    log: list[str] = []
    whole = scheduler.submit(Urgency.CONFIRM, long_work, started, log)
    assert started.wait(10)
    gate = threading.Event()
    scheduler.submit(Urgency.KEYSTROKE, gate.wait)  # the edit that makes the whole check moot
    time.sleep(0.05)
    assert whole.cancel()  # (pending again once it gave way)
    gate.set()
    scheduler.submit(Urgency.CONFIRM, log.append, "next").result(timeout=10)
    assert log == ["long started", "next"]
