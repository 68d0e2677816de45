"""The public Plan contract: JSON round trip, stable ids, DataFrames."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pydantic
import pytest

import planparse
from planparse.schema import ACTION_COLUMNS, SCHEMA_VERSION, Action, Owner, Plan, Source, action_id, json_schema

MINI = """Sample Borough Council Domestic Abuse Action Plan 2023-2026

Priority 1: Prevention and early intervention

Ref\tAction\tLead\tTimescale
1.1\tDeliver awareness training for frontline staff in schools.\tThames Valley Police / Berkshire Women\u2019s Aid\tMarch 2024
1.2\tReview referral pathways including the MASH front door.\tGemma Walsh and Nick Caprara\tAutumn 2024

Priority 2: Support for victims

Ref\tAction\tLead\tTimescale
2.1\tCommission a specialist refuge service for adult victims.\tAlastair Harsant (BWSCP Business Manager)\tOngoing
"""


@pytest.fixture(scope="module")
def corpus_plans(corpus_texts: list[Path]) -> dict[str, Plan]:
    return {p.stem: planparse.parse(p) for p in corpus_texts}


@pytest.fixture
def mini(write_text) -> Plan:
    return planparse.parse(write_text(MINI))


def test_corpus_plans_round_trip_through_json(corpus_plans: dict[str, Plan]) -> None:
    assert len(corpus_plans) == 3
    for plan in corpus_plans.values():
        again = Plan.model_validate_json(plan.to_json())
        assert again == plan
        assert again.to_json() == plan.to_json()
        assert again.schema_version == SCHEMA_VERSION


def test_compact_json_round_trips(mini: Plan) -> None:
    text = mini.to_json(indent=None)
    assert "\n" not in text
    assert Plan.model_validate_json(text) == mini


def test_unknown_fields_are_rejected(mini: Plan) -> None:
    data = json.loads(mini.to_json())
    data["surprise"] = 1
    with pytest.raises(pydantic.ValidationError):
        Plan.model_validate(data)
    data = json.loads(mini.to_json())
    data["actions"][0]["owners"][0]["kind"] = "company"  # not an OwnerKind
    with pytest.raises(pydantic.ValidationError):
        Plan.model_validate(data)


def test_action_ids_are_stable_across_parses(corpus_texts: list[Path]) -> None:
    path = next(p for p in corpus_texts if p.stem.startswith("west-berkshire"))
    first, second = planparse.parse(path), planparse.parse(path)
    assert [a.id for a in first.actions] == [a.id for a in second.actions]
    assert len(first.actions) > 10


def test_action_ids_differ_between_actions(corpus_plans: dict[str, Plan]) -> None:
    ids = [a.id for p in corpus_plans.values() for a in p.actions]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("a-") and len(i) == 14 for i in ids)


def test_action_ids_follow_the_bytes_not_the_path(write_text, tmp_path: Path) -> None:
    a = planparse.parse(write_text(MINI, "one.txt"))
    b = planparse.parse(write_text(MINI, "two.txt"))
    assert [x.id for x in a.actions] == [x.id for x in b.actions]
    c = planparse.parse(write_text(MINI.replace("Ongoing", "Ongoing from 2024"), "three.txt"))
    # a changed document is a new source: every id changes, even for unchanged rows
    assert not {x.id for x in a.actions} & {x.id for x in c.actions}


def test_action_id_function() -> None:
    sha = "ab" * 32
    assert action_id(sha, "1.1", "Do x") == action_id(sha, "1.1", "Do x")
    assert action_id(sha, "1.1", "Do x") != action_id(sha, "1.2", "Do x")
    assert action_id(sha, "1.1", "Do x") != action_id(sha, "1.1", "Do y")
    assert action_id(sha, None, "Do x") == action_id(sha, "", "Do x")
    assert action_id(sha, "1.1", "Do x") != action_id("cd" * 32, "1.1", "Do x")


def test_actions_frame_has_one_row_per_action(mini: Plan) -> None:
    df = mini.actions_frame()
    assert list(df.columns) == ACTION_COLUMNS
    assert len(df) == len(mini.actions) == 3
    for col in ("page", "line", "table_index", "row_index"):
        assert col in df.columns
    assert list(df["action_id"]) == [a.id for a in mini.actions]
    assert list(df["ref"]) == ["1.1", "1.2", "2.1"]


def test_actions_frame_values(mini: Plan) -> None:
    df = mini.actions_frame().set_index("ref")
    assert df.loc["1.1", "owners"] == "Thames Valley Police; Berkshire Women\u2019s Aid"
    assert df.loc["1.1", "owner_kinds"] == "agency; agency"
    assert df.loc["1.2", "owners"] == "Gemma Walsh; Nick Caprara"
    assert df.loc["2.1", "owners"] == "Alastair Harsant"
    assert df.loc["2.1", "priority_key"] == "2"
    assert df.loc["2.1", "priority_title"] == "Support for victims"
    assert df.loc["1.1", "timescale"] == "March 2024"
    # provenance: 1-based line of the row in the text file
    lines = MINI.split("\n")
    assert lines[df.loc["1.1", "line"] - 1].startswith("1.1\t")
    assert lines[df.loc["2.1", "line"] - 1].startswith("2.1\t")
    assert df["row_index"].is_monotonic_increasing
    assert set(df["table_index"]) <= set(range(len(mini.tables)))


def test_actions_frame_of_a_plan_without_actions_has_the_columns() -> None:
    plan = Plan(source=Source(path="x.txt", sha256="0" * 64, format="text"))
    df = plan.actions_frame()
    assert list(df.columns) == ACTION_COLUMNS and len(df) == 0


def test_to_frame_concatenates_plans(corpus_plans: dict[str, Plan]) -> None:
    plans = list(corpus_plans.values())
    df = planparse.to_frame(plans)
    assert list(df.columns) == ACTION_COLUMNS
    assert len(df) == sum(len(p.actions) for p in plans)
    assert list(df.index) == list(range(len(df)))
    assert df.groupby("source", sort=False).size().to_dict() == {p.source.path: len(p.actions) for p in plans}


def test_to_frame_of_nothing() -> None:
    df = planparse.to_frame([])
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ACTION_COLUMNS and len(df) == 0


def test_owner_and_action_defaults() -> None:
    a = Action(id="a-1", text="x", owners=[Owner(name="Cranstoun")])
    assert a.owners[0].kind == "unknown"
    assert a.status.rag is None
    assert a.extra == {} and a.inherited == []


def test_json_schema_describes_the_plan() -> None:
    schema = json.loads(json_schema())
    assert {"schema_version", "source", "actions", "priorities", "entities", "warnings"} <= set(schema["properties"])
    assert "Action" in schema["$defs"] and "Owner" in schema["$defs"]
    assert set(schema["$defs"]["Owner"]["properties"]["kind"]["enum"]) == {"agency", "person", "role", "group", "unknown"}
