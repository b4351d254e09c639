"""The last answer typed reaches the draft before the app ends on SIGHUP or SIGTERM.

A number or text answer is written to the draft when it is committed or after half a second
without typing (`Session.flush_draft`). Closing the terminal (SIGHUP) or `kill` (SIGTERM) must not
lose that half-second: while the app runs, each of these signals first writes what is pending,
then ends the process by the signal's default action, as it did before (exit status -SIGHUP or
-SIGTERM). A signal already ignored (the app run under `nohup`) stays ignored. SIGKILL cannot be
caught: then at most the last half-second of typing is lost.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

#: The signals that end the app and are worth a last write.
SIGNALS = tuple(s for s in (getattr(signal, "SIGHUP", None), signal.SIGTERM) if s is not None)


@contextlib.contextmanager
def flush_before_signals(flush: Callable[[], None]) -> Iterator[None]:
    """Run the block with SIGHUP and SIGTERM calling `flush` before they end the process."""

    def flush_and_end(signum: int, frame: FrameType | None) -> None:
        try:
            flush()
        finally:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)

    previous: dict[int, Callable[[int, FrameType | None], Any] | int | signal.Handlers | None] = {}
    for sig in SIGNALS:
        if signal.getsignal(sig) == signal.SIG_DFL:
            previous[sig] = signal.signal(sig, flush_and_end)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
