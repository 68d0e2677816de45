"""One input, start to finish, in whichever process runs it: hash, skip if up to date, parse, write.

The parent only schedules, records and reports, so a stuck or crashing
document can be stopped without losing anything else. Every failure becomes
an Outcome with an error class and a one-line message; the traceback is
kept in ``detail`` for ``--debug``. An output that cannot be written is
marked as an OutputError's kind (DiskFull, OutputUnwritable): the batch stops
on it, since the next output goes to the same place.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from planparse.batch.deadline import DocumentTimeout, deadline
from planparse.batch.outputs import existing_output, output_error, write_atomic
from planparse.batch.task import Checks, Outcome, Task
from planparse.errors import InputError, OutputError
from planparse.pipeline import file_sha256, parse
from planparse.schema import Plan

OUTPUT_ERRORS = frozenset({"DiskFull", "OutputUnwritable"})
_MESSAGE_MAX = 400


def run_task(task: Task, time_limit: bool = True) -> Outcome:
    """Everything one input needs. Never raises, except to stop the process.

    ``time_limit``: stop the document at ``options.timeout`` from inside this
    thread; False where the engine kills the process instead (the pool).
    """
    t0 = time.perf_counter()
    path = task.input
    out = Outcome(input=path, index=task.index, worker=os.getpid(), url=task.url)
    opts = task.options
    try:
        out.sha256 = _sha_or_none(path)
        if task.output is not None and not opts.force and out.sha256:
            previous = existing_output(task.output, out.sha256)
            if previous is not None:
                out.status, out.output = "skipped", task.output
                out.pages = previous["source"].get("pages")
                out.checks = Checks.of(previous.get("warnings") or [], previous.get("quality") or {})
                return out
        with deadline(opts.timeout if time_limit else None):
            plan = parse(path, password=opts.password, max_pages=opts.max_pages, taxonomy=opts.taxonomy)
        if task.url:
            plan.source.url = task.url
        if task.output is not None:
            try:
                write_atomic(task.output, plan.to_json())
            except OSError as exc:
                raise output_error(exc, task.output) from None
        out.output, out.sha256, out.pages = task.output, plan.source.sha256, plan.source.pages
        out.summary = summarize(plan)
        out.checks = Checks.of_plan(plan)
        out.plan = plan if opts.keep_plan else None
    except DocumentTimeout:
        fail(out, "Timeout", timeout_message(task))
    except InputError as exc:
        fail(out, exc.kind, exc.message)
    except OutputError as exc:
        fail(out, exc.kind, exc.message)
    except MemoryError:
        fail(out, "MemoryLimit", f"{path.name}: ran out of memory (the worker's limit); refused",
             traceback.format_exc())
    except RecursionError:
        fail(out, "TooDeeplyNested", f"{path.name}: structures nested too deeply to read", traceback.format_exc())
    except OSError as exc:
        fail(out, type(exc).__name__, f"{path}: {exc.strerror or exc}", traceback.format_exc())
    except Exception as exc:  # noqa: BLE001 - a bug on one file must not stop the batch
        fail(out, "InternalError", f"{path.name}: {type(exc).__name__}: {exc}", traceback.format_exc())
    finally:
        out.seconds = time.perf_counter() - t0
        out.peak_mb = _peak_mb()
    return out


def timeout_message(task: Task) -> str:
    return (f"{task.input.name}: gave up after {task.options.timeout:g} s (--timeout); "
            "the document takes too long to read")


def fail(out: Outcome, error_class: str, message: str, detail: str | None = None) -> Outcome:
    """Mark the outcome failed, with a one-line message; returns it."""
    out.status, out.error_class, out.detail = "failed", error_class, detail
    out.message = _one_line(message)
    out.plan = out.output = out.summary = out.checks = None
    return out


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MESSAGE_MAX else text[: _MESSAGE_MAX - 1] + "…"


def _sha_or_none(path: Path) -> str | None:
    try:
        return file_sha256(path)
    except OSError:
        return None  # parse() says why (NotFound, SymlinkLoop, NotAFile...) with a better message


def summarize(plan: Plan) -> dict[str, Any]:
    """The few numbers the closing table shows, small enough to send back from a worker instead of the plan."""
    score = plan.quality.score
    return {
        "org": plan.organisation.short_name or "-",
        "type": plan.doc_type,
        "priorities": len(plan.priorities),
        "actions": len(plan.actions),
        "owners": len({o.name for a in plan.actions for o in a.owners}),
        "warnings": len(plan.warnings),
        "quality": "-" if score is None else f"{score:.2f}",
    }


def _peak_mb() -> float | None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


def warm_up() -> None:
    """Load what every parse needs (imports, spaCy pipeline, gazetteers, header synonyms) by parsing a tiny plan.

    Called once per worker, so the first real document is not the one that pays for it.
    """
    from planparse.pipeline import build_plan
    from planparse.readers.text import parse_text
    from planparse.schema import Source

    text = ("Sample Borough Council Action Plan 2023-2026\n\nPriority 1: Prevention\n\n"
            "Ref\tAction\tLead\tTimescale\n1.1\tDeliver training for staff.\tAnytown Police / Jane Smith\t"
            "March 2024\n")
    build_plan(parse_text(text), Source(path="warm-up", sha256="0" * 64, format="text"))
