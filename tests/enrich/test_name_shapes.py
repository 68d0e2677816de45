"""Name shapes: acronyms, people, bodies, and kinds of provider described rather than named."""

from __future__ import annotations

import pytest

from planparse.enrich.name_shapes import (
    descriptive,
    is_acronym,
    name_shaped,
    plausible_agency,
    plausible_person,
    surname_person,
    without_honorific,
)

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


def test_a_document_in_parts_is_read_as_one() -> None:
    # a long plan's prose and its table cells are passed as two texts rather than joined into a third copy
    prose = "Referrals rose. The Housing Options team leads on refuge places."
    cells = "Commission outreach | Police Services and domestic abuse services | 2025"
    assert descriptive("DA Services", starts_with_body, (prose, cells), expand)
    assert not descriptive("DA Services", starts_with_body, (prose,), expand)


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
    from planparse.enrich.name_shapes import acronym_definitions

    full = ("WEST SUSSEX JOINT STRATEGY. West Sussex partners refer to MARAC. Supplementary Planning Documents "
            "(SPDs) guide SPDs and SMEs. MARAC meets monthly; SUSSEX SMEs.")
    assert plausible_agency(token, acronym_definitions(full), set(), full) is expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Sarah Jones", True), ("Alastair Harsant", True),
    ("Herbert Protocol", False), ("Clare's Law", False), ("Grace Hospital", False), ("Victoria House", False),
])
def test_plausible_person(name: str, expected: bool) -> None:
    assert plausible_person(name) is expected


@pytest.mark.parametrize(("word", "expected"), [
    ("DA", True), ("WBC", True), ("AfC", True), ("V&W", True),
    ("SupportU", False), ("Council", False), ("Safe!", False), ("A", False),
])
def test_one_acronym_matcher(word: str, expected: bool) -> None:
    assert is_acronym(word) is expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Steph Jones", True),          # a diminutive from the maintained nickname list
    ("Jacqui Osei", True),
    ("Kent Downs", False),          # a place and a landscape, not a person
    ("West Sussex", False),         # a compass word of a place name is no given name here
    ("Will Need", False),           # a common word before a word that is no surname
])
def test_people_from_the_name_lexicon(name: str, expected: bool) -> None:
    from planparse.enrich.registers import default_registers

    assert plausible_person(name, ambiguous=default_registers().place_words | {"will"}) is expected


def test_titles_and_post_nominals_are_not_part_of_the_person() -> None:
    assert without_honorific("Cllr Jo Bloggs OBE") == "Jo Bloggs"
    assert without_honorific("Professor Ann Other, MBE") == "Ann Other"
    assert plausible_person("Dr Ann Other QPM")


def test_a_known_surname_vouches_for_an_unlisted_given_name_where_a_person_is_expected() -> None:
    assert surname_person(["Zorabel", "Foster"])
    assert not surname_person(["Housing", "Foster"], ordinary={"housing"})
    assert not surname_person(["Zorabel", "Council"])
