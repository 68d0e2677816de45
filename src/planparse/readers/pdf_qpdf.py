"""qpdf's view of the file for the pdfium backend: damage to repair, and decompression bombs.

pdfium rebuilds a damaged file silently, so read alone it would convert a
broken PDF with no warning. The file is opened with qpdf (pikepdf) first,
which is also what the repair pass runs: what qpdf complains about, on
opening or while a page's objects are walked, sends the file to repair
(``Damaged``), the way a pdfminer failure does for the pdfplumber backend.
Each page's content, form and font streams are measured before pdfium
reads the page (see pdf_guard), and a compressed stream zlib finds damaged
becomes a warning, as pdfminer's complaint about one does.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from planparse.errors import InputError
from planparse.readers.pdf_guard import MAX_INFLATED, bomb, inflated_size
from planparse.readers.pdf_objects import Damaged

_MAX_STREAMS = 2000  # streams looked at per page: more is itself a sign of a hostile file
_FLATE = ("/FlateDecode", "/Fl")
_MAX_WARNINGS = 5
# what qpdf fixes in passing without anything being lost: not worth a repair pass and a "damaged" warning
_HARMLESS = ("Resources is missing or invalid",)


def _one_line(text: str, limit: int = 200) -> str:
    """qpdf's message without the file path it starts with, on one line."""
    return " ".join(str(text).split(": ", 1)[-1].split())[:limit]


class QpdfGuard:
    """The file open in qpdf: page count, damage and decompression bombs, checked before pdfium reads a page."""

    def __init__(self, source: Path | bytes, name: str, password: str | None) -> None:
        self._source = source
        self._name = name
        self._password = password
        self._strict = isinstance(source, Path)  # qpdf's own rebuild: what qpdf still says of it is not damage
        self._pdf = self._load()
        self._checked: set[tuple[int, int]] = set()
        self.warnings: list[str] = []  # streams zlib could not inflate cleanly (pdfium reads what it can of them)

    def _load(self) -> Any:
        import pikepdf

        source = self._source if isinstance(self._source, Path) else io.BytesIO(self._source)
        try:
            return pikepdf.open(source, password=self._password or "")
        except pikepdf.PasswordError:
            raise InputError("EncryptedPDF", f"{self._name} is encrypted; pass the password (--password)") from None
        except Exception as exc:  # noqa: BLE001 - qpdf cannot open it at all: the repair pass will say so too
            raise Damaged(InputError("CorruptPDF", f"{self._name} is not a readable PDF ({_one_line(str(exc))})"),
                          True) from None

    def reopen(self) -> None:
        """Drop qpdf's cache of every object it has parsed (it grew by 25 MB over 1,000 pages) by opening again."""
        self._pdf.close()
        self._pdf = self._load()
        list(self._pdf.get_warnings())  # said, and judged, when the file was first opened

    @classmethod
    def open(cls, source: Path | io.BytesIO, name: str, password: str | None) -> QpdfGuard:
        """The file at ``source``; bytes in memory are qpdf's rebuild of a damaged file (the repair pass)."""
        guard = cls(source if isinstance(source, Path) else source.getvalue(), name, password)
        pdf = guard._pdf
        try:
            len(pdf.pages)  # walks the page tree: a broken xref shows here
            guard._raise_on_warnings()
        except BaseException:
            guard.close()
            raise
        return guard

    def _raise_on_warnings(self) -> None:
        warnings = [w for w in self._pdf.get_warnings() if not any(h in w for h in _HARMLESS)]
        if warnings and self._strict:
            raise Damaged(InputError("CorruptPDF", f"{self._name} is damaged: {_one_line(warnings[0])}"), True)

    def check_page(self, index: int) -> None:
        """Refuse a bomb on page ``index``; send the file to repair if qpdf finds damage among its objects."""
        try:
            streams = _page_streams(self._pdf.pages[index].obj)
        except Exception as exc:  # noqa: BLE001 - a page qpdf cannot walk: damage, for the repair pass
            raise Damaged(InputError("CorruptPDF", f"{self._name} is damaged: {type(exc).__name__}: "
                                                   f"{_one_line(str(exc))}"), True) from None
        for stream in streams:
            key = stream.objgen if stream.objgen != (0, 0) else (id(stream), -1)
            if key in self._checked:
                continue
            self._checked.add(key)
            try:
                size = _inflated_size(stream)
            except zlib.error as exc:
                if len(self.warnings) < _MAX_WARNINGS:
                    self.warnings.append(f"a compressed stream on page {index + 1} is damaged ({exc}); "
                                         "what could be decompressed was read, so check the output")
                continue
            except Exception:  # noqa: BLE001 - a stream qpdf cannot hand over is pdfium's to read as it can
                continue
            if size > MAX_INFLATED:
                raise bomb(self._name, index + 1)
        self._raise_on_warnings()

    def page_dict(self, index: int) -> Any | None:
        """qpdf's page dictionary (for its fonts), or None if qpdf cannot give it."""
        try:
            return self._pdf.pages[index].obj
        except Exception:  # noqa: BLE001 - only the fallback for unmapped letters is lost
            return None

    def close(self) -> None:
        self._pdf.close()


def page_resources(page: Any, depth_limit: int = 16) -> Iterator[Any]:
    """The /Resources of a pikepdf page and of every form it draws, nested forms included, each once.

    A form drawing itself (or one deeper than ``depth_limit``) is a loop a
    hostile file sets; the walk stops there.
    """
    import pikepdf

    todo: list[tuple[Any, int]] = [(page.get("/Resources"), 0)]
    seen: set[tuple[int, int]] = set()
    while todo:
        res, depth = todo.pop()
        if not isinstance(res, pikepdf.Dictionary) or depth > depth_limit:
            continue
        key = res.objgen if res.objgen != (0, 0) else (id(res), -1)
        if key in seen:
            continue
        seen.add(key)
        yield res
        todo.extend((x.get("/Resources"), depth + 1) for x in forms(res))


def forms(resources: Any) -> list[Any]:
    """The form XObjects a /Resources dictionary names."""
    import pikepdf

    xobjects = resources.get("/XObject")
    return [x for x in (xobjects.values() if isinstance(xobjects, pikepdf.Dictionary) else [])
            if isinstance(x, pikepdf.Stream) and x.get("/Subtype") == pikepdf.Name.Form]


def _page_streams(page: Any) -> list[Any]:
    """Content streams, form XObjects (nested), fonts' ToUnicode/CMap and embedded font files of one page."""
    import pikepdf

    contents = page.get("/Contents")
    parts = contents if isinstance(contents, pikepdf.Array) else [contents]
    out: list[Any] = [c for c in parts if isinstance(c, pikepdf.Stream)]
    for res in page_resources(page):
        if len(out) >= _MAX_STREAMS:
            break
        out += forms(res)
        fonts = res.get("/Font")
        for font in (fonts.values() if isinstance(fonts, pikepdf.Dictionary) else []):
            if not isinstance(font, pikepdf.Dictionary):
                continue
            descendants = font.get("/DescendantFonts")
            members = [font] + (list(descendants) if isinstance(descendants, pikepdf.Array) else [])
            for part in members:
                if not isinstance(part, pikepdf.Dictionary):
                    continue
                descriptor = part.get("/FontDescriptor")
                candidates = [part.get("/ToUnicode"), part.get("/Encoding")]
                if isinstance(descriptor, pikepdf.Dictionary):
                    candidates += [descriptor.get(k) for k in ("/FontFile", "/FontFile2", "/FontFile3")]
                out += [s for s in candidates if isinstance(s, pikepdf.Stream)]
    return out


def _inflated_size(stream: Any) -> int:
    """Bytes the stream's Flate filters inflate to, counted in steps and stopped past MAX_INFLATED."""
    import pikepdf

    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)] if filters else []
    return inflated_size(stream.read_raw_bytes(), (f in _FLATE for f in names))
