"""A page's fonts as pdfminer sees them, for the pdfium backend: font names, and text pdfium cannot map.

Font names matter beyond bold: words never span a change of font (that is
how pdfplumber cuts them), so two runs of text are one word or two depending
on whether their fonts have the same name. pdfium names a font by its
/BaseFont and drops the subset tag of simple fonts ("Verdana"); pdfminer
names it by its descriptor's /FontName, tag kept ("BCDEEE+Verdana"), and
gives the 14 standard fonts (and Arial) their AFM names ("Helvetica"). So
each pdfium font is matched to its font dictionary on the page (qpdf has
the file open for the guard) and named as pdfminer names it.

pdfium maps a letter through the font's ToUnicode map and, failing that,
reports the raw character code. pdfminer falls back to the font's /Encoding
(its /Differences name each glyph: "f_l", "fi"), which is where designed
documents keep their ligatures: without the fallback "floor" reads "oor".
What neither can map becomes "(cid:N)", as in pdfminer, which the layout
code reads as a bullet glyph. pdfminer's own tables do the naming and
mapping here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from planparse.readers.pdf_qpdf import page_resources



def base_name(name: str) -> str:
    """A font name without its subset tag: "MBPEDC+MyriadPro-Semibold" -> "MyriadPro-Semibold"."""
    head, plus, rest = name.partition("+")
    return rest if plus and len(head) == 6 and head.isalpha() and head.isupper() else name


@dataclass
class _Font:
    """One font dictionary: pdfminer's name and descent for it, and (when asked) its encoding and program size.

    ``descent`` is in text space per unit of font size (negative), None where
    pdfminer's is not simply the descriptor's (Type3 fonts).
    """

    spec: Any
    name: str
    type0: bool
    descent: float | None
    _encoding: dict[int, str] | None = field(default=None, repr=False)
    _program: int | None = field(default=None, repr=False)

    def encoding(self) -> dict[int, str]:
        if self._encoding is None:
            try:
                self._encoding = {} if self.type0 else _encoding(self.spec)
            except Exception:  # noqa: BLE001 - an encoding qpdf or pdfminer cannot read: no fallback text
                self._encoding = {}
        return self._encoding

    def program_size(self) -> int:
        """Bytes of the embedded font program (-1: none): tells apart two subsets of one typeface."""
        if self._program is None:
            try:
                self._program = _program_size(self.spec, self.type0)
            except Exception:  # noqa: BLE001 - an unreadable font file cannot be told apart by size
                self._program = -1
        return self._program


class FontBook:
    """The fonts of a document, read once each (fonts are shared by many pages)."""

    def __init__(self) -> None:
        self._fonts: dict[tuple[int, int], _Font] = {}

    def page(self, page: Any | None) -> PageFonts:
        """The fonts a page (a pikepdf page dictionary, or None) and the forms it draws use."""
        by_key: dict[str, list[_Font]] = {}
        try:
            for spec in _font_specs(page):
                key = spec.objgen if spec.objgen != (0, 0) else (id(spec), -1)
                font = self._fonts.get(key)
                if font is None:
                    font = self._fonts[key] = _describe(spec)
                # pdfium's name for it: the /BaseFont, subset tag dropped for simple fonts
                raw = _name(spec.get("/BaseFont"))
                by_key.setdefault(raw if font.type0 else base_name(raw), []).append(font)
        except Exception:  # noqa: BLE001 - fonts qpdf cannot walk: pdfium's own names and codes are used
            pass
        return PageFonts(by_key)


class PageFonts:
    """pdfium font name -> the page's font dictionaries it can be."""

    def __init__(self, by_key: dict[str, list[_Font]]) -> None:
        self._by_key = by_key

    def _font(self, pdfium_name: str, program_size: Callable[[], int]) -> _Font | None:
        candidates = self._by_key.get(pdfium_name)
        if not candidates:
            return None
        if len(candidates) == 1 or len({f.name for f in candidates}) == 1:
            return candidates[0]
        size = program_size()
        return next((f for f in candidates if f.program_size() == size), candidates[0])

    def describe(self, pdfium_name: str, program_size: Callable[[], int]) -> tuple[str, float | None]:
        """pdfminer's name and descent for the font pdfium calls ``pdfium_name`` (``program_size``: its bytes)."""
        font = self._font(pdfium_name, program_size)
        return (font.name, font.descent) if font is not None else (pdfium_name, None)

    def text(self, pdfium_name: str, program_size: Callable[[], int], code: int) -> str:
        """Text for character ``code`` that pdfium could not map: from the font's /Encoding, else (cid:N)."""
        font = self._font(pdfium_name, program_size)
        letter = font.encoding().get(code) if font is not None else None
        return letter or f"(cid:{code})"


def _name(value: Any) -> str:
    text = str(value) if value is not None else ""
    return text[1:] if text.startswith("/") else text


def _describe(spec: Any) -> _Font:
    """pdfminer's name and descent for a font (pdfminer.pdffont): the descriptor's, or the AFM's for the 14."""
    import pikepdf
    from pdfminer.fontmetrics import FONT_METRICS

    subtype = spec.get("/Subtype")
    if subtype == pikepdf.Name.Type0:
        descendants = spec.get("/DescendantFonts")
        part = descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else None
        descriptor = part.get("/FontDescriptor") if isinstance(part, pikepdf.Dictionary) else None
        return _Font(spec, _descriptor_name(descriptor), True, _descent(descriptor))
    base = _name(spec.get("/BaseFont"))
    if subtype == pikepdf.Name.Type3:
        return _Font(spec, _descriptor_name(spec.get("/FontDescriptor")), False, None)
    if base in FONT_METRICS:
        metrics = FONT_METRICS[base][0]
        return _Font(spec, str(metrics.get("FontName", base)), False, -abs(float(metrics.get("Descent", 0))) / 1000)
    descriptor = spec.get("/FontDescriptor")
    return _Font(spec, _descriptor_name(descriptor), False, _descent(descriptor))


def _descriptor_name(descriptor: Any) -> str:
    import pikepdf

    if isinstance(descriptor, pikepdf.Dictionary) and "/FontName" in descriptor:
        return _name(descriptor.get("/FontName"))
    return "unknown"


def _descent(descriptor: Any) -> float:
    """/Descent per unit of font size, forced negative as pdfminer forces it (0 without a descriptor)."""
    import pikepdf

    if not isinstance(descriptor, pikepdf.Dictionary):
        return 0.0
    try:
        return -abs(float(descriptor.get("/Descent", 0))) / 1000
    except (TypeError, ValueError):
        return 0.0


def _font_specs(page: Any) -> list[Any]:
    """The font dictionaries of a page and of the forms it draws (nested), each once."""
    import pikepdf

    if page is None:
        return []
    out: list[Any] = []
    for res in page_resources(page):
        fonts = res.get("/Font")
        out += [f for f in (fonts.values() if isinstance(fonts, pikepdf.Dictionary) else [])
                if isinstance(f, pikepdf.Dictionary)]
    return out


def _encoding(spec: Any) -> dict[int, str]:
    """Character code -> text from a simple font's /Encoding, by pdfminer's tables and glyph-name rules."""
    import pikepdf
    from pdfminer.encodingdb import EncodingDB
    from pdfminer.psparser import LIT

    encoding = spec.get("/Encoding")
    if isinstance(encoding, pikepdf.Name):
        return dict(EncodingDB.get_encoding(_name(encoding)))
    if not isinstance(encoding, pikepdf.Dictionary):
        return {}
    base = encoding.get("/BaseEncoding")
    differences = encoding.get("/Differences")
    diff: list[object] = []
    for item in (differences if isinstance(differences, pikepdf.Array) else []):
        if isinstance(item, pikepdf.Name):
            diff.append(LIT(_name(item)))
        else:
            try:
                diff.append(int(item))
            except (TypeError, ValueError):
                continue
    return dict(EncodingDB.get_encoding(_name(base) if isinstance(base, pikepdf.Name) else "StandardEncoding", diff))


def _program_size(spec: Any, type0: bool) -> int:
    import pikepdf

    part = spec
    if type0:
        descendants = spec.get("/DescendantFonts")
        part = descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else None
    descriptor = part.get("/FontDescriptor") if isinstance(part, pikepdf.Dictionary) else None
    if not isinstance(descriptor, pikepdf.Dictionary):
        return -1
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        stream = descriptor.get(key)
        if isinstance(stream, pikepdf.Stream):
            return len(stream.read_bytes())
    return -1
