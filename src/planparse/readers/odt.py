"""OpenDocument text (.odt) -> Layout, read with odfdo.

OpenDocument marks structure in the file: ``text:h`` headings with their
outline level, ``text:p`` paragraphs, ``text:list`` lists (nested lists as
items of their own) and ``table:table`` tables, where a cell spanning
columns or rows is followed by ``covered-table-cell`` placeholders, which
read as empty cells, the way a PDF's table reader sees a merged cell. A
cell's background colour (from its automatic style) is its fill, for RAG.
Like Word, OpenDocument has no fixed pages: ``line`` is the block's position
in the body.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from planparse.errors import InputError
from planparse.layout import Block, Cell, Layout
from planparse.readers.cells import cell_from_paragraphs
from planparse.readers.colour import from_hex
from planparse.text_norm import clean_inline, collapse

MAX_COLUMNS = 64  # a text table wider than this is trailing repeated empty columns, not data
_CONTAINERS = frozenset({"text:section", "text:list-header", "office:text", "text:index-body"})


def read_odt(path: Path) -> Layout:
    from odfdo import Document

    try:
        document = Document(str(path))
        body = document.body
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, OSError) as exc:
        raise InputError("CorruptDocument", f"{path.name} cannot be opened as an OpenDocument text "
                                            f"({type(exc).__name__}: {exc})") from None
    reader = _Reader(document)
    reader.container(body)
    if not any(b.text for b in reader.blocks):
        raise InputError("EmptyInput", f"{path.name} has no text")
    return Layout(blocks=reader.blocks, format="odt", pages=None)  # type: ignore[arg-type]


class _Reader:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.blocks: list[Block] = []
        self._fills: dict[str, tuple[float, float, float] | None] = {}

    def container(self, element: Any) -> None:
        for child in element.children:
            tag = child.tag
            if tag == "text:h":
                level = child.get_attribute("text:outline-level")
                self._add("heading", text_of(child), level=int(level) if str(level or "").isdigit() else 1)
            elif tag == "text:p":
                self._add("paragraph", text_of(child))
            elif tag == "text:list":
                self.list(child)
            elif tag == "table:table":
                self.table(child)
            elif tag in _CONTAINERS:
                self.container(child)

    def list(self, element: Any) -> None:
        for item in element.children:
            if item.tag not in ("text:list-item", "text:list-header"):
                continue
            for part in item.children:
                if part.tag in ("text:p", "text:h"):
                    self._add("list_item", text_of(part))
                elif part.tag == "text:list":
                    self.list(part)
                elif part.tag == "table:table":
                    self.table(part)

    def table(self, table: Any) -> None:
        first = True
        for row in table.traverse():
            cells: list[Cell] = []
            for cell in row.traverse():
                if len(cells) >= MAX_COLUMNS:
                    break
                if cell.tag == "table:covered-table-cell":
                    cells.append(Cell(""))
                    continue
                paragraphs: list[tuple[str, bool]] = []
                for part in cell.children:
                    if part.tag in ("text:p", "text:h"):
                        paragraphs.append((text_of(part), False))
                    elif part.tag == "text:list":
                        paragraphs += [(text_of(p), True) for p in part.get_elements("descendant::text:p")]
                cells.append(cell_from_paragraphs(paragraphs, fill=self.fill(cell.style)))
            while cells and cells[-1].empty and cells[-1].fill is None and len(cells) > 1:
                cells.pop()
            if not any(not c.empty for c in cells):
                continue
            block = Block("table_row", collapse(" ".join(c.text for c in cells)), line=len(self.blocks) + 1,
                          cells=cells, after_break=first)
            first = False
            self.blocks.append(block)
        self._pad_table()

    def _pad_table(self) -> None:
        """Rows of one table as wide as its widest row (trailing empty cells were trimmed above)."""
        run: list[Block] = []
        for b in reversed(self.blocks):
            if b.kind != "table_row":
                break
            run.append(b)
            if b.after_break:
                break
        width = max((b.width for b in run), default=0)
        for b in run:
            b.cells.extend(Cell("") for _ in range(width - b.width))

    def fill(self, style_name: str | None) -> tuple[float, float, float] | None:
        if not style_name:
            return None
        if style_name not in self._fills:
            style = self.document.get_style("table-cell", style_name)
            props = style.get_properties(area="table-cell") if style is not None else None
            self._fills[style_name] = from_hex((props or {}).get("fo:background-color"))
        return self._fills[style_name]

    def _add(self, kind: str, text: str, level: int | None = None) -> None:
        if text:
            self.blocks.append(Block(kind, text, line=len(self.blocks) + 1, level=level,  # type: ignore[arg-type]
                                     after_break=True))


def text_of(element: Any) -> str:
    """A paragraph's text, spaces, tabs and line breaks included (odfdo expands text:s and text:tab)."""
    return clean_inline(str(element).replace("\n", " "))
