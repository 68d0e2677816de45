"""extract/tables.py: table rows in the layout -> whole action rows."""

from __future__ import annotations

from planparse.extract.tables import assemble, merge_cells
from planparse.layout import Cell
from planparse.readers.text import parse_text


def drafts_of(text):
    return assemble(parse_text(text)).drafts


def fields(d):
    return {c.field: d.text(c.field) for c in d.segment.columns if c.field}


def test_header_columns_are_mapped_and_header_is_not_an_action():
    result = assemble(parse_text(
        "Action\tKey Agencies/Groups\tTimescale\tProgress (RAG)\n"
        "Deliver awareness raising campaigns\tCommunity Safety Partnership\tQ4 2023\tGreen\n"
    ))
    (seg,) = result.segments
    assert [c.field for c in seg.columns] == ["action", "owner", "timescale", "progress"]
    (d,) = result.drafts
    assert fields(d) == {"action": "Deliver awareness raising campaigns", "owner": "Community Safety Partnership",
                         "timescale": "Q4 2023", "progress": "Green"}


def test_continuation_after_page_break_and_repeated_header_is_merged():
    drafts = drafts_of(
        "Action\tLead\tTimescale\n"
        "Deliver awareness raising campaigns across the borough and\tCSP\tQ4 2023\n"
        "\f\n"
        "Action\tLead\tTimescale\n"
        "in local schools and colleges.\t\t\n"
        "Train frontline staff in identifying coercive control.\tWBC\t2024\n"
    )
    assert [d.text("action") for d in drafts] == [
        "Deliver awareness raising campaigns across the borough and in local schools and colleges.",
        "Train frontline staff in identifying coercive control.",
    ]
    assert drafts[0].text("owner") == "CSP"
    assert drafts[0].text("timescale") == "Q4 2023"


def test_repeated_header_rows_are_dropped():
    drafts = drafts_of(
        "Action\tLead\tTimescale\n"
        "Deliver awareness raising campaigns.\tCSP\t2023\n\n"
        "Action\tLead\tTimescale\n"
        "Train frontline staff.\tWBC\t2024\n\n"
        "Action\tLead\tTimescale\n"
        "Review the MARAC pathway.\tTVP\tMarch 2025\n"
    )
    texts = [d.text("action") for d in drafts]
    assert texts == ["Deliver awareness raising campaigns.", "Train frontline staff.", "Review the MARAC pathway."]
    # the three segments under one repeated header are one logical table
    assert {d.table_index for d in drafts} == {0}
    assert [d.row_index for d in drafts] == [0, 1, 2]


def test_continuation_with_refs_used_joins_unnumbered_row():
    drafts = drafts_of(
        "Action\tLead\tTimescale\n"
        "1a. Deliver awareness raising campaigns\tWBC\t2022\n"
        "Across the borough including schools\tand WBC Education\t\n"
        "1b. Produce information in a range of formats\tWBC Equalities Lead\t2023\n"
    )
    # an unnumbered row in a numbered table continues the row above, even starting upper case
    assert [(d.ref, d.text("action")) for d in drafts] == [
        ("1a", "Deliver awareness raising campaigns Across the borough including schools"),
        ("1b", "Produce information in a range of formats"),
    ]
    assert drafts[0].text("owner") == "WBC and WBC Education"


def test_blank_owner_under_group_inherits_and_is_listed():
    drafts = drafts_of(
        "Level\tAction\tLead\tTimescale\n"
        "Whole system\tDevelop a campaign on non-physical abuse.\tDomestic Abuse Partnership Board\tYear 1\n"
        "\tAgree key prevention metrics.\t\tYear 2\n"
        "Whole community\tDevelop a handbook for schools.\tBWSCP Business Manager\tYear 2\n"
    )
    assert [d.group for d in drafts] == ["Whole system", "Whole system", "Whole community"]
    second = drafts[1]
    assert second.text("owner") == "Domestic Abuse Partnership Board"
    assert "owner" in second.inherited
    assert second.text("timescale") == "Year 2"  # its own value, not the one above
    assert "timescale" not in second.inherited
    assert drafts[0].inherited == [] and drafts[2].inherited == []


def test_inherited_group_is_listed():
    drafts = drafts_of(
        "Level\tAction\tLead\tTimescale\n"
        "Whole system\tDevelop a campaign on non-physical abuse.\tDomestic Abuse Partnership Board\tYear 1\n"
        "\tAgree key prevention metrics.\tPublic Health Consultant\tYear 2\n"
    )
    assert drafts[1].group == "Whole system"
    assert "group" in drafts[1].inherited


def test_blank_outcome_and_owner_under_leading_outcome_inherit():
    drafts = drafts_of(
        "Outcome\tAction\tLead\tTimescale\n"
        "Victims are supported early\tCommission an IDVA service.\tWBC\tMarch 2024\n"
        "\tReview the MARAC referral pathway.\t\tJune 2024\n"
        "Perpetrators are held to account\tFund a perpetrator programme.\tTVP\tMarch 2025\n"
    )
    assert [d.text("outcome") for d in drafts] == [
        "Victims are supported early", "Victims are supported early", "Perpetrators are held to account"]
    assert sorted(drafts[1].inherited) == ["outcome", "owner"]
    assert drafts[1].text("owner") == "WBC"
    assert drafts[2].inherited == []
    assert drafts[2].text("owner") == "TVP"


def test_no_fill_down_without_a_grouping_column():
    drafts = drafts_of(
        "Action\tLead\tTimescale\n"
        "Commission an IDVA service.\tWBC\tMarch 2024\n"
        "Publish a directory of local services.\t\tJune 2024\n"
    )
    assert drafts[1].text("owner") is None
    assert drafts[1].inherited == []


def test_row_one_cell_short_is_aligned_to_the_columns_it_continues():
    drafts = drafts_of(
        "Level\tAction\tLead\tTimescale\n"
        "Whole system\tDevelop a campaign aimed at supporting reporting of\tDomestic Abuse Partnership Board\tYear 1\n"
        "\fLevel\tAction\tLead\tTimescale\n"
        "non-physical abuse.\twith Lived Experience Sub-group\n"
        "Whole community\tDevelop a handbook for education providers.\tBWSCP Business Manager\tYear 2\n"
        "\tAgree key prevention metrics.\tPublic Health Consultant\tYear 2\n"
    )
    first = drafts[0]
    assert first.text("action") == "Develop a campaign aimed at supporting reporting of non-physical abuse."
    assert first.text("owner") == "Domestic Abuse Partnership Board with Lived Experience Sub-group"
    assert first.text("group") == "Whole system"
    assert first.text("timescale") == "Year 1"
    assert len(drafts) == 3


def test_short_row_aligned_when_page_has_one_other_row():
    drafts = drafts_of(
        "Level\tAction\tLead\tTimescale\n"
        "Whole system\tDevelop a campaign aimed at supporting reporting of\tDomestic Abuse Partnership Board\tYear 1\n"
        "\fLevel\tAction\tLead\tTimescale\n"
        "non-physical abuse.\twith Lived Experience Sub-group\n"
        "Whole community\tDevelop a handbook for education providers.\tBWSCP Business Manager\tYear 2\n"
    )
    assert drafts[0].text("action") == "Develop a campaign aimed at supporting reporting of non-physical abuse."
    assert drafts[0].text("group") == "Whole system"


def test_two_row_header_merges():
    result = assemble(parse_text(
        "Level\tActions\tOwnership\tPriority level\tTimescale\tUpdates\t\t\t\n"
        "\t\t\t\t\tQ1\tQ2\tQ3\tQ4\n"
        "Whole system\t1. Develop a campaign on non-physical abuse.\tDomestic Abuse Partnership Board\tHigh\tYear 1"
        "\tStarted\t\t\t\n"
        "\t2. Agree key prevention metrics.\tPublic Health Consultant\tStandard\tYear 2\t\t\t\t\n"
    ))
    (seg,) = result.segments
    assert seg.header == ["Level", "Actions", "Ownership", "Priority level", "Timescale", "Updates Q1",
                          "Q2", "Q3", "Q4"]
    assert [c.field for c in seg.columns][:6] == ["group", "action", "owner", "priority_level", "timescale",
                                                  "progress"]
    # the Q1..Q4 line is header, not an action row
    assert [d.ref for d in result.drafts] == ["1", "2"]
    assert [d.text("action") for d in result.drafts] == ["Develop a campaign on non-physical abuse.",
                                                         "Agree key prevention metrics."]
    assert result.drafts[0].text("priority_level") == "High"


def test_full_width_single_cell_row_is_a_group_label():
    drafts = drafts_of(
        "Sector\tAction\tLead\tTimescale\n"
        "Prevention and early intervention\t\t\t\n"
        "Schools\tDeliver awareness raising campaigns.\tCSP\t2023\n"
        "Health\tTrain frontline staff.\tWBC\t2024\n"
        "Support for victims\t\t\t\n"
        "Housing\tCommission an IDVA service.\tWBC\tMarch 2024\n"
    )
    assert [d.text("action") for d in drafts] == [
        "Deliver awareness raising campaigns.", "Train frontline staff.", "Commission an IDVA service."]
    assert [d.group for d in drafts] == [
        "Prevention and early intervention", "Prevention and early intervention", "Support for victims"]


def test_group_label_row_in_table_with_ref_column():
    result = assemble(parse_text(
        "Ref\tAction\tLead\tTimescale\n"
        "Prevention and early intervention\t\t\t\n"
        "1.1\tDeliver awareness raising campaigns.\tCSP\t2023\n"
        "Support for victims\t\t\t\n"
        "2.1\tCommission an IDVA service.\tWBC\tMarch 2024\n"
    ))
    d11, d21 = result.drafts
    assert d11.text("ref") == "1.1"
    assert (d11.group, d21.group) == ("Prevention and early intervention", "Support for victims")


def test_group_label_row_in_action_first_table():
    drafts = drafts_of(
        "Action\tLead\tTimescale\n"
        "Prevention and early intervention\t\t\n"
        "Deliver awareness raising campaigns.\tCSP\t2023\n"
        "Support for victims\t\t\n"
        "Commission an IDVA service.\tWBC\tMarch 2024\n"
        "Publish a directory of local services for survivors.\t\t\n"
    )
    assert [d.text("action") for d in drafts] == [
        "Deliver awareness raising campaigns.", "Commission an IDVA service.",
        "Publish a directory of local services for survivors."]
    assert [d.group for d in drafts] == [
        "Prevention and early intervention", "Support for victims", "Support for victims"]


def test_priority_rows_inside_table_set_priority_keys():
    result = assemble(parse_text(
        "Priority 1: Awareness and Early Intervention\t\t\t\n"
        "Action\tKey Agencies/Groups\tOutput\tOutcome/Measure\n"
        "1a. Deliver awareness raising campaigns\tWBC Communications lead\t-Annual calendar of campaign dates"
        "\t-Increased reporting\n"
        "1b. Produce information in a range of formats\tWBC Equalities Lead\t-Inventory of leaflets"
        "\t-Increased understanding\n"
        "Priority 2: Support for victims, survivors and children\t\t\t\n"
        "2a. Commission safe accommodation\tWBC Housing\t-Refuge places\t-More victims housed\n"
    ))
    assert [(d.ref, d.priority_key) for d in result.drafts] == [("1a", "1"), ("1b", "1"), ("2a", "2")]
    assert [(m.key, m.title) for _, m in result.markers] == [
        ("1", "Awareness and Early Intervention"), ("2", "Support for victims, survivors and children")]
    # marker rows are not actions
    assert all("Priority" not in d.text("action") for d in result.drafts)


def test_marker_heading_outside_table_sets_priority_key():
    drafts = drafts_of(
        "Priority one: Act before harm.\n"
        "Action\tLead\tTimescale\n"
        "Deliver campaigns.\tCSP\t2023\n\n"
        "Priority two: Increasing safety for victims.\n"
        "Action\tLead\tTimescale\n"
        "Commission an IDVA service.\tWBC\t2024\n"
    )
    assert [d.priority_key for d in drafts] == ["1", "2"]


def test_ref_column_gives_ref_and_leaves_action_text():
    drafts = drafts_of(
        "Ref\tAction\tLead\tTimescale\n"
        "1.1.\tCreate a forward plan of key dates.\tDA Coordinator\t2022\n"
        "1.2\tDeliver training to GPs.\tCCG\t2023\n"
    )
    assert [d.ref for d in drafts] == ["1.1", "1.2"]  # trailing dot dropped
    assert [d.text("action") for d in drafts] == ["Create a forward plan of key dates.", "Deliver training to GPs."]


def test_leading_ref_in_action_text_is_split_off_without_ref_column():
    drafts = drafts_of(
        "Action\tLead\tTimescale\n"
        "1a. Deliver awareness raising campaigns\tWBC\t2022\n"
        "2.5 Offer training to GPs\tCCG\t2023\n"
    )
    assert [(d.ref, d.text("action")) for d in drafts] == [
        ("1a", "Deliver awareness raising campaigns"), ("2.5", "Offer training to GPs")]


def test_action_starting_with_number_word_is_not_a_ref():
    drafts = drafts_of(
        "Action\tLead\tTimescale\n"
        "Deliver campaigns across the borough.\tCSP\t2023\n"
        "3 years of work with schools to embed healthy relationships.\tWBC\t2025\n"
    )
    assert [d.ref for d in drafts] == [None, None]
    assert drafts[1].text("action") == "3 years of work with schools to embed healthy relationships."


def test_paragraph_between_tables_starts_a_new_table():
    result = assemble(parse_text(
        "Action\tLead\tTimescale\n"
        "Deliver campaigns.\tCSP\t2023\n\n"
        "The second table lists the risks to delivery and how they are managed.\n\n"
        "Risk\tMitigation\tOwner\n"
        "Funding ends\tSeek new grants\tWBC\n"
    ))
    assert len(result.segments) == 2
    assert [c.field for c in result.segments[1].columns] == ["risk", "mitigation", "owner"]
    assert [d.text("action") for d in result.drafts] == ["Deliver campaigns."]


def test_merge_cells_joins_text_with_space_and_items_with_semicolons():
    a = Cell("We will: Map provision", lead="We will:", items=("Map provision",))
    b = Cell("across the borough", lead="across the borough")
    assert merge_cells(a, b).text == "We will: Map provision across the borough"
    c = Cell("Commission a refuge", lead="", items=("Commission a refuge",))
    merged = merge_cells(a, c)
    assert merged.items == ("Map provision", "Commission a refuge")
    assert merged.text == "We will: Map provision; Commission a refuge"
    assert merge_cells(Cell(""), b) == b


def test_lower_case_progress_cell_stays_with_its_row():
    """Text is never moved between rows on a guess: each row keeps the cells it was printed with."""
    drafts = drafts_of(
        "Ref\tAction\tLead\tProgress\n"
        "1a.\tDeliver awareness campaigns\tWBC\tScoping under way with\n"
        "1b.\tProduce information in formats\tWBC Comms\tongoing\n"
    )
    assert [d.text("progress") for d in drafts] == ["Scoping under way with", "ongoing"]


def test_marker_row_with_a_glyph_cell_split_off_sets_the_priority():
    """Exports split a bullet, icon or drop capital into a cell of its own before a row's marker."""
    result = assemble(parse_text(
        "Action\tLead\tTimescale\n"
        "Map current refuge provision\tHousing team\t2025\n"
        "\t•\tPriority 2: Safer homes\t\n"
        "Fund a sanctuary scheme\tHousing team\t2026\n"
    ))
    assert [m.key for _, m in result.markers] == ["2"]
    assert [(d.text("action"), d.priority_key) for d in result.drafts] == [
        ("Map current refuge provision", None), ("Fund a sanctuary scheme", "2")]


def test_a_short_cell_that_is_a_ref_is_not_a_glyph():
    result = assemble(parse_text(
        "Ref\tAction\tLead\n"
        "1a\tMap current refuge provision\tHousing team\n"
        "2\tPriority 2: review the commissioning cycle for refuge places with partners\tCommissioning lead\n"
    ))
    assert [m.key for _, m in result.markers] == []
    assert [d.ref for d in result.drafts] == ["1a", "2"]
