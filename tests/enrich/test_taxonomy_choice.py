"""Which taxonomy a plan is themed with: chosen by the plan's domain, given by the caller, or none."""

from __future__ import annotations

from pathlib import Path

import pytest

import planparse
from planparse.enrich.themes import BUNDLED_TAXONOMIES, choose_taxonomy, load_taxonomy

CORPUS = Path(__file__).resolve().parents[2] / "corpora"

COMMUNITY_SAFETY_PLAN = """\
Barchester Community Safety Partnership Plan 2024-2027

Our priorities

Priority 1: Tackling anti-social behaviour
Action\tLead\tTimescale
1.1 Use public spaces protection orders and CCTV to reduce anti-social behaviour in the town centre\tCommunity Safety Team\tMarch 2025
1.2 Work with housing providers on neighbourhood nuisance and criminal damage\tHousing Services\t2025/26

Priority 2: Breaking drug supply chains
Action\tLead\tTimescale
2.1 Disrupt county lines drug dealing and close cuckooed addresses\tBarchester Police\tOngoing
2.2 Refer offenders into drug treatment through integrated offender management\tProbation Service\t2025

Priority 3: Reducing serious violence
Action\tLead\tTimescale
3.1 Deliver the serious violence duty strategy and knife crime education in schools\tViolence Reduction Unit\t2026
"""

CLIMATE_PLAN = """\
Barchester Climate Emergency Action Plan 2024-2030

Priority 1: Warm homes and low carbon heat
Action\tLead\tTimescale
1.1 Retrofit 500 council homes with insulation and heat pumps\tHousing Services\t2027
1.2 Install solar panels on council buildings\tEstates Team\t2026

Priority 2: Sustainable transport
Action\tLead\tTimescale
2.1 Install 200 electric vehicle charging points\tTransport Planning\t2025
2.2 Build new active travel routes for walking and cycling\tHighways\t2028

Priority 3: Nature recovery
Action\tLead\tTimescale
3.1 Plant 10,000 trees and restore wildflower verges for biodiversity\tParks Team\t2030
"""

CORPORATE_PLAN = """\
Barchester Council Plan 2024-2028

Priority 1: A thriving local economy
Action\tLead\tTimescale
1.1 Support new businesses with start-up grants\tEconomic Development\t2025
1.2 Regenerate the high street with new shop fronts\tPlace Team\t2026

Priority 2: Good council services
Action\tLead\tTimescale
2.1 Move council tax and parking services online\tDigital Team\t2025
2.2 Answer 90% of calls within two minutes\tCustomer Services\t2025
"""


@pytest.mark.parametrize("text, name, taxonomy", [
    (COMMUNITY_SAFETY_PLAN, "csp.txt", "community_safety"),
    (CLIMATE_PLAN, "climate.txt", "climate"),
])
def test_the_plan_domain_chooses_the_taxonomy(write_text, text: str, name: str, taxonomy: str) -> None:
    plan = planparse.parse(write_text(text, name))
    assert plan.taxonomy is not None
    assert (plan.taxonomy.id, plan.taxonomy.chosen) == (taxonomy, "domain")
    assert plan.taxonomy.evidence and plan.taxonomy.score is not None and plan.taxonomy.score >= 0.45
    themes = set(load_taxonomy(taxonomy).theme_ids)
    assert all(p.theme in themes for p in plan.priorities)


def test_drug_supply_is_community_safety_not_victim_support(write_text) -> None:
    plan = planparse.parse(write_text(COMMUNITY_SAFETY_PLAN, "csp.txt"))
    drugs = next(p for p in plan.priorities if "drug" in p.title.lower())
    assert drugs.theme == "drugs_reoffending"


def test_no_taxonomy_fits_a_plan_of_another_field(write_text) -> None:
    plan = planparse.parse(write_text(CORPORATE_PLAN, "council-plan.txt"))
    assert plan.taxonomy is not None and plan.taxonomy.id is None and plan.taxonomy.chosen == "none"
    assert all(p.theme is None and p.theme_score == 0.0 for p in plan.priorities)
    assert all(a.theme is None for a in plan.actions)
    assert plan.actions  # the plan itself is read as usual


def test_the_domestic_abuse_corpus_keeps_its_taxonomy() -> None:
    for text in sorted((CORPUS / "text").glob("*.txt")):
        choice = choose_taxonomy(text.stem.replace("-", " "), [text.read_text("utf-8")])
        assert choice.id == "domestic_abuse", text.name


def test_a_taxonomy_given_is_used_and_none_clears_themes(write_text) -> None:
    path = write_text(COMMUNITY_SAFETY_PLAN, "csp.txt")
    given = planparse.parse(path, taxonomy="domestic_abuse")
    assert given.taxonomy is not None and (given.taxonomy.id, given.taxonomy.chosen) == ("domestic_abuse", "given")
    bare = planparse.parse(path, taxonomy="none")
    assert bare.taxonomy is not None and bare.taxonomy.chosen == "none"
    assert all(p.theme is None for p in bare.priorities)


def test_a_plan_mostly_of_one_domain_is_not_taken_by_a_passing_mention() -> None:
    """A community safety plan names domestic abuse once among many crime words: still community safety."""
    choice = choose_taxonomy("Community Safety Partnership Plan", [
        "Reduce anti-social behaviour", "Tackle county lines and knife crime", "Support victims of domestic abuse",
        "Reduce reoffending through probation", "Tackle hate crime"])
    assert choice.id == "community_safety"


@pytest.mark.parametrize("name", BUNDLED_TAXONOMIES)
def test_every_bundled_taxonomy_names_its_domain(name: str) -> None:
    assert len(load_taxonomy(name).domain) >= 10
