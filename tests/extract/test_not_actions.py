"""What is not an action, each from a small plan written for the test.

Performance indicators and targets, statistics tables, risks, planning
milestones, contents lines, case studies and recommendations quoted from
another body look like lists and tables of actions; none of them is one.
"""

from __future__ import annotations

import planparse


def _parse(write_text, body: str) -> planparse.Plan:
    return planparse.parse(write_text("Greenvale Wellbeing Strategy 2025-2028\n\n" + body))


def _under_a_goal(write_text, body: str) -> planparse.Plan:
    """The body under a priority heading, where a list of things to do would be that priority's actions."""
    return _parse(write_text, "Goal 1: Healthier lives\n\n" + body)


def test_the_control_a_list_under_a_goal_is_actions(write_text):
    """The same setting as the tests below, with a plain list: it is read as actions, so their zeros mean something."""
    plan = _under_a_goal(write_text, """- Review waiting times for talking therapies
- Publish an annual report on health checks
""")
    assert [a.priority_key for a in plan.actions] == ["1", "1"]


def test_performance_indicators_and_targets(write_text):
    plan = _parse(write_text, """Indicator\tBaseline\tTarget 2027
Percentage of adults who are physically active\t61%\t66%
Number of people supported to stop smoking\t1,250\t1,600
""")
    assert plan.actions == []


def test_indicator_list_under_a_monitoring_heading(write_text):
    plan = _under_a_goal(write_text, """Monitoring progress

- Increase the number of health checks completed each year
- Reduce the rate of hospital admissions for falls
""")
    assert plan.actions == []


def test_statistics_table(write_text):
    plan = _parse(write_text, """District\t2021\t2022\t2023
Northfield\t412\t398\t420
Southfield\t310\t333\t301
""")
    assert plan.actions == [] and plan.tables[0].kind == "other"


def test_risk_register(write_text):
    plan = _parse(write_text, """Risk\tLikelihood\tImpact\tMitigation
Funding for the outreach team ends in 2026\t3\t4\tBid to the integrated care board for recurrent funding
Recruitment of nurses is slow\t4\t3\tJoint adverts with the acute trust
""")
    assert plan.actions == [] and plan.tables[0].kind == "risks"


def test_planning_milestones(write_text):
    plan = _parse(write_text, """Stage\tDate
Consultation on the draft strategy\tMarch 2025
Cabinet approval\tJune 2025
""")
    assert plan.actions == [] and plan.tables[0].kind == "timetable"


def test_contents_lines(write_text):
    plan = _under_a_goal(write_text, """Contents
1. Introduction ........ 3
2. Develop our workforce ........ 5
3. Deliver better outcomes ........ 9
""")
    assert plan.actions == []


def test_case_study(write_text):
    plan = _under_a_goal(write_text, """Case study: the Greenvale walking club

- Recruited 40 new walkers in its first year
- Trained six volunteer walk leaders
""")
    assert plan.actions == []


def test_recommendations_quoted_from_another_body(write_text):
    plan = _under_a_goal(write_text, """The inspectorate recommended that the council should:
- Review its handling of complaints within three months
- Publish an annual report on waiting times
""")
    assert plan.actions == []


def test_principles(write_text):
    plan = _under_a_goal(write_text, """The following principles guide how we will work:
- Work in partnership with residents
- Use the best available evidence
""")
    assert plan.actions == []


def test_a_table_introduced_as_principles_gives_no_actions(write_text):
    plan = _parse(write_text, """Our guiding principles

Principle\tWhat we will do
Prevention first\tWe will invest in services that stop problems before they start.
Fairness\tWe will target help at the areas of greatest need.
""")
    assert plan.actions == []


def test_we_will_in_running_prose_is_not_an_action(write_text):
    """A 'We will' sentence in general prose, under no priority, is a statement of intent, not a listed action."""
    plan = _parse(write_text, "Introduction\n\nWe will work with partners across the county to improve health.\n")
    assert plan.actions == []
