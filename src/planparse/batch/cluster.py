"""The cluster engine: the same tasks on dask.distributed, a LocalCluster here or a scheduler's workers.

Dask runs each task in a worker thread, so the time limit is raised inside
that thread (planparse.batch.deadline), and a document that kills its
worker is reported rather than retried on the next one.
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections.abc import Iterator
from typing import Any

from planparse.batch.document import fail, run_task, warm_up
from planparse.batch.interrupts import sigint_held
from planparse.batch.outputs import sweep_temp_files
from planparse.batch.task import DEFAULT_MEMORY_MB, Outcome, Task
from planparse.errors import PlanparseError

# benchmarks/bench_batch.py): a 20 ms event-loop tick, psutil monitors and a 10 ms stack
# sampler each take the GIL from the task, and MALLOC_TRIM_THRESHOLD_=64k makes glibc hand
# memory back after nearly every document. A cluster you start yourself keeps its own config.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.scheduler.allowed-failures": 0,  # a document that kills its worker is reported, not retried
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.worker.profile.enabled": False,
}


@contextlib.contextmanager
def local_cluster(workers: int, memory_limit_mb: int | None = DEFAULT_MEMORY_MB) -> Iterator[Any]:
    """A dask.distributed Client on a LocalCluster of single-threaded worker processes, tuned for parsing."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.CRITICAL,  # a heartbeat missed under load is not the user's error
                               memory_limit=f"{memory_limit_mb}MiB" if memory_limit_mb else 0)
    try:
        client = Client(cluster)
        try:
            yield client
        finally:
            with contextlib.suppress(Exception):
                client.close()
    finally:
        with contextlib.suppress(Exception):
            cluster.close()


def run_dask(tasks: list[Task], workers: int, client: Any, scheduler: str | None,
             memory_limit_mb: int | None) -> Iterator[Outcome]:
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise PlanparseError("the dask engine needs dask.distributed: pip install 'planparse[dask]'") from exc
    owned = contextlib.ExitStack()
    try:
        if client is None and scheduler:
            try:
                client = owned.enter_context(Client(scheduler, timeout="30s"))
            except (OSError, TimeoutError) as exc:
                raise PlanparseError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        elif client is None:
            client = owned.enter_context(local_cluster(workers, memory_limit_mb))
        yield from _dask_outcomes(tasks, client, as_completed)
    finally:
        with sigint_held():
            owned.close()


def _dask_outcomes(tasks: list[Task], client: Any, as_completed: Any) -> Iterator[Outcome]:
    futures: dict[Any, Task] = {}
    try:
        client.run(warm_up)  # each worker loads the pipeline once, before the first document
        batch = client.map(run_task, tasks, pure=False)
        futures = dict(zip(batch, tasks))
        for fut in as_completed(batch):
            task = futures.pop(fut)
            try:
                outcome = fut.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker, lost connection...
                outcome = fail(Outcome(input=task.input, index=task.index), "WorkerCrashed",
                               f"{task.input.name}: the Dask worker failed ({type(exc).__name__}: {exc})",
                               traceback.format_exc())
                if task.output is not None:
                    sweep_temp_files(task.output.parent, task.output)  # what the lost worker was writing
            fut.release()
            yield outcome
    finally:
        with sigint_held():
            if futures:
                with contextlib.suppress(Exception):
                    client.cancel(list(futures))

