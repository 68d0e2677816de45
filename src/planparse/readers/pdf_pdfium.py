"""The pdfium backend: PDF pages -> PageContent through pypdfium2, several times faster than pdfminer.

pdfium parses and interprets the page in C++; what is left in Python is
one pass over the letters of the page (five calls each: text run, Unicode,
mapping error, loose box, origin) and one over its painted paths. Font,
size, descent and direction are asked once per text run, not per letter.
pdfium's own word and line grouping (text rects, bounded text) is not used:
it breaks words by its own rules and would not match the reference, so
words are cut by pdfplumber's rule (readers/pdf_words.py), as the
pdfplumber backend cuts them.

The letters are made to look like pdfminer's, because pdfplumber reads
pdfminer's and the layout code was written against them:

- a letter's box runs from its origin along the baseline to the end of
  pdfium's loose box, and from pdfminer's descent below the baseline to one
  em above it (pdfium's loose box takes in the font's ascent, and ink that
  hangs out, like the tail of a "j");
- ``size`` is the rendered size (the ``Tf`` operand times the text matrix's
  scale), the height of the box, as in pdfminer;
- fonts get pdfminer's names and descents (pdf_fonts), so words break at the
  same font changes;
- letters pdfium cannot map get text from the font's /Encoding, else
  "(cid:N)" (pdf_fonts); letters pdfium generates itself (spaces and line
  breaks it infers) are dropped; U+0002, its line-end hyphen, is "-";
- a page's /Rotate is applied the way pdfminer applies it, so coordinates
  are those of the page as displayed.

Paths are split into subpaths and classified as rect, line or curve by
pdfminer's rules (``pdfminer.converter.PDFLayoutAnalyzer.paint_path``), so
the same shapes become table rules, panels and cell shading; a pattern fill
has no colour, as in pdfminer.

pdfium keeps every font and object it has parsed until the document is
closed, and so does qpdf, so both are reopened every ``REOPEN_EVERY``
pages: memory then stays flat on a 1,000-page PDF (pdfium alone grew by
80 MB without it, qpdf by 25 MB).
"""

from __future__ import annotations

import ctypes
import functools
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from planparse.errors import InputError
from planparse.readers.pdf_fonts import FontBook, PageFonts
from planparse.readers.pdf_objects import RGB, Char, Damaged, PageContent, Shape
from planparse.readers.pdf_qpdf import QpdfGuard
from planparse.readers.pdf_words import Letter, upright_words
from planparse.text_norm import collapse

REOPEN_EVERY = 50  # pages read before pdfium's document-wide caches are dropped by reopening it
# pdfium is not thread-safe; a worker running documents in threads (a Dask worker with several) reads one
# page at a time. A lock, not state: nothing in it to reset.
_PDFIUM = threading.RLock()
_FONT_NAME_MAX = 256
# ctypes array types made once: ``(ctypes.c_float * 6)()`` in a per-page function makes a new class each
# call, and the classes (reference cycles) piled up as garbage, 3 MB by a 1,000-page PDF
_NAME_BUFFER = ctypes.c_char * _FONT_NAME_MAX
_DOUBLE2 = ctypes.c_double * 2
_FLOAT6 = ctypes.c_float * 6
_FLOAT2 = ctypes.c_float * 2
_INT2 = ctypes.c_int * 2
_UINT4 = ctypes.c_uint * 4
_OUTLINE_DEPTH = 64
_SKEW = 0.25  # text turned more than ~14 degrees from a quarter turn is set at an angle (tan 14° = 0.25)

Matrix = tuple[float, float, float, float, float, float]


def open_pdfium(source: Path | io.BytesIO, name: str, password: str | None, max_pages: int | None) -> PdfiumDocument:
    """Open with pdfium after qpdf has checked the file; damage qpdf sees is repaired before reading."""
    guard = QpdfGuard.open(source, name, password)
    try:
        return PdfiumDocument(source, name, password, guard)
    except BaseException:
        guard.close()
        raise


class PdfiumDocument:
    """A PDF open in pdfium, read one page at a time (see PdfDocument in pdf_objects)."""

    def __init__(self, source: Path | io.BytesIO, name: str, password: str | None, guard: QpdfGuard) -> None:
        self._data: Path | bytes = source if isinstance(source, Path) else source.getvalue()
        self._name = name
        self._password = password
        self._guard = guard
        self._pdf = self._load()
        self._since_open = 0
        self._fonts = FontBook()

    @property
    def warnings(self) -> list[str]:
        return self._guard.warnings

    def _load(self) -> Any:
        import pypdfium2 as pdfium

        try:
            with _PDFIUM:
                return pdfium.PdfDocument(self._data, password=self._password or None)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code in (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY):
                raise InputError("EncryptedPDF", f"{self._name} is encrypted; pass the password (--password)") \
                    from None
            raise Damaged(InputError("CorruptPDF", f"{self._name} is not a readable PDF ({exc})"), True) from None

    def declared_pages(self) -> int:
        with _PDFIUM:
            return len(self._pdf)

    def open_pages(self, max_pages: int | None) -> tuple[int, int]:
        """pdfium builds a page only when asked for it, so every page is readable at no cost."""
        count = self.declared_pages()
        return count, count

    def metadata_title(self) -> str | None:
        try:
            with _PDFIUM:
                return self._pdf.get_metadata_value("Title") or None
        except Exception:  # noqa: BLE001 - a broken info dictionary loses only this hint
            return None

    def outline(self) -> list[tuple[int, str]]:
        """(level, title) of the bookmarks that lead somewhere, levels from 1, as pdfminer lists them."""
        import pypdfium2.raw as raw

        out: list[tuple[int, str]] = []
        seen: set[int] = set()
        doc = self._pdf.raw

        try:
            with _PDFIUM:
                # depth first with a stack of (bookmark, level): a bookmark, its children, then its next sibling
                todo: list[tuple[Any, int]] = [(raw.FPDFBookmark_GetFirstChild(doc, None), 1)]
                while todo:
                    mark, level = todo.pop()
                    if not mark:
                        continue
                    address = ctypes.addressof(mark.contents)
                    if address in seen or level > _OUTLINE_DEPTH:
                        continue  # a bookmark that points back up its own tree: the rest of its list is dropped
                    seen.add(address)
                    if raw.FPDFBookmark_GetDest(doc, mark) or raw.FPDFBookmark_GetAction(mark):
                        title = collapse(_bookmark_title(mark))
                        if title:
                            out.append((level, title))
                    todo.append((raw.FPDFBookmark_GetNextSibling(doc, mark), level))
                    todo.append((raw.FPDFBookmark_GetFirstChild(doc, mark), level + 1))
        except Exception:  # noqa: BLE001 - a broken outline: headings come from fonts instead
            return []
        return out

    def page(self, index: int) -> PageContent:
        """Read page ``index`` (from 0) once qpdf's guard has passed it, and release it."""
        self._guard.check_page(index)
        if self._since_open >= REOPEN_EVERY:  # let go of what pdfium and qpdf have cached, fonts included
            with _PDFIUM:
                self._pdf.close()
            self._pdf = self._load()
            self._guard.reopen()
            self._fonts = FontBook()
            self._since_open = 0
        self._since_open += 1
        fonts = self._fonts.page(self._guard.page_dict(index))
        with _PDFIUM:
            page = self._pdf[index]
            try:
                return read_page(page, fonts, self._pdf.raw)
            finally:
                page.close()

    def close(self) -> None:
        try:
            with _PDFIUM:
                self._pdf.close()
        finally:
            self._guard.close()


def _address(pointer: Any) -> int | None:
    """A pypdfium2 handle's address, read from the pointer's own bytes (``ctypes.cast`` would tie the
    handle into a reference cycle that only the garbage collector frees, one per page)."""
    return ctypes.c_void_p.from_buffer(pointer).value


def _bookmark_title(mark: Any) -> str:
    import pypdfium2.raw as raw

    size = raw.FPDFBookmark_GetTitle(mark, None, 0)
    if size <= 2:
        return ""
    buf = ctypes.create_string_buffer(size)
    raw.FPDFBookmark_GetTitle(mark, buf, size)
    return buf.raw[: size - 2].decode("utf-16-le", errors="replace")


# --- one page --------------------------------------------------------------------------------------


class _Api:
    """pdfium functions called once per letter or per path point, with plain-int signatures.

    pypdfium2's bindings return typed pointers, which cost a Python object
    each; these casts of the same functions return addresses as ints, so a
    text run's handle can key a dict.
    """

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        vp, i32 = ctypes.c_void_p, ctypes.c_int
        self.text_object = ctypes.cast(raw.FPDFText_GetTextObject, ctypes.CFUNCTYPE(vp, vp, i32))
        self.unicode = ctypes.cast(raw.FPDFText_GetUnicode, ctypes.CFUNCTYPE(ctypes.c_uint, vp, i32))
        self.map_error = ctypes.cast(raw.FPDFText_HasUnicodeMapError, ctypes.CFUNCTYPE(i32, vp, i32))
        self.char_origin = ctypes.cast(raw.FPDFText_GetCharOrigin, ctypes.CFUNCTYPE(i32, vp, i32, vp, vp))
        self.loose_box = ctypes.cast(raw.FPDFText_GetLooseCharBox, ctypes.CFUNCTYPE(i32, vp, i32, vp))
        self.char_matrix = ctypes.cast(raw.FPDFText_GetMatrix, ctypes.CFUNCTYPE(i32, vp, i32, vp))
        self.font_size = ctypes.cast(raw.FPDFText_GetFontSize, ctypes.CFUNCTYPE(ctypes.c_double, vp, i32))
        self.text_font = ctypes.cast(raw.FPDFTextObj_GetFont, ctypes.CFUNCTYPE(vp, vp))
        self.font_name = ctypes.cast(raw.FPDFFont_GetBaseFontName,
                                     ctypes.CFUNCTYPE(ctypes.c_size_t, vp, vp, ctypes.c_size_t))
        self.font_data = ctypes.cast(raw.FPDFFont_GetFontData,
                                     ctypes.CFUNCTYPE(i32, vp, vp, ctypes.c_size_t, vp))
        self.font_descent = ctypes.cast(raw.FPDFFont_GetDescent, ctypes.CFUNCTYPE(i32, vp, ctypes.c_float, vp))
        self.segment = ctypes.cast(raw.FPDFPath_GetPathSegment, ctypes.CFUNCTYPE(vp, vp, i32))
        self.point = ctypes.cast(raw.FPDFPathSegment_GetPoint, ctypes.CFUNCTYPE(i32, vp, vp, vp))
        self.segment_type = ctypes.cast(raw.FPDFPathSegment_GetType, ctypes.CFUNCTYPE(i32, vp))
        self.segment_close = ctypes.cast(raw.FPDFPathSegment_GetClose, ctypes.CFUNCTYPE(i32, vp))
        self.object_at = ctypes.cast(raw.FPDFPage_GetObject, ctypes.CFUNCTYPE(vp, vp, i32))
        self.form_object_at = ctypes.cast(raw.FPDFFormObj_GetObject, ctypes.CFUNCTYPE(vp, vp, ctypes.c_ulong))
        self.object_type = ctypes.cast(raw.FPDFPageObj_GetType, ctypes.CFUNCTYPE(i32, vp))
        self.object_matrix = ctypes.cast(raw.FPDFPageObj_GetMatrix, ctypes.CFUNCTYPE(i32, vp, vp))
        self.count_segments = ctypes.cast(raw.FPDFPath_CountSegments, ctypes.CFUNCTYPE(i32, vp))
        self.draw_mode = ctypes.cast(raw.FPDFPath_GetDrawMode, ctypes.CFUNCTYPE(i32, vp, vp, vp))
        self.fill_colour = ctypes.cast(raw.FPDFPageObj_GetFillColor, ctypes.CFUNCTYPE(i32, vp, vp, vp, vp, vp))
        self.count_form_objects = ctypes.cast(raw.FPDFFormObj_CountObjects, ctypes.CFUNCTYPE(i32, vp))
        self.count_objects = ctypes.cast(raw.FPDFPage_CountObjects, ctypes.CFUNCTYPE(i32, vp))
        self.fill_pattern = ctypes.cast(raw.FPDFPageObj_GetRenderedFillPattern, ctypes.CFUNCTYPE(vp, vp, vp))
        self.destroy_bitmap = ctypes.cast(raw.FPDFBitmap_Destroy, ctypes.CFUNCTYPE(None, vp))
        self.path_object_type = raw.FPDF_PAGEOBJ_PATH
        self.form_object_type = raw.FPDF_PAGEOBJ_FORM
        self.moveto = raw.FPDF_SEGMENT_MOVETO
        self.bezierto = raw.FPDF_SEGMENT_BEZIERTO


@functools.cache
def _api() -> _Api:
    """The casts are made once, on first use (pypdfium2 is imported only when a PDF is read)."""
    return _Api()


def read_page(page: Any, fonts: PageFonts, document: Any) -> PageContent:
    """PageContent of one pypdfium2 page (of pdfium ``document``), in pdfplumber's coordinates."""
    import pypdfium2.raw as raw

    view = _View(page.get_mediabox(), page.get_rotation())
    content = PageContent(width=view.width, height=view.height, chars=0)
    textpage = raw.FPDFText_LoadPage(page.raw)
    try:
        _read_text(content, _chars(textpage, view, fonts, content))
    finally:
        raw.FPDFText_ClosePage(textpage)
    for shape in _shapes(page.raw, view, _address(document)):
        if shape.kind == "rect":
            content.rects.append(shape)
        elif shape.kind == "line":
            content.lines.append(shape)
        else:
            content.curves.append(shape)
    return content


class _View:
    """User space -> the page as displayed, top-down, exactly as pdfminer + pdfplumber compute it.

    pdfminer turns the page by its /Rotate with a CTM of its own and moves
    the mediabox origin to 0; pdfplumber then flips y and adds the mediabox's
    x origin back. The composition is pdfminer's CTM (``ctm``, user space
    to its device space), then the flip and shift (``flip``, ``dx``).
    """

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int) -> None:
        x0, y0, x1, y1 = mediabox
        if rotation == 90:
            ctm: Matrix = (0, -1, 1, 0, -y0, x1)
        elif rotation == 180:
            ctm = (-1, 0, 0, -1, x1, y1)
        elif rotation == 270:
            ctm = (0, 1, -1, 0, y1, -x0)
        else:
            ctm = (1, 0, 0, 1, -x0, -y0)
        lx, hx = sorted((x0, x1))
        ly, hy = sorted((y0, y1))
        box = (ly, lx, hy, hx) if rotation in (90, 270) else (lx, ly, hx, hy)
        self.width = box[2] - box[0]
        self.height = box[3] - box[1]
        self.ctm = ctm
        self.dx = box[0]  # pdfplumber adds the mediabox's x origin back
        self.flip = self.height + (self.height - box[3])  # top = flip - device y
        self.plain = ctm[1] == 0 and ctm[2] == 0 and ctm[0] == 1 and ctm[3] == 1

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) of a user-space point."""
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e + self.dx, self.flip - (b * x + d * y + f)

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a user-space rectangle."""
        if self.plain:
            e, f = self.ctm[4], self.ctm[5]
            return left + e + self.dx, self.flip - (top + f), right + e + self.dx, self.flip - (bottom + f)
        xa, ta = self.point(left, bottom)
        xb, tb = self.point(right, top)
        return min(xa, xb), min(ta, tb), max(xa, xb), max(ta, tb)

    def device(self, m: Matrix) -> Matrix:
        """A text matrix in pdfminer's device space (after the page's turn): what 'upright' is judged on."""
        a, b, c, d, e, f = m
        ca, cb, cc, cd, ce, cf = self.ctm
        return (a * ca + b * cc, a * cb + b * cd, c * ca + d * cc, c * cb + d * cd,
                e * ca + f * cc + ce, e * cb + f * cd + cf)


class _Run:
    """What is the same for every letter of one text run: font, size, direction (asked once per run).

    ``em`` is the rendered size in user space (Tf times the text matrix's
    scale), ``descent`` where pdfminer puts the bottom of the letters below
    their baseline (negative), ``up`` where the text's top points in user
    space (0 up, 1 down, 2 left, 3 right; 4 at an angle).
    """

    __slots__ = ("font", "fontname", "em", "descent", "up", "upright", "upward")

    def __init__(self, font: _Font, em: float, descent: float, up: int, upright: bool, upward: bool) -> None:
        self.font = font
        self.fontname = font.name
        self.em = em
        self.descent = descent
        self.up = up
        self.upright = upright
        self.upward = upward


class _Font:
    """A pdfium font of the page, with pdfminer's name and descent for it (see pdf_fonts)."""

    __slots__ = ("handle", "pdfium_name", "name", "descent", "_fonts")

    def __init__(self, api: _Api, handle: int, fonts: PageFonts) -> None:
        self.handle = handle
        self._fonts = fonts
        buf = _NAME_BUFFER()
        n = api.font_name(handle, ctypes.addressof(buf), _FONT_NAME_MAX) if handle else 0
        self.pdfium_name = buf.raw[: max(0, min(n, _FONT_NAME_MAX) - 1)].decode("latin-1")
        self.name, self.descent = fonts.describe(self.pdfium_name, self.program_size)

    def descent_at(self, api: _Api, size: float) -> float:
        """pdfminer's descent at font size ``size`` (text space); pdfium's own where pdfminer's is unknown."""
        if self.descent is not None:
            return self.descent * size
        value = ctypes.c_float(0.0)
        if self.handle and api.font_descent(self.handle, size, ctypes.addressof(value)):
            return value.value
        return 0.0

    def program_size(self) -> int:
        """Bytes of the embedded font program, as pdfium decoded it."""
        size = ctypes.c_size_t(0)
        if not self.handle or not _api().font_data(self.handle, None, 0, ctypes.addressof(size)):
            return -1
        return size.value

    def text(self, code: int) -> str:
        return self._fonts.text(self.pdfium_name, self.program_size, code)


def _run_of(api: _Api, textpage: Any, index: int, obj: int, view: _View, matrix: Any, fonts: PageFonts,
            known: dict[int, _Font]) -> _Run:
    api.char_matrix(textpage, index, ctypes.addressof(matrix))
    m: Matrix = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
    size = api.font_size(textpage, index)
    handle = api.text_font(obj) or 0
    font = known.get(handle)
    if font is None:
        font = known[handle] = _Font(api, handle, fonts)
    a, b, c, d = m[:4]
    if abs(d) >= abs(c):
        up, scale = (0 if d > 0 else 1), abs(d)
    else:
        up, scale = (2 if c < 0 else 3), abs(c)
    if min(abs(a), abs(b)) > _SKEW * max(abs(a), abs(b)) or min(abs(c), abs(d)) > _SKEW * max(abs(c), abs(d)):
        up = 4  # set at an angle (a diagonal chart label): pdfium's loose box, the bounds of the turned letter
    da, db, dc, dd = view.device(m)[:4]
    return _Run(font, size * scale, font.descent_at(api, size) * scale, up, da * dd > 0 and db * dc <= 0, db > 0)


def _chars(textpage: Any, view: _View, fonts: PageFonts, content: PageContent) -> Iterator[Letter]:
    """pdfminer-like letters (readers/pdf_words.Letter) for every letter the PDF draws.

    Counts them in ``content.chars`` and keeps the turned ones in ``content.turned`` on the way.

    A letter's box runs from its origin to the end of pdfium's loose box
    along the baseline (the loose box alone also takes in ink that hangs
    out, as the tail of a "j" does), and from pdfminer's descent below the
    baseline to one em above that.
    """
    import pypdfium2.raw as raw

    api = _api()
    n = raw.FPDFText_CountChars(textpage)
    page = _address(textpage)
    rect = raw.FS_RECTF()
    rect_at = ctypes.addressof(rect)
    origin = _DOUBLE2()
    ox_at, oy_at = ctypes.addressof(origin), ctypes.addressof(origin) + 8
    matrix = raw.FS_MATRIX()
    runs: dict[int, _Run] = {}
    known: dict[int, _Font] = {}
    text_object, unicode, map_error, loose_box, char_origin, box = (
        api.text_object, api.unicode, api.map_error, api.loose_box, api.char_origin, view.box)
    # the page as displayed is user space shifted and flipped (no /Rotate): the usual case, done inline
    plain, e, f, dx, flip = view.plain, view.ctm[4], view.ctm[5], view.dx, view.flip
    last = None
    run = font = fontname = em = descent = up = upright = upward = None
    for i in range(n):
        obj = text_object(page, i)
        if not obj:
            continue  # a space or line break pdfium inferred: not drawn by the PDF
        if obj != last:
            last = obj
            run = runs.get(obj)
            if run is None:
                run = runs[obj] = _run_of(api, textpage, i, obj, view, matrix, fonts, known)
            font, fontname, em, descent, up = run.font, run.fontname, run.em, run.descent, run.up
            upright, upward = run.upright, run.upward
        code = unicode(page, i)
        if map_error(page, i) == 1:
            letter = font.text(code)  # pdfium reports the character code itself
        else:
            letter = "-" if code == 2 else chr(code) if code < 0x110000 else "\ufffd"  # U+0002: a line-end hyphen
        loose_box(page, i, rect_at)
        char_origin(page, i, ox_at, oy_at)
        ox, oy = origin[0], origin[1]
        if up == 0:
            if plain and upright:  # the same arithmetic as _View.box, in the same order
                bottom = oy + descent
                y0, y1 = flip - (bottom + em + f), flip - (bottom + f)
                content.chars += 1
                yield (letter, ox + e + dx, rect.right + e + dx, y0, y1, fontname, y1 - y0, True)
                continue
            left, right, bottom = ox, rect.right, oy + descent
            top = bottom + em
        elif up == 1:
            left, right, top = rect.left, ox, oy - descent
            bottom = top - em
        elif up == 2:
            bottom, top, right = oy, rect.top, ox - descent
            left = right - em
        elif up == 3:
            bottom, top, left = rect.bottom, oy, ox + descent
            right = left + em
        else:
            left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
        x0, y0, x1, y1 = box(left, bottom, right, top)
        content.chars += 1
        if not upright:
            content.turned.append(Char(text=letter, x0=x0, x1=x1, top=y0, bottom=y1, size=y1 - y0,
                                       fontname=fontname, upward=upward))
        yield (letter, x0, x1, y0, y1, fontname, y1 - y0, upright)


def _read_text(content: PageContent, letters: Iterator[Letter]) -> None:
    """Upright words cut as the pdfplumber backend cuts them (readers/pdf_words.py)."""
    content.words = upright_words(letters)


# --- paths ------------------------------------------------------------------------------------------


def _shapes(page: Any, view: _View, document: int | None) -> Iterator[Shape]:
    """Every painted path on the page, form XObjects included, as pdfminer would classify it."""
    api = _api()
    matrix, xy, mode, rgba = _FLOAT6(), _FLOAT2(), _INT2(), _UINT4()
    buffers = (matrix, xy, mode, rgba)
    todo: list[tuple[Any, bool, Matrix, int]] = [(page, False, (1, 0, 0, 1, 0, 0), 0)]
    while todo:
        holder, is_form, outer, depth = todo.pop()
        count = api.count_form_objects(holder) if is_form else api.count_objects(holder)
        get = api.form_object_at if is_form else api.object_at
        for k in range(max(count, 0)):
            obj = get(holder, k)
            if not obj:
                continue
            kind = api.object_type(obj)
            if kind == api.path_object_type:
                yield from _path_shapes(api, obj, outer, view, buffers, document)
            elif kind == api.form_object_type and depth < 32:
                api.object_matrix(obj, ctypes.addressof(matrix))
                todo.append((obj, True, _concat(tuple(matrix), outer), depth + 1))


def _concat(m: Any, outer: Matrix) -> Matrix:
    """m then outer (PDF's row-vector order)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_shapes(api: _Api, obj: int, outer: Matrix, view: _View, buffers: tuple[Any, ...],
                 document: int | None) -> Iterator[Shape]:
    matrix, xy, mode, rgba = buffers
    if not api.draw_mode(obj, ctypes.addressof(mode), ctypes.addressof(mode) + 4):
        return
    fill, stroke = mode[0] != 0, mode[1] != 0
    if not fill and not stroke:
        return
    n = api.count_segments(obj)
    if n < 2:
        return
    api.object_matrix(obj, ctypes.addressof(matrix))
    a, b, c, d, e, f = _concat(tuple(matrix), outer)
    colour: RGB | None = None
    if fill and api.fill_colour(obj, ctypes.addressof(rgba), ctypes.addressof(rgba) + 4,
                                ctypes.addressof(rgba) + 8, ctypes.addressof(rgba) + 12):
        colour = (rgba[0] / 255, rgba[1] / 255, rgba[2] / 255)
        pattern = api.fill_pattern(document, obj)
        if pattern:  # a pattern or shading: pdfium's colour is a stand-in, pdfminer gives none
            api.destroy_bitmap(pattern)
            colour = None
    x_at, y_at = ctypes.addressof(xy), ctypes.addressof(xy) + 4
    # path space -> the page as displayed, as one affine map: (x, y) -> (A x + C y + E, B x + D y + F)
    ca, cb, cc, cd, ce, cf = view.ctm
    A, C, E = ca * a + cc * b, ca * c + cc * d, ca * e + cc * f + ce + view.dx
    B, D, F = -(cb * a + cd * b), -(cb * c + cd * d), view.flip - (cb * e + cd * f + cf)
    segment, point, kind_of, closes = api.segment, api.point, api.segment_type, api.segment_close
    moveto, bezierto = api.moveto, api.bezierto
    # subpaths as pdfminer sees them: operators and end points ('c' counts once, its control points skipped)
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    bezier = 0
    for k in range(n):
        seg = segment(obj, k)
        point(seg, x_at, y_at)
        kind = kind_of(seg)
        closed = closes(seg)
        if kind == moveto:
            if ops:
                yield from _classify(ops, pts, colour, stroke)
            ops, pts, bezier = ["m"], [], 0
        elif kind == bezierto:
            bezier += 1
            if bezier % 3 and not closed:
                continue  # a control point
            bezier = 0
            ops.append("c")
        else:
            ops.append("l")
        x, y = xy[0], xy[1]
        pts.append((A * x + C * y + E, B * x + D * y + F))
        if closed:
            ops.append("h")
            pts.append(pts[0])
    if ops:
        yield from _classify(ops, pts, colour, stroke)


def _classify(ops: list[str], pts: list[tuple[float, float]], fill: RGB | None, stroke: bool) -> Iterator[Shape]:
    """pdfminer's paint_path rules for one subpath: a line, an axis-aligned closed box, or a curve."""
    shape = "".join(ops)
    if shape[:1] != "m":
        return
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-1]
    xs = [p[0] for p in pts]
    tops = [p[1] for p in pts]
    if shape in ("mlh", "ml"):
        yield _shape("line", min(xs[:2]), min(tops[:2]), max(xs[:2]), max(tops[:2]), pts[:2], fill, stroke)
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if closed and square:
            yield _shape("rect", min(x0, x2), min(y0, y2), max(x0, x2), max(y0, y2), pts, fill, stroke)
            return
    yield _shape("curve", min(xs), min(tops), max(xs), max(tops), pts, fill, stroke)


def _shape(kind: Literal["rect", "line", "curve"], x0: float, top: float, x1: float, bottom: float,
           pts: list[tuple[float, float]], fill: RGB | None, stroke: bool) -> Shape:
    return Shape(kind, x0, top, x1, bottom, x1 - x0, bottom - top, tuple(pts), fill, stroke)
