"""Long work that gives way to urgent work.

The server runs everything on one engine thread (asm_ls.lsp.scheduler). A
whole check of a 136k-line file takes a second or two; run at once, it held
up the keystroke typed meanwhile and the hover asked. So the long loops of
reading and checking call `checkpoint()`, which, while the thread runs work
that may give way and something more urgent waits, raises GaveWay; the
scheduler runs the urgent work, then the long one again from the start
(what it had made is cached, or read again: no state is left half made, as
checkpoints sit between whole steps). Elsewhere (the CLI, tests) a
checkpoint does nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class GaveWay(BaseException):
    """Raised by a checkpoint: more urgent work waits. (Not an Exception: the
    handlers that turn a check's failure into a diagnostic must let it by.)"""


_state = threading.local()


def checkpoint() -> None:
    flag = getattr(_state, "flag", None)
    if flag is not None and flag.is_set():
        raise GaveWay


@contextmanager
def giving_way(flag: threading.Event) -> Iterator[None]:
    """Checkpoints in this thread raise GaveWay once flag is set."""
    _state.flag = flag
    try:
        yield
    finally:
        _state.flag = None
