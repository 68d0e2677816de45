"""readers/text.py: how each line of a plain-text plan export is classified."""

from __future__ import annotations

import pytest

from planparse.errors import InputError
from planparse.readers.text import parse_text, read_text


def kinds(layout):
    return [(b.kind, b.text) for b in layout.blocks]


def block_with(layout, text):
    found = [b for b in layout.blocks if b.text == text]
    assert found, f"no block with text {text!r}: {kinds(layout)}"
    return found[0]


# --- table rows -------------------------------------------------------------

def test_tab_separated_lines_become_table_rows_with_cells():
    layout = parse_text(
        "Action\tLead\tTimescale\n"
        "Deliver awareness raising campaigns\tCommunity Safety Partnership\tQ4 2023\n"
    )
    assert [b.kind for b in layout.blocks] == ["table_row", "table_row"]
    row = layout.blocks[1]
    assert [c.text for c in row.cells] == [
        "Deliver awareness raising campaigns", "Community Safety Partnership", "Q4 2023"]
    assert row.width == 3
    assert row.text == "Deliver awareness raising campaigns Community Safety Partnership Q4 2023"


def test_empty_cells_are_kept_so_columns_stay_aligned():
    layout = parse_text("Level\tAction\tLead\n\tAgree key prevention metrics.\tPublic Health\n")
    row = layout.blocks[1]
    assert [c.text for c in row.cells] == ["", "Agree key prevention metrics.", "Public Health"]
    assert row.cells[0].empty


def test_html_inside_a_cell_is_parsed():
    layout = parse_text("Action\tOutput\nDeliver campaigns\t<ul><li>Calendar of dates</li><li>Posters</li></ul>\n")
    cell = layout.blocks[1].cells[1]
    assert cell.items == ("Calendar of dates", "Posters")
    assert cell.text == "Calendar of dates; Posters"


# --- headings, bold, bullets ---------------------------------------------------

def test_markdown_headings_keep_their_level_and_lose_the_hashes():
    layout = parse_text(
        "# Domestic Abuse Strategy\n\n## 1. Introduction\n\n"
        "This strategy sets out how partners will work together.\n"
    )
    top, sub, para = layout.blocks
    assert (top.kind, top.text, top.level) == ("heading", "Domestic Abuse Strategy", 1)
    assert (sub.kind, sub.text, sub.level) == ("heading", "1. Introduction", 2)
    assert para.kind == "paragraph"


def test_bold_line_is_a_heading_and_its_markers_are_stripped():
    layout = parse_text("Introduction\n\n**Our vision**\nThis strategy sets out how partners will work together.\n")
    vision = block_with(layout, "Our vision")
    assert vision.kind == "heading"
    assert vision.bold
    body = block_with(layout, "This strategy sets out how partners will work together.")
    assert body.kind == "paragraph"
    assert not body.bold


def test_bold_run_over_several_lines_marks_every_line_bold():
    layout = parse_text(
        "**THE ROYAL BOROUGH OF WINDSOR AND MAIDENHEAD (RBWM)\nDOMESTIC ABUSE STRATEGY\n2022-24**\n\n"
        "It's your borough: help us make it a safer place to live.\n"
    )
    texts = {b.text: b for b in layout.blocks}
    assert texts["THE ROYAL BOROUGH OF WINDSOR AND MAIDENHEAD (RBWM)"].bold
    assert texts["DOMESTIC ABUSE STRATEGY"].bold
    assert texts["2022-24"].bold
    assert not texts["It's your borough: help us make it a safer place to live."].bold


@pytest.mark.parametrize("line, text", [
    ("- Raise awareness of domestic abuse", "Raise awareness of domestic abuse"),
    ("* Support victims and survivors", "Support victims and survivors"),
    ("• Hold perpetrators to account", "Hold perpetrators to account"),
])
def test_bullet_lines_become_list_items_without_the_bullet(line, text):
    layout = parse_text(f"We will:\n{line}\n")
    assert layout.blocks[1].kind == "list_item"
    assert layout.blocks[1].text == text


def test_numbered_list_item_keeps_its_number():
    """'1) ...' is a list item, but its number is the priority key, so it stays in the text."""
    layout = parse_text("Priorities:\n1) Awareness and early intervention\n2) Support for victims\n")
    assert [b.kind for b in layout.blocks[1:]] == ["list_item", "list_item"]
    assert layout.blocks[1].text == "1) Awareness and early intervention"


def test_plain_sentence_is_a_paragraph_not_a_heading():
    layout = parse_text(
        "Introduction\n\nThis strategy sets out how the partnership will respond to domestic abuse in the borough.\n"
    )
    assert kinds(layout) == [
        ("heading", "Introduction"),
        ("paragraph", "This strategy sets out how the partnership will respond to domestic abuse in the borough."),
    ]


# --- table of contents --------------------------------------------------------

def test_toc_lines_are_toc_entries_not_headings():
    layout = parse_text(
        "Contents\n\n"
        "Accessing support.....\t2\n"
        "Foreword\t4\n"
        "1. Introduction.....\t5\n"
        "2. Definition of domestic abuse\t5\n"
        "Our priorities .......... 7\n\n"
        "1. Introduction\n\n"
        "This strategy is about how we respond to domestic abuse.\n"
    )
    toc = [b.text for b in layout.blocks if b.kind == "toc_entry"]
    assert toc == ["Accessing support", "Foreword", "1. Introduction",
                   "2. Definition of domestic abuse", "Our priorities"]
    # only the real section title (after the contents) is a heading
    headings = [(b.text, b.line) for b in layout.blocks if b.kind == "heading"]
    assert ("1. Introduction", 9) in headings
    assert all(line != 5 for _, line in headings)
    assert not any(b.kind == "table_row" for b in layout.blocks)


def test_a_three_column_row_ending_in_a_year_is_not_a_toc_entry():
    layout = parse_text("Action\tLead\tTimescale\nDeliver campaigns\tCSP\t2023\n")
    assert [b.kind for b in layout.blocks] == ["table_row", "table_row"]


def test_table_row_with_blank_cells_and_year_is_not_a_toc_entry():
    layout = parse_text(
        "Outcome\tAction\tLead\tTimescale\n"
        "Victims are supported early\tCommission an IDVA service.\tWBC\t2023\n"
        "\tReview the MARAC referral pathway.\t\t2024\n"
    )
    assert layout.blocks[2].kind == "table_row"


# --- running headers and furniture ----------------------------------------------

def test_line_repeated_three_times_is_furniture_after_the_first():
    layout = parse_text(
        "Domestic Abuse Strategy 2022-24\n\n"
        "Introduction text goes here for the partnership.\n\n"
        "Domestic Abuse Strategy 2022-24\n"
        "\fMore text about services in the borough.\n\n"
        "Domestic Abuse Strategy 2022-24\n"
        "\fFinal words on governance.\n"
    )
    repeats = [b for b in layout.blocks if b.text == "Domestic Abuse Strategy 2022-24"]
    assert [b.kind for b in repeats] == ["heading", "furniture", "furniture"]
    assert [b.kind for b in layout.blocks if b.kind == "paragraph"] == ["paragraph"] * 3


def test_line_repeated_twice_between_table_rows_is_furniture():
    layout = parse_text(
        "Action\tLead\tTimescale\n"
        "Deliver campaigns\tCSP\t2023\n"
        "OFFICIAL\n"
        "Train frontline staff\tWBC\t2024\n"
        "Review MARAC\tTVP\t2024\n"
        "OFFICIAL\n"
        "Audit referrals\tWBC\t2025\n"
    )
    official = [b for b in layout.blocks if b.text == "OFFICIAL"]
    assert [b.kind for b in official] == ["furniture", "furniture"]
    assert sum(b.kind == "table_row" for b in layout.blocks) == 5


def test_line_repeated_twice_outside_tables_is_not_furniture():
    layout = parse_text("Safer Communities\n\nSome intro paragraph about the partnership.\n\nSafer Communities\n")
    assert [b.kind for b in layout.blocks if b.text == "Safer Communities"] == ["heading", "heading"]


@pytest.mark.parametrize("line", ["12", "Page 3", "Page 3 of 12"])
def test_page_number_lines_are_furniture(line):
    layout = parse_text(f"Some text about the partnership.\n\n{line}\n\nMore text about the partnership.\n")
    assert block_with(layout, line).kind == "furniture"


# --- footnotes ----------------------------------------------------------------

def test_footnote_line_and_marker_removed_from_text():
    layout = parse_text(
        "Domestic abuse is widespread, with 2.3 million people experiencing abuse ¹ .\n"
        "¹ Office for National Statistics, year ending March 2020.\n"
    )
    body, note = layout.blocks
    assert body.kind == "paragraph"
    assert body.text == "Domestic abuse is widespread, with 2.3 million people experiencing abuse."
    assert note.kind == "footnote"
    assert note.text == "Office for National Statistics, year ending March 2020."


def test_superscript_marker_removed_inside_cells_too():
    layout = parse_text("Action\tLead\nDevelop a campaign on non-physical abuse ² .\tDA Partnership Board\n")
    assert layout.blocks[1].cells[0].text == "Develop a campaign on non-physical abuse."


# --- priority markers ------------------------------------------------------------

def test_priority_markers_are_headings_even_with_a_full_stop():
    layout = parse_text(
        "Priority one: Act before harm.\n"
        "We will act before harm, preventing domestic abuse before it occurs.\n\n"
        "AIM 1 – PREVENTION AND EARLY INTERVENTION\n"
        "Action\tLead\tTimescale\n"
    )
    assert kinds(layout)[:3] == [
        ("heading", "Priority one: Act before harm."),
        ("paragraph", "We will act before harm, preventing domestic abuse before it occurs."),
        ("heading", "AIM 1 – PREVENTION AND EARLY INTERVENTION"),
    ]


def test_sentence_ending_in_full_stop_without_marker_is_not_promoted():
    layout = parse_text("Intro\n\nWe act before harm.\n\nMore detail follows here.\n")
    assert block_with(layout, "We act before harm.").kind == "paragraph"


# --- pages ----------------------------------------------------------------------

def test_form_feed_increments_page_numbers():
    layout = parse_text("Foreword\n\nWelcome to the plan.\n\fIntroduction\nThe plan runs for three years.\n\f\fAnnex\n")
    pages = {b.text: b.page for b in layout.blocks}
    assert pages["Foreword"] == 1
    assert pages["Welcome to the plan."] == 1
    assert pages["Introduction"] == 2
    assert pages["The plan runs for three years."] == 2
    assert pages["Annex"] == 4  # two form feeds: an empty page between
    assert layout.pages == 4


def test_no_form_feed_means_no_page_numbers():
    layout = parse_text("Foreword\n\nWelcome to the plan.\n")
    assert layout.pages is None
    assert all(b.page is None for b in layout.blocks)


def test_line_numbers_are_one_based_source_lines():
    layout = parse_text("\n\nForeword\n\nWelcome to the plan.\n")
    assert [(b.text, b.line) for b in layout.blocks] == [("Foreword", 3), ("Welcome to the plan.", 5)]


def test_crlf_line_endings_are_handled():
    layout = parse_text("Action\tLead\r\nDeliver campaigns\tCSP\r\n")
    assert [c.text for c in layout.blocks[1].cells] == ["Deliver campaigns", "CSP"]


# --- errors and files -------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "\n\n", "  \n\t\n   "])
def test_empty_text_raises_input_error(text):
    with pytest.raises(InputError) as info:
        parse_text(text)
    assert info.value.kind == "EmptyInput"


def test_read_text_decodes_and_records_encoding(write_text):
    path = write_text("Women’s Aid\tRefuge\tQ1 2024\n", name="plan.txt", encoding="cp1252")
    layout = read_text(path)
    assert layout.format == "text"
    assert layout.encoding == "cp1252"
    assert [c.text for c in layout.blocks[0].cells] == ["Women’s Aid", "Refuge", "Q1 2024"]


def test_read_text_utf16_file(write_text):
    path = write_text("Priority 1: Prevention\n\nAction\tLead\nDeliver campaigns\tCSP\n", encoding="utf-16")
    layout = read_text(path)
    assert layout.encoding == "utf-16"
    assert layout.blocks[0].text == "Priority 1: Prevention"
    assert [c.text for c in layout.blocks[2].cells] == ["Deliver campaigns", "CSP"]


def test_read_text_empty_file_raises(write_text):
    path = write_text("")
    with pytest.raises(InputError) as info:
        read_text(path)
    assert info.value.kind == "EmptyInput"
