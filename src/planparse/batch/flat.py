"""Plans as one flat table of actions, for CSV and Parquet: each row carries what a researcher filters by.

A row is an action with its plan around it (title, type, period,
organisation and its code, where the plan came from), its resolved
timescale (start and end dates, the UK financial year it is due) and its
theme, so a spreadsheet or a data frame needs no join to answer "which
councils have perpetrator actions due in 2025-26". Parquet keeps owners as a
list; CSV, which has no lists, joins them with "; ".
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from planparse.enrich.timescales import financial_year
from planparse.schema import ACTION_COLUMNS, Plan

PLAN_COLUMNS = ["plan_title", "doc_type", "period_start", "period_end", "organisation_code", "source_url",
                "taxonomy"]
EXTRA_ACTION_COLUMNS = ["timescale_start", "timescale_end", "year_due", "theme", "theme_label"]
FLAT_COLUMNS = ACTION_COLUMNS + EXTRA_ACTION_COLUMNS + PLAN_COLUMNS
CODE_KEYS = ("gss_code", "gss", "code", "ons_code", "organisation_code")


def organisation_code(plan: Plan) -> str | None:
    """The organisation's GSS (ONS) code, under whichever name Plan.organisation holds it; None until it does."""
    data = plan.organisation.model_dump()
    for key in CODE_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def theme_labels(plan: Plan) -> dict[str, str]:
    """Theme id -> label in the plan's taxonomy (ids themselves where the taxonomy cannot be loaded)."""
    from planparse.enrich.themes import TaxonomyError, load_taxonomy

    chosen = plan.taxonomy.id if plan.taxonomy is not None else None
    if not chosen:
        return {}
    try:
        return {t.id: t.label for t in load_taxonomy(chosen).themes}
    except TaxonomyError:
        return {}


def plan_frame(plan: Plan, lists: bool = False) -> pd.DataFrame:
    """One row per action of the plan with the plan's fields; owners as lists when `lists` (Parquet)."""
    frame = plan.actions_frame()
    labels = theme_labels(plan)
    ends = [a.timescale.end if a.timescale else None for a in plan.actions]
    frame["timescale_start"] = [a.timescale.start if a.timescale else None for a in plan.actions]
    frame["timescale_end"] = ends
    frame["year_due"] = [financial_year(e) for e in ends]
    frame["theme"] = [a.theme for a in plan.actions]
    frame["theme_label"] = [labels.get(a.theme or "", a.theme) for a in plan.actions]
    values = {
        "plan_title": plan.title, "doc_type": plan.doc_type,
        "period_start": plan.period.start_year if plan.period else None,
        "period_end": plan.period.end_year if plan.period else None,
        "organisation_code": organisation_code(plan), "source_url": plan.source.url,
        "taxonomy": plan.taxonomy.id if plan.taxonomy is not None else None,
    }
    for column, value in values.items():
        frame[column] = [value] * len(frame)
    if lists:
        frame["owners"] = pd.Series([[o.name for o in a.owners] for a in plan.actions], index=frame.index,
                                    dtype=object)
        frame["owner_kinds"] = pd.Series([[o.kind for o in a.owners] for a in plan.actions], index=frame.index,
                                         dtype=object)
    return frame[FLAT_COLUMNS]


def flat_frame(plans: Iterable[Plan], lists: bool = False) -> pd.DataFrame:
    """Every action of every plan, FLAT_COLUMNS, in plan order."""
    frames = [plan_frame(p, lists) for p in plans]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=FLAT_COLUMNS)
    return pd.concat(frames, ignore_index=True)
