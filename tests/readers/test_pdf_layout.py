"""Designed PDF pages read the right way: columns, panels, boxed grids, footnotes, turned headers, hanging lists.

The pages are drawn by tests/fixtures/make_layouts.py at exact positions, in
our own words; each test checks the reader's blocks and what the plan makes
of them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import planparse
from planparse.readers import read

GENERATOR = Path(__file__).resolve().parents[1] / "fixtures" / "make_layouts.py"


@pytest.fixture(scope="module")
def layouts(tmp_path_factory) -> dict[str, Path]:
    spec = importlib.util.spec_from_file_location("make_layouts", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render_layouts(tmp_path_factory.mktemp("layouts"))


def _texts(path: Path, kinds: tuple[str, ...] = ("heading", "paragraph", "list_item")) -> list[str]:
    return [b.text for b in read(path).blocks if b.kind in kinds]


def test_two_columns_read_column_by_column(layouts):
    texts = _texts(layouts["two_columns_labelled"])
    left, right = texts.index("Safer streets at night"), texts.index("Homes free from harm")
    assert left < right
    # the left column's blocks all come before the right column's heading, line by line as printed
    assert texts[left:right] == [
        "Safer streets at night", "Late-night venues and transport hubs are where most incidents happen.",
        "Example actions",
        "What: Extend the street marshal scheme to both bus stations", "Who: Community Safety Team",
        "When: Short term (by March 2026)",
        "What: Review lighting on the riverside path with residents and the police", "Who: Highways",
        "When: Medium term (by March 2027)",
    ]
    assert not [b for b in read(layouts["two_columns_labelled"]).blocks if b.kind == "table_row"]


def test_labelled_blocks_in_columns_are_actions_under_their_sections(layouts):
    plan = planparse.parse(layouts["two_columns_labelled"])
    assert [(a.priority_key, a.text, a.owners_raw) for a in plan.actions] == [
        ("1", "Extend the street marshal scheme to both bus stations", "Community Safety Team"),
        ("1", "Review lighting on the riverside path with residents and the police", "Highways"),
        ("2", "Offer target hardening to every repeat victim of burglary", "Housing Options"),
    ]
    assert all(a.provenance.page == 1 and a.provenance.bbox for a in plan.actions)


def test_a_grid_of_separate_panels_is_a_table_with_its_row_labels(layouts):
    rows = [[c.text for c in b.cells] for b in read(layouts["panel_grid"]).blocks if b.kind == "table_row"]
    assert [r[0] for r in rows] == ["Our goals", "What this means"]
    assert rows[0][1:] == ["Children have the best start in life", "Adults look after their own health",
                           "Older people stay independent for longer"]


def test_panel_grid_plan_takes_goals_as_priorities_and_we_will_sentences_as_actions(layouts):
    plan = planparse.parse(layouts["panel_grid"])
    assert [p.title for p in plan.priorities] == [
        "Children have the best start in life", "Adults look after their own health",
        "Older people stay independent for longer"]
    assert [(a.priority_key, a.method, a.text) for a in plan.actions] == [
        ("1", "statement", "We will support parents to stop smoking in pregnancy. "
                           "This includes a text-message quit service."),
        ("2", "statement", "We will promote free health checks at work."),
        ("2", "statement", "We will make active travel the easy choice for short journeys."),
    ]


def test_boxed_goals_give_one_action_per_bullet_with_sub_bullets_joined(layouts):
    plan = planparse.parse(layouts["boxed_goals"])
    assert [(a.group, a.text) for a in plan.actions] == [
        ("People are diagnosed in good time", "Memory assessment within six weeks of referral."),
        ("People are diagnosed in good time", "Support is offered while people wait."),
        ("Carers are supported",
         "For carers to: be offered an assessment of their own needs; have regular breaks from caring."),
    ]


def test_footnote_and_its_table_do_not_break_the_action_table(layouts):
    blocks = read(layouts["footnote_interrupt"]).blocks
    notes = [b.text for b in blocks if b.kind == "footnote"]
    assert notes[0].startswith("1 Figures from the 2024 residents' survey")
    assert "North 18% 21%" in notes  # the small table under the rule is the note's
    plan = planparse.parse(layouts["footnote_interrupt"])
    assert [(a.text, a.owners_raw, a.timescale.raw) for a in plan.actions] == [
        ("Map every lunch club and befriending scheme in the district", "Voluntary Action", "June 2025"),
        ("Train library staff to hold conversations about loneliness", "Library Service", "September 2025"),
        ("Pilot a telephone befriending line for people leaving hospital on their own", "Age Concern Ashcombe",
         "March 2026"),
        ("Publish a guide to local groups in five community languages", "Communications", "2026"),
    ]


def test_headers_turned_on_their_side_read_the_right_way_round(layouts):
    plan = planparse.parse(layouts["rotated_header"])
    (table,) = [t for t in plan.tables if t.is_action_table]
    assert [(c.header, c.field) for c in table.columns] == [
        ("Action", "action"), ("Lead officer", "owner"), ("Due date", "timescale")]
    assert [a.owners_raw for a in plan.actions] == ["Highways", "Schools team"]


def test_hanging_numbered_items_and_superscript_marks(layouts):
    texts = _texts(layouts["hanging_numbers"])
    assert texts[2] == ("1. Develop a joint outreach offer with the police and housing services for people "
                        "sleeping rough who use drugs, so that no one is turned away from treatment.")
    assert texts[3].startswith("2. Increase the number of referrals")
    # a note mark set small and high stays in its line, which runs on into the next
    assert texts[5] == ("Deaths from drug poisoning in the district have fallen for two years running. 2 Naloxone "
                        "kits are now carried by every outreach worker.")
    plan = planparse.parse(layouts["hanging_numbers"])
    assert [(a.ref, a.method) for a in plan.actions] == [("1", "list"), ("2", "list"), ("3", "list")]


def test_rag_from_a_coloured_dot_in_the_cell(layouts):
    """Progress reports often show status as a dot, not shading or words; yellow counts as amber."""
    plan = planparse.parse(layouts["rag_dots"])
    assert [(a.ref, a.status.rag) for a in plan.actions] == [("1.1", "G"), ("1.2", "A"), ("1.3", "R")]
