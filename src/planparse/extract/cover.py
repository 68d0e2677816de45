"""A plan's title, read from its cover: the display type on the first page, as printed.

Designed covers set the title in the largest type, often over several lines
("West Sussex" / "Suicide Prevention" / "Strategy 2017-2020"), with the date
of issue under it. The title is those display lines in reading order, with
a date line printed just under them; never a web address, a contents line,
a page number or a status stamp ("DRAFT"). A page-top title repeated on
every page is the document's title too, though the reader marks it as a
running head. Where the display type is generic ("Appendix – Main
Modifications") a line above it that names the plan comes first. Text
exports have no type sizes: their title is the first heading or bold line
that names a plan, with the lines printed with it.
"""

from __future__ import annotations

import re
import statistics

from planparse.extract.markers import parse_marker
from planparse.layout import Block, Layout
from planparse.text_norm import TOC_LEADER, collapse

PLAN_WORD = re.compile(
    r"\b(strateg(?:y|ies|ic plan)|action plan|delivery plan|improvement plan|plan|programme|framework|policy|"
    r"statement|report|scheme|register|assessment|document|review|charter|protocol|guidance|needs analysis)\b",
    re.I,
)
_LINK = re.compile(r"\bwww\.|https?://|\S+@\S+|\.(?:gov|org|nhs|co|ac)\.uk\b", re.I)
_STAMP = re.compile(r"^(draft|final|official|confidential|not protectively marked|appendix\s+\w{1,3})\W*$", re.I)
_DATE_LINE = re.compile(r"^(?:(?:adopted|published|updated|revised|issued|approved|version)\s+)?"
                        r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
                        r"\s+(?:19|20)\d\d$|^(?:19|20)\d\d\s*(?:[-–/]|to)\s*(?:19|20)?\d\d$", re.I)
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def cover_title(layout: Layout) -> tuple[str | None, list[Block]]:
    """The title as printed, and the blocks it was read from; else the file's own title where it means anything."""
    title, blocks = _designed(layout) if any(b.font_size for b in layout.blocks[:60]) else _typed(layout)
    if title is None:
        return metadata_title(layout.metadata_title), []
    return title, blocks


_EDITOR = re.compile(r"^(?:microsoft\s+(?:word|powerpoint|excel)|untitled|document\d*)\s*[-–:]\s*", re.I)
_FILE_END = re.compile(r"\.(?:docx?|pdf|odt|pptx?|xlsx?|indd|rtf)$", re.I)


def metadata_title(raw: str | None) -> str | None:
    """A file's stored title when it names something: editors' prefixes ("Microsoft Word - ") and file
    endings taken off; "Untitled", a bare file name ("LDS_v3_final") or a number is no title."""
    if not raw:
        return None
    text = collapse(_FILE_END.sub("", _EDITOR.sub("", raw.strip())))
    words = re.findall(r"[A-Za-z]{2,}", text)
    if not words or text.lower() in ("untitled", "title", "document") or (" " not in text and len(words) < 2) \
            or re.fullmatch(r"[\w.-]+", text) and ("_" in text or not text.isalpha()):
        return None
    return text


def _designed(layout: Layout) -> tuple[str | None, list[Block]]:
    first = next((b.page for b in layout.blocks if b.page and b.kind not in ("furniture", "footnote")), None)
    page = [b for b in layout.blocks if b.page == first]
    body = statistics.median([b.font_size for b in layout.blocks if b.kind == "paragraph" and b.font_size] or [10.0])
    lines = [b for b in page if _candidate(b)]
    if not lines:
        return None, []
    top = max(b.font_size or 0.0 for b in lines)
    floor = max(0.55 * top, 1.2 * body) - 0.5
    display = [b for b in lines if (b.font_size or 0.0) >= floor]
    if not display:
        return None, []
    last = page.index(display[-1])
    after = next((b for b in page[last + 1:] if b.kind != "furniture" or b.font_size), None)
    if after is not None and _candidate(after) and _DATE_LINE.match(after.text.strip()):
        display.append(after)  # "October 2025", "Adopted May 2014" printed under the title
    text = collapse(" ".join(_tidy(b.text) for b in display))
    if not PLAN_WORD.search(text):
        above = [b for b in page[: page.index(display[0])] if _candidate(b) and PLAN_WORD.search(b.text)
                 and len(b.text.split()) <= 25]
        if above:
            display = [above[0], *display]
            text = f"{_tidy(above[0].text)} – {text}"
    return text, display


def _candidate(b: Block) -> bool:
    if b.kind not in ("heading", "paragraph", "list_item", "furniture") or not b.font_size:
        return False
    t = b.text.strip()
    return bool(t) and len(t.split()) <= 30 and not _LINK.search(t) and not TOC_LEADER.search(t) \
        and not _STAMP.match(t) and not re.fullmatch(r"(page\s*)?[\divx]+", t, re.I)


def _typed(layout: Layout) -> tuple[str | None, list[Block]]:
    """The first heading (or bold line) near the top naming a plan, with the lines printed with it."""
    blocks = [b for b in layout.blocks[:40] if b.kind != "furniture"]
    start = next((i for i, b in enumerate(blocks) if (b.kind == "heading" or b.bold) and PLAN_WORD.search(b.text)
                  and len(b.text.split()) <= 25), None)
    if start is None:
        return None, []
    lo = hi = start
    while lo > 0 and _adjacent(blocks[lo - 1], blocks[lo]) and (blocks[lo - 1].bold or blocks[lo - 1].kind == "heading") \
            and not _STAMP.match(blocks[lo - 1].text.strip()):
        lo -= 1
    while hi + 1 < len(blocks) and _adjacent(blocks[hi], blocks[hi + 1]) and \
            (blocks[hi + 1].bold or blocks[hi + 1].kind == "heading") and not parse_marker(blocks[hi + 1].text):
        hi += 1
    run = blocks[lo: hi + 1]
    if not _YEAR.search(" ".join(x.text for x in run)) and hi + 1 < len(blocks) and \
            re.fullmatch(r"[\d\s\-–/to]+", blocks[hi + 1].text, re.I) and _YEAR.search(blocks[hi + 1].text):
        run.append(blocks[hi + 1])
    return collapse(" ".join(_tidy(x.text) for x in run)), run


def _adjacent(a: Block, b: Block) -> bool:
    """Printed together: consecutive text lines."""
    return a.line is not None and b.line is not None and b.line == a.line + 1


def _tidy(text: str) -> str:
    """A line set in capitals reads in title case; others as printed."""
    text = collapse(text)
    if not text.isupper() or len(text) < 4:
        return text
    small = {"of", "and", "for", "the", "in", "on", "to", "a", "an", "with", "by"}
    words = []
    for i, w in enumerate(text.split()):
        low = w.lower()
        if re.search(r"\d", w) or (re.fullmatch(r"\([A-Z&]{2,6}\)", w) is not None):  # "(RBWM)" stays
            words.append(w)
        elif i and low in small:
            words.append(low)
        else:
            words.append(w[:1] + w[1:].lower())
    return " ".join(words)
