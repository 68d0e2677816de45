"""Words/s of the entity step on one core, beside the rules-only matching it is built on.

    python benchmarks/bench_ner.py [--repeat 5]

The entity step is everything parse() does after extraction to name parties: splitting and
typing owner cells, resolving agencies against the registers, finding mentions (the spaCy
rule pipeline plus the context and signatory shapes) and folding variants. Its input is the
plans of corpora/ (texts and real PDFs), read and extracted once before timing; words are
the whitespace words of every text block and table cell. Beside it, the rules-only figure:
the spaCy rule matching alone over the same texts. Threads are pinned to one (BLIS/OpenMP) so
the figures are per core. Issue #11 asks for >= 20,000 words/s for the entity step.
(planparse ships no statistical model: an ablation showed it added nothing; README.)
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

from planparse.enrich.name_shapes import expand_acronym, name_key  # noqa: E402
from planparse.enrich.ner import build_rule_pipeline, load_pipeline  # noqa: E402
from planparse.extract.actions import find_actions  # noqa: E402
from planparse.extract.orientation import reoriented  # noqa: E402
from planparse.extract.tables import assemble  # noqa: E402
from planparse.layout import Layout  # noqa: E402
from planparse.pipeline import name_parties  # noqa: E402
from planparse.readers import read  # noqa: E402
from planparse.schema import Action  # noqa: E402


def corpus() -> list[tuple[Layout, list[Action], str]]:
    """Each plan's layout and its extracted actions (owners still raw)."""
    out = []
    paths = sorted((ROOT / "corpora" / "text").glob("*.txt")) + sorted((ROOT / "corpora" / "real").glob("*.pdf"))
    for path in paths:
        layout = read(path)
        view = reoriented(layout)
        actions = [f.action for f in find_actions(view, assemble(view), "0" * 64)]
        out.append((layout, actions))
    return out


def words_in(layout: Layout) -> int:
    return sum(len(c.text.split()) for b in layout.blocks for c in b.cells) + \
        sum(len(b.text.split()) for b in layout.blocks if b.kind != "table_row")


def entity_step(plans: list[tuple[Layout, list[Action]]]) -> None:
    """What pipeline.build_plan runs to name the parties: pipeline.name_parties, for every plan."""
    nlp = load_pipeline()
    for layout, actions in plans:
        name_parties(actions, layout, nlp)


def timed(run, repeat: int) -> float:  # noqa: ANN001
    best = float("inf")
    for _ in range(repeat):
        name_key.cache_clear()  # every plan of a batch is new text: no warm caches carried over
        expand_acronym.cache_clear()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    t = time.perf_counter()
    load_pipeline()
    load_s = time.perf_counter() - t
    plans = corpus()
    words = sum(words_in(layout) for layout, _ in plans)
    texts = [b.text for layout, _ in plans for b in layout.blocks if b.kind != "table_row"] + \
        [c.text for layout, _ in plans for b in layout.blocks for c in b.cells if not c.empty]
    ruler = build_rule_pipeline()
    list(ruler.pipe(texts[:50]))  # warm up
    step = timed(lambda: entity_step(plans), args.repeat)
    rules = timed(lambda: list(ruler.pipe(texts, batch_size=256)), args.repeat)
    print(f"{'stage':44} {'words':>8} {'words/s':>10}")
    print(f"{'entity step (owners, registers, mentions)':44} {words:8d} {words / step:10.0f}")
    print(f"{'rules only (spaCy ruler matching)':44} {words:8d} {words / rules:10.0f}")
    print(f"{len(plans)} plans; best of {args.repeat}; pipeline build {load_s:.1f}s once per process; "
          "target >= 20,000 words/s for the entity step")


if __name__ == "__main__":
    main()
