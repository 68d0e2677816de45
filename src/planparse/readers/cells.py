"""Turn the content of a table cell into clean text and bullet items.

Council exports put HTML (``<p>``, ``<ul><li>``, ``<b>``, ``<i>``) and
inline bullets ("• a • b", "-A -B") inside cells, and Word, OpenDocument and
web pages hold cells as paragraphs and list items. The guidelines want cell
paragraphs joined with a space and bullet items with "; ", so the cell keeps
its lead text and its items apart and callers decide how to join them.

HTML is read with lxml's HTML parser, never with patterns: a comment, a
script or an attribute holding '>' ("a > b") is markup, not cell text, and
only a parser knows where each ends. The HTML reader hands its ``<td>``
elements to the same function, so a cell reads alike in an export and a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree
from lxml import html as lxml_html

from planparse.layout import Cell
from planparse.text_norm import clean_inline, collapse

# A bullet: "•" etc anywhere, or a hyphen that starts an item ("-Number of", "- Feedback").
# A hyphen inside a word or before a lowercase word ("Victim -survivors") is not a bullet.
_SYMBOL_BULLET = re.compile(r"(?:^|(?<=\s))[•▪‣◦●■□➢►✓]\s*")
# a hyphen between two numbers ("2022 - 2024") is a range, not a bullet
_ANY_BULLET = re.compile(r"(?:^|(?<=\s))(?<!\d\s)(?:[•▪‣◦●■□➢►✓]|[-–](?=\s?[A-Z0-9'\"‘“(]))\s*")
_LI_MARK = "\u241f"  # a private separator that never occurs in council text
_PARA_MARK = "\u241e"  # another: where a block element (<p>, <br>, <div> ...) starts or ends
# markup worth a parser: a tag ("<p", "</li", "<br/") or a comment; "< 5%" or "a > b" in plain text is not
_MARKUP = re.compile(r"<(?:/?[a-zA-Z][a-zA-Z0-9]*[\s/>]|!--)")
# elements whose start and end separate words (the rest, <b>, <span>, <a>, run into their neighbours)
BLOCK_TAGS = frozenset({
    "p", "div", "br", "ul", "ol", "li", "tr", "td", "th", "table", "thead", "tbody", "tfoot", "caption",
    "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "dl", "dt", "dd", "pre", "hr",
    "header", "footer", "nav", "aside", "main", "figure", "figcaption", "address",
})
# elements whose content is never text a reader sees
SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "head", "title", "meta", "link", "iframe",
                          "object", "svg", "button", "select", "option", "input", "textarea"})


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


def parse_cell(raw: str, line_breaks: bool = False) -> Cell:
    """Clean one cell of a text export: HTML read by a parser, list items kept apart, footnote markers dropped.

    ``line_breaks``: the cell's line breaks are the writer's own (a spreadsheet
    cell), so its lines are its paragraphs; a PDF cell's lines are wrapping.
    """
    if _MARKUP.search(raw):
        element = html_fragment(raw)
        if element is not None:
            return cell_from_html(element)
    lead, items = split_items(clean_inline(raw))
    parts = _parts(raw.splitlines()) if line_breaks and not items else ()
    return _cell(lead, items, parts=parts)


def html_fragment(raw: str) -> etree._Element | None:
    """The markup as one element (a <div> around it), or None where lxml finds nothing to parse."""
    try:
        return lxml_html.fragment_fromstring(raw, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def cell_from_html(element: etree._Element, fill: tuple[float, float, float] | None = None) -> Cell:
    """A cell from an HTML element (a <td>, or the <div> around an export's cell): paragraphs, list items, text."""
    pieces: list[str] = []
    _flatten(element, pieces)
    marked = "".join(pieces)
    paragraphs = _parts(marked.replace(_LI_MARK, _PARA_MARK).split(_PARA_MARK))
    marked = marked.replace(_PARA_MARK, " ")
    if _LI_MARK in marked:
        head, *rest = marked.split(_LI_MARK)
        lead, head_items = split_items(clean_inline(head), hyphens=True)
        items = head_items + [clean_inline(r) for r in rest if clean_inline(r)]
        return _cell(lead, items, fill)
    in_list = bool(element.xpath(".//ul|.//ol"))
    lead, items = split_items(clean_inline(marked), hyphens=in_list or None)
    return _cell(lead, items, fill, parts=() if items else paragraphs)


def cell_from_paragraphs(paragraphs: Iterable[tuple[str, bool]],
                         fill: tuple[float, float, float] | None = None) -> Cell:
    """A cell from (text, is_list_item) paragraphs, as Word and OpenDocument hold them.

    Paragraphs before the first list item are the lead; the list items are the
    items; a paragraph after a list item continues the list as another item.
    A cell with no list paragraphs may still hold inline bullets ("• a • b").
    """
    lead_parts: list[str] = []
    items: list[str] = []
    for text, is_item in paragraphs:
        text = clean_inline(text)
        if not text:
            continue
        if is_item or items:
            items.append(text)
        else:
            lead_parts.append(text)
    if not items:
        lead, inline = split_items(" ".join(lead_parts))
        return _cell(lead, inline, fill, parts=() if inline else _parts(lead_parts))
    return _cell(collapse(" ".join(lead_parts)), items, fill)


def _flatten(element: etree._Element, out: list[str]) -> None:
    """The element's text in order: a separator before each <li>, a space around block elements.

    Comments and processing instructions are skipped, their tails kept; the
    content of scripts and styles is skipped.
    """
    if element.text:
        out.append(element.text)
    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else None
        if tag is not None and tag not in SKIPPED_TAGS:
            if tag == "li":
                out.append(_LI_MARK)
            elif tag in BLOCK_TAGS:
                out.append(_PARA_MARK)
            _flatten(child, out)
            if tag in BLOCK_TAGS:
                out.append(_PARA_MARK)
        if child.tail:
            out.append(child.tail)


def _cell(lead: str, items: list[str], fill: tuple[float, float, float] | None = None,
          parts: tuple[str, ...] = ()) -> Cell:
    text = "; ".join(items)
    if lead:
        text = f"{lead} {text}".strip() if text else lead
    return Cell(text=text, lead=lead, items=tuple(items), fill=fill, parts=parts if len(parts) > 1 else ())


def _parts(paragraphs: Iterable[str]) -> tuple[str, ...]:
    return tuple(p for p in (clean_inline(t) for t in paragraphs) if p)
