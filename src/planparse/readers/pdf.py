"""PDF plans -> Layout, with pdfplumber.

Per page: tables first (ruled, then borderless), the remaining words grouped
into lines, lines into paragraphs and headings by font size and weight,
columns put in reading order. Running headers and footers (text repeated at
the same place on most pages) become furniture. The PDF outline, where there
is one, names the headings and their levels. Page caches are released after
each page so memory stays flat on long documents.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from planparse.errors import InputError
from planparse.layout import Block, Cell, Layout
from planparse.readers.pdf_tables import (
    Line, attach_spill, borderless_tables, column_bounds, group_lines, ruled_tables,
)
from planparse.text_norm import TOC_LEADER, clean_inline, collapse, fold

_PAGE_NO = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)
_NUMBERED = re.compile(r"^\d{1,2}(\.\d{1,2}){0,3}\.?\s+\S")
_BULLET = re.compile(r"^[•●▪◦\-–]\s+|^\uf0b7\s*")
MARGIN = 0.09  # share of page height where running heads live


def read_pdf(path: Path, password: str | None = None, max_pages: int | None = None) -> Layout:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(path, password=password or "")
    except PDFPasswordIncorrect:
        raise InputError("EncryptedPDF", f"{path.name} is encrypted; pass the password (--password)") from None
    except PDFSyntaxError as exc:
        raise InputError("CorruptPDF", f"{path.name} is not a readable PDF ({exc})") from None
    except Exception as exc:  # pdfminer raises many types on damaged files
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise InputError("EncryptedPDF", f"{path.name} is encrypted; pass the password (--password)") from None
        raise InputError("CorruptPDF", f"{path.name} is damaged: {type(exc).__name__}: {exc}") from None
    with pdf:
        try:
            pages = pdf.pages
        except Exception as exc:  # noqa: BLE001 - a broken page tree
            raise InputError("CorruptPDF", f"{path.name} is damaged: {type(exc).__name__}: {exc}") from None
        outline = _outline(pdf)
        per_page: list[list[Block]] = []
        total_chars = 0
        columns: list[float] | None = None
        limit = len(pages) if max_pages is None else min(len(pages), max_pages)
        for number in range(limit):
            page = pages[number]
            try:
                blocks, chars, columns = _read_page(page, number + 1, columns)
            except Exception as exc:  # noqa: BLE001 - one bad page must not lose the document
                blocks, chars = [Block("paragraph", f"[page {number + 1} unreadable: {type(exc).__name__}]",
                                       page=number + 1)], 0
            total_chars += chars
            per_page.append(blocks)
            page.close()  # drop pdfplumber's per-page caches
        page_count = len(pages)
    if total_chars == 0:
        raise InputError("NoTextLayer", f"{path.name}: no text layer (scanned?) — run OCR first")
    _mark_running_heads(per_page)
    blocks = [b for page_blocks in per_page for b in page_blocks]
    _mark_headings(blocks, outline)
    layout = Layout(blocks=blocks, format="pdf", pages=page_count)
    if max_pages is not None and page_count > max_pages:
        layout.warnings.append(f"read the first {max_pages} of {page_count} pages")
    return layout


def _outline(pdf: Any) -> list[tuple[int, str]]:
    try:
        return [(level, collapse(title)) for level, title, *_ in pdf.doc.get_outlines() if title]
    except Exception:  # noqa: BLE001 - no outline, or a broken one: headings come from fonts instead
        return []


def _read_page(page: Any, number: int, columns: list[float] | None) -> tuple[list[Block], int, list[float] | None]:
    chars = len(page.chars)
    if not chars:
        return [], 0, columns
    tables = ruled_tables(page)
    words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, x_tolerance=1.5)
    words = [w for w in words if not any(_inside(w, t.bbox) for t in tables)]
    lines = group_lines(words)
    used: set[int] = set()
    for table in tables:
        attach_spill(table, lines, used)
    if tables:
        columns = column_bounds(max(tables, key=lambda t: t.bbox[3])) or columns
    remaining = [ln for k, ln in enumerate(lines) if k not in used]
    loose, loose_used, columns = borderless_tables(remaining, float(page.width), columns)
    lines = [ln for k, ln in enumerate(remaining) if k not in loose_used]
    items: list[tuple[float, float, Block]] = []
    for table in tables + loose:
        for k, row in enumerate(table.rows):
            box = table.row_boxes[k] if k < len(table.row_boxes) else table.bbox
            text = collapse(" ".join(c.text for c in row))
            items.append((box[1], box[0], Block("table_row", text, page=number, bbox=box, cells=row,
                                                after_break=k == 0)))
    for order, (region_top, para) in enumerate(_paragraphs(_reading_order(lines, float(page.width)), number)):
        items.append((region_top, order, para))
    items.sort(key=lambda t: (t[0], t[1]))
    return [b for _, _, b in items], chars, columns


def _inside(word: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return bbox[0] - 1 <= cx <= bbox[2] + 1 and bbox[1] - 1 <= cy <= bbox[3] + 1


def _reading_order(lines: list[Line], width: float) -> list[tuple[float, Line]]:
    """Two-column pages: left column before right, in vertical bands split by full-width lines.

    Returns (sort key top, line); lines of a column band share the band's top
    so that the band stays in place among tables.
    """
    mid = width / 2
    left = [ln for ln in lines if ln.x1 < mid + 4]
    right = [ln for ln in lines if ln.x0 > mid - 4]
    two_col = len(left) >= 4 and len(right) >= 4 and len(left) + len(right) >= 0.7 * len(lines)
    if not two_col:
        return [(ln.top, ln) for ln in lines]
    out: list[tuple[float, Line]] = []
    band: list[Line] = []
    for ln in lines + [None]:  # type: ignore[list-item]
        if ln is None or (ln.x0 < mid - 4 and ln.x1 > mid + 4):
            if band:
                top = min(b.top for b in band)
                ordered = sorted(band, key=lambda b: (b.x0 > mid - 4, b.top))
                out.extend((top + k * 1e-3, b) for k, b in enumerate(ordered))
                band = []
            if ln is not None:
                out.append((ln.top, ln))
        else:
            band.append(ln)
    return out


def _paragraphs(lines: list[tuple[float, Line]], page: int) -> list[tuple[float, Block]]:
    """Join lines into paragraphs; a change of font size or weight, a bullet or a gap starts a new one."""
    out: list[tuple[float, Block]] = []
    current: list[Line] = []
    key_top = 0.0

    def flush() -> None:
        if not current:
            return
        text = clean_inline(" ".join(ln.text for ln in current))
        box = (min(ln.x0 for ln in current), current[0].top, max(ln.x1 for ln in current), current[-1].bottom)
        kind = "list_item" if _BULLET.match(text) else "paragraph"
        if kind == "list_item":
            text = _BULLET.sub("", text, count=1)
        out.append((key_top, Block(kind, text, page=page, bbox=box, bold=current[0].bold,
                                   font_size=current[0].size)))

    for top, ln in lines:
        if TOC_LEADER.search(ln.text):
            flush()
            current = []
            out.append((top, Block("toc_entry", TOC_LEADER.sub("", clean_inline(ln.text)).strip(), page=page,
                                   bbox=(ln.x0, ln.top, ln.x1, ln.bottom))))
            continue
        if current:
            prev = current[-1]
            gap = ln.top - prev.bottom
            same_style = abs(ln.size - prev.size) < 0.6 and ln.bold == prev.bold
            short = prev.x1 < _right_edge(lines, prev) - 3 * max(prev.size, 6)
            if gap > 0.8 * max(prev.size, 6) or gap < -2 or not same_style or _BULLET.match(ln.text) \
                    or abs(ln.x0 - prev.x0) > 60 or short:
                flush()
                current = []
        if not current:
            key_top = top
        current.append(ln)
    flush()
    return out


def _right_edge(lines: list[tuple[float, Line]], ref: Line) -> float:
    """Where full lines of ref's column end: a line ending well before it ends its paragraph."""
    ends = sorted(ln.x1 for _, ln in lines if abs(ln.x0 - ref.x0) < 40)
    return ends[int(0.9 * (len(ends) - 1))] if ends else ref.x1


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
        if (bigger or b.bold) and not terminal and (b.text[:1].isupper() or b.text[:1].isdigit()):
            b.kind = "heading"
        elif _NUMBERED.match(b.text) and not terminal and len(words) <= 10:
            b.kind = "heading"
