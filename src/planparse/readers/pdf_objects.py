"""What the page reader needs from a PDF page, in a form no PDF library owns.

Two backends fill it: pdfium (fast) and pdfplumber (the reference).
Everything after them (tables, panels, reading order, paragraphs,
footnotes) reads only this model, so both backends go through the same
layout code and can be compared block for block.

Coordinates are pdfplumber's: points from the top-left corner of the page as
displayed (after its /Rotate), ``top`` < ``bottom``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypedDict

from planparse.errors import InputError

RGB = tuple[float, float, float]


class _Text(TypedDict):
    """What words and letters share: their text, box (page coordinates, top down) and font."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    fontname: str


class Word(_Text):
    """Upright text, split the way pdfplumber's ``extract_words(x_tolerance=1.5)`` splits it.

    A word never spans a change of font or size, so ``fontname`` and ``size``
    are those of all its letters.
    """

    upright: bool


class Char(_Text):
    """One letter of text set at an angle: such text is rebuilt line by line from its letters.

    ``upward`` is True when the text runs bottom to top (turned anticlockwise).
    """

    upward: bool


@dataclass(frozen=True, slots=True)
class Shape:
    """A painted path, classified the way pdfminer classifies it.

    ``kind`` is "rect" for an axis-aligned closed box of four sides, "line"
    for one straight segment, "curve" for anything else; a path of several
    subpaths is one Shape per subpath. ``pts`` are the subpath's end points
    (no Bézier control points), which is what table rules are cut from.
    ``fill`` is the RGB colour of a filled shape (None when unfilled or the
    colour is not a plain one, such as a pattern). ``width`` and ``height``
    are kept as the backend computed them: pdfplumber's come from pdfminer's
    own coordinates, and table rules snap at exact tolerances, so
    recomputing them from the edges could move a rule by a rounding error
    and a row edge by a point.
    """

    kind: Literal["rect", "line", "curve"]
    x0: float
    top: float
    x1: float
    bottom: float
    width: float
    height: float
    pts: tuple[tuple[float, float], ...]
    fill: RGB | None
    stroke: bool


@dataclass
class PageContent:
    """One page: its size, its upright words, its turned letters and its painted shapes."""

    width: float
    height: float
    chars: int  # letters on the page, turned ones included: 0 on a scanned page
    words: list[Word] = field(default_factory=list)
    turned: list[Char] = field(default_factory=list)
    rects: list[Shape] = field(default_factory=list)
    lines: list[Shape] = field(default_factory=list)
    curves: list[Shape] = field(default_factory=list)

    def shapes(self) -> Iterator[Shape]:
        yield from self.rects
        yield from self.lines
        yield from self.curves


class PdfDocument(Protocol):
    """An open PDF as the document reader sees it, whichever library reads it.

    ``page`` reads one page and releases the library's hold on it before
    returning, so memory stays flat however long the document is.
    """

    @property
    def warnings(self) -> list[str]:
        """What the reader worked around (a damaged xref, a damaged stream), for the plan's warnings."""
        ...

    def declared_pages(self) -> int | None:
        """How many pages the document says it has, known before any page is built (None: it does not say)."""
        ...

    def open_pages(self, max_pages: int | None) -> tuple[int, int]:
        """Get ready to read: (pages in the document, pages that can be read, at most max_pages when given)."""
        ...

    def outline(self) -> list[tuple[int, str]]:
        """(level from 1, title) of the bookmarks, in order; [] when there are none or they are broken."""
        ...

    def metadata_title(self) -> str | None:
        """The document information dictionary's /Title, as stored (None when absent or unreadable)."""
        ...

    def page(self, index: int) -> PageContent:
        """Page ``index`` (from 0); raises InputError for a decompression bomb, Damaged for damage to repair."""
        ...

    def close(self) -> None: ...


class Damaged(Exception):
    """The first read failed in a way a repair pass may fix; ``error`` is what to raise if it cannot."""

    def __init__(self, error: InputError, always_repair: bool) -> None:
        super().__init__(str(error))
        self.error = error
        self.always_repair = always_repair  # False: only worth it when qpdf itself finds damage


def to_rgb(color: Any) -> RGB | None:
    """Colour components as PDF libraries give them (gray, RGB or CMYK, 0-1) -> RGB."""
    if color is None:
        return None
    if isinstance(color, (int, float)):
        return (float(color),) * 3
    try:
        values = [float(c) for c in color]
    except (TypeError, ValueError):
        return None
    if len(values) == 1:
        return (values[0],) * 3
    if len(values) == 3:
        return (values[0], values[1], values[2])
    if len(values) == 4:
        c, m, y, k = values
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None
