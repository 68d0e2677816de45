"""descriptive(): a kind of provider described is not one body's name."""

from __future__ import annotations

import pytest

from planparse.enrich.name_shapes import agent_spans, descriptive, listed_beside_known, name_shaped

DOCUMENT = (
    "Domestic Abuse (DA) services work together. Posters go up in libraries, including in voluntary sector hub "
    "settings. Domestic Abuse Networking Group members meet monthly; DA Networking Group minutes are shared. "
    "Referrals to domestic abuse services rose. The Domestic Abuse lead chairs the DA Partnership Board."
)
BODIES = {"WBC", "MARAC", "Wokingham Borough Council"}


def starts_with_body(words: list[str]) -> bool:
    return any(" ".join(words[:k]) in BODIES for k in range(1, len(words)))


def expand(word: str) -> str | None:
    return "Domestic Abuse" if word == "DA" else None


@pytest.mark.parametrize("name", [
    "Voluntary sector hub",                  # a lower-case modifier before a lower-case head
    "DA commissioned service",
    "Thames Valley domestic abuse groups",
    "DA Services",                           # plural head; "domestic abuse services" is written in lower case
    "Judges Domestic Abuse Services",
])
def test_descriptions_are_not_names(name: str) -> None:
    assert descriptive(name, starts_with_body, DOCUMENT, expand)


@pytest.mark.parametrize("name", [
    "WBC Housing teams",                     # a team of a body the document names
    "WBC Sensory needs team",
    "MARAC steering group",
    "whole housing subgroup",                # a convened body, named even in lower case
    "Housing Options team",                  # capitalised words before the head
    "Prevention & Youth Justice Service",
    "DA Partnership Board",
    "Multi-agency Task and Coordination group (MATAC)",
    "Specialist Support Services",           # plural, but the document never writes it in lower case
    "Cranstoun",
])
def test_names_stay_names(name: str) -> None:
    assert not descriptive(name, starts_with_body, DOCUMENT, expand)


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
    names = [name for name, _, _ in listed_beside_known(text, known)]
    # "Solicitors" is offered too (the caller rejects a group head); nothing from the unlisted words
    assert names.count("Flag DV") == 2 and set(names) <= {"Flag DV", "Solicitors"}
    # two items are a pair, not a list
    assert listed_beside_known("Meetings with Cowshed, Thames Valley Police.", known) == []
    # a capitalised preposition is not part of the name; "the Council" is offered, for the caller to judge
    assert [n for n, _, _ in listed_beside_known("With Cowshed, Thames Valley Police, the Council.", known)] == \
        ["Cowshed", "Council"]


@pytest.mark.parametrize(("name", "expected"), [
    ("Oxford Against Cutting", True), ("Flag DV", True), ("Office of the Police and Crime Commissioner", True),
    ("Solicitors", False), ("Local Support Services Manager", False), ("NHS Long Term Plan", False),
    ("Multi-agency Task and", False), ("Q1 2025", False), ("domestic abuse services", False),
])
def test_name_shaped(name: str, expected: bool) -> None:
    assert name_shaped(name) is expected


@pytest.mark.parametrize(("token", "expected"), [
    ("MARAC", True),    # an acronym in use
    ("SPDs", False),    # defined, but a plural: a kind of document, not a body
    ("SMEs", False),
    ("SUSSEX", False),  # a shouted word the text also writes as "Sussex"
])
def test_plausible_single_token_agency(token: str, expected: bool) -> None:
    from planparse.enrich.agencies import AgencyResolver
    from planparse.enrich.name_shapes import plausible_agency

    full = ("WEST SUSSEX JOINT STRATEGY. West Sussex partners refer to MARAC. Supplementary Planning Documents "
            "(SPDs) guide SPDs and SMEs. MARAC meets monthly; SUSSEX SMEs.")
    resolver = AgencyResolver()
    resolver.learn_document(full)
    assert plausible_agency(token, resolver, set(), full) is expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Sarah Jones", True), ("Alastair Harsant", True),
    ("Herbert Protocol", False), ("Clare's Law", False), ("Grace Hospital", False), ("Victoria House", False),
])
def test_plausible_person(name: str, expected: bool) -> None:
    from planparse.enrich.name_shapes import plausible_person

    assert plausible_person(name) is expected
