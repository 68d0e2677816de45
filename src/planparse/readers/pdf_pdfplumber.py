"""The pdfplumber backend: PDF pages -> PageContent through pdfplumber (pdfminer), the reference reader.

Slower than pdfium (pdfminer interprets the page in Python and pdfplumber
turns each of its objects into a dict) but the one the layout code was
first written against, so the pdfium backend is checked against it, and it
draws the pages ``planparse show --page`` renders.

Opening is careful about hostile files: the page tree's /Count is read
without building a Page per page, only the first ``max_pages`` pages are
built when that is all that will be read, and each page's streams are
measured before pdfminer inflates them (a decompression bomb is refused).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from planparse.errors import InputError
from planparse.readers.pdf_guard import MAX_INFLATED, bomb, inflated_size
from planparse.readers.pdf_objects import Char, Damaged, PageContent, Shape, Word, to_rgb
from planparse.text_norm import collapse

_MAX_STREAMS = 2000


def open_pdfplumber(source: Path | io.BytesIO, name: str, password: str | None,
                    max_pages: int | None) -> PlumberDocument:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(source, password=password or "")
    except PDFPasswordIncorrect:
        raise InputError("EncryptedPDF", f"{name} is encrypted; pass the password (--password)") from None
    except PDFSyntaxError as exc:
        raise Damaged(InputError("CorruptPDF", f"{name} is not a readable PDF ({exc})"), True) from None
    except Exception as exc:  # pdfminer raises many types on damaged files; pdfplumber wraps some
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, PDFPasswordIncorrect) or "password" in repr(inner).lower():
            raise InputError("EncryptedPDF", f"{name} is encrypted; pass the password (--password)") from None
        raise Damaged(InputError("CorruptPDF", f"{name} is damaged: {type(inner).__name__}: {inner}"),
                      True) from None
    return PlumberDocument(pdf, name, max_pages)


class PlumberDocument:
    """A PDF open in pdfplumber, read one page at a time (see PdfDocument in pdf_objects)."""

    def __init__(self, pdf: Any, name: str, max_pages: int | None) -> None:
        self._pdf = pdf
        self._name = name
        self._max_pages = max_pages
        self._pages: list[Any] = []
        # pages built here rather than by pdf.pages (see close); None once pdf.pages has built them all
        self._built: list[Any] | None = []
        self._checked: set[int] = set()
        self.warnings: list[str] = []
        if any(type(x).__name__ == "PDFXRefFallback" for x in pdf.doc.xrefs):
            self.warnings.append("the PDF's cross-reference table is damaged; its objects were found by scanning "
                                 "the file, so check the output")

    def declared_pages(self) -> int | None:
        """The page tree's /Count: known without building a Page for each of 10,000 pages."""
        from pdfminer.pdftypes import resolve1

        try:
            count = resolve1(resolve1(self._pdf.doc.catalog["Pages"])["Count"])
            return count if isinstance(count, int) and count >= 0 else None
        except Exception:  # noqa: BLE001 - no usable /Count: pdfplumber counts the pages itself
            return None

    def open_pages(self, max_pages: int | None) -> tuple[int, int]:
        """(pages in the document, pages built to read): only the first max_pages are built when that is all."""
        declared = self.declared_pages()
        try:
            if max_pages is not None and declared is not None and declared > max_pages:
                self._pages = self._built = self._first_pages(max_pages)
                return declared, len(self._pages)
            self._built = None
            self._pages = self._pdf.pages
            return len(self._pages), len(self._pages)
        except Exception as exc:  # noqa: BLE001 - a broken page tree
            raise Damaged(InputError("CorruptPDF", f"{self._name} is damaged: {type(exc).__name__}: {exc}"),
                          True) from None

    def _first_pages(self, n: int) -> list[Any]:
        """pdfplumber Pages for the first n pages only, built the way pdf.pages builds them (it builds all)."""
        from pdfminer.pdfpage import PDFPage
        from pdfplumber.page import Page

        pages: list[Any] = []
        doctop = 0.0
        for i, page_obj in enumerate(PDFPage.create_pages(self._pdf.doc)):
            if i >= n:
                break
            page = Page(self._pdf, page_obj, page_number=i + 1, initial_doctop=doctop)
            pages.append(page)
            doctop += page.height
        return pages

    def metadata_title(self) -> str | None:
        try:
            title = self._pdf.metadata.get("Title")
        except Exception:  # noqa: BLE001 - a broken info dictionary loses only this hint
            return None
        if isinstance(title, bytes):
            from pdfminer.utils import decode_text

            title = decode_text(title)
        return title if isinstance(title, str) and title else None

    def outline(self) -> list[tuple[int, str]]:
        try:
            return [(level, collapse(title)) for level, title, *_ in self._pdf.doc.get_outlines() if title]
        except Exception:  # noqa: BLE001 - no outline, or a broken one: headings come from fonts instead
            return []

    def page(self, index: int) -> PageContent:
        """Read page ``index`` (from 0) once its streams are measured, and drop pdfplumber's caches of it."""
        page = self._pages[index]
        _guard_streams(page.page_obj, self._checked, self._name, index + 1)
        try:
            return page_content(page)
        finally:
            page.close()

    def close(self) -> None:
        try:
            self._close(self._built)
        except Exception:  # noqa: BLE001 - pdf.close() builds every page again, so a broken page tree
            self._close([])  # fails here too and would hide the first error; close just the file instead

    def _close(self, built: list[Any] | None) -> None:
        """pdf.close(), except when only some pages were built: pdfplumber's close() builds all of them first."""
        if built is None:
            self._pdf.close()
            return
        for page in built:
            page.close()
        if not self._pdf.stream_is_external:
            self._pdf.stream.close()


def page_content(page: Any) -> PageContent:
    """PageContent of one pdfplumber page."""
    chars = page.chars
    content = PageContent(width=float(page.width), height=float(page.height), chars=len(chars))
    if not chars:
        return content
    content.words = [
        Word(text=w["text"], x0=w["x0"], x1=w["x1"], top=w["top"], bottom=w["bottom"], size=w["size"],
             fontname=w["fontname"], upright=True)
        for w in page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, x_tolerance=1.5)
        if w.get("upright", True)]
    content.turned = [
        Char(text=c["text"], x0=c["x0"], x1=c["x1"], top=c["top"], bottom=c["bottom"], size=c.get("size", 0.0),
             fontname=c.get("fontname", ""), upward=(c.get("matrix") or (0, 1))[1] > 0)
        for c in chars if not c.get("upright", True)]
    content.rects = [_shape("rect", r) for r in page.rects]
    content.lines = [_shape("line", r) for r in page.lines]
    content.curves = [_shape("curve", r) for r in page.curves]
    return content


def _shape(kind: Any, obj: dict[str, Any]) -> Shape:
    fill = to_rgb(obj.get("non_stroking_color")) if obj.get("fill") else None
    pts = tuple((float(x), float(y)) for x, y in obj.get("pts") or ())
    return Shape(kind, obj["x0"], obj["top"], obj["x1"], obj["bottom"], obj["width"], obj["height"], pts, fill,
                 bool(obj.get("stroke")))


def _guard_streams(page_obj: Any, checked: set[int], name: str, number: int) -> None:
    """Refuse a page whose content, form or font streams inflate past MAX_INFLATED.

    pdfminer inflates every stream it reads in one zlib call, so a 1 MB file
    can ask for gigabytes and minutes. Image streams are left alone: pdfplumber
    never inflates them. Anything odd in the page's dictionaries is left for
    pdfminer to judge: this guard only ever refuses a bomb.
    """
    try:
        streams = _page_streams(page_obj)
    except Exception:  # noqa: BLE001 - see docstring
        return
    for stream in streams:
        key = id(stream) if stream.objid is None else stream.objid
        if key in checked:
            continue
        checked.add(key)
        try:
            size = _inflated_size(stream)
        except Exception:  # noqa: BLE001 - a stream zlib cannot read is pdfminer's to report
            continue
        if size > MAX_INFLATED:
            raise bomb(name, number)


def _page_streams(page_obj: Any) -> list[Any]:
    """Content streams, form XObjects (nested), fonts' ToUnicode/CMap and embedded font files of one page."""
    from pdfminer.pdftypes import PDFStream, resolve1

    out: list[Any] = [s for s in (resolve1(c) for c in page_obj.contents) if isinstance(s, PDFStream)]
    todo: list[tuple[Any, int]] = [(page_obj.resources, 0)]
    seen: set[int] = set()
    while todo and len(out) < _MAX_STREAMS:
        res, depth = todo.pop()
        res = resolve1(res)
        if not isinstance(res, dict) or id(res) in seen or depth > 16:
            continue
        seen.add(id(res))
        xobjects = resolve1(res.get("XObject"))
        for x in (xobjects.values() if isinstance(xobjects, dict) else []):
            x = resolve1(x)
            if isinstance(x, PDFStream) and getattr(resolve1(x.get("Subtype")), "name", None) == "Form":
                out.append(x)
                todo.append((x.get("Resources"), depth + 1))
        fonts = resolve1(res.get("Font"))
        for font in (fonts.values() if isinstance(fonts, dict) else []):
            font = resolve1(font)
            if not isinstance(font, dict):
                continue
            parts = [font]
            descendants = resolve1(font.get("DescendantFonts"))
            parts += [resolve1(d) for d in descendants] if isinstance(descendants, list) else []
            for part in parts:
                if not isinstance(part, dict):
                    continue
                descriptor = resolve1(part.get("FontDescriptor"))
                candidates = [part.get("ToUnicode"), part.get("Encoding")]
                if isinstance(descriptor, dict):
                    candidates += [descriptor.get(k) for k in ("FontFile", "FontFile2", "FontFile3")]
                out += [s for s in (resolve1(c) for c in candidates) if isinstance(s, PDFStream)]
    return out


def _inflated_size(stream: Any) -> int:
    """Bytes the stream's Flate filters inflate to, counted in steps and stopped past MAX_INFLATED."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    if stream.data is not None:
        return len(stream.data)
    data = stream.rawdata or b""
    if stream.decipher and stream.objid is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    return inflated_size(data, (f in LITERALS_FLATE_DECODE for f, _params in stream.get_filters()))
