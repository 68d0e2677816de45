"""extract/metadata.py through planparse.parse: title, organisation, period and document type."""

from __future__ import annotations

import pytest

import planparse


def test_wokingham_style_title_line(write_text):
    text = """Wokingham Domestic Abuse Action Plan 2021-24

Domestic Abuse Networking Group

This plan is owned by Wokingham Borough Council (WBC) and the Domestic Abuse Networking Group.
"""
    plan = planparse.parse(write_text(text))
    assert plan.title == "Domestic Abuse Action Plan 2021-24"
    assert plan.organisation.name == "Wokingham Borough Council"
    assert plan.organisation.short_name == "WBC"
    assert (plan.period.start_year, plan.period.end_year) == (2021, 2024)
    assert plan.doc_type == "action_plan"


def test_upper_case_title_with_acronym_over_several_bold_lines(write_text):
    text = """APPENDIX B

**THE ROYAL BOROUGH OF WINDSOR AND MAIDENHEAD (RBWM)
DOMESTIC ABUSE STRATEGY
2022-24**

This is a strategy about how we in the Royal Borough of Windsor and Maidenhead (RBWM) want to improve services.
"""
    plan = planparse.parse(write_text(text))
    assert plan.organisation.name == "Royal Borough of Windsor and Maidenhead"  # as the body writes it
    assert plan.organisation.short_name == "RBWM"
    assert plan.title == "Domestic Abuse Strategy 2022-24"
    assert (plan.period.start_year, plan.period.end_year) == (2022, 2024)
    assert plan.doc_type == "strategy"


def test_years_on_their_own_line_and_council_named_in_body(write_text):
    text = """West Berkshire Domestic Abuse Delivery Plan

2024-2027

Introduction

This delivery plan sets out how West Berkshire Council and the Domestic Abuse Partnership Board will work.
"""
    plan = planparse.parse(write_text(text))
    assert plan.title == "Domestic Abuse Delivery Plan 2024-2027"
    assert plan.organisation.name == "West Berkshire Council"
    assert (plan.period.start_year, plan.period.end_year) == (2024, 2027)
    assert plan.doc_type == "delivery_plan"


@pytest.mark.parametrize("title, doc_type", [
    ("Sample Borough Community Safety Improvement Plan 2023-2026", "improvement_plan"),
    ("Sample Borough Domestic Abuse Delivery Plan 2023-2026", "delivery_plan"),
    ("Sample Borough Domestic Abuse Action Plan 2023-2026", "action_plan"),
    ("Sample Borough Domestic Abuse Strategy 2023-2026", "strategy"),
    ("Sample Borough Domestic Abuse Framework 2023-2026", "other"),
])
def test_doc_type_from_title(write_text, title, doc_type):
    plan = planparse.parse(write_text(f"{title}\n\nThe partnership will publish progress each year.\n"))
    assert plan.doc_type == doc_type
    assert (plan.period.start_year, plan.period.end_year) == (2023, 2026)


def test_single_year_period(write_text):
    plan = planparse.parse(write_text("Sample Borough Domestic Abuse Strategy 2025\n\nThe partnership will report.\n"))
    assert plan.period.start_year == 2025
    assert plan.period.end_year is None


def test_no_plan_title(write_text):
    plan = planparse.parse(write_text("Introduction\n\nThe partnership will publish progress each year.\n"))
    assert plan.title is None
    assert plan.period is None
    assert plan.doc_type == "other"


def test_organisation_found_when_body_uses_lower_case_topic(write_text):
    text = """Wokingham Domestic Abuse Action Plan 2021-24

This plan is owned by Wokingham Borough Council (WBC). It sets out how partners respond to domestic abuse.
"""
    plan = planparse.parse(write_text(text))
    assert plan.organisation.name == "Wokingham Borough Council"
    assert plan.title == "Domestic Abuse Action Plan 2021-24"


@pytest.mark.parametrize("title", ["Local Development Scheme October 2025", "Fenland Local Plan Adopted May 2014",
                                   "Housing Strategy published 3rd March 2023"])
def test_a_date_of_issue_is_not_the_period(write_text, title):
    plan = planparse.parse(write_text(f"{title}\n\nThe plan sets out what we will do.\n"))
    assert plan.title is not None and plan.period is None


def test_web_address_does_not_make_the_author_an_ordinary_word(write_text):
    text = """Wokingham Domestic Abuse Action Plan 2021-24

Find help at www.wokingham.gov.uk/domestic-abuse or email safer@wokingham.gov.uk.
Local domestic abuse services work across Wokingham Borough.
"""
    plan = planparse.parse(write_text(text))
    assert plan.title == "Domestic Abuse Action Plan 2021-24"
    assert plan.organisation.short_name == "Wokingham"


def test_shouted_cover_title_with_years_in_words_and_council_named_in_the_body(write_text):
    text = """**WEST SUSSEX
JOINT DEMENTIA STRATEGY**
2020 TO 2023

Foreword

This strategy (West Sussex Joint Dementia Strategy) was written by West Sussex County Council with the NHS.
"""
    plan = planparse.parse(write_text(text))
    assert plan.title == "Joint Dementia Strategy 2020 to 2023"
    assert plan.organisation.name == "West Sussex County Council"
    assert plan.organisation.short_name == "West Sussex"
    assert (plan.period.start_year, plan.period.end_year) == (2020, 2023)
