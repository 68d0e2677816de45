"""The decompression-bomb limit, shared by both backends' stream guards.

A council plan never comes near it; a batch of thousands of downloads
always holds something that does, and one file must not stall the night. A
page whose content, form or font streams inflate past MAX_INFLATED is a
decompression bomb: a 1 MB file can ask for gigabytes. The guards measure
each stream by inflating it in steps, before the PDF library inflates it in
one go.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from planparse.errors import InputError

MAX_INFLATED = 64 << 20  # a page stream inflating past this is a decompression bomb (bytes)
_INFLATE_STEP = 1 << 20


def bounded_inflate(data: bytes) -> tuple[bytes, int]:
    """zlib-inflate at most MAX_INFLATED + one step; returns (bytes, size), size > MAX_INFLATED meaning 'bomb'."""
    d = zlib.decompressobj()
    parts: list[bytes] = []
    total = 0
    buf = data
    while buf and not d.eof:
        chunk = d.decompress(buf, _INFLATE_STEP)
        total += len(chunk)
        if total > MAX_INFLATED:
            return b"", total
        parts.append(chunk)
        buf = d.unconsumed_tail
    if not d.eof:
        tail = d.flush()
        total += len(tail)
        parts.append(tail)
    return b"".join(parts), total


def inflated_size(data: bytes, flate: Iterable[bool]) -> int:
    """Bytes ``data`` inflates to through its filters (``flate``: each filter in order, True for Flate).

    Inflated in steps and stopped past MAX_INFLATED; a filter other than
    Flate (LZW, ASCII85 ...) ends the count, its output is not measured.
    """
    size = len(data)
    for is_flate in flate:
        if not is_flate:
            break
        data, size = bounded_inflate(data)
        if size > MAX_INFLATED:
            break
    return size


def bomb(name: str, number: int) -> InputError:
    """The error for a bomb on page ``number`` of ``name``."""
    return InputError("DecompressionBomb", f"{name}: a stream on page {number} inflates past "
                                           f"{MAX_INFLATED >> 20} MB (decompression bomb?); refused")
