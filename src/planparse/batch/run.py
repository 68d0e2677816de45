"""The two ways to run a batch: ``convert`` (files on disk, a manifest, resumable) and ``parse_many`` (Plans back).

The manifest (``OUTDIR/manifest.jsonl``) is a log, one line per input as it
finishes; inputs the run did not reach (Ctrl-C, a full disk) get an
``interrupted`` line, so it accounts for every input the disk has room for.
Resuming needs no manifest: the outputs themselves record the input's sha256
and planparse version.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from planparse.batch.document import OUTPUT_ERRORS
from planparse.batch.downloads import Downloads, download_all, split_urls
from planparse.batch.engines import execute
from planparse.batch.inputs import expand_inputs, output_names
from planparse.batch.interrupts import sigint_held
from planparse.batch.outputs import MANIFEST, Manifest, sweep_temp_files
from planparse.batch.task import DEFAULT_MEMORY_MB, Options, Outcome, ParseFailure, Task
from planparse.errors import OutputError
from planparse.schema import Plan


def convert(inputs: list[Path | str], outdir: Path, password: str | None = None, max_pages: int | None = None, *,
            workers: int | None = 0, engine: str = "process", client: Any = None, scheduler: str | None = None,
            timeout: float | None = None, force: bool = False, keep_plans: bool = True, manifest: bool = True,
            memory_limit_mb: int | None = DEFAULT_MEMORY_MB, taxonomy: str | None = None,
            cache_dir: Path | None = None, ignored: Iterable[tuple[Path, str]] = ()) -> Iterator[Outcome]:
    """Convert inputs to OUTDIR/<name>.json, yielding an Outcome per input as it finishes.

    ``inputs`` may hold web addresses: each is downloaded first (into
    ``cache_dir``, default planparse.fetch.default_cache_dir()) and its plan
    keeps the address in ``source.url``; a failed download is a failed input.
    ``ignored``: files a folder scan left out, with why (scan_inputs), logged
    in the manifest as ``ignored``. ``taxonomy``: see parse().

    Inputs whose output records the same sha256 and planparse version are
    skipped (``force`` converts them again). ``workers=0`` (the default here;
    the CLI defaults to one per core) works in this process, in input order.
    OUTDIR/manifest.jsonl logs every input; closing the generator early
    (Ctrl-C) stops the workers, removes their temporary files and logs the
    inputs left undone as ``interrupted``.

    Raises OutputError, after yielding the outcome that met it, when an
    output or the manifest cannot be written (disk full, read-only): the
    rest would fail the same way. Outputs finished so far are kept, and the
    same call later picks up where this one stopped.
    """
    local, urls = split_urls(inputs)
    log = Manifest(outdir / MANIFEST) if manifest else None
    for path, reason in ignored:
        if log is not None:
            log.write(Outcome(input=path, status="ignored", message=reason).record())
    downloads = download_all(urls, cache_dir) if urls else Downloads()
    paths = [Path(p) for p in local] + downloads.paths
    names = output_names(paths)
    options = Options(password=password, max_pages=max_pages, timeout=timeout, force=force, keep_plan=keep_plans,
                      taxonomy=taxonomy)
    tasks = [Task(k, p, outdir / names[p], options, url=downloads.urls.get(p)) for k, p in enumerate(paths)]
    for k, failed in enumerate(downloads.failed):
        failed.index = len(tasks) + k
    sweep_temp_files(outdir)  # left by a run killed mid-write
    done: set[int] = set()
    stream = execute(tasks, workers=workers, engine=engine, client=client, scheduler=scheduler,
                     memory_limit_mb=memory_limit_mb)
    try:
        for outcome in itertools.chain(downloads.failed, stream):
            done.add(outcome.index)
            stop = OutputError(outcome.error_class, outcome.message or "") \
                if outcome.error_class in OUTPUT_ERRORS else None
            try:
                if log is not None:
                    log.write(outcome.record())
            except OutputError as exc:
                stop = stop or exc
            yield outcome
            if stop is not None:
                raise stop
    finally:
        with sigint_held():
            stream.close()
            for task in tasks:
                if task.index not in done:
                    sweep_temp_files(outdir, task.output)
                    if log is not None:
                        with contextlib.suppress(OutputError):  # the disk is full: the lines there stay whole
                            log.write(Outcome(input=task.input, index=task.index, status="interrupted",
                                              message="not converted: the run stopped first").record())
            if log is not None:
                log.close()


def parse_many(paths: Iterable[str | Path] | str | Path, workers: int | None = None, client: Any = None, *,
               password: str | None = None, max_pages: int | None = None, timeout: float | None = None,
               memory_limit_mb: int | None = DEFAULT_MEMORY_MB, taxonomy: str | None = None,
               cache_dir: Path | None = None) -> Iterator[Plan | ParseFailure]:
    """Parse many plans in parallel, yielding each Plan (or a ParseFailure) as soon as it is ready.

    ``paths``: files, folders (searched recursively), globs or web addresses
    (downloaded first into ``cache_dir``; the plan keeps the address in
    ``source.url``). ``workers``: processes (default one per core; 0 parses in
    this process). ``client``: a dask.distributed Client to run on instead.
    Failures are yielded, not raised, so one bad file never ends the loop;
    break out of it to stop the workers.

        for result in planparse.parse_many(["plans/"], workers=4):
            if isinstance(result, planparse.Plan): ...
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    local, urls = split_urls(paths)
    downloads = download_all(urls, cache_dir) if urls else Downloads()
    for failed in downloads.failed:
        yield ParseFailure(failed.input, failed.error_class or "DownloadFailed", failed.message or "")
    inputs = expand_inputs(Path(p) for p in local) + downloads.paths
    options = Options(password=password, max_pages=max_pages, timeout=timeout, keep_plan=True, taxonomy=taxonomy)
    tasks = [Task(k, p, None, options, url=downloads.urls.get(p)) for k, p in enumerate(inputs)]
    stream = execute(tasks, workers=workers, client=client, memory_limit_mb=memory_limit_mb)
    try:
        for outcome in stream:
            if outcome.ok and outcome.plan is not None:
                yield outcome.plan
            else:
                yield ParseFailure(outcome.input, outcome.error_class or "InternalError", outcome.message or "",
                                   outcome.detail)
    finally:
        stream.close()
