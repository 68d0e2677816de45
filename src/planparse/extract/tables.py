"""Table rows in the Layout -> logical tables and draft action rows.

Exports break tables in every way a page break can: the header repeats (or
not), a row's text wraps onto the next page under empty cells, a row arrives
one cell short because the converter dropped empties, merged cells come out
blank under the first row of their group. This module walks the rows once,
in document order, and rebuilds whole rows; it records, never guesses
silently: inherited values are listed on the row.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from planparse.extract.headers import ColumnMap, is_header_continuation, is_header_row, map_columns, match_header
from planparse.extract.markers import Marker, is_ref, parse_marker, split_leading_ref
from planparse.layout import Block, Cell, Layout
from planparse.text_norm import collapse

FILL_DOWN = ("owner", "outcome", "timescale", "priority_level")
_TERMINAL = re.compile(r"[.!?;:)]\s*$")


@dataclass
class Segment:
    """Rows under one header (or none), in order, with the priority in force at each."""

    header: list[str] | None
    header_block: Block | None
    rows: list[tuple[Block, str | None]] = field(default_factory=list)
    columns: list[ColumnMap] = field(default_factory=list)

    def field_index(self, name: str) -> int | None:
        for i, c in enumerate(self.columns):
            if c.field == name:
                return i
        return None

    @property
    def is_action_table(self) -> bool:
        return self.field_index("action") is not None


@dataclass
class DraftRow:
    """One action as assembled from one or more physical rows."""

    cells: dict[int, Cell]
    segment: Segment
    block: Block
    priority_key: str | None
    ref: str | None
    group: str | None
    inherited: list[str] = field(default_factory=list)
    table_index: int = 0
    row_index: int = 0

    def text(self, name: str) -> str | None:
        i = self.segment.field_index(name)
        if i is None:
            return None
        cell = self.cells.get(i)
        if cell is None or not cell.text.strip():
            return None
        if name == "owner" and cell.parts:
            return "; ".join(cell.parts)  # the cell's own paragraphs are its parties, one each
        return cell.text


@dataclass
class TableResult:
    segments: list[Segment]
    drafts: list[DraftRow]
    markers: list[tuple[Block, Marker]]


def segment_tables(layout: Layout) -> tuple[list[Segment], list[tuple[Block, Marker]]]:
    """Split the document's table rows into header-led segments, noting priority markers."""
    segments: list[Segment] = []
    markers: list[tuple[Block, Marker]] = []
    current: Segment | None = None
    key: str | None = None
    last_was_header = False
    prose_since_rows = False  # a paragraph since the last table row: a later headerless row starts afresh
    blocks = layout.blocks
    for n, b in enumerate(blocks):
        if b.kind in ("furniture", "footnote", "toc_entry"):
            continue
        if b.kind != "table_row":
            marker = parse_marker(b.text) if b.kind == "heading" or len(b.text) < 150 else None
            if marker:
                key = marker.key
                markers.append((b, marker))
            elif b.kind in ("heading", "paragraph", "list_item"):
                current = None
                prose_since_rows |= b.kind != "heading"
            last_was_header = False
            continue
        texts = [c.text for c in b.cells]
        if is_header_row(texts) or (b.after_break and _grid_header(b, _next_row(blocks, n))):
            current = Segment(header=texts, header_block=b)
            segments.append(current)
            last_was_header = True
            prose_since_rows = False
            continue
        if last_was_header and current is not None and current.header and is_header_continuation(texts):
            current.header = _merge_header(current.header, texts)
            continue
        last_was_header = False
        marker = _row_marker(b)
        if marker:
            key = marker.key
            markers.append((b, marker))
            continue
        if all(not t.strip() or set(t.strip()) <= set("-–—_=") for t in texts):
            continue
        if current is None:
            current = _resume(segments, b) if not prose_since_rows else None
        if current is None:
            current = Segment(header=None, header_block=None)
            segments.append(current)
        current.rows.append((b, key))
        prose_since_rows = False
    for s in segments:
        rows = [[c.text for c in b.cells] for b, _ in s.rows]
        # a headerless table still gets fields its cells prove (dates, refs, levels), never an action column
        s.columns = map_columns(s.header or [], rows)
    return segments, markers


def _next_row(blocks: list[Block], n: int) -> Block | None:
    nxt = blocks[n + 1] if n + 1 < len(blocks) else None
    return nxt if nxt is not None and nxt.kind == "table_row" else None


def _grid_header(b: Block, below: Block | None) -> bool:
    """The first row of a table as its header when the mapper knows only some of its words.

    Short title-like cells, one of which names a field, over a row that is
    clearly data (filled differently, or with much longer cells): "Our goals
    | What we mean" over goals and their bullet lists.
    """
    cells = [c for c in b.cells if not c.empty]
    if below is None or len(cells) < 2 or not b.cells or b.cells[0].empty:
        return False  # a row with leading blanks continues a header or a table; it does not start one
    if any(len(c.text.split()) > 6 or c.text.rstrip().endswith((".", ";")) or not c.text[:1].isupper()
           or split_leading_ref(c.text)[0] for c in cells):
        return False
    if not any(match_header(c.text)[0] for c in cells):
        return False
    words_here = sum(len(c.text.split()) for c in cells)
    words_below = sum(len(c.text.split()) for c in below.cells)
    fills_here = {c.fill for c in cells}
    fills_below = {c.fill for c in below.cells if not c.empty}
    styled = None not in fills_here and not (fills_here & fills_below)
    return styled or words_below >= 3 * words_here


def _resume(segments: list[Segment], row: Block) -> Segment | None:
    """A table continued on the next page without its header: same width, only a running head between."""
    if not segments or segments[-1].header is None:
        return None
    last = segments[-1]
    widths = [len(b.cells) for b, _ in last.rows] or [len(last.header or [])]
    return last if min(abs(row.width - w) for w in widths) <= 1 else None


def _merge_header(top: list[str], bottom: list[str]) -> list[str]:
    width = max(len(top), len(bottom))
    top = top + [""] * (width - len(top))
    bottom = bottom + [""] * (width - len(bottom))
    return [collapse(f"{a} {b}") for a, b in zip(top, bottom)]


def _row_marker(b: Block) -> Marker | None:
    """A row that only says 'Priority 4: Justice...' (spread over cells or not).

    Cells of one or two characters before it are glyphs the export split
    off (a bullet, an icon, a drop capital), not part of the marker.
    """
    nonempty = [c.text for c in b.cells if not c.empty]
    while nonempty and len(nonempty[0].strip()) <= 2 and not is_ref(nonempty[0]):
        nonempty = nonempty[1:]
    if not nonempty or len(nonempty) > 4 or any(is_ref(t) for t in nonempty):
        return None
    text = " ".join(nonempty)
    if len(text.split()) > 20:
        return None
    return parse_marker(text)


def assemble(layout: Layout) -> TableResult:
    segments, markers = segment_tables(layout)
    drafts: list[DraftRow] = []
    table_index = -1
    previous_header: list[str] | None = None
    for seg in segments:
        if not seg.is_action_table:
            continue
        if seg.header != previous_header:
            table_index += 1
            previous_header = seg.header
        _assemble_segment(seg, drafts, table_index)
    return TableResult(segments=segments, drafts=drafts, markers=markers)


def _assemble_segment(seg: Segment, drafts: list[DraftRow], table_index: int) -> None:
    ai = seg.field_index("action")
    ri = seg.field_index("ref")
    gi = _group_index(seg)
    assert ai is not None
    counts = Counter(len(b.cells) for b, _ in seg.rows)
    # the usual row width; on a tie the wider one (a short row is the odd one out, not a full one)
    width = max(counts, key=lambda w: (counts[w], w)) if counts else len(seg.columns)
    refs_used = _refs_used(seg, ai, ri)
    group = drafts[-1].group if drafts and gi is not None and _same_group_column(drafts[-1].segment, seg) else None
    for block, key in seg.rows:
        cells = list(block.cells) + [Cell("")] * (len(seg.columns) - len(block.cells))
        action = cells[ai].text.strip()
        ref_cell = cells[ri].text.strip() if ri is not None else ""
        nonempty = [i for i, c in enumerate(cells) if not c.empty]
        if nonempty == [0] and len(seg.columns) >= 3 and gi is None and _is_group_label(cells[0].text, ai == 0):
            group = cells[0].text  # full-width section row: a group label, not an action
            continue
        leading_ref, _ = split_leading_ref(action)
        ref = ref_cell.rstrip(".") if ref_cell and is_ref(ref_cell) else leading_ref
        last = drafts[-1] if drafts else None
        continuation = last is not None and (
            (not action and not ref)
            or (refs_used and not ref)
            or (not refs_used and action[:1].islower())
        )
        if continuation and last is not None:
            _merge_into(last, block, cells, width)
            continue
        if not action:
            continue
        group_inherited = gi is not None and cells[gi].empty and group is not None
        if gi is not None and not cells[gi].empty:
            group = cells[gi].text
        draft = DraftRow(
            cells={i: c for i, c in enumerate(cells)}, segment=seg, block=block, priority_key=key,
            ref=ref, group=group, table_index=table_index,
            row_index=sum(1 for d in drafts if d.table_index == table_index),
        )
        if ri is None and leading_ref:
            draft.cells[ai] = _strip_ref(cells[ai])
        if group_inherited and seg.columns[gi].field == "group":  # type: ignore[index]
            draft.inherited.append("group")
        same_group = last is not None and last.segment.columns == seg.columns and (
            (gi is not None and cells[gi].empty) or (gi is None and group is not None and last.group == group))
        if same_group and last is not None:
            _fill_down(draft, last, seg)
        drafts.append(draft)


def _is_group_label(text: str, in_action_column: bool) -> bool:
    """'Theme A: Healthy places' across the table; not a ref, not text carried over from a cell above."""
    words = text.split()
    if not words or is_ref(text) or text[:1].islower():
        return False
    return not in_action_column or (len(words) <= 10 and not text.rstrip().endswith("."))


def _same_group_column(a: Segment, b: Segment) -> bool:
    ga, gb = _group_index(a), _group_index(b)
    return ga is not None and ga == gb and a.columns[ga].header == b.columns[gb].header


def _group_index(seg: Segment) -> int | None:
    """The column whose blank cells mean 'same as above': a group/level column, or a leading outcome column."""
    gi = seg.field_index("group")
    if gi is not None:
        return gi
    oi = seg.field_index("outcome")
    if oi == 0:
        return oi
    return None


def _refs_used(seg: Segment, ai: int, ri: int | None) -> bool:
    with_text = 0
    with_ref = 0
    for b, _ in seg.rows:
        cells = b.cells
        action = cells[ai].text if ai < len(cells) else ""
        if not action.strip():
            continue
        with_text += 1
        ref_cell = cells[ri].text if ri is not None and ri < len(cells) else ""
        if (ref_cell and is_ref(ref_cell)) or split_leading_ref(action)[0]:
            with_ref += 1
    return with_text > 0 and with_ref / with_text >= 0.5


def _strip_ref(cell: Cell) -> Cell:
    _, rest = split_leading_ref(cell.text)
    _, lead = split_leading_ref(cell.lead) if cell.lead else (None, cell.lead)
    return Cell(text=rest, lead=lead, items=cell.items, bbox=cell.bbox, fill=cell.fill, parts=cell.parts)


def _fill_down(draft: DraftRow, above: DraftRow, seg: Segment) -> None:
    for name in FILL_DOWN:
        i = seg.field_index(name)
        if i is None:
            continue
        if draft.cells.get(i, Cell("")).empty and not above.cells.get(i, Cell("")).empty:
            draft.cells[i] = above.cells[i]
            draft.inherited.append(name)


def _merge_into(draft: DraftRow, block: Block, cells: list[Cell], width: int) -> None:
    """Append a continuation row's cells to the action it continues."""
    physical = block.cells
    if len(physical) < width and len([c for c in physical if not c.empty]) > 0:
        placement = _align(draft, physical)
    else:
        placement = {i: c for i, c in enumerate(cells) if not c.empty}
    for i, cell in placement.items():
        draft.cells[i] = merge_cells(draft.cells.get(i, Cell("")), cell)
        name = draft.segment.columns[i].field if i < len(draft.segment.columns) else None
        if name in draft.inherited:
            draft.inherited.remove(name)


def merge_cells(a: Cell, b: Cell) -> Cell:
    """Text that wrapped onto the next page joins with a space; new bullets join the list."""
    if a.empty:
        return b
    if b.empty:
        return a
    items = list(a.items)
    lead = a.lead
    if b.lead:
        if items:
            items[-1] = collapse(f"{items[-1]} {b.lead}")
        else:
            lead = collapse(f"{lead} {b.lead}")
    items.extend(b.items)
    text = "; ".join(items)
    text = f"{lead} {text}".strip() if lead and text else (lead or text)
    parts = a.parts + b.parts if a.parts and b.parts else ()  # paragraphs only where both halves had them
    return Cell(text=text, lead=lead, items=tuple(items), bbox=a.bbox, fill=a.fill, parts=parts)


def _align(draft: DraftRow, physical: list[Cell]) -> dict[int, Cell]:
    """Place a short row's cells in the columns they most plausibly continue (order kept)."""
    ncols = len(draft.segment.columns)
    items = [(k, c) for k, c in enumerate(physical) if not c.empty]
    neg = float("-inf")
    # best[j][i]: best score placing the first j cells with the j-th in column i
    best = [[neg] * ncols for _ in items]
    back: list[list[int]] = [[-1] * ncols for _ in items]
    for j, (k, cell) in enumerate(items):
        for i in range(ncols):
            score = _affinity(draft, i, k, cell)
            if j == 0:
                best[j][i] = score
                continue
            prev = max(range(i), key=lambda p: best[j - 1][p], default=None)
            if prev is not None and best[j - 1][prev] > neg:
                best[j][i] = best[j - 1][prev] + score
                back[j][i] = prev
    end = max(range(ncols), key=lambda i: best[-1][i])
    placement: dict[int, Cell] = {}
    for j in range(len(items) - 1, -1, -1):
        placement[end] = items[j][1]
        end = back[j][end]
    return placement


def _affinity(draft: DraftRow, col: int, position: int, cell: Cell) -> float:
    above = draft.cells.get(col, Cell(""))
    field_name = draft.segment.columns[col].field
    score = 0.5 if col == position else 0.0
    if above.empty:
        return score - 1.0
    if cell.text[:1].islower() and not _TERMINAL.search(above.text):
        score += 3.0
    if cell.items and not cell.lead and above.items:
        score += 2.0
    if field_name == "owner" and _looks_like_party(cell.text):
        score += 1.5
    if field_name in ("ref", "group"):
        score -= 2.0
    return score


def _looks_like_party(text: str) -> bool:
    words = text.split()
    return bool(words) and len(words) <= 12 and not text.startswith("-") and sum(
        w[:1].isupper() for w in words) >= len(words) / 2
