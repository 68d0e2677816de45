"""What keeps a long document's memory flat (issue #13): no per-page garbage, freed C heap handed
back. Memory itself is measured by benchmarks/bench_pdf.py, not asserted here: these
are the mechanisms, each checked by what it does."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pikepdf
import pytest

from planparse.pipeline import parse
from planparse.readers.heap import release_free_memory

PLAN = Path(__file__).resolve().parents[1] / "corpora" / "real" / "wsx_tobacco_control_strategy_2019-22_short.pdf"


def _copies(path: Path, times: int, out: Path) -> Path:
    """The PDF's pages ``times`` over, one document (as the benchmark's long documents are made)."""
    with pikepdf.open(path) as src, pikepdf.new() as target:
        for _ in range(times):
            target.pages.extend(src.pages)
        target.save(out)
    return out


def _unreachable_after_parse(path: Path) -> int:
    """Objects in reference cycles a parse leaves for the garbage collector (with it off meanwhile)."""
    gc.collect()
    gc.disable()
    try:
        parse(path)
        return gc.collect()
    finally:
        gc.enable()


def test_cycles_left_by_a_parse_do_not_grow_with_its_pages(tmp_path: Path) -> None:
    # a per-page cycle (a ctypes array class made per call, a pointer cast, a recursive closure holding the
    # plan's text) is freed only when the collector next runs: on a 1,000-page PDF that was megabytes
    one, three = _copies(PLAN, 1, tmp_path / "one.pdf"), _copies(PLAN, 3, tmp_path / "three.pdf")
    parse(one)  # imports and first-use caches out of the way
    plan = parse(three)
    assert plan.source.pages == 42 and len(plan.actions) == 3 * 41  # the same plan three times over, all read
    assert _unreachable_after_parse(three) == _unreachable_after_parse(one)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_free_heap_pages_go_back_to_the_system() -> None:
    def resident_pages() -> int:
        return int(Path("/proc/self/statm").read_text().split()[1])

    # 40 MB of 64 kB blocks (under glibc's mmap threshold, so on the heap), all freed but the last, which pins
    # the top of the heap so that glibc cannot shrink it on its own
    blocks = [bytearray(64 * 1024) for _ in range(640)]
    for b in blocks:
        b[::4096] = b"x" * len(b[::4096])  # touch every page
    last = blocks.pop()
    del blocks
    before = resident_pages()
    assert release_free_memory()
    after = resident_pages()
    assert before - after > 20 * 1024 * 1024 // 4096  # well over half of the freed 40 MB left the process
    del last
