"""extract/headers.py: header cells -> action fields, by wording and by column content."""

from __future__ import annotations

import pytest

from planparse.extract.headers import content_kind, is_header_row, map_columns, match_header


@pytest.mark.parametrize("header, field", [
    # listed wordings
    ("Action", "action"),
    ("What we have committed to", "action"),
    ("Key Agencies/Groups", "owner"),
    ("Led by", "owner"),
    ("Outcome/Measure", "outcome"),
    ("Progress (RAG)", "progress"),
    ("By when", "timescale"),
    ("Ref", "ref"),
    ("Priority level", "priority_level"),
    # wordings not in the synonym table
    ("Who is responsible", "owner"),
    ("Deadline for completion", "timescale"),
    ("Lead Agency/Partner", "owner"),
    ("Agency responsible", "owner"),
    ("Responsible officer(s)", "owner"),
    ("Timeframe for delivery", "timescale"),
    ("What will we do?", "action"),
    ("Actions:", "action"),
])
def test_header_wordings_map_to_fields(header, field):
    got, score = match_header(header)
    assert got == field, (header, got, score)
    assert score >= 82


@pytest.mark.parametrize("cell", ["Whole system", "Whole community", "Q1", "Q3", "2023/24",
                                  "Children and young people", ""])
def test_non_headers_map_to_nothing(cell):
    assert match_header(cell)[0] is None


def test_rag_rating_is_progress():
    assert match_header("RAG rating")[0] == "progress"


def test_is_header_row_for_real_header():
    assert is_header_row(["Action", "Key Agencies/Groups", "Output", "Outcome/Measure", "Progress (RAG)"])
    assert is_header_row(["Level", "Actions", "Ownership", "Priority level", "Timescale", "Updates", "", "", ""])


@pytest.mark.parametrize("cells", [
    ["Deliver awareness raising campaigns", "CSP", "2023"],
    ["Whole system", "1. Develop a campaign", "Domestic Abuse Partnership Board", "High", "Year 1"],
    ["Action", "", ""],                      # one field only
    ["", "", "", "", "", "Q1", "Q2", "Q3", "Q4"],  # second header line, not a header on its own
    ["Review the MARAC referral pathway and share findings with partners", "Lead"],  # long cell
])
def test_is_header_row_rejects_data_rows(cells):
    assert not is_header_row(cells)


def test_data_row_with_lead_owner_and_date_is_not_a_header():
    assert not is_header_row(["Train frontline staff", "Public Health lead", "March 2024"])


def test_a_sentence_that_mentions_a_field_is_not_that_field():
    """Regression: a six-word action mentioning "risk" matched the "Risk" header, and its row started a risk
    register in the middle of an action table, losing the action."""
    assert match_header("Train frontline staff in risk assessment")[0] is None
    assert match_header("Tackle the root cause of domestic abuse")[0] is None
    assert not is_header_row(["1.2", "Train frontline staff in risk", "Public Health", "June 2025"])
    assert match_header("Regulation 18 consultation start date")[0] == "timescale"  # a short header still matches


def test_a_numbered_row_mentioning_a_risk_stays_in_its_action_table(write_text):
    import planparse

    parsed = planparse.parse(write_text("Ref\tAction\tLead\tTimescale\n"
                                        "1.1\tSet up a refuge referral pathway for survivors\tCommunity Safety\tMarch 2025\n"
                                        "1.2\tTrain frontline staff in risk assessment\tPublic Health\tJune 2025\n"
                                        "1.3\tReview the housing allocation policy for survivors\tHousing\tJuly 2025\n"))
    assert [a.ref for a in parsed.actions] == ["1.1", "1.2", "1.3"]
    assert [t.kind for t in parsed.tables] == ["actions"]


@pytest.mark.parametrize("text, kind", [
    ("1a", "ref"),
    ("2.5", "ref"),
    ("High", "priority_level"),
    ("Standard", "priority_level"),
    ("Amber", "progress"),
    ("Complete", "progress"),
    ("By Q4 year one.", "timescale"),
    ("March 2023", "timescale"),
    ("Ongoing", "timescale"),
    ("Deliver awareness raising campaigns across the borough", None),
    ("", None),
])
def test_content_kind(text, kind):
    assert content_kind(text) == kind


def test_updates_column_of_deadlines_maps_to_timescale():
    header = ["Action", "Lead", "Updates"]
    rows = [
        ["Deliver awareness raising campaigns", "CSP", "By Q4 year one."],
        ["Train frontline staff", "WBC", "By end of 2023."],
        ["Review MARAC referral pathway", "TVP", "Within 6 months."],
    ]
    assert match_header("Updates")[0] == "progress"  # the header alone says progress
    assert [c.field for c in map_columns(header, rows)] == ["action", "owner", "timescale"]


def test_updates_column_of_prose_stays_progress():
    header = ["Action", "Lead", "Updates"]
    rows = [
        ["Deliver awareness raising campaigns", "CSP",
         "Campaign launched, feedback positive from partners and survivors."],
        ["Train frontline staff", "WBC", "Training sessions held with GP practices and schools."],
    ]
    assert [c.field for c in map_columns(header, rows)] == ["action", "owner", "progress"]


def test_content_does_not_steal_timescale_from_a_stated_timescale_column():
    header = ["Action", "Timescale", "Updates"]
    rows = [
        ["Deliver campaigns", "Q4 2023", "By Q4 year one."],
        ["Train staff", "2024", "By end of 2023."],
    ]
    fields = [c.field for c in map_columns(header, rows)]
    assert fields.count("timescale") == 1
    assert fields[1] == "timescale"


def test_unnamed_column_of_refs_maps_to_ref():
    cols = map_columns(["", "Action", "Lead"], [["1.1", "Deliver campaigns", "CSP"],
                                                ["1.2", "Train staff", "WBC"]])
    assert [c.field for c in cols] == ["ref", "action", "owner"]


def test_duplicate_fields_keep_only_the_best_column():
    cols = map_columns(["Action", "Lead", "Lead officer"], [["Deliver campaigns", "CSP", "Jo Smith"]])
    fields = [c.field for c in cols]
    assert fields.count("owner") == 1


def test_a_header_the_mapper_does_not_know_is_decided_by_its_content():
    """'Description' names nothing the mapper knows, but its cells are the sentences beside a lead and a date."""
    cols = map_columns(["Description", "Lead", "Target date"], [
        ["Set up a single point of contact for families in crisis", "Early Help", "April 2026"],
        ["Publish the new fostering recruitment campaign online", "Fostering team", "June 2026"],
    ])
    assert [(c.field, c.score < 90) for c in cols] == [("action", True), ("owner", False), ("timescale", False)]


def test_content_never_makes_an_action_column_of_a_risk_register_or_a_headerless_table():
    risk = map_columns(["Description", "Likelihood", "Owner"], [
        ["Funding for the outreach service ends next March", "4", "Director of Public Health"]])
    assert "action" not in [c.field for c in risk]
    headerless = map_columns([], [["Set up a single point of contact for families", "Early Help", "April 2026"]])
    assert "action" not in [c.field for c in headerless]
