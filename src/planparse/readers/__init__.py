"""Readers: one per input format, each returning the same Layout."""

from __future__ import annotations

from pathlib import Path

from planparse.errors import InputError
from planparse.layout import Layout
from planparse.readers.text import read_text

TEXT_SUFFIXES = {".txt", ".text", ".md", ".tsv", ""}


def read(path: Path) -> Layout:
    """Pick the reader from the file's bytes first and its name second."""
    if not path.exists():
        raise InputError("NotFound", f"{path} does not exist")
    if path.is_dir():
        raise InputError("NotAFile", f"{path} is a directory")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if head.startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        raise InputError("UnsupportedFormat", f"{path.name}: PDF input is not supported yet (text exports only)")
    if head.startswith(b"PK\x03\x04"):
        raise InputError("UnsupportedFormat", f"{path.name} is a ZIP/Office file; export it as text or PDF")
    return read_text(path)
