"""readers/cells.py: one table cell's raw text -> clean text, lead and bullet items."""

from __future__ import annotations

import pytest

from planparse.readers.cells import parse_cell, split_items


def test_html_paragraph_and_list_give_lead_and_items():
    cell = parse_cell("<p>We will:</p><ul><li>Map current provision</li><li>Commission a refuge</li></ul>")
    assert cell.lead == "We will:"
    assert cell.items == ("Map current provision", "Commission a refuge")
    assert cell.text == "We will: Map current provision; Commission a refuge"


def test_html_list_without_lead():
    cell = parse_cell("<ul><li>Map current provision</li><li>Commission a refuge</li></ul>")
    assert cell.lead == ""
    assert cell.text == "Map current provision; Commission a refuge"


def test_html_paragraphs_join_with_a_space():
    cell = parse_cell("<p>Deliver training to GPs.</p><p>Review annually.</p>")
    assert cell.items == ()
    assert cell.text == "Deliver training to GPs. Review annually."


def test_html_entities_are_unescaped():
    assert parse_cell("<p>Increase referrals &amp; reporting</p>").text == "Increase referrals & reporting"


def test_inline_and_emphasis_tags_are_stripped():
    cell = parse_cell("<i>Domestic Abuse Act 2021</i> duties <b>met</b> by <b><i>WBC</i></b>")
    assert cell.text == "Domestic Abuse Act 2021 duties met by WBC"
    assert "<" not in cell.text and ">" not in cell.text


def test_inline_bullets_split_into_items():
    cell = parse_cell("Partners will: • Share data • Attend MARAC")
    assert cell.lead == "Partners will:"
    assert cell.items == ("Share data", "Attend MARAC")
    assert cell.text == "Partners will: Share data; Attend MARAC"


def test_cell_starting_with_bullet_has_no_lead():
    cell = parse_cell("• Share data • Attend MARAC")
    assert cell.lead == ""
    assert cell.text == "Share data; Attend MARAC"


@pytest.mark.parametrize("raw, items", [
    ("-Annual calendar of campaign dates to be produced -Agencies to share campaigns",
     ("Annual calendar of campaign dates to be produced", "Agencies to share campaigns")),
    ("- Feedback from victims - Number of referrals", ("Feedback from victims", "Number of referrals")),
    ("-Increased understanding of services -Gaps identified", ("Increased understanding of services", "Gaps identified")),
])
def test_cell_starting_with_hyphen_splits_on_hyphen_capital_bullets(raw, items):
    cell = parse_cell(raw)
    assert cell.items == items
    assert cell.text == "; ".join(items)


def test_hyphen_before_lowercase_word_is_not_a_bullet():
    cell = parse_cell("-Support for Victim -survivors in refuges -Review of refuge provision")
    assert cell.items == ("Support for Victim -survivors in refuges", "Review of refuge provision")


@pytest.mark.parametrize("raw", [
    "Support for Victim -survivors in the borough",
    "Deliver the plan 2022 - 2024",
    "Q1 - Q4",
    "Refresh the strategy - Partnership Board to approve",
])
def test_hyphens_in_ordinary_cells_are_not_bullets(raw):
    cell = parse_cell(raw)
    assert cell.items == ()
    assert cell.text == raw


def test_year_range_inside_hyphen_list_is_not_split():
    cell = parse_cell("-Annual review of the 2022 - 2024 strategy -Report to the Partnership Board")
    assert cell.items == ("Annual review of the 2022 - 2024 strategy", "Report to the Partnership Board")


def test_footnote_markers_dropped_from_cells():
    assert parse_cell("Increase awareness ² of services").text == "Increase awareness of services"


def test_empty_cell():
    cell = parse_cell("")
    assert cell.empty
    assert cell.text == "" and cell.items == ()


def test_split_items_returns_lead_and_items():
    assert split_items("Lead text • first • second") == ("Lead text", ["first", "second"])
    assert split_items("no bullets at all") == ("no bullets at all", [])


def test_split_items_hyphens_only_when_asked_or_leading():
    assert split_items("2022 - 2024") == ("2022 - 2024", [])
    assert split_items("-A thing -B thing") == ("", ["A thing", "B thing"])
    assert split_items("Lead -A thing", hyphens=True) == ("Lead", ["A thing"])
    assert split_items("-A thing -B thing", hyphens=False) == ("-A thing -B thing", [])


@pytest.mark.parametrize("raw, text", [
    ("<!-- reviewed > March -->Deliver the plan", "Deliver the plan"),
    ('<p title="rag > amber">Train staff</p>', "Train staff"),
    ("<p>Train staff</p><script>if (a > b) { show('<li>x</li>') }</script>", "Train staff"),
    ("<style>td > p { margin: 0 }</style><p>Audit cases</p>", "Audit cases"),
    ("Increase take-up < 5% > last year", "Increase take-up < 5% > last year"),  # no markup: left alone
])
def test_markup_is_read_by_a_parser(raw: str, text: str) -> None:
    """Comments, scripts, styles and '>' inside attributes are markup, not cell text."""
    cell = parse_cell(raw)
    assert cell.text == text and cell.items == ()


@pytest.mark.parametrize("raw, parts", [
    ("<p>Community Safety</p> <p>Housing Wellbeing</p>", ("Community Safety", "Housing Wellbeing")),
    ("Community Safety<br>Public Health<br/>", ("Community Safety", "Public Health")),
    ("<div>Youth Offending Team</div><div>Children's Services</div>", ("Youth Offending Team", "Children's Services")),
    ("<p>One paragraph only</p>", ()),
    ("<b>Housing</b> and <i>Health</i>", ()),  # inline tags do not make paragraphs
    ("<p>We will:</p><ul><li>train staff</li><li>audit cases</li></ul>", ()),  # a list: items, not parts
])
def test_html_paragraphs_are_kept_as_the_cells_parts(raw: str, parts: tuple[str, ...]) -> None:
    cell = parse_cell(raw)
    assert cell.parts == parts
    assert "\u241e" not in cell.text and "\u241f" not in cell.text


def test_a_spreadsheet_cells_line_breaks_are_its_parts_and_a_pdf_cells_are_wrapping() -> None:
    assert parse_cell("Community Safety\nHousing", line_breaks=True).parts == ("Community Safety", "Housing")
    assert parse_cell("Community Safety\nHousing").parts == ()
    assert parse_cell("Community Safety\nHousing").text == "Community Safety Housing"
