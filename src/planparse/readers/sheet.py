"""Spreadsheet action trackers (.xlsx, .xlsm) and CSV exports -> Layout.

A tracker is a table with a title above it: a title row or two, a 'last
updated' line, then the header row and one action per row, with full-width
rows naming each priority and a RAG column that is often colour alone.
pandas reads the values (through openpyxl for Excel; dates and numbers come
back as what they are, written here as a plan would write them); openpyxl
gives what pandas drops, the cell fills, so the RAG colour reaches
``Cell.fill``. A merged range keeps its value in its first cell and leaves
the cells it covers empty, as a PDF's table reader sees it.

The header row is the first row of several short labels with more rows of
several cells below; rows above it are the title and notes, as headings and
paragraphs. Each sheet is a page (``page`` = sheet number, ``line`` = row
number), so provenance says where to look.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from planparse.errors import InputError
from planparse.layout import Block, Cell, Layout
from planparse.readers.cells import parse_cell
from planparse.readers.colour import from_hex
from planparse.readers.decode import decode_text
from planparse.text_norm import clean_inline, collapse

HEADER_MAX_WORDS = 6  # a header label is short: "Lead officer", "Target date", "RAG status"
HEADER_SEARCH_ROWS = 30  # a tracker's header is near the top; below this everything is data


def read_xlsx(path: Path) -> Layout:
    import pandas as pd

    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl")
        fills = _fills(path)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise InputError("CorruptSpreadsheet", f"{path.name} cannot be opened as an Excel workbook "
                                               f"({type(exc).__name__}: {exc})") from None
    blocks: list[Block] = []
    visible = [name for name in sheets if fills.get(name) is not None]
    for number, name in enumerate(visible, start=1):
        grid = [[_text(v) for v in row] for row in sheets[name].itertuples(index=False, name=None)]
        blocks.extend(grid_blocks(grid, page=number, fills=fills[name]))
    if not any(b.text for b in blocks):
        raise InputError("EmptyInput", f"{path.name} has no text in its visible sheets")
    return Layout(blocks=blocks, format="xlsx", pages=len(visible))  # type: ignore[arg-type]


def read_csv(path: Path) -> Layout:
    """A CSV or TSV export: decoded like a text plan, the delimiter sniffed by pandas' python engine."""
    import pandas as pd

    text, encoding = decode_text(path.read_bytes(), path)
    try:
        frame = pd.read_csv(io.StringIO(text), header=None, dtype=str, keep_default_na=False, sep=None,
                            engine="python", skip_blank_lines=False, on_bad_lines="warn")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv_error()) as exc:
        raise InputError("CorruptCSV", f"{path.name} cannot be read as CSV ({exc})") from None
    grid = [[_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    blocks = grid_blocks(grid, page=None, fills={})
    if not any(b.text for b in blocks):
        raise InputError("EmptyInput", f"{path.name} has no text")
    return Layout(blocks=blocks, format="csv", pages=None, encoding=encoding)  # type: ignore[arg-type]


def csv_error() -> type[Exception]:
    import csv

    return csv.Error


def grid_blocks(grid: list[list[str]], page: int | None,
                fills: dict[tuple[int, int], tuple[float, float, float]]) -> list[Block]:
    """Rows above the header as title and notes, the header and the rows below it as table rows."""
    width = max((_last_filled(r) + 1 for r in grid), default=0)
    if not width:
        return []
    header = find_header(grid)
    blocks: list[Block] = []
    gap = True
    for r, row in enumerate(grid):
        line = r + 1
        values = [v for v in row[:width] if v]
        if not values:
            gap = True
            continue
        if header is None or r < header:
            text = clean_inline(" ".join(values))
            kind = "heading" if not any(b.kind == "heading" for b in blocks) and header is not None else "paragraph"
            blocks.append(Block(kind, text, line=line, page=page, level=1 if kind == "heading" else None,  # type: ignore[arg-type]
                                after_break=True))
        else:
            cells = []
            for c in range(width):
                raw = row[c] if c < len(row) else ""
                cell = parse_cell(raw, line_breaks=True) if raw else Cell("")
                fill = fills.get((r, c))
                cells.append(replace(cell, fill=fill) if fill else cell)
            blocks.append(Block("table_row", collapse(" ".join(c.text for c in cells)), line=line, page=page,
                                cells=cells, bold=r == header, after_break=gap or r == header))
        gap = False
    return blocks


def find_header(grid: list[list[str]]) -> int | None:
    """The first row of two or more short labels that has rows of two or more cells below it."""
    multi = [sum(1 for v in row if v) >= 2 for row in grid]
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        values = [v for v in row if v]
        if len(values) < 2 or not any(multi[r + 1:]):
            continue
        if all(len(v.split()) <= HEADER_MAX_WORDS and not v.rstrip().endswith(".") for v in values):
            return r
    return None


def _last_filled(row: list[str]) -> int:
    for c in range(len(row) - 1, -1, -1):
        if row[c]:
            return c
    return -1


def _text(value: Any) -> str:
    """A cell value as a plan writes it: dates as '31 March 2025', whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return f"{value.day} {value:%B %Y}"
        return f"{value.day} {value:%B %Y %H:%M}"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    text = str(value).replace("\r\n", "\n").strip()
    return "" if text.lower() == "nan" else text


def _fills(path: Path) -> dict[str, dict[tuple[int, int], tuple[float, float, float]] | None]:
    """Per sheet (None for a hidden one), the solid fill of each coloured cell, by 0-based (row, column)."""
    from openpyxl import load_workbook
    from openpyxl.styles.colors import COLOR_INDEX

    workbook = load_workbook(path, data_only=True)
    out: dict[str, dict[tuple[int, int], tuple[float, float, float]] | None] = {}
    for ws in workbook.worksheets:
        if ws.sheet_state != "visible":
            out[ws.title] = None
            continue
        found: dict[tuple[int, int], tuple[float, float, float]] = {}
        for row in ws.iter_rows():
            for cell in row:
                fill = cell.fill
                if fill is None or fill.fill_type != "solid":
                    continue
                colour = fill.fgColor
                hexa = None
                if colour.type == "rgb" and isinstance(colour.rgb, str):
                    hexa = colour.rgb
                elif colour.type == "indexed" and isinstance(colour.indexed, int) and colour.indexed < len(COLOR_INDEX):
                    hexa = COLOR_INDEX[colour.indexed]
                rgb = from_hex(hexa)
                if rgb is not None:
                    found[(cell.row - 1, cell.column - 1)] = rgb
        out[ws.title] = found
    workbook.close()
    return out
