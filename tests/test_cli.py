"""The `planparse` command, driven through click's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from planparse import __version__
from planparse.cli import main
from planparse.schema import Plan

MINI = """Sample Borough Council Domestic Abuse Action Plan 2023-2026

Priority 1: Prevention and early intervention

Ref\tAction\tLead\tTimescale
1.1\tDeliver awareness training for frontline staff in caf\u00e9s and schools.\tThames Valley Police / Berkshire Women\u2019s Aid\tMarch 2024
1.2\tReview referral pathways \u2013 including the MASH front door.\tGemma Walsh and Nick Caprara\tAutumn 2024
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _fail_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("FAIL")]


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    src = tmp_path / "plans"
    src.mkdir()
    (src / "good.txt").write_text(MINI, "utf-8")
    (src / "legacy.txt").write_bytes(MINI.encode("cp1252"))
    (src / "prose.txt").write_text("Our Strategy\n\nWe will work with Thames Valley Police.\n", "utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (src / "download.pdf").write_text("<html><body>Access denied</body></html>", "utf-8")
    return src


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_convert_mixed_folder(runner: CliRunner, mixed_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["convert", str(mixed_folder), "-o", str(out)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    # one json per good input and the run manifest, nothing else: no temp files, no partial files
    assert sorted(p.name for p in out.iterdir()) == ["good.json", "legacy.json", "manifest.jsonl", "prose.json"]
    for p in out.glob("*.json"):
        Plan.model_validate_json(p.read_text("utf-8"))
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert sorted((Path(r["input"]).name, r["status"], r["error_class"]) for r in manifest) == [
        ("blob.txt", "failed", "BinaryInput"), ("download.pdf", "failed", "NotAPDF"),
        ("empty.txt", "failed", "EmptyInput"), ("good.txt", "ok", None), ("legacy.txt", "ok", None),
        ("prose.txt", "ok", None)]
    # one line per failure, on stderr, naming the file and the kind; no traceback
    fails = _fail_lines(result.stderr)
    assert len(fails) == 3
    for name, kind in [("empty.txt", "EmptyInput"), ("blob.txt", "BinaryInput"), ("download.pdf", "NotAPDF")]:
        [line] = [f for f in fails if name in f]
        assert f": {kind}: " in line
    assert "Traceback" not in result.output
    assert "3 converted, 3 failed" in result.stdout


def test_convert_cp1252_input_keeps_its_characters(runner: CliRunner, mixed_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(main, ["convert", str(mixed_folder / "legacy.txt"), "-o", str(out)])
    plan = Plan.model_validate_json((out / "legacy.json").read_text("utf-8"))
    assert plan.source.encoding == "cp1252"
    assert plan.actions[0].text == "Deliver awareness training for frontline staff in caf\u00e9s and schools."
    assert [o.name for o in plan.actions[0].owners] == ["Thames Valley Police", "Berkshire Women\u2019s Aid"]
    assert "\u2013" in plan.actions[1].text


def test_convert_all_good_exits_zero(runner: CliRunner, mixed_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["convert", str(mixed_folder / "good.txt"), str(mixed_folder / "legacy.txt"),
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 converted, 0 failed" in result.stdout
    assert f"ok    {mixed_folder / 'good.txt'} -> {out / 'good.json'}" in result.stdout
    assert result.stderr == ""


def test_convert_quiet(runner: CliRunner, mixed_folder: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["convert", "-q", str(mixed_folder / "good.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "ok    " not in result.stdout
    assert "1 converted, 0 failed" in result.stdout


def test_convert_same_stem_in_two_folders(runner: CliRunner, tmp_path: Path) -> None:
    for year in ("2023", "2024"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "plan.txt").write_text(MINI.replace("2023-2026", f"{year}-2026"), "utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["convert", str(tmp_path / "2023"), str(tmp_path / "2024"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.json"))
    assert len(files) == 2
    starts = {Plan.model_validate_json(f.read_text("utf-8")).period.start_year for f in files}
    assert starts == {2023, 2024}


def test_convert_rerun_skips_up_to_date_and_force_overwrites_cleanly(runner: CliRunner, mixed_folder: Path,
                                                                    tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["convert", str(mixed_folder / "good.txt"), "-o", str(out)]
    runner.invoke(main, args)
    first = (out / "good.json").read_text("utf-8")
    inode = (out / "good.json").stat().st_ino
    again = runner.invoke(main, args)  # since issue 6: same bytes, same version -> not converted again
    assert again.exit_code == 0
    assert "0 converted, 0 failed, 1 up to date" in again.stdout
    assert (out / "good.json").stat().st_ino == inode
    forced = runner.invoke(main, [*args, "--force"])
    assert forced.exit_code == 0 and "1 converted, 0 failed, 0 up to date" in forced.stdout
    assert (out / "good.json").stat().st_ino != inode  # rewritten (atomically: a new file renamed over it)
    assert (out / "good.json").read_text("utf-8") == first
    assert sorted(p.name for p in out.iterdir()) == ["good.json", "manifest.jsonl"]


def test_convert_missing_file_is_a_failure_not_a_crash(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["convert", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    [line] = _fail_lines(result.stderr)
    assert "NotFound" in line and "nope.txt" in line


def test_convert_empty_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(main, ["convert", str(tmp_path / "empty"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no plan files found" in result.output


def test_schema_prints_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert {"schema_version", "source", "actions"} <= set(schema["properties"])
    assert schema["title"] == "Plan"


def test_show_corpus_text_prints_priorities(runner: CliRunner, corpus_texts: list[Path], gold_dir: Path) -> None:
    path = next(p for p in corpus_texts if p.stem.startswith("west-berkshire"))
    gold = json.loads((gold_dir / f"{path.stem}.gold.json").read_text("utf-8"))
    result = runner.invoke(main, ["show", str(path)])
    assert result.exit_code == 0, result.output
    assert "Priorities:" in result.stdout
    for p in gold["priorities"]:
        n = sum(1 for a in gold["actions"] if a["priority"] == p["key"])
        assert f"  {p['key']}. {p['title']}  ({n} actions)" in result.stdout
    assert "type: delivery_plan; period: 2024-2027" in result.stdout
    assert "Alastair Harsant [person]" in result.stdout


def test_show_converted_json_matches_show_text(runner: CliRunner, corpus_texts: list[Path], tmp_path: Path) -> None:
    path = next(p for p in corpus_texts if p.stem.startswith("rbwm"))
    runner.invoke(main, ["convert", str(path), "-o", str(tmp_path)])
    from_text = runner.invoke(main, ["show", str(path)])
    from_json = runner.invoke(main, ["show", str(tmp_path / f"{path.stem}.json")])
    assert from_json.exit_code == 0
    assert from_json.stdout == from_text.stdout


def test_show_bad_file_is_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = runner.invoke(main, ["show", str(path)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: EmptyInput: empty.txt is empty"
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def converted_corpus(tmp_path_factory, corpus_texts: list[Path]) -> Path:
    out = tmp_path_factory.mktemp("converted")
    result = CliRunner().invoke(main, ["convert", "-q", *map(str, corpus_texts), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def text_gold_dir(tmp_path_factory, gold_dir: Path, corpus_texts: list[Path]) -> Path:
    """The gold answers of the three text plans only (converted_corpus converts only those)."""
    out = tmp_path_factory.mktemp("text_gold")
    for text in corpus_texts:
        shutil.copy(gold_dir / f"{text.stem}.gold.json", out)
    return out


def test_evaluate_prints_a_table(runner: CliRunner, converted_corpus: Path, text_gold_dir: Path) -> None:
    gold_dir = text_gold_dir
    result = runner.invoke(main, ["evaluate", str(converted_corpus), str(gold_dir)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = [c.strip() for c in lines[0].split("|")]
    assert header[:4] == ["document", "actions_gold", "actions_found", "action_f1"]
    assert set(lines[1]) <= {"-", "+"}
    body = [[c.strip() for c in line.split("|")] for line in lines[2:]]
    assert [r[0] for r in body] == [
        "rbwm-domestic-abuse-strategy-2022-24",
        "west-berkshire-domestic-abuse-delivery-plan-2024-27",
        "wokingham-domestic-abuse-action-plan-2021-24",
        "OVERALL",
        "MACRO",
    ]
    gold_counts = [len(json.loads(p.read_text("utf-8"))["actions"]) for p in sorted(gold_dir.glob("*.gold.json"))]
    assert [int(r[1]) for r in body] == [*gold_counts, sum(gold_counts), sum(gold_counts)]
    # MACRO is the plain mean of the documents' figures, OVERALL pools their counts
    f1 = header.index("action_f1")
    docs = [float(r[f1]) for r in body[:3]]
    assert float(body[4][f1]) == pytest.approx(sum(docs) / 3, abs=1e-3)
    # a field with no gold values shows as "-"
    rag = header.index("rag_acc")
    assert body[0][rag] == "-"


def test_evaluate_json(runner: CliRunner, converted_corpus: Path, text_gold_dir: Path) -> None:
    result = runner.invoke(main, ["evaluate", "--json", str(converted_corpus), str(text_gold_dir)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["missing"] == []
    assert [d["document"] for d in data["documents"]][-2:] == ["OVERALL", "MACRO"]
    overall = data["documents"][-2]
    assert overall["actions_gold"] == sum(c["tp"] + c["fn"] for c in data["counts"])
    assert 0.0 <= overall["owner_f1"] <= 1.0


def test_evaluate_reports_missing_outputs(runner: CliRunner, converted_corpus: Path, text_gold_dir: Path,
                                          tmp_path: Path) -> None:
    gold_dir = text_gold_dir
    partial = tmp_path / "partial"
    partial.mkdir()
    keep = sorted(converted_corpus.glob("*.json"))[0]
    shutil.copy(keep, partial / keep.name)
    result = runner.invoke(main, ["evaluate", str(partial), str(gold_dir)])
    assert result.exit_code == 0
    missing = [line for line in result.stderr.splitlines() if line.startswith("missing:")]
    assert len(missing) == 2
    data = json.loads(runner.invoke(main, ["evaluate", "--json", str(partial), str(gold_dir)]).stdout)
    assert len(data["missing"]) == 2 and keep.stem not in data["missing"]


def test_evaluate_nothing_to_score_exits_one(runner: CliRunner, gold_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["evaluate", str(tmp_path), str(gold_dir)])
    assert result.exit_code == 1
    assert result.stderr.count("missing:") == len(list(gold_dir.glob("*.gold.json")))


def test_convert_progress_bar_only_on_a_terminal(mixed_folder: Path, tmp_path: Path) -> None:
    """stderr on a terminal gets one self-rewriting line (files, pages, rate, ETA); a pipe or --quiet gets none."""
    import os
    import pty
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    cmd = [sys.executable, "-m", "planparse.cli", "convert", str(mixed_folder), "-o", str(tmp_path / "out"),
           "--workers", "0"]
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, env=env, cwd=root)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the pty closes when the process exits
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 1
    assert "\r[" in shown and "6/6 files" in shown and "pages/s" in shown and "ETA" in shown
    assert "3 failed" in shown
    piped = subprocess.run([*cmd, "--force"], capture_output=True, text=True, env=env, cwd=root, timeout=60)
    assert "\r" not in piped.stderr and "ETA" not in piped.stderr
