"""One PDF page (as ``pdf_objects.PageContent``, from either backend) -> Layout blocks.

Designed council documents put text in columns, side panels and callout
boxes, and set footnotes (with the odd small table of source data) under a
short rule at the foot of the page. So the page is read in this order:

1. ruled tables and grids of boxed panels become table rows;
2. the remaining words become lines, and lines are cut where a gap is wider
   than any space between words (two columns at the same height are two
   fragments, not one line);
3. borderless tables are found among the lines;
4. fragments and tables are put in reading order by recursive XY-cut: split
   at vertical gutters first, then at horizontal gaps, keeping bands that
   share a gutter together so a two-column flow reads column by column;
5. fragments join into paragraphs and list items; text under a footnote
   rule, or small text at the foot of the page that starts with a note
   number, is marked as footnote.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, cast

from planparse.layout import Block
from planparse.readers.pdf_objects import Char, PageContent, Shape
from planparse.readers.pdf_panels import panel_tables
from planparse.readers.pdf_tables import (
    Line, PageTable, attach_spill, borderless_tables, column_bounds, group_lines, ruled_tables,
)
from planparse.text_norm import CID, TOC_LEADER, clean_inline, collapse

BBox = tuple[float, float, float, float]

_BULLET = re.compile(r"^[•●▪◦‣■□➢►✓\-–]\s+|^[\uf0b7\uf0a7]\s*|^o\s+(?=[A-Z])")
# a list number as a line's first word: "1.", "2)", "(3)", "a)", "(iv)"; "1.1" is a section number
_LIST_NUMBER = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\))\s+(?=\S)")
# a label that starts a line: "What:", "By when:", "Lead officer:" (one to three words, then a colon)
_LABEL = re.compile(r"^([A-Z][\w'’/&-]*(?:\s+[\w'’/&()-]+){0,2})\s*:\s*(?=\S)")
_NOTE_START = re.compile(r"^(\[?\d{1,3}\]?\s|[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡]|source\b|note\b|notes\b)", re.I)
MIN_GUTTER = 9.0


@dataclass
class _Item:
    """Something to put in reading order: a text fragment or a whole table."""

    x0: float
    top: float
    x1: float
    bottom: float
    line: Line | None = None
    table: PageTable | None = None


def read_page(page: PageContent, number: int,
              columns: list[float] | None) -> tuple[list[Block], int, list[float] | None]:
    """Blocks of one page in reading order, the page's char count, and the borderless column bounds to carry on."""
    chars = page.chars
    if not chars:
        return [], 0, columns
    all_words = cast(list[dict[str, Any]], list(page.words))
    all_words += rotated_lines(page.turned)
    tables = ruled_tables(page, all_words)
    words = [w for w in all_words if not any(_inside(w, t.bbox) for t in tables)]
    panels = panel_tables(page, words)
    tables += panels
    words = [w for w in words if not any(_inside(w, t.bbox) for t in panels)]
    lines = group_lines(words)
    used: set[int] = set()
    for table in tables:
        if table.ruled:
            attach_spill(table, lines, used)
    ruled = [t for t in tables if t.ruled and column_bounds(t)]
    if ruled:
        columns = column_bounds(max(ruled, key=lambda t: t.bbox[3])) or columns
    remaining = [ln for k, ln in enumerate(lines) if k not in used]
    loose, loose_used, columns = borderless_tables(remaining, page.width, columns)
    rest = [ln for k, ln in enumerate(remaining) if k not in loose_used]
    items = [_Item(*t.bbox, table=t) for t in tables + loose]
    items += [_Item(f.x0, f.top, f.x1, f.bottom, line=f) for ln in rest for f in fragments(ln)]
    items += _bars(page, tables + loose)
    blocks: list[Block] = []
    for run in reading_order(items):
        pending: list[Line] = []
        for item in run:
            if item.line is not None:
                pending.append(item.line)
                continue
            if item.table is None:
                continue  # a drawn bar: it only kept the columns above and below it apart
            blocks.extend(paragraphs(pending, number))
            pending = []
            blocks.extend(_table_blocks(item.table, number))
        blocks.extend(paragraphs(pending, number))
    mark_footnotes(blocks, page)
    return blocks, chars, columns


def rotated_lines(chars: list[Char]) -> list[dict[str, Any]]:
    """Text set at 90 degrees (column headers turned on their side), one word-like dict per line of it.

    pdfplumber splits such text into single letters; here the letters of
    each vertical line are read in the direction the text runs (bottom to
    top when turned anticlockwise, top to bottom when turned clockwise), so
    a header cell reads "Lead officer", not "reciffo daeL".
    """
    lines: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: ((c["x0"] + c["x1"]) / 2, c["top"])):
        cx = (c["x0"] + c["x1"]) / 2
        size = c.get("size") or 8.0
        line = next((ln for ln in lines if abs((ln[0]["x0"] + ln[0]["x1"]) / 2 - cx) <= 0.4 * size), None)
        if line is None:
            lines.append([c])
        else:
            line.append(c)
    out: list[dict[str, Any]] = []
    for ln in lines:
        ln.sort(key=lambda c: c["top"], reverse=ln[0]["upward"])  # anticlockwise: the text runs bottom to top
        text = collapse("".join(c["text"] for c in ln))
        if not text:
            continue
        out.append({"text": text, "x0": min(c["x0"] for c in ln), "x1": max(c["x1"] for c in ln),
                    "top": min(c["top"] for c in ln), "bottom": max(c["bottom"] for c in ln),
                    "size": ln[0].get("size", 0.0), "fontname": ln[0].get("fontname", ""), "upright": False})
    return out


def _bars(page: PageContent, tables: list[PageTable]) -> list[_Item]:
    """Wide horizontal rules and heading bars outside tables: they cut the page, as a full-width line does."""
    width = page.width
    out = []
    for r in page.rects + page.lines:
        if r.width < 0.3 * width or r.height > 40 or any(_within(r, t.bbox) for t in tables):
            continue
        out.append(_Item(r.x0, r.top, r.x1, r.bottom))
    return out


def _within(obj: Shape, bbox: BBox) -> bool:
    return bbox[0] - 2 <= obj.x0 and obj.x1 <= bbox[2] + 2 and bbox[1] - 2 <= obj.top and obj.bottom <= bbox[3] + 2


def _table_blocks(table: PageTable, number: int) -> list[Block]:
    out = []
    for k, row in enumerate(table.rows):
        box = table.row_boxes[k] if k < len(table.row_boxes) else table.bbox
        text = collapse(" ".join(c.text for c in row))
        out.append(Block("table_row", text, page=number, bbox=box, cells=row, after_break=k == 0))
    return out


def _inside(word: dict[str, Any], bbox: BBox) -> bool:
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return bbox[0] - 1 <= cx <= bbox[2] + 1 and bbox[1] - 1 <= cy <= bbox[3] + 1


# --- fragments ---------------------------------------------------------------------------------


def fragments(line: Line) -> list[Line]:
    """A line cut where the space is wider than any word space: text in two columns at one height.

    A list marker ("•", "1.", "a)") set apart from its text by a tab stays
    with it: it belongs to the item, not to a column of its own.
    """
    limit = max(8.0, 1.1 * (line.size or 8.0))
    groups: list[list[dict[str, Any]]] = [[line.words[0]]]
    for prev, w in zip(line.words, line.words[1:]):
        marker_only = len(groups[-1]) == 1 and _is_marker(groups[-1][0]["text"])
        if w["x0"] - prev["x1"] > limit and not marker_only:
            groups.append([w])
        else:
            groups[-1].append(w)
    if len(groups) == 1:
        return [line]
    return [_line_of(ws) for ws in groups]


def _is_marker(text: str) -> bool:
    if CID.fullmatch(text):
        return True  # a bullet glyph the font could not map, "(cid:127)"
    return bool(re.fullmatch(r"[•●▪◦‣■□➢►✓\-–\uf0b7\uf0a7o]|\(?\d{1,2}(\.\d{1,2}){0,3}[.)]?|\(?[a-z][.)]|\([ivx]{1,4}\)",
                             text))


def _line_of(words: list[dict[str, Any]]) -> Line:
    sizes = [w.get("size", 0.0) for w in words]
    bold = sum(1 for w in words if _bold(w.get("fontname", ""))) > len(words) / 2
    return Line(words, min(w["x0"] for w in words), min(w["top"] for w in words), max(w["x1"] for w in words),
                max(w["bottom"] for w in words), statistics.median(sizes) if sizes else 0.0, bold)


def _bold(fontname: str) -> bool:
    name = fontname.lower()
    return any(k in name for k in ("bold", "black", "heavy", "semibold", "demi"))


# --- reading order -----------------------------------------------------------------------------


def reading_order(items: list[_Item]) -> list[list[_Item]]:
    """Recursive XY-cut: columns (vertical gutters) before rows (horizontal gaps).

    Returns runs: each run is one column's flow, top to bottom, so that
    paragraphs are judged against the lines of their own column.
    """
    return _xy(items, 0) if items else []


def _xy(items: list[_Item], depth: int) -> list[list[_Item]]:
    if len(items) <= 1 or depth > 40:
        return [sorted(items, key=lambda i: (i.top, i.x0))]
    cols = _x_split(items)
    if len(cols) > 1:
        return [run for c in cols for run in _xy(c, depth + 1)]
    bands = _merge_bands(_y_split(items))
    runs: list[list[_Item]] = []
    flow: list[_Item] = []  # consecutive single-column bands read as one flow
    for band in bands:
        if len(bands) > 1 and len(_x_split(band)) > 1:
            if flow:
                runs.append(flow)
                flow = []
            runs.extend(_xy(band, depth + 1))
        else:
            flow.extend(sorted(band, key=lambda i: (i.top, i.x0)))
    if flow:
        runs.append(flow)
    return runs


def _x_split(items: Sequence[_Item]) -> list[list[_Item]]:
    """Groups left to right, split at vertical strips at least MIN_GUTTER wide that no item crosses."""
    return _cut(items, attrgetter("x0"), attrgetter("x1"), lambda gap: gap >= MIN_GUTTER)


def _y_split(items: Sequence[_Item]) -> list[list[_Item]]:
    """Bands top to bottom, split wherever no item covers a horizontal strip."""
    return _cut(items, attrgetter("top"), attrgetter("bottom"), lambda gap: gap > 0.5)


def _cut(items: Sequence[_Item], start: Callable[[_Item], float], end: Callable[[_Item], float],
         wide_enough: Callable[[float], bool]) -> list[list[_Item]]:
    """Items in order of where they start, cut at every strip that no item crosses and that is wide enough."""
    order = sorted(items, key=start)
    groups: list[list[_Item]] = [[order[0]]]
    reach = end(order[0])
    for it in order[1:]:
        if wide_enough(start(it) - reach):
            groups.append([it])
        else:
            groups[-1].append(it)
        reach = max(reach, end(it))
    return groups


def _merge_bands(bands: list[list[_Item]]) -> list[list[_Item]]:
    """Neighbouring bands whose union still has a gutter are one region: a column flow cut by chance gaps.

    A one-column band set a line's space under the band before it ends that
    band's paragraph (the last line of a full-width paragraph): it does not
    join the columns that follow.
    """
    out: list[list[_Item]] = [bands[0]]
    for band in bands[1:]:
        union = out[-1] + band
        n = len(_x_split(union))
        above = len(_x_split(out[-1]))
        # same columns: the union keeps every gutter the busier band has (one side may be blank here)
        same = n > 1 and n == max(above, len(_x_split(band)))
        if same and above == 1 and len(out) > 1 and _line_spaced(out[-2], out[-1]):
            same = False
        if same:
            out[-1] = union
        else:
            out.append(band)
    return out


def _line_spaced(upper: list[_Item], lower: list[_Item]) -> bool:
    size = next((i.line.size for i in lower if i.line is not None), 10.0)
    return min(i.top for i in lower) - max(i.bottom for i in upper) < 0.6 * size


# --- paragraphs --------------------------------------------------------------------------------


def paragraphs(lines: list[Line], page: int) -> list[Block]:
    """Join lines into paragraphs; a change of font, a bullet, a list number, a label or a gap starts a new one."""
    out: list[Block] = []
    current: list[Line] = []

    def flush() -> None:
        if not current:
            return
        text = clean_inline(" ".join(ln.text for ln in current))
        box = (min(ln.x0 for ln in current), min(ln.top for ln in current),
               max(ln.x1 for ln in current), max(ln.bottom for ln in current))
        kind = "paragraph"
        if _BULLET.match(text):
            kind = "list_item"
            text = _BULLET.sub("", text, count=1)
        out.append(Block(kind, text, page=page, bbox=box, bold=current[0].bold, font_size=current[0].size))

    for k, ln in enumerate(lines):
        if TOC_LEADER.search(ln.text):
            flush()
            current = []
            out.append(Block("toc_entry", TOC_LEADER.sub("", clean_inline(ln.text)).strip(), page=page,
                             bbox=(ln.x0, ln.top, ln.x1, ln.bottom)))
            continue
        if current and _starts_new(current, ln, lines):
            flush()
            current = []
        current.append(ln)
    flush()
    return out


def _starts_new(current: list[Line], ln: Line, lines: list[Line]) -> bool:
    prev = current[-1]
    gap = ln.top - prev.bottom
    same_style = abs(ln.size - prev.size) < 0.6 and ln.bold == prev.bold
    if gap > 0.8 * max(prev.size, 6) or gap < -2 or not same_style:
        return True
    if _BULLET.match(ln.text) or _LIST_NUMBER.match(ln.text) or _labelled(ln):
        return True
    if _hanging(current[0], ln):
        return False  # the next line of a list item, set under the item's text rather than its number
    if abs(ln.x0 - prev.x0) > 60 or ln.x0 > prev.x1 or ln.x1 < prev.x0:
        return True
    # a line that stops short ends its paragraph, unless the next line's first word would not have fitted
    room = _right_edge(lines, prev) - prev.x1
    first = ln.words[0]["x1"] - ln.words[0]["x0"]
    return room > max(3 * max(prev.size, 6), first + max(prev.size, 6))


def _hanging(first: Line, ln: Line) -> bool:
    """`ln` starts where the text after `first`'s list marker starts: a hanging indent."""
    if len(first.words) < 2 or not _is_marker(first.words[0]["text"]):
        return False
    return abs(ln.x0 - first.words[1]["x0"]) <= 3.0


def _labelled(ln: Line) -> bool:
    """'What: ...', 'Lead: ...' with the label set bold: the start of a labelled field."""
    first = ln.words[0]
    return _bold(first.get("fontname", "")) and not ln.bold and bool(_LABEL.match(ln.text))


def _right_edge(lines: list[Line], ref: Line) -> float:
    """Where full lines of ref's column end: a line ending well before it ends its paragraph."""
    ends = sorted(ln.x1 for ln in lines if abs(ln.x0 - ref.x0) < 40)
    return ends[int(0.9 * (len(ends) - 1))] if ends else ref.x1


# --- footnotes ---------------------------------------------------------------------------------


def mark_footnotes(blocks: list[Block], page: PageContent) -> None:
    """Notes at the foot of the page: below a short footnote rule, or small text that starts with a note mark.

    Everything under the rule that is not set larger than the text above it
    is the notes' (a small source-data table included), so it never joins
    the table or the paragraph it interrupts.
    """
    height = page.height
    start = _footnote_rule(page, blocks)
    if start is None:
        body = _body_size(blocks)
        for b in blocks:
            if b.kind in ("paragraph", "list_item") and b.bbox and b.bbox[1] > 0.6 * height and \
                    b.font_size and body and b.font_size <= 0.88 * body and _NOTE_START.match(b.text):
                start = b.bbox[1] - 0.5
                break
    if start is None:
        return
    above = _body_size([b for b in blocks if b.bbox and b.bbox[3] <= start])
    for b in blocks:
        if b.bbox and b.bbox[1] >= start and b.kind != "furniture":
            if b.kind == "table_row" or not b.font_size or not above or b.font_size <= 0.95 * above:
                b.kind = "footnote"


def _body_size(blocks: list[Block]) -> float | None:
    """The size most of the text is set in, weighting each block by its length."""
    sizes = [b.font_size for b in blocks if b.kind in ("paragraph", "list_item") and b.font_size
             for _ in range(max(1, len(b.text) // 40))]
    return statistics.median(sizes) if sizes else None


def _footnote_rule(page: PageContent, blocks: list[Block]) -> float | None:
    """A short horizontal rule in the lower part of the page, at the text's left edge, with text below it."""
    height, width = page.height, page.width
    lefts = [b.bbox[0] for b in blocks if b.bbox and b.kind in ("paragraph", "list_item")]
    if not lefts:
        return None
    margin = min(lefts)
    for r in page.rects + page.lines:
        if r.height > 1.5 or not (40 <= r.width <= 0.45 * width) or r.top < 0.5 * height:
            continue
        if abs(r.x0 - margin) > 12:
            continue
        below = [b for b in blocks if b.bbox and b.bbox[1] >= r.bottom and b.kind != "table_row"]
        body = _body_size([b for b in blocks if b.bbox and b.bbox[3] <= r.top])
        if body and not any(b.font_size and b.font_size <= 0.9 * body for b in below):
            continue  # notes are set smaller than the text above their rule
        inside = any(b.bbox and b.bbox[1] - 2 <= r.top <= b.bbox[3] + 2 and b.kind == "table_row"
                     for b in blocks)  # a rule that edges a table row is the table's own
        if below and not inside and not any(b.bbox and b.bbox[1] < r.top < b.bbox[3] for b in blocks):
            return float(r.top)
    return None
