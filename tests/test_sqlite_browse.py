"""`convert --sqlite`: a database of plans a researcher can query, search and browse in Datasette.

The browse check is what a researcher sees: Datasette serving the database
on 127.0.0.1, the actions page opened in headless Chromium, faceted by
council, theme, owner and year due, and a screenshot of it.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import chromium, require_chromium, screenshot_path
from planparse.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "corpora"


@pytest.fixture(scope="module")
def converted(sample_formats: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("plans")
    for fmt in ("docx", "xlsx"):
        shutil.copy(sample_formats[fmt], src / sample_formats[fmt].name)
    for text in sorted((CORPUS / "text").glob("*.txt")):
        shutil.copy(text, src / text.name)
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["convert", str(src), "-o", str(out), "--workers", "0", "--quiet",
                                       "--sqlite", str(out / "plans.db"), "--csv", str(out / "actions.csv"),
                                       "--parquet", str(out / "actions.parquet")])
    assert result.exit_code == 0, result.output
    assert "datasette" in result.output and "plans.metadata.json" in result.output
    return out


def test_tables_keys_and_search(converted: Path) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(converted / "plans.db")
    assert {"plans", "priorities", "actions", "owners", "entities", "tables"} <= set(db.table_names())
    assert db["plans"].count == 5 and db["actions"].count == 27 + 35 + 25 + 6 + 6
    fks = {(fk.table, fk.column, fk.other_table) for t in ("priorities", "actions", "owners", "entities", "tables")
           for fk in db[t].foreign_keys}
    assert {("actions", "plan_id", "plans"), ("actions", "priority_id", "priorities"),
            ("owners", "action_id", "actions"), ("priorities", "plan_id", "plans")} <= fks
    assert "gss_code" in db["plans"].columns_dict  # filled once Plan.organisation carries the code
    hits = list(db.query("select a.ref, a.council, a.owners from actions a join actions_fts f on f.rowid = a.rowid "
                         "where actions_fts match 'refuge' order by a.council, a.ref"))
    assert any(h["ref"] == "2.1" and json.loads(h["owners"]) == ["Housing Options Manager"] for h in hits)
    # every action points at an existing plan, and every linked priority exists
    orphans = list(db.query("select count(*) n from actions a left join plans p on p.id = a.plan_id "
                            "where p.id is null"))
    assert orphans[0]["n"] == 0
    due = {r["year_due"] for r in db.query("select distinct year_due from actions where year_due is not null")}
    assert "2024-25" in due


def test_flat_files_carry_plan_fields_and_owner_lists(converted: Path) -> None:
    import pandas as pd

    csv = pd.read_csv(converted / "actions.csv")
    parquet = pd.read_parquet(converted / "actions.parquet")
    for frame in (csv, parquet):
        assert {"timescale_start", "timescale_end", "theme", "plan_title", "doc_type", "period_start",
                "period_end", "organisation_code", "year_due"} <= set(frame.columns)
    sample = parquet["plan_title"].str.contains("Domestic Abuse Action Plan 2024-2027", na=False)
    row = parquet[sample & (parquet["ref"] == "2.2")].iloc[0]
    assert list(row["owners"]) == ["Sample Police", "Jane Smith"]  # a list column, not a joined string
    csv_sample = csv["plan_title"].str.contains("Domestic Abuse Action Plan 2024-2027", na=False)
    assert csv[csv_sample & (csv["ref"] == "2.2")].iloc[0]["owners"] == "Sample Police; Jane Smith"
    assert row["timescale_end"] == "2025-12-31" and row["theme_label"] == "Victim support"


def test_load_reads_the_converted_plans_back(converted: Path) -> None:
    import planparse

    plans = planparse.load(converted)
    assert len(plans) == 5 and all(isinstance(p, planparse.Plan) for p in plans)  # manifest.jsonl skipped
    one = planparse.load(next(converted.glob("rbwm*.json")))
    assert [p.title for p in one] == [p.title for p in plans if p.source.path.endswith("rbwm-domestic-abuse-"
                                                                                       "strategy-2022-24.txt")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"datasette exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"datasette did not answer at {url}")


def test_datasette_shows_actions_faceted_by_council_theme_owner_and_year(converted: Path, tmp_path: Path) -> None:
    require_chromium()
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(converted / "plans.db"),
                             "-m", str(converted / "plans.metadata.json"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/-/versions.json", proc)
        with chromium() as driver:
            driver.get(f"{base}/plans/actions")
            facets = {el.get_attribute("data-column"): el.text
                      for el in driver.find_elements("css selector", ".facet-info")}
            assert {"council", "theme", "owners", "year_due"} <= set(facets)
            assert "Wokingham Borough Council" in facets["council"]
            assert "Victim support" in facets["theme"] and "Perpetrators" in facets["theme"]
            assert "Housing Options Manager" in facets["owners"]
            assert "2024-25" in facets["year_due"]
            assert "99 rows" in driver.find_element("css selector", "h3").text
            shot = screenshot_path(tmp_path, "datasette-actions.png")
            assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
            # full-text search from the page's own search box
            driver.get(f"{base}/plans/actions?_search=refuge")
            assert "refuge" in driver.find_element("css selector", "table.rows-and-columns").text.lower()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
