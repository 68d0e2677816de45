"""Converted plans as one SQLite database a researcher can browse, query and search (sqlite-utils).

Tables, each row pointing at its parent by foreign key, so a join answers
any question and Datasette shows the links:

- ``plans``: one row per plan: title, council (and its short name and GSS
  code, once Plan.organisation holds one), type, period, the taxonomy its
  themes come from, where it came from (file, URL), counts and quality;
- ``priorities``: each plan's priorities with their theme;
- ``actions``: every action with its council, priority, theme, owners (a JSON
  list, so Datasette facets on each owner), timescale and the UK financial
  year it is due, RAG, and where it is in its source; full-text searchable;
- ``owners``: one row per owner of an action (agencies, people, roles);
- ``entities``: the agencies, people and roles each plan mentions;
- ``tables``: every table read in each plan (actions, risks, timetables).

The database is built in a temporary file beside the target and renamed
when whole, and ``<name>.metadata.json`` beside it tells Datasette which
facets to open with: ``datasette plans.db -m plans.metadata.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from planparse.batch.flat import financial_year, organisation_code, theme_labels
from planparse.batch.outputs import atomic_path, write_atomic
from planparse.schema import Plan

FACETS = {
    "actions": ["council", "theme", {"array": "owners"}, "year_due", "rag"],
    "priorities": ["council", "theme"],
    "plans": ["council", "doc_type", "taxonomy"],
}


def write_sqlite(plans: Iterable[Plan], path: Path) -> int:
    """Write the plans to a new SQLite database at `path` (replacing it whole) and its Datasette metadata.

    Returns the number of plans written. The same plan converted twice
    (same bytes) is one row.
    """
    import sqlite_utils

    count = 0
    with atomic_path(path) as tmp:
        tmp.unlink()  # sqlite-utils makes the file; an empty one left by mkstemp is not a database
        db = sqlite_utils.Database(tmp)
        try:
            _create(db)
            for plan in plans:
                _insert(db, plan)
                count += 1
            db["actions"].enable_fts(["text", "priority", "owners_text"], create_triggers=True)
            db["priorities"].enable_fts(["title", "description"], create_triggers=True)
            for table, columns in (("actions", ["council"]), ("actions", ["theme"]), ("actions", ["year_due"]),
                                   ("owners", ["name"])):
                db[table].create_index(columns, if_not_exists=True)
            db.vacuum()
        finally:
            db.close()
    write_atomic(metadata_path(path), json.dumps(datasette_metadata(path, count), indent=2) + "\n")
    return count


def metadata_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.metadata.json")


def datasette_metadata(path: Path, plans: int) -> dict[str, Any]:
    """Datasette's metadata for the database: titles, descriptions and the facets each table opens with."""
    return {
        "title": f"planparse: {plans} plans",
        "description": "Plans converted by planparse: priorities, actions with owners, timescales and RAG, "
                       "entities and tables. Search actions with the search box; facet by council, theme, "
                       "owner and year due.",
        "databases": {path.stem: {"tables": {
            "actions": {"facets": FACETS["actions"], "label_column": "text", "sort": "plan_id",
                        "description": "One row per action; owners is a list (facet: owners)."},
            "priorities": {"facets": FACETS["priorities"], "label_column": "title"},
            "plans": {"facets": FACETS["plans"], "label_column": "title"},
            "owners": {"facets": ["kind"], "label_column": "name"},
            "entities": {"facets": ["label"], "label_column": "text"},
        }}},
    }


def _create(db: Any) -> None:
    """The tables with their columns and keys, so a batch with no priorities or entities still has them all."""
    db["plans"].create({
        "id": str, "title": str, "council": str, "council_short": str, "gss_code": str, "doc_type": str,
        "period_start": int, "period_end": int, "taxonomy": str, "source": str, "url": str, "format": str,
        "pages": int, "sha256": str, "priorities": int, "actions": int, "quality_score": float, "warnings": str,
    }, pk="id")
    db["priorities"].create({
        "id": str, "plan_id": str, "key": str, "council": str, "title": str, "description": str, "theme": str,
        "theme_id": str, "theme_score": float, "page": int, "line": int,
    }, pk="id", foreign_keys=[("plan_id", "plans", "id")])
    db["actions"].create({
        "id": str, "plan_id": str, "priority_id": str, "council": str, "ref": str, "text": str, "priority": str,
        "theme": str, "theme_id": str, "owners": str, "owners_text": str, "timescale": str, "start": str, "end": str,
        "year_due": str, "ongoing": int, "rag": str, "progress": str, "priority_level": str, "group": str,
        "outcome": str, "output": str, "method": str, "confidence": float, "page": int, "line": int,
    }, pk="id", foreign_keys=[("plan_id", "plans", "id"), ("priority_id", "priorities", "id")])
    db["owners"].create({
        "id": str, "action_id": str, "plan_id": str, "position": int, "name": str, "kind": str, "role": str,
        "canonical": str, "canonical_id": str,
    }, pk="id", foreign_keys=[("action_id", "actions", "id"), ("plan_id", "plans", "id")])
    db["entities"].create({
        "id": str, "plan_id": str, "text": str, "label": str, "count": int, "canonical": str, "canonical_id": str,
        "pages": str,
    }, pk="id", foreign_keys=[("plan_id", "plans", "id")])
    db["tables"].create({
        "id": str, "plan_id": str, "position": int, "kind": str, "is_action_table": int, "columns": str,
        "rows": int, "pages": str, "page": int,
    }, pk="id", foreign_keys=[("plan_id", "plans", "id")])


def _insert(db: Any, plan: Plan) -> None:
    plan_id = plan.source.sha256[:16]
    council = plan.organisation.name
    labels = theme_labels(plan)
    db["plans"].upsert({
        "id": plan_id, "title": plan.title, "council": council, "council_short": plan.organisation.short_name,
        "gss_code": organisation_code(plan), "doc_type": plan.doc_type,
        "period_start": plan.period.start_year if plan.period else None,
        "period_end": plan.period.end_year if plan.period else None,
        "taxonomy": plan.taxonomy.id if plan.taxonomy is not None else None,
        "source": plan.source.path, "url": plan.source.url, "format": plan.source.format,
        "pages": plan.source.pages, "sha256": plan.source.sha256, "priorities": len(plan.priorities),
        "actions": len(plan.actions), "quality_score": plan.quality.score, "warnings": json.dumps(plan.warnings),
    }, pk="id")
    titles = {p.key: p.title for p in plan.priorities}
    db["priorities"].upsert_all([{
        "id": f"{plan_id}:{p.key}", "plan_id": plan_id, "key": p.key, "council": council, "title": p.title,
        "description": p.description, "theme": labels.get(p.theme or "", p.theme), "theme_id": p.theme,
        "theme_score": p.theme_score, "page": p.provenance.page, "line": p.provenance.line,
    } for p in plan.priorities], pk="id")
    db["actions"].upsert_all([{
        "id": a.id, "plan_id": plan_id,
        "priority_id": f"{plan_id}:{a.priority_key}" if a.priority_key in titles else None,
        "council": council, "ref": a.ref, "text": a.text, "priority": titles.get(a.priority_key or ""),
        "theme": labels.get(a.theme or "", a.theme), "theme_id": a.theme,
        "owners": json.dumps([o.name for o in a.owners]), "owners_text": "; ".join(o.name for o in a.owners),
        "timescale": a.timescale.raw if a.timescale else None, "start": a.timescale.start if a.timescale else None,
        "end": a.timescale.end if a.timescale else None,
        "year_due": financial_year(a.timescale.end if a.timescale else None),
        "ongoing": int(a.timescale.ongoing) if a.timescale else None, "rag": a.status.rag,
        "progress": a.status.progress, "priority_level": a.priority_level, "group": a.group, "outcome": a.outcome,
        "output": a.output, "method": a.method, "confidence": a.confidence, "page": a.provenance.page,
        "line": a.provenance.line,
    } for a in plan.actions], pk="id")
    db["owners"].upsert_all([{
        "id": f"{a.id}:{k}", "action_id": a.id, "plan_id": plan_id, "position": k, "name": o.name, "kind": o.kind,
        "role": o.role, "canonical": o.canonical, "canonical_id": o.canonical_id,
    } for a in plan.actions for k, o in enumerate(a.owners)], pk="id")
    db["entities"].upsert_all([{
        "id": f"{plan_id}:{k}", "plan_id": plan_id, "text": e.text, "label": e.label, "count": e.count,
        "canonical": e.canonical, "canonical_id": e.canonical_id, "pages": json.dumps(e.pages),
    } for k, e in enumerate(plan.entities)], pk="id")
    db["tables"].upsert_all([{
        "id": f"{plan_id}:{k}", "plan_id": plan_id, "position": k, "kind": t.kind,
        "is_action_table": int(t.is_action_table), "columns": json.dumps([c.header for c in t.columns]),
        "rows": len(t.rows), "pages": json.dumps(t.pages), "page": t.provenance.page,
    } for k, t in enumerate(plan.tables)], pk="id")
