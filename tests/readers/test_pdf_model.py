"""The page reader on the backend-neutral page model alone: no PDF library, no pdfplumber Page.

A page is written down as words and shapes, the way either backend hands it
over, and the layout code must find its table, cell colours and footnote
from that alone (pdfplumber's table finder runs on edges cut from the shapes).
"""

from __future__ import annotations

from planparse.readers.pdf_objects import PageContent, Shape, Word
from planparse.readers.pdf_page import read_page
from planparse.readers.pdf_tables import ruled_tables


def _word(text: str, x0: float, top: float, size: float = 10.0, bold: bool = False) -> Word:
    return Word(text=text, x0=x0, x1=x0 + 5.5 * len(text), top=top, bottom=top + size, size=size,
                fontname="Helvetica-Bold" if bold else "Helvetica", upright=True)


def _line(x0: float, top: float, x1: float, bottom: float) -> Shape:
    pts = ((x0, top), (x1, bottom))
    return Shape("line", x0, top, x1, bottom, x1 - x0, bottom - top, pts, None, True)


def _rect(x0: float, top: float, x1: float, bottom: float, fill: tuple[float, float, float] | None) -> Shape:
    pts = ((x0, bottom), (x1, bottom), (x1, top), (x0, top), (x0, bottom))
    return Shape("rect", x0, top, x1, bottom, x1 - x0, bottom - top, pts, fill, False)


def _grid_page() -> PageContent:
    """A 3-column action table ruled with lines, its status cell shaded green, a note under a short rule."""
    xs, ys = [50.0, 100.0, 400.0, 520.0], [100.0, 120.0, 150.0, 180.0]
    lines = [_line(xs[0], y, xs[-1], y) for y in ys] + [_line(x, ys[0], x, ys[-1]) for x in xs]
    lines.append(_line(50.0, 700.0, 150.0, 700.0))  # the footnote rule
    words = [_word("Ref", 55, 105, bold=True), _word("Action", 105, 105, bold=True),
             _word("RAG", 405, 105, bold=True),
             _word("1.1", 55, 130), _word("Open", 105, 130), _word("a", 135, 130), _word("hub", 145, 130),
             _word("1.2", 55, 160), _word("Train", 105, 160), _word("staff", 140, 160),
             _word("Plans", 50, 60, size=12), _word("for", 86, 60, size=12), _word("2025", 106, 60, size=12),
             _word("1", 50, 705, size=7), _word("Source:", 56, 705, size=7), _word("survey", 90, 705, size=7)]
    return PageContent(width=595.0, height=842.0, chars=sum(len(w["text"]) for w in words), words=words,
                       lines=lines, rects=[_rect(400.0, 120.0, 520.0, 150.0, (0.2, 0.65, 0.3))])


def test_a_ruled_table_is_found_from_line_shapes_with_its_cell_fill() -> None:
    page = _grid_page()
    (table,) = ruled_tables(page, [dict(w) for w in page.words])
    assert [[c.text for c in row] for row in table.rows] == [["Ref", "Action", "RAG"], ["1.1", "Open a hub", ""],
                                                              ["1.2", "Train staff", ""]]
    assert table.rows[1][2].fill == (0.2, 0.65, 0.3) and table.rows[2][2].fill is None
    assert table.bbox == (50.0, 100.0, 520.0, 180.0)


def test_the_page_reads_heading_table_and_footnote_from_the_model() -> None:
    blocks, chars, _ = read_page(_grid_page(), 3, None)
    assert chars > 0
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Plans for 2025"),
        ("table_row", "Ref Action RAG"), ("table_row", "1.1 Open a hub"), ("table_row", "1.2 Train staff"),
        ("footnote", "1 Source: survey")]
    assert all(b.page == 3 for b in blocks)


def test_a_page_without_letters_has_no_blocks() -> None:
    blocks, chars, columns = read_page(PageContent(width=595.0, height=842.0, chars=0), 1, [1.0, 2.0])
    assert (blocks, chars, columns) == ([], 0, [1.0, 2.0])
