"""Grids of boxed panels: tables drawn as separate boxes rather than as one ruled grid.

Designed strategies lay out "Our goals | What we mean" as a column of
coloured boxes beside a column of outlined boxes, or one rounded panel per
goal across the page, with a gap between the boxes. A line-based table
finder sees no shared edges there, so each box would be a one-cell table.
Here every drawn box that holds text is a cell; boxes whose tops and
bottoms line up form rows, boxes whose left and right edges line up form
columns, and a block of at least two rows by two columns is a table. Text
set just left of a row, outside the boxes ("Our goals", "What we mean"),
is that row's label cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planparse.layout import Cell
from planparse.readers.cells import parse_cell
from planparse.readers.pdf_objects import PageContent
from planparse.readers.pdf_tables import PageTable, cell_text, group_lines

BBox = tuple[float, float, float, float]

MIN_WIDTH, MIN_HEIGHT = 30.0, 14.0
ALIGN = 6.0  # points two box edges may differ by and still line up


@dataclass
class _Panel:
    bbox: BBox
    fill: tuple[float, float, float] | None
    words: list[dict[str, Any]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def top(self) -> float:
        return self.bbox[1]

    @property
    def x1(self) -> float:
        return self.bbox[2]

    @property
    def bottom(self) -> float:
        return self.bbox[3]


def panel_tables(page: PageContent, words: list[dict[str, Any]]) -> list[PageTable]:
    """Tables made of separate boxes on this page (words already inside ruled tables excluded)."""
    panels = _panels(page)
    if len(panels) < 4 or not words:
        return []
    for w in words:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        holders = [p for p in panels if p.x0 <= cx <= p.x1 and p.top <= cy <= p.bottom]
        if holders:
            min(holders, key=lambda p: (p.x1 - p.x0) * (p.bottom - p.top)).words.append(w)
    texted = [p for p in panels if p.words and not _holds_other(p, panels)]
    out: list[PageTable] = []
    for grid in _grids(texted):
        table = _table(grid, words)
        if table is not None:
            out.append(table)
    return out


def _panels(page: PageContent) -> list[_Panel]:
    """Filled (not white) or outlined boxes of a useful size; the page background and duplicates left out."""
    area = page.width * page.height
    seen: dict[tuple[int, int, int, int], _Panel] = {}
    for obj in page.rects + page.curves:
        w, h = obj.width, obj.height
        if w < MIN_WIDTH or h < MIN_HEIGHT or w * h > 0.7 * area:
            continue
        fill = obj.fill
        visible_fill = fill is not None and min(fill) < 0.97
        if not visible_fill and not obj.stroke:
            continue
        key = (round(obj.x0), round(obj.top), round(obj.x1), round(obj.bottom))
        panel = seen.get(key)
        if panel is None:
            seen[key] = _Panel((obj.x0, obj.top, obj.x1, obj.bottom), fill if visible_fill else None)
        elif visible_fill and panel.fill is None:
            panel.fill = fill
    return list(seen.values())


def _holds_other(p: _Panel, panels: list[_Panel]) -> bool:
    """A box around other text boxes is a frame (a section background), not a cell."""
    return any(q is not p and q.words and p.x0 - 1 <= q.x0 and q.x1 <= p.x1 + 1 and p.top - 1 <= q.top
               and q.bottom <= p.bottom + 1 for q in panels)


def _grids(panels: list[_Panel]) -> list[list[list[_Panel]]]:
    """Blocks of rows of aligned boxes: consecutive rows with the same column edges, two or more of each."""
    rows: list[list[_Panel]] = []
    for p in sorted(panels, key=lambda p: (p.top, p.x0)):
        row = next((r for r in rows if abs(r[0].top - p.top) <= ALIGN and abs(r[0].bottom - p.bottom) <= ALIGN), None)
        if row is None:
            rows.append([p])
        else:
            row.append(p)
    rows = [sorted(r, key=lambda p: p.x0) for r in rows if len(r) >= 2 and not _overlapping(r)]
    rows.sort(key=lambda r: r[0].top)
    grids: list[list[list[_Panel]]] = []
    for row in rows:
        last = grids[-1] if grids else None
        if last is not None and _same_columns(last[-1], row) and row[0].top >= last[-1][0].bottom - ALIGN:
            last.append(row)
        else:
            grids.append([row])
    return [g for g in grids if len(g) >= 2]


def _overlapping(row: list[_Panel]) -> bool:
    return any(b.x0 < a.x1 - ALIGN for a, b in zip(sorted(row, key=lambda p: p.x0), sorted(row, key=lambda p: p.x0)[1:]))


def _same_columns(a: list[_Panel], b: list[_Panel]) -> bool:
    """Boxes one above the other share most of their width (hand-placed boxes are a few points off)."""
    def shared(p: _Panel, q: _Panel) -> float:
        return (min(p.x1, q.x1) - max(p.x0, q.x0)) / min(p.x1 - p.x0, q.x1 - q.x0)

    return len(a) == len(b) and all(shared(p, q) >= 0.8 for p, q in zip(a, b))


def _table(grid: list[list[_Panel]], words: list[dict[str, Any]]) -> PageTable | None:
    x0 = min(p.x0 for r in grid for p in r)
    x1 = max(p.x1 for r in grid for p in r)
    top, bottom = grid[0][0].top, max(p.bottom for p in grid[-1])
    labels = [_label(row, x0, words) for row in grid]
    with_labels = any(labels)
    rows: list[list[Cell]] = []
    boxes: list[BBox] = []
    for row, label in zip(grid, labels):
        cells = [_cell(p) for p in row]
        if with_labels:
            lx0 = min((w["x0"] for w in label), default=x0)
            text = " ".join(ln.text for ln in group_lines(label)) if label else ""
            cells.insert(0, Cell(text, lead=text, bbox=(lx0, row[0].top, x0, row[0].bottom)))
        rows.append(cells)
        boxes.append((x0, min(p.top for p in row), x1, max(p.bottom for p in row)))
    left = min((w["x0"] for lab in labels for w in lab), default=x0)
    return PageTable(bbox=(left, top, x1, bottom), rows=rows, ruled=False, row_boxes=boxes)


def _label(row: list[_Panel], grid_x0: float, words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Words just left of the row's first box, within its height: the row's label."""
    top, bottom = min(p.top for p in row), max(p.bottom for p in row)
    near = [w for w in words if w["x1"] <= grid_x0 + 1 and w["x0"] >= grid_x0 - 140
            and top - 2 <= (w["top"] + w["bottom"]) / 2 <= bottom + 2]
    return near if sum(len(w["text"]) for w in near) <= 60 else []


def _cell(p: _Panel) -> Cell:
    cell = parse_cell(cell_text(group_lines(p.words)))
    return Cell(cell.text, cell.lead, cell.items, bbox=p.bbox, fill=p.fill)
