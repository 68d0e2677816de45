"""extract/priorities.py through planparse.parse: the plan's priorities, in its own order and words."""

from __future__ import annotations

import planparse

WOKINGHAM_STYLE = """Wokingham Domestic Abuse Action Plan 2021-24

Domestic Abuse Networking Group

Priorities:

- 1) Awareness and early intervention
- 2) Support for victims, survivors and children
- 3) Justice, recovery and ongoing protection

Priority 1: Awareness and Early Intervention\t\t\t
Action\tKey Agencies/Groups\tOutput\tOutcome/Measure
1a. Deliver awareness raising campaigns\tWBC Communications team\t-Annual calendar of campaign dates\t-Increased reporting
Priority 2: Support for Victims, Survivors and Children\t\t\t
2a. Commission safe accommodation\tWBC Housing\t-Refuge places\t-More victims housed
Priority 3: Justice, Recovery and Ongoing Protection\t\t\t
3a. Fund a perpetrator programme\tThames Valley Police\t-Programme places\t-Reduced reoffending
"""


def test_priorities_list_preferred_over_markers_when_they_agree(write_text):
    plan = planparse.parse(write_text(WOKINGHAM_STYLE))
    # the list's wording (sentence case), not the markers' Title Case
    assert [(p.key, p.title) for p in plan.priorities] == [
        ("1", "Awareness and early intervention"),
        ("2", "Support for victims, survivors and children"),
        ("3", "Justice, recovery and ongoing protection"),
    ]
    assert [(a.ref, a.priority_key) for a in plan.actions] == [("1a", "1"), ("2a", "2"), ("3a", "3")]


def test_markers_used_when_list_disagrees(write_text):
    text = """Sample Borough Domestic Abuse Strategy 2022-2025

Our priorities:

1. Housing and homelessness
2. Health and wellbeing

AIM 1 – PREVENTION AND EARLY INTERVENTION
Action\tLead\tTimescale
Deliver awareness raising campaigns.\tCSP\t2023

AIM 2 – PURSUE PERPETRATORS
Action\tLead\tTimescale
Fund a perpetrator programme.\tThames Valley Police\t2024
"""
    plan = planparse.parse(write_text(text))
    # marker titles, ALL CAPS put into sentence case
    assert [(p.key, p.title) for p in plan.priorities] == [
        ("1", "Prevention and early intervention"), ("2", "Pursue perpetrators")]
    assert [a.priority_key for a in plan.actions] == ["1", "2"]


def test_markers_used_when_no_list(write_text):
    text = """Sample District Domestic Abuse Delivery Plan 2024-2027

Priority one: Act before harm.
We will act before harm, preventing domestic abuse before it occurs.

Action\tLead\tTimescale
Develop a campaign on non-physical abuse.\tDomestic Abuse Partnership Board\tYear 1

Priority two: Increasing safety for victims.
We will make victims safer at home.

Action\tLead\tTimescale
Commission an IDVA service.\tSample District Council\tYear 2
"""
    plan = planparse.parse(write_text(text))
    assert [(p.key, p.title) for p in plan.priorities] == [
        ("1", "Act before harm"), ("2", "Increasing safety for victims")]
    assert plan.priorities[0].description == "We will act before harm, preventing domestic abuse before it occurs."
    assert [a.priority_key for a in plan.actions] == ["1", "2"]


def test_list_with_different_number_of_items_loses_to_markers(write_text):
    text = WOKINGHAM_STYLE.replace("- 3) Justice, recovery and ongoing protection\n", "")
    plan = planparse.parse(write_text(text))
    assert [p.key for p in plan.priorities] == ["1", "2", "3"]
    assert plan.priorities[0].title == "Awareness and Early Intervention"  # marker wording


def test_no_priorities_warns(write_text):
    text = """Sample Borough Domestic Abuse Strategy 2022-2025

Introduction

This strategy sets out how the partnership responds to domestic abuse.
"""
    plan = planparse.parse(write_text(text))
    assert plan.priorities == []
    assert "no priorities found" in plan.warnings


def test_priorities_list_numbered_with_parenthesis(write_text):
    text = WOKINGHAM_STYLE.replace("- 1)", "1)").replace("- 2)", "2)").replace("- 3)", "3)")
    plan = planparse.parse(write_text(text))
    assert [p.title for p in plan.priorities] == [
        "Awareness and early intervention",
        "Support for victims, survivors and children",
        "Justice, recovery and ongoing protection",
    ]
