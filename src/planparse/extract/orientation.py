"""Tables that run sideways: field names down the first column, one record per other column.

Two layouts put the labels on the left. An action "card" is a small
two-column table per action ("Task | ...", "Owned by | ...", "Timescale |
...", "RAG | ..."), often one card after another. A goals grid sets its
labels as row heads ("Our goals", "What we mean") with one column per goal.
Both are turned the usual way round here, so that the table extractor sees a
header row and one row per record and nothing downstream knows the
difference.
"""

from __future__ import annotations

import re

from planparse.extract.headers import is_header_row, match_header
from planparse.extract.markers import parse_marker, split_leading_ref
from planparse.layout import Block, Cell, Layout

MAX_LABEL_WORDS = 5


def reoriented(layout: Layout) -> Layout:
    """The layout as the extractors read it: every sideways table turned header-up."""
    return Layout(blocks=reorient(layout.blocks), format=layout.format, pages=layout.pages,
                  encoding=layout.encoding, warnings=layout.warnings)


def reorient(blocks: list[Block]) -> list[Block]:
    """The document's blocks with every sideways table turned into header + records."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        j = _table_end(blocks, i)
        if j == i:
            out.append(blocks[i])
            i += 1
            continue
        rows = blocks[i:j]
        turned = _turn(rows)
        out.extend(turned if turned is not None else rows)
        i = j
    return out


def _table_end(blocks: list[Block], i: int) -> int:
    """End (exclusive) of the physical table starting at i: rows of one page, from a row that starts a table."""
    b = blocks[i]
    if b.kind != "table_row" or not b.after_break:
        return i
    j = i + 1
    while j < len(blocks) and blocks[j].kind == "table_row" and not blocks[j].after_break \
            and blocks[j].page == b.page:
        j += 1
    return j


def _is_label(text: str) -> bool:
    """A short row head: a few words, capitalised, no sentence end, no item number."""
    t = text.strip().rstrip(":").strip()
    return bool(t) and len(t.split()) <= MAX_LABEL_WORDS and not re.search(r"[.;!?]$", t) \
        and t[:1].isupper() and split_leading_ref(t)[0] is None and parse_marker(t) is None


def _turn(rows: list[Block]) -> list[Block] | None:
    if len(rows) < 2 or any(is_header_row([c.text for c in r.cells]) for r in rows):
        return None
    firsts = [r.cells[0].text if r.cells else "" for r in rows]
    if not all(_is_label(t) for t in firsts):
        return None
    labels = [match_header(t.strip().rstrip(":"))[0] for t in firsts]
    if sum(1 for f in labels if f) * 2 < len(rows):
        return None
    if len({f for f in labels if f}) < 2 and len(rows) > 2:
        return None
    width = max(len(r.cells) for r in rows)
    if width == 2:
        return _cards(rows, labels)
    return _columns_as_records(rows, width)


def _columns_as_records(rows: list[Block], width: int) -> list[Block]:
    """A goals grid: row heads become the header, each further column one record."""
    header = [r.cells[0] for r in rows]
    out = [_row(rows[0], header, "grid", after_break=True)]
    for k in range(1, width):
        cells = [r.cells[k] if k < len(r.cells) else Cell("") for r in rows]
        if all(c.empty for c in cells):
            continue
        out.append(_row(rows[0], cells, "grid"))
    return out


def _cards(rows: list[Block], labels: list[str | None]) -> list[Block]:
    """Key-value cards: a new record starts each time the first label comes round again."""
    first = labels[0]
    records: list[list[Block]] = []
    for r, f in zip(rows, labels):
        if not records or (f is not None and f == first):
            records.append([])
        records[-1].append(r)
    names: list[Cell] = []
    for rec in records:
        for r in rec:
            if r.cells[0].text not in [n.text for n in names]:
                names.append(r.cells[0])
    out = [_row(rows[0], names, "card", after_break=True)]
    for rec in records:
        by_name = {r.cells[0].text: (r.cells[1] if len(r.cells) > 1 else Cell("")) for r in rec}
        out.append(_row(rec[0], [by_name.get(n.text, Cell("")) for n in names], "card"))
    return out


def _row(like: Block, cells: list[Cell], shape: str, after_break: bool = False) -> Block:
    boxes = [c.bbox for c in cells if c.bbox]
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes)) if boxes else like.bbox
    text = " ".join(c.text for c in cells if not c.empty)
    return Block("table_row", text, line=like.line, page=like.page, bbox=bbox, cells=list(cells),
                 after_break=after_break, sideways=shape)
