"""PDF plans -> Layout, with pdfium (default) or pdfplumber reading the pages.

This module handles the document: opening through a backend (passwords,
repair of damaged files, hostile-input guards), reading each page with
``pdf_page.read_page`` (tables, reading order, paragraphs, footnotes), then
the passes that need every page: running headers and footers (text repeated
at the same place on most pages) become furniture, and headings are told
from body text by font size and weight, with levels from the PDF outline
where there is one. A backend reads one page at a time and releases it
before the next, so memory stays flat on long documents.

Both backends fill the same page model (``pdf_objects.PageContent``), so
everything from the page on is the same code whichever library read it:
pdfium (``pdf_pdfium``) is several times faster; pdfplumber
(``pdf_pdfplumber``) is the reference the tests compare it with.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from planparse.errors import InputError
from planparse.layout import Block, Layout
from planparse.readers.heap import release_free_memory
from planparse.readers.pdf_objects import Damaged as _Damaged
from planparse.readers.pdf_objects import PdfDocument
from planparse.readers.pdf_page import read_page
from planparse.text_norm import collapse, fold

Backend = Literal["pdfium", "pdfplumber"]
BACKENDS: tuple[Backend, ...] = ("pdfium", "pdfplumber")
DEFAULT_BACKEND: Backend = "pdfium"

_PAGE_NO = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)
_NUMBERED = re.compile(r"^\d{1,2}(\.\d{1,2}){0,3}\.?\s+\S")
MARGIN = 0.09  # share of page height where running heads live

# More pages than this without max_pages: refused (TooManyPages) before any page is read. A council plan
# never comes near it; a batch of thousands of downloads always holds something that does.
MAX_PAGES = 5000


def read_pdf(path: Path, password: str | None = None, max_pages: int | None = None,
             backend: Backend = DEFAULT_BACKEND) -> Layout:
    """Read a PDF; a damaged one qpdf can rebuild (broken xref, truncated) is read again, with a warning."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown PDF backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    try:
        return _read_pdf(path, path.name, password, max_pages, backend)
    except _Damaged as damaged:
        repaired = _repair(path, password)
        if repaired is None:
            raise damaged.error from None
        data, note = repaired
        if not note and not damaged.always_repair:
            raise damaged.error from None  # qpdf found nothing wrong: the file really has no text
        import io

        try:
            layout = _read_pdf(io.BytesIO(data), path.name, password, max_pages, backend)
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


def _open(backend: Backend) -> Callable[..., PdfDocument]:
    if backend == "pdfplumber":
        from planparse.readers.pdf_pdfplumber import open_pdfplumber

        return open_pdfplumber
    from planparse.readers.pdf_pdfium import open_pdfium

    return open_pdfium


def _read_pdf(source: Any, name: str, password: str | None, max_pages: int | None, backend: Backend) -> Layout:
    doc = _open(backend)(source, name, password, max_pages)
    try:
        declared = doc.declared_pages()
        if declared is not None and declared > MAX_PAGES and max_pages is None:
            raise InputError("TooManyPages", f"{name} has {declared} pages (more than {MAX_PAGES}); "
                                             "pass --max-pages to read the first ones")
        page_count, available = doc.open_pages(max_pages)
        outline = doc.outline()
        metadata_title = doc.metadata_title()
        per_page: list[list[Block]] = []
        total_chars = 0
        columns: list[float] | None = None
        limit = available if max_pages is None else min(available, max_pages)
        for number in range(limit):
            try:
                blocks, chars, columns = read_page(doc.page(number), number + 1, columns)
            except (InputError, _Damaged):
                raise  # a decompression bomb, or damage qpdf found among the page's objects: the whole file's
            except Exception as exc:  # noqa: BLE001 - one bad page must not lose the document
                blocks, chars = [Block("paragraph", f"[page {number + 1} unreadable: {type(exc).__name__}]",
                                       page=number + 1)], 0
            total_chars += chars
            per_page.append(blocks)
        warnings = list(doc.warnings)
    finally:
        doc.close()
    if total_chars == 0:
        where = f" in the first {limit} of {page_count} pages" if limit < page_count else ""
        raise _Damaged(InputError("NoTextLayer", f"{name}: no text layer{where} (scanned?) — run OCR first"),
                       False)
    _mark_running_heads(per_page)
    blocks = [b for page_blocks in per_page for b in page_blocks]
    _mark_headings(blocks, outline)
    layout = Layout(blocks=blocks, format="pdf", pages=page_count, metadata_title=metadata_title)
    layout.warnings.extend(warnings)
    if max_pages is not None and page_count > max_pages:
        layout.warnings.append(f"read the first {max_pages} of {page_count} pages")
    release_free_memory()  # what pdfium, qpdf and the page-by-page work held is free now, but glibc would keep it
    return layout


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
