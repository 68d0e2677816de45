"""The comparison across plans of different domains: each plan's own themes, pairs backed by words, links back."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import planparse
compare_module = importlib.import_module("planparse.comparison")
from planparse.comparison import align_priorities, compare
from planparse.schema import Action, Organisation, Plan, Priority, Provenance, Source

CORPUS = Path(__file__).resolve().parents[1] / "corpora"


def _plan(name: str, priorities: dict[str, list[str]], fmt: str = "text", path: str | None = None) -> Plan:
    return Plan(source=Source(path=path or f"{name}.txt", sha256="0" * 64, format=fmt),  # type: ignore[arg-type]
                organisation=Organisation(name=name),
                priorities=[Priority(key=str(k), title=t) for k, t in enumerate(priorities, 1)],
                actions=[Action(id=f"{name}{k}{i}", priority_key=str(k), text=a, ref=f"{k}.{i}",
                                provenance=Provenance(page=k + 1 if fmt == "pdf" else None, line=i))
                         for k, acts in enumerate(priorities.values(), 1) for i, a in enumerate(acts, 1)])


DRUGS = {"Breaking drug supply chains": ["Disrupt county lines dealing networks",
                                         "Close cuckooed addresses with housing partners"]}
REOFFENDING = {"Reducing reoffending": ["Expand integrated offender management",
                                        "Refer people leaving prison into treatment"]}


def test_a_shared_theme_without_shared_words_is_no_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = _plan("Barchester", DRUGS), _plan("Wessex", REOFFENDING)
    pairs = align_priorities(a, b, "community_safety")
    assert all(p.a is None or p.b is None for p in pairs)  # both 'drugs and reoffending', nothing else in common
    # without the word evidence rule the same two would be paired on their theme alone
    monkeypatch.setattr(compare_module, "MIN_WORD_EVIDENCE", 0.0)
    forced = [p for p in align_priorities(a, b, "community_safety") if p.a and p.b]
    assert forced and forced[0].theme_similarity > 0.7 and forced[0].word_similarity < 0.05


def test_plans_of_different_domains_keep_their_own_themes_and_never_pair() -> None:
    da = planparse.parse(CORPUS / "text" / "wokingham-domestic-abuse-action-plan-2021-24.txt")
    health = planparse.parse(CORPUS / "real" / "wsx_suicide_prevention_strategy_2017-20.pdf")
    result = compare([da, health])
    assert list(result.plans["taxonomy"]) == ["Domestic abuse", "Health and wellbeing"]
    assert any(label.startswith("Domestic abuse: ") for label in result.themes.index)
    assert any(label.startswith("Health and wellbeing: ") for label in result.themes.index)
    paired = result.alignment.dropna(subset=["priority_a", "priority_b"])
    assert paired.empty or (paired["theme_similarity"] == 0).all()
    assert (paired["word_similarity"] >= compare_module.MIN_WORD_EVIDENCE).all() if not paired.empty else True
    assert result.taxonomy_label.startswith("chosen per plan")


def test_no_taxonomy_fits_rows_and_a_taxonomy_given_for_all(write_text) -> None:
    corporate = _plan("Barchester", {"A thriving local economy": ["Support new businesses with grants"]})
    corporate_plan = planparse.parse(write_text("Barchester Council Plan 2024-2028\n\nPriority 1: A thriving "
                                                "economy\nAction\tLead\nSupport new businesses with grants\t"
                                                "Economic Development\n", "council.txt"))
    assert corporate_plan.taxonomy is not None and corporate_plan.taxonomy.id is None
    result = compare([corporate_plan])
    assert list(result.plans["taxonomy"]) == ["none fits"] and list(result.themes.index) == ["(none)"]
    given = compare([corporate], "climate")
    assert "Transport" in given.themes.index


def test_every_action_links_back_to_its_plan_and_page(tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4 stand-in")
    plan = _plan("Barchester", DRUGS, fmt="pdf", path=str(pdf))
    web = _plan("Wessex", REOFFENDING)
    web.source.url = "https://example.org/plans/wessex.html"
    result = compare([plan, web], "community_safety")
    assert list(result.actions["link"]) == [f"{pdf.resolve().as_uri()}#page=2"] * 2 + [
        "https://example.org/plans/wessex.html"] * 2
    assert list(result.actions["where"]) == ["p. 2", "p. 2", "line 1", "line 2"]
    page = result.to_html()
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', page)
    assert (f"{pdf.resolve().as_uri()}#page=2", "1.1 Disrupt county lines dealing networks") in links
    assert "overflow-x" not in page and "table-layout: fixed" in page  # wraps instead of scrolling sideways
