"""NER throughput on one core: the shipped pipeline (ruler + statistical NER) in words/s.

    python benchmarks/bench_ner.py [--repeat 10]

Texts are every heading, paragraph and table cell of corpora/text, repeated to
a few hundred thousand words. Threads are pinned to one (BLIS/OpenMP) so the
figure is per core. Issue #4 asks for >= 20,000 words/s. The rule-only
pipeline is timed beside it as the baseline the model adds to.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("BLIS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from planparse.enrich.ner import build_rule_pipeline, load_pipeline  # noqa: E402
from planparse.readers import read  # noqa: E402


def corpus_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "corpora" / "text").glob("*.txt")):
        for b in read(path).blocks:
            if b.kind == "table_row":
                texts.extend(c.text for c in b.cells if not c.empty)
            else:
                texts.append(b.text)
    return texts


def words_per_second(nlp, texts: list[str]) -> tuple[float, int]:  # noqa: ANN001
    list(nlp.pipe(texts[:50]))  # warm up
    start = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=256))
    return words / (time.perf_counter() - start), words


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    texts = corpus_texts() * args.repeat
    t = time.perf_counter()
    full = load_pipeline()
    load_s = time.perf_counter() - t
    rules = build_rule_pipeline()
    rows = [("shipped pipeline (ruler + ner)", *words_per_second(full, texts)),
            ("rules only (baseline)", *words_per_second(rules, texts))]
    print(f"{'pipeline':32} {'words':>8} {'words/s':>10}")
    for name, wps, words in rows:
        print(f"{name:32} {words:8d} {wps:10.0f}")
    print(f"ratio shipped/rules: {rows[0][1] / rows[1][1]:.2f}; load time {load_s:.1f}s; target >= 20,000 words/s")


if __name__ == "__main__":
    main()
