"""planparse.compare and `planparse compare`: the corpus plans side by side.

Expectations come from the gold files (themes per priority, actions per priority)
and from the issue's acceptance pairs; small hand-built plans pin the table rules
(financial years, agency counting, unpaired priorities).
"""

from __future__ import annotations

import base64
import json
import re
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import planparse
from planparse.cli import main
from planparse.enrich.timescales import financial_year
from planparse.comparison import (
    align_priorities,
    compare,
    load_plans,
    markdown_table,
    plan_labels,
)
from planparse.enrich.themes import load_taxonomy
from planparse.schema import Action, Organisation, Owner, Plan, Priority, Source, Timescale

CORPUS = Path(__file__).resolve().parents[1] / "corpora"
TEXTS = sorted((CORPUS / "text").glob("*.txt"))


@pytest.fixture(scope="module")
def corpus() -> list[tuple[Plan, dict]]:
    return [(planparse.parse(t), json.loads((CORPUS / "gold" / f"{t.stem}.gold.json").read_text("utf-8")))
            for t in TEXTS]


@pytest.fixture(scope="module")
def result(corpus: list[tuple[Plan, dict]]):
    return compare([p for p, _ in corpus])


@pytest.fixture(scope="module")
def outdir(corpus: list[tuple[Plan, dict]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus as `planparse convert` leaves it: one <stem>.json per plan."""
    out = tmp_path_factory.mktemp("out")
    for text, (plan, _) in zip(TEXTS, corpus):
        (out / f"{text.stem}.json").write_text(plan.to_json(), "utf-8")
    return out


def _paired(alignment: pd.DataFrame) -> pd.DataFrame:
    return alignment[alignment["priority_a"].notna() & alignment["priority_b"].notna()]


def _pair_of(alignment: pd.DataFrame, title: str, other_plan: str) -> str | None:
    """The title paired with `title` in `other_plan`, whichever side each is on."""
    rows = _paired(alignment)
    for _, r in rows.iterrows():
        if r["priority_a"].casefold() == title.casefold() and r["plan_b"] == other_plan:
            return r["priority_b"]
        if r["priority_b"].casefold() == title.casefold() and r["plan_a"] == other_plan:
            return r["priority_a"]
    return None


# -- alignment ------------------------------------------------------------------------------


def test_act_before_harm_is_aligned_with_both_prevention_priorities(result) -> None:
    labels = dict(zip(result.plans["organisation"], result.plans["plan"]))
    rbwm, wokingham = labels["Royal Borough of Windsor and Maidenhead"], labels["Wokingham Borough Council"]
    assert _pair_of(result.alignment, "Act before harm", rbwm) == "Prevention and early intervention"
    assert _pair_of(result.alignment, "Act before harm", wokingham).casefold() == "awareness and early intervention"


def test_alignment_is_one_to_one_and_scored(result) -> None:
    for (a, b), rows in _paired(result.alignment).groupby(["plan_a", "plan_b"]):
        assert rows["key_a"].is_unique and rows["key_b"].is_unique, (a, b)
        assert rows["score"].between(0.5, 1.0).all()
    # every priority of every pair of plans appears exactly once per pair: paired or listed unpaired
    for (a, b), rows in result.alignment.groupby(["plan_a", "plan_b"]):
        n_a = int(result.plans.loc[result.plans["plan"] == a, "priorities"].iloc[0])
        n_b = int(result.plans.loc[result.plans["plan"] == b, "priorities"].iloc[0])
        assert rows["key_a"].notna().sum() == n_a and rows["key_b"].notna().sum() == n_b


def test_pairs_share_the_gold_theme_and_nothing_is_forced(corpus: list[tuple[Plan, dict]]) -> None:
    gold_theme = {(id(plan), p["key"]): p["theme"] for plan, gold in corpus for p in gold["priorities"]}
    for (pa, ga), (pb, gb) in combinations(corpus, 2):
        pairs = align_priorities(pa, pb)
        themes_b = {p["theme"] for p in gb["priorities"]}
        themes_a = {p["theme"] for p in ga["priorities"]}
        for pp in pairs:
            if pp.a is not None and pp.b is not None:
                assert gold_theme[(id(pa), pp.a.key)] == gold_theme[(id(pb), pp.b.key)], (pp.a.title, pp.b.title)
            # a priority whose theme the other plan lacks has nothing that fits: it stays unpaired
            if pp.a is not None and gold_theme[(id(pa), pp.a.key)] not in themes_b:
                assert pp.b is None, pp.a.title
            if pp.b is not None and gold_theme[(id(pb), pp.b.key)] not in themes_a:
                assert pp.a is None, pp.b.title
        # and where both plans have a theme, at least one pair is made for it
        paired_themes = {gold_theme[(id(pa), pp.a.key)] for pp in pairs if pp.a is not None and pp.b is not None}
        assert paired_themes == themes_a & themes_b


def test_unrelated_priorities_are_left_unpaired() -> None:
    def plan(title: str, texts: list[str]) -> Plan:
        return Plan(source=Source(path=f"{title}.txt", sha256="0" * 64, format="text"),
                    organisation=Organisation(name=title),
                    priorities=[Priority(key="1", title=title)],
                    actions=[Action(id=f"{title}{i}", priority_key="1", text=t) for i, t in enumerate(texts)])
    prevention = plan("Prevention", ["Deliver awareness campaigns in schools", "Healthy relationships education"])
    perpetrators = plan("Perpetrators", ["Refer perpetrators to behaviour change programmes",
                                         "Hold those who cause harm to account"])
    pairs = align_priorities(prevention, perpetrators)
    assert [(pp.a is None, pp.b is None) for pp in pairs] == [(False, True), (True, False)]


# -- the tables ------------------------------------------------------------------------------


def test_theme_matrix_lists_each_priority_under_its_gold_theme_with_its_action_count(corpus, result) -> None:
    tax = load_taxonomy()
    for label, (_, gold) in zip(result.plans["plan"], corpus):
        for p in gold["priorities"]:
            n = sum(1 for a in gold["actions"] if a["priority"] == p["key"])
            cell = result.themes.loc[tax.label_of(p["theme"]), label]
            assert f"{p['title'].casefold()} ({n})" in cell.casefold()
    assert list(result.themes.index) == [t.label for t in tax.themes]  # every priority has a theme


def test_theme_actions_count_every_action_once(corpus, result) -> None:
    for label, (plan, _) in zip(result.plans["plan"], corpus):
        assert result.theme_actions[label].sum() == len(plan.actions)
        assert result.theme_actions[label].dtype.kind == "i"


def test_agencies_count_actions_led_by_agencies_and_groups(corpus, result) -> None:
    for label, (plan, _) in zip(result.plans["plan"], corpus):
        led = sum(1 for a in plan.actions if any(o.kind in ("agency", "group") for o in a.owners))
        assert led > 0
        # each action counts once per agency it names, so the column is at least the actions led
        assert result.agencies[label].sum() >= led
    # Thames Valley Police leads work in all three plans
    assert (result.agencies.loc["Thames Valley Police"] > 0).all()


def _plan(actions: list[Action], name: str = "Testshire County Council", short: str | None = "TCC") -> Plan:
    return Plan(source=Source(path="t.txt", sha256="0" * 64, format="text"),
                organisation=Organisation(name=name, short_name=short),
                priorities=[Priority(key="1", title="Supporting victims", theme="victim_support")],
                actions=actions)


def test_agency_rows_use_canonical_names_and_skip_people() -> None:
    plan = _plan([
        Action(id="1", priority_key="1", text="x", theme="victim_support", owners=[
            Owner(name="TVP", kind="agency", canonical="Thames Valley Police"),
            Owner(name="Thames Valley Police", kind="agency"),  # same agency twice in one action: counted once
            Owner(name="Jane Smith", kind="person")]),
        Action(id="2", priority_key="1", text="y", theme="victim_support", owners=[
            Owner(name="DA Coordinator", kind="role"), Owner(name="DA Forum", kind="group")]),
    ])
    agencies = compare([plan]).agencies
    assert agencies.to_dict()["TCC"] == {"Thames Valley Police": 1, "DA Forum": 1}


@pytest.mark.parametrize(
    ("iso", "year"),
    [("2024-03-31", "2023-24"), ("2024-04-01", "2024-25"), ("2027-01-15", "2026-27"),
     ("1999-12-31", "1999-00"), (None, None), ("", None), ("not a date", None)],
)
def test_financial_year(iso: str | None, year: str | None) -> None:
    assert financial_year(iso) == year


def test_timescale_spread_counts_actions_due_per_financial_year() -> None:
    def act(i: int, end: str | None, raw: str = "x") -> Action:
        return Action(id=str(i), priority_key="1", text="t", theme="victim_support",
                      timescale=Timescale(raw=raw, end=end) if raw else None)
    plan = _plan([act(1, "2025-03-31"), act(2, "2025-06-30"), act(3, "2026-03-31"), act(4, None, "Ongoing"),
                  act(5, None, "")])
    spread = compare([plan]).timescales["TCC"].to_dict()
    assert spread == {"2024-25": 1, "2025-26": 2, "unknown": 2}


def test_plans_without_themes_are_themed_on_a_copy(corpus) -> None:
    plan = corpus[0][0].model_copy(deep=True)
    for p in plan.priorities:
        p.theme = None
    for a in plan.actions:
        a.theme = None
    res = compare([plan])
    assert all(p.theme is None for p in plan.priorities)  # the caller's plan is not changed
    assert "(none)" not in res.themes.index
    assert res.theme_actions.iloc[:, 0].sum() == len(plan.actions)


def test_plan_labels_are_unique() -> None:
    a = _plan([], short="WBC")
    b = _plan([], name="Wokingham Borough Council", short="WBC")
    assert len(set(plan_labels([a, b, a]))) == 3


def test_markdown_table_escapes_pipes_and_blanks_missing() -> None:
    frame = pd.DataFrame({"a": ["x|y", None], "b": [1.5, float("nan")]}, index=pd.Index(["r1", "r2"], name="k"))
    assert markdown_table(frame).splitlines() == ["| k | a | b |", "|---|---|---|", "| r1 | x\\|y | 1.5 |",
                                                  "| r2 |  |  |"]


# -- outputs --------------------------------------------------------------------------------


def test_csv_round_trip(result, tmp_path: Path) -> None:
    written = result.to_csv(tmp_path / "csv")
    assert sorted(p.name for p in written) == sorted(f"{n}.csv" for n in result.frames())
    themes = pd.read_csv(tmp_path / "csv" / "themes.csv", index_col=0)
    assert themes.shape == result.themes.shape
    alignment = pd.read_csv(tmp_path / "csv" / "alignment.csv")
    assert len(alignment) == len(result.alignment)


def test_html_is_one_self_contained_page(result) -> None:
    page = result.to_html()
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    png = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert png and base64.b64decode(png.group(1)).startswith(b"\x89PNG\r\n\x1a\n")
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing fetched from elsewhere
    assert page.count("<table") == len(result.frames())
    for label in result.plans["plan"]:
        assert label in page
    assert "Act before harm" in page


def test_load_plans_skips_other_json(outdir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for f in outdir.glob("*.json"):
        (folder / f.name).write_text(f.read_text("utf-8"), "utf-8")
    (folder / "report.json").write_text('{"documents": []}', "utf-8")
    (folder / "broken.json").write_text("{", "utf-8")
    plans, skipped = load_plans(folder)
    assert len(plans) == len(TEXTS)
    assert sorted(p.name for p, _ in skipped) == ["broken.json", "report.json"]


# -- the command ------------------------------------------------------------------------------


def test_cli_compare_prints_markdown_and_writes_csv_and_html(outdir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["compare", str(outdir), "--csv", str(tmp_path / "csv"),
                               "--html", str(tmp_path / "cmp.html")])
    assert res.exit_code == 0, res.output
    assert "| Prevention | Prevention and early intervention (9) | Act before harm (7) |" in res.stdout
    assert "## Priority alignment across plans" in res.stdout
    assert (tmp_path / "csv" / "alignment.csv").is_file()
    assert "data:image/png;base64," in (tmp_path / "cmp.html").read_text("utf-8")


def test_cli_compare_with_another_taxonomy(outdir: Path) -> None:
    res = CliRunner().invoke(main, ["compare", str(outdir), "--taxonomy", "health_wellbeing"])
    assert res.exit_code == 0, res.output
    assert "| Start well |" in res.stdout  # plans re-themed with the taxonomy asked for


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--taxonomy", "no-such-taxonomy"], "no taxonomy"), ([], "no converted plans")],
)
def test_cli_compare_usage_errors(tmp_path: Path, outdir: Path, args: list[str], message: str) -> None:
    target = outdir if args else tmp_path
    res = CliRunner().invoke(main, ["compare", str(target), *args])
    assert res.exit_code == 2
    assert message in res.output


def test_two_councils_sharing_a_short_name_are_told_apart_by_their_names() -> None:
    """Wokingham Borough Council and West Berkshire Council are both 'WBC' in their own plans."""
    wok = _plan([], name="Wokingham Borough Council", short="WBC")
    wok.organisation.gss_code = "E06000041"
    wber = _plan([], name="West Berkshire Council", short="WBC")
    wber.organisation.gss_code = "E06000037"
    assert plan_labels([wok, wber]) == ["Wokingham Borough Council", "West Berkshire Council"]
    frame = compare([wok, wber]).plans
    assert list(frame["gss_code"]) == ["E06000041", "E06000037"]
