"""Actions in every shape plans publish them in, from small plans written for these tests.

Each test is one shape: labelled blocks, key-value cards, goals tables with
bullets or "We will" prose, commitment lists under a lead-in, an action
heading or a priority heading, and progress rows with a RAG status.
"""

from __future__ import annotations

import planparse


def _actions(plan: planparse.Plan) -> list[tuple[str | None, str, str]]:
    return [(a.priority_key, a.method, a.text) for a in plan.actions]


LABELLED = """Harbourside Community Safety Strategy 2025-2028

Safer streets at night

Late-night venues and transport hubs are where most incidents happen.

Example actions
What: Extend the street marshal scheme to both bus stations
Who: Community Safety Team
When: Short term (by March 2026)
What: Review lighting on the riverside path with residents
Who: Highways
When: Medium term (by March 2027)

Homes free from harm

Most repeat victims are reached at home.

Example actions
What: Offer target hardening to every repeat victim
Who: Housing Options
When: Ongoing
"""


def test_labelled_blocks_are_actions_with_owner_and_timescale(write_text):
    plan = planparse.parse(write_text(LABELLED))
    assert [(a.method, a.text, a.owners_raw, a.timescale.raw) for a in plan.actions] == [
        ("labelled_block", "Extend the street marshal scheme to both bus stations", "Community Safety Team",
         "Short term (by March 2026)"),
        ("labelled_block", "Review lighting on the riverside path with residents", "Highways",
         "Medium term (by March 2027)"),
        ("labelled_block", "Offer target hardening to every repeat victim", "Housing Options", "Ongoing"),
    ]
    # no list of priorities: the sections the actions sit under are the priorities
    assert [(p.key, p.title) for p in plan.priorities] == [("1", "Safer streets at night"), ("2", "Homes free from harm")]
    assert [a.priority_key for a in plan.actions] == ["1", "1", "2"]
    assert plan.quality.priorities_from == "headings"


def test_labels_inside_one_paragraph(write_text):
    text = "Parks Plan 2025\n\nAction: Plant 500 street trees in the town centre Lead: Parks Service By when: 2027\n"
    (a,) = planparse.parse(write_text(text)).actions
    assert (a.text, a.owners_raw, a.timescale.raw) == ("Plant 500 street trees in the town centre", "Parks Service", "2027")


def test_a_lone_action_label_in_prose_is_not_an_action(write_text):
    text = "Parks Plan 2025\n\nAction: the council agreed this plan in March after a public consultation.\n"
    assert planparse.parse(write_text(text)).actions == []


CARDS = """Riverside Tenancy Support Delivery Plan 2025-26

Task\tSet up a weekly drop-in at the library
Owned by\tTenancy Support Team
Timescale\tJune 2025
RAG\tGreen

Task\tTrain caretakers to spot signs of hoarding
Owned by\tEstates Manager
Timescale\tSeptember 2025
RAG\tAmber
"""


def test_key_value_cards_are_one_action_each(write_text):
    plan = planparse.parse(write_text(CARDS))
    assert [(a.method, a.text, a.owners_raw, a.timescale.raw, a.status.rag) for a in plan.actions] == [
        ("card", "Set up a weekly drop-in at the library", "Tenancy Support Team", "June 2025", "G"),
        ("card", "Train caretakers to spot signs of hoarding", "Estates Manager", "September 2025", "A"),
    ]


GOALS_BULLETS = """Lakeside Ageing Well Strategy 2024-2027

Outcome we want\tWhat this looks like
People stay active in later life\t<ul><li>More people over 65 take part in walking groups.</li><li>Leisure centres offer free taster sessions.</li></ul>
Carers get a break\t<p>We will:</p><ul><li>fund respite at weekends;</li><li>publish a directory of sitting services.</li></ul>
"""


def test_goals_table_bullets_are_one_action_each_unless_led_in(write_text):
    plan = planparse.parse(write_text(GOALS_BULLETS))
    assert [(a.text, a.group) for a in plan.actions] == [
        ("More people over 65 take part in walking groups.", "People stay active in later life"),
        ("Leisure centres offer free taster sessions.", "People stay active in later life"),
        # a lead before the bullets makes them one action, its parts joined with "; "
        ("We will: fund respite at weekends;; publish a directory of sitting services.", "Carers get a break"),
    ]


GOALS_GRID = """Brookfield Health and Wellbeing Strategy 2024-2029

Our priorities at a glance
- Children have the best start in life
- Adults look after their own health

\f
Our aims\tChildren have the best start in life\tAdults look after their own health
What this means\tGood health starts before birth. We will support parents to stop smoking in pregnancy. This includes a text-message quit service. Health visitors see every family.\tMost ill health is preventable. We will promote free health checks at work. We will make active travel the easy choice.
"""


def test_sideways_goals_grid_gives_its_we_will_sentences(write_text):
    plan = planparse.parse(write_text(GOALS_GRID))
    assert [(p.key, p.title) for p in plan.priorities] == [
        ("1", "Children have the best start in life"), ("2", "Adults look after their own health")]
    assert _actions(plan) == [
        ("1", "statement", "We will support parents to stop smoking in pregnancy. This includes a text-message quit service."),
        ("2", "statement", "We will promote free health checks at work."),
        ("2", "statement", "We will make active travel the easy choice."),
    ]


def test_commitment_bullets_after_a_lead_in(write_text):
    text = """Northgate Carers Strategy 2025

Carers are at the heart of this strategy. In line with our carers charter, this strategy will ensure:
- Carers are identified at their first contact with any service.
- Carers are offered an assessment of their own needs.
"""
    plan = planparse.parse(write_text(text))
    assert [(a.method, a.text) for a in plan.actions] == [
        ("list", "Carers are identified at their first contact with any service."),
        ("list", "Carers are offered an assessment of their own needs."),
    ]


def test_bullets_under_numbered_priority_headings(write_text):
    text = """Eastfield Early Help Strategy 2025-2028

1 Early Intervention and Prevention

- Develop a single front door for family support
- Train school staff to spot early signs of neglect

2 Stronger Families

- Expand parenting courses to evenings and weekends
"""
    plan = planparse.parse(write_text(text))
    assert [(p.key, p.title) for p in plan.priorities] == [
        ("1", "Early Intervention and Prevention"), ("2", "Stronger Families")]
    assert _actions(plan) == [
        ("1", "list", "Develop a single front door for family support"),
        ("1", "list", "Train school staff to spot early signs of neglect"),
        ("2", "list", "Expand parenting courses to evenings and weekends"),
    ]


def test_bullets_under_goal_markers(write_text):
    text = """Westbury Climate Action Plan 2025-2030

Goal 1: Warmer homes

- Retrofit 400 council homes with heat pumps
- Offer free loft insulation to private tenants

Goal 2: Cleaner travel

- Install 60 on-street charging points
"""
    plan = planparse.parse(write_text(text))
    assert [(p.key, p.title) for p in plan.priorities] == [("1", "Warmer homes"), ("2", "Cleaner travel")]
    assert [(a.priority_key, a.text) for a in plan.actions] == [
        ("1", "Retrofit 400 council homes with heat pumps"),
        ("1", "Offer free loft insulation to private tenants"),
        ("2", "Install 60 on-street charging points"),
    ]


def test_action_headings_introduce_lists(write_text):
    text = """Millbrook Youth Plan 2025

What we will do

- Open the youth centre on Saturdays
- Recruit ten volunteer mentors

HOW?

- Work with schools to promote the mentoring scheme
"""
    plan = planparse.parse(write_text(text))
    assert [a.text for a in plan.actions] == [
        "Open the youth centre on Saturdays", "Recruit ten volunteer mentors",
        "Work with schools to promote the mentoring scheme"]


def test_needs_under_an_action_heading_are_not_actions(write_text):
    """Under a heading alone, items must read as things to do: statements of need or fact are not actions."""
    text = """Millbrook Youth Plan 2025

How we will get there

- There needs to be better joint working between services
- Young people are not always heard
"""
    assert planparse.parse(write_text(text)).actions == []


def test_progress_rows_take_rag_from_the_status_words(write_text):
    text = """Southmoor Homelessness Action Plan: Progress Report Q2 2025

Ref\tAction\tLead\tStatus
1.1\tOpen a winter night shelter\tHousing Options\tGreen - opened in November
1.2\tRecruit two tenancy sustainment officers\tHousing Options\tRed: post not yet funded
1.3\tPublish a private rented sector offer\tLettings Team\tA - draft with legal
"""
    plan = planparse.parse(write_text(text))
    assert [(a.ref, a.status.rag) for a in plan.actions] == [("1.1", "G"), ("1.2", "R"), ("1.3", "A")]


def test_a_list_repeating_an_action_table_is_not_counted_twice(write_text):
    """Where a plan has an action table, its narrative lists are summaries of it: the table is the record."""
    text = """Oakvale Domestic Abuse Plan 2025-2027

What we will do
- Commission a refuge for men and LGBT+ survivors
- Train GPs in routine enquiry

Ref\tAction\tLead\tTimescale
1.1\tCommission a refuge for men and LGBT+ survivors\tCommissioning\t2026
1.2\tTrain GPs in routine enquiry\tICB safeguarding lead\t2025
"""
    plan = planparse.parse(write_text(text))
    assert [(a.method, a.ref) for a in plan.actions] == [("table", "1.1"), ("table", "1.2")]


def test_we_will_sentences_under_a_priority_heading(write_text):
    """A strategy with no action table states its commitments in the prose under each priority."""
    text = """Castlegate Homelessness Strategy 2025-2030

Priority 1: Prevent homelessness

Most households who lose their home had warning signs months before. We will contact every household served with a section 21 notice within five working days. We will fund a tenancy rescue team.

Priority 2: End rough sleeping

Rough sleeping has doubled since 2020. We will open a twenty-bed assessment centre by 2027.
"""
    plan = planparse.parse(write_text(text))
    assert _actions(plan) == [
        ("1", "statement", "We will contact every household served with a section 21 notice within five working days."),
        ("1", "statement", "We will fund a tenancy rescue team."),
        ("2", "statement", "We will open a twenty-bed assessment centre by 2027."),
    ]
