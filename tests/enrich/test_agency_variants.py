"""merge_variants(): one body written several ways in a plan becomes one entity."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from planparse.enrich.agency_variants import abbreviates_words, merge_variants

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
