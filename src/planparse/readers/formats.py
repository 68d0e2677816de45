"""Which reader a file needs, from its first bytes first and its name second.

A file's name says what its author meant and its bytes what it is: a plan
saved as 'plan.pdf' that is really a web page, or a Word file renamed '.txt',
must go to the reader that can read it, or fail with a line that says what
it is. ZIP-based formats (Word, Excel, OpenDocument) are told apart by the
part names inside the archive.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from planparse.errors import InputError

READABLE = ("PDF, Word (.docx), OpenDocument text (.odt), web pages (.html), Excel (.xlsx), CSV and plain text "
            "(.txt)")
SUFFIXES = {
    ".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".odt": "odt", ".html": "html", ".htm": "html",
    ".xhtml": "html", ".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".tsv": "csv", ".txt": "text",
    ".text": "text", ".md": "text",
}
# what a file we cannot read is, by name, for the one line that says so
UNREADABLE = {
    ".doc": "an old binary Word file (.doc); save it as .docx or PDF",
    ".xls": "an old binary Excel file (.xls); save it as .xlsx or CSV",
    ".ppt": "a PowerPoint file", ".pptx": "a PowerPoint file", ".odp": "an OpenDocument presentation",
    ".ods": "an OpenDocument spreadsheet; save it as .xlsx or CSV", ".rtf": "a rich-text file; save it as .docx or PDF",
    ".png": "an image", ".jpg": "an image", ".jpeg": "an image", ".gif": "an image", ".tif": "an image",
    ".tiff": "an image", ".svg": "an image", ".zip": "a ZIP archive; unpack it first", ".msg": "an email",
    ".eml": "an email", ".json": "a JSON file", ".xml": "an XML file",
}
_ZIP_KINDS = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet; save it as .xlsx or CSV",
    "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation",
}
_MAGIC = {b"\x89PNG": "an image", b"\xff\xd8\xff": "an image", b"GIF8": "an image", b"II*\x00": "an image",
          b"MM\x00*": "an image", b"\xd0\xcf\x11\xe0": "an old binary Office file (.doc/.xls); save it as "
          ".docx, .xlsx or PDF", b"{\\rtf": "a rich-text file; save it as .docx or PDF"}


def unsupported(path: Path, what: str) -> InputError:
    return InputError("UnsupportedFormat", f"{path.name} is {what}; planparse reads {READABLE}")


def sniff(path: Path, head: bytes) -> str:
    """The reader for this file: pdf, docx, odt, html, xlsx, csv or text; or an UnsupportedFormat error."""
    suffix = path.suffix.lower()
    if not head.strip() and SUFFIXES.get(suffix) in ("docx", "odt", "xlsx"):
        raise InputError("EmptyInput", f"{path.name} is empty")
    if b"%PDF" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    for magic, what in _MAGIC.items():
        if head.startswith(magic) and suffix not in SUFFIXES:  # a '.txt' of binary stays BinaryInput
            raise unsupported(path, what)
    if SUFFIXES.get(suffix) in ("docx", "odt", "xlsx"):
        raise InputError("CorruptDocument", f"{path.name} is named {suffix} but is not one (it is not a ZIP "
                                            f"package); planparse reads {READABLE}")
    if suffix in UNREADABLE:
        raise unsupported(path, UNREADABLE[suffix])
    if suffix in (".html", ".htm", ".xhtml") or _looks_html(head):
        return "html"
    return SUFFIXES.get(suffix, "text")


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError("CorruptDocument", f"{path.name} is a damaged ZIP/Office package ({exc})") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        raise unsupported(path, "a PowerPoint file")
    kind = _ZIP_KINDS.get(mimetype)
    if kind == "odt":
        return "odt"
    raise unsupported(path, kind or "a ZIP archive that is not a Word, Excel or OpenDocument file")


def _looks_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html")) or (start.startswith(b"<?xml") and b"<html" in start)
