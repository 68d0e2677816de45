"""Tables on a PDF page: ruled ones by pdfplumber's table finder, borderless ones from text alignment.

pdfplumber's line strategy finds tables drawn with rules, horizontal rules
only, or banded row shading (fill rectangles have edges too). Its steps are
public functions over edges (``pdfplumber.table``: merge_edges,
edges_to_intersections, intersections_to_cells, cells_to_tables), so they
run here on edges cut from the page model's shapes: the same finder for
both backends, with no pdfplumber Page needed. Tables drawn with no rules at
all are found from the words themselves: a block of lines whose words leave
the same vertical gutters free, with rows separated by more space than the
lines inside a cell.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from planparse.layout import Cell
from planparse.readers.cells import parse_cell
from planparse.readers.pdf_objects import RGB, PageContent, Shape
from planparse.text_norm import CID

BBox = tuple[float, float, float, float]

RULED_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                                  "intersection_tolerance": 4, "snap_tolerance": 3}


@dataclass
class PageTable:
    bbox: BBox
    rows: list[list[Cell]]
    ruled: bool = True
    row_boxes: list[BBox] = field(default_factory=list)


@dataclass
class Line:
    """A line of text: words sharing a baseline, with the font facts headings need."""

    words: list[dict[str, Any]]
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool

    @property
    def text(self) -> str:
        return CID.sub("•", " ".join(w["text"] for w in self.words))


def group_lines(words: list[dict[str, Any]], tolerance: float = 2.5) -> list[Line]:
    """Words -> lines by vertical overlap, each line's words left to right."""
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        for line in reversed(lines[-3:]):
            ref = line[0]
            if abs(w["top"] - ref["top"]) <= tolerance or abs(w["bottom"] - ref["bottom"]) <= tolerance \
                    or _superscript_of(w, line):
                line.append(w)
                break
        else:
            lines.append([w])
    out = []
    for ws in lines:
        ws.sort(key=lambda w: w["x0"])
        ws = _join_letter_spaced(_join_touching(ws))
        sizes = [w.get("size", 0.0) for w in ws]
        bold = sum(1 for w in ws if _is_bold(w.get("fontname", ""))) > len(ws) / 2
        out.append(Line(ws, min(w["x0"] for w in ws), min(w["top"] for w in ws), max(w["x1"] for w in ws),
                        max(w["bottom"] for w in ws), statistics.median(sizes) if sizes else 0.0, bold))
    out.sort(key=lambda ln: (ln.top, ln.x0))
    return out


def _superscript_of(w: dict[str, Any], line: list[dict[str, Any]]) -> bool:
    """A note mark or superscript set smaller and higher belongs to the line it sits on (either may come first)."""
    for ref in line[:3]:
        small, big = (w, ref) if (w.get("size") or 0) < (ref.get("size") or 0) else (ref, w)
        if (small.get("size") or 0) > 0.85 * (big.get("size") or 0):
            continue
        overlap = min(small["bottom"], big["bottom"]) - max(small["top"], big["top"])
        if overlap >= 0.35 * (small["bottom"] - small["top"]):
            return True
    return False


def _join_touching(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Words that touch are one word: small caps ("F" + "OREWORD") split only because the size changes."""
    out: list[dict[str, Any]] = []
    for w in words:
        prev = out[-1] if out else None
        if prev is not None and -1.0 < w["x0"] - prev["x1"] < 0.6 and prev["text"][-1:].isalpha() \
                and w["text"][:1].isalpha():
            merged = dict(prev)
            merged["text"] = prev["text"] + w["text"]
            merged["x1"] = w["x1"]
            merged["bottom"] = max(prev["bottom"], w["bottom"])
            out[-1] = merged
        else:
            out.append(w)
    return out


def _join_letter_spaced(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Letter-spaced display type ("T a b l e  o f  t e x t") comes out one letter per word: rejoin the
    letters, keeping a space only where the gap is clearly wider than the spacing between letters."""
    singles = sum(1 for w in words if len(w["text"]) == 1 and w["text"].isalpha())
    if len(words) < 5 or singles < 0.7 * len(words):
        return words
    gaps = [b["x0"] - a["x1"] for a, b in itertools.pairwise(words)]
    letter_gap = statistics.median(gaps)
    size = statistics.median(w.get("size", 10.0) or 10.0 for w in words)
    if letter_gap > 0.6 * size:
        return words  # columns of single letters ("Y  N  Y"), not spaced-out type
    out = [dict(words[0])]
    for gap, w in zip(gaps, words[1:], strict=True):
        if gap > max(letter_gap * 1.8, letter_gap + 0.2 * size):
            out.append(dict(w))
            continue
        prev = out[-1]
        prev["text"] += w["text"]
        prev["x1"] = w["x1"]
        prev["bottom"] = max(prev["bottom"], w["bottom"])
    return out


def _is_bold(fontname: str) -> bool:
    name = fontname.lower()
    return any(k in name for k in ("bold", "black", "heavy", "semibold", "demi"))


def ruled_tables(page: PageContent, words: list[dict[str, Any]]) -> list[PageTable]:
    """Tables with rules (or banded fills), as rows of cleaned cells with bbox and fill colour.

    Cell text comes from the page's words by position (one pass), not from a
    cropped re-extraction per cell, which would cost a page's work per cell.
    """
    out: list[PageTable] = []
    fills = _fills(page)
    for table in find_ruled(page):
        rows: list[list[Cell]] = []
        boxes: list[BBox] = []
        bbox: BBox = tuple(table.bbox)  # a property computed from every cell on each access
        inside = [w for w in words if _centre_in(w, bbox)]
        by_height = sorted(((w["top"] + w["bottom"]) / 2, k) for k, w in enumerate(inside))
        centres = [cy for cy, _ in by_height]
        for row in table.rows:
            cells: list[Cell] = []
            # a row's bbox holds each of its cells' boxes: only the words level with it need the per-cell test
            lo = bisect.bisect_left(centres, row.bbox[1] - 0.5)
            hi = bisect.bisect_right(centres, row.bbox[3] + 0.5)
            in_row = [inside[k] for k in sorted(k for _, k in by_height[lo:hi])]
            for box in row.cells:
                if box is None:
                    cells.append(Cell(""))
                    continue
                mine = [w for w in in_row if _centre_in(w, box)]
                cell = parse_cell(cell_text(group_lines(mine))) if mine else parse_cell("")
                cells.append(Cell(cell.text, cell.lead, cell.items, bbox=tuple(box), fill=_fill_at(fills, box)))
            rows.append(cells)
            boxes.append(tuple(row.bbox))
        ncols = max((len(r) for r in rows), default=0)
        filled = [r for r in rows if any(not c.empty for c in r)]
        if ncols >= 2 and len(filled) >= 1 and _has_two_filled_columns(filled):
            out.append(PageTable(bbox=bbox, rows=filled, ruled=True, row_boxes=boxes))
    return out


def find_ruled(page: PageContent) -> list[Any]:
    """pdfplumber's ``TableFinder`` with RULED_SETTINGS, step by step on the page model's shapes.

    The same steps as ``TableFinder.get_edges`` and ``__init__`` for the
    "lines" strategies, in the same order (lines, rects, curves), so both
    backends' shapes go through pdfplumber's own snapping, joining and
    cell-finding. Returns pdfplumber ``Table`` objects (their rows and bbox
    need only their cells).
    """
    from pdfplumber.table import Table, cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
    from pdfplumber.utils import filter_edges, obj_to_edges

    settings = _ruled_settings()
    shortest = settings.edge_min_length_prefilter  # a shape smaller than this both ways has no edge that long
    edges = [e for shape in page.lines + page.rects + page.curves
             if shape.width >= shortest or shape.height >= shortest for e in obj_to_edges(_plumber_object(shape))]
    v = filter_edges(edges, "v", min_length=settings.edge_min_length_prefilter)
    h = filter_edges(edges, "h", min_length=settings.edge_min_length_prefilter)
    merged = merge_edges(v + h, snap_x_tolerance=settings.snap_x_tolerance,
                         snap_y_tolerance=settings.snap_y_tolerance, join_x_tolerance=settings.join_x_tolerance,
                         join_y_tolerance=settings.join_y_tolerance)
    merged = filter_edges(merged, min_length=settings.edge_min_length)
    intersections = edges_to_intersections(merged, settings.intersection_x_tolerance,
                                           settings.intersection_y_tolerance)
    cells = intersections_to_cells(intersections)
    return [Table(None, group) for group in cells_to_tables(cells)]  # type: ignore[arg-type] - no Page needed


@functools.cache
def _ruled_settings() -> Any:
    """RULED_SETTINGS resolved into pdfplumber's TableSettings once, not per page."""
    from pdfplumber.table import TableSettings

    return TableSettings.resolve(RULED_SETTINGS)


def _plumber_object(shape: Shape) -> dict[str, Any]:
    """The keys pdfplumber's edge functions read from a line, rect or curve (coordinates are page-local)."""
    return {"object_type": shape.kind, "x0": shape.x0, "x1": shape.x1, "top": shape.top, "bottom": shape.bottom,
            "doctop": shape.top, "width": shape.width, "height": shape.height, "y0": -shape.bottom,
            "y1": -shape.top, "pts": shape.pts}


def _centre_in(w: dict[str, Any], box: Any) -> bool:
    cx = (w["x0"] + w["x1"]) / 2
    cy = (w["top"] + w["bottom"]) / 2
    return box[0] - 0.5 <= cx <= box[2] + 0.5 and box[1] - 0.5 <= cy <= box[3] + 0.5


def _has_two_filled_columns(rows: list[list[Cell]]) -> bool:
    """Some row holds two filled cells: a grid with one text per row is a designed page (a cover), not a table."""
    cols = {i for r in rows for i, c in enumerate(r) if not c.empty}
    return len(cols) >= 2 and any(sum(1 for c in r if not c.empty) >= 2 for r in rows)


_BULLET_START = re.compile(r"^(?:[•●▪◦‣■□➢►✓\uf0b7\uf0a7]|\(cid:\d+\)|o(?=\s+[a-z]))\s*")


def cell_text(lines: list[Line]) -> str:
    """A cell's text from its lines, keeping what the positions say about its list.

    A bullet set further in than the cell's first bullet is a sub-item: it
    joins its item with "; ", as the guidelines join an item's parts. In a
    bulleted cell, an unbulleted line that starts a sentence after a line
    that stopped short is an item of its own.
    """
    bullets = [ln for ln in lines if _BULLET_START.match(ln.text)]
    if not bullets:
        return join_cell_lines("\n".join(ln.text for ln in lines))
    first_x = bullets[0].x0
    right = max(ln.x1 for ln in lines)
    parts: list[str] = []
    for k, ln in enumerate(lines):
        text = ln.text
        if _BULLET_START.match(text) and ln.x0 > first_x + 5 and parts:
            joint = " " if parts[-1].rstrip().endswith(":") else "; "  # "For carers to: be offered ...; have ..."
            parts[-1] = parts[-1].rstrip().rstrip(";") + joint + _BULLET_START.sub("", text, count=1)
            continue
        if k and not _BULLET_START.match(text) and text[:1].isupper() and parts:
            prev = lines[k - 1]
            word = ln.words[0]["x1"] - ln.words[0]["x0"]
            if right - prev.x1 > word + 2 * max(prev.size, 6) and prev.text.rstrip()[-1:] in ".)":
                parts.append("• " + text)
                continue
        parts.append(text)
    return join_cell_lines("\n".join(parts))


def join_cell_lines(text: str) -> str:
    """Lines wrapped inside a cell join with a space; a line starting with a bullet stays a new item."""
    text = CID.sub("•", text.replace("\uf0b7", "•").replace("\uf0a7", "•"))
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    out = ""
    for ln in lines:
        if not out:
            out = ln
        elif out.endswith("-") and ln[:1].islower():
            out = out[:-1] + ln
        else:
            out = f"{out} {ln}"
    return out


def _fills(page: PageContent) -> list[tuple[BBox, RGB]]:
    """Coloured shapes: cell shading (rects) and status dots or badges (rects and curves)."""
    fills = []
    for r in page.rects + page.curves:
        rgb = r.fill
        if rgb is None or (min(rgb) > 0.93) or r.width < 4 or r.height < 4:
            continue  # unfilled, white or hairline rules are not cell colour
        fills.append(((r.x0, r.top, r.x1, r.bottom), rgb))
    return fills


def _fill_at(fills: list[tuple[BBox, tuple[float, float, float]]], box: BBox) -> tuple[float, float, float] | None:
    """The colour of the cell: the smallest shading under its centre, else a dot or badge drawn inside it."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    best = None
    best_area = float("inf")
    for (x0, top, x1, bottom), rgb in fills:
        if x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1:
            area = (x1 - x0) * (bottom - top)
            if area < best_area:
                best, best_area = rgb, area
    if best is not None:
        return best
    cell_area = max((box[2] - box[0]) * (box[3] - box[1]), 1.0)
    for (x0, top, x1, bottom), rgb in fills:
        if box[0] - 1 <= x0 and x1 <= box[2] + 1 and box[1] - 1 <= top and bottom <= box[3] + 1 \
                and (x1 - x0) * (bottom - top) < 0.5 * cell_area:
            return rgb  # a status dot in the cell
    return None


def column_bounds(table: PageTable) -> list[float]:
    """Left edges of a ruled table's columns (from its widest row), then its right edge."""
    widest = max(table.rows, key=len)
    lefts = [c.bbox[0] for c in widest if c.bbox]
    if len(lefts) != len(widest):
        return []
    return sorted(lefts) + [table.bbox[2]]


def attach_spill(table: PageTable, lines: list[Line], used: set[int]) -> None:
    """Text just above or below a ruled table, in its columns, is a row cut by the page break.

    PDF writers often leave the cut edge of a split row unruled, so the line
    finder stops at the last closed row; the words beyond it are that row.
    """
    bounds = column_bounds(table)
    if len(bounds) < 3:
        return
    top, bottom = table.bbox[1], table.bbox[3]
    below: list[int] = []
    edge = bottom
    for k, ln in enumerate(lines):
        if k in used or ln.top < bottom - 1:
            continue
        if ln.top - edge > 2.5 * max(ln.size, 6) or not _fits([ln], bounds):
            break
        below.append(k)
        edge = ln.bottom
    above: list[int] = []
    edge = top
    for k in range(len(lines) - 1, -1, -1):
        ln = lines[k]
        if k in used or ln.bottom > top + 1:
            continue
        if edge - ln.bottom > 2.5 * max(ln.size, 6) or not _fits([ln], bounds) or ln.x0 < bounds[0] + 1:
            break  # a line starting at the table's left edge is prose or a caption, not cell text
        above.insert(0, k)
        edge = ln.top
    if above:
        cells = _cells([lines[k] for k in above], bounds)
        table.rows.insert(0, cells)
        table.row_boxes.insert(0, (bounds[0], lines[above[0]].top, bounds[-1], lines[above[-1]].bottom))
        used.update(above)
    if below:
        cells = _cells([lines[k] for k in below], bounds)
        table.rows.append(cells)
        table.row_boxes.append((bounds[0], lines[below[0]].top, bounds[-1], lines[below[-1]].bottom))
        used.update(below)


# --- borderless tables ---------------------------------------------------------------------------

MIN_GUTTER = 9.0
_NUMBER_ONLY = re.compile(r"^(\d{1,2}(\.\d{1,2}){0,3}\.?|[a-z]\)|\(?[ivx]{1,4}\)|•)$", re.I)


def borderless_tables(lines: list[Line], page_width: float,
                      prior: list[float] | None = None) -> tuple[list[PageTable], set[int], list[float] | None]:
    """Find tables drawn without rules; returns them, the indices of the lines they use, and column bounds.

    `prior` is the column bounds of the last borderless table (also from an
    earlier page): a block of lines that fits those columns continues that
    table, so a column left empty on this page keeps its place.
    """
    tables: list[PageTable] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        if len(_segments(lines[i])) < 2 and not _carried_over(lines, i, prior):
            i += 1
            continue
        j = i
        last_multi = i
        while j + 1 < len(lines):
            nxt = lines[j + 1]
            gap = nxt.top - lines[j].bottom
            if gap > 2.5 * max(lines[j].size, 6):
                break
            if len(_segments(nxt)) >= 2:
                last_multi = j + 1
            elif nxt.x1 - nxt.x0 > 0.75 * (max(ln.x1 for ln in lines[i:j + 1]) - min(ln.x0 for ln in lines[i:j + 1])):
                break  # a full-width paragraph ends the table
            j += 1
        end = _extend_tail(lines, i, last_multi, j)
        region = lines[i:end + 1]
        table, bounds = _table_from_region(region, prior)
        if table is not None:
            tables.append(table)
            prior = bounds
            used.update(range(i, end + 1))
            i = end + 1
        else:
            i += 1
    return tables, used, prior


def _carried_over(lines: list[Line], i: int, prior: list[float] | None) -> bool:
    """One-column lines just above rows in the previous table's columns: cell text carried over a page break."""
    if prior is None:
        return False
    j = i
    while j + 1 < len(lines) and _fits([lines[j]], prior):
        nxt = lines[j + 1]
        if nxt.top - lines[j].bottom > 2.5 * max(lines[j].size, 6):
            return False
        if len(_segments(nxt)) >= 2:
            return _fits([nxt], prior)
        j += 1
    return False


def _extend_tail(lines: list[Line], start: int, last_multi: int, limit: int) -> int:
    """Keep single-column lines after the last multi-column one while they are spaced like cell lines."""
    gaps = [b.top - a.bottom for a, b in zip(lines[start:last_multi + 1], lines[start + 1:last_multi + 1])]
    if not gaps:
        return last_multi
    line_gap = sorted(gaps)[len(gaps) // 4]
    end = last_multi
    while end + 1 <= limit and lines[end + 1].top - lines[end].bottom <= line_gap + 1.0:
        end += 1
    return end


def _segments(line: Line) -> list[list[dict[str, Any]]]:
    """Split a line's words where the horizontal gap is wide enough to be a column gutter."""
    segs: list[list[dict[str, Any]]] = [[line.words[0]]]
    for prev, w in zip(line.words, line.words[1:]):
        if w["x0"] - prev["x1"] >= max(MIN_GUTTER, 1.2 * line.size):
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs


def _fits(region: list[Line], bounds: list[float]) -> bool:
    """Every word lies inside one column of `bounds`, and the region starts near the first column."""
    x0 = min(ln.x0 for ln in region)
    if x0 < bounds[0] - 20 or max(ln.x1 for ln in region) > bounds[-1] + 120:
        return False  # the last column may run a little wider on another page, not a lot
    inner = bounds[1:-1]
    return not any(w["x0"] < b < w["x1"] for ln in region for w in ln.words for b in inner)


def _table_from_region(region: list[Line], prior: list[float] | None) -> tuple[PageTable | None, list[float]]:
    multi = [ln for ln in region if len(_segments(ln)) >= 2]
    # a lone line continues the previous table only with three or more cells in its columns:
    # "1.<gap>Introduction" is a numbered heading, not a row
    continues = prior is not None and bool(multi) and _fits(region, prior) and (
        len(multi) >= 2 or len(_segments(multi[0])) >= 3)
    if len(multi) < 2 and not continues:
        return None, []
    if continues and len(multi) < 2:
        # one line in the columns of the table before it: an orphaned header or row at a page foot
        assert prior is not None
        bounds = list(prior)
        bounds[-1] = max(bounds[-1], max(ln.x1 for ln in region) + 1)
        return _build(region, bounds, [region]), bounds
    x0 = min(ln.x0 for ln in region)
    x1 = max(ln.x1 for ln in region)
    # gutters: x ranges no word of the multi-column lines covers (a full-width group row spans them all)
    covered = sorted((w["x0"], w["x1"]) for ln in multi for w in ln.words)
    gutters: list[tuple[float, float]] = []
    reach = x0
    for a, b in covered:
        if a - reach >= MIN_GUTTER:
            gutters.append((reach, a))
        reach = max(reach, b)
    if not gutters:
        return None, []
    # columns are left-aligned: a column starts where its gutter ends, and text before it may run long
    bounds = [x0] + [b - 2 for a, b in gutters] + [x1 + 1]
    if prior is not None and len(prior) >= len(bounds) and _fits(region, prior):
        bounds = list(prior)
        bounds[-1] = max(bounds[-1], x1 + 1)
    # rows: split where the vertical gap is clearly larger than between lines of one cell
    gaps = [b.top - a.bottom for a, b in zip(region, region[1:])]
    small = sorted(gaps)[: max(1, len(gaps) // 3)]
    threshold = max(statistics.median(small) * 1.6, statistics.median(small) + 2.0) if gaps else 0
    uniform = bool(gaps) and max(gaps) - min(gaps) < 2.0
    rows_lines: list[list[Line]] = [[region[0]]]
    for gap, ln in zip(gaps, region[1:]):
        if uniform:
            # evenly spaced lines (banded rows, no padding): a line that starts in the first column starts a row
            new_row = ln.x0 <= bounds[1] - 1 or len(_segments(ln)) >= 2
        else:
            new_row = gap > threshold
        if new_row:
            rows_lines.append([ln])
        else:
            rows_lines[-1].append(ln)
    if len(rows_lines) < 2:
        return None, []
    table = _build(region, bounds, rows_lines)
    if table is None:
        return None, []
    return table, bounds


def _cells(lines: list[Line], bounds: list[float]) -> list[Cell]:
    """The words of some lines, put in the columns whose left edge they start after."""
    ncols = len(bounds) - 1
    texts: list[list[str]] = [[] for _ in range(ncols)]
    for ln in lines:
        for seg in _segments(ln):
            cx = seg[0]["x0"]
            col = max([k for k in range(ncols) if bounds[k] <= cx + 0.5], default=0)
            texts[col].append(" ".join(w["text"] for w in seg))
    top = min(ln.top for ln in lines)
    bottom = max(ln.bottom for ln in lines)
    cells = []
    for k in range(ncols):
        cell = parse_cell(join_cell_lines("\n".join(texts[k])))
        cells.append(Cell(cell.text, cell.lead, cell.items, bbox=(bounds[k], top, bounds[k + 1], bottom)))
    return cells


def _label_of(text: str) -> str | None:
    m = re.match(r"^([A-Za-z][\w ]{0,20}?)\s*:", text)
    return m.group(1).lower() if m else None


def _parallel_prose(rows: list[list[Cell]], bounds: list[float], cols: list[int]) -> bool:
    """Two text columns of like width, each holding sentences: a two-column page, not a two-column table.

    Borderless two-column tables pair a narrow label or date column with a
    wide one ("Stage | Date", "Action | Lead"); side-by-side text boxes
    ("What: ... Who: ..." twice across a page) are both wide and both wordy.
    """
    a, b = cols
    for k in cols:
        cells = [r[k].text for r in rows if k < len(r) and not r[k].empty]
        if len(cells) >= 3 and sum(1 for t in cells if _label_of(t)) * 2 >= len(cells):
            return True  # "What: / Who: / When:" lines down one side: labelled blocks beside other text
    both = [(r[a].text, r[b].text) for r in rows if max(a, b) < len(r) and not r[a].empty and not r[b].empty]
    same_label = sum(1 for x, y in both if _label_of(x) and _label_of(x) == _label_of(y))
    if both and same_label * 2 >= len(both):
        return True  # "Who: ... | Who: ..." row after row: one layout repeated side by side
    widths = [bounds[k + 1] - bounds[k] for k in cols]
    if min(widths) < 0.6 * max(widths):
        return False
    for k in cols:
        cells = [r[k].text for r in rows if k < len(r) and not r[k].empty]
        if not cells or sum(len(t.split()) for t in cells) / len(cells) < 5:
            return False
    return True


def _build(region: list[Line], bounds: list[float], rows_lines: list[list[Line]]) -> PageTable | None:
    x0, x1 = bounds[0], bounds[-1] - 1
    rows: list[list[Cell]] = []
    boxes: list[BBox] = []
    for lines in rows_lines:
        rows.append(_cells(lines, bounds))
        boxes.append((x0, min(ln.top for ln in lines), x1, max(ln.bottom for ln in lines)))
    filled_cols = {k for r in rows for k, c in enumerate(r) if not c.empty}
    if len(filled_cols) < 2:
        return None
    head = [c for c in rows[0] if not c.empty]
    if len(filled_cols) == 2 and not (len(head) >= 2 and all(len(c.text.split()) <= 6 for c in head)):
        return None  # two columns of prose are a two-column page, not a table
    first = [r[0].text for r in rows if not r[0].empty]
    if len(filled_cols) == 2 and first and all(_NUMBER_ONLY.match(t) for t in first):
        return None  # "1.1   Text ..." with a hanging indent: numbered paragraphs, not a table
    if len(filled_cols) == 2 and _parallel_prose(rows, bounds, sorted(filled_cols)):
        return None
    return PageTable(bbox=(x0, region[0].top, x1, region[-1].bottom), rows=rows, ruled=False, row_boxes=boxes)
