"""The engine's one worker thread, taking work by urgency rather than by arrival.

An editor sends several requests with each keystroke: Neovim asks for the
whole file's semantic tokens and inlay hints after every change, VS Code for
code actions and document symbols. On a 100,000-line file those take longer
than the keystroke's own quick check; first come first served, the
diagnostics of the text being typed waited behind them for seconds. Here the
keystroke's work goes first, then what the cursor asks, then whole-document
requests, and last the whole check that confirms a quick one.

Urgency picks what runs next. Work from CHECK on (whole checks, whole
documents) also gives way while it runs: when something more urgent is
queued, its next checkpoint raises (asm_ls.interrupt) and it waits again,
behind that, to run from the start; short work is never interrupted (the
engine's caches are not thread-safe: one thing runs at a time). So that the
requests an editor sends with a keystroke do not start before the
keystroke's own check is queued, the server holds what the cursor and the
document ask while it queues it (hold, release). Among equals, first come
first served. A request cancelled while it waits is dropped
(asyncio.wrap_future cancels the queued future)."""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from enum import IntEnum
from typing import Any

from asm_ls.interrupt import GaveWay, giving_way


class Urgency(IntEnum):
    """What runs first on the engine thread (lowest first)."""

    BOOKKEEPING = 0  # forgetting a changed file, reading a buffer: before anything reads it
    COMPLETION = 1  # completion and signature help: sent with the keystroke, expected at once
    KEYSTROKE = 2  # the quick check of an edit
    CURSOR = 3  # hover, definition, references...: one position
    CHECK = 4  # a whole check of a text no check has seen (an opened file, an edit the quick check declined)
    DOCUMENT = 5  # the whole document: semantic tokens, inlay hints, symbols, folding
    CONFIRM = 6  # the whole check confirming a quick one once typing pauses


GIVES_WAY = Urgency.CHECK  # work this urgent or less gives way to more urgent work
HOLD_SECONDS = 0.25  # the longest a hold keeps work waiting, should its release never come


class Scheduler:
    """A single worker thread with a priority queue of work."""

    def __init__(self, name: str) -> None:
        self._queue: list[tuple[int, int, Future, Callable[..., Any], tuple]] = []
        self._order = itertools.count()
        self._ready = threading.Condition()
        self._held_until = 0.0  # (time.monotonic) work from CURSOR on waits until then
        self._running: int | None = None  # the urgency of the work running
        self._give_way = threading.Event()  # set when it should (asm_ls.interrupt)
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    def submit(self, urgency: Urgency, function: Callable[..., Any], *args: Any) -> Future:
        future: Future = Future()
        with self._ready:
            heapq.heappush(self._queue, (int(urgency), next(self._order), future, function, args))
            if self._running is not None and self._running >= GIVES_WAY and urgency < self._running:
                self._give_way.set()
            self._ready.notify()
        return future

    def hold(self) -> None:
        """Keep what the cursor and the document ask waiting (a keystroke's
        check is about to be queued), until release or HOLD_SECONDS."""
        with self._ready:
            self._held_until = time.monotonic() + HOLD_SECONDS

    def release(self) -> None:
        with self._ready:
            self._held_until = 0.0
            self._ready.notify()

    def _work(self) -> None:
        while True:
            with self._ready:
                while True:
                    held = self._held_until - time.monotonic()
                    if self._queue and (held <= 0 or self._queue[0][0] < Urgency.CURSOR):
                        break
                    self._ready.wait(held if held > 0 else None)
                job = heapq.heappop(self._queue)
                urgency, _, future, function, args = job
                if future.cancelled():
                    continue  # cancelled while it waited
                self._running = urgency
                self._give_way.clear()
            # (The future stays pending while it runs: work that gives way waits again, cancellable.)
            try:
                if urgency >= GIVES_WAY:
                    with giving_way(self._give_way):
                        result = function(*args)
                else:
                    result = function(*args)
            except GaveWay:
                with self._ready:
                    heapq.heappush(self._queue, job)  # behind what is more urgent, ahead of its equals
                continue
            except BaseException as error:  # handed to whoever awaits it
                _settle(future, error=error)
            else:
                _settle(future, result=result)
            finally:
                with self._ready:
                    self._running = None


def _settle(future: Future, result: Any = None, error: BaseException | None = None) -> None:
    """The future's outcome, unless it was cancelled while its work ran."""
    try:
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)
    except InvalidStateError:
        pass  # cancelled meanwhile: nobody waits for it
