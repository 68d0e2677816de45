"""The one layout model every reader produces and every extractor reads.

Readers know about files; extractors know about plans. This module is the
boundary: nothing downstream can tell which reader ran, except through
``Layout.format`` and whether boxes carry a ``bbox``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table_row", "toc_entry", "furniture", "footnote"]


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: cleaned text plus the bullet items it held, if any.

    ``lead`` is the cell's text before its first bullet ("we will:"), so that
    assemblers can join paragraphs with spaces and items with "; " as the
    guidelines ask.
    """

    text: str
    lead: str = ""
    items: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None
    fill: tuple[float, float, float] | None = None
    # the cell's paragraphs where its source marks them (HTML <p>/<br>, Word and OpenDocument paragraphs, line
    # breaks in a spreadsheet cell): an owner cell's paragraphs are its parties. Empty for one run of text
    parts: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class Block:
    kind: BlockKind
    text: str
    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    level: int | None = None  # heading level when the source states it (markdown #, outline)
    bold: bool = False
    font_size: float | None = None
    cells: list[Cell] = field(default_factory=list)  # table_row only
    after_break: bool = False  # preceded by a blank line, page break or other non-table text
    sideways: str | None = None  # "card" or "grid": a row made by turning a sideways table header-up (extract/orientation)

    @property
    def width(self) -> int:
        return len(self.cells)


@dataclass
class Layout:
    """A document as an ordered list of blocks, with page count and reader notes."""

    blocks: list[Block]
    format: Literal["text", "pdf", "docx", "odt", "html", "xlsx", "csv"]
    pages: int | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    # the title the file's own properties give (PDF /Title, Word's core properties, HTML <title>), as stored:
    # often empty, "Untitled" or a file name; extract/cover.py decides whether it means anything
    metadata_title: str | None = None

    def text_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind in ("heading", "paragraph", "list_item")]
