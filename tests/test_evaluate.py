"""score_document / evaluate_dir on hand-built plans and gold answers."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from planparse.evaluate import Counts, evaluate_dir, score_document
from planparse.schema import Action, Organisation, Owner, Period, Plan, Priority, Source, Status, Timescale

SHA = "0" * 64

GOLD = {
    "source": "sample-plan.txt",
    "organisation": "Sample Borough Council",
    "doc_type": "action_plan",
    "period": {"start_year": 2023, "end_year": 2026},
    "priorities": [
        {"key": "1", "title": "Prevention and early intervention"},
        {"key": "2", "title": "Support for victims"},
    ],
    "actions": [
        {"ref": "1.1", "priority": "1", "text": "Deliver awareness training for frontline staff in schools.",
         "outcome": "Staff know how to refer.", "owners": ["Thames Valley Police", "Berkshire Women's Aid"],
         "priority_level": "High", "timescale": "March 2024", "status": "G"},
        {"ref": "1.2", "priority": "1", "text": "Review referral pathways including the MASH front door.",
         "outcome": None, "owners": ["Gemma Walsh", "Nick Caprara"],
         "priority_level": "Standard", "timescale": "Autumn 2024", "status": "A"},
        {"ref": "2.1", "priority": "2", "text": "Commission a specialist refuge service for adult victims.",
         "outcome": None, "owners": ["Alastair Harsant"],
         "priority_level": "High", "timescale": "Ongoing", "status": "R"},
    ],
}


def _plan_from_gold(gold: dict) -> Plan:
    """The plan a perfect parser would produce for GOLD."""
    actions = []
    for i, g in enumerate(gold["actions"]):
        actions.append(Action(
            id=f"a-{i:012d}", ref=g["ref"], priority_key=g["priority"], text=g["text"], outcome=g["outcome"],
            owners=[Owner(name=o) for o in g["owners"]], priority_level=g["priority_level"],
            timescale=Timescale(raw=g["timescale"]) if g["timescale"] else None, status=Status(rag=g["status"]),
        ))
    return Plan(
        source=Source(path="/data/sample-plan.txt", sha256=SHA, format="text"),
        organisation=Organisation(name=gold["organisation"]),
        doc_type=gold["doc_type"],
        period=Period(**gold["period"]),
        priorities=[Priority(key=p["key"], title=p["title"]) for p in gold["priorities"]],
        actions=actions,
    )


@pytest.fixture
def gold() -> dict:
    return copy.deepcopy(GOLD)


@pytest.fixture
def plan(gold: dict) -> Plan:
    return _plan_from_gold(gold)


def test_counts_arithmetic() -> None:
    c = Counts(tp=3, fp=1, fn=2)
    assert c.precision == pytest.approx(0.75)
    assert c.recall == pytest.approx(0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 == 1.0  # nothing to find and nothing found is perfect
    assert Counts(fp=2).f1 == 0.0


def test_perfect_match_scores_one_everywhere(plan: Plan, gold: dict) -> None:
    row = score_document(plan, gold).row()
    assert row["document"] == "sample-plan"
    assert row["actions_gold"] == row["actions_found"] == 3
    for key in ("action_f1", "text_similarity", "owner_f1", "timescale_acc", "priority_level_acc", "rag_acc",
                "action_priority_acc", "outcome_acc", "priority_f1", "metadata_acc"):
        assert row[key] == 1.0, key


def test_missing_action_lowers_action_and_owner_recall(plan: Plan, gold: dict) -> None:
    plan.actions.pop(1)  # 1.2 and its two owners are missed
    score = score_document(plan, gold)
    assert (score.actions.tp, score.actions.fp, score.actions.fn) == (2, 0, 1)
    assert score.actions.precision == 1.0
    assert score.actions.recall == pytest.approx(2 / 3)
    assert (score.owners.tp, score.owners.fp, score.owners.fn) == (3, 0, 2)
    assert score.owners.recall == pytest.approx(3 / 5)
    assert score.row()["actions_found"] == 2


def test_invented_action_lowers_precision_and_its_owners_count_as_false(plan: Plan, gold: dict) -> None:
    plan.actions.append(Action(id="a-x", ref="9.9", text="Something nobody wrote down at all, ever.",
                               owners=[Owner(name="Cranstoun"), Owner(name="Probation")]))
    score = score_document(plan, gold)
    assert (score.actions.tp, score.actions.fp, score.actions.fn) == (3, 1, 0)
    assert (score.owners.tp, score.owners.fp, score.owners.fn) == (5, 2, 0)


def test_wrong_priority_key_lowers_action_priority(plan: Plan, gold: dict) -> None:
    plan.actions[2].priority_key = "1"
    row = score_document(plan, gold).row()
    assert row["action_priority_acc"] == pytest.approx(round(2 / 3, 3))
    assert row["action_f1"] == 1.0


def test_wrong_owner_split(plan: Plan, gold: dict) -> None:
    plan.actions[1].owners = [Owner(name="Gemma Walsh and Nick Caprara")]
    score = score_document(plan, gold)
    assert (score.owners.tp, score.owners.fp, score.owners.fn) == (3, 1, 2)


def test_owner_comparison_folds_case_quotes_and_leading_the(plan: Plan, gold: dict) -> None:
    plan.actions[0].owners = [Owner(name="the THAMES VALLEY POLICE"), Owner(name="Berkshire Women\u2019s Aid")]
    assert score_document(plan, gold).owners.fp == 0
    plan.actions[0].owners = [Owner(name="Thames Valley Police"), Owner(name="Berkshire Womens Aid")]
    score = score_document(plan, gold)
    assert (score.owners.fp, score.owners.fn) == (1, 1)


def test_field_accuracies(plan: Plan, gold: dict) -> None:
    plan.actions[0].timescale = Timescale(raw="April 2024")
    plan.actions[1].status = Status(rag="R")
    plan.actions[2].priority_level = "Standard"
    plan.actions[0].outcome = "Something else entirely."
    row = score_document(plan, gold).row()
    assert row["timescale_acc"] == pytest.approx(round(2 / 3, 3))
    assert row["rag_acc"] == pytest.approx(round(2 / 3, 3))
    assert row["priority_level_acc"] == pytest.approx(round(2 / 3, 3))
    assert row["outcome_acc"] == 0.0  # only one gold action has an outcome


def test_fields_without_gold_values_are_not_scored(plan: Plan, gold: dict) -> None:
    for g in gold["actions"]:
        g["timescale"] = g["status"] = g["priority_level"] = g["outcome"] = None
    row = score_document(plan, gold).row()
    assert row["timescale_acc"] is None
    assert row["rag_acc"] is None
    assert row["priority_level_acc"] is None
    assert row["outcome_acc"] is None


def test_pairing_by_ref_wins_over_text(plan: Plan, gold: dict) -> None:
    # the predicted texts are swapped between 1.1 and 1.2: refs still pair 1.1 with 1.1
    a, b = plan.actions[0], plan.actions[1]
    a.text, b.text = b.text, a.text
    score = score_document(plan, gold)
    assert score.actions.tp == 3
    assert score.text_similarity[0] < 0.8 and score.text_similarity[1] < 0.8
    # owners were not swapped, so they still match their refs
    assert score.owners.fp == score.owners.fn == 0


def test_ref_match_ignores_trailing_dot_and_case(plan: Plan, gold: dict) -> None:
    plan.actions[0].ref = "1.1."
    gold["actions"][2]["ref"] = "2a"
    plan.actions[2].ref = "2A"
    plan.actions[0].text = "Completely different wording of the first action here."
    plan.actions[2].text = "Also reworded beyond any fuzzy text match."
    score = score_document(plan, gold)
    assert score.actions.tp == 3
    assert score.text_similarity[0] < 0.8 and score.text_similarity[2] < 0.8


def test_pairing_falls_back_to_text_when_refs_are_missing(plan: Plan, gold: dict) -> None:
    for g in gold["actions"]:
        g["ref"] = None
    for a in plan.actions:
        a.ref = None
    plan.actions.reverse()  # order must not matter
    plan.actions[0].text = plan.actions[0].text.replace("specialist", "Specialist").rstrip(".")
    score = score_document(plan, gold)
    assert score.actions.tp == 3
    assert score.owners.f1 == 1.0
    assert score.action_priority.value == 1.0


def test_text_too_different_is_not_paired(plan: Plan, gold: dict) -> None:
    for g in gold["actions"]:
        g["ref"] = None
    plan.actions[2].ref = None
    plan.actions[2].text = "Improve data sharing between partners."
    score = score_document(plan, gold)
    assert (score.actions.tp, score.actions.fp, score.actions.fn) == (2, 1, 1)


def test_priorities_need_key_and_title(plan: Plan, gold: dict) -> None:
    plan.priorities[1] = Priority(key="3", title="Support for victims")
    score = score_document(plan, gold)
    assert (score.priorities.tp, score.priorities.fp, score.priorities.fn) == (1, 1, 1)
    plan.priorities[1] = Priority(key="2", title="Pursuing perpetrators")
    score = score_document(plan, gold)
    assert (score.priorities.tp, score.priorities.fp, score.priorities.fn) == (1, 1, 1)


def test_metadata(plan: Plan, gold: dict) -> None:
    plan.doc_type = "strategy"
    plan.period = Period(start_year=2023, end_year=2027)
    row = score_document(plan, gold).row()
    assert row["metadata_acc"] == pytest.approx(round(1 / 3, 3))
    plan.period = None
    assert score_document(plan, gold).metadata.right == 1


def test_document_name_falls_back_to_the_plans_source(plan: Plan, gold: dict) -> None:
    gold["source"] = None
    assert score_document(plan, gold).document == "sample-plan"


# -- evaluate_dir -------------------------------------------------------------------------


def _write_pair(outdir: Path, golddir: Path, stem: str, plan: Plan, gold: dict) -> None:
    (outdir / f"{stem}.json").write_text(plan.to_json(), "utf-8")
    (golddir / f"{stem}.gold.json").write_text(json.dumps(gold), "utf-8")


def test_evaluate_dir_reports_missing_outputs(tmp_path: Path, plan: Plan, gold: dict) -> None:
    outdir, golddir = tmp_path / "out", tmp_path / "gold"
    outdir.mkdir()
    golddir.mkdir()
    _write_pair(outdir, golddir, "alpha", plan, gold)
    (golddir / "beta.gold.json").write_text(json.dumps(gold), "utf-8")  # no beta.json
    (outdir / "unrelated.json").write_text(plan.to_json(), "utf-8")  # no gold: ignored
    report = evaluate_dir(outdir, golddir)
    assert report.missing == ["beta"]
    assert [d.document for d in report.documents] == ["sample-plan"]
    rows = report.rows()
    assert [r["document"] for r in rows] == ["sample-plan", "OVERALL", "MACRO"]
    data = json.loads(report.to_json())
    assert data["missing"] == ["beta"]
    assert data["counts"] == [{"tp": 3, "fp": 0, "fn": 0, "document": "sample-plan"}]


def test_evaluate_dir_overall_pools_counts(tmp_path: Path, plan: Plan, gold: dict) -> None:
    outdir, golddir = tmp_path / "out", tmp_path / "gold"
    outdir.mkdir()
    golddir.mkdir()
    _write_pair(outdir, golddir, "alpha", plan, gold)
    worse = plan.model_copy(deep=True)
    worse.actions = worse.actions[:1]
    _write_pair(outdir, golddir, "beta", worse, gold)
    overall, macro = evaluate_dir(outdir, golddir).rows()[-2:]
    assert overall["document"] == "OVERALL"
    assert overall["actions_gold"] == 6
    assert overall["actions_found"] == 4
    # pooled: tp=4, fp=0, fn=2 -> precision 1, recall 2/3
    assert overall["action_f1"] == pytest.approx(round(2 * (2 / 3) / (1 + 2 / 3), 3))
    # macro: each document counts once -> mean of 1.0 and F1(tp=1, fn=2) = 0.5
    assert macro["document"] == "MACRO"
    assert macro["action_f1"] == pytest.approx((1.0 + 0.5) / 2, abs=1e-3)


def test_repeated_refs_pair_by_text(plan: Plan, gold: dict) -> None:
    """Plans that restart numbering under each priority repeat refs: '1' under priority 2 is not '1' under 1."""
    for g, a in zip(gold["actions"], plan.actions):
        g["ref"] = a.ref = "1"
    plan.actions.reverse()  # the same actions in another order still pair with their own texts
    row = score_document(plan, gold).row()
    assert row["action_f1"] == 1.0 and row["text_similarity"] == 1.0 and row["owner_f1"] == 1.0


def test_yardstick_does_not_use_the_library_normalisers() -> None:
    """The evaluator folds text its own way: a change to the library's name keys cannot move its score."""
    import ast
    import inspect

    import planparse.evaluate as ev

    tree = ast.parse(inspect.getsource(ev))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert imported <= {"__future__", "dataclasses", "pathlib", "typing", "rapidfuzz", "planparse.schema"}


def test_evaluate_dir_empty_gold_dir(tmp_path: Path) -> None:
    report = evaluate_dir(tmp_path, tmp_path)
    assert report.documents == [] and report.missing == [] and report.rows() == []
