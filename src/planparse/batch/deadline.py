"""A per-document time limit where there is no worker process to kill: in this process, or in a Dask thread.

The process pool needs none of this: pebble stops a worker whose document
runs past its time limit and starts a fresh one. Without a process of its
own (``workers=0``; a Dask worker runs tasks in a thread pool) the only way
to stop a document is to raise in the thread that reads it. A timer thread
does that with ``PyThreadState_SetAsyncExc``, in any thread, main or not,
without touching the process's signal handlers. Neither Dask nor pebble
offers this, which is why it is here.
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
from collections.abc import Iterator


class DocumentTimeout(BaseException):
    """Raised in the reading thread when a document runs past its time limit.

    A BaseException, like KeyboardInterrupt, so that the readers' broad
    ``except Exception`` (one bad page must not lose the document) cannot
    swallow it and carry on with the next page.
    """


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in this thread after ``seconds`` (None or 0: no limit).

    The exception lands between two Python bytecodes, which is where slow
    documents spend their time; code stuck inside one C call is stopped only
    when it returns.
    """
    if not seconds:
        yield
        return
    target = threading.get_ident()
    lock = threading.Lock()
    armed = [True]

    def fire() -> None:
        with lock:
            if armed[0]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(DocumentTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            armed[0] = False
        timer.cancel()
