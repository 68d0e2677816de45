"""PDF throughput and memory: planparse with each backend against bare pdfplumber and pdfium, in one run.

    python benchmarks/bench_pdf.py [PDF ...]            # default: /work/shared/corpus/real, else corpora/real
    python benchmarks/bench_pdf.py --rounds 3 --long 10,100,1000 [PDF ...]
    python benchmarks/bench_pdf.py --no-long              # the per-document table only

Four modes, each in a long-lived process of its own (imports and the spaCy
model are loaded once, as in a batch worker):

    pdfium      planparse.parse with the pdfium backend (the default)
    pdfplumber  planparse.parse with the pdfplumber backend (the reference)
    bare        what any pdfplumber user pays: extract_text() + extract_tables() per page
    floor       pypdfium2 plain text per page: no reader can be faster than this

Times are CPU seconds (time.process_time) of the mode's process, best of
--rounds, and the rounds are interleaved (document by document, mode by
mode) so a busy machine slows every mode alike. The table gives pages/s per
document and in total, the ratio of each mode to bare pdfplumber, the read /
extract / enrich split of the two planparse modes, and each mode's peak RSS.

The long-document part concatenates the PDFs (pikepdf) into documents of
10, 100 and 1,000 pages and parses each with the pdfium backend in a fresh
process (after one small plan, as a batch worker would have): seconds per page should stay flat (beside each, its time over
what the same pages take as the documents they came from, from the table),
and peak RSS (with spaCy loaded) under 200 MB (issue #13).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path("/work/shared/corpus/real")
MODES = ("pdfium", "pdfplumber", "bare", "floor")

WORKER = r"""
import json, resource, sys, time
mode = sys.argv[1]
if mode in ("pdfium", "pdfplumber"):
    import planparse.pipeline as pipeline
    from planparse.enrich.ner import load_pipeline
    load_pipeline()  # once per process, as in a batch worker
    # the pipeline times its stages with perf_counter; here every figure is CPU seconds
    pipeline.time = type("Clock", (), {"perf_counter": staticmethod(time.process_time)})
elif mode == "bare":
    import pdfplumber
else:
    import pypdfium2


def run(path):
    stages = {}
    if mode in ("pdfium", "pdfplumber"):
        plan, stages = pipeline.parse_timed(path, backend=mode)
        return plan.source.pages, stages
    if mode == "bare":
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
                page.close()
            return len(pdf.pages), stages
    pdf = pypdfium2.PdfDocument(path)
    try:
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf), stages
    finally:
        pdf.close()


print("ready", flush=True)
for line in sys.stdin:
    path = line.strip()
    t0 = time.process_time()
    pages, stages = run(path)
    seconds = time.process_time() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": pages, "seconds": seconds, "stages": stages, "peak_mb": peak}), flush=True)
"""

LONG = r"""
import json, resource, sys, time
from planparse.enrich.ner import load_pipeline
from planparse.pipeline import parse
load_pipeline()
parse(sys.argv[3], backend=sys.argv[2])  # a small plan first, as a batch worker has: imports and caches warm
t0 = time.process_time()
plan = parse(sys.argv[1], backend=sys.argv[2])
seconds = time.process_time() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"pages": plan.source.pages, "seconds": seconds, "peak_mb": peak}))
"""


class Worker:
    """One mode's long-lived process: a path in on stdin, a JSON line of pages/seconds/stages/peak out."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.proc = subprocess.Popen([sys.executable, "-c", WORKER, mode], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "ready"

    def run(self, path: Path) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.mode} worker died on {path}")
        return json.loads(line)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def measure(paths: list[Path], rounds: int) -> tuple[dict[str, dict[str, dict]], dict[str, float]]:
    """best[mode][document] = the fastest run's figures; peak[mode] = the mode process's peak RSS (MB)."""
    workers = {mode: Worker(mode) for mode in MODES}
    best: dict[str, dict[str, dict]] = {mode: {} for mode in MODES}
    peak: dict[str, float] = {}
    try:
        for _ in range(rounds):
            for path in paths:
                for mode, worker in workers.items():
                    got = worker.run(path)
                    old = best[mode].get(path.name)
                    if old is None or got["seconds"] < old["seconds"]:
                        best[mode][path.name] = got
                    peak[mode] = max(peak.get(mode, 0.0), got["peak_mb"])
    finally:
        for worker in workers.values():
            worker.close()
    return best, peak


def report(paths: list[Path], best: dict[str, dict[str, dict]], peak: dict[str, float]) -> None:
    names = [p.name for p in paths]
    width = max(len(n) for n in names + ["TOTAL"])
    print(f"{'document':{width}} {'pages':>5} " + " ".join(f"{m + ' p/s':>15}" for m in MODES)
          + f" {'pdfium/bare':>11} {'plumber/bare':>12}")
    totals = {mode: 0.0 for mode in MODES}
    pages_total = 0
    for name in names:
        pages = best["pdfium"][name]["pages"]
        pages_total += pages
        rates = {mode: pages / max(best[mode][name]["seconds"], 1e-9) for mode in MODES}
        for mode in MODES:
            totals[mode] += best[mode][name]["seconds"]
        print(f"{name:{width}} {pages:5d} " + " ".join(f"{rates[m]:15.1f}" for m in MODES)
              + f" {rates['pdfium'] / rates['bare']:11.2f} {rates['pdfplumber'] / rates['bare']:12.2f}")
    rates = {mode: pages_total / totals[mode] for mode in MODES}
    print(f"{'TOTAL':{width}} {pages_total:5d} " + " ".join(f"{rates[m]:15.1f}" for m in MODES)
          + f" {rates['pdfium'] / rates['bare']:11.2f} {rates['pdfplumber'] / rates['bare']:12.2f}")
    print("\nCPU seconds, best of the rounds, all documents:")
    for mode in MODES:
        print(f"  {mode:10} {totals[mode]:8.2f} s   {rates[mode]:7.1f} pages/s   "
              f"x{rates[mode] / rates['bare']:.2f} of bare pdfplumber   peak RSS {peak[mode]:.0f} MB")
    for mode in ("pdfium", "pdfplumber"):
        stages: dict[str, float] = {}
        for name in names:
            for stage, seconds in best[mode][name]["stages"].items():
                stages[stage] = stages.get(stage, 0.0) + seconds
        whole = sum(stages.values()) or 1.0
        print(f"  {mode} stages: " + ", ".join(f"{k} {v:.2f} s ({100 * v / whole:.0f}%)" for k, v in stages.items()))
    print("target (issue #13): pdfium >= 4x bare pdfplumber in pages/s")


def concatenated(paths: list[Path], pages: int, out: Path) -> list[tuple[str, int]]:
    """The PDFs one after another (again from the first when they run out) until ``pages`` pages;
    returns (document, pages taken from it) in order."""
    import pikepdf

    target = pikepdf.new()
    sources = []
    taken: list[tuple[str, int]] = []
    while len(target.pages) < pages:
        for path in paths:
            src = pikepdf.open(path)
            sources.append(src)
            before = len(target.pages)
            for page in src.pages:
                if len(target.pages) >= pages:
                    break
                target.pages.append(page)
            taken.append((path.name, len(target.pages) - before))
            if len(target.pages) >= pages:
                break
    target.save(out)
    for src in sources:
        src.close()
    return taken


def long_documents(paths: list[Path], sizes: list[int], backend: str, separate: dict[str, dict]) -> None:
    """Each size in a fresh process that has parsed one small plan first. 'x separate' compares its time
    with what the same pages cost as the documents they came from (their best time per page in the table
    above): 1.00 is time proportional to pages; a little under is per-document costs paid once, not many times."""
    print(f"\nLong documents ({backend}, fresh process each, spaCy loaded; CPU seconds):")
    print(f"{'pages':>6} {'s/page':>8} {'pages/s':>8} {'x separate':>10} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"long-{size}.pdf"
            taken = concatenated(paths, size, path)
            expected = sum(n * separate[name]["seconds"] / separate[name]["pages"] for name, n in taken)
            warm = min(paths, key=lambda p: separate[p.name]["pages"])
            out = subprocess.run([sys.executable, "-c", LONG, str(path), backend, str(warm)], capture_output=True,
                                 text=True, check=True, cwd=ROOT)
            got = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{got['pages']:6d} {got['seconds'] / got['pages']:8.4f} {got['pages'] / got['seconds']:8.1f} "
                  f"{got['seconds'] / expected:10.2f} {got['peak_mb']:12.0f}")
    print("target (issue #13): peak RSS < 200 MB at 1,000 pages; s/page flat from 10 to 1,000 pages")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--long", default="10,100,1000", help="page counts of the concatenated documents")
    parser.add_argument("--long-backend", default="pdfium", choices=["pdfium", "pdfplumber"])
    parser.add_argument("--no-long", action="store_true")
    args = parser.parse_args()
    folder = SHARED if SHARED.is_dir() else ROOT / "corpora" / "real"
    paths = args.pdfs or sorted(folder.glob("*.pdf"))
    best, peak = measure(paths, args.rounds)
    report(paths, best, peak)
    if not args.no_long:
        long_documents(paths, [int(n) for n in args.long.split(",")], args.long_backend, best[args.long_backend])


if __name__ == "__main__":
    main()
