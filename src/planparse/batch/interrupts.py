"""Cleanup that a second Ctrl-C must not cut short."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def sigint_held() -> Iterator[None]:
    """Ignore Ctrl-C while workers are stopped and temporary files removed, so the cleanup finishes.

    A user who presses Ctrl-C twice wants out, not a folder of temporary files
    and orphaned workers; the cleanup takes a few seconds at most.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
