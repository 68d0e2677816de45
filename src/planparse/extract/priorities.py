"""A plan's strategic priorities, in its own order and words.

Plans state their priorities twice: once as a list ("Priorities: 1) ...",
"Our strategy at a glance: 1. ...") and once as markers above the action
tables ("Priority 4:", "AIM 1 – PREVENTION ..."). Markers say which key each
action sits under; the list usually has the cleaner wording. So: collect
numbered lists as candidates, prefer one whose keys and wording agree with
the markers, fall back to the markers, and fall back to a list under a
heading that names priorities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from planparse.extract.markers import Marker, parse_marker, parse_numbered_item
from planparse.layout import Block, Layout
from planparse.schema import Priority, Provenance
from planparse.text_norm import fold

_PRIORITY_HEADING = re.compile(r"\b(priorit|aims?\b|objectives|themes|ambitions|goals|outcomes|pillars)", re.I)
MAX_TITLE_WORDS = 14


@dataclass
class _Candidate:
    items: list[tuple[str, str, Block]] = field(default_factory=list)  # key, title, block
    under_priority_heading: bool = False

    @property
    def keys(self) -> list[str]:
        return [k for k, _, _ in self.items]


def extract_priorities(layout: Layout, markers: list[tuple[Block, Marker]]) -> list[Priority]:
    marker_list = _dedupe_markers(markers, layout)
    candidates = _numbered_lists(layout)
    if marker_list:
        keys = [m.key for _, m in marker_list]
        best, best_score = None, 0.0
        for cand in candidates:
            if cand.keys != keys:
                continue
            score = sum(fuzz.token_set_ratio(fold(t), fold(m.title)) for (_, t, _), (_, m) in
                        zip(cand.items, marker_list)) / len(keys) + (15 if cand.under_priority_heading else 0)
            if score > best_score:
                best, best_score = cand, score
        if best is not None and best_score >= 55:
            return [_priority(k, t, b, layout) for k, t, b in best.items]
        return [_priority(m.key, _tidy_case(m.title), b, layout) for b, m in marker_list]
    headed = [c for c in candidates if c.under_priority_heading and len(c.items) >= 2]
    if headed:
        return [_priority(k, t, b, layout) for k, t, b in headed[0].items]
    return []


def _dedupe_markers(markers: list[tuple[Block, Marker]], layout: Layout) -> list[tuple[Block, Marker]]:
    """One marker per key, the first in the document, keeping the most common marker word."""
    if not markers:
        return []
    words = [m.word for _, m in markers]
    word = max(set(words), key=words.count)
    seen: dict[str, tuple[Block, Marker]] = {}
    for b, m in markers:
        if m.word == word and m.key not in seen:
            seen[m.key] = (b, m)
    ordered = list(seen.values())
    keys = [int(m.key) for _, m in ordered]
    if keys != list(range(1, len(keys) + 1)):
        ordered.sort(key=lambda bm: int(bm[1].key))
    return ordered


def _numbered_lists(layout: Layout) -> list[_Candidate]:
    """Runs of items numbered 1, 2, 3 ... in headings, list items, paragraphs or first table cells."""
    out: list[_Candidate] = []
    current: _Candidate | None = None
    last_heading = ""
    for b in layout.blocks:
        if b.kind in ("furniture", "footnote", "toc_entry"):
            continue
        text = b.cells[0].text if b.kind == "table_row" and b.cells else b.text
        item = parse_numbered_item(text)
        if item and len(item[1].split()) > MAX_TITLE_WORDS:
            item = (item[0], _short_title(item[1]))
        if item and item[1]:
            key, title = item
            if key == "1":
                current = _Candidate(under_priority_heading=bool(_PRIORITY_HEADING.search(last_heading)))
                out.append(current)
            if current is not None and key == str(len(current.items) + 1):
                current.items.append((key, title.rstrip(" .:;"), b))
                continue
        if b.kind == "heading" and not parse_marker(b.text):
            last_heading = b.text
            if item is None:
                current = None
        if b.kind == "paragraph" and _PRIORITY_HEADING.search(b.text) and b.text.rstrip().endswith(":"):
            last_heading = b.text
    return [c for c in out if len(c.items) >= 2]


def _short_title(text: str) -> str:
    """'Prioritising Prevention: Reduce the amount ...' -> 'Prioritising Prevention'."""
    head = re.split(r"[:.–—]\s", text, maxsplit=1)[0]
    return head if len(head.split()) <= MAX_TITLE_WORDS else ""


def _tidy_case(title: str) -> str:
    """ALL-CAPS markers ('PREVENTION AND EARLY INTERVENTION') read better in sentence case."""
    if title.isupper():
        return title[:1] + title[1:].lower()
    return title


def _priority(key: str, title: str, block: Block, layout: Layout) -> Priority:
    return Priority(
        key=key,
        title=_tidy_case(title),
        description=_description(block, layout),
        provenance=Provenance(page=block.page, line=block.line, bbox=block.bbox),
    )


def _description(block: Block, layout: Layout) -> str | None:
    """The paragraph right after a priority, or the rest of its table row."""
    if block.kind == "table_row":
        rest = " ".join(c.text for c in block.cells[1:] if not c.empty)
        return rest or None
    idx = layout.blocks.index(block)
    for nxt in layout.blocks[idx + 1: idx + 3]:
        if nxt.kind == "paragraph":
            return nxt.text
        if nxt.kind in ("heading", "table_row", "list_item"):
            break
    return None
