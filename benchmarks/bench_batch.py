"""Batch throughput: pages/s at 1 and 2 workers, Dask LocalCluster against the process pool, memory per worker.

    python benchmarks/bench_batch.py [--copies N] [--keep DIR]

The corpus is generated: the three corpus plans rendered as PDFs (ruled and
borderless tables, tests/fixtures/make_pdfs.py), copied until it holds at
least 300 pages. Each configuration runs in a fresh subprocess on the same
files into an empty output folder, so nothing is skipped as up to date;
configurations are interleaved over --repeat rounds and the fastest run of
each counts, since anything else running on the machine only slows a run.

What is timed: from the first task handed out to the last outcome, i.e. the
batch itself. Interpreter start, imports and the parent's warm-up are not
timed (a batch pays them once); for Dask, starting the LocalCluster (spawning
and warming its workers) is reported separately, since a real cluster is
started once and then reused. Peak memory is each worker process's own
ru_maxrss, as reported back with every outcome.

Targets (issue 6): 2 workers >= 1.7x the pages/s of 1; Dask LocalCluster
within 15% of the process pool; peak memory per worker under 400 MB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
from pathlib import Path
from planparse.batch import convert, expand_inputs, warm_up
engine, workers, corpus, outdir = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
inputs = expand_inputs([corpus])
client = cluster = None
startup = 0.0
if engine == "dask":
    from planparse.batch import local_cluster  # the LocalCluster `planparse convert --engine dask` starts
    t0 = time.perf_counter()
    cluster = local_cluster(workers)
    client = cluster.__enter__()
    client.run(warm_up)
    startup = time.perf_counter() - t0
else:
    warm_up()  # the pool forks from this warmed-up parent; done before the clock starts, as in the CLI
t0 = time.perf_counter()
outcomes = list(convert(inputs, outdir, workers=workers, engine=engine, client=client, keep_plans=False))
seconds = time.perf_counter() - t0
if cluster is not None:
    cluster.__exit__(None, None, None)
failed = [o.input.name for o in outcomes if not o.ok]
peaks = {}
for o in outcomes:
    if o.worker is not None and o.peak_mb is not None:
        peaks[o.worker] = max(peaks.get(o.worker, 0.0), o.peak_mb)
print(json.dumps({"pages": sum(o.pages or 0 for o in outcomes), "docs": len(outcomes), "seconds": seconds,
                  "startup": startup, "failed": failed, "peak_mb": sorted(peaks.values())}))
"""


def make_corpus(folder: Path, copies: int) -> Path:
    """The corpus plans as ruled and borderless PDFs, `copies` times over."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pdf_fixtures import load_generator

    gen = load_generator()
    rendered = folder / "rendered"
    rendered.mkdir(parents=True)
    singles = []
    for text in sorted((ROOT / "corpora" / "text").glob("*.txt")):
        for ruled in (True, False):
            singles.append(gen.render_text_plan(text, rendered / f"{text.stem}-{'ruled' if ruled else 'plain'}.pdf",
                                                ruled=ruled))
    corpus = folder / "corpus"
    for k in range(copies):
        (corpus / f"copy{k}").mkdir(parents=True)
        for pdf in singles:
            shutil.copy(pdf, corpus / f"copy{k}" / pdf.name)
    shutil.rmtree(rendered)
    return corpus


def run(engine: str, workers: int, corpus: Path, scratch: Path) -> dict:
    out = scratch / f"out-{engine}-{workers}"
    proc = subprocess.run([sys.executable, "-c", CHILD, engine, str(workers), str(corpus), str(out)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    shutil.rmtree(out, ignore_errors=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=4, help="copies of the 6 rendered plans (default 4: 304 pages)")
    ap.add_argument("--repeat", type=int, default=2,
                    help="runs per configuration, interleaved; the fastest counts (default 2)")
    ap.add_argument("--keep", type=Path, default=None, help="generate the corpus here and keep it")
    args = ap.parse_args()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="planparse-bench-"))
    try:
        corpus = make_corpus(scratch, args.copies)
        configs = [("process", 1), ("process", 2), ("dask", 2)]
        results: dict[tuple[str, int], dict] = {}
        for _ in range(args.repeat):  # interleaved, so a burst of load elsewhere hits every configuration alike
            for c in configs:
                r = run(*c, corpus, scratch)
                if c not in results or r["seconds"] < results[c]["seconds"]:
                    results[c] = r
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    base = results[("process", 1)]
    print(f"corpus: {base['docs']} PDFs, {base['pages']} pages (generated)\n")
    print(f"{'engine':22} {'workers':>7} {'seconds':>8} {'pages/s':>8} {'vs 1 worker':>11} {'startup s':>9} "
          f"{'peak MB per worker':>20}")
    for (engine, workers), r in results.items():
        rate = r["pages"] / r["seconds"]
        name = "process pool" if engine == "process" else "dask LocalCluster"
        peaks = "/".join(f"{p:.0f}" for p in r["peak_mb"])
        print(f"{name:22} {workers:7d} {r['seconds']:8.1f} {rate:8.2f} "
              f"{rate / (base['pages'] / base['seconds']):10.2f}x {r['startup']:9.1f} {peaks:>20}")
        if r["failed"]:
            print(f"  failed: {r['failed']}")
    pool2, dask2 = results[("process", 2)], results[("dask", 2)]
    scaling = (pool2["pages"] / pool2["seconds"]) / (base["pages"] / base["seconds"])
    dask_gap = dask2["seconds"] / pool2["seconds"] - 1
    peak = max(p for r in results.values() for p in r["peak_mb"])
    print(f"\n2 workers / 1 worker: {scaling:.2f}x (target >= 1.7)")
    print(f"dask vs process pool (2 workers): {dask_gap:+.1%} time (target within 15%); "
          f"LocalCluster start {dask2['startup']:.1f} s, not included")
    print(f"peak memory per worker: {peak:.0f} MB (target < 400)")


if __name__ == "__main__":
    main()
