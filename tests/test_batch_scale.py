"""A 300-page batch (issue 6): Ctrl-C midway, then the same command finishes the rest without redoing anything.

Also: the process pool, in-process runs and Dask give byte-identical
outputs, and the combined outputs (--jsonl, --parquet, --csv) cover
up-to-date inputs as well as newly converted ones.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from planparse.cli import main
from planparse.schema import Plan

ROOT = Path(__file__).resolve().parents[1]
TEXT_DOCS, PDF_DOCS, PAGES_EACH = 27, 3, 10


def _paged(text: str, pages: int) -> str:
    """The export with a form feed every len/pages lines: a `pages`-page text plan."""
    lines = text.splitlines()
    step = len(lines) // pages + 1
    return "\n\f".join("\n".join(lines[i:i + step]) for i in range(0, len(lines), step))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, corpus_texts: list[Path], pdf_generator) -> Path:
    """27 ten-page text plans and 3 ten-page PDFs (last in input order, so still pending at Ctrl-C): 300 pages."""
    src = tmp_path_factory.mktemp("scale") / "plans"
    (src / "1-text").mkdir(parents=True)
    (src / "2-pdf").mkdir()
    base = next(p for p in corpus_texts if p.stem.startswith("west-berkshire"))
    paged = _paged(base.read_text("utf-8"), PAGES_EACH)
    for k in range(TEXT_DOCS):
        (src / "1-text" / f"plan-{k:02d}.txt").write_text(f"Copy {k}\n{paged}", "utf-8")
    rendered = pdf_generator.render_text_plan(base, src / "2-pdf" / "plan-pdf-0.pdf", ruled=True)
    for k in range(1, PDF_DOCS):
        (src / "2-pdf" / f"plan-pdf-{k}.pdf").write_bytes(rendered.read_bytes())
    return src


def _convert(*args: str) -> subprocess.Popen:
    """planparse convert as a user runs it in a terminal: Ctrl-C (SIGINT) on.

    A suite started as a background job of a non-interactive shell (as CI may
    do) inherits SIGINT ignored, and so would the child; the Ctrl-C test
    would then see the batch finish instead.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-m", "planparse.cli", "convert", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _manifest(out: Path) -> list[dict]:
    path = out / "manifest.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp"))


def test_interrupted_batch_resumes_without_redoing_work(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = _convert(str(corpus), "-o", str(out), "--workers", "2", "-q")
    deadline = time.monotonic() + 90
    while sum(r["status"] == "ok" for r in _manifest(out)) < 4:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the batch never got going"
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)  # Ctrl-C
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "interrupted:" in stderr and "run the same command again" in stderr
    assert "Traceback" not in stdout + stderr

    first = _manifest(out)
    inputs = sorted(str(p) for p in corpus.rglob("*") if p.is_file())
    assert sorted(r["input"] for r in first) == inputs  # every input accounted for, once
    done = {r["input"]: r for r in first if r["status"] == "ok"}
    undone = [r for r in first if r["status"] == "interrupted"]
    assert {r["status"] for r in first} == {"ok", "interrupted"}
    assert len(done) >= 4 and undone
    assert all(r["output"] is None and r["error_class"] is None for r in undone)
    assert _leftovers(out) == []  # no temp file, no partial output
    written = {str(p) for p in out.glob("*.json")}
    assert {r["output"] for r in done.values()} <= written
    # a worker can finish its (atomic) write just as it is stopped, before the parent hears of it: that
    # output is complete, the manifest says interrupted, and the next run finds it up to date
    late = written - {r["output"] for r in done.values()}
    assert len(late) <= 2
    stamps = {}
    for output in written:
        plan = Plan.model_validate_json(Path(output).read_text("utf-8"))
        assert len(plan.actions) == 35
        stamps[output] = (os.stat(output).st_ino, os.stat(output).st_mtime_ns)
    for r in done.values():
        assert Plan.model_validate_json(Path(r["output"]).read_text("utf-8")).source.sha256 == r["sha256"]

    # the same command again (plus combined outputs) finishes the rest and touches nothing already done
    combined = tmp_path / "combined"
    proc = _convert(str(corpus), "-o", str(out), "--workers", "2", "-q", "--jsonl", str(combined / "plans.jsonl"),
                    "--parquet", str(combined / "actions.parquet"), "--csv", str(combined / "actions.csv"))
    stdout, stderr = proc.communicate(timeout=180)
    assert proc.returncode == 0, stderr
    second = _manifest(out)
    print("\nsecond run's manifest:\n" + "\n".join(
        f"  {r['status']:8} {Path(r['input']).name:16} pages={r['pages']} {r['seconds']:.2f}s" for r in second))
    status = {r["input"]: r["status"] for r in second}
    assert sorted(status) == inputs
    outputs = {r["input"]: r["output"] for r in second}
    skipped = {i for i, s in status.items() if s == "skipped"}
    assert set(done) <= skipped and {outputs[i] for i in skipped} == written  # written in run 1: not redone
    assert {i for i, s in status.items() if s == "ok"} == {r["input"] for r in undone} - skipped  # the rest
    assert sum(r["pages"] for r in second) == (TEXT_DOCS + PDF_DOCS) * PAGES_EACH == 300
    for output, stamp in stamps.items():
        assert (os.stat(output).st_ino, os.stat(output).st_mtime_ns) == stamp
    assert f"{len(inputs) - len(skipped)} converted, 0 failed, {len(skipped)} up to date" in stdout
    assert _leftovers(out) == []
    assert len(list(out.glob("*.json"))) == TEXT_DOCS + PDF_DOCS

    # combined outputs: every plan, the skipped ones included, in input order
    lines = (combined / "plans.jsonl").read_text("utf-8").splitlines()
    plans = [Plan.model_validate_json(line) for line in lines]
    assert [p.source.path for p in plans] == inputs
    actions = pd.read_parquet(combined / "actions.parquet")
    assert len(actions) == sum(len(p.actions) for p in plans) == 35 * (TEXT_DOCS + PDF_DOCS)
    assert list(actions.columns)[:4] == ["source", "organisation", "action_id", "ref"]
    from_csv = pd.read_csv(combined / "actions.csv")
    assert len(from_csv) == len(actions) and list(from_csv.columns) == list(actions.columns)
    assert _leftovers(combined) == []


# -- issue 15: two runs at once, and a run killed mid-write ---------------------------------------------------


@pytest.fixture(scope="module")
def twelve(corpus: Path, tmp_path_factory) -> Path:
    """10 text plans and 2 PDFs from the corpus: 120 pages, about 20 s of work for two workers."""
    src = tmp_path_factory.mktemp("twelve")
    for p in sorted((corpus / "1-text").glob("*.txt"))[:10] + sorted((corpus / "2-pdf").glob("*.pdf"))[:2]:
        (src / p.name).write_bytes(p.read_bytes())
    return src


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_folder(src: Path, out: Path) -> dict[str, dict]:
    """One whole, valid output per input and nothing else; the manifest's lines all whole and true.

    Returns the manifest's last line for each input.
    """
    inputs = {str(p): p for p in src.iterdir()}
    records = _manifest(out)  # json.loads of every line: a torn line fails here
    assert set(r["input"] for r in records) == set(inputs)  # every input accounted for
    assert _leftovers(out) == []
    outputs = sorted(out.glob("*.json"))
    assert len(outputs) == len(inputs)  # once each: no second name for a file both runs converted
    for output in outputs:
        plan = Plan.model_validate_json(output.read_text("utf-8"))
        assert plan.source.sha256 == _sha(inputs[plan.source.path])
    last = {}
    for r in records:
        assert r["status"] in ("ok", "skipped") and r["error_class"] is None, r
        assert Path(r["output"]).exists() and r["sha256"] == _sha(inputs[r["input"]])
        last[r["input"]] = r
    return last


def test_two_runs_into_one_folder_at_once(twelve: Path, tmp_path: Path) -> None:
    """A cron job overlapping a manual run: both finish cleanly, the folder holds each plan once, whole."""
    out = tmp_path / "out"
    runs = [_convert(str(twelve), "-o", str(out), "--workers", "1", "-q") for _ in range(2)]
    ends = [proc.communicate(timeout=600) for proc in runs]
    for proc, (stdout, stderr) in zip(runs, ends):
        assert proc.returncode == 0, stderr
        assert stderr == "" and "Traceback" not in stdout
        assert re.search(r"(\d+) converted, 0 failed, (\d+) up to date", stdout)
    done = [tuple(map(int, re.search(r"(\d+) converted, 0 failed, (\d+) up to date", out_).groups()))
            for out_, _ in ends]
    assert all(converted + skipped == 12 for converted, skipped in done)  # each run saw every input through
    _check_folder(twelve, out)
    again = _convert(str(twelve), "-o", str(out), "-q")
    stdout, stderr = again.communicate(timeout=300)
    assert again.returncode == 0 and "0 converted, 0 failed, 12 up to date" in stdout, stderr


def test_a_run_killed_with_sigkill_then_run_again(twelve: Path, tmp_path: Path) -> None:
    """SIGKILL to the run and its workers mid-batch (an OOM kill of the job, a machine going down): what was
    written is whole, and the same command then converts the rest, each file once, leaving nothing behind."""
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "planparse.cli", "convert", str(twelve), "-o", str(out),
                             "--workers", "2", "-q"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300  # a guard against a hang, not a speed limit
    while sum(r["status"] == "ok" for r in _manifest(out)) < 3:
        assert proc.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "the batch never got going"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL

    killed = _manifest(out)  # every line whole, though the run died between two of them
    assert 3 <= len(killed) < 12 and all(r["status"] == "ok" for r in killed)
    stamps = {}
    for output in out.glob("*.json"):  # done before the kill, or finished by a worker as it died: whole
        Plan.model_validate_json(output.read_text("utf-8"))
        stamps[output.name] = os.stat(output).st_mtime_ns

    again = _convert(str(twelve), "-o", str(out), "--workers", "2", "-q")
    stdout, stderr = again.communicate(timeout=600)
    assert again.returncode == 0, stderr
    last = _check_folder(twelve, out)  # the killed run's temporary files are gone too
    skipped = {Path(r["output"]).name for r in last.values() if r["status"] == "skipped"}
    assert skipped == set(stamps)  # what the killed run wrote is kept, not converted again
    assert {name: os.stat(out / name).st_mtime_ns for name in stamps} == stamps
    assert f"{12 - len(stamps)} converted, 0 failed, {len(stamps)} up to date" in stdout


@pytest.fixture(scope="module")
def small_corpus(corpus: Path, tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("engines")
    for k, p in enumerate(sorted((corpus / "1-text").glob("*.txt"))[:5]):
        (src / p.name).write_bytes(p.read_bytes())
    (src / "empty.txt").write_bytes(b"")
    return src


def _outputs(out: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted(out.glob("*.json"))}


def test_engines_give_identical_outputs(small_corpus: Path, tmp_path: Path) -> None:
    """In-process, a 2-worker pool and Dask (LocalCluster) write the same bytes and the same manifest rows.

    Dask runs in a subprocess: dask.distributed leaves a thread behind in its
    process, after which the pool has to spawn its workers instead of forking
    them, which would slow every later test in this session.
    """
    runs = {"inline": ["--workers", "0"], "pool": ["--workers", "2"], "dask": ["--engine", "dask", "--workers", "2"]}
    results = {}
    for name, extra in runs.items():
        out = tmp_path / name
        args = [str(small_corpus), "-o", str(out), "-q", *extra]
        if name == "dask":
            proc = _convert(*args)
            stdout, stderr = proc.communicate(timeout=180)
            code = proc.returncode
        else:
            result = CliRunner().invoke(main, ["convert", *args])
            code, stdout, stderr = result.exit_code, result.stdout, result.stderr
        assert code == 1, (name, stdout, stderr)  # empty.txt fails, the rest convert
        assert "5 converted, 1 failed" in stdout
        assert "Traceback" not in stdout + stderr
        rows = sorted((Path(r["input"]).name, r["status"], r["error_class"], r["sha256"], r["pages"])
                      for r in _manifest(out))
        results[name] = (_outputs(out), rows)
    assert len(results["inline"][0]) == 5
    assert results["pool"] == results["inline"]
    assert results["dask"] == results["inline"]


def test_scheduler_needs_the_dask_engine(small_corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(small_corpus), "-o", str(tmp_path), "--scheduler",
                                       "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2 and "--scheduler needs --engine dask" in result.output


def test_convert_on_a_running_dask_scheduler(small_corpus: Path, tmp_path: Path) -> None:
    """--scheduler ADDRESS: the same command on a 'real' cluster (a scheduler and a worker on 127.0.0.1)."""
    dask = Path(sys.executable).with_name("dask")
    info = tmp_path / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env, "cwd": ROOT}
    scheduler = subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(info)], **quiet)
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not info.exists() or not info.read_text().strip():
            assert scheduler.poll() is None and time.monotonic() < deadline, "dask scheduler did not start"
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        worker = subprocess.Popen([str(dask), "worker", "--scheduler-file", str(info), "--nthreads", "1",
                                   "--nworkers", "1", "--no-dashboard", "--host", "127.0.0.1"], **quiet)
        out = tmp_path / "out"
        proc = _convert(str(small_corpus), "-o", str(out), "-q", "--engine", "dask", "--scheduler", address)
        stdout, stderr = proc.communicate(timeout=180)
        assert proc.returncode == 1, stderr
        assert "5 converted, 1 failed" in stdout and "Traceback" not in stdout + stderr
        statuses = sorted((Path(r["input"]).name, r["status"]) for r in _manifest(out))
        assert statuses == [("empty.txt", "failed")] + [(f"plan-{k:02d}.txt", "ok") for k in range(5)]
    finally:
        for proc in (worker, scheduler):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
