"""PDF throughput and memory: planparse.parse against bare pdfplumber on the same files, in one run.

    python benchmarks/bench_pdf.py [PDF ...]      # default: corpora/real/*.pdf

Baseline = what any pdfplumber user pays: for every page, extract_text() and
extract_tables(), then close the page. Each measurement runs in a fresh
subprocess so peak RSS (ru_maxrss) belongs to that job alone. Prints pages/s
for both, the time ratio (issue #3 asks for <= 2.5x), peak memory (<= 400 MB
on the longest PDF), and planparse's per-stage timings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
import pdfplumber  # imports are not timed: a batch pays them once
if mode != "baseline":
    from planparse.enrich.ner import load_pipeline
    from planparse.pipeline import parse_timed
    load_pipeline()  # loaded once per process (per worker in a batch), like the imports
t0 = time.perf_counter()
stages = {}
if mode == "baseline":
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()
else:
    plan, stages = parse_timed(path)
    pages = plan.source.pages
elapsed = time.perf_counter() - t0
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"pages": pages, "seconds": elapsed, "peak_mb": peak_mb, "stages": stages}))
"""


def run(mode: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "corpora" / "real").glob("*.pdf"))
    rows = []
    total = {"pages": 0, "base": 0.0, "ours": 0.0}
    stage_total: dict[str, float] = {}
    for path in paths:
        base = run("baseline", path)
        ours = run("planparse", path)
        rows.append((path.name, base["pages"], base["pages"] / base["seconds"], ours["pages"] / ours["seconds"],
                     ours["seconds"] / base["seconds"], base["peak_mb"], ours["peak_mb"]))
        total["pages"] += base["pages"]
        total["base"] += base["seconds"]
        total["ours"] += ours["seconds"]
        for k, v in ours["stages"].items():
            stage_total[k] = stage_total.get(k, 0.0) + v
    print(f"{'file':52} {'pages':>5} {'base p/s':>9} {'ours p/s':>9} {'ratio':>6} {'base MB':>8} {'ours MB':>8}")
    for name, pages, bps, ops, ratio, bmb, omb in rows:
        print(f"{name:52} {pages:5d} {bps:9.2f} {ops:9.2f} {ratio:6.2f} {bmb:8.0f} {omb:8.0f}")
    print(f"{'ALL':52} {total['pages']:5d} {total['pages'] / total['base']:9.2f} "
          f"{total['pages'] / total['ours']:9.2f} {total['ours'] / total['base']:6.2f}")
    print("\nplanparse stages (s, all files):", ", ".join(f"{k} {v:.2f}" for k, v in stage_total.items()))
    print("targets: ratio <= 2.5 (issue #3); peak memory <= 400 MB on the longest PDF")


if __name__ == "__main__":
    main()
