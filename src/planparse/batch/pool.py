"""The local engine: a pebble ProcessPool of warm workers, one document at a time each.

Why pebble: it stops a worker whose task runs past its timeout (SIGTERM, then
SIGKILL for code stuck inside C), reports a worker that died mid-task as
ProcessExpired with its exit code, and starts a replacement either way: the
three things planparse's own pool did by hand. A task's clock starts when a
worker takes it, after the worker's initializer has loaded the pipeline.
(loky reuses workers too, but has no per-task timeout.)

What is planparse's: workers are forked from this process once it has
warmed up, where fork is safe, so they start with the pipeline loaded; each
caps its own memory; a document whose worker was stopped or died has the
temporary file it was writing removed, and is reported as Timeout or
WorkerCrashed while the rest of the batch carries on.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from pebble import ProcessExpired, ProcessPool

from planparse.batch.document import fail, run_task, timeout_message, warm_up
from planparse.batch.interrupts import sigint_held
from planparse.batch.outputs import sweep_temp_files
from planparse.batch.task import Outcome, Task
from planparse.errors import PlanparseError

log = logging.getLogger(__name__)
# documents a worker reads before a fresh one replaces it: what documents leave behind (spaCy's vocabulary keeps
# every new word it meets, about 11,000 for 17 plans; C libraries keep freed heap) cannot pile up over a night's
# batch. A new worker is forked warm, so this costs nothing measurable.
WORKER_TASKS = 100


def run_pool(tasks: list[Task], workers: int, memory_limit_mb: int | None) -> Iterator[Outcome]:
    """Outcomes as documents finish; closing the generator (Ctrl-C, break) stops the workers."""
    ctx = _mp_context()
    if ctx.get_start_method() == "fork":
        warm_up()  # once here; every forked worker inherits it
    pool = ProcessPool(max_workers=min(workers, len(tasks)), max_tasks=WORKER_TASKS, initializer=_start_worker,
                       initargs=(memory_limit_mb,), context=ctx)
    pending: dict[Any, Task] = {}
    try:
        for task in tasks:
            pending[pool.schedule(run_task, args=(task, False), timeout=task.options.timeout or None)] = task
        for future in as_completed(list(pending)):
            task = pending.pop(future)
            outcome = _outcome(future, task)
            if outcome.error_class in ("Timeout", "WorkerCrashed") and task.output is not None:
                sweep_temp_files(task.output.parent, task.output)  # the stopped worker's half-written file
            yield outcome
    finally:
        with sigint_held():
            pool.stop()
            pool.join()


def _outcome(future: Any, task: Task) -> Outcome:
    try:
        return future.result()
    except FutureTimeout:
        outcome = fail(Outcome(input=task.input, index=task.index), "Timeout", timeout_message(task))
        outcome.seconds = task.options.timeout or 0.0
        return outcome
    except ProcessExpired as exc:  # a hard crash, or the kernel's OOM killer
        return _crashed(task, exc.exitcode)
    except BrokenProcessPool as exc:
        raise PlanparseError(f"the worker processes could not be started or kept running: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - the Plan would not pickle, or run_task itself failed
        return fail(Outcome(input=task.input, index=task.index), "InternalError",
                    f"{task.input.name}: the worker could not send its result back "
                    f"({type(exc).__name__}: {exc})", getattr(exc, "traceback", None) or traceback.format_exc())


def _crashed(task: Task, exitcode: int | None) -> Outcome:
    out = Outcome(input=task.input, index=task.index)
    if exitcode is not None and exitcode < 0:
        try:
            how = signal.Signals(-exitcode).name
        except ValueError:
            how = f"signal {-exitcode}"
        hint = " (out of memory?)" if how == "SIGKILL" else ""
        return fail(out, "WorkerCrashed", f"{task.input.name}: the worker died with {how}{hint} while reading it")
    return fail(out, "WorkerCrashed", f"{task.input.name}: the worker exited ({exitcode}) while reading it")


def _mp_context() -> Any:
    """fork where it is safe (Linux, no other threads yet): workers inherit the warmed-up parent for free."""
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "fork" in mp.get_all_start_methods():
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _start_worker(memory_limit_mb: int | None) -> None:
    """pebble's initializer: cap this worker's memory, then load the pipeline once.

    It must not raise: pebble would start a replacement that fails the same
    way, over and over. A worker that cannot warm up reports each document's
    own error instead (MemoryLimit, most likely).
    """
    _limit_memory(memory_limit_mb)
    try:
        warm_up()
    except Exception:  # noqa: BLE001 - see docstring
        log.warning("a worker could not load the pipeline; its documents will say why", exc_info=True)


def _limit_memory(mb: int | None) -> None:
    """Cap the data segment, so an allocation storm ends in MemoryError instead of swapping the machine."""
    if not mb:
        return
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        limit = mb << 20
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on this platform
        pass
