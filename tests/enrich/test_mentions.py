"""Mentions: which blocks are the plan's own text, and the shapes that vouch for a body or a person."""

from __future__ import annotations

import pytest

from planparse.enrich.mentions import (
    agent_spans,
    listed_with_known,
    lone_given_names,
    own_text_blocks,
    signatories,
)
from planparse.layout import Block


@pytest.mark.parametrize(("text", "expected"), [
    ("Review undertaken by Oxford Against Cutting to assess for inclusivity.", ["Oxford Against Cutting"]),
    ("The service is commissioned by the Office of the Police and Crime Commissioner and runs all year.",
     ["Office of the Police and Crime Commissioner"]),
    ("Groups facilitated by SAFE! and run by Kaleidoscopic.", ["SAFE!", "Kaleidoscopic"]),
    ("Training led by Sarah Jones in March.", ["Sarah Jones"]),   # a person: the caller tells them apart
    ("Pathways agreed by partners; reviewed yearly.", []),        # no capitalised agent
    ("Victims were supported by\nWomen's Aid.", []),              # never across a line break
])
def test_agent_spans(text: str, expected: list[str]) -> None:
    spans = agent_spans(text)
    assert [name for name, _, _ in spans] == expected
    assert all(text[s:e] == name for name, s, e in spans)


def test_listed_beside_known() -> None:
    known = {"Citizens Advice", "CA", "Thames Valley Police"}.__contains__
    text = ("-Increased awareness of Flag DV, Citizens Advice, Solicitors who support those making applications "
            "-Number of referrals received by solicitors, Flag DV, CA -Focus group feedback")
    names = [i.name for i in listed_with_known(text, known) if i.beside]
    # "Solicitors" is offered too (the caller rejects a group head); nothing from the unlisted words
    assert names.count("Flag DV") == 2 and set(names) <= {"Flag DV", "Solicitors"}
    # two items are a pair, not a list
    assert listed_with_known("Meetings with Cowshed, Thames Valley Police.", known) == []
    # a capitalised preposition is not part of the name; "the Council" is offered, for the caller to judge
    assert [i.name for i in listed_with_known("With Cowshed, Thames Valley Police, the Council.", known)] == \
        ["Cowshed", "Council"]




def test_a_list_naming_two_known_bodies_offers_its_other_short_names() -> None:
    known = {"Anytown Council", "Northshire Police"}.__contains__
    text = "The group includes Anytown Council, Harbourlight, Northshire Police and Bright Futures Trust."
    among = [i.name for i in listed_with_known(text, known)]
    assert "Harbourlight" in among and "Bright Futures Trust" in among


def test_references_and_contacts_are_not_the_plans_own_text() -> None:
    blocks = [Block("heading", "Our partners", level=1), Block("paragraph", "We work with Harbourlight."),
              Block("heading", "References", level=1), Block("paragraph", "Annual survey, Harbourlight, 2020."),
              Block("heading", "Useful contacts", level=1), Block("paragraph", "Harbourlight: 0100 000000"),
              Block("heading", "Next steps", level=1),
              Block("paragraph", "Smith, J. (2019) Partnerships that work. Available at: example.org"),
              Block("paragraph", "The board meets monthly.")]
    assert own_text_blocks(blocks) == [True, True, False, False, False, False, True, False, True]


@pytest.mark.parametrize(("lines", "expected"), [
    (["Jo Bloggs, Chair, Anytown Safeguarding Partnership"], ("Jo Bloggs", "Chair", "Anytown Safeguarding Partnership")),
    (["Sir Anwen Trelawney Chair, Anytown Safeguarding Children Partnership"],
     ("Sir Anwen Trelawney", "Chair", "Anytown Safeguarding Children Partnership")),
    (["Jo Bloggs (Director of Public Health)"], ("Jo Bloggs", "Director of Public Health", None)),
    (["Director of Public Health: Jo Bloggs"], ("Jo Bloggs", "Director of Public Health", None)),
    (["Jo Bloggs – Public Health Analyst"], ("Jo Bloggs", "Public Health Analyst", None)),
    (["Zorabel Foster", "Chair of the Anytown Domestic Abuse Board"],
     ("Zorabel Foster", "Chair", "Anytown Domestic Abuse Board")),
    (["Chief Executive", "Jo Bloggs"], ("Jo Bloggs", "Chief Executive", None)),
])
def test_signatory_shapes(lines: list[str], expected: tuple) -> None:
    found = signatories(lines)
    assert [(s.person, s.role, s.organisation) for s in found] == [expected]


@pytest.mark.parametrize("lines", [
    ["Kent Downs"], ["216 followers"], ["January onwards"], ["Deputy Chief Executive Anyshire County Council"],
    ["Housing Options", "Manager"],
])
def test_lines_that_are_no_signature(lines: list[str]) -> None:
    assert signatories(lines, ambiguous={"kent"}) == []


def test_a_given_name_repeated_alone_is_a_person() -> None:
    texts = ["Joan wanted to stop.", "For this attempt, Joan decided to call.", "Joan is feeling better."]
    assert lone_given_names(texts, set()) == ["Joan"]
    assert lone_given_names(texts[:2], set()) == []          # named twice: not enough
    assert lone_given_names(["Will it work?"] * 3, {"will"}) == []
