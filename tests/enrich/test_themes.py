"""Theme matching: the corpus priorities against the gold themes, and the matcher's rules on small input.

The gold themes are read from corpora/gold/*.gold.json (hand-made by
GUIDELINES.md); nothing here names the answer for a document, so a change to the
keywords or the scoring that loses a priority fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import planparse
from planparse.enrich.themes import (
    BUNDLED_TAXONOMIES,
    MIN_ACTION_EVIDENCE,
    Taxonomy,
    TaxonomyError,
    ThemeScorer,
    assign_themes,
    load_taxonomy,
    words,
)
from planparse.schema import Action, Plan, Priority

CORPUS = Path(__file__).resolve().parents[2] / "corpora"
TEXTS = sorted((CORPUS / "text").glob("*.txt"))


@pytest.fixture(scope="module")
def parsed() -> dict[str, tuple[Plan, dict]]:
    """Each corpus plan parsed once (default taxonomy), with its gold annotations."""
    out = {}
    for text in TEXTS:
        gold = json.loads((CORPUS / "gold" / f"{text.stem}.gold.json").read_text("utf-8"))
        out[text.stem] = (planparse.parse(text), gold)
    return out


def _actions_of(plan: Plan, key: str) -> list[Action]:
    return [a for a in plan.actions if a.priority_key == key]


# -- the corpus against the gold ----------------------------------------------------------


@pytest.mark.parametrize("stem", [t.stem for t in TEXTS])
def test_every_priority_gets_its_gold_theme(parsed: dict[str, tuple[Plan, dict]], stem: str) -> None:
    plan, gold = parsed[stem]
    expected = {p["key"]: p["theme"] for p in gold["priorities"]}
    got = {p.key: p.theme for p in plan.priorities}
    assert got == expected


def test_corpus_covers_all_four_pillars(parsed: dict[str, tuple[Plan, dict]]) -> None:
    # the accuracy test above only means something if the gold spans every theme of the taxonomy
    gold_themes = {p["theme"] for _, gold in parsed.values() for p in gold["priorities"]}
    assert gold_themes == set(load_taxonomy().theme_ids)


@pytest.mark.parametrize("stem", [t.stem for t in TEXTS])
def test_score_and_evidence_are_traceable_to_the_priority_text(parsed: dict[str, tuple[Plan, dict]],
                                                                stem: str) -> None:
    plan, _ = parsed[stem]
    for p in plan.priorities:
        assert p.theme_score is not None and 0.0 < p.theme_score <= 1.0
        assert p.theme_evidence, p.title
        text_words = set(words(" ".join(
            [p.title, p.description or ""]
            + [f"{a.text} {a.outcome or ''} {a.output or ''}" for a in _actions_of(plan, p.key)])))
        for ev in p.theme_evidence:
            if ev.startswith("~"):  # similarity to an example title of the theme
                continue
            assert set(ev.split()) <= text_words, (p.title, ev)


def test_minimising_harm_is_perpetrators_because_of_its_actions(parsed: dict[str, tuple[Plan, dict]]) -> None:
    # the example: the title names no theme, the actions ("those who are causing harm",
    # "hold those who perpetrate domestic abuse to account") do
    plan = next(p for p, gold in parsed.values() if any(g["title"] == "Minimising harm" for g in gold["priorities"]))
    priority = next(p for p in plan.priorities if p.title == "Minimising harm")
    scorer = ThemeScorer()
    assert scorer.profile_priority(priority.model_copy(update={"description": None})).best() is None
    with_actions = scorer.profile_priority(priority, _actions_of(plan, priority.key)).best()
    assert with_actions is not None and with_actions.theme == "perpetrators"
    assert priority.theme == "perpetrators"
    assert any("perpetrat" in e for e in priority.theme_evidence)


def test_actions_outvote_a_misleading_title() -> None:
    # "Justice" is a perpetrators word (GUIDELINES: "justice and protection orders"), but a
    # priority whose actions all support victims through court is victim support
    priority = Priority(key="4", title="Justice and recovery")
    actions = [
        Action(id="a1", priority_key="4", text="Support victims and survivors to give their best evidence in court"),
        Action(id="a2", priority_key="4", text="Provide IDVA and outreach support to survivors through court hearings"),
        Action(id="a3", priority_key="4", text="Help survivors recover and feel safe in their own home"),
    ]
    assign_themes([priority], actions)
    assert priority.theme == "victim_support"


# -- actions --------------------------------------------------------------------------------


def test_action_theme_from_its_own_text_else_its_priority() -> None:
    priority = Priority(key="1", title="Prevention and early intervention",
                        description="Raise awareness and educate young people about healthy relationships.")
    training = Action(id="a1", priority_key="1",
                      text="Deliver multi-agency training for frontline professionals and practitioners.")
    schools = Action(id="a2", priority_key="1", text="Deliver healthy relationship workshops in schools.")
    vague = Action(id="a3", priority_key="1", text="Review the calendar of key dates.")
    orphan = Action(id="a4", priority_key=None, text="Agree the terms of reference.")
    assign_themes([priority], [training, schools, vague, orphan], "domestic_abuse")
    assert priority.theme == "prevention"
    assert training.theme == "system"  # its own words: training of professionals
    assert schools.theme == "prevention"
    assert vague.theme == "prevention"  # too little of its own: the priority's theme
    assert orphan.theme is None  # no words of its own and no priority to fall back to


def test_weak_action_evidence_falls_back(parsed: dict[str, tuple[Plan, dict]]) -> None:
    scorer = ThemeScorer()
    for plan, _ in parsed.values():
        themes = {p.key: p.theme for p in plan.priorities}
        for a in plan.actions:
            if scorer.action_evidence(a).total < MIN_ACTION_EVIDENCE:
                assert a.theme == themes.get(a.priority_key or ""), a.text


def test_most_corpus_actions_share_their_priority_theme(parsed: dict[str, tuple[Plan, dict]]) -> None:
    # actions are themed on their own text, so some differ (training under prevention is "system"),
    # but a plan's actions mostly serve the priority they sit under
    for plan, _ in parsed.values():
        themes = {p.key: p.theme for p in plan.priorities}
        same = sum(1 for a in plan.actions if a.theme == themes.get(a.priority_key or ""))
        assert same / len(plan.actions) >= 0.6
        assert all(a.theme in themes.values() or a.theme in load_taxonomy().theme_ids for a in plan.actions)


# -- the matcher's rules ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def scorer() -> ThemeScorer:
    return ThemeScorer()


@pytest.mark.parametrize(
    ("text", "theme", "word"),
    [
        ("Referral of perpetrators into programmes", "perpetrators", "perpetrators"),  # '*' wildcard
        ("Those who perpetrate abuse", "perpetrators", "perpetrate"),
        ("Deliver awareness campaigns", "prevention", "campaigns"),  # wildcard on a plural
        ("Support for survivor networks", "victim_support", "survivor"),
        ("Improve use of Clare’s Law", "perpetrators", "clare law"),  # curly possessive dropped
        ("Joint working with partner organizations", "system", "partner organizations"),  # US spelling
    ],
)
def test_keywords_match_inflections_and_spellings(scorer: ThemeScorer, text: str, theme: str, word: str) -> None:
    ev = scorer.evidence(text)
    assert theme in ev.weights
    assert word in ev.words[theme]


def test_phrases_consume_their_words(scorer: ThemeScorer) -> None:
    ev = scorer.evidence("Improve enforcement of domestic violence protection orders")
    assert "protection orders" in ev.words["perpetrators"]
    assert "victim_support" not in ev.weights  # 'protection' was used by the phrase, not counted again
    ev2 = scorer.evidence("Ongoing protection for survivors")
    assert "protection" in ev2.words["victim_support"]


def test_a_word_counts_once_per_theme(scorer: ThemeScorer) -> None:
    # "prevention" matches both 'prevent*' and 'prevention': one piece of evidence, not two
    assert scorer.evidence("prevention").weights == {"prevention": 1.0}
    assert scorer.evidence("prevention and prevention").weights == {"prevention": 2.0}


def test_no_partial_word_matches(scorer: ThemeScorer) -> None:
    # 'safe' must not fire inside 'safeguarded' (no wildcard), 'data' not inside 'update'
    assert scorer.evidence("Update the safeguarded records").total == 0


def test_no_evidence_gives_no_theme() -> None:
    priority = Priority(key="1", title="Deliver the Act 2021 duties")
    assign_themes([priority], [])
    assert priority.theme is None and priority.theme_score == 0.0 and priority.theme_evidence == []


# -- taxonomies ---------------------------------------------------------------------------------


def test_default_taxonomy_is_the_gold_guidelines_pillars() -> None:
    guidelines = (CORPUS / "gold" / "GUIDELINES.md").read_text("utf-8")
    table = guidelines.split("## Canonical themes", 1)[1]
    pillars = [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]
    assert load_taxonomy().theme_ids == pillars


@pytest.mark.parametrize("name", BUNDLED_TAXONOMIES)
def test_bundled_taxonomies_load_and_are_complete(name: str) -> None:
    tax = load_taxonomy(name)
    assert tax.id == name and len(tax.themes) >= 4
    for t in tax.themes:
        assert t.label and t.description and t.keywords and t.examples


def test_taxonomy_from_path_dict_and_object(tmp_path: Path) -> None:
    data = {"id": "climate", "themes": [
        {"id": "mitigation", "label": "Mitigation", "keywords": ["emission*", "net zero", "retrofit"]},
        {"id": "adaptation", "label": "Adaptation", "keywords": ["flood*", "heat", "resilien*"],
         "examples": ["Adapting to a changing climate"]},
    ]}
    path = tmp_path / "climate.json"
    path.write_text(json.dumps(data), "utf-8")
    from_path = load_taxonomy(path)
    assert from_path == load_taxonomy(str(path)) == load_taxonomy(data)
    assert load_taxonomy(from_path) is from_path
    assert isinstance(from_path, Taxonomy) and from_path.theme_ids == ["mitigation", "adaptation"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"themes": []}, "non-empty"),
        ({"themes": [{"id": "a", "keywords": ["x"]}, {"id": "a", "keywords": ["y"]}]}, "unique"),
        ({"themes": [{"id": "a"}]}, "neither keywords nor examples"),
        ({"themes": [{"id": "a", "keywords": [""]}]}, "no words"),
        ({"themes": [{"id": "a", "keywords": [{"text": "x", "weight": -1}]}]}, "weight"),
        ({"themes": [{"keywords": ["x"]}]}, "'id'"),
    ],
)
def test_malformed_taxonomies_are_rejected(data: dict, message: str) -> None:
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(data)


def test_missing_or_broken_taxonomy_file(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="domestic_abuse"):  # the message lists the bundled names
        load_taxonomy(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(TaxonomyError, match="cannot read"):
        load_taxonomy(bad)


HEALTH_PLAN = """\
Barchester Joint Health and Wellbeing Strategy 2024-2028

Barchester Health and Wellbeing Board

Our priorities:

- 1) A good start for every baby and child
- 2) Healthier lives for working-age adults
- 3) Independence and dignity in later life
- 4) Healthy homes and streets

Priority 1: A good start for every baby and child
Action\tLead\tTimescale
1.1 Increase the number of mothers who start and continue breastfeeding through peer support in family hubs\tPublic Health Nursing\tMarch 2025
1.2 Improve school readiness by expanding the early years speech and language offer\tEarly Years Team\t2025/26
1.3 Raise childhood immunisation uptake in the wards with the lowest coverage\tNHS Barchester ICB\tOngoing

Priority 2: Healthier lives for working-age adults
Action\tLead\tTimescale
2.1 Commission an integrated stop smoking and alcohol advice service\tPublic Health\tApril 2025
2.2 Offer NHS health checks in the most deprived areas\tPrimary Care Networks\t2025/26
2.3 Expand social prescribing for people with mental health needs\tBarchester Mind\t2026

Priority 3: Independence and dignity in later life
Action\tLead\tTimescale
3.1 Roll out a falls prevention programme with strength and balance classes\tAdult Social Care\t2025
3.2 Develop a dementia friendly communities network and support for carers\tBarchester Carers Centre\t2026/27
3.3 Reduce loneliness and isolation among older residents through befriending\tAge UK Barchester\tOngoing

Priority 4: Healthy homes and streets
Action\tLead\tTimescale
4.1 Improve air quality near schools and promote active travel and cycling routes\tTransport Planning\t2027
4.2 Tackle damp and cold homes through a fuel poverty retrofit scheme\tHousing Services\t2026
4.3 Protect and improve green spaces and parks in every neighbourhood\tParks and Open Spaces\t2028
"""


def test_health_taxonomy_on_a_health_and_wellbeing_plan(write_text) -> None:
    path = write_text(HEALTH_PLAN, "barchester-hwb-strategy.txt")
    plan = planparse.parse(path, taxonomy="health_wellbeing")
    assert [p.theme for p in plan.priorities] == ["start_well", "live_well", "age_well", "healthy_places"]
    by_key = {p.key: p.theme for p in plan.priorities}
    assert all(a.theme == by_key[a.priority_key] for a in plan.actions)
    # "falls prevention" is an age-well phrase: it must win over the words inside it
    falls = next(a for a in plan.actions if a.ref == "3.1")
    assert falls.theme == "age_well"
    # the same plan under the domestic-abuse taxonomy gets no health themes
    forced = planparse.parse(path, taxonomy="domestic_abuse")
    assert not {p.theme for p in forced.priorities} & set(load_taxonomy("health_wellbeing").theme_ids)
    assert forced.taxonomy is not None and forced.taxonomy.chosen == "given"
    # and left to choose, planparse picks the health taxonomy from the plan's own words
    chosen = planparse.parse(path)
    assert chosen.taxonomy is not None and (chosen.taxonomy.id, chosen.taxonomy.chosen) == ("health_wellbeing",
                                                                                            "domain")
    assert [p.theme for p in chosen.priorities] == [p.theme for p in plan.priorities]


def test_user_taxonomy_file_through_parse(write_text, tmp_path: Path) -> None:
    custom = tmp_path / "two.json"
    custom.write_text(json.dumps({"id": "two", "themes": [
        {"id": "people", "keywords": ["child*", "adult*", "older people", "carer*", "mothers"]},
        {"id": "environment", "keywords": ["air quality", "homes", "green space*", "active travel"]},
    ]}), "utf-8")
    plan = planparse.parse(write_text(HEALTH_PLAN), taxonomy=custom)
    themes = {p.key: p.theme for p in plan.priorities}
    assert themes["1"] == "people" and themes["4"] == "environment"
    assert {a.theme for a in plan.actions} <= {"people", "environment", None}
