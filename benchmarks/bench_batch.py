"""Batch throughput: pages/s at 1 and 2 workers, the pebble pool against the old hand-written one, Dask
LocalCluster against the process pool, memory per worker.

    python benchmarks/bench_batch.py [--copies N] [--repeat N] [--keep DIR] [--old REV] [--no-dask]

The corpus is generated: the three corpus plans rendered as PDFs (ruled and
borderless tables, tests/fixtures/make_pdfs.py), copied until it holds at
least 300 pages. Each configuration runs in a fresh subprocess on the same
files into an empty output folder, so nothing is skipped as up to date;
configurations are interleaved over --repeat rounds and the fastest run of
each counts, since anything else running on the machine only slows a run.
On a machine shared with other work, where the fastest run is a matter of
which configuration caught a quiet moment, the old pool is also compared run
by run: each round runs old and new back to back, and the median of the
rounds' ratios counts.

What is timed: from the first task handed out to the last outcome, i.e. the
batch itself; also the CPU seconds it took, this process and its workers
together (Dask's are not counted: its workers are not this process's
children), which another load on the machine disturbs less than pages/s. Interpreter start, imports and the parent's warm-up are not
timed (a batch pays them once); for Dask, starting the LocalCluster (spawning
and warming its workers) is reported separately, since a real cluster is
started once and then reused. Peak memory is each worker process's own
ru_maxrss, as reported back with every outcome.

The old pool (issue 15): batch.py as it was before the pool moved to pebble,
taken from git (--old, default: the parent of the commit that removed it)
into the scratch folder and imported from there as a module of its own, so
both pools run the same pipeline in the same interpreter setup; only the
pool differs.

Targets (issue 6): 2 workers >= 1.7x the pages/s of 1; Dask LocalCluster
within 15% of the process pool; peak memory per worker under 400 MB.
Issue 15: the pebble pool within 5% of the old pool's pages/s at 1 and 2 workers.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
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
if engine == "old":  # the hand-written pool, from sys.argv[5]/old_batch.py
    sys.path.insert(0, sys.argv[5])
    from old_batch import convert, warm_up
    engine = "process"
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
import resource
def cpu():
    return sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))
t0, c0 = time.perf_counter(), cpu()
outcomes = list(convert(inputs, outdir, workers=workers, engine=engine, client=client, keep_plans=False))
seconds, cpu_seconds = time.perf_counter() - t0, cpu() - c0  # workers are joined (reaped) by the end of convert
if cluster is not None:
    cluster.__exit__(None, None, None)
failed = [o.input.name for o in outcomes if not o.ok]
peaks = {}
for o in outcomes:
    if o.worker is not None and o.peak_mb is not None:
        peaks[o.worker] = max(peaks.get(o.worker, 0.0), o.peak_mb)
print(json.dumps({"pages": sum(o.pages or 0 for o in outcomes), "docs": len(outcomes), "seconds": seconds,
                  "cpu": cpu_seconds, "startup": startup, "failed": failed, "peak_mb": sorted(peaks.values())}))
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
    proc = subprocess.run([sys.executable, "-c", CHILD, engine, str(workers), str(corpus), str(out), str(scratch)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    shutil.rmtree(out, ignore_errors=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def old_pool(scratch: Path, rev: str | None) -> str:
    """batch.py before the pool moved to pebble, written to scratch/old_batch.py; returns the commit it came from."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()

    if rev is None:
        removed = git("rev-list", "-n1", "HEAD", "--", "src/planparse/batch.py")
        rev = git("rev-parse", "--short", f"{removed}^")
    (scratch / "old_batch.py").write_text(git("show", f"{rev}:src/planparse/batch.py") + "\n", "utf-8")
    return rev


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=4, help="copies of the 6 rendered plans (default 4: 304 pages)")
    ap.add_argument("--repeat", type=int, default=2,
                    help="runs per configuration, interleaved; the fastest counts (default 2)")
    ap.add_argument("--keep", type=Path, default=None, help="generate the corpus here and keep it")
    ap.add_argument("--old", default=None, metavar="REV",
                    help="git revision whose batch.py is the old pool (default: the one before the pebble pool)")
    ap.add_argument("--no-dask", action="store_true", help="leave out the Dask LocalCluster runs")
    args = ap.parse_args()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="planparse-bench-"))
    try:
        corpus = make_corpus(scratch, args.copies)
        old_rev = old_pool(scratch, args.old)
        configs = [("old", 1), ("process", 1), ("old", 2), ("process", 2)] + ([] if args.no_dask else [("dask", 2)])
        results: dict[tuple[str, int], dict] = {}
        cpus: dict[tuple[str, int], list[float]] = {}  # every run's CPU seconds, for the median
        rates: dict[tuple[str, int], list[float]] = {}  # every run's pages/s, round by round
        for _ in range(args.repeat):  # interleaved, so a burst of load elsewhere hits every configuration alike
            for c in configs:
                r = run(*c, corpus, scratch)
                cpus.setdefault(c, []).append(r["cpu"])
                rates.setdefault(c, []).append(r["pages"] / r["seconds"])
                if c not in results or r["seconds"] < results[c]["seconds"]:
                    results[c] = r
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    base = results[("process", 1)]
    print(f"corpus: {base['docs']} PDFs, {base['pages']} pages (generated)\n")
    print(f"{'engine':22} {'workers':>7} {'seconds':>8} {'pages/s':>8} {'vs 1 worker':>11} {'CPU s':>6} "
          f"{'startup s':>9} {'peak MB per worker':>20}")
    names = {"process": "process pool (pebble)", "old": f"old pool ({old_rev})", "dask": "dask LocalCluster"}
    for (engine, workers), r in results.items():
        rate = r["pages"] / r["seconds"]
        name = names[engine]
        peaks = "/".join(f"{p:.0f}" for p in r["peak_mb"])
        print(f"{name:22} {workers:7d} {r['seconds']:8.1f} {rate:8.2f} "
              f"{rate / (base['pages'] / base['seconds']):10.2f}x {statistics.median(cpus[(engine, workers)]):6.1f} "
              f"{r['startup']:9.1f} {peaks:>20}")
        if r["failed"]:
            print(f"  failed: {r['failed']}")
    pool2 = results[("process", 2)]
    scaling = (pool2["pages"] / pool2["seconds"]) / (base["pages"] / base["seconds"])
    peak = max(p for r in results.values() for p in r["peak_mb"])
    print(f"\n2 workers / 1 worker: {scaling:.2f}x (target >= 1.7)")
    for workers in (1, 2):
        new_, old_ = results[("process", workers)], results[("old", workers)]
        ratio = (new_["pages"] / new_["seconds"]) / (old_["pages"] / old_["seconds"])
        paired = statistics.median(n / o for n, o in zip(rates[("process", workers)], rates[("old", workers)]))
        cpu = statistics.median(cpus[("process", workers)]) / statistics.median(cpus[("old", workers)])
        print(f"pebble pool / old pool, {workers} worker{'s' if workers > 1 else ''}: {ratio:.3f}x pages/s "
              f"fastest vs fastest, {paired:.3f}x median of the {len(cpus[('old', workers)])} rounds' ratios "
              f"(target >= 0.95); {cpu:.3f}x CPU seconds")
    if ("dask", 2) in results:
        dask2 = results[("dask", 2)]
        print(f"dask vs process pool (2 workers): {dask2['seconds'] / pool2['seconds'] - 1:+.1%} time "
              f"(target within 15%); LocalCluster start {dask2['startup']:.1f} s, not included")
    print(f"peak memory per worker: {peak:.0f} MB (target < 400)")


if __name__ == "__main__":
    main()
