"""Plain-text plan exports -> Layout.

The exports this reads come from copying or converting council PDFs and Word
files: table rows as tab-separated lines, HTML inside cells, markdown-ish
emphasis, table-of-contents lines with dot leaders, running headers repeated
at every page break, footnotes marked with superscript digits.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from planparse.errors import InputError
from planparse.layout import Block, Layout
from planparse.readers.cells import parse_cell
from planparse.readers.decode import decode_text
from planparse.text_norm import SUPERSCRIPTS, TOC_LEADER as _TOC_LEADER, clean_inline, collapse

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_BULLET_LINE = re.compile(r"^\s*[-*•▪◦–]\s+")
_NUMBERED_ITEM_LINE = re.compile(r"^\s*\(?\d{1,2}\)\s+\S")  # "1) Awareness ...": a list item that keeps its number
_FOOTNOTE = re.compile(f"^\\s*[{SUPERSCRIPTS}]+\\s+\\S")
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*[a-z]?)[.)]?\s+\S")
_TERMINAL = re.compile(r"[.!?;,]\s*$")
_MARKER = re.compile(
    r"^\s*(?:priority|aim|objective|theme|outcome|goal|ambition|strategic priority|workstream)\s+"
    r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|[ivx]{1,4})\b",
    re.I,
)
_PAGE_NUMBER = re.compile(r"^\s*(page\s+)?\d{1,4}(\s+of\s+\d{1,4})?\s*$", re.I)

MAX_HEADING_WORDS = 14


def read_text(path: Path) -> Layout:
    data = path.read_bytes()
    text, encoding = decode_text(data, path)
    layout = parse_text(text)
    layout.encoding = encoding
    return layout


def parse_text(text: str) -> Layout:
    """Classify each line into a block; the heavy lifting is in the extractors."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not any(line.strip() for line in lines):
        raise InputError("EmptyInput", "file has no text")
    repeats = _repeated_lines(lines)
    counts = Counter(collapse(line) for line in lines if line.strip())
    blocks: list[Block] = []
    seen_repeat: set[str] = set()
    page = 1 if "\f" in text else None
    bold_open = False
    pending_break = True
    for number, raw in enumerate(lines, start=1):
        if "\f" in raw:
            page = (page or 1) + raw.count("\f")
            raw = raw.replace("\f", "")
            pending_break = True
        if not raw.strip():
            pending_break = True
            continue
        stripped = raw.strip()
        bold = bold_open or stripped.startswith("**")
        if stripped.count("**") % 2 == 1:
            bold_open = not bold_open
        block = _classify(raw, number, page, bold)
        key = collapse(raw)
        if key in repeats and block.kind != "table_row":
            if key in seen_repeat or (counts[key] >= 2 and _between_tables(lines, number - 1)):
                block.kind = "furniture"
            seen_repeat.add(key)
        elif _PAGE_NUMBER.match(raw):
            block.kind = "furniture"
        block.after_break = pending_break or (blocks and blocks[-1].kind != "table_row")
        pending_break = False
        blocks.append(block)
    _mark_headings(blocks, lines)
    return Layout(blocks=blocks, format="text", pages=page)


def _repeated_lines(lines: list[str]) -> set[str]:
    """Running headers and footers: short lines seen three times, or twice with one inside a table.

    "Inside a table" means table rows within a few lines on both sides: a
    page break in the middle of a table is where running heads show.
    """
    counts = Counter(collapse(line) for line in lines if line.strip() and "\t" not in line)
    out = {k for k, n in counts.items() if n >= 3 and len(k) < 120}
    for i, line in enumerate(lines):
        key = collapse(line)
        if counts.get(key) == 2 and len(key) < 120 and _between_tables(lines, i):
            out.add(key)
    return out


def _between_tables(lines: list[str], i: int, reach: int = 8) -> bool:
    before = any("\t" in lines[j] for j in range(max(0, i - reach), i))
    after = any("\t" in lines[j] for j in range(i + 1, min(len(lines), i + reach + 1)))
    return before and after


def _classify(raw: str, number: int, page: int | None, bold: bool) -> Block:
    if "\t" in raw:
        cells = [parse_cell(c) for c in raw.split("\t")]
        row_text = collapse(" ".join(c.text for c in cells))
        nonempty = [c for c in cells if not c.empty]
        # "Title\t5" or "Title.....\t5": a contents line. A year is not a page number, and a row with
        # empty cells between its two values is a table row with blanks, not a contents line.
        page_no = re.fullmatch(r"\d{1,3}", nonempty[-1].text) if len(nonempty) == 2 else None
        if page_no and len(cells) <= 3 and (
            _TOC_LEADER.search(nonempty[0].text + " 1") or len(nonempty[0].text.split()) <= 10
        ):
            return Block("toc_entry", clean_inline(nonempty[0].text).rstrip(". "), line=number, page=page)
        return Block("table_row", row_text, line=number, page=page, cells=cells, bold=bold)
    text = clean_inline(raw)
    if _TOC_LEADER.search(raw):
        return Block("toc_entry", _TOC_LEADER.sub("", text).strip(), line=number, page=page)
    md = _MD_HEADING.match(raw.strip())
    if md:
        return Block("heading", clean_inline(md.group(2)), line=number, page=page, level=len(md.group(1)))
    if _FOOTNOTE.match(raw):
        return Block("footnote", text, line=number, page=page)
    if _BULLET_LINE.match(raw):
        return Block("list_item", clean_inline(_BULLET_LINE.sub("", raw, count=1)), line=number, page=page)
    if _NUMBERED_ITEM_LINE.match(raw):
        return Block("list_item", text, line=number, page=page)
    return Block("paragraph", text, line=number, page=page, bold=bold)


def _mark_headings(blocks: list[Block], lines: list[str]) -> None:
    """Promote short standalone lines, numbered titles and priority markers to headings."""
    for i, b in enumerate(blocks):
        if b.kind != "paragraph":
            continue
        words = b.text.split()
        if not words or len(words) > MAX_HEADING_WORDS:
            continue
        if _MARKER.match(b.text):
            b.kind = "heading"
            continue
        standalone = _blank(lines, b.line, -1) and (_blank(lines, b.line, +1) or _MARKER.match(b.text))
        short_title = (
            not _TERMINAL.search(b.text)
            and not (b.text.endswith(":") and len(words) > 2)
            and (b.text[0].isupper() or b.text[0].isdigit())
            and len(b.text) <= 90
        )
        if b.bold and short_title:
            b.kind = "heading"
        elif standalone and short_title and not b.text.isdigit():
            b.kind = "heading"
        elif _NUMBERED.match(b.text) and short_title and len(words) <= 10:
            # a run of numbered lines with no blank between is a numbered list, a lone one a numbered heading
            b.kind = "list_item" if _numbered_neighbour(blocks, i) else "heading"


def _numbered_neighbour(blocks: list[Block], i: int) -> bool:
    """The line just above or below is also a numbered line of text."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(blocks) and blocks[j].kind in ("paragraph", "list_item", "heading") and \
                blocks[j].line is not None and blocks[i].line is not None and abs(blocks[j].line - blocks[i].line) == 1 \
                and _NUMBERED.match(blocks[j].text):
            return True
    return False


def _blank(lines: list[str], line: int | None, step: int) -> bool:
    if line is None:
        return False
    j = line - 1 + step
    return j < 0 or j >= len(lines) or not lines[j].strip()
