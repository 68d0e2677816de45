"""extract/quality.py: confidence per action and the plan's parsing report."""

from __future__ import annotations

import planparse
from planparse.extract.quality import LOW, assess
from planparse.schema import Action, Priority


def _action(text: str, method: str = "table", key: str | None = "1") -> Action:
    return Action(id="a-0", text=text, method=method, priority_key=key)  # type: ignore[arg-type]


def test_a_clean_table_row_is_trusted_most():
    a = _action("Commission a refuge for survivors with complex needs")
    report = assess([a], [Priority(key="1", title="Safe homes")], "list")
    assert a.confidence == 0.95 and a.flags == []
    assert report.by_method == {"table": 1} and report.low_confidence == 0 and report.flags == []


def test_signs_of_a_bad_read_lower_confidence_and_say_why():
    cut = _action("and the safeguarding of victims of")
    tiny = _action("Ongoing", method="list")
    report = assess([cut, tiny], [Priority(key="1", title="Safe homes")], "list")
    assert {"starts mid-sentence", "ends mid-sentence"} <= set(cut.flags)
    assert "very short text" in tiny.flags
    assert cut.confidence < 0.95 and tiny.confidence < LOW
    assert report.low_confidence >= 1


def test_unlinked_actions_are_counted_when_the_plan_has_priorities():
    a = _action("Publish a directory of local support groups", key=None)
    report = assess([a], [Priority(key="1", title="Safe homes")], "list")
    assert "not linked to a priority" in a.flags
    assert report.unlinked_actions == 1
    assert any("not linked to a priority" in f for f in report.flags)


def test_plan_flags_name_what_to_check():
    report = assess([], [], "none")
    assert report.flags == ["no actions found", "no priorities found"] and report.score is None
    mixed = [_action("Publish a directory of local support groups"),
             _action("Train GPs to ask about abuse at every review", method="list")]
    report = assess(mixed, [Priority(key="1", title="Safe homes")], "headings")
    assert report.by_method == {"table": 1, "list": 1}
    assert any(f.startswith("priorities are the section headings") for f in report.flags)
    assert any(f.startswith("actions found in several shapes") for f in report.flags)
    assert report.score is not None and report.score < report.mean_confidence


def test_parse_fills_the_report(write_text):
    text = "Plan 2025\n\nAction\tLead\tTimescale\nDeliver campaigns in schools\tCSP\t2025\n"
    plan = planparse.parse(write_text(text))
    assert plan.quality.actions == 1 and plan.quality.by_method == {"table": 1}
    assert plan.actions[0].method == "table" and 0 < plan.actions[0].confidence <= 1
    assert plan.quality.priorities_from == "none"
