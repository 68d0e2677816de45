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
    except Exception as exc:  # pdfminer raises many types on damaged files; pdfplumber wraps some
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, PDFPasswordIncorrect) or "password" in repr(inner).lower():
            raise InputError("EncryptedPDF", f"{path.name} is encrypted; pass the password (--password)") from None
        raise InputError("CorruptPDF", f"{path.name} is damaged: {type(inner).__name__}: {inner}") from None
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
    all_words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, x_tolerance=1.5)
    tables = ruled_tables(page, all_words)
    words = [w for w in all_words if not any(_inside(w, t.bbox) for t in tables)]
    keyed = _ordered_lines(words, float(page.width))
    lines = [ln for _, ln in keyed]
    used: set[int] = set()
    for table in tables:
        attach_spill(table, lines, used)
    if tables:
        columns = column_bounds(max(tables, key=lambda t: t.bbox[3])) or columns
    remaining = [kl for k, kl in enumerate(keyed) if k not in used]
    loose, loose_used, columns = borderless_tables([ln for _, ln in remaining], float(page.width), columns)
    keyed = [kl for k, kl in enumerate(remaining) if k not in loose_used]
    items: list[tuple[tuple[float, int, float], Block]] = []
    for table in tables + loose:
        for k, row in enumerate(table.rows):
            box = table.row_boxes[k] if k < len(table.row_boxes) else table.bbox
            text = collapse(" ".join(c.text for c in row))
            items.append(((box[1], 0, box[1] + k * 1e-3), Block("table_row", text, page=number, bbox=box,
                                                                 cells=row, after_break=k == 0)))
    items.extend(_paragraphs(keyed, number))
    items.sort(key=lambda t: t[0])
    return [b for _, b in items], chars, columns


def _inside(word: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return bbox[0] - 1 <= cx <= bbox[2] + 1 and bbox[1] - 1 <= cy <= bbox[3] + 1


def _ordered_lines(words: list[dict[str, Any]], width: float) -> list[tuple[tuple[float, int, float], Line]]:
    """Lines in reading order: on a two-column page, each band's left column before its right one.

    The columns are split before words become lines, or a heading in the left
    column and text in the right one at the same height would fuse. Lines
    crossing the gutter (titles, full-width paragraphs) cut the page into
    bands; sort keys carry the band's top so tables stay in place.
    """
    gutter = _gutter(words, width)
    if gutter is None:
        return [((ln.top, 0, ln.top), ln) for ln in group_lines(words)]
    lo, hi = gutter
    left = [w for w in words if w["x1"] <= hi]
    right = [w for w in words if w["x0"] >= lo]
    rest = [w for w in words if w["x1"] > hi and w["x0"] < lo]
    full = group_lines(rest)
    sides = group_lines(left) + group_lines(right)
    cuts = sorted(ln.top for ln in full)
    ordered: list[tuple[float, int, float, Line]] = [(ln.top, 0, ln.top, ln) for ln in full]
    for ln in sides:
        band_top = max((c for c in cuts if c <= ln.top), default=-1.0)
        side = 1 if ln.x1 <= hi else 2
        ordered.append((band_top + 0.5, side, ln.top, ln))
    ordered.sort(key=lambda t: (t[0], t[1], t[2]))
    return [((t[0], t[1], t[2]), t[3]) for t in ordered]


def _gutter(words: list[dict[str, Any]], width: float) -> tuple[float, float] | None:
    """A vertical strip near the middle that (almost) no word crosses, with prose on both sides."""
    if len(words) < 40:
        return None
    best: tuple[float, float] | None = None
    x = 0.3 * width
    run_start = None
    while x <= 0.7 * width:
        crossing = sum(1 for w in words if w["x0"] < x < w["x1"])
        if crossing <= max(1, 0.01 * len(words)):
            run_start = x if run_start is None else run_start
        else:
            if run_start is not None and x - run_start >= 8 and (best is None or x - run_start > best[1] - best[0]):
                best = (run_start, x)
            run_start = None
        x += 2.0
    if run_start is not None and x - run_start >= 8 and (best is None or x - run_start > best[1] - best[0]):
        best = (run_start, x)
    if best is None:
        return None
    lo, hi = best
    left = [w for w in words if w["x1"] <= hi]
    right = [w for w in words if w["x0"] >= lo]
    if min(len(left), len(right)) < max(20, 0.08 * len(words)):
        return None
    # prose, not a table: lines on each side rarely have a second wide gap
    for side in (left, right):
        lines = group_lines(side)
        split = sum(1 for ln in lines if any(b["x0"] - a["x1"] > 12 for a, b in zip(ln.words, ln.words[1:])))
        if split > 0.2 * len(lines):
            return None
    return best


def _paragraphs(lines: list[tuple[tuple[float, int, float], Line]], page: int) -> list[tuple[tuple[float, int, float], Block]]:
    """Join lines into paragraphs; a change of font size or weight, a bullet or a gap starts a new one."""
    out: list[tuple[tuple[float, int, float], Block]] = []
    current: list[Line] = []
    key_top: tuple[float, int, float] = (0.0, 0, 0.0)

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


def _right_edge(lines: list[tuple[tuple[float, int, float], Line]], ref: Line) -> float:
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
