"""extract/markers.py: priority markers, leading refs and the priority a ref points to."""

from __future__ import annotations

import pytest

from planparse.extract.markers import is_ref, parse_marker, parse_numbered_item, ref_priority_key, split_leading_ref


@pytest.mark.parametrize("text, word, key, title", [
    ("Priority one: Act before harm.", "priority", "1", "Act before harm"),
    ("AIM 3 – PURSUE PERPETRATORS", "aim", "3", "PURSUE PERPETRATORS"),
    ("Priority 4:", "priority", "4", ""),
    ("Strategic Priority 2: Support for victims", "strategic priority", "2", "Support for victims"),
    ("Objective iii. Better data", "objective", "3", "Better data"),
    ("Theme 2 - Justice and protection", "theme", "2", "Justice and protection"),
    ("Priority 1: Awareness and Early Intervention", "priority", "1", "Awareness and Early Intervention"),
    ("• Goal 3: Better homes for older people", "goal", "3", "Better homes for older people"),
])
def test_parse_marker(text, word, key, title):
    m = parse_marker(text)
    assert m is not None
    assert (m.word, m.key, m.title) == (word, key, title)


@pytest.mark.parametrize("text", [
    "Priority areas for the partnership",
    "Our priorities",
    "Prioritising prevention across the system",
    "Aims and objectives",
    "Deliver awareness raising campaigns",
    "A Priority 2 scheme was agreed",  # a word before the marker word: prose, not a marker
])
def test_not_markers(text):
    assert parse_marker(text) is None


def test_marker_with_title_elsewhere_has_empty_title():
    m = parse_marker("Priority 4:")
    assert m is not None and m.key == "4" and m.title == ""


@pytest.mark.parametrize("text, expected", [
    ("1a. Deliver awareness raising campaigns", ("1a", "Deliver awareness raising campaigns")),
    ("2.5 Offer training to GPs", ("2.5", "Offer training to GPs")),
    ("1) Map current provision", ("1", "Map current provision")),
    ("10.2.1 Share data with partners", ("10.2.1", "Share data with partners")),
    ("3 Deliver training to schools", ("3", "Deliver training to schools")),
])
def test_split_leading_ref(text, expected):
    assert split_leading_ref(text) == expected


@pytest.mark.parametrize("text", [
    "3 years of work with partners",
    "2023 campaign calendar",
    "Deliver awareness raising campaigns",
    "1a.",
    "4.1",
])
def test_no_leading_ref(text):
    assert split_leading_ref(text) == (None, text)


@pytest.mark.parametrize("ref, key", [
    ("2.5", "2"),
    ("4a", "4"),
    ("1.2.3", "1"),
    ("10.1", "10"),
    ("12", None),
    ("1", None),
    ("", None),
    (None, None),
])
def test_ref_priority_key(ref, key):
    assert ref_priority_key(ref) == key


@pytest.mark.parametrize("text, ok", [
    ("1.1", True), ("1.1.", True), ("2a", True), ("(3)", True), ("b)", True),
    ("2023", False), ("Year 1", False), ("High", False),
])
def test_is_ref(text, ok):
    assert is_ref(text) is ok


def test_parse_numbered_item():
    assert parse_numbered_item("1) Awareness and early intervention") == ("1", "Awareness and early intervention")
    assert parse_numbered_item("2. Provision of services") == ("2", "Provision of services")
    assert parse_numbered_item("Provision of services") is None
