"""OwnerSplitter: owner cells as authors typed them -> typed parties.

Cells here are the shapes council plans actually use (most are taken from, or
modelled on, the corpus owner columns); the expected splits follow
corpora/gold/GUIDELINES.md ("split on commas, '/', ' and ', ' with ' ...; keep
a person's bracketed role out of the name").
"""

from __future__ import annotations

import pytest

from planparse.enrich.name_shapes import abbreviates
from planparse.enrich.owners import OwnerSplitter


def names(owners) -> list[str]:
    return [o.name for o in owners]


def triples(owners) -> list[tuple[str, str, str | None]]:
    return [(o.name, o.kind, o.role) for o in owners]


@pytest.fixture
def splitter() -> OwnerSplitter:
    return OwnerSplitter()


# -- explicit separators ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("DA Coordinator, RBWM Comms team", ["DA Coordinator", "RBWM Comms team"]),
        ("Thames Valley Police / Probation Service", ["Thames Valley Police", "Probation Service"]),
        ("Domestic Abuse Partnership Board with specialist providers",
         ["Domestic Abuse Partnership Board", "specialist providers"]),
        ("Jacqui Mukono - Project Salama / Domestic Abuse Partnership Board",
         ["Jacqui Mukono", "Project Salama", "Domestic Abuse Partnership Board"]),
        ("DA Coordinator; Housing team", ["DA Coordinator", "Housing team"]),
        ("Thames Valley Police\nProbation Service", ["Thames Valley Police", "Probation Service"]),
        ("• Thames Valley Police\n• Probation Service", ["Thames Valley Police", "Probation Service"]),
    ],
)
def test_explicit_separators_split(splitter: OwnerSplitter, cell: str, expected: list[str]) -> None:
    assert names(splitter.split(cell)) == expected


def test_hyphen_inside_a_word_is_not_a_separator(splitter: OwnerSplitter) -> None:
    # " - " separates parties; "Co-ordinator" and "Multi-Agency" are one word each
    assert names(splitter.split("Public Health Co-ordinator")) == ["Public Health Co-ordinator"]
    assert names(splitter.split("Multi-Agency Safeguarding Hub")) == ["Multi-Agency Safeguarding Hub"]
    assert names(splitter.split("Multi-Agency Safeguarding Hub - Probation Service")) == [
        "Multi-Agency Safeguarding Hub", "Probation Service"]


@pytest.mark.parametrize("cell", ["", "   ", None, "TBC", "All", "links to wider area options"])
def test_empty_and_placeholder_cells_give_no_owner(splitter: OwnerSplitter, cell: str | None) -> None:
    assert splitter.split(cell) == []


def test_repeated_party_in_one_cell_is_listed_once(splitter: OwnerSplitter) -> None:
    assert names(splitter.split("Cranstoun / cranstoun, Thames Valley Police")) == ["Cranstoun", "Thames Valley Police"]


# -- the guarded " and " -----------------------------------------------------------------


def test_and_between_two_people_splits(splitter: OwnerSplitter) -> None:
    assert triples(splitter.split("Gemma Walsh and Nick Caprara")) == [
        ("Gemma Walsh", "person", None), ("Nick Caprara", "person", None)]


def test_and_between_two_organisations_splits(splitter: OwnerSplitter) -> None:
    assert names(splitter.split("Berkshire Women's Aid and Thames Valley Police")) == [
        "Berkshire Women's Aid", "Thames Valley Police"]
    assert names(splitter.split("Community Safety Partnership and Safeguarding Board")) == [
        "Community Safety Partnership", "Safeguarding Board"]


@pytest.mark.parametrize(
    "cell",
    [
        "WBC Equalities and Diversity Lead",
        "Office of the Police and Crime Commissioner (OPCC)",
        "Health and Wellbeing Board",
        "Children and Young People's Services",
    ],
)
def test_and_inside_one_name_does_not_split(splitter: OwnerSplitter, cell: str) -> None:
    assert names(splitter.split(cell)) == [cell]


def test_police_and_crime_commissioner_is_one_party(splitter: OwnerSplitter) -> None:
    assert names(splitter.split("Thames Valley Police and Crime Commissioner")) == [
        "Thames Valley Police and Crime Commissioner"]


def test_oxford_comma_and_is_not_part_of_the_name(splitter: OwnerSplitter) -> None:
    assert names(splitter.split("Police, Probation, and Courts")) == ["Police", "Probation", "Courts"]


def test_ampersand_between_two_whole_parties_splits(splitter: OwnerSplitter) -> None:
    assert names(splitter.split("Probation Service & Thames Valley Police")) == [
        "Probation Service", "Thames Valley Police"]


def test_ampersand_inside_a_name_is_kept(splitter: OwnerSplitter) -> None:
    assert names(splitter.split("Prevention & Youth Justice Service")) == ["Prevention & Youth Justice Service"]


@pytest.mark.parametrize("cell", ["n/a", "N/A"])
def test_not_applicable_gives_no_owner(splitter: OwnerSplitter, cell: str) -> None:
    assert splitter.split(cell) == []


# -- brackets ----------------------------------------------------------------------------


def test_bracketed_role_is_kept_off_the_name(splitter: OwnerSplitter) -> None:
    assert triples(splitter.split("Alastair Harsant (BWSCP Business Manager)")) == [
        ("Alastair Harsant", "person", "BWSCP Business Manager")]


def test_bracketed_role_stays_with_its_person_in_a_longer_cell(splitter: OwnerSplitter) -> None:
    owners = splitter.split("Alastair Harsant (BWSCP Business Manager) with Alix/Rachel Berkshire Women's Aid")
    assert triples(owners) == [
        ("Alastair Harsant", "person", "BWSCP Business Manager"),
        ("Alix", "person", None),
        ("Rachel", "person", None),
        ("Berkshire Women's Aid", "agency", None),
    ]


def test_bracketed_with_party_becomes_its_own_party(splitter: OwnerSplitter) -> None:
    owners = splitter.split("Domestic Abuse Partnership Board (with the OPCC)")
    assert len(owners) == 2
    assert owners[0].name == "Domestic Abuse Partnership Board"
    assert owners[1].name.removeprefix("the ") == "OPCC"
    assert all(o.role is None for o in owners)


def test_bracketed_with_clause_keeps_only_the_party(splitter: OwnerSplitter) -> None:
    owners = splitter.split("Domestic Abuse Partnership Board (with Lived Experience Subgroup once recruitment agreed)")
    assert names(owners) == ["Domestic Abuse Partnership Board", "Lived Experience Subgroup"]


def test_acronym_of_the_preceding_words_stays_in_the_name(splitter: OwnerSplitter) -> None:
    assert triples(splitter.split("Achieving for Children (AfC)")) == [("Achieving for Children (AfC)", "agency", None)]
    assert names(splitter.split("Youth Offending Service (YOS)")) == ["Youth Offending Service (YOS)"]


def test_acronym_that_is_not_an_abbreviation_is_a_second_party(splitter: OwnerSplitter) -> None:
    assert triples(splitter.split("Alix (BWA)")) == [("Alix", "person", None), ("BWA", "agency", None)]
    # same letters count: "(TVP)" after just "Police" cannot abbreviate it
    assert names(splitter.split("Police (TVP)")) == ["Police", "TVP"]
    assert names(splitter.split("Thames Valley Police (TVP)")) == ["Thames Valley Police (TVP)"]


def test_abbreviates() -> None:
    assert abbreviates("AfC", "Achieving for Children".split())
    assert abbreviates("OPCC", "Office of the Police and Crime Commissioner".split())
    assert not abbreviates("BWA", ["Alix"])
    assert not abbreviates("TVP", ["Police"])
    assert not abbreviates("A", ["Alix"])  # a single letter is never an acronym definition


def test_descriptive_lowercase_bracket_is_dropped(splitter: OwnerSplitter) -> None:
    owners = splitter.split("Health Leads (GP surgeries, hospitals)")
    assert names(owners) == ["Health Leads"]
    assert owners[0].role is None


def test_bracketed_organisation_after_a_person_is_a_party(splitter: OwnerSplitter) -> None:
    assert triples(splitter.split("Steph Coomer (Early Response Hub)")) == [
        ("Steph Coomer", "person", None), ("Early Response Hub", "agency", None)]


# -- people inside runs of words ------------------------------------------------------------


def test_person_after_an_organisation(splitter: OwnerSplitter) -> None:
    assert triples(splitter.split("Thames Valley Police Emily Evans")) == [
        ("Thames Valley Police", "agency", None), ("Emily Evans", "person", None)]


def test_role_before_a_person_becomes_the_persons_role(splitter: OwnerSplitter) -> None:
    assert triples(splitter.split("Health and Wellbeing Coordinator in Schools Paul Graham")) == [
        ("Paul Graham", "person", "Health and Wellbeing Coordinator in Schools")]


def test_role_after_comma_attaches_to_the_person(splitter: OwnerSplitter) -> None:
    assert triples(splitter.split("Rebecca Wilshire, Service Director")) == [
        ("Rebecca Wilshire", "person", "Service Director")]
    # an organisation after the comma is not a role
    assert triples(splitter.split("Nick Caprara, Thames Valley Police")) == [
        ("Nick Caprara", "person", None), ("Thames Valley Police", "agency", None)]
    # a role *before* the person stays a separate party
    assert triples(splitter.split("Public Health Consultant, Nick Caprara")) == [
        ("Public Health Consultant", "role", None), ("Nick Caprara", "person", None)]


def test_role_after_comma_then_more_parties(splitter: OwnerSplitter) -> None:
    assert triples(splitter.split("Rebecca Wilshire, Service Director With BWA and PACT")) == [
        ("Rebecca Wilshire", "person", "Service Director"), ("BWA", "agency", None), ("PACT", "agency", None)]


def test_surname_particles(splitter: OwnerSplitter) -> None:
    assert triples(splitter.split("Sarah de Souza")) == [("Sarah de Souza", "person", None)]


# -- kinds ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("Mary Smith", "person"),
        ("Rachel", "person"),  # a known first name standing alone
        ("DA Coordinator", "role"),
        ("Public Health Consultant", "role"),
        ("WBC Homelessness Manager", "role"),
        ("Thames Valley Police", "agency"),
        ("Berkshire Women's Aid", "agency"),
        ("RBWM Comms team", "agency"),
        ("CCG", "agency"),
        ("Schools", "group"),
        ("DA Networking group members", "group"),
        ("specialist providers", "group"),
    ],
)
def test_kinds(splitter: OwnerSplitter, cell: str, kind: str) -> None:
    owners = splitter.split(cell)
    assert [(o.name, o.kind) for o in owners] == [(cell, kind)]


def test_acronym_does_not_change_a_roles_kind(splitter: OwnerSplitter) -> None:
    assert splitter.split("Domestic Abuse Coordinator")[0].kind == "role"
    assert triples(splitter.split("Domestic Abuse Coordinator (DAC)")) == [
        ("Domestic Abuse Coordinator (DAC)", "role", None)]


# -- learning a document's names -----------------------------------------------------------

RUN_TOGETHER = [
    "Kaleidoscopic",
    "Cranstoun / Thames Valley Police",
    "SupportU",
    "Cranstoun Kaleidoscopic SupportU WBC Housing teams",
    "WBC Housing teams / Adult / Children's Services",
    "WBC Adult Social Care manager",
]


def test_without_learning_unknown_single_word_names_run_together(splitter: OwnerSplitter) -> None:
    assert names(splitter.split("Cranstoun Kaleidoscopic SupportU WBC Housing teams")) == [
        "Cranstoun Kaleidoscopic SupportU", "WBC Housing teams"]


def test_learned_single_word_names_separate_a_run_together_cell() -> None:
    s = OwnerSplitter()
    text = "We will support adult victims and their children.\n" + "\n".join(RUN_TOGETHER)
    s.learn(RUN_TOGETHER, text)
    assert {"Cranstoun", "Kaleidoscopic", "SupportU"} <= s.known
    assert names(s.split("Cranstoun Kaleidoscopic SupportU WBC Housing teams")) == [
        "Cranstoun", "Kaleidoscopic", "SupportU", "WBC Housing teams"]
    # learned names also cut cells that were never seen during learning
    assert names(s.split("Cranstoun Kaleidoscopic SupportU Victims First")) == [
        "Cranstoun", "Kaleidoscopic", "SupportU", "Victims First"]
    assert all(o.kind == "agency" for o in s.split("Cranstoun Kaleidoscopic SupportU"))


def test_word_used_in_lower_case_is_not_learned_as_a_name() -> None:
    s = OwnerSplitter()
    s.learn(RUN_TOGETHER, "We will support adult victims and their children.\n" + "\n".join(RUN_TOGETHER))
    assert "Adult" not in s.known
    assert names(s.split("WBC Adult Social Care manager")) == ["WBC Adult Social Care manager"]


def test_word_never_used_in_lower_case_is_learned() -> None:
    """The contrast case: the same cells, but the document never writes 'adult'."""
    s = OwnerSplitter()
    s.learn(RUN_TOGETHER, "\n".join(RUN_TOGETHER))
    assert "Adult" in s.known
    assert "WBC Adult Social Care manager" not in names(s.split("WBC Adult Social Care manager"))


def test_heads_and_first_names_are_not_learned() -> None:
    cells = ["Police", "Rachel", "Schools", "Kaleidoscopic", "TVP"]
    s = OwnerSplitter()
    s.learn(cells, "\n".join(cells))
    assert s.known == {"Kaleidoscopic"}


def test_learning_is_per_splitter() -> None:
    a, b = OwnerSplitter(), OwnerSplitter()
    a.learn(RUN_TOGETHER, "\n".join(RUN_TOGETHER))
    assert "Kaleidoscopic" in a.known
    assert b.known == set()
    assert names(b.split("Cranstoun Kaleidoscopic SupportU WBC Housing teams"))[0] == "Cranstoun Kaleidoscopic SupportU"


def test_repeated_multiword_party_is_learned_as_a_phrase() -> None:
    cells = ["WBC Housing teams", "WBC Housing teams / Probation Service", "Cranstoun"]
    s = OwnerSplitter()
    s.learn(cells, "\n".join(cells))
    assert ("wbc", "housing", "teams") in s.phrases
    assert ("probation", "service") not in s.phrases  # seen once only


@pytest.mark.parametrize("ref", ["1d", "2b", "2c", "5d"])
def test_corpus_wokingham_run_together_cells(corpus_texts, gold_dir, ref: str) -> None:
    """The real document: learning over all its cells splits run-together cells as the gold file does."""
    import json

    import planparse

    path = next(p for p in corpus_texts if p.stem.startswith("wokingham"))
    gold = json.loads((gold_dir / f"{path.stem}.gold.json").read_text("utf-8"))
    expected = next(a["owners"] for a in gold["actions"] if a["ref"] == ref)
    plan = planparse.parse(path)
    action = next(a for a in plan.actions if a.ref == ref)
    assert names(action.owners) == expected


def test_two_known_bodies_run_together_are_two_parties() -> None:
    cell = ("WBC DA coordinator through Thames Valley Victim and Witnesses Delivery Group Witness Care Unit "
            "CPS Witness Service Cranstoun")
    names = [o.name for o in OwnerSplitter().split(cell)]  # the registers know both bodies
    assert names[-3:] == ["CPS", "Witness Service", "Cranstoun"]
    # without knowing both bodies the shape alone cannot tell "CPS Witness Service" is two parties
    assert "CPS Witness Service" in [o.name for o in OwnerSplitter(bodies=frozenset()).split(cell)]


@pytest.mark.parametrize("cell", ["Probation Service", "Citizens Advice", "National Probation Service",
                                  "Refuge Outreach Service"])
def test_a_known_body_inside_a_longer_name_is_not_cut(cell: str) -> None:
    assert [o.name for o in OwnerSplitter().split(cell)] == [cell]


def test_a_generic_category_heading_a_bracketed_list_is_not_a_party() -> None:
    cell = "WBC Housing teams / Adult / Children's Services Health (CCG / BFHT/Hospital)"
    splitter = OwnerSplitter()
    splitter.learn([cell], "Partners in health and housing work together.")
    names = [o.name for o in splitter.split(cell)]
    assert "Health" not in names and {"CCG", "BFHT", "Hospital"} <= set(names)
    # a name before a bracket stays: it is the party, the bracket says more about it
    assert [o.name for o in splitter.split("Kaleidoscopic (CYP / adult services)")][0] == "Kaleidoscopic"


@pytest.mark.parametrize(("cell", "expected"), [
    ("Cllr John Baldwin", [("Cllr John Baldwin", "person")]),
    ("Dr Sarah Jones (Public Health Consultant)", [("Dr Sarah Jones", "person")]),
    ("Thames Valley Police Supt Emma Garside", [("Thames Valley Police", "agency"), ("Supt Emma Garside", "person")]),
    ("Councillor Amy Price / Housing Options Team", [("Councillor Amy Price", "person"),
                                                     ("Housing Options Team", "agency")]),
])
def test_a_title_before_a_name_stays_with_the_person(splitter: OwnerSplitter, cell: str, expected) -> None:
    assert [(o.name, o.kind) for o in splitter.split(cell)] == expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("Head of Housing (RBC)", [("Head of Housing", "role"), ("RBC", "agency")]),
    ("Strategic Lead for Domestic Abuse, Brighter Futures for Children",
     [("Strategic Lead for Domestic Abuse", "role"), ("Brighter Futures for Children", "agency")]),
    ("Office of the Police and Crime Commissioner", [("Office of the Police and Crime Commissioner", "agency")]),
    ("Lead: Sarah Smith; Support: Thames Valley Police",
     [("Sarah Smith", "person"), ("Thames Valley Police", "agency")]),
    ("Lead Partner: Cranstoun", [("Cranstoun", "agency")]),
])
def test_titles_of_posts_bodies_named_by_their_office_and_labels(splitter: OwnerSplitter, cell: str, expected) -> None:
    assert [(o.name, o.kind) for o in splitter.split(cell)] == expected


def test_and_between_two_known_bodies_splits() -> None:
    assert [o.name for o in OwnerSplitter().split("SafeLives and Women's Aid")] == ["SafeLives", "Women's Aid"]
    unknown = OwnerSplitter(bodies=frozenset())
    assert [o.name for o in unknown.split("SafeLives and Women's Aid")] == ["SafeLives and Women's Aid"]


@pytest.mark.parametrize(("cell", "expected"), [
    ("Berkshire West ICB, IRISi", ["Berkshire West ICB", "IRISi"]),   # an acronym head ends a place's body
    ("Frimley CCG", ["Frimley CCG"]),
    ("Thames Valley Police ICB", ["Thames Valley Police", "ICB"]),    # after a whole body it is a new party
])
def test_an_acronym_that_heads_a_body_is_not_cut_off(splitter: OwnerSplitter, cell: str, expected) -> None:
    assert [o.name for o in splitter.split(cell)] == expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("Silva Homes, BFC Housing", [("Silva Homes", "agency"), ("BFC Housing", "agency")]),
    ("Grace Hospital", [("Grace Hospital", "agency")]),
    ("Rachel Berkshire Women's Aid", [("Rachel", "person"), ("Berkshire Women's Aid", "agency")]),
])
def test_a_first_name_then_a_head_word_is_a_body_named_after_someone(splitter: OwnerSplitter, cell: str,
                                                                      expected) -> None:
    assert [(o.name, o.kind) for o in splitter.split(cell)] == expected


# -- the cell's own structure and the prose around a party --------------------------------


@pytest.mark.parametrize(("cell", "expected"), [
    ("<p>Community Safety</p> <p>Housing Wellbeing</p>", ["Community Safety", "Housing Wellbeing"]),
    ("<ul><li>Anytown Police</li><li>Youth Service</li></ul>", ["Anytown Police", "Youth Service"]),
    ("Anytown Police<br>Probation Service", ["Anytown Police", "Probation Service"]),
])
def test_html_paragraphs_and_items_are_parties_before_any_separator(splitter: OwnerSplitter, cell: str,
                                                                    expected: list[str]) -> None:
    assert names(splitter.split(cell)) == expected


def test_a_wrapped_line_joins_the_name_it_continues(splitter: OwnerSplitter) -> None:
    cell = "Northvale Community\nNHS Foundation Trust\nAnytown Police and\nCrime Commissioner"
    assert names(splitter.split(cell)) == ["Northvale Community NHS Foundation Trust",
                                           "Anytown Police and Crime Commissioner"]


@pytest.mark.parametrize("cell", ["Northvale Hospital NHS Foundation Trust", "Riverside Partnership NHS Foundation Trust"])
def test_the_head_of_a_trusts_name_is_not_a_party_of_its_own(splitter: OwnerSplitter, cell: str) -> None:
    assert triples(splitter.split(cell)) == [(cell, "agency", None)]


def test_a_lower_case_category_after_and_is_its_own_party(splitter: OwnerSplitter) -> None:
    assert triples(splitter.split("Public Health and local authorities")) == [
        ("Public Health", "agency", None), ("local authorities", "group", None)]


@pytest.mark.parametrize(("cell", "party", "note"), [
    ("DA manager when in post", "DA manager", "when in post"),
    ("Currently managed by Priya Raman", "Priya Raman", "currently managed by"),
    ("Housing hold budget", "Housing", "hold budget"),
    ("Safeguarding Board to lead", "Safeguarding Board", "to lead"),
    ("Youth Service if going ahead", "Youth Service", "if going ahead"),
])
def test_prose_around_a_party_goes_to_its_note(splitter: OwnerSplitter, cell: str, party: str, note: str) -> None:
    (owner,) = splitter.split(cell)
    assert (owner.name, owner.note) == (party, note)


def test_an_unlisted_given_name_before_a_known_surname_is_a_person(splitter: OwnerSplitter) -> None:
    assert triples(splitter.split("Zorabel Foster probation and specialist services")) == [
        ("Zorabel Foster", "person", None), ("probation", "agency", None), ("specialist services", "group", None)]


def test_a_place_before_a_landscape_word_is_no_person(splitter: OwnerSplitter) -> None:
    assert [o.kind for o in splitter.split("Kent Downs")] != ["person"]


def test_a_generic_category_before_a_list_of_named_parties_gives_the_parties(splitter: OwnerSplitter) -> None:
    assert names(splitter.split("Health (Anytown CCG / Northvale Trust)")) == ["Anytown CCG", "Northvale Trust"]
    # a body's own name before a bracket is a party: the bracket lists more about it
    assert names(splitter.split("Harbourlight (Anytown CCG / Northvale Trust)"))[0] == "Harbourlight"
