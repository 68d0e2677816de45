"""Web pages (a plan published as HTML) -> Layout, read with lxml's HTML parser.

A council page is a plan wrapped in a site: a header, navigation, cookie
banners and a footer around the ``<main>`` content, scripts and styles in
between. Headings come from ``<h1>``-``<h6>``, paragraphs from ``<p>`` and
loose text, list items from ``<li>`` (nested lists as items of their own),
tables row by row with ``colspan``/``rowspan`` laid out on the grid the way
a PDF's table reader sees them (the text in the first cell a merge covers,
the cells it also covers empty), and each cell through ``readers/cells``.
Site furniture is kept as ``furniture`` blocks, so no heading of the site's
menu is taken for a heading of the plan. Lines are the source lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from planparse.errors import InputError
from planparse.layout import Block, Cell, Layout
from planparse.readers.cells import BLOCK_TAGS, SKIPPED_TAGS, cell_from_html
from planparse.readers.colour import from_html_attributes
from planparse.readers.decode import decode_text
from planparse.text_norm import clean_inline, collapse

_HEADING = re.compile(r"h([1-6])")
_FURNITURE_TAGS = frozenset({"header", "nav", "footer", "aside"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
MAX_SPAN = 1000  # a colspan or rowspan beyond any real table (a hostile page's 10**9) is read as this


def read_html(path: Path) -> Layout:
    text, encoding = decode_text(path.read_bytes(), path)
    try:
        layout = parse_html(text)
    except InputError as exc:  # say which file
        raise InputError(exc.kind, f"{path.name}: {exc.message}") from None
    layout.encoding = encoding
    return layout


def parse_html(text: str) -> Layout:
    """Blocks in reading order from the page's body; furniture outside <main> marked as such."""
    text = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses a str that declares its own encoding
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError("CorruptHTML", f"the page cannot be parsed as HTML ({exc})") from None
    body = root.find("body")
    walker = _Walker(has_main=bool(root.xpath("//main|//*[@role='main']")))
    walker.container(body if body is not None else root, furniture=False)
    blocks = walker.blocks
    if not any(b.kind != "furniture" and b.text for b in blocks):
        raise InputError("EmptyInput", "the page has no text outside scripts, styles and site furniture")
    title = root.findtext(".//head/title")
    return Layout(blocks=blocks, format="html", pages=None,  # type: ignore[arg-type]
                  metadata_title=collapse(title) if title and title.strip() else None)


class _Walker:
    """Walks the element tree once, appending blocks; inline content between blocks becomes paragraphs."""

    def __init__(self, has_main: bool) -> None:
        self.blocks: list[Block] = []
        self.has_main = has_main

    def container(self, element: etree._Element, furniture: bool) -> None:
        """Read an element whose children may be blocks: flush the inline text between them as paragraphs."""
        pending: list[str] = []
        line = element.sourceline

        def flush() -> None:
            text = clean_inline("".join(pending))
            pending.clear()
            if text:
                self._add("paragraph", text, line, furniture)

        if element.text:
            pending.append(element.text)
        for child in element:
            tag = child.tag.lower() if isinstance(child.tag, str) else None
            if tag is not None and tag not in SKIPPED_TAGS and not _hidden(child):
                if tag in BLOCK_TAGS or tag in ("li", "table", "form", "fieldset", "details", "summary"):
                    flush()
                    self.block(child, tag, furniture)
                    line = child.sourceline
                else:
                    if not pending:
                        line = child.sourceline
                    pending.append(_inline_text(child))
            if child.tail:
                pending.append(child.tail)
        flush()

    def block(self, element: etree._Element, tag: str, furniture: bool) -> None:
        furniture = furniture or (tag in _FURNITURE_TAGS and not _inside(element, "main"))
        if not furniture and self.has_main and tag in ("header", "footer") and not _inside(element, "main"):
            furniture = True
        heading = _HEADING.fullmatch(tag)
        if heading:
            self._add("heading", _text_of(element), element.sourceline, furniture, level=int(heading.group(1)))
        elif tag == "table":
            self.table(element, furniture)
        elif tag in ("ul", "ol"):
            for li in element:
                if isinstance(li.tag, str) and li.tag.lower() == "li" and not _hidden(li):
                    self.list_item(li, furniture)
                elif isinstance(li.tag, str) and li.tag.lower() in ("ul", "ol"):
                    self.block(li, li.tag.lower(), furniture)
        elif tag == "li":
            self.list_item(element, furniture)
        elif tag in ("p", "dt", "dd", "caption", "figcaption", "address", "summary"):
            text = _text_of(element)
            bold = _all_bold(element)
            self._add("paragraph", text, element.sourceline, furniture, bold=bold)
        elif tag == "pre":
            for k, line in enumerate((element.text_content() or "").splitlines()):
                self._add("paragraph", clean_inline(line), (element.sourceline or 0) + k or None, furniture)
        elif tag in ("br", "hr"):
            return
        else:
            self.container(element, furniture)

    def list_item(self, li: etree._Element, furniture: bool) -> None:
        """The item's own text (nested lists and paragraphs read apart, as items and paragraphs of their own)."""
        own: list[str] = [li.text or ""]
        nested: list[etree._Element] = []
        for child in li:
            tag = child.tag.lower() if isinstance(child.tag, str) else None
            if tag in ("ul", "ol", "table"):
                nested.append(child)
            elif tag is not None and tag not in SKIPPED_TAGS:
                own.append(" " + _inline_text(child) + " " if tag in BLOCK_TAGS else _inline_text(child))
            if child.tail:
                own.append(child.tail)
        self._add("list_item", clean_inline("".join(own)), li.sourceline, furniture)
        for child in nested:
            self.block(child, child.tag.lower(), furniture)

    def table(self, table: etree._Element, furniture: bool) -> None:
        """Rows on the table's grid: a spanned cell's text in its first grid cell, the others it covers empty."""
        rows = [tr for tr in table.iter("tr") if _own_table(tr, table)]
        caption = table.find("caption")
        if caption is not None:
            self._add("paragraph", _text_of(caption), caption.sourceline, furniture)
        carried: dict[int, int] = {}  # grid column -> rows its rowspan still covers
        first = True
        for tr in rows:
            cells: list[Cell] = []
            col = 0
            for td in tr:
                if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th") or _hidden(td):
                    continue
                while carried.get(col, 0) > 0:
                    cells.append(Cell(""))
                    carried[col] -= 1
                    col += 1
                fill = from_html_attributes(td.get("style"), td.get("bgcolor"), td.get("class"))
                cells.append(cell_from_html(td, fill))
                colspan, rowspan = _span(td.get("colspan")), _span(td.get("rowspan"))
                for k in range(colspan):
                    if k:
                        cells.append(Cell(""))
                    if rowspan > 1:
                        carried[col + k] = rowspan - 1
                col += colspan
            while any(v > 0 for c, v in carried.items() if c >= col):
                if carried.get(col, 0) > 0:
                    carried[col] -= 1
                cells.append(Cell(""))
                col += 1
            if not any(not c.empty for c in cells):
                continue
            text = collapse(" ".join(c.text for c in cells))
            block = Block("table_row", text, line=tr.sourceline, cells=cells,
                          bold=all(td.tag.lower() == "th" for td in tr if isinstance(td.tag, str)))
            block.after_break = first
            first = False
            if furniture:
                block.kind = "furniture"
            self.blocks.append(block)

    def _add(self, kind: str, text: str, line: int | None, furniture: bool, *, level: int | None = None,
             bold: bool = False) -> None:
        if not text:
            return
        block = Block("furniture" if furniture else kind, text, line=line, level=level, bold=bold)  # type: ignore[arg-type]
        block.after_break = True
        self.blocks.append(block)


def _text_of(element: etree._Element) -> str:
    return clean_inline(_inline_text(element))


def _inline_text(element: etree._Element) -> str:
    """Text content without scripts, styles or comments; a space where a block or <br> separates words."""
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        if el.text:
            out.append(el.text)
        for child in el:
            tag = child.tag.lower() if isinstance(child.tag, str) else None
            if tag is not None and tag not in SKIPPED_TAGS and not _hidden(child):
                gap = tag in BLOCK_TAGS
                if gap:
                    out.append(" ")
                walk(child)
                if gap:
                    out.append(" ")
            if child.tail:
                out.append(child.tail)

    walk(element)
    return "".join(out)


def _all_bold(element: etree._Element) -> bool:
    """The paragraph's text is all inside <strong>/<b> (a bold line that may be a heading)."""
    own = (element.text or "").strip() or any((c.tail or "").strip() for c in element)
    return not own and len(element) > 0 and all(
        isinstance(c.tag, str) and c.tag.lower() in ("strong", "b") for c in element)


def _hidden(element: etree._Element) -> bool:
    return (element.get("hidden") is not None or element.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(element.get("style") or "")))


def _inside(element: etree._Element, tag: str) -> bool:
    return any(isinstance(a.tag, str) and (a.tag.lower() == tag or a.get("role") == tag)
               for a in element.iterancestors())


def _own_table(tr: etree._Element, table: etree._Element) -> bool:
    """A row of this table, not of a table nested in one of its cells."""
    for a in tr.iterancestors():
        if isinstance(a.tag, str) and a.tag.lower() == "table":
            return a is table
    return False


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), MAX_SPAN))
    except ValueError:
        return 1
