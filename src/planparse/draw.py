"""Draw what was read on PDF pages (pdfplumber's to_image), to check provenance by eye.

The pictures go to a folder the user names (the current one by default),
never beside the input: an input folder may be read-only, or a repository.
Pages are checked against the document before anything is drawn, so a page
that is not there is one line, not a traceback or half the pictures.
"""

from __future__ import annotations

from pathlib import Path

from planparse.schema import Plan

ACTION_COLOUR = (220, 40, 40)
PRIORITY_COLOUR = (40, 90, 220)
TABLE_COLOUR = (40, 160, 60)


class PageOutOfRange(ValueError):
    """A page asked for is not in the document."""


def draw_pages(plan: Plan, pdf_path: Path, pages: list[int], outdir: Path, *, stem: str | None = None,
               password: str | None = None) -> list[tuple[int, Path]]:
    """Draw each page to OUTDIR/<stem>-page<N>.png; PageOutOfRange before any is drawn if one is not there."""
    import pdfplumber

    with pdfplumber.open(pdf_path, password=password or "") as pdf:
        count = len(pdf.pages)
    outside = [p for p in pages if not 1 <= p <= count]
    if outside:
        listed = ", ".join(str(p) for p in outside[:5]) + (" ..." if len(outside) > 5 else "")
        raise PageOutOfRange(f"page {listed} is not in {pdf_path.name}, which has {count} "
                             f"page{'s' if count != 1 else ''}")
    outdir.mkdir(parents=True, exist_ok=True)
    name = stem or pdf_path.stem
    return [(p, draw_page(plan, pdf_path, p, outdir / f"{name}-page{p}.png", password=password)) for p in pages]


def draw_page(plan: Plan, pdf_path: Path, page_no: int, out: Path, password: str | None = None,
              resolution: int = 100) -> Path:
    """Save a PNG of page `page_no` with action (red), priority (blue) and table (green) boxes."""
    import pdfplumber

    with pdfplumber.open(pdf_path, password=password or "") as pdf:
        if not 1 <= page_no <= len(pdf.pages):
            raise ValueError(f"page {page_no} is outside 1..{len(pdf.pages)}")
        image = pdf.pages[page_no - 1].to_image(resolution=resolution)
        for table in plan.tables:
            if table.provenance.page == page_no and table.provenance.bbox:
                image.draw_rect(table.provenance.bbox, stroke=TABLE_COLOUR, fill=(0, 0, 0, 0))
        for p in plan.priorities:
            if p.provenance.page == page_no and p.provenance.bbox:
                image.draw_rect(p.provenance.bbox, stroke=PRIORITY_COLOUR, fill=(0, 0, 0, 0), stroke_width=2)
        for a in plan.actions:
            if a.provenance.page == page_no and a.provenance.bbox:
                image.draw_rect(a.provenance.bbox, stroke=ACTION_COLOUR, fill=(0, 0, 0, 0), stroke_width=2)
        image.save(str(out))
    return out
