"""A plan's own strategic priorities, in its own order and words, and the priority each action sits under.

Plans state their priorities in several ways, tried here from the plainest:

1. markers above the action tables ("Priority 4:", "AIM 1 – ..."), with the
   numbered list that agrees with them, which usually has the cleaner wording;
2. numbered lists the plan introduces as its priorities, and the groups its
   actions are listed under ("1. Protecting children ... 1. Develop ...").
   A list the plan quotes from a national strategy, a list of principles
   and a list of actions are not the plan's priorities; the same list
   stated twice (at a glance, then in full) is one list;
3. the goals column of a goals table, where an earlier summary page
   restates those goals;
4. the section headings its actions sit under: those an earlier summary
   names (a diagram of the plan's pathway), else every section that holds
   actions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from planparse.extract.actions import Found
from planparse.extract.language import is_lead_in, is_national, names_priorities, section_kind
from planparse.extract.lists import ListGroup
from planparse.extract.markers import Marker, parse_marker, parse_numbered_item, ref_priority_key
from planparse.extract.tables import TableResult
from planparse.layout import Block, Layout
from planparse.schema import Priority, Provenance
from planparse.text_norm import TOC_LEADER, fold

MAX_TITLE_WORDS = 30
SAME_TITLE = 90  # fuzzy score at which two wordings are the same priority


@dataclass
class _Candidate:
    items: list[tuple[str, str, Block]] = field(default_factory=list)  # key, title, block
    heading: str = ""  # the heading the list sits under (its initial prefixes clashing keys)
    under_priority_heading: bool = False
    national: bool = False
    kind: str | None = None  # what the lead-in says the list is (extract/language.section_kind)

    @property
    def keys(self) -> list[str]:
        return [k for k, _, _ in self.items]


@dataclass
class Priorities:
    items: list[Priority]
    source: str  # markers, list, table, headings or none


def extract_priorities(layout: Layout, tables: TableResult, found: list[Found]) -> Priorities:
    candidates = _numbered_lists(layout)
    if tables.markers:
        return Priorities(_from_markers(layout, tables.markers, candidates), "markers")
    listed = _from_lists(layout, candidates, found)
    if listed:
        return Priorities(listed, "list")
    goals = _from_goals(layout, tables)
    if goals:
        return Priorities(goals, "table")
    sections = _from_sections(layout, found)
    if sections:
        return Priorities(sections, "headings")
    return Priorities([], "none")


# --- 1. markers ----------------------------------------------------------------------------------


def _from_markers(layout: Layout, markers: list[tuple[Block, Marker]], candidates: list[_Candidate]) -> list[Priority]:
    marker_list = _dedupe_markers(markers)
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
    return [_priority(m.key, m.title, b, layout) for b, m in marker_list]


def _dedupe_markers(markers: list[tuple[Block, Marker]]) -> list[tuple[Block, Marker]]:
    """One marker per key, the first in the document, keeping the most common marker word."""
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


# --- 2. lists ------------------------------------------------------------------------------------


def _numbered_lists(layout: Layout) -> list[_Candidate]:
    """Runs of items numbered 1, 2, 3 ... in headings, list items, paragraphs or first table cells."""
    out: list[_Candidate] = []
    current: _Candidate | None = None
    context = heading = ""
    for b in layout.blocks:
        if b.kind in ("furniture", "footnote", "toc_entry"):
            continue
        text = b.cells[0].text if b.kind == "table_row" and b.cells else b.text
        item = parse_numbered_item(text)
        if item:
            item = (item[0], _short_title(item[1]))
        if item and item[1]:
            key, title = item
            if key == "1":
                current = _Candidate(heading=heading, under_priority_heading=names_priorities(context),
                                     national=is_national(context), kind=section_kind(context))
                out.append(current)
            if current is not None and key == str(len(current.items) + 1):
                current.items.append((key, title.rstrip(" .:;"), b))
                continue
        if _is_heading(b) and not parse_marker(b.text):
            context = heading = b.text
            if item is None:
                current = None
        elif b.kind == "paragraph" and is_lead_in(b.text):
            context = b.text
    return [c for c in out if len(c.items) >= 2]


def _is_heading(b: Block) -> bool:
    """A heading, or a short bold line standing alone ("Cross-cutting priorities.")."""
    return b.kind == "heading" or (b.kind == "paragraph" and b.bold and len(b.text.split()) <= 8
                                   and parse_numbered_item(b.text) is None)


def _from_lists(layout: Layout, candidates: list[_Candidate], found: list[Found]) -> list[Priority]:
    """The plan's own priority lists and the groups its listed actions sit under, in document order.

    The list the actions sit under keeps its printed numbers; another list
    whose numbers clash takes its heading's initial ("C1" for "Cross-cutting
    priorities"), so every key names one priority.
    """
    position = {id(b): i for i, b in enumerate(layout.blocks)}
    lists = [(list(c.items), c.heading) for c in _local_lists(candidates)]
    groups = _action_groups(found)
    if groups:
        lists.insert(0, ([(g.number, g.title, g.block) for g in groups], ""))
    if not lists:
        return []
    taken: set[str] = set()
    keyed: list[tuple[int, str, str, Block]] = []
    for items, heading in lists:
        for key, (_, title, b) in zip(_keys(items, heading, taken), items):
            keyed.append((position.get(id(b), 0), key, title, b))
    keyed.sort(key=lambda t: t[0])
    return [_priority(key, title, b, layout) for _, key, title, b in keyed]


def _local_lists(candidates: list[_Candidate]) -> list[_Candidate]:
    """Lists introduced as the plan's priorities, not quoted, not actions; a list stated twice kept once."""
    keep: list[_Candidate] = []
    for c in candidates:
        if not c.under_priority_heading or c.national or c.kind in ("actions", "not_actions"):
            continue
        if any(_same_list(c, k) for k in keep):
            continue
        keep.append(c)
    return keep


def _same_list(a: _Candidate, b: _Candidate) -> bool:
    if a.keys != b.keys:
        return False
    scores = [fuzz.token_set_ratio(fold(x), fold(y)) for (_, x, _), (_, y, _) in zip(a.items, b.items)]
    return sum(scores) / len(scores) >= 85


def _action_groups(found: list[Found]) -> list[ListGroup]:
    groups: list[ListGroup] = []
    for f in found:
        if f.group is not None and all(g is not f.group for g in groups):
            groups.append(f.group)
    return groups


def _keys(items: list[tuple[str | None, str, Block]], heading: str, taken: set[str]) -> list[str]:
    """Printed numbers where they are free; a second list's clashing numbers get its heading's initial."""
    numbered = [n for n, _, _ in items if n]
    prefix = ""
    if any(n in taken for n in numbered):
        initial = re.search(r"[A-Za-z]", heading)
        prefix = initial.group(0).upper() if initial else "L"
    keys: list[str] = []
    for n, title, _ in items:
        if n:
            key = f"{prefix}{n}"
        elif not numbered:
            key = str(len(keys) + 1)
        else:
            key = title[:1].upper()  # an unnumbered group beside numbered ones: its initial
        base, k = key, 2
        while key in taken:
            key, k = f"{base}{k}", k + 1
        taken.add(key)
        keys.append(key)
    return keys


def _short_title(text: str) -> str:
    """'Reducing deaths. This includes ...' -> 'Reducing deaths'; 'Prevention: Reduce ...' -> 'Prevention'."""
    head = re.split(r"(?<=[a-z)])\.\s+(?=[A-Z])", text, maxsplit=1)[0]
    if len(head.split()) > MAX_TITLE_WORDS:
        head = re.split(r"[:–—]\s", head, maxsplit=1)[0]
    return head if len(head.split()) <= MAX_TITLE_WORDS else ""


# --- 3. goals tables -----------------------------------------------------------------------------


def _from_goals(layout: Layout, tables: TableResult) -> list[Priority]:
    """The goals column of goals tables, when an earlier page restates most of the goals (a summary)."""
    goals: list[tuple[str, Block]] = []
    for seg in tables.segments:
        gi = seg.field_index("group")
        if gi is None or not seg.is_action_table or is_national(seg.columns[gi].header):
            continue
        for b, _ in seg.rows:
            text = b.cells[gi].text if gi < len(b.cells) else ""
            if text.strip() and all(fold(text) != fold(g) for g, _ in goals):
                goals.append((text, b))
    if len(goals) < 2 or not _restated(layout, [g for g, _ in goals], min(b.page or 0 for _, b in goals)):
        return []
    return [_priority(str(k), title, b, layout) for k, (title, b) in enumerate(goals, start=1)]


def _restated(layout: Layout, titles: list[str], before_page: int) -> bool:
    pages: dict[int, list[str]] = {}
    for b in layout.blocks:
        if b.page is not None and b.page < before_page and b.kind not in ("furniture", "toc_entry", "footnote"):
            pages.setdefault(b.page, []).append(b.text)
    for texts in pages.values():
        page_text = fold(" ".join(texts))
        hits = sum(1 for t in titles if fuzz.partial_ratio(fold(t), page_text) >= 85)
        if hits * 2 >= len(titles):
            return True
    return False


# --- 4. section headings -------------------------------------------------------------------------


def _from_sections(layout: Layout, found: list[Found]) -> list[Priority]:
    """Headings an earlier summary names (table cells, list items) that hold actions; else all that do.

    Where a summary confirms the sections, a section holding actions that
    the summary's wording missed still counts if it comes after the summary;
    the section the summary itself sits in (an overview) does not.
    """
    if not found:
        return []
    summary = _summary_items(layout)
    confirmed: list[tuple[int, Block]] = []
    summary_end = -1
    for i, b in enumerate(layout.blocks):
        k = fold(b.text.strip(" .:"))
        if b.kind == "heading" and summary.get(k, i) < i and all(fold(b.text) != fold(x.text) for _, x in confirmed):
            confirmed.append((i, b))
            summary_end = max(summary_end, summary[k])
    holding = [(i, b) for i, b in confirmed if _holds_actions(i, confirmed, found)]
    sections: list[tuple[int, Block]] = []
    for f in found:
        s = section_heading(layout, f.index)
        if s is not None and all(fold(s.text) != fold(x.text) for _, x in sections):
            sections.append((layout.blocks.index(s), s))
    if len(holding) >= 2:
        rank = min(b.font_size or 0.0 for _, b in holding) - 0.5
        extra = [(i, b) for i, b in sections if i > summary_end and (b.font_size or 0.0) >= rank
                 and all(fold(b.text) != fold(x.text) for _, x in holding)]
        chosen = sorted(holding + extra, key=lambda t: t[0])
    elif len(sections) >= 2:
        chosen = sections
    else:
        return []
    return [_priority(str(k), b.text, b, layout) for k, (_, b) in enumerate(chosen, start=1)]


def _summary_items(layout: Layout) -> dict[str, int]:
    """Short table cells and list items (what an at-a-glance page names), and where each is first named."""
    contents = _contents_pages(layout)
    out: dict[str, int] = {}
    for i, b in enumerate(layout.blocks):
        if b.page in contents:
            continue  # a contents page names every section, not the plan's priorities
        texts = [c.text for c in b.cells] if b.kind == "table_row" else [b.text] if b.kind == "list_item" else []
        for t in texts:
            if t and len(t.split()) <= 12 and not TOC_LEADER.search(t):
                out.setdefault(fold(t.strip(" .:")), i)
    return out


def _contents_pages(layout: Layout) -> set[int]:
    """Pages headed 'Contents' or holding several contents lines."""
    counts: dict[int, int] = {}
    pages: set[int] = set()
    for b in layout.blocks:
        if b.page is None:
            continue
        if b.kind == "toc_entry" or TOC_LEADER.search(b.text):
            counts[b.page] = counts.get(b.page, 0) + 1
        if b.kind == "heading" and fold(b.text).strip(" :") in ("contents", "table of contents"):
            pages.add(b.page)
    return pages | {p for p, n in counts.items() if n >= 3}


def _holds_actions(i: int, confirmed: list[tuple[int, Block]], found: list[Found]) -> bool:
    later = [j for j, _ in confirmed if j > i]
    end = min(later) if later else 1 << 30
    return any(i < f.index < end for f in found)


def section_heading(layout: Layout, index: int) -> Block | None:
    """The heading of the section a block sits in.

    Headings that only label material ("Example actions", "Case study") are
    passed over, and so is any smaller heading met after one of them (the
    title of a case study inside its box).
    """
    floor = 0.0
    for b in reversed(layout.blocks[:max(index, 0)]):
        if b.kind != "heading":
            continue
        size = b.font_size or 0.0
        if size < floor:
            continue
        if section_kind(b.text) in ("actions", "not_actions") or parse_numbered_item(b.text):
            floor = max(floor, size)
            continue
        return b
    return None


# --- linking actions -----------------------------------------------------------------------------


def link_actions(found: list[Found], result: Priorities, layout: Layout) -> None:
    """Set each action's priority_key: its marker, its ref, its list group, its goal, or the section it is in."""
    priorities = result.items
    keys = {p.key for p in priorities}
    for f in found:
        a = f.action
        if a.priority_key in keys:
            continue
        a.priority_key = None
        from_ref = ref_priority_key(a.ref)
        if from_ref in keys:
            a.priority_key = from_ref
            continue
        for title in (f.group.title if f.group else None, a.group):
            key = _key_for(title, priorities)
            if key is not None:
                a.priority_key = key
                break
        else:
            if result.source == "headings":
                a.priority_key = _section_key(layout, f.index, priorities)


def _key_for(title: str | None, priorities: list[Priority]) -> str | None:
    if not title:
        return None
    t = fold(title)
    best = max(priorities, key=lambda p: fuzz.ratio(t, fold(p.title)), default=None)
    return best.key if best is not None and fuzz.ratio(t, fold(best.title)) >= SAME_TITLE else None


def _section_key(layout: Layout, index: int, priorities: list[Priority]) -> str | None:
    """The priority whose heading opens the section the action is in.

    Walking back from the action, headings smaller than the priorities'
    headings are sub-sections and headings that label material ("Overview",
    "Example actions") are passed over; the first other heading decides.
    """
    sizes = [b.font_size for b in layout.blocks if b.kind == "heading" and b.font_size and
             _key_for(b.text, priorities) is not None]
    rank = min(sizes) if sizes else 0.0
    for b in reversed(layout.blocks[:max(index, 0)]):
        if b.kind != "heading" or (b.font_size or 0.0) < rank - 0.5:
            continue
        key = _key_for(b.text, priorities)
        if key is not None:
            return key
        if section_kind(b.text) not in ("actions", "not_actions"):
            return None
    return None


# --- building ------------------------------------------------------------------------------------


def _tidy_case(title: str) -> str:
    """ALL-CAPS markers ('PREVENTION AND EARLY INTERVENTION') read better in sentence case."""
    if title.isupper():
        return title[:1] + title[1:].lower()
    return title


def _priority(key: str, title: str, block: Block, layout: Layout) -> Priority:
    return Priority(
        key=key,
        title=_tidy_case(title.strip().rstrip(" .:;")),
        description=_description(block, layout),
        provenance=Provenance(page=block.page, line=block.line, bbox=block.bbox),
    )


def _description(block: Block, layout: Layout) -> str | None:
    """The paragraph right after a priority, or the rest of its table row."""
    if block.kind == "table_row":
        rest = " ".join(c.text for c in block.cells[1:] if not c.empty)
        return rest or None
    try:
        idx = layout.blocks.index(block)
    except ValueError:
        return None
    for nxt in layout.blocks[idx + 1: idx + 3]:
        if nxt.kind == "paragraph":
            return nxt.text
        if nxt.kind in ("heading", "table_row", "list_item"):
            break
    return None
