"""Bytes -> str for text plans, refusing binaries and guessing legacy encodings.

Council exports arrive as UTF-8, UTF-8 with a BOM, UTF-16 from Windows tools,
or cp1252 from older Office installs. Detection uses charset-normalizer rather
than a hand-made table of byte patterns.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from planparse.errors import InputError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode_text(data: bytes, path: Path | None = None) -> tuple[str, str]:
    """Return (text, encoding name) or raise InputError with a one-line reason."""
    name = path.name if path else "input"
    if not data.strip():
        raise InputError("EmptyInput", f"{name} is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        text = data.decode(encoding, errors="replace")
        if _text_control_ratio(text[:4096]) <= 0.05:
            return text, encoding
        raise InputError("BinaryInput", f"{name} looks like a binary file, not a text plan")
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.05:
        raise InputError("BinaryInput", f"{name} looks like a binary file, not a text plan")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 is what council exports that are not UTF-8 almost always are; where every byte
        # is defined in it, take it rather than let a detector pick a rarer code page (mac_roman).
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["latin_1", "mac_roman", "cp850", "cp437"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    return data.decode(encoding, errors="replace"), encoding


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    zeros_odd = sample[1::2].count(0)
    zeros_even = sample[0::2].count(0)
    half = len(sample) / 2
    return max(zeros_odd, zeros_even) > 0.4 * half and min(zeros_odd, zeros_even) < 0.05 * half


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(sample)


def _text_control_ratio(text: str) -> float:
    """Share of characters no text plan has: controls, replacement marks, unassigned code points."""
    if not text:
        return 0.0
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd" or 0xD800 <= ord(c) <= 0xF8FF)
    return bad / len(text)
