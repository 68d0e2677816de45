"""Every action of a plan, whatever shape it is published in, as one list in document order.

Plans publish actions as table rows (extract/table_actions.py, with
goals tables and sideways cards already turned the usual way round),
labelled blocks (extract/labelled.py) and commitment lists
(extract/lists.py). Lists count only where the plan has no action table:
a strategy's narrative often lists in brief what its action table then
sets out in full, and the table is the record. Each action keeps the
position of the block it came from, so priorities can be linked by where
the action sits.
"""

from __future__ import annotations

from dataclasses import dataclass

from planparse.extract.labelled import LabelledAction, labelled_actions
from planparse.extract.language import is_lead_in, section_kind
from planparse.extract.lists import ListAction, ListGroup, list_actions
from planparse.extract.table_actions import has_action_table, rag_of, table_actions
from planparse.extract.tables import TableResult
from planparse.layout import Layout
from planparse.schema import Action, Provenance, Status, Timescale, action_id
from planparse.text_norm import fold


@dataclass
class Found:
    """An action and where it sits: its block's index in the layout, and the list group it is under."""

    action: Action
    index: int
    group: ListGroup | None = None


def find_actions(layout: Layout, tables: TableResult, sha256: str) -> list[Found]:
    position = {id(b): i for i, b in enumerate(layout.blocks)}
    found = [Found(a, position.get(id(block), -1)) for a, block, seg in table_actions(tables, sha256)
             if not _introduced_as_not_actions(layout, position.get(id(seg.header_block or block), -1))]
    found += [Found(_from_labelled(item, sha256), item.index) for item in labelled_actions(layout)]
    if not has_action_table(tables):
        found += [Found(_from_list(item, sha256), item.item.index, item.group) for item in list_actions(layout)]
    found = _without_repeats(found)
    found.sort(key=lambda f: f.index)  # stable: rows of one block keep their order
    return found


def _introduced_as_not_actions(layout: Layout, index: int) -> bool:
    """A table the heading or lead-in directly above it (same page) presents as principles, indicators ..."""
    if index < 0:
        return False
    page = layout.blocks[index].page
    for b in reversed(layout.blocks[:index]):
        if b.kind in ("furniture", "footnote"):
            continue
        if b.page != page or b.kind == "table_row":
            return False
        if b.kind == "heading" or (b.kind == "paragraph" and is_lead_in(b.text)):
            return section_kind(b.text) == "not_actions"
        return False  # prose between: the table is not introduced by a label
    return False


def _without_repeats(found: list[Found]) -> list[Found]:
    """An action read in two shapes (a labelled block also read as a table row) is kept once, as the first.

    A plan that repeats an action in the same shape (the same bullet under
    two goals) states it twice, so both stay.
    """
    shapes: dict[str, str] = {}
    out: list[Found] = []
    for f in found:
        key = fold(f.action.text)
        if shapes.setdefault(key, f.action.method) != f.action.method:
            continue
        out.append(f)
    return out


def _from_labelled(item: LabelledAction, sha256: str) -> Action:
    fields = item.fields
    text = fields["action"]
    progress = fields.get("progress")
    b = item.block
    return Action(
        id=action_id(sha256, None, text),
        text=text,
        outcome=fields.get("outcome"),
        output=fields.get("output"),
        owners_raw=fields.get("owner"),
        priority_level=fields.get("priority_level"),
        timescale=Timescale(raw=fields["timescale"]) if fields.get("timescale") else None,
        status=Status(rag=rag_of(progress), progress=progress),
        provenance=Provenance(page=b.page, line=b.line, bbox=_union([x.bbox for x in item.blocks])),
        method="labelled_block",
    )


def _from_list(item: ListAction, sha256: str) -> Action:
    b = item.item.block
    text = item.item.full_text
    return Action(
        id=action_id(sha256, item.item.number, text),
        ref=item.item.number,
        text=text,
        group=item.group.title if item.group else None,
        provenance=Provenance(page=b.page, line=b.line, bbox=b.bbox),
        method="statement" if item.shape == "statement" else "list",
    )


def _union(boxes: list[tuple[float, float, float, float] | None]) -> tuple[float, float, float, float] | None:
    real = [b for b in boxes if b]
    if not real:
        return None
    return (min(b[0] for b in real), min(b[1] for b in real), max(b[2] for b in real), max(b[3] for b in real))
