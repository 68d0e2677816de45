"""Actions set out as labelled paragraphs: "What: ... / Who: ... / When: ...".

Brochure-style strategies list their actions as short blocks of labelled
lines instead of a table ("Action: ... Lead: ... By when: ..."). The labels
are table headers in another form, so they are matched with the same
header vocabulary (data/fields.json). A block starts at a label naming the
action and takes the labels that follow it until the next action label or
unlabelled text; it counts as an action only with a second field (who or
when), so a lone "Action:" in prose is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planparse.extract.headers import match_header
from planparse.layout import Block, Layout

# "What:", "By when:", "Lead officer:" at the start of a paragraph or inside it, before its value
_LABEL = re.compile(r"(?:(?<=\s)|^)([A-Z][A-Za-z'’/&]*(?:[ -][A-Za-z'’/&()]+){0,2})\s*:\s+(?=\S)")
FIELDS = ("action", "owner", "timescale", "outcome", "output", "progress", "priority_level")


@dataclass
class LabelledAction:
    """One labelled block: the field values as written and where it starts."""

    fields: dict[str, str]
    labels: dict[str, str]  # field -> the label as printed, for Action.extra
    block: Block
    index: int  # position of the first block in the layout
    blocks: list[Block] = field(default_factory=list)


def labelled_actions(layout: Layout) -> list[LabelledAction]:
    out: list[LabelledAction] = []
    current: LabelledAction | None = None
    for i, b in enumerate(layout.blocks):
        if b.kind in ("furniture", "footnote", "toc_entry"):
            continue
        parts = _labelled_parts(b.text) if b.kind in ("paragraph", "list_item") else []
        if not parts:
            current = _close(current, out)
            continue
        for name, label, value in parts:
            if name == "action" or current is None:
                current = _close(current, out)
                if name != "action":
                    continue
                current = LabelledAction(fields={}, labels={}, block=b, index=i)
            if name in current.fields:
                current.fields[name] = f"{current.fields[name]} {value}"
            else:
                current.fields[name] = value
                current.labels[name] = label
            if b not in current.blocks:
                current.blocks.append(b)
    _close(current, out)
    return out


def _close(current: LabelledAction | None, out: list[LabelledAction]) -> None:
    if current is not None and current.fields.get("action") and (
            "owner" in current.fields or "timescale" in current.fields):
        out.append(current)
    return None


def _labelled_parts(text: str) -> list[tuple[str, str, str]]:
    """'What: X Who: Y' -> [('action', 'What', 'X'), ('owner', 'Who', 'Y')]; [] unless it starts with a label."""
    hits = [(m, _field(m.group(1))) for m in _LABEL.finditer(text)]
    hits = [(m, f) for m, f in hits if f]
    if not hits or hits[0][0].start() != 0:
        return []
    out = []
    for k, (m, name) in enumerate(hits):
        end = hits[k + 1][0].start() if k + 1 < len(hits) else len(text)
        value = text[m.end():end].strip()
        if value:
            out.append((name, m.group(1), value))
    return out


def _field(label: str) -> str | None:
    name, _score = match_header(label)
    return name if name in FIELDS else None
