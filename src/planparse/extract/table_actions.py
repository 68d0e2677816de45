"""Draft table rows -> schema Actions, and every table for Plan.tables (owners still raw; enrichers split them)."""

from __future__ import annotations

import re

from planparse.extract.headers import table_kind
from planparse.extract.language import commitment_sentences
from planparse.extract.tables import DraftRow, Segment, TableResult
from planparse.layout import Block
from planparse.schema import Action, Provenance, Status, Table, TableColumn, Timescale, action_id

_LEVEL = re.compile(r"^(high|medium|low|standard|critical|essential|desirable|key)\b", re.I)
_RAG_PREFIX = re.compile(r"^\s*(red|amber|green|r|a|g)\b\s*(?:[:\-–.)]|$)", re.I)
_RAG_WORD = {"red": "R", "amber": "A", "green": "G", "r": "R", "a": "A", "g": "G"}
_FIELDS_IN_SCHEMA = ("action", "ref", "owner", "timescale", "outcome", "output", "progress", "priority_level", "group")


def table_actions(result: TableResult, sha256: str) -> list[tuple[Action, Block, Segment]]:
    """Each action of the action tables, with the row block it was read from and its table segment."""
    out: list[tuple[Action, Block, Segment]] = []
    styles: dict[int, bool] = {}
    for d in result.drafts:
        seg = id(d.segment)
        if seg not in styles:
            styles[seg] = _commitment_prose(d.segment, result.drafts)
        texts = cell_actions(d, styles[seg])
        if texts is None:
            out.append((_action(d, sha256), d.block, d.segment))
            continue
        prose = styles[seg] and not d.cells[d.segment.field_index("action") or 0].items
        for text in texts:
            a = _action(d, sha256, text)
            if prose:
                a.method = "statement"
            a.flags.append("one of several actions in one cell")
            out.append((a, d.block, d.segment))
    return out


def has_action_table(result: TableResult) -> bool:
    """A table that ties something to each action (a ref, an owner, a date, a status), not only goals."""
    return any(d.segment.is_action_table and not _goals_table(d.segment) for d in result.drafts)


def _goals_table(seg: Segment) -> bool:
    """An action column beside goals only: no ref, owner, timescale or status columns to tie one action per row."""
    fields = {c.field for c in seg.columns}
    return "action" in fields and not fields & {"ref", "owner", "timescale", "progress", "priority_level"}


def _commitment_prose(seg: Segment, drafts: list[DraftRow]) -> bool:
    """A goals table whose action cells are prose holding 'We will ...' sentences."""
    if not _goals_table(seg):
        return False
    cells = [d.cells.get(seg.field_index("action") or 0) for d in drafts if d.segment is seg]
    return any(c is not None and not c.items and commitment_sentences(c.text) for c in cells)


def cell_actions(d: DraftRow, commitment_prose: bool) -> list[str] | None:
    """Several actions written in one cell of a goals table, or None where the row is one action.

    A goal's cell often lists what will be done as bullets (one action per
    bullet), or as prose in which the commitments are the "We will ..."
    sentences. A lead before the bullets ("We will: ...") makes them one
    action, as the guidelines join items with '; '.
    """
    if not _goals_table(d.segment):
        return None
    cell = d.cells.get(d.segment.field_index("action") or 0)
    if cell is None or cell.empty:
        return None
    if len(cell.items) >= 2 and not cell.lead:
        return list(cell.items)
    if commitment_prose and not cell.items:
        return commitment_sentences(cell.text)
    return None


def _action(d: DraftRow, sha256: str, text: str | None = None) -> Action:
    """The action of one assembled row; priority_key is the marker in force, checked when priorities are linked."""
    text = text if text is not None else (d.text("action") or "")
    key = d.priority_key
    level_raw = d.text("priority_level")
    progress = d.text("progress")
    cell_bbox = d.block.bbox
    ai = d.segment.field_index("action")
    if ai is not None and d.cells.get(ai) is not None and d.cells[ai].bbox:
        cell_bbox = d.cells[ai].bbox
    action_col = d.segment.columns[ai] if (ai := d.segment.field_index("action")) is not None else None
    flags = []
    if action_col is not None and action_col.score < 90:
        flags.append(f"action column '{action_col.header}' chosen by a loose match or by its content")
    if d.inherited:
        flags.append("fields filled down from the row above: " + ", ".join(d.inherited))
    return Action(
        flags=flags,
        method="card" if d.block.sideways == "card" else "table",
        id=action_id(sha256, d.ref, text),
        ref=d.ref,
        priority_key=key,
        text=text,
        outcome=d.text("outcome"),
        output=d.text("output"),
        owners_raw=d.text("owner"),
        priority_level=_level(level_raw),
        timescale=Timescale(raw=t) if (t := d.text("timescale")) else None,
        status=Status(rag=rag_of(progress, d), progress=progress),
        group=d.group,
        extra=_extra(d),
        inherited=list(d.inherited),
        provenance=Provenance(
            page=d.block.page, line=d.block.line, bbox=cell_bbox,
            table_index=d.table_index, row_index=d.row_index,
        ),
    )


def _level(raw: str | None) -> str | None:
    """'High (DANA recommendation)' -> 'High'; anything unrecognised is kept as written."""
    if not raw:
        return None
    m = _LEVEL.match(raw.strip())
    return m.group(1).capitalize() if m else raw.strip()


def rag_of(progress: str | None, d: DraftRow | None = None) -> str | None:
    """RAG from the words of a progress cell ('G: Data being collected', 'Amber'), else from a cell's fill."""
    if progress:
        m = _RAG_PREFIX.match(progress)
        if m:
            return _RAG_WORD[m.group(1).lower()]
    if d is not None:
        for name in ("progress", "ref"):
            i = d.segment.field_index(name)
            cell = d.cells.get(i) if i is not None else None
            if cell is not None and cell.fill is not None:
                return _rag_from_fill(cell.fill)
    return None


def _rag_from_fill(rgb: tuple[float, float, float]) -> str | None:
    r, g, b = rgb
    if r > 0.7 and g < 0.45 and b < 0.45:
        return "R"
    if r > 0.8 and 0.5 <= g and b < 0.45:
        return "A"  # amber, orange or yellow
    if g > 0.5 and r < 0.6 and b < 0.6:
        return "G"
    return None


def _extra(d: DraftRow) -> dict[str, str]:
    out: dict[str, str] = {}
    for i, col in enumerate(d.segment.columns):
        cell = d.cells.get(i)
        if cell is None or cell.empty or not col.header.strip():
            continue
        if col.field is None or col.field == "group" or col.field not in _FIELDS_IN_SCHEMA:
            out[col.header] = cell.text
        elif col.field == "priority_level" and _level(cell.text) != cell.text:
            out[col.header] = cell.text  # keep the full wording beside the normalised level
    return out


def build_tables(result: TableResult) -> list[Table]:
    """Every logical table, action or not: segments under the same header are one table, across pages."""
    tables: list[Table] = []
    by_index: dict[int, list[DraftRow]] = {}
    for d in result.drafts:
        by_index.setdefault(d.table_index, []).append(d)
    done_action: set[int] = set()
    last_by_header: dict[tuple[str, ...], Table] = {}
    for seg in result.segments:
        if seg.is_action_table:
            idx = next((d.table_index for d in result.drafts if d.segment is seg), None)
            if idx is None or idx in done_action:
                continue
            done_action.add(idx)
            rows = [[d.cells[i].text if i in d.cells else "" for i in range(len(d.segment.columns))]
                    for d in by_index[idx]]
            pages = sorted({d.block.page for d in by_index[idx] if d.block.page})
            tables.append(_table(seg, rows, pages))
            continue
        if not seg.rows:
            continue
        rows = [[c.text for c in b.cells] for b, _ in seg.rows]
        pages = sorted({b.page for b, _ in seg.rows if b.page})
        key = tuple(seg.header or ())
        same = last_by_header.get(key) if seg.header else None
        if same is not None:
            same.rows.extend(rows)  # the header repeated on the next page: one table
            same.pages = sorted(set(same.pages) | set(pages))
            continue
        table = _table(seg, rows, pages)
        tables.append(table)
        if seg.header:
            last_by_header[key] = table
    return tables


def _table(seg: Segment, rows: list[list[str]], pages: list[int]) -> Table:
    first = seg.header_block or (seg.rows[0][0] if seg.rows else None)
    kind = table_kind({c.field for c in seg.columns})
    return Table(
        columns=[TableColumn(header=c.header, field=c.field, score=c.score) for c in seg.columns],
        rows=rows,
        kind=kind,  # type: ignore[arg-type]
        is_action_table=kind == "actions",
        pages=pages,
        provenance=Provenance(page=first.page if first else None, line=first.line if first else None,
                              bbox=first.bbox if first else None),
    )
