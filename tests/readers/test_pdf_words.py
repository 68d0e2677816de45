"""The pdfium backend's word cutter against pdfplumber's WordExtractor, the rule it reproduces.

Both are given the same letters: small hand-made lines for each way a word
ends, and every letter of real pages as the pdfium backend makes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pdfplumber.utils.text import WordExtractor

import planparse.readers.pdf_pdfium as pdfium
from planparse.readers.pdf_pdfium import open_pdfium
from planparse.readers.pdf_words import Letter, upright_words

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "corpora" / "real"


def _reference(letters: list[Letter]) -> list[dict[str, Any]]:
    dicts = [{"text": t, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "size": size,
              "fontname": font, "upright": upright}
             for t, x0, x1, top, bottom, font, size, upright in letters]
    extractor = WordExtractor(x_tolerance=1.5, keep_blank_chars=False, extra_attrs=["fontname", "size"])
    return [{k: w[k] for k in ("text", "x0", "x1", "top", "bottom", "size", "fontname", "upright")}
            for w, _ in extractor.iter_extract_tuples(dicts) if w["upright"]]


def _line(text: str, x: float = 72.0, top: float = 100.0, width: float = 5.0, font: str = "Body",
          size: float = 10.0, upright: bool = True) -> list[Letter]:
    out: list[Letter] = []
    for ch in text:
        out.append((ch, x, x + width, top, top + size, font, size, upright))
        x += width
    return out


CASES = {
    "a space ends a word": _line("Lead officer"),
    "a gap wider than 1.5 pt ends a word": _line("Due") + _line("2025", x=72 + 15 + 1.6),
    "a gap of 1.5 pt does not": _line("Due") + _line("2025", x=72 + 15 + 1.5),
    "a letter left of the one before starts a word": _line("ab") + _line("cd", x=70.0),
    "a font change starts a run and so a word": _line("Health") + _line("watch", x=102.0, font="Body-Bold"),
    "lines within 3 pt of each other are one line": _line("one", top=100.0) + _line("two", x=200.0, top=102.9),
    "lines further apart are two": _line("top line", top=100.0) + _line("next", x=72.0, top=112.0),
    "letters of one run out of order on the page": _line("second", top=130.0) + _line("first", top=100.0),
    "ligatures written out": _line("e\ufb00ective o\ufb03ce"),
    "turned text is left out": _line("Upright") + _line("Sideways", top=300.0, upright=False),
    "chained tops make one line": _line("a", top=100.0) + _line("b", x=80, top=102.5) + _line("c", x=88, top=105.0),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hand_made_lines_cut_as_pdfplumber_cuts_them(name: str) -> None:
    letters = CASES[name]
    assert upright_words(letters) == _reference(letters)


def _page_letters(path: Path, pages: int, monkeypatch: pytest.MonkeyPatch) -> list[list[Letter]]:
    """Every letter of the first pages as the pdfium backend makes them (what its word cutter is given)."""
    seen: list[list[Letter]] = []
    real = pdfium._read_text

    def keep(content: Any, letters: Any) -> None:
        seen.append(list(letters))
        real(content, iter(seen[-1]))

    monkeypatch.setattr(pdfium, "_read_text", keep)
    doc = open_pdfium(path, path.name, None, pages)
    try:
        _, count = doc.open_pages(pages)
        for i in range(min(count, pages)):
            doc.page(i)
    finally:
        doc.close()
    return seen


@pytest.mark.parametrize("name", ["wsx_tobacco_control_strategy_2019-22_short.pdf",
                                  "kent_budget_risk_register_2025-26.pdf"])
def test_real_pages_cut_as_pdfplumber_cuts_them(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = _page_letters(REAL / name, 4, monkeypatch)
    assert pages and sum(len(p) for p in pages) > 1000
    for letters in pages:
        assert upright_words(letters) == _reference(letters)
