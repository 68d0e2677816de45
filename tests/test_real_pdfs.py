"""Real council PDFs shipped in corpora/real (see its SOURCES.tsv): tables, header mapping, headings."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import planparse
from planparse.schema import Plan, Section, Table

REAL = Path(__file__).resolve().parents[1] / "corpora" / "real"


@lru_cache(maxsize=None)
def _plan(name: str) -> Plan:
    return planparse.parse(REAL / f"{name}.pdf")


def _fields(table: Table) -> set[str | None]:
    return {c.field for c in table.columns}


def _flatten(sections: list[Section]) -> list[Section]:
    out: list[Section] = []
    for s in sections:
        out.append(s)
        out.extend(_flatten(s.children))
    return out


def test_west_sussex_table_9_is_an_action_table() -> None:
    plan = _plan("wsx_suicide_prevention_strategy_2017-20")
    table = next(t for t in plan.tables if t.kind == "actions")
    assert [c.field for c in table.columns] == ["group", "action", "outcome"]
    assert table.columns[1].header == "West Sussex Action"
    first = plan.actions[0]
    assert first.group.startswith("Reduce the risk of suicide")
    assert first.text.startswith("SPFT suicide prevention strategy")
    assert "Care Quality Commission" in first.outcome
    assert first.provenance.page == 35
    # later rows in the same group inherit the merged group cell
    assert plan.actions[1].group == first.group


def test_kent_risk_register_is_one_table_across_pages() -> None:
    plan = _plan("kent_budget_risk_register_2025-26")
    risks = [t for t in plan.tables if t.kind == "risks"]
    assert len(risks) == 1
    table = risks[0]
    assert {"risk", "cause", "consequence", "likelihood"} <= _fields(table)
    assert len(table.pages) >= 8 and len(table.rows) >= 50
    assert not any(r[1] == "Risk Title" for r in table.rows)  # repeated headers dropped


def test_oruk_risk_table_spans_pages_with_mitigation() -> None:
    table = next(t for t in _plan("mhclg_oruk_project_initiation_document").tables if t.kind == "risks")
    assert {"risk", "mitigation", "likelihood"} <= _fields(table)
    assert len(table.pages) >= 3


def test_local_development_scheme_timetables() -> None:
    brox = next(t for t in _plan("broxbourne_local_development_scheme_2025").tables if t.kind == "timetable")
    assert [c.field for c in brox.columns] == ["stage", "timescale"]
    assert len(brox.rows) >= 5
    fen = [t for t in _plan("fenland_local_development_scheme_2025").tables if t.kind == "timetable"]
    assert any(len(t.pages) == 2 for t in fen)  # Figure 1 runs over pages 4 and 5 as one table
    city = next(t for t in _plan("cityoflondon_local_development_scheme_2025").tables if t.kind == "timetable")
    assert city.columns[0].field == "stage"


def test_headings_have_levels_from_outline_or_numbering() -> None:
    brox = _flatten(_plan("broxbourne_local_development_scheme_2025").sections)
    titles = [s.title for s in brox]
    assert "Timeline" in titles or any(t.endswith("Timeline") for t in titles)
    wsx = _flatten(_plan("wsx_suicide_prevention_strategy_2017-20").sections)
    # table-of-contents lines are not headings
    assert not any("....." in s.title for s in wsx)
    assert any(s.level >= 2 for s in wsx)
