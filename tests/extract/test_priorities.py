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


def test_a_national_list_quoted_before_the_local_one_is_not_the_plans(write_text):
    text = """Hillside Suicide Prevention Strategy 2025-2028

Policy context

The national suicide prevention strategy for England sets out these areas for action:

1. Improve data and evidence
2. Tailor support to priority groups

Our local priorities

The following priority areas were chosen from our local audit:

1. Reduce suicides among middle-aged men
2. Support people bereaved by suicide
3. Reduce access to the means of suicide
"""
    plan = planparse.parse(write_text(text))
    assert [(p.key, p.title) for p in plan.priorities] == [
        ("1", "Reduce suicides among middle-aged men"), ("2", "Support people bereaved by suicide"),
        ("3", "Reduce access to the means of suicide")]
    assert plan.quality.priorities_from == "list"


def test_at_a_glance_and_full_section_are_one_list(write_text):
    text = """Hillside Suicide Prevention Strategy 2025-2028

Our priorities at a glance:

1. Reduce suicides among middle-aged men
2. Support people bereaved by suicide

Our priorities in full:

1. Reduce suicides among middle-aged men, particularly those out of work
2. Support people bereaved by suicide
"""
    plan = planparse.parse(write_text(text))
    assert [p.key for p in plan.priorities] == ["1", "2"]


def test_a_second_numbered_list_takes_its_headings_initial(write_text):
    """Keys name one priority each: a list whose numbers clash with the list the actions sit under is prefixed."""
    text = """Riverton Drug and Alcohol Plan 2025-2028

Cross-cutting themes

Our plan has two cross-cutting priorities:

1. Prevention and early intervention
2. Reducing deaths

Areas of action

The plan has two domains, with areas of action for each:

**1. Children and young people**

1. Develop a schools drug education offer with every secondary school
2. Support families affected by parental substance use

**2. Treatment and recovery**

1. Increase referrals into treatment from hospital wards
"""
    plan = planparse.parse(write_text(text))
    assert [(p.key, p.title) for p in plan.priorities] == [
        ("C1", "Prevention and early intervention"), ("C2", "Reducing deaths"),
        ("1", "Children and young people"), ("2", "Treatment and recovery")]
    assert [(a.ref, a.priority_key) for a in plan.actions] == [("1", "1"), ("2", "1"), ("1", "2")]


def test_sections_named_by_an_at_a_glance_table_are_the_priorities(write_text):
    """The pathway is drawn once as a table of its stages, then each stage is a section with its goals."""
    text = """Lowfield Dementia Strategy 2025-2028

OUR PATHWAY

Preventing Well\tDiagnosing Well\tLiving Well

Carers are central across the pathway. This strategy will ensure:
- Carers are identified as early as possible.

PREVENTING WELL

Our goals\tWhat we mean
Fewer people develop dementia\t<ul><li>People know how to reduce their risk.</li></ul>

DIAGNOSING WELL

Our goals\tWhat we mean
Timely diagnosis\t<ul><li>Memory assessment within six weeks of referral.</li></ul>

LIVING WELL

Our goals\tWhat we mean
Active lives\t<ul><li>Dementia-friendly activities in every town.</li></ul>
"""
    plan = planparse.parse(write_text(text))
    assert [(p.key, p.title) for p in plan.priorities] == [
        ("1", "Preventing well"), ("2", "Diagnosing well"), ("3", "Living well")]
    # the carers' list sits in the overview the pathway is drawn in, under no stage
    assert [(a.priority_key, a.text) for a in plan.actions] == [
        (None, "Carers are identified as early as possible."),
        ("1", "People know how to reduce their risk."),
        ("2", "Memory assessment within six weeks of referral."),
        ("3", "Dementia-friendly activities in every town."),
    ]
