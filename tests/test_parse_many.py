"""planparse.parse_many: plans (or failures) yielded as they finish, on a process pool, in-process or on Dask."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import planparse
from planparse.batch import ParseFailure

ROOT = Path(__file__).resolve().parents[1]
MINI = """Sample Borough Council Domestic Abuse Action Plan 2023-2026

Priority 1: Prevention and early intervention

Ref\tAction\tLead\tTimescale
1.1\tDeliver awareness training for frontline staff.\tThames Valley Police / Berkshire Women\u2019s Aid\tMarch 2024
1.2\tReview referral pathways.\tGemma Walsh and Nick Caprara\tAutumn 2024
"""
CELLS = "1.1\tDeliver training\tThames Valley Police\tMarch 2024\t"


@pytest.fixture
def folder(tmp_path: Path, corpus_texts: list[Path]) -> Path:
    src = tmp_path / "plans"
    (src / "deeper").mkdir(parents=True)
    for p in corpus_texts:
        (src / p.name).write_bytes(p.read_bytes())
    (src / "deeper" / "mini.txt").write_text(MINI, "utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "download.pdf").write_text("<html>Access denied</html>", "utf-8")
    return src


def _key(result: planparse.Plan | ParseFailure) -> str:
    return Path(result.source.path).name if isinstance(result, planparse.Plan) else result.path.name


def test_parse_many_yields_plans_and_failures(folder: Path) -> None:
    results = list(planparse.parse_many([folder], workers=2))
    by_name = {_key(r): r for r in results}
    assert len(results) == len(by_name) == 6
    failures = {k: r for k, r in by_name.items() if isinstance(r, ParseFailure)}
    assert {k: r.kind for k, r in failures.items()} == {"empty.txt": "EmptyInput", "download.pdf": "NotAPDF"}
    assert all(isinstance(r, planparse.PlanparseError) and "\n" not in str(r) for r in failures.values())
    assert str(failures["empty.txt"]) == "EmptyInput: empty.txt is empty"
    for name, plan in by_name.items():
        if name not in failures:
            assert plan == planparse.parse(plan.source.path)  # same Plan as a plain parse()
    assert multiprocessing.active_children() == []  # workers stopped at the end


def test_parse_many_in_process_accepts_one_path(folder: Path) -> None:
    [plan] = list(planparse.parse_many(str(folder / "deeper" / "mini.txt"), workers=0))
    assert [a.ref for a in plan.actions] == ["1.1", "1.2"]


def test_results_come_as_they_finish_and_slow_ones_time_out(tmp_path: Path) -> None:
    slow = tmp_path / "a-slow.txt"  # first in input order; 8 MB on one line takes far longer than 3 s to parse
    slow.write_text((CELLS * (8_000_000 // len(CELLS) + 1))[:8_000_000], "utf-8")
    fast = []
    for k in range(4):
        fast.append(tmp_path / f"b-fast-{k}.txt")
        fast[-1].write_text(MINI, "utf-8")
    results = {_key(r): r for r in planparse.parse_many([slow, *fast], workers=2, timeout=3)}
    order = list(results)
    assert isinstance(results["a-slow.txt"], ParseFailure) and results["a-slow.txt"].kind == "Timeout"
    assert sorted(order[:4]) == [p.name for p in fast]  # the fast ones did not wait for the slow one
    assert order[4] == "a-slow.txt"


def test_breaking_out_stops_the_workers(folder: Path) -> None:
    results = planparse.parse_many([folder], workers=2)
    first = next(results)
    assert isinstance(first, (planparse.Plan, ParseFailure))
    results.close()
    assert multiprocessing.active_children() == []


DASK_SCRIPT = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from distributed import Client, LocalCluster
    import planparse
    import planparse.batch.document

    real_parse = planparse.batch.document.parse

    def parse(path, **kwargs):
        # a document that takes 30 s in Python code (where the injected time limit can land),
        # so the test does not hang on how fast this machine parses a big file
        if Path(path).name.startswith("slow"):
            for _ in range(600):
                time.sleep(0.05)
        return real_parse(path, **kwargs)

    planparse.batch.document.parse = parse  # processes=False: the Dask worker runs in this process
    paths = [Path(p) for p in sys.argv[1:]]
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \\
            Client(cluster) as client:
        out = []
        for r in planparse.parse_many(paths, client=client, timeout=10):
            if isinstance(r, planparse.Plan):
                out.append([Path(r.source.path).name, "Plan", len(r.actions)])
            else:
                out.append([r.path.name, r.kind, r.message])
    print(json.dumps(out))
""")


def test_parse_many_on_a_dask_client(tmp_path: Path) -> None:
    """On Dask a task runs in a worker thread: the time limit is injected there (no SIGALRM off the main thread).

    In a subprocess, because dask.distributed leaves a thread running in the process that used it.
    """
    slow = tmp_path / "slow.txt"  # made slow (30 s) by the script; the 10 s limit leaves room for the
    # first task on a fresh Dask worker to load the entity pipeline
    slow.write_text(MINI, "utf-8")
    mini = tmp_path / "mini.txt"
    mini.write_text(MINI, "utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", DASK_SCRIPT, str(slow), str(mini), str(empty)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    rows = {name: (kind, detail) for name, kind, detail in json.loads(proc.stdout.strip().splitlines()[-1])}
    assert rows["mini.txt"] == ("Plan", 2)
    assert rows["empty.txt"][0] == "EmptyInput"
    assert rows["slow.txt"][0] == "Timeout" and "10 s" in rows["slow.txt"][1]
