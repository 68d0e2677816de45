"""What the PDF libraries log while a file is read: kept off the user's terminal, turned into plan warnings.

pdfminer reports damage it works around ("Data-loss while decompressing
corrupted data", unparsable font boxes) through ``logging`` and configures no
handler, so in a program that configures none either (the CLI, a worker
process) Python's last-resort handler prints each record raw to stderr, in
the middle of the batch's output and with no file name. While a read runs, a
handler on the libraries' loggers collects the records of this thread instead:
they still propagate to any handler the application set up (the ``logging``
log), and they end up in the plan's ``warnings``, where the manifest counts
them.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

LIBRARY_LOGGERS = ("pdfminer", "pdfplumber", "pikepdf")
MAX_WARNINGS = 5  # distinct messages kept per document; a damaged stream can log the same thing per glyph
_MESSAGE_MAX = 200


class LibraryLog(logging.Handler):
    """Distinct WARNING-or-worse messages logged by one thread, with how often each came."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.counts: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return  # another document read at the same time in a threaded worker (Dask): not ours
        try:
            text = " ".join(record.getMessage().split())
        except Exception:  # noqa: BLE001 - a record whose arguments do not format must not fail the read
            text = str(record.msg)
        library = record.name.split(".")[0]
        key = f"{library}: {text[:_MESSAGE_MAX]}"
        self.counts[key] = self.counts.get(key, 0) + 1

    def warnings(self) -> list[str]:
        """Plan warnings, most frequent first: 'pdfminer reported: ... (12 times)'."""
        ranked = sorted(self.counts.items(), key=lambda kv: -kv[1])
        out = [f"{key.replace(': ', ' reported: ', 1)}" + (f" ({n} times)" if n > 1 else "")
               for key, n in ranked[:MAX_WARNINGS]]
        if len(ranked) > MAX_WARNINGS:
            rest = sum(n for _, n in ranked[MAX_WARNINGS:])
            out.append(f"the PDF libraries reported {rest} more problems of {len(ranked) - MAX_WARNINGS} other kinds")
        return out


@contextlib.contextmanager
def library_log() -> Iterator[LibraryLog]:
    """Collect the PDF libraries' log records of this thread for the duration of the block."""
    handler = LibraryLog()
    loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
