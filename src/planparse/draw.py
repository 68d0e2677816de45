"""Draw what was read on a PDF page (pdfplumber's to_image), to check provenance by eye."""

from __future__ import annotations

from pathlib import Path

from planparse.schema import Plan

ACTION_COLOUR = (220, 40, 40)
PRIORITY_COLOUR = (40, 90, 220)
TABLE_COLOUR = (40, 160, 60)


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
