"""extract_entities: typed owners, 'Long Name (ACR)' definitions and dates."""

from __future__ import annotations

import pytest

from planparse.enrich.entities import extract_entities
from planparse.enrich.owners import OwnerSplitter
from planparse.schema import Action, Entity, Owner


def _action(*owners: Owner, text: str = "Deliver awareness training.") -> Action:
    return Action(id="a-000000000000", text=text, owners=list(owners))


def by_label(entities: list[Entity], label: str) -> dict[str, int]:
    return {e.text: e.count for e in entities if e.label == label}


def test_owner_kinds_map_to_labels() -> None:
    actions = [_action(
        Owner(name="Thames Valley Police", kind="agency"),
        Owner(name="Alastair Harsant", kind="person", role="BWSCP Business Manager"),
        Owner(name="DA Coordinator", kind="role"),
        Owner(name="Schools", kind="group"),
        Owner(name="Something vague", kind="unknown"),
    )]
    ents = extract_entities(actions, "")
    assert by_label(ents, "AGENCY").keys() == {"Thames Valley Police", "Schools"}
    assert by_label(ents, "PERSON").keys() == {"Alastair Harsant"}
    # a person's role is an entity of its own
    assert by_label(ents, "ROLE").keys() == {"DA Coordinator", "BWSCP Business Manager"}
    assert "Something vague" not in {e.text for e in ents}


def test_owners_from_the_splitter_become_entities() -> None:
    owners = OwnerSplitter().split("Alastair Harsant (BWSCP Business Manager) with Thames Valley Police Emily Evans")
    ents = extract_entities([_action(*owners)], "")
    assert by_label(ents, "PERSON").keys() == {"Alastair Harsant", "Emily Evans"}
    assert by_label(ents, "AGENCY").keys() == {"Thames Valley Police"}
    assert by_label(ents, "ROLE").keys() == {"BWSCP Business Manager"}


def test_owner_count_is_occurrences_in_text_with_floor_one() -> None:
    actions = [_action(Owner(name="Thames Valley Police", kind="agency"), Owner(name="Cranstoun", kind="agency"))]
    text = ("Thames Valley Police lead. Thames Valley Police report quarterly. "
            "Thames Valley Policing is another word.")  # "Policing" is not an occurrence
    ents = by_label(extract_entities(actions, text), "AGENCY")
    assert ents["Thames Valley Police"] == 2
    assert ents["Cranstoun"] == 1  # never in the text, still counted once


def test_same_owner_in_many_actions_is_one_entity() -> None:
    actions = [_action(Owner(name="Cranstoun", kind="agency")) for _ in range(3)]
    ents = extract_entities(actions, "Cranstoun")
    assert [e.text for e in ents] == ["Cranstoun"]


def test_leading_the_is_merged_with_the_capitalised_spelling() -> None:
    actions = [_action(Owner(name="the Dash Charity", kind="agency")),
               _action(Owner(name="The Dash Charity", kind="agency"))]
    agencies = by_label(extract_entities(actions, ""), "AGENCY")
    assert list(agencies) == ["The Dash Charity"]


def test_acronym_definitions_become_agencies() -> None:
    text = ("The group includes Achieving for Children (AfC) and the Office of the Police and Crime "
            "Commissioner (OPCC). Achieving for Children also runs the PPRP.")
    agencies = by_label(extract_entities([], text), "AGENCY")
    assert agencies == {"Achieving for Children (AfC)": 2, "Office of the Police and Crime Commissioner (OPCC)": 1}


def test_definition_drops_leading_words_the_acronym_does_not_cover() -> None:
    text = "Referrals Through Thames Valley Multi Agency Safeguarding Hub (MASH) are triaged daily."
    agencies = by_label(extract_entities([], text), "AGENCY")
    assert list(agencies) == ["Multi Agency Safeguarding Hub (MASH)"]


def test_bracketed_acronym_that_abbreviates_nothing_is_ignored() -> None:
    text = "Alix Smith (BWA) will lead. Housing Options (XYZQ) review."
    assert by_label(extract_entities([], text), "AGENCY") == {}


@pytest.mark.parametrize(
    "date",
    ["March 2020", "Autumn 2022", "1st April 2023", "29 April 2021", "Q3 2024/25", "Sept. 2021", "Oct 2022"],
)
def test_dates(date: str) -> None:
    ents = extract_entities([], f"The review is due by {date}, then annually.")
    assert by_label(ents, "DATE") == {date: 1}


def test_date_counts_occurrences() -> None:
    text = "Launched March 2020. Reviewed March 2020 and again in Autumn 2022."
    assert by_label(extract_entities([], text), "DATE") == {"March 2020": 2, "Autumn 2022": 1}


@pytest.mark.parametrize("text", ["We may 2 meet.", "Year 2 of the plan", "Marching 2020 onwards", "Q5 2024"])
def test_non_dates_are_not_dates(text: str) -> None:
    assert by_label(extract_entities([], text), "DATE") == {}


def test_entities_are_sorted_by_label_then_count() -> None:
    actions = [_action(Owner(name="Cranstoun", kind="agency"), Owner(name="Thames Valley Police", kind="agency"))]
    text = "Thames Valley Police, Thames Valley Police and Cranstoun. March 2020, Autumn 2022, Autumn 2022."
    ents = extract_entities(actions, text)
    assert [(e.label, e.text, e.count) for e in ents] == [
        ("AGENCY", "Thames Valley Police", 2),
        ("AGENCY", "Cranstoun", 1),
        ("DATE", "Autumn 2022", 2),
        ("DATE", "March 2020", 1),
    ]


def test_corpus_entities(corpus_texts) -> None:
    import planparse

    plan = planparse.parse(next(p for p in corpus_texts if p.stem.startswith("rbwm")))
    text = next(p for p in corpus_texts if p.stem.startswith("rbwm")).read_text("utf-8")
    agencies = by_label(plan.entities, "AGENCY")
    assert "Achieving for Children (AfC)" in agencies
    assert agencies["Achieving for Children (AfC)"] == text.count("Achieving for Children")
    assert "Thames Valley Police" in agencies
    dates = by_label(plan.entities, "DATE")
    assert dates["March 2020"] == text.count("March 2020")
    assert all(e.count >= 1 for e in plan.entities)
