"""pdfium against pdfplumber, the reference: the same plan from the same PDF, whichever library read it.

Both backends fill the same page model and the same layout code reads it, so
two plans of one PDF may differ only where the libraries see the page
differently, and that is whitespace inside a line (pdfminer splits a word
where a run of text changes font object; pdfium keeps "Council’s" whole).
The gold PDFs also score the same on every field. The fixtures cover what
the gold lacks: RAG fills and dots, a rotated header, boxed panels, a
footnote under a table, two columns with an outline, banded rows, and every
text plan rendered ruled and borderless.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

import planparse
from planparse.evaluate import score_document
from planparse.schema import Plan, Section

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpora" / "gold"
GOLD_PDFS = sorted(p for p in (ROOT / "corpora" / "real").glob("*.pdf") if (GOLD / f"{p.stem}.gold.json").exists())
LAYOUTS = ROOT / "tests" / "fixtures" / "make_layouts.py"


def _squeeze(text: str | None) -> str | None:
    """Text with its whitespace taken out: the one way the backends may differ."""
    return None if text is None else "".join(text.split())


def _summary(plan: Plan) -> dict[str, Any]:
    """What the backends must agree on: actions with their owners, timescales and RAG, and priorities."""
    return {
        "actions": [(a.ref, a.priority_key, _squeeze(a.text), _squeeze(a.owners_raw),
                     [(_squeeze(o.name), o.kind) for o in a.owners],
                     _squeeze(a.timescale.raw) if a.timescale else None, a.status.rag, _squeeze(a.group),
                     a.method, a.provenance.page) for a in plan.actions],
        "priorities": [(p.key, _squeeze(p.title)) for p in plan.priorities],
        "sections": _sections(plan.sections),
        "pages": plan.source.pages,
        "title": _squeeze(plan.title),
    }


def _sections(sections: list[Section]) -> list[tuple[str | None, int, str | None]]:
    return [item for s in sections for item in [(_squeeze(s.title), s.level, s.number), *_sections(s.children)]]


@pytest.fixture(scope="module")
def fixture_pdfs(pdf_generator, corpus_texts: list[Path], tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("backend_fixtures")
    paths = dict(pdf_generator.render_small_fixtures(out / "small"))
    paths.pop("image_only")  # no text: both refuse it (test_pdf_reader.py)
    spec = importlib.util.spec_from_file_location("make_layouts", LAYOUTS)
    assert spec and spec.loader
    layouts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(layouts)
    paths.update(layouts.render_layouts(out / "layouts"))
    for text in corpus_texts:
        for ruled in (True, False):
            name = f"{text.stem}-{'ruled' if ruled else 'borderless'}"
            paths[name] = pdf_generator.render_text_plan(text, out / f"{name}.pdf", ruled=ruled)
    return paths


def test_fixture_pdfs_give_the_same_plan_with_either_backend(fixture_pdfs: dict[str, Path]) -> None:
    assert len(fixture_pdfs) >= 18
    for name, path in fixture_pdfs.items():
        reference = planparse.parse(path, backend="pdfplumber")
        fast = planparse.parse(path, backend="pdfium")
        assert _summary(fast) == _summary(reference), name
        assert [t.kind for t in fast.tables] == [t.kind for t in reference.tables], name


def test_rag_from_fills_and_dots_is_the_same_with_either_backend(fixture_pdfs: dict[str, Path]) -> None:
    """Not vacuous: the fixtures do carry RAG from a cell's fill and from a dot drawn in the cell."""
    for name, expected in (("rag_colours", [None, "G", "A", "A"]), ("rag_dots", ["G", "A", "R"])):
        for backend in ("pdfplumber", "pdfium"):
            plan = planparse.parse(fixture_pdfs[name], backend=backend)
            assert [a.status.rag for a in plan.actions] == expected, (name, backend)


@pytest.fixture(scope="module")
def gold_plans() -> dict[str, dict[str, Plan]]:
    return {path.stem: {backend: planparse.parse(path, backend=backend) for backend in ("pdfplumber", "pdfium")}
            for path in GOLD_PDFS}


def test_gold_pdfs_give_the_same_actions_owners_priorities_and_rag(gold_plans) -> None:
    assert len(gold_plans) == 5
    for stem, plans in gold_plans.items():
        assert plans["pdfium"].actions, stem
        assert _summary(plans["pdfium"]) == _summary(plans["pdfplumber"]), stem


def test_gold_pdfs_score_the_same_on_every_field(gold_plans) -> None:
    for stem, plans in gold_plans.items():
        gold = json.loads((GOLD / f"{stem}.gold.json").read_text("utf-8"))
        rows = {backend: score_document(plan, gold).row() for backend, plan in plans.items()}
        assert rows["pdfium"] == rows["pdfplumber"], stem
        assert rows["pdfium"]["action_f1"] == 1.0, stem  # the same, and right


def test_an_unknown_backend_is_refused(small_pdfs: dict[str, Path]) -> None:
    with pytest.raises(ValueError, match="pdfium, pdfplumber"):
        planparse.parse(small_pdfs["rag_colours"], backend="mupdf")
