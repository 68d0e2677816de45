"""Readers: one per input format, each returning the same Layout."""

from __future__ import annotations

from pathlib import Path

from planparse.errors import InputError
from planparse.layout import Layout
from planparse.readers.text import read_text


def read(path: Path, password: str | None = None, max_pages: int | None = None) -> Layout:
    """Pick the reader from the file's bytes first and its name second."""
    if not path.exists():
        raise InputError("NotFound", f"{path} does not exist")
    if path.is_dir():
        raise InputError("NotAFile", f"{path} is a directory")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF" in head:
        from planparse.readers.pdf import read_pdf

        return read_pdf(path, password=password, max_pages=max_pages)
    if path.suffix.lower() == ".pdf":
        if not head.strip():
            raise InputError("EmptyInput", f"{path.name} is empty")
        kind = "HTML" if head.lstrip()[:1] == b"<" else "not a PDF"
        raise InputError("NotAPDF", f"{path.name} is named .pdf but is {kind} (no %PDF header)")
    if head.startswith(b"PK\x03\x04"):
        raise InputError("UnsupportedFormat", f"{path.name} is a ZIP/Office file; export it as text or PDF")
    return read_text(path)
