"""PDFs rendered from the shared text plans score like the texts (within 0.03), ruled and borderless."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import planparse
from planparse.evaluate import score_document

METRICS = ["action_f1", "text_similarity", "owner_f1", "timescale_acc", "priority_level_acc", "rag_acc",
           "action_priority_acc", "priority_f1"]


@pytest.fixture(scope="module")
def text_scores(corpus_texts: list[Path], gold_dir: Path) -> dict[str, dict]:
    out = {}
    for text in corpus_texts:
        gold = json.loads((gold_dir / f"{text.stem}.gold.json").read_text("utf-8"))
        out[text.stem] = score_document(planparse.parse(text), gold).row()
    return out


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "borderless"])
def test_rendered_pdfs_match_text_accuracy(ruled: bool, pdf_generator, corpus_texts: list[Path], gold_dir: Path,
                                           text_scores: dict[str, dict], tmp_path: Path) -> None:
    for text in corpus_texts:
        pdf = pdf_generator.render_text_plan(text, tmp_path / f"{text.stem}.pdf", ruled=ruled)
        plan = planparse.parse(pdf)
        assert plan.source.format == "pdf" and plan.source.pages and plan.source.pages > 1
        gold = json.loads((gold_dir / f"{text.stem}.gold.json").read_text("utf-8"))
        row = score_document(plan, gold).row()
        base = text_scores[text.stem]
        for m in METRICS:
            if base[m] is None:
                continue
            assert row[m] is not None and row[m] >= base[m] - 0.03, (text.stem, m, row[m], base[m])
        assert all(a.provenance.page for a in plan.actions)
