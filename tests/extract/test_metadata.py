"""Which plan this is: title, publisher (with its register codes), co-publishers, period and type.

Small plans written for the tests; the publisher is looked up in the shipped
register of UK councils, so its GSS and three-letter codes are the real ones.
"""

from __future__ import annotations

import pytest

import planparse
from planparse.extract.period import find_period


def test_title_as_printed_and_the_council_it_names(write_text):
    text = """Wokingham Domestic Abuse Action Plan 2021-24

Domestic Abuse Networking Group

This plan is owned by Wokingham Borough Council (WBC) and the Domestic Abuse Networking Group.
"""
    plan = planparse.parse(write_text(text))
    assert plan.title == "Wokingham Domestic Abuse Action Plan 2021-24"
    org = plan.organisation
    assert (org.name, org.short_name, org.kind, org.gss_code, org.code) == (
        "Wokingham Borough Council", "WBC", "council", "E06000041", "WOK")
    assert (plan.period.start_year, plan.period.end_year) == (2021, 2024)
    assert plan.doc_type == "action_plan" and plan.doc_type_evidence == "title: 'Action Plan'"


def test_upper_case_title_with_acronym_over_several_bold_lines(write_text):
    text = """APPENDIX B

**THE ROYAL BOROUGH OF WINDSOR AND MAIDENHEAD (RBWM)
DOMESTIC ABUSE STRATEGY
2022-24**

This is a strategy about how we in the Royal Borough of Windsor and Maidenhead (RBWM) want to improve services.
"""
    plan = planparse.parse(write_text(text))
    assert plan.title == "The Royal Borough of Windsor and Maidenhead (RBWM) Domestic Abuse Strategy 2022-24"
    assert (plan.organisation.name, plan.organisation.short_name) == ("Royal Borough of Windsor and Maidenhead", "RBWM")
    assert plan.organisation.gss_code == "E06000040"
    assert (plan.period.start_year, plan.period.end_year) == (2022, 2024)
    assert plan.doc_type == "strategy"


def test_a_place_in_the_title_stands_for_its_council(write_text):
    text = "Fenland Housing Strategy 2025-2030\n\nThe strategy sets out how we will meet housing need.\n"
    org = planparse.parse(write_text(text)).organisation
    assert (org.name, org.short_name, org.gss_code) == ("Fenland District Council", "Fenland", "E07000010")


def test_a_status_stamp_is_never_the_author(write_text):
    """'Draft' on the cover once made the organisation 'Draft Council'."""
    text = "**DRAFT**\n**Westbury Climate Action Plan 2025-2030**\n\nWe will cut emissions across Wiltshire.\n"
    plan = planparse.parse(write_text(text))
    assert plan.title == "Westbury Climate Action Plan 2025-2030"
    assert plan.organisation.name != "Draft Council"
    assert plan.organisation.name == "Wiltshire Council"


def test_a_partnership_named_in_the_title_is_the_publisher(write_text):
    text = """Kingsmead Drug and Alcohol Partnership Annual Progress Report October 2024

The partnership is hosted by Kent County Council.
"""
    plan = planparse.parse(write_text(text))
    assert (plan.organisation.name, plan.organisation.kind) == ("Kingsmead Drug and Alcohol Partnership", "partnership")
    assert plan.doc_type == "progress_report"
    assert plan.period is None  # "October 2024" is when it was issued


def test_a_joint_strategy_belongs_to_the_board_whose_remit_it_names(write_text):
    text = """Start Well, Live Well: Surrey Joint Health and Wellbeing Strategy 2025-2030

The Surrey Health and Wellbeing Board brings together Surrey County Council and the NHS.
"""
    plan = planparse.parse(write_text(text))
    assert (plan.organisation.name, plan.organisation.kind) == ("Surrey Health and Wellbeing Board", "partnership")
    assert plan.organisation.gss_code == "E10000030"  # the council area it serves


def test_partners_on_the_cover_are_co_publishers(write_text):
    text = """**Surrey Joint Dementia Strategy 2025-2028**
Developed in partnership with Surrey County Council and NHS Surrey Heartlands Integrated Care Board

Introduction
"""
    plan = planparse.parse(write_text(text))
    assert plan.organisation.name == "Surrey County Council"
    assert [c.name for c in plan.co_publishers] == ["NHS Surrey Heartlands Integrated Care Board"]


@pytest.mark.parametrize("title, doc_type", [
    ("Sample Borough Community Safety Improvement Plan 2023-2026", "improvement_plan"),
    ("Sample Borough Domestic Abuse Delivery Plan 2023-2026", "delivery_plan"),
    ("Sample Borough Domestic Abuse Action Plan 2023-2026", "action_plan"),
    ("Sample Borough Domestic Abuse Strategy 2023-2026", "strategy"),
    ("Sample Borough Quarterly Performance Report 2023-2026", "performance_report"),
    ("Sample Borough Budget Risk Register 2023-2026", "risk_register"),
    ("Sample Borough Local Development Scheme 2023-2026", "local_development_scheme"),
    ("Sample Borough Pharmaceutical Needs Assessment 2023-2026", "needs_assessment"),
    ("Sample Borough Domestic Abuse Framework 2023-2026", "other"),
])
def test_doc_type_from_title(write_text, title, doc_type):
    plan = planparse.parse(write_text(f"{title}\n\nThe partnership will publish progress each year.\n"))
    assert plan.doc_type == doc_type
    assert (plan.period.start_year, plan.period.end_year) == (2023, 2026)


def test_doc_type_from_what_the_document_calls_itself(write_text):
    text = "**Facilitating Growth in Sampleton**\n\nThis guidance note provides advice for developers.\n"
    plan = planparse.parse(write_text(text))
    assert plan.doc_type == "policy" and "guidance note" in plan.doc_type_evidence


def test_no_plan_title(write_text):
    plan = planparse.parse(write_text("Introduction\n\nThe partnership will publish progress each year.\n"))
    assert plan.title is None
    assert plan.period is None
    assert plan.doc_type == "other"


@pytest.mark.parametrize("text, years, dates", [
    ("Domestic Abuse Strategy 2022-24", (2022, 2024), (None, None)),
    ("Local Plan 2021- 2024", (2021, 2024), (None, None)),
    ("Budget Risk Register 2025-26", (2025, 2026), (None, None)),
    ("Local Plan 2018-2036", (2018, 2036), (None, None)),
    ("Annual Report 2024/25", (2024, 2025), (None, None)),
    ("Dementia Strategy 2020 to 2023", (2020, 2023), (None, None)),
    ("Quarterly Performance Report Q3 2024/25", (2024, 2025), ("2024-10-01", "2024-12-31")),
    ("Quarterly Performance Report Quarter 4 2024/25", (2024, 2025), ("2025-01-01", "2025-03-31")),
    ("Delivery Plan April 2024 to March 2027", (2024, 2027), ("2024-04-01", "2027-03-31")),
])
def test_period_in_every_form_plans_print_it(text, years, dates):
    p = find_period(text)
    assert (p.start_year, p.end_year) == years
    assert (p.start, p.end) == dates


@pytest.mark.parametrize("title", ["Local Development Scheme October 2025", "Fenland Local Plan Adopted May 2014",
                                   "Housing Strategy published 3rd March 2023"])
def test_a_date_of_issue_is_not_the_period(write_text, title):
    plan = planparse.parse(write_text(f"{title}\n\nThe plan sets out what we will do.\n"))
    assert plan.title is not None and plan.period is None


def test_web_address_is_not_the_title(write_text):
    text = """www.sampleton.gov.uk

**Sampleton Homelessness Strategy 2024-2029**

Find help at www.sampleton.gov.uk/housing.
"""
    plan = planparse.parse(write_text(text))
    assert plan.title == "Sampleton Homelessness Strategy 2024-2029"


def test_shouted_cover_title_over_several_lines_with_years_in_words(write_text):
    text = """**WEST SUSSEX
JOINT DEMENTIA STRATEGY**
2020 TO 2023

Foreword

This strategy was written by West Sussex County Council with the NHS.
"""
    plan = planparse.parse(write_text(text))
    assert plan.title == "West Sussex Joint Dementia Strategy 2020 to 2023"
    org = plan.organisation
    assert (org.name, org.short_name, org.gss_code, org.code) == (
        "West Sussex County Council", "West Sussex", "E10000032", "WSX")
    assert (plan.period.start_year, plan.period.end_year) == (2020, 2023)


def test_a_body_named_only_by_its_initials_as_owner_of_its_plan(write_text):
    text = """**Schedule of Minor Modifications to the Local Plan**

These changes to the QRDC Local Plan were approved by the QRDC Board. See QRDC's Policies Map.
"""
    assert planparse.parse(write_text(text)).organisation.name == "QRDC"


@pytest.mark.parametrize("raw, title", [
    ("Open Spaces Action Plan 2025-2028", "Open Spaces Action Plan 2025-2028"),
    ("Microsoft Word - Parks Improvement Plan v2.docx", "Parks Improvement Plan v2"),
    ("Untitled", None),
    ("Document3", None),
    ("LDS_final_v4", None),
    ("2025", None),
    ("", None),
])
def test_a_files_stored_title_counts_only_when_it_names_something(raw, title):
    from planparse.extract.cover import metadata_title

    assert metadata_title(raw) == title


def _body_text_pdf(path, stored_title):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(stored_title)
    c.setFont("Helvetica", 10)
    y = 780
    for line in ["The council will keep parks open for longer in summer and review the",
                 "opening hours each year with the friends groups of each park.",
                 "Ref   Action   Lead   Due"]:
        c.drawString(72, y, line)
        y -= 14
    c.save()
    return path


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_no_title_on_the_page_falls_back_to_the_pdfs_own(tmp_path, backend):
    """A page of body text has no display type to read a title from; the PDF's /Title names the plan."""
    path = _body_text_pdf(tmp_path / "plan.pdf", "Open Spaces Action Plan 2025-2028")
    assert planparse.parse(path, backend=backend).title == "Open Spaces Action Plan 2025-2028"
    untitled = _body_text_pdf(tmp_path / "untitled.pdf", "Untitled")
    assert planparse.parse(untitled, backend=backend).title is None


def test_a_web_page_without_headings_takes_its_title_element(tmp_path):
    page = tmp_path / "plan.html"
    page.write_text("<html><head><title>Safer Streets Action Plan 2024-2026</title></head><body>"
                    "<p>The partnership agreed these actions in March 2024.</p><table><tr><th>Action</th>"
                    "<th>Lead</th></tr><tr><td>Light the underpass on the canal path</td><td>Highways</td></tr>"
                    "</table></body></html>", "utf-8")
    plan = planparse.parse(page)
    assert plan.title == "Safer Streets Action Plan 2024-2026"
    assert plan.period is not None and (plan.period.start_year, plan.period.end_year) == (2024, 2026)
