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
    hits: list[tuple[int, int, str, str]] = []  # label start, value start, field, label
    for colon in re.finditer(r":\s+(?=\S)", text):
        label = _label_before(text, colon.start())
        if label is not None:
            start, name, words = label
            hits.append((start, colon.end(), name, words))
    if not hits or hits[0][0] != 0:
        return []
    out = []
    for k, (_, value_start, name, label) in enumerate(hits):
        end = hits[k + 1][0] if k + 1 < len(hits) else len(text)
        value = text[value_start:end].strip()
        if value:
            out.append((name, label, value))
    return out


def _label_before(text: str, colon: int) -> tuple[int, str, str] | None:
    """The label that ends at a colon: of the last one to three words, the one that names a field best.

    In "Lead: Parks Service By when: 2027" the words before the second colon
    could be "when", "By when" or "Service By when"; "By when" is the label.
    """
    words = list(re.finditer(r"[A-Za-z'’/&()-]+", text[max(0, colon - 60):colon]))
    offset = max(0, colon - 60)
    best: tuple[float, int, int, str] | None = None
    for n in (1, 2, 3):
        if len(words) < n:
            break
        first = words[-n]
        start = offset + first.start()
        label = text[start:colon].strip()
        if not label[:1].isupper() or (start > 0 and not text[start - 1].isspace()):
            continue
        name, score = match_header(label)
        if name in FIELDS and (best is None or score > best[0]):
            best = (score, n, start, label)
    if best is None:
        return None
    _, _, start, label = best
    return start, match_header(label)[0] or "", label
