"""PDF plans -> Layout, with pdfplumber.

This module handles the document: opening (passwords, repair of damaged
files, hostile-input guards), reading each page with ``pdf_page.read_page``
(tables, reading order, paragraphs, footnotes), then the passes that need
every page: running headers and footers (text repeated at the same place on
most pages) become furniture, and headings are told from body text by font
size and weight, with levels from the PDF outline where there is one. Page
caches are released after each page so memory stays flat on long documents.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from planparse.errors import InputError
from planparse.layout import Block, Layout
from planparse.readers.pdf_page import read_page
from planparse.text_norm import collapse, fold

_PAGE_NO = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)
_NUMBERED = re.compile(r"^\d{1,2}(\.\d{1,2}){0,3}\.?\s+\S")
MARGIN = 0.09  # share of page height where running heads live


# Hostile-input guards. A council plan never comes near these; a batch of thousands of
# downloads always holds something that does, and one file must not stall the night.
MAX_PAGES = 5000  # more than this without max_pages: refused (TooManyPages) before any page is read
MAX_INFLATED = 64 << 20  # a page stream inflating past this is a decompression bomb (bytes)
_INFLATE_STEP = 1 << 20


class _Damaged(Exception):
    """The first read failed in a way a repair pass may fix; ``error`` is what to raise if it cannot."""

    def __init__(self, error: InputError, always_repair: bool) -> None:
        super().__init__(str(error))
        self.error = error
        self.always_repair = always_repair  # False: only worth it when qpdf itself finds damage


def read_pdf(path: Path, password: str | None = None, max_pages: int | None = None) -> Layout:
    """Read a PDF; a damaged one qpdf can rebuild (broken xref, truncated) is read again, with a warning."""
    try:
        return _read_pdf(path, path.name, password, max_pages)
    except _Damaged as damaged:
        repaired = _repair(path, password)
        if repaired is None:
            raise damaged.error from None
        data, note = repaired
        if not note and not damaged.always_repair:
            raise damaged.error from None  # qpdf found nothing wrong: the file really has no text
        import io

        try:
            layout = _read_pdf(io.BytesIO(data), path.name, password, max_pages)
        except InputError:
            raise  # the repaired file is readable and refused for its own reason (a bomb, too many pages)
        except Exception:  # noqa: BLE001 - _Damaged, or pdfminer failing on qpdf's rebuild: the first error stands
            raise damaged.error from None
        layout.warnings.insert(0, f"damaged PDF ({note or damaged.error.message}); "
                                  "repaired with qpdf before reading, so check the output")
        return layout


def _repair(path: Path, password: str | None) -> tuple[bytes, str] | None:
    """The file rewritten by qpdf (pikepdf), and qpdf's first complaint; None if qpdf cannot open it either."""
    try:
        import io

        import pikepdf
    except ImportError:  # pragma: no cover - pikepdf is a dependency; a broken install only loses the repair
        return None
    try:
        with pikepdf.open(path, password=password or "") as pdf:
            notes = list(pdf.get_warnings())
            buf = io.BytesIO()
            pdf.save(buf)
            notes += list(pdf.get_warnings())
    except Exception:  # noqa: BLE001 - qpdf could not rebuild it: the first error stands
        return None
    note = notes[0].split(": ", 1)[-1] if notes else ""
    return buf.getvalue(), note


def _read_pdf(source: Any, name: str, password: str | None, max_pages: int | None) -> Layout:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(source, password=password or "")
    except PDFPasswordIncorrect:
        raise InputError("EncryptedPDF", f"{name} is encrypted; pass the password (--password)") from None
    except PDFSyntaxError as exc:
        raise _Damaged(InputError("CorruptPDF", f"{name} is not a readable PDF ({exc})"), True) from None
    except Exception as exc:  # pdfminer raises many types on damaged files; pdfplumber wraps some
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, PDFPasswordIncorrect) or "password" in repr(inner).lower():
            raise InputError("EncryptedPDF", f"{name} is encrypted; pass the password (--password)") from None
        raise _Damaged(InputError("CorruptPDF", f"{name} is damaged: {type(inner).__name__}: {inner}"),
                       True) from None
    built: list[Any] | None = None  # pages built here rather than by pdf.pages (see _close)
    try:
        declared = _declared_pages(pdf)
        if declared is not None and declared > MAX_PAGES and max_pages is None:
            built = []
            raise InputError("TooManyPages", f"{name} has {declared} pages (more than {MAX_PAGES}); "
                                             "pass --max-pages to read the first ones")
        try:
            if max_pages is not None and declared is not None and declared > max_pages:
                pages = built = _first_pages(pdf, max_pages)
                page_count = declared
            else:
                pages = pdf.pages
                page_count = len(pages)
        except Exception as exc:  # noqa: BLE001 - a broken page tree
            raise _Damaged(InputError("CorruptPDF", f"{name} is damaged: {type(exc).__name__}: {exc}"),
                           True) from None
        fallback = any(type(x).__name__ == "PDFXRefFallback" for x in pdf.doc.xrefs)
        outline = _outline(pdf)
        per_page: list[list[Block]] = []
        total_chars = 0
        columns: list[float] | None = None
        checked: set[int] = set()
        limit = len(pages) if max_pages is None else min(len(pages), max_pages)
        for number in range(limit):
            page = pages[number]
            _guard_streams(page.page_obj, checked, name, number + 1)
            try:
                blocks, chars, columns = read_page(page, number + 1, columns)
            except Exception as exc:  # noqa: BLE001 - one bad page must not lose the document
                blocks, chars = [Block("paragraph", f"[page {number + 1} unreadable: {type(exc).__name__}]",
                                       page=number + 1)], 0
            total_chars += chars
            per_page.append(blocks)
            page.close()  # drop pdfplumber's per-page caches
    finally:
        try:
            _close(pdf, built)
        except Exception:  # noqa: BLE001 - pdf.close() builds every page again, so a broken page tree
            _close(pdf, [])  # fails here too and would hide the first error; close just the file instead
    if total_chars == 0:
        where = f" in the first {limit} of {page_count} pages" if limit < page_count else ""
        raise _Damaged(InputError("NoTextLayer", f"{name}: no text layer{where} (scanned?) — run OCR first"),
                       False)
    _mark_running_heads(per_page)
    blocks = [b for page_blocks in per_page for b in page_blocks]
    _mark_headings(blocks, outline)
    layout = Layout(blocks=blocks, format="pdf", pages=page_count)
    if fallback:
        layout.warnings.append("the PDF's cross-reference table is damaged; its objects were found by scanning "
                               "the file, so check the output")
    if max_pages is not None and page_count > max_pages:
        layout.warnings.append(f"read the first {max_pages} of {page_count} pages")
    return layout


def _close(pdf: Any, built: list[Any] | None) -> None:
    """pdf.close(), except when only some pages were built: pdfplumber's close() builds all of them first."""
    if built is None:
        pdf.close()
        return
    for page in built:
        page.close()
    if not pdf.stream_is_external:
        pdf.stream.close()


def _declared_pages(pdf: Any) -> int | None:
    """The page tree's /Count: known without building a Page for each of 10,000 pages."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
        return count if isinstance(count, int) and count >= 0 else None
    except Exception:  # noqa: BLE001 - no usable /Count: pdfplumber counts the pages itself
        return None


def _first_pages(pdf: Any, n: int) -> list[Any]:
    """pdfplumber Pages for the first n pages only, built the way pdf.pages builds them (it builds all)."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    pages: list[Any] = []
    doctop = 0.0
    for i, page_obj in enumerate(PDFPage.create_pages(pdf.doc)):
        if i >= n:
            break
        page = Page(pdf, page_obj, page_number=i + 1, initial_doctop=doctop)
        pages.append(page)
        doctop += page.height
    return pages


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
            raise InputError("DecompressionBomb", f"{name}: a stream on page {number} inflates past "
                                                  f"{MAX_INFLATED >> 20} MB (decompression bomb?); refused")


def _page_streams(page_obj: Any) -> list[Any]:
    """Content streams, form XObjects (nested), fonts' ToUnicode/CMap and embedded font files of one page."""
    from pdfminer.pdftypes import PDFStream, resolve1

    out: list[Any] = [s for s in (resolve1(c) for c in page_obj.contents) if isinstance(s, PDFStream)]
    todo: list[tuple[Any, int]] = [(page_obj.resources, 0)]
    seen: set[int] = set()
    while todo and len(out) < 2000:
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
    size = len(data)
    for f, _params in stream.get_filters():
        if f not in LITERALS_FLATE_DECODE:
            break  # other filters (LZW, ASCII85...) are not measured
        data, size = _bounded_inflate(data)
        if size > MAX_INFLATED:
            break
    return size


def _bounded_inflate(data: bytes) -> tuple[bytes, int]:
    """zlib-inflate at most MAX_INFLATED + one step; returns (bytes, size), size > MAX_INFLATED meaning 'bomb'."""
    import zlib

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


def _outline(pdf: Any) -> list[tuple[int, str]]:
    try:
        return [(level, collapse(title)) for level, title, *_ in pdf.doc.get_outlines() if title]
    except Exception:  # noqa: BLE001 - no outline, or a broken one: headings come from fonts instead
        return []


def _mark_running_heads(pages: list[list[Block]]) -> None:
    """Text at the same place near the top or bottom of most pages (digits ignored) is furniture."""
    if len(pages) < 3:
        for blocks in pages:
            for b in blocks:
                if b.kind == "paragraph" and _PAGE_NO.match(b.text):
                    b.kind = "furniture"
        return
    heights = [max((b.bbox[3] for b in bl if b.bbox), default=0) for bl in pages]
    page_h = max(heights) or 842.0

    def key(b: Block) -> tuple[str, int] | None:
        if b.kind == "table_row" or not b.bbox:
            return None
        if not (b.bbox[1] < MARGIN * page_h * 1.2 or b.bbox[3] > (1 - MARGIN) * page_h):
            return None
        return re.sub(r"\d+", "#", fold(b.text)), round(b.bbox[1] / 12)

    counts = Counter(k for bl in pages for k in {key(b) for b in bl} if k)
    threshold = max(2, int(0.5 * len(pages)))
    for blocks in pages:
        for b in blocks:
            k = key(b)
            if k and (counts[k] >= threshold or _PAGE_NO.match(b.text)):
                b.kind = "furniture"


def _mark_headings(blocks: list[Block], outline: list[tuple[int, str]]) -> None:
    sizes = [b.font_size for b in blocks if b.kind == "paragraph" and b.font_size]
    body = statistics.median(sizes) if sizes else 10.0
    titles = {fold(t): level for level, t in outline}
    for b in blocks:
        if b.kind != "paragraph":
            continue
        words = b.text.split()
        if not words or len(words) > 16:
            continue
        level = titles.get(fold(b.text))
        if level is not None:
            b.kind, b.level = "heading", level
            continue
        bigger = (b.font_size or body) >= body * 1.15
        terminal = b.text.rstrip().endswith((".", ",", ";"))
        letters = sum(1 for c in b.text if c.isalpha())
        if letters < 3 or letters < len(b.text) / 2 or b.text.lower().startswith("source"):
            continue  # chart labels, axis numbers, figure sources
        if (bigger or b.bold) and not terminal and (b.text[:1].isupper() or b.text[:1].isdigit()):
            b.kind = "heading"
        elif _NUMBERED.match(b.text) and not terminal and len(words) <= 10:
            b.kind = "heading"
