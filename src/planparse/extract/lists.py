"""Actions written as lists and sentences: commitment bullets, numbered action areas, "We will ..." prose.

Strategies without an action table state what they will do as lists: "This
strategy will ensure: • ... • ...", "What we will do: 1. ... 2. ...", or a
two-level list of priorities with the actions numbered afresh under each
("1. Protecting children ... 1. Develop ... 2. Support ..."). Whether a list
holds actions is read from its lead-in sentence or, failing that, its
heading (extract/language.py): actions, a priority list, or material that
is not an action (principles, indicators, case studies, national lists).
In the prose under one priority's heading, each "We will ..." sentence is
an action too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planparse.extract.markers import parse_marker
from planparse.extract.language import (
    commitment_sentences, is_lead_in, is_national, names_priorities, section_kind, starts_with_action,
)
from planparse.layout import Block, Layout
from planparse.text_norm import collapse

_NUMBER = re.compile(r"^\(?(\d{1,2})[.)]\s+(?=\S)")
SUB_INDENT = 8.0  # points further right than its item: a sub-item


@dataclass
class ListItem:
    text: str
    number: str | None
    block: Block
    index: int
    subitems: list[str] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        if not self.subitems:
            return self.text
        return collapse(f"{self.text} {'; '.join(self.subitems)}")


@dataclass
class ListGroup:
    """A heading or level-one item that actions are listed under: a priority candidate."""

    title: str
    number: str | None
    block: Block
    index: int


@dataclass
class ListAction:
    item: ListItem
    group: ListGroup | None
    shape: str = "list"  # "list", or "statement": a "We will ..." sentence in a priority's prose


def list_actions(layout: Layout) -> list[ListAction]:
    """Items of every list whose lead-in or heading says it holds actions, with the group each sits under."""
    out: list[ListAction] = []
    heading: tuple[int, Block] | None = None
    lead_in: tuple[int, Block] | None = None
    blocks = layout.blocks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind in ("furniture", "footnote", "toc_entry", "table_row"):
            i += 1
            continue
        if _is_item(b):
            run, end = _run(blocks, i)
            if len(run) >= 2 or (run and run[0][1].kind == "list_item"):
                out.extend(_decide(run, heading, lead_in))
                lead_in, i = None, end
                continue
            # a numbered line alone is a numbered heading or paragraph: read on as context
            if b.kind != "heading":
                i += 1
                continue
        if b.kind == "heading":
            heading, lead_in = (i, b), None
        elif b.kind == "paragraph" and b.bold and len(b.text.split()) <= 8 and not b.text.rstrip().endswith(":"):
            heading, lead_in = (i, b), None  # a bold run-in heading ("System priorities")
        elif b.kind == "paragraph" and is_lead_in(b.text):
            lead_in = (i, b)
        else:
            lead_in = None
            if b.kind == "paragraph" and heading is not None:
                out.extend(_statements(i, b, heading))
        i += 1
    return out


def _statements(i: int, b: Block, heading: tuple[int, Block]) -> list[ListAction]:
    """'We will ...' sentences in the prose under one priority's heading (or under 'What we will do')."""
    head = heading[1].text
    if section_kind(head) == "not_actions" or is_national(head):
        return []
    if not _priority_heading(head) and section_kind(head) != "actions":
        return []
    group = _heading_group(heading) if _priority_heading(head) else None
    return [ListAction(ListItem(sentence, None, b, i), group, "statement") for sentence in commitment_sentences(b.text)]


def _is_item(b: Block) -> bool:
    return b.kind == "list_item" or (b.kind in ("paragraph", "heading") and bool(_NUMBER.match(b.text)))


def _run(blocks: list[Block], i: int) -> tuple[list[tuple[int, Block]], int]:
    """Consecutive items from i (furniture and page breaks between them skipped); returns them and the next index.

    Numbers must follow on: a plain item continues the count (or starts it
    at 1), a bold one the count of the bold items above it, so a numbered
    heading after the list ("5. Progress so far") ends it. A numbered line
    set larger than the items is a heading, not an item.
    """
    run: list[tuple[int, Block]] = []
    top: int | None = None
    sub = 0
    size: float | None = None
    while i < len(blocks):
        b = blocks[i]
        if b.kind in ("furniture", "footnote"):
            i += 1
            continue
        if not _is_item(b):
            break
        number = _NUMBER.match(b.text)
        if number:
            n = int(number.group(1))
            if b.bold and (top is None or n == top + 1) and (run or n == 1):
                top, sub = n, 0
            elif not b.bold and n == sub + 1:
                sub = n
            else:
                break
        if b.kind == "heading" and not b.bold and not number:
            break
        if size and b.font_size and b.font_size > size + 1:
            break
        size = size or b.font_size
        run.append((i, b))
        i += 1
    return run, i


def _decide(run: list[tuple[int, Block]], heading: tuple[int, Block] | None,
            lead_in: tuple[int, Block] | None) -> list[ListAction]:
    """The run's actions, if its lead-in says so, or its heading names actions or a priority and the items
    read as actions ("Develop ...", "We will ..."), not as needs, facts or figures."""
    lead_kind = section_kind(lead_in[1].text) if lead_in else None
    head = heading[1].text if heading else ""
    if lead_in is not None and (lead_kind in ("not_actions", "priorities") or is_national(lead_in[1].text)):
        return []
    if lead_kind != "actions":
        head_kind = section_kind(head) if head else None
        if not head or head_kind == "not_actions" or is_national(head):
            return []
        if head_kind != "actions" and not _priority_heading(head):
            return []
        texts = [_NUMBER.sub("", b.text) for _, b in run]
        if sum(1 for t in texts if starts_with_action(t) and len(t.split()) >= 3) * 2 < len(texts):
            return []  # a list of titles ("Prevention", "Provision of services"), not of things to do
    groups = _two_levels(run)
    if groups is None:
        group = _heading_group(heading) if heading is not None and (
            _priority_heading(head) or names_priorities(head)) else None
        return [ListAction(item, group) for item in _items(run)]
    out: list[ListAction] = []
    for head_item, members in groups:
        number = _NUMBER.match(head_item[1].text)
        title = _NUMBER.sub("", head_item[1].text).rstrip(" .:")
        group = ListGroup(title, number.group(1) if number else None, head_item[1], head_item[0])
        out.extend(ListAction(item, group) for item in _items(members))
    return out


_HEADING_NUMBER = re.compile(r"^(\d{1,2})[.)]?\s+(?=[A-Z])")


def _priority_heading(text: str) -> bool:
    """'Goal 3: Better homes', 'Priority two', '1 Early Intervention and Prevention': one priority, named.

    A heading that only names the category ("Aims", "Our priorities")
    introduces a list of priorities, not the actions under one.
    """
    if parse_marker(text) is not None:
        return True
    number = _HEADING_NUMBER.match(text)
    if number is None:
        return False
    title = text[number.end():]
    return not (names_priorities(title) and len(title.split()) <= 4)  # "3 Objectives" names the category


def _heading_group(heading: tuple[int, Block]) -> ListGroup:
    i, b = heading
    marker = parse_marker(b.text)
    if marker is not None:
        return ListGroup(marker.title or b.text, marker.key, b, i)
    number = _HEADING_NUMBER.match(b.text)
    if number:
        return ListGroup(b.text[number.end():].rstrip(" .:"), number.group(1), b, i)
    return ListGroup(b.text.rstrip(" .:"), None, b, i)


def _two_levels(run: list[tuple[int, Block]]) -> list[tuple[tuple[int, Block], list[tuple[int, Block]]]] | None:
    """Bold numbered items, each followed by plain items numbered from 1: groups and their members."""
    heads = [(i, b) for i, b in run if b.bold and _NUMBER.match(b.text)]
    if len(heads) < 1 or any(not b.bold for i, b in run[:1]):
        return None
    groups: list[tuple[tuple[int, Block], list[tuple[int, Block]]]] = []
    for i, b in run:
        if b.bold and _NUMBER.match(b.text):
            groups.append(((i, b), []))
        else:
            groups[-1][1].append((i, b))
    if not all(members for _, members in groups):
        return None
    return groups


def _items(run: list[tuple[int, Block]]) -> list[ListItem]:
    """Items with their sub-items (set further right, or marked 'o'/'-') joined to them."""
    items: list[ListItem] = []
    for i, b in run:
        number = _NUMBER.match(b.text)
        text = _NUMBER.sub("", b.text) if number else b.text
        if items and _is_sub(b, items[-1].block):
            items[-1].subitems.append(text)
            continue
        items.append(ListItem(text, number.group(1) if number else None, b, i))
    return items


def _is_sub(b: Block, parent: Block) -> bool:
    if b.bbox is None or parent.bbox is None:
        return False
    return b.bbox[0] > parent.bbox[0] + SUB_INDENT
