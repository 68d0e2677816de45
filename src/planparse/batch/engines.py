"""Which engine runs a batch's tasks: this process, the local process pool, or Dask."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from planparse.batch.document import run_task
from planparse.batch.task import DEFAULT_MEMORY_MB, Outcome, Task
from planparse.errors import PlanparseError


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def execute(tasks: list[Task], *, workers: int | None = None, engine: str = "process", client: Any = None,
            scheduler: str | None = None, memory_limit_mb: int | None = DEFAULT_MEMORY_MB) -> Iterator[Outcome]:
    """Run the tasks and yield outcomes as documents finish (not in input order).

    ``workers=0`` runs them one by one in this process; otherwise a pool of
    ``workers`` processes (default: one per core), or Dask when ``engine`` is
    "dask" or a ``client`` is given (``scheduler``: address of a running
    scheduler; neither: a LocalCluster of ``workers`` processes).
    Closing the generator (Ctrl-C, break) stops the workers.
    """
    if not tasks:
        return
    n = default_workers() if workers is None else workers
    if client is not None or engine == "dask":
        from planparse.batch.cluster import run_dask

        yield from run_dask(tasks, max(1, n), client, scheduler, memory_limit_mb)
    elif engine != "process":
        raise PlanparseError(f"unknown engine {engine!r} (process or dask)")
    elif n == 0:
        for task in tasks:
            yield run_task(task)
    else:
        from planparse.batch.pool import run_pool

        yield from run_pool(tasks, n, memory_limit_mb)
