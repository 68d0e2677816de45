"""The command line for #14: folder scans that say what they leave out, show --page into a folder,
out-of-range pages, page ranges, entities --csv and convert --taxonomy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import planparse
from planparse.cli import PageRanges, main

CORPUS = Path(__file__).resolve().parents[1] / "corpora"
SUICIDE = CORPUS / "real" / "wsx_suicide_prevention_strategy_2017-20.pdf"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_a_folder_scan_reports_what_it_leaves_out(runner: CliRunner, sample_formats: dict[str, Path],
                                                  tmp_path: Path) -> None:
    src = tmp_path / "downloads"
    src.mkdir()
    for fmt in ("docx", "html", "xlsx", "csv", "odt"):
        shutil.copy(sample_formats[fmt], src / f"plan-{fmt}.{fmt}")
    (src / "slides.pptx").write_bytes(b"PK\x03\x04")
    (src / "logo.png").write_bytes(b"\x89PNG")
    (src / "~$plan-docx.docx").write_bytes(b"lock")
    (src / "notes.xyz").write_text("x")
    out = tmp_path / "out"
    result = runner.invoke(main, ["convert", str(src), "-o", str(out), "--workers", "0", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "left out 4 files the folder scan does not convert: " in result.stderr
    assert sorted(p.name for p in out.glob("*.json")) == [f"plan-{f}.json" for f in
                                                           ("csv", "docx", "html", "odt", "xlsx")]
    records = [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    ignored = {Path(r["input"]).name: r["message"] for r in records if r["status"] == "ignored"}
    assert ignored == {"slides.pptx": "a PowerPoint file", "logo.png": "an image",
                       "~$plan-docx.docx": "an Office lock file (the document is open somewhere)",
                       "notes.xyz": "not a format planparse reads (.xyz)"}


def test_convert_taxonomy_option(runner: CliRunner, sample_formats: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["convert", str(sample_formats["html"]), "-o", str(out), "--workers", "0",
                                  "--taxonomy", "community_safety", "--quiet"])
    assert result.exit_code == 0, result.output
    plan = planparse.load(out / "sample-plan.json")[0]
    assert plan.taxonomy is not None and (plan.taxonomy.id, plan.taxonomy.chosen) == ("community_safety", "given")
    bad = runner.invoke(main, ["convert", str(sample_formats["html"]), "-o", str(out), "--taxonomy", "nope"])
    assert bad.exit_code == 2 and "no taxonomy 'nope'" in bad.stderr


def test_show_draws_pages_into_the_folder_named(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    pdf = shutil.copy(SUICIDE, src / SUICIDE.name)
    (src).chmod(0o555)  # the input's folder is read-only: nothing may be written beside the input
    try:
        result = runner.invoke(main, ["show", str(pdf), "--pages", "1,35-36", "-o", str(tmp_path / "pics")])
    finally:
        src.chmod(0o755)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "pics").iterdir()) == [
        f"{SUICIDE.stem}-page{n}.png" for n in (1, 35, 36)]
    assert sorted(p.name for p in src.iterdir()) == [SUICIDE.name]


def test_a_page_out_of_range_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["show", str(SUICIDE), "--page", "99", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.splitlines() == [f"Error: --page: page 99 is not in {SUICIDE.name}, which has 42 pages"]
    assert list(tmp_path.iterdir()) == []  # nothing drawn


def test_page_ranges() -> None:
    ranges = PageRanges()
    assert ranges.convert("1,4-6, 9", None, None) == [1, 4, 5, 6, 9]
    assert ranges.convert("3,3,2-3", None, None) == [3, 2]
    for bad in ("0", "5-2", "a", "4-", ""):
        with pytest.raises(Exception) as info:
            ranges.convert(bad, None, None)
        assert "page" in str(info.value)


def test_show_page_of_a_word_document_says_why_not(runner: CliRunner, sample_formats: dict[str, Path],
                                                   tmp_path: Path) -> None:
    result = runner.invoke(main, ["show", str(sample_formats["docx"]), "--page", "1", "-o", str(tmp_path)])
    assert result.exit_code == 1 and "--page draws on a PDF; sample-plan.docx is docx" in result.stderr


def test_entities_csv(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    texts = sorted(str(t) for t in (CORPUS / "text").glob("*.txt"))
    assert runner.invoke(main, ["convert", *texts, "-o", str(out), "--workers", "0", "--quiet"]).exit_code == 0
    csv = tmp_path / "agencies.csv"
    result = runner.invoke(main, ["entities", str(out), "--csv", str(csv), "--top", "3"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(csv)
    assert list(frame.columns[:2]) == ["canonical_id", "agency"] and list(frame.columns[-2:]) == ["total_led",
                                                                                                 "mentions"]
    assert len(frame) > 3  # every agency, not only the --top shown
    assert "Thames Valley Police" in set(frame["agency"])
    assert (frame["total_led"] == frame.iloc[:, 2:-2].sum(axis=1)).all()
