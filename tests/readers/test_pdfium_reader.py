"""What the pdfium backend does that pdfium alone would not: pdfminer's letters, shapes and names, damage found.

Each case is a small PDF built here (pikepdf writes the objects, reportlab
draws the pages) where pdfium's own answer differs from pdfminer's: a
ligature only the font's /Encoding names, a glyph nothing names, a page
turned by /Rotate, a rect filled with a pattern, a bad zlib checksum.
pdfplumber reads each too, as the reference.
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from pathlib import Path

import pikepdf
import pytest

import planparse
from planparse.errors import InputError
from planparse.readers import read
from planparse.readers.pdf_objects import PageContent
from planparse.readers.pdf_pdfium import open_pdfium
from planparse.readers.pdf_pdfplumber import open_pdfplumber

ROOT = Path(__file__).resolve().parents[2]
FENLAND = ROOT / "corpora" / "real" / "fenland_local_development_scheme_2025.pdf"


def _one_page(path: Path, content: bytes, resources: pikepdf.Dictionary, rotate: int = 0) -> Path:
    pdf = pikepdf.new()
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792], Resources=resources,
                              Contents=pdf.make_stream(content), Rotate=rotate)
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def _pages(path: Path, index: int = 0) -> tuple[PageContent, PageContent]:
    """Page ``index`` as pdfplumber and as pdfium read it."""
    out = []
    for opener in (open_pdfplumber, open_pdfium):
        doc = opener(path, path.name, None, None)
        try:
            doc.open_pages(None)
            out.append(doc.page(index))
        finally:
            doc.close()
    return out[0], out[1]


def _helvetica(pdf_differences: list[object]) -> pikepdf.Dictionary:
    encoding = pikepdf.Dictionary(Type=pikepdf.Name.Encoding, BaseEncoding=pikepdf.Name.WinAnsiEncoding,
                                  Differences=pikepdf.Array(pdf_differences))
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
                              Encoding=encoding)
    return pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))


def test_a_ligature_named_only_in_the_encoding_reads_as_its_letters(tmp_path: Path) -> None:
    """pdfium cannot map glyph "f_l" (no ToUnicode) and reports code 31; the font's /Differences name it."""
    path = _one_page(tmp_path / "ligature.pdf", b"BT /F1 12 Tf 72 700 Td (The \037oor plan) Tj ET",
                     _helvetica([31, pikepdf.Name("/f_l")]))
    for backend in ("pdfplumber", "pdfium"):
        assert [b.text for b in read(path, backend=backend).blocks] == ["The floor plan"], backend


def test_a_glyph_nothing_names_is_a_cid_and_reads_as_a_bullet(tmp_path: Path) -> None:
    path = _one_page(tmp_path / "bullet.pdf",
                     b"BT /F1 11 Tf 72 700 Td (\036 Open a single homelessness hub) Tj ET",
                     _helvetica([30, pikepdf.Name("/g900")]))
    plumber, pdfium = _pages(path)
    assert [w["text"] for w in pdfium.words][:2] == ["(cid:30)", "Open"] == [w["text"] for w in plumber.words][:2]
    for backend in ("pdfplumber", "pdfium"):
        blocks = read(path, backend=backend).blocks
        assert [(b.kind, b.text) for b in blocks] == [("list_item", "Open a single homelessness hub")], backend


def test_letters_have_pdfminer_boxes_sizes_and_font_names(tmp_path: Path) -> None:
    """Tf 1 scaled by the text matrix is 12 pt text; boxes run one em up from pdfminer's descent (AFM -207)."""
    content = b"BT /F1 1 Tf 12 0 0 12 72 700 Tm (Lead officer: Highways) Tj ET"
    path = _one_page(tmp_path / "scaled.pdf", content, _helvetica([31, pikepdf.Name("/f_l")]))
    plumber, pdfium = _pages(path)
    assert [w["text"] for w in pdfium.words] == ["Lead", "officer:", "Highways"]
    for a, b in zip(plumber.words, pdfium.words, strict=True):
        assert b["size"] == pytest.approx(12.0) and b["fontname"] == a["fontname"] == "Helvetica"
        for key in ("x0", "x1", "top", "bottom"):
            assert b[key] == pytest.approx(a[key], abs=0.05), (a["text"], key)
    assert pdfium.words[0]["bottom"] == pytest.approx(792 - 700 + 0.207 * 12, abs=0.01)


def test_a_page_turned_by_rotate_reads_as_displayed(pdf_generator, tmp_path: Path) -> None:
    """Content drawn on its side, and /Rotate 90 to stand it up (as scanners and some exporters write pages)."""
    source = pdf_generator.render_small_fixtures(tmp_path / "small")["rag_colours"]
    turned = tmp_path / "turned.pdf"
    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            page.rotate(270, relative=True)
            page.flatten_rotation()  # the content itself now lies on its side
            page.rotate(90, relative=True)  # and the page is turned back for display
        pdf.save(turned)
    plumber, pdfium = _pages(turned)
    assert (pdfium.width, pdfium.height) == pytest.approx((plumber.width, plumber.height))
    assert pdfium.width > pdfium.height  # displayed as the landscape page it was drawn as
    assert [w["text"] for w in pdfium.words] == [w["text"] for w in plumber.words]
    for a, b in zip(plumber.words, pdfium.words):
        assert (b["x0"], b["top"]) == pytest.approx((a["x0"], a["top"]), abs=0.5), a["text"]
    assert len(pdfium.lines) == len(plumber.lines) and len(pdfium.rects) == len(plumber.rects)
    for backend in ("pdfplumber", "pdfium"):
        plan = planparse.parse(turned, backend=backend)
        assert [a.status.rag for a in plan.actions] == [None, "G", "A", "A"], backend


def test_a_pattern_fill_has_no_colour_and_a_plain_fill_keeps_its_own(tmp_path: Path) -> None:
    """pdfminer names the pattern instead of a colour; pdfium gives white for a shading (ignored as cell colour,
    like no colour) and a stand-in grey for a tiling pattern, which the backend drops."""
    pdf = pikepdf.new()
    tiling = pdf.make_stream(b"0.5 g 0 0 5 5 re f", Type=pikepdf.Name.Pattern, PatternType=1, PaintType=1,
                             TilingType=1, BBox=[0, 0, 10, 10], XStep=10, YStep=10, Resources=pikepdf.Dictionary())
    shading = pikepdf.Dictionary(ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB, Coords=[0, 0, 100, 0],
                                 Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0],
                                                             C1=[0, 0, 1], N=1))
    patterns = pikepdf.Dictionary(P0=pikepdf.Dictionary(Type=pikepdf.Name.Pattern, PatternType=2, Shading=shading),
                                  P1=tiling)
    content = (b"/Pattern cs /P0 scn 72 600 200 50 re f /P1 scn 72 400 200 50 re f "
               b"0.2 0.65 0.3 rg 72 500 200 50 re f "
               b"BT /F1 12 Tf 72 700 Td (Fills) Tj ET")
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792], Contents=pdf.make_stream(content),
                              Resources=pikepdf.Dictionary(Pattern=patterns, Font=_helvetica([])["/Font"]))
    pdf.pages.append(pikepdf.Page(page))
    path = tmp_path / "pattern.pdf"
    pdf.save(path)
    plumber, pdfium = _pages(path)
    for page_content in (plumber, pdfium):
        fills = sorted((round(r.top), r.fill) for r in page_content.rects)
        assert [top for top, _ in fills] == [142, 242, 342]
        assert fills[0][1] is None or min(fills[0][1]) > 0.97  # the shading: no colour a cell could take
        assert fills[1][1] == pytest.approx((0.2, 0.65, 0.3), abs=0.01)
        assert fills[2][1] is None  # the tiling pattern


def test_outline_levels_are_the_same_as_pdfminers(small_pdfs: dict[str, Path]) -> None:
    path = small_pdfs["two_column_outline"]
    outlines = []
    for opener in (open_pdfplumber, open_pdfium):
        doc = opener(path, path.name, None, None)
        outlines.append(doc.outline())
        doc.close()
    assert outlines[0] == outlines[1] and (2, "1.1 Early help") in outlines[1]


def test_the_document_is_reopened_every_few_pages_and_nothing_is_lost(pdf_generator, corpus_texts,
                                                                    tmp_path: Path, monkeypatch) -> None:
    """pdfium keeps every font it parsed until the document closes; reopening keeps memory flat."""
    import pypdfium2

    from planparse.readers import pdf_pdfium

    text = next(p for p in corpus_texts if p.stem.startswith("west-berkshire"))
    path = pdf_generator.render_text_plan(text, tmp_path / "wb.pdf", ruled=True)
    whole = [(b.kind, b.text, b.page) for b in read(path, backend="pdfium").blocks]
    opened: list[object] = []
    real_init = pypdfium2.PdfDocument.__init__

    def counting_init(self, *args, **kwargs):
        opened.append(args[0] if args else kwargs.get("input"))
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(pdf_pdfium, "REOPEN_EVERY", 2)
    monkeypatch.setattr(pypdfium2.PdfDocument, "__init__", counting_init)
    layout = read(path, backend="pdfium")
    assert layout.pages and len(opened) == (layout.pages + 1) // 2
    assert [(b.kind, b.text, b.page) for b in layout.blocks] == whole


def test_ten_thousand_blank_pages_with_max_pages_loads_only_those(tmp_path: Path, monkeypatch) -> None:
    import pypdfium2

    pdf = pikepdf.new()
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792],
                                                     Resources=pikepdf.Dictionary())))
    for _ in range(9_999):
        pdf.pages.append(pdf.pages[0])
    path = tmp_path / "blank.pdf"
    pdf.save(path)
    loaded: list[int] = []
    real_get = pypdfium2.PdfDocument.get_page

    def counting_get(self, index):
        loaded.append(index)
        return real_get(self, index)

    monkeypatch.setattr(pypdfium2.PdfDocument, "get_page", counting_get)
    with pytest.raises(InputError) as err:
        planparse.parse(path, max_pages=50, backend="pdfium")
    assert err.value.kind == "NoTextLayer" and "first 50 of 10000 pages" in err.value.message
    assert 50 <= len(loaded) <= 100 and max(loaded) < 50
    with pytest.raises(InputError) as refused:
        planparse.parse(path, backend="pdfium")
    assert refused.value.kind == "TooManyPages"


def _bad_checksum() -> bytes:
    """Page 1's content stream with the last byte of its zlib checksum flipped (as in tests/test_fuzz_pdfs.py)."""
    data = bytearray(FENLAND.read_bytes())
    m = re.search(rb"\n4 0 obj\s*<<[^>]*/Length (\d+)[^>]*>>\s*stream\r?\n", bytes(data))
    assert m, "fenland's page 1 content stream moved"
    data[m.end() + int(m.group(1)) - 1] ^= 0xFF
    return bytes(data)


def test_a_damaged_stream_is_read_with_a_warning_and_nothing_on_the_terminal(tmp_path: Path, caplog,
                                                                            capfd) -> None:
    path = tmp_path / "fenland-checksum.pdf"
    path.write_bytes(_bad_checksum())
    with caplog.at_level(logging.WARNING):
        plan = planparse.parse(path, backend="pdfium")
    assert any(w.startswith("a compressed stream on page 1 is damaged (") for w in plan.warnings)
    assert not any(w.startswith("damaged PDF") for w in plan.warnings)  # read as it is, no repair needed
    original = planparse.parse(FENLAND, backend="pdfium")
    assert (plan.title, plan.tables) == (original.title, original.tables)  # pdfium inflates it all the same
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_damage_qpdf_finds_is_repaired_with_a_warning(tmp_path: Path) -> None:
    """A broken reference in page 1's resources: pdfium would read past it silently; qpdf notices and repairs."""
    damaged = FENLAND.read_bytes().replace(b"/GS8 8 0 R>>", b"/GS8 8 0\xf8\xb0>>", 1)
    path = tmp_path / "fenland-dict.pdf"
    path.write_bytes(damaged)
    plan = planparse.parse(path, backend="pdfium")
    assert plan.source.pages == 5
    assert plan.warnings[0].startswith("damaged PDF (") and "repaired with qpdf" in plan.warnings[0]
    original = planparse.parse(FENLAND, backend="pdfium")
    assert (plan.title, plan.sections, plan.tables) == (original.title, original.sections, original.tables)


def test_a_decompression_bomb_is_refused_before_pdfium_inflates_it(tmp_path: Path) -> None:
    z = zlib.compressobj(9)
    inner = z.compress(b"BT /F1 12 Tf 72 720 Td (Boom) Tj ET\n") + b"".join(
        z.compress(b" " * (1 << 20)) for _ in range(80)) + z.flush()
    pdf = pikepdf.new()
    stream = pdf.make_stream(zlib.compress(inner, 9))
    stream.Filter = pikepdf.Array([pikepdf.Name.FlateDecode, pikepdf.Name.FlateDecode])
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792], Contents=stream,
                              Resources=_helvetica([]))
    pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf, compress_streams=False)
    path = tmp_path / "bomb.pdf"
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 200_000
    with pytest.raises(InputError) as err:
        planparse.parse(path, backend="pdfium")
    assert err.value.kind == "DecompressionBomb" and "page 1" in err.value.message


def test_documents_read_in_threads_read_as_they_do_alone(small_pdfs: dict[str, Path]) -> None:
    """pdfium is not thread-safe; a Dask worker with several threads reads documents side by side."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [small_pdfs[name] for name in ("rag_colours", "two_column_outline", "banded", "hrules_grouped")] * 3

    def blocks(path: Path) -> list[tuple[str, str, int | None]]:
        return [(b.kind, b.text, b.page) for b in read(path, backend="pdfium").blocks]

    alone = [blocks(p) for p in paths]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(blocks, paths)) == alone
