"""Canonical agencies: registers first, the document's acronyms, fuzzy variants; variants folded into one."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from planparse.enrich.canonical import AgencyResolver, agency_id, merge_variants
from planparse.enrich.name_shapes import abbreviates_words, acronym_definitions, name_key


def test_name_key_folds_case_the_and_trailing_acronym() -> None:
    assert name_key("The Dash Charity") == name_key("the dash charity")
    assert name_key("Achieving for Children (AfC)") == "achieving for children"
    assert name_key("Berkshire Women’s Aid") == name_key("Berkshire Women's Aid")


def test_acronym_definitions_follow_initials() -> None:
    text = ("Partners include Achieving for Children (AfC) and the Multi Agency Safeguarding Hub (MASH). "
            "Data from 2021 (ONS) is used.")
    found = acronym_definitions(text)
    assert found["AfC"] == "Achieving for Children"
    assert found["MASH"] == "Multi Agency Safeguarding Hub"
    assert "ONS" not in found  # "is used" does not abbreviate to ONS


def test_resolver_aliases_documents_and_fuzzy_variants() -> None:
    r = AgencyResolver()
    tvp = r.resolve("TVP")
    assert tvp == r.resolve("Thames valley police") == r.resolve("Thames Valley Police")
    assert tvp == ("Thames Valley Police", "E23000029")  # the police force area's ONS code
    r.learn_document("We fund Achieving for Children (AfC) to deliver it.")
    assert r.resolve("AfC")[0] == "Achieving for Children"
    assert r.resolve("Achieving for Children (AfC)")[0] == "Achieving for Children"
    assert r.resolve("Kaleidoscopic")[0] == "Kaleidoscopic"  # unknown bodies keep their own name
    assert r.resolve("Kaleidoscopic")[1] != tvp[1]


FULL = ("Domestic Abuse (DA) is everyone's business. The Domestic Abuse Networking Group meets monthly. "
        "Domestic Abuse services are commissioned. Domestic Abuse champions are trained. "
        "Cranstoun runs the DA service.")


@dataclass
class Item:
    text: str
    count: int = 1
    pages: set[int] = field(default_factory=set)


def found_of(*names: str) -> dict[tuple[str, str], Item]:
    return {(f"id-{i}", "AGENCY"): Item(n, pages={i + 1}) for i, n in enumerate(names)}


def texts(found: dict[tuple[str, str], Item]) -> list[str]:
    return [f.text for f in found.values()]


@pytest.mark.parametrize(("short", "long", "expected"), [
    ("TV V&W Delivery Group", "Thames Valley Victim and Witnesses Delivery Group", True),
    ("H&W Board", "Health and Wellbeing Board", True),
    ("TV Police", "Thames Valley Police", True),
    ("DoH", "Department of Health", True),            # 'of' may go unlettered
    ("TV V&W Delivery Group", "Thames Valley Violence Reduction Unit", False),
    ("TVP Delivery Group", "Thames Valley Victim and Witnesses Delivery Group", False),
    ("Thames Valley Police", "Thames Valley Police", False),   # not shorter: not an abbreviation
])
def test_abbreviates_words(short: str, long: str, expected: bool) -> None:
    assert abbreviates_words(short.split(), long.split()) is expected


def test_abbreviated_name_folds_into_the_first_mentioned_form() -> None:
    found = found_of("Thames Valley Victim and Witnesses Delivery Group", "TV V&W Delivery Group", "Cranstoun")
    merge_variants(found, None, FULL)
    assert texts(found) == ["Thames Valley Victim and Witnesses Delivery Group", "Cranstoun"]
    merged = next(iter(found.values()))
    assert merged.count == 2 and merged.pages == {1, 2}


def test_a_bodys_topic_service_is_the_body() -> None:
    # the service is met first, but the entity is the organisation that runs it
    found = found_of("Cranstoun DA service", "Kaleidoscopic", "Cranstoun", "Cranstoun Domestic Abuse Service")
    merge_variants(found, None, FULL)
    assert texts(found) == ["Kaleidoscopic", "Cranstoun"]
    assert next(f for f in found.values() if f.text == "Cranstoun").count == 3


def test_a_named_service_of_a_body_stays_its_own_agency() -> None:
    found = found_of("WBC", "WBC Library Service", "Cranstoun Outreach Service")
    merge_variants(found, None, FULL)
    assert texts(found) == ["WBC", "WBC Library Service", "Cranstoun Outreach Service"]


def test_a_name_cut_short_folds_into_the_one_full_name() -> None:
    found = found_of("Domestic Abuse Networking Group", "Networking Group")
    next(iter(found.values())).count = 6
    merge_variants(found, None, FULL)
    assert texts(found) == ["Domestic Abuse Networking Group"]


def test_a_longer_span_met_less_often_does_not_swallow_the_body() -> None:
    # a span that caught words in front of the body's name, met once; the body is met five times
    found = found_of("Pollinators of Kent County Council", "Kent County Council")
    list(found.values())[1].count = 5
    merge_variants(found, None, FULL)
    assert texts(found) == ["Pollinators of Kent County Council", "Kent County Council"]
    # met as often: only a short form starting on an ordinary word ("Safeguarding") is a cut name
    found = found_of("Kent Plan Tree and Tunbridge Wells Borough Council", "Tunbridge Wells Borough Council")
    merge_variants(found, None, FULL)
    assert len(found) == 2
    found = found_of("West Sussex Safeguarding Children's Board", "Safeguarding Children's Board")
    merge_variants(found, None, FULL + " Safeguarding is everyone's job; safeguarding leads meet.")
    assert texts(found) == ["West Sussex Safeguarding Children's Board"]


def test_a_cut_name_with_two_possible_bodies_is_left_alone() -> None:
    found = found_of("Safeguarding Adults Partnership Board", "DA Partnership Board", "Partnership Board")
    merge_variants(found, None, FULL)
    assert "Partnership Board" in texts(found)


def test_a_gazetteer_body_never_folds_into_a_longer_name() -> None:
    found = found_of("Prevention & Youth Justice Service", "Youth Justice Service")
    merge_variants(found, None, FULL, protected={"youth justice service"})
    assert texts(found) == ["Prevention & Youth Justice Service", "Youth Justice Service"]


def test_the_authors_prefix_is_the_same_body_either_way_round() -> None:
    found = found_of("Domestic Abuse Partnership Board", "West Berkshire Domestic Abuse Partnership Board")
    merge_variants(found, "West Berkshire", FULL)
    assert texts(found) == ["Domestic Abuse Partnership Board"]


def test_a_council_resolves_to_its_gss_code_under_any_registered_name() -> None:
    r = AgencyResolver()
    assert r.resolve("Wokingham Borough Council") == ("Wokingham Borough Council", "E06000041")
    assert r.resolve("wokingham borough council")[1] == "E06000041"
    assert r.resolve("Anyshire Women's Network")[1] == agency_id("Anyshire Women's Network")


def test_an_acronym_the_document_defines_wins_over_a_registers_use_of_it() -> None:
    r = AgencyResolver()
    r.learn_document("The Local Advice Service (LAS) opens daily.")
    assert r.resolve("LAS")[0] == "Local Advice Service"  # not the London Ambulance Service


def test_a_bodys_own_team_folds_into_the_body() -> None:
    found = found_of("Anytown County Council", "Anytown County Council team")
    merge_variants(found, None, "")
    assert texts(found) == ["Anytown County Council"]
