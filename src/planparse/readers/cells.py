"""Turn the raw text of a table cell into clean text and bullet items.

Council exports put HTML (``<p>``, ``<ul><li>``, ``<b>``, ``<i>``) and
inline bullets ("• a • b", "-A -B") inside cells. The guidelines want cell
paragraphs joined with a space and bullet items with "; ", so the cell keeps
its lead text and its items apart and callers decide how to join them.
"""

from __future__ import annotations

import html
import re

from planparse.layout import Cell
from planparse.text_norm import clean_inline, collapse

_BLOCK_TAG = re.compile(r"</?(p|div|br|ul|ol|tr|td)\b[^>]*>", re.I)
_LI_TAG = re.compile(r"<li\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"</?[a-z][^>]*>", re.I)
# A bullet: "•" etc anywhere, or a hyphen that starts an item ("-Number of", "- Feedback").
# A hyphen inside a word or before a lowercase word ("Victim -survivors") is not a bullet.
_SYMBOL_BULLET = re.compile(r"(?:^|(?<=\s))[•▪‣◦●■□➢►✓]\s*")
# a hyphen between two numbers ("2022 - 2024") is a range, not a bullet
_ANY_BULLET = re.compile(r"(?:^|(?<=\s))(?<!\d\s)(?:[•▪‣◦●■□➢►✓]|[-–](?=\s?[A-Z0-9'\"‘“(]))\s*")
_LI_MARK = "\u241f"  # a private separator that never occurs in council text


def split_items(text: str, hyphens: bool | None = None) -> tuple[str, list[str]]:
    """Split "lead • a • b" into ("lead", ["a", "b"]); no bullets gives (text, []).

    Hyphens count as bullets only where the cell is a list ("-A -B", or inside
    an HTML list): elsewhere "2022 - 2024" or "Q1 - Q4" must survive.
    """
    if hyphens is None:
        hyphens = text.lstrip().startswith(("-", "–"))
    parts = (_ANY_BULLET if hyphens else _SYMBOL_BULLET).split(text)
    if len(parts) < 2:
        return collapse(text), []
    lead = collapse(parts[0])
    items = [collapse(p) for p in parts[1:] if collapse(p)]
    return lead, items


def parse_cell(raw: str) -> Cell:
    """Clean one cell: strip HTML, keep list items apart, drop footnote markers."""
    if "<" in raw and ">" in raw:
        marked = _LI_TAG.sub(_LI_MARK, raw)
        marked = _BLOCK_TAG.sub(" ", marked)
        marked = _ANY_TAG.sub("", marked)
        marked = html.unescape(marked)
        if _LI_MARK in marked:
            head, *rest = marked.split(_LI_MARK)
            lead, head_items = split_items(clean_inline(head), hyphens=True)
            items = head_items + [clean_inline(r) for r in rest if clean_inline(r)]
            return _cell(lead, items)
        in_list = bool(re.search(r"<(ul|ol)\b", raw, re.I))
        lead, items = split_items(clean_inline(marked), hyphens=in_list or None)
        return _cell(lead, items)
    lead, items = split_items(clean_inline(raw))
    return _cell(lead, items)


def _cell(lead: str, items: list[str]) -> Cell:
    text = "; ".join(items)
    if lead:
        text = f"{lead} {text}".strip() if text else lead
    return Cell(text=text, lead=lead, items=tuple(items))
