"""Word documents (.docx) -> Layout, read with python-docx.

Word says what each paragraph is through its style, so headings come from
the style ("Title", "Heading 2", or a custom style based on a heading or
carrying an outline level), list items from a numbering or a list style,
and tables from the table grid: a cell merged across columns (``gridSpan``)
or down rows (``vMerge``) is laid out as a PDF's table reader sees it, the
text in the first cell the merge covers and the others empty. A cell's list
paragraphs are its items and its shading (``w:shd``) its fill, for RAG.
Word has no fixed pages, so every block carries its position in the body
as ``line``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from planparse.errors import InputError
from planparse.layout import Block, Cell, Layout
from planparse.readers.cells import cell_from_paragraphs
from planparse.readers.colour import from_hex
from planparse.text_norm import clean_inline, collapse

_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path) -> Layout:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError("CorruptDocument", f"{path.name} cannot be opened as a Word document ({exc})") from None
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if item.__class__.__name__ == "Table":
            blocks.extend(_table_rows(item, len(blocks)))
        else:
            block = _paragraph_block(item, len(blocks) + 1)
            if block is not None:
                blocks.append(block)
    if not any(b.text for b in blocks):
        raise InputError("EmptyInput", f"{path.name} has no text")
    return Layout(blocks=blocks, format="docx", pages=None,  # type: ignore[arg-type]
                  metadata_title=document.core_properties.title or None)


def _paragraph_block(paragraph: Any, line: int) -> Block | None:
    text = clean_inline(paragraph.text)
    if not text:
        return None
    level = heading_level(paragraph)
    if level is not None:
        return Block("heading", text, line=line, level=level, after_break=True)
    kind = "list_item" if is_list_paragraph(paragraph) else "paragraph"
    return Block(kind, text, line=line, bold=_all_bold(paragraph), after_break=True)  # type: ignore[arg-type]


def heading_level(paragraph: Any) -> int | None:
    """The heading level its style gives: Title 1, Heading N N, or an outline level in the style chain."""
    style = paragraph.style
    while style is not None:
        name = style.name or ""
        if name.lower() == "title":
            return 1
        m = _HEADING_STYLE.fullmatch(name.strip())
        if m:
            return max(1, int(m.group(1)))
        outline = style.element.find(f"{_W}pPr/{_W}outlineLvl")
        if outline is not None and (outline.get(f"{_W}val") or "").isdigit() and int(outline.get(f"{_W}val")) < 9:
            return int(outline.get(f"{_W}val")) + 1
        style = style.base_style
    outline = paragraph._p.find(f"{_W}pPr/{_W}outlineLvl")
    if outline is not None and (outline.get(f"{_W}val") or "").isdigit() and int(outline.get(f"{_W}val")) < 9:
        return int(outline.get(f"{_W}val")) + 1
    return None


def is_list_paragraph(paragraph: Any) -> bool:
    """Numbered or bulleted: a numbering on the paragraph or its style, or a list style by name."""
    if paragraph._p.find(f"{_W}pPr/{_W}numPr") is not None:
        return True
    style = paragraph.style
    while style is not None:
        if style.element.find(f"{_W}pPr/{_W}numPr") is not None or (style.name or "").lower().startswith("list"):
            return True
        style = style.base_style
    return False


def _all_bold(paragraph: Any) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return all(r.bold or (r.bold is None and style_bold) for r in runs)


def _table_rows(table: Any, before: int) -> list[Block]:
    """One table_row block per row, each row as wide as the table's grid."""
    from docx.table import _Cell

    rows: list[Block] = []
    for tr in table._tbl.tr_lst:
        cells: list[Cell] = []
        for tc in tr.tc_lst:
            span = max(1, tc.grid_span)
            if tc.vMerge == "continue":
                cells.extend(Cell("") for _ in range(span))
                continue
            cell = _Cell(tc, table)
            paragraphs = [(p.text, is_list_paragraph(p)) for p in cell.paragraphs]
            for inner in cell.tables:  # a table inside a cell: its text, row by row, after the paragraphs
                paragraphs += [(" ".join(c.text for c in r.cells), False) for r in inner.rows]
            cells.append(cell_from_paragraphs(paragraphs, fill=_shading(tc)))
            cells.extend(Cell("") for _ in range(span - 1))
        if not any(not c.empty for c in cells):
            continue
        line = before + len(rows) + 1
        rows.append(Block("table_row", collapse(" ".join(c.text for c in cells)), line=line, cells=cells,
                          after_break=not rows))
    return rows


def _shading(tc: Any) -> tuple[float, float, float] | None:
    shd = tc.find(f"{_W}tcPr/{_W}shd")
    return from_hex(shd.get(f"{_W}fill")) if shd is not None else None
