"""The heading tree: levels from numbering, markdown, priority markers and the table of contents.

Numbered lines are not all headings of the same rank: in "3. Our strategy at
a glance" a list "1. Prevention ... 4. Working in partnership" restarts the
numbering. Where the document has a table of contents, numbered headings it
lists are top level and a restarted numbering nests under the current one.
"""

from __future__ import annotations

import re

from planparse.extract.markers import parse_marker
from planparse.layout import Block, Layout
from planparse.schema import Provenance, Section
from planparse.text_norm import fold

_NUMBER = re.compile(r"^\s*(?P<num>\d{1,2}(?:\.\d{1,2}){0,3}[a-z]?)[.)]?\s+(?P<title>\S.*)$")
_APPENDIX = re.compile(r"^(appendix|annex|annexe|schedule)\b", re.I)


def extract_sections(layout: Layout) -> list[Section]:
    toc = {fold(_NUMBER.sub(r"\g<title>", b.text)) for b in layout.blocks if b.kind == "toc_entry"}
    flat: list[tuple[int, Section]] = []
    numbered_level = 0  # level of the numbered heading we are under, 0 when none
    for b in _join_title_lines(layout.blocks):
        level, number, title = _level(b, toc, numbered_level, flat)
        if number and not parse_marker(b.text) and (not toc or fold(title) in toc or not numbered_level):
            numbered_level = level
        elif _APPENDIX.match(b.text):
            numbered_level = 0
        flat.append((level, Section(
            title=title, level=level, number=number,
            provenance=Provenance(page=b.page, line=b.line, bbox=b.bbox),
        )))
    return _tree(flat)


def _join_title_lines(blocks: list[Block]) -> list[Block]:
    """Headings printed on consecutive lines in one bold run are one heading (a multi-line title)."""
    out: list[Block] = []
    for b in blocks:
        if b.kind != "heading":
            continue
        prev = out[-1] if out else None
        years_only = re.fullmatch(r"[\d\s\-–/]+", b.text) is not None
        close = prev is not None and prev.line is not None and b.line is not None and b.line - prev.line <= 2
        if prev is not None and ((prev.bold and b.bold and b.line == (prev.line or 0) + 1) or (years_only and close)):
            out[-1] = Block("heading", f"{prev.text} {b.text}", line=prev.line, page=prev.page,
                            bbox=prev.bbox, bold=True)
            out[-1].line = b.line  # so a third line still counts as adjacent
            continue
        out.append(b)
    return out


def _level(b: Block, toc: set[str], numbered_level: int, flat: list[tuple[int, Section]]) -> tuple[int, str | None, str]:
    if b.level:
        return b.level, None, b.text
    marker = parse_marker(b.text)
    if marker:
        parent = next((lvl for lvl, s in reversed(flat) if not parse_marker(f"{s.number or ''} {s.title}")
                       and _APPENDIX.match(s.title)), None)
        return (parent + 1 if parent else 1), f"{marker.word.title()} {marker.key}", marker.title or b.text
    m = _NUMBER.match(b.text)
    if m:
        number, title = m.group("num"), m.group("title")
        depth = number.count(".") + (1 if re.search(r"[a-z]$", number) else 0) + 1
        if toc and fold(title) not in toc and numbered_level:
            return numbered_level + 1, number, title
        return depth, number, title
    if numbered_level and not _APPENDIX.match(b.text):
        return numbered_level + 1, None, b.text
    return 1, None, b.text


def _tree(flat: list[tuple[int, Section]]) -> list[Section]:
    roots: list[Section] = []
    stack: list[Section] = []
    for level, sec in flat:
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(sec)
        stack.append(sec)
    return roots
