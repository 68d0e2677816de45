"""extract_entities: typed owners, spans found by the NER pipeline, canonical agencies, dates."""

from __future__ import annotations

import pytest

from planparse.enrich.entities import extract_entities
from planparse.enrich.ner import build_rule_pipeline
from planparse.enrich.owners import OwnerSplitter
from planparse.readers.text import parse_text
from planparse.schema import Action, Entity, Owner, Provenance


@pytest.fixture(scope="module")
def rules():
    return build_rule_pipeline()


def _action(*owners: Owner, text: str = "Deliver awareness training.", page: int | None = None,
            line: int = 100) -> Action:
    """An action row further down the document than the short texts these tests parse."""
    return Action(id="a-000000000000", text=text, owners=list(owners), provenance=Provenance(page=page, line=line))


def by_label(entities: list[Entity], label: str) -> dict[str, Entity]:
    return {e.text: e for e in entities if e.label == label}


def test_owner_kinds_map_to_labels_and_groups_are_not_bodies(rules) -> None:
    actions = [_action(
        Owner(name="Thames Valley Police", kind="agency"),
        Owner(name="Alastair Harsant", kind="person", role="BWSCP Business Manager"),
        Owner(name="DA Coordinator", kind="role"),
        Owner(name="specialist providers", kind="group"),
        Owner(name="Something vague", kind="unknown"),
    )]
    ents = extract_entities(actions, parse_text("Introduction\n"), rules)
    # BWSCP: the body a "BWSCP Business Manager" works for is an agency of the plan too
    assert by_label(ents, "AGENCY").keys() == {"Thames Valley Police", "BWSCP"}
    assert by_label(ents, "PERSON").keys() == {"Alastair Harsant"}
    assert by_label(ents, "ROLE").keys() == {"DA Coordinator", "BWSCP Business Manager"}


def test_owners_from_the_splitter_become_entities(rules) -> None:
    owners = OwnerSplitter().split("Alastair Harsant (BWSCP Business Manager) with Thames Valley Police Emily Evans")
    ents = extract_entities([_action(*owners)], parse_text("Introduction\n"), rules)
    assert by_label(ents, "PERSON").keys() == {"Alastair Harsant", "Emily Evans"}
    assert by_label(ents, "AGENCY").keys() == {"Thames Valley Police", "BWSCP"}


def test_spans_in_text_are_found_counted_and_paged(rules) -> None:
    text = ("Partners\n\nThames Valley Police and the Crown Prosecution Service meet monthly.\n\n"
            "\fThe Crown Prosecution Service reports to Priya Raman in March 2024.\n")
    ents = extract_entities([], parse_text(text), rules)
    cps = by_label(ents, "AGENCY")["Crown Prosecution Service"]
    assert cps.count == 2 and cps.pages == [1, 2]
    assert "Priya Raman" in by_label(ents, "PERSON")
    assert "March 2024" in by_label(ents, "DATE")


def test_acronym_and_long_form_are_one_canonical_agency(rules) -> None:
    # a body the gazetteer does not know: the document's definition is the canonical name
    text = "Partners\n\nWe work with Sampleshire Healthcare Foundation Trust (SHFT) on referrals.\n"
    ents = extract_entities([_action(Owner(name="SHFT", kind="agency"))], parse_text(text), rules)
    agencies = [e for e in ents if e.label == "AGENCY"]
    assert len({e.canonical_id for e in agencies}) == 1
    assert agencies[0].canonical == "Sampleshire Healthcare Foundation Trust"
    assert agencies[0].count == 2


def test_a_registered_body_written_short_takes_the_registers_name(rules) -> None:
    text = "Partners\n\nWe work with the National Crime Agency (NCA) on referrals.\n"
    ents = extract_entities([_action(Owner(name="NCA", kind="agency"))], parse_text(text), rules)
    agencies = [e for e in ents if e.label == "AGENCY"]
    assert len({e.canonical_id for e in agencies}) == 1
    assert (agencies[0].canonical, agencies[0].canonical_id) == ("National Crime Agency", "justice:nca")
    assert agencies[0].text == "National Crime Agency (NCA)"  # as written at first mention


def test_register_alias_resolves_to_canonical(rules) -> None:
    ents = extract_entities([_action(Owner(name="TVP", kind="agency"))], parse_text("Introduction\n"), rules)
    (tvp,) = [e for e in ents if e.label == "AGENCY"]
    assert tvp.text == "TVP" and tvp.canonical == "Thames Valley Police"


def test_footnotes_are_no_mentions_and_capitalised_common_words_are_not_agencies(rules) -> None:
    text = ("Partners\n\nMap service provision across the district and map gaps in service.\n\n"
            "¹ Office for National Statistics (2020) Domestic abuse in England\n")
    ents = extract_entities([], parse_text(text), rules)
    counts = {e.text: e.count for e in ents if e.label == "AGENCY"}
    assert counts.get("Office for National Statistics") == 0  # a cited source: named, but no mention of the plan
    assert "Map service" not in counts  # a verb starting a sentence


def test_a_word_used_in_lower_case_is_not_a_one_word_agency(rules) -> None:
    actions = [_action(Owner(name="Adult", kind="agency"), Owner(name="Cranstoun", kind="agency"))]
    layout = parse_text("Partners\n\nSupport for every adult who needs it.\n")
    names = {e.text for e in extract_entities(actions, layout, rules, names={"Cranstoun"}) if e.label == "AGENCY"}
    assert names == {"Cranstoun"}


def test_agencies_listed_beside_known_ones_are_agencies(rules) -> None:
    text = ("Partners\n\nThe group includes Thames Valley Police, Optalis, Army Welfare and the Crown Prosecution "
            "Service.\n")
    names = {e.text for e in extract_entities([], parse_text(text), rules) if e.label == "AGENCY"}
    assert {"Optalis", "Army Welfare"} <= names


def test_acronym_variant_and_author_prefixed_names_merge(rules) -> None:
    actions = [_action(Owner(name="Berkshire Women's Aid", kind="agency")), _action(Owner(name="BWA", kind="agency"))]
    text = "Partners\n\nThe West Berkshire Domestic Abuse Partnership Board meets monthly.\n"
    actions.append(_action(Owner(name="Domestic Abuse Partnership Board", kind="agency")))
    ents = extract_entities(actions, parse_text(text), rules, organisation=("West Berkshire Council", "West Berkshire"))
    agencies = {e.text: e.count for e in ents if e.label == "AGENCY"}
    assert agencies["Berkshire Women's Aid"] == 2 and "BWA" not in agencies
    # one body, kept in the form of its first mention (the running text comes before the table)
    assert agencies["West Berkshire Domestic Abuse Partnership Board"] == 2
    assert "Domestic Abuse Partnership Board" not in agencies


def test_described_providers_are_not_agencies_but_teams_of_bodies_are(rules) -> None:
    layout = parse_text(
        "Wokingham Borough Council (WBC) works with partners.\n"
        "Posters will be shown in libraries, including in voluntary sector hub settings.\n"
        "Referrals to domestic abuse services rose in 2023.\n"
    )
    actions = [_action(Owner(name="Voluntary sector hub", kind="agency"),
                       Owner(name="WBC Housing teams", kind="agency"),
                       Owner(name="DA commissioned service", kind="agency"), Owner(name="Cranstoun", kind="agency"))]
    agencies = by_label(extract_entities(actions, layout, rules, names={"Cranstoun"}), "AGENCY")
    assert "Voluntary sector hub" not in agencies and "DA commissioned service" not in agencies
    assert {"WBC Housing teams", "Cranstoun"} <= agencies.keys()


def test_bodies_named_by_the_grammar_of_the_progress_text(rules) -> None:
    # neither name is in the gazetteer or has a head noun; the sentence says they are parties
    layout = parse_text(
        "Resources reviewed. Review undertaken by Oxford Against Cutting to assess for inclusivity.\n"
        "Increased awareness of Flag DV, Citizens Advice, Solicitors who support those making court applications.\n"
        "Training led by Sarah Jones in March. Posters produced by Comms.\n"
    )
    ents = extract_entities([], layout, rules)
    agencies = by_label(ents, "AGENCY")
    assert {"Oxford Against Cutting", "Flag DV", "Citizens Advice"} <= agencies.keys()
    assert not {"Solicitors", "Sarah Jones", "Comms"} & agencies.keys()


def test_a_first_name_alone_stays_its_own_entry(rules) -> None:
    # no guess that a lone given name is the one full name sharing it: the rule moved one development
    # plan only (issue #10), so it went
    actions = [_action(Owner(name="Ana Brightwater", kind="person")), _action(Owner(name="Ana", kind="person"))]
    people = by_label(extract_entities(actions, parse_text("Introduction\n"), rules), "PERSON")
    assert people.keys() == {"Ana Brightwater", "Ana"}


def test_people_are_listed_without_their_titles(rules) -> None:
    actions = [_action(Owner(name="Cllr John Baldwin", kind="person")),
               _action(Owner(name="Dr Sarah Jones", kind="person", role="Public Health Consultant"))]
    people = by_label(extract_entities(actions, parse_text("Introduction\n"), rules), "PERSON")
    assert {"John Baldwin", "Sarah Jones"} <= people.keys()
    assert not any(name.startswith(("Cllr", "Dr")) for name in people)


def test_a_person_in_post_at_a_body_is_a_person_and_the_body(rules) -> None:
    layout = parse_text(
        "Foreword\n\n"
        "We thank Superintendent Emma Garside of Thames Valley Police for chairing the board.\n"
        "Specialist support is commissioned from Berkshire Women's Aid, Cranstoun and Trust House Reading, "
        "and the council funds outreach.\n"
    )
    ents = extract_entities([], layout, rules)
    assert "Emma Garside" in by_label(ents, "PERSON")
    agencies = by_label(ents, "AGENCY")
    assert {"Thames Valley Police", "Cranstoun", "Trust House Reading"} <= agencies.keys()
    assert not any("Garside" in name for name in agencies)


def test_a_person_or_post_run_into_a_bodys_name_is_told_apart(rules) -> None:
    text = ("Partners\n\nThe report was signed by Dr Priya Raman Anyshire County Council in May.\n\n"
            "Deputy Chief Executive Anyshire County Council attended.\n")
    ents = extract_entities([], parse_text(text), rules)
    assert by_label(ents, "AGENCY").keys() == {"Anyshire County Council"}
    assert "Priya Raman" in by_label(ents, "PERSON")
    assert "Deputy Chief Executive" in by_label(ents, "ROLE")


def test_sentence_openers_are_not_bodies(rules) -> None:
    text = "Partners\n\nRecent Police data shows a rise. Across each board we agree on the next steps.\n"
    assert by_label(extract_entities([], parse_text(text), rules), "AGENCY") == {}
