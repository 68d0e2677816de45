"""Convert many plan files: in this process, on a process pool or on Dask; resumable, atomic, one bad file never stops the rest.

How the work is split, and why:

- ``run_task`` does everything one input needs, in whichever process runs it:
  hash the input, skip it when its output already records the same sha256 and
  planparse version, parse it under a time limit, write the JSON atomically.
  The parent only schedules, records and reports, so a stuck or crashing
  document can be killed without losing anything else.
- Workers live for the whole batch: imports, the spaCy pipeline and the
  gazetteers load once per worker (``warm_up``), not once per document.
- Every failure becomes an ``Outcome`` with an error class and a one-line
  message; the traceback is kept in ``detail`` for ``--debug``.
- The run manifest (``OUTDIR/manifest.jsonl``) is a log, one line per input
  as it finishes; inputs a Ctrl-C left undone get an ``interrupted`` line, so
  the manifest always accounts for every input. Resuming needs no manifest:
  the outputs themselves record the input's sha256 and planparse version.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import multiprocessing as mp
import os
import re
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import connection as mp_connection
from pathlib import Path
from typing import Any

from planparse import __version__
from planparse.errors import InputError, PlanparseError
from planparse.pipeline import parse
from planparse.schema import Plan

INPUT_SUFFIXES = {".txt", ".text", ".pdf"}
MANIFEST = "manifest.jsonl"
DEFAULT_MEMORY_MB = 2048  # per worker: a decompression bomb the PDF guard misses ends as MemoryLimit, not swap
_GLOB_CHARS = frozenset("*?[")
_MESSAGE_MAX = 400


class DocumentTimeout(BaseException):
    """Raised inside a worker when a document runs past its time limit.

    A BaseException, like KeyboardInterrupt, so that the readers' broad
    ``except Exception`` (one bad page must not lose the document) cannot
    swallow it and carry on with the next page.
    """


class ParseFailure(PlanparseError):
    """One input ``parse_many`` could not turn into a Plan: yielded, not raised, so the other results keep coming."""

    def __init__(self, path: Path, kind: str, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.kind = kind
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


@dataclass(frozen=True)
class Options:
    """What every document in a batch is parsed with."""

    password: str | None = None
    max_pages: int | None = None
    timeout: float | None = None  # seconds per document; None or 0: no limit
    force: bool = False  # convert even when the output is up to date
    keep_plan: bool = True  # send the Plan back to the caller; False: only a summary (a CLI run of thousands)


@dataclass(frozen=True)
class Task:
    """One input, where its JSON goes (None: nowhere, parse_many) and how to parse it."""

    index: int
    input: Path
    output: Path | None
    options: Options = field(default_factory=Options)


@dataclass
class Outcome:
    """What happened to one input: converted (or up to date), or an error class and one-line message."""

    input: Path
    output: Path | None = None
    plan: Plan | None = None
    error_class: str | None = None
    message: str | None = None
    detail: str | None = None  # traceback, for --debug
    status: str = "ok"  # ok | skipped (output up to date) | failed | interrupted
    sha256: str | None = None
    pages: int | None = None
    seconds: float = 0.0
    summary: dict[str, Any] | None = None  # organisation, type and counts for the closing table
    worker: int | None = None  # pid of the process that ran it
    peak_mb: float | None = None  # that process's peak resident memory so far
    index: int = -1

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "skipped") and self.error_class is None

    def record(self) -> dict[str, Any]:
        """The manifest line."""
        return {
            "input": str(self.input),
            "output": str(self.output) if self.output else None,
            "sha256": self.sha256,
            "status": self.status,
            "error_class": self.error_class,
            "message": self.message,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            "planparse_version": __version__,
        }


# -- inputs and names -----------------------------------------------------------------------


def expand_inputs(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given; folders searched recursively and globs expanded (plan suffixes only), in a stable order.

    Directory symlinks are followed once; one that leads back to a folder
    containing it is kept as an input of its own, so that it shows up in the
    manifest as a SymlinkLoop instead of hanging the walk or vanishing. The
    same file reached twice is converted once.
    """
    out: list[Path] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if not os.path.lexists(p) and _GLOB_CHARS & set(str(p)):
            matches = _glob(str(p))
            candidates = [m for m in matches if m.is_dir() or m.suffix.lower() in INPUT_SUFFIXES] or [p]
        else:
            candidates = [p]
        for c in candidates:
            walk = c.is_dir() and not (c.is_symlink() and _loops(c))
            for f in (_walk(c) if walk else [c]):
                key = os.path.realpath(f)
                if key not in seen:
                    seen.add(key)
                    out.append(f)
    return out


def _glob(pattern: str) -> list[Path]:
    """glob, with ** walked by _walk: glob.glob(recursive=True) follows a looping link until the OS says stop."""
    if "**" not in pattern:
        return [Path(m) for m in sorted(glob.glob(pattern))]
    parts = pattern.split(os.sep)
    fixed = next(k for k, part in enumerate(parts) if _GLOB_CHARS & set(part))
    base = Path(os.sep.join(parts[:fixed]) or ("/" if pattern.startswith(os.sep) else "."))
    regex = _glob_regex(parts[fixed:])
    prefix = "" if str(base) == "." and not pattern.startswith("./") else str(base).rstrip(os.sep) + os.sep
    found = []
    for f in (_walk(base) if base.is_dir() else []):
        rel = str(f)[len(prefix):] if str(f).startswith(prefix) else str(f)
        if regex.fullmatch(rel):
            found.append(f)
    return found


def _glob_regex(parts: list[str]) -> re.Pattern[str]:
    sep = re.escape(os.sep)
    out = []
    for k, part in enumerate(parts):
        last = k == len(parts) - 1
        if part == "**":
            out.append(".*" if last else f"(?:[^{sep}]*{sep})*")
            continue
        piece, i = "", 0
        while i < len(part):
            c = part[i]
            if c == "*":
                piece += f"[^{sep}]*"
            elif c == "?":
                piece += f"[^{sep}]"
            elif c == "[" and "]" in part[i + 2:]:  # a class: [abc], [!abc], []abc]
                end = part.index("]", i + 2)
                body = part[i + 1:end].replace("\\", "\\\\")
                piece += "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"
                i = end
            else:
                piece += re.escape(c)
            i += 1
        out.append(piece + ("" if last else sep))
    return re.compile("".join(out))


def _loops(link: Path) -> bool:
    target = os.path.realpath(link)
    parent = Path(os.path.realpath(link.parent))
    return Path(target) == parent or Path(target) in parent.parents


def _walk(root: Path) -> list[Path]:
    found: list[Path] = []
    visited: set[tuple[int, int]] = set()

    def visit(folder: Path, ancestors: frozenset[tuple[int, int]]) -> None:
        try:
            st = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        key = (st.st_dev, st.st_ino)
        if key in visited:
            return  # reached again through another link: its files are already listed
        visited.add(key)
        inner = ancestors | {key}
        for entry in entries:
            path = folder / entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if entry.is_symlink():
                    try:
                        target = path.stat()
                    except OSError:
                        continue
                    if (target.st_dev, target.st_ino) in inner:
                        found.append(path)  # a loop: fails as SymlinkLoop rather than recursing forever
                        continue
                visit(path, inner)
            elif path.suffix.lower() in INPUT_SUFFIXES:
                found.append(path)  # broken or looping file links too: they fail with their reason

    # the folders above the root count as ancestors: a link to one of them leads back to the root
    above: set[tuple[int, int]] = set()
    for parent in Path(os.path.realpath(root)).parents:
        with contextlib.suppress(OSError):
            st = parent.stat()
            above.add((st.st_dev, st.st_ino))
    visit(root, frozenset(above))
    return sorted(found)


def output_names(inputs: list[Path]) -> dict[Path, str]:
    """<stem>.json, with a short hash of the path added where two inputs share a stem."""
    stems: dict[str, int] = {}
    for p in inputs:
        stems[p.stem] = stems.get(p.stem, 0) + 1
    names = {}
    for p in inputs:
        if stems[p.stem] > 1:
            # realpath, not Path.resolve(): resolve() raises on a symlink loop before Python 3.13
            tag = hashlib.sha1(os.path.realpath(p).encode()).hexdigest()[:8]
            names[p] = f"{p.stem}-{tag}.json"
        else:
            names[p] = f"{p.stem}.json"
    return names


# -- atomic writes -------------------------------------------------------------------------


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside the target, then rename: readers see all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 would make outputs private to this user
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` for a writer that wants a file name (pandas); renamed over it on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process umask, read without setting it where Linux allows (a Dask worker has other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temp_files(output: Path) -> list[Path]:
    """write_atomic's temporary files for this output (a worker killed mid-write leaves one)."""
    try:
        return list(output.parent.glob(f".{glob.escape(output.name)}.*.tmp"))
    except OSError:
        return []


def _sweep(output: Path | None) -> None:
    if output is not None:
        for tmp in _temp_files(output):
            tmp.unlink(missing_ok=True)


# -- one document ---------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def existing_output(output: Path, sha256: str) -> dict[str, Any] | None:
    """The output's JSON when it was made from these exact bytes by this planparse version; else None."""
    try:
        data = json.loads(output.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("source"), dict):
        return None
    if data["source"].get("sha256") != sha256 or data.get("planparse_version") != __version__:
        return None
    return data


def run_task(task: Task) -> Outcome:
    """Everything one input needs, in whichever process runs it. Never raises, except to stop the process."""
    t0 = time.perf_counter()
    path = task.input
    out = Outcome(input=path, index=task.index, worker=os.getpid())
    opts = task.options
    try:
        out.sha256 = _sha_or_none(path)
        if task.output is not None and not opts.force and out.sha256:
            previous = existing_output(task.output, out.sha256)
            if previous is not None:
                out.status, out.output = "skipped", task.output
                out.pages = previous["source"].get("pages")
                return out
        with deadline(opts.timeout):
            plan = parse(path, password=opts.password, max_pages=opts.max_pages)
        if task.output is not None:
            write_atomic(task.output, plan.to_json())
        out.output, out.sha256, out.pages = task.output, plan.source.sha256, plan.source.pages
        out.summary = summarize(plan)
        out.plan = plan if opts.keep_plan else None
    except DocumentTimeout:
        _fail(out, "Timeout", f"{path.name}: gave up after {opts.timeout:g} s (--timeout); "
                              "the document takes too long to read")
    except InputError as exc:
        _fail(out, exc.kind, exc.message)
    except MemoryError:
        _fail(out, "MemoryLimit", f"{path.name}: ran out of memory (the worker's limit); refused",
              traceback.format_exc())
    except RecursionError:
        _fail(out, "TooDeeplyNested", f"{path.name}: structures nested too deeply to read", traceback.format_exc())
    except OSError as exc:
        _fail(out, type(exc).__name__, f"{path}: {exc.strerror or exc}", traceback.format_exc())
    except Exception as exc:  # noqa: BLE001 - a bug on one file must not stop the batch
        _fail(out, "InternalError", f"{path.name}: {type(exc).__name__}: {exc}", traceback.format_exc())
    finally:
        out.seconds = time.perf_counter() - t0
        out.peak_mb = _peak_mb()
    return out


def _sha_or_none(path: Path) -> str | None:
    try:
        return file_sha256(path)
    except OSError:
        return None  # parse() says why (NotFound, SymlinkLoop, NotAFile...) with a better message


def _fail(out: Outcome, error_class: str, message: str, detail: str | None = None) -> None:
    out.status, out.error_class, out.detail = "failed", error_class, detail
    out.message = _one_line(message)
    out.plan = out.output = out.summary = None


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MESSAGE_MAX else text[: _MESSAGE_MAX - 1] + "…"


def summarize(plan: Plan) -> dict[str, Any]:
    """The few numbers the closing table shows, small enough to send back from a worker instead of the plan."""
    return {
        "org": plan.organisation.short_name or "-",
        "type": plan.doc_type,
        "priorities": len(plan.priorities),
        "actions": len(plan.actions),
        "owners": len({o.name for a in plan.actions for o in a.owners}),
        "warnings": len(plan.warnings),
    }


def _peak_mb() -> float | None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in this thread after ``seconds``.

    SIGALRM in a main thread (pool workers, the CLI with --workers 0); in any
    other thread (a Dask worker runs tasks in a thread pool) a timer thread
    injects the exception. Both fire between Python bytecodes, which is where
    slow documents spend their time; the pool also kills a worker that is
    still busy well after its deadline, for code stuck inside C.
    """
    if not seconds:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def on_alarm(signum: int, frame: Any) -> None:
            raise DocumentTimeout

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    import ctypes

    target = threading.get_ident()
    lock = threading.Lock()
    armed = [True]

    def fire() -> None:
        with lock:
            if armed[0]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(DocumentTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            armed[0] = False
        timer.cancel()


def warm_up() -> None:
    """Load what every parse needs (imports, spaCy pipeline, gazetteers, header synonyms) by parsing a tiny plan.

    Called once per worker, so the first real document is not the one that pays for it.
    """
    from planparse.pipeline import build_plan
    from planparse.readers.text import parse_text
    from planparse.schema import Source

    text = ("Sample Borough Council Action Plan 2023-2026\n\nPriority 1: Prevention\n\n"
            "Ref\tAction\tLead\tTimescale\n1.1\tDeliver training for staff.\tThames Valley Police / Jane Smith\t"
            "March 2024\n")
    build_plan(parse_text(text), Source(path="warm-up", sha256="0" * 64, format="text"))


# -- engines ---------------------------------------------------------------------------------


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
        yield from _run_dask(tasks, max(1, n), client, scheduler, memory_limit_mb)
    elif engine != "process":
        raise PlanparseError(f"unknown engine {engine!r} (process or dask)")
    elif n == 0:
        for task in tasks:
            yield run_task(task)
    else:
        yield from _run_pool(tasks, n, memory_limit_mb)


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Ignore a second Ctrl-C while workers are stopped and temp files removed, so cleanup finishes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _mp_context() -> Any:
    """fork where it is safe (Linux, no other threads): workers inherit the warmed-up parent for free."""
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "fork" in mp.get_all_start_methods():
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _worker_main(conn: Any, memory_limit_mb: int | None) -> None:
    """A pool worker: warm up once, then run tasks until told to stop (None) or the parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the workers itself

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)  # unwinds write_atomic, which removes its temporary file

    signal.signal(signal.SIGTERM, stop)
    _limit_memory(memory_limit_mb)
    warm_up()
    conn.send("ready")
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        outcome = run_task(task)
        try:
            conn.send(outcome)
        except (OSError, ValueError):
            return
        except Exception as exc:  # noqa: BLE001 - the plan would not pickle: say so rather than hang the parent
            _fail(outcome, "InternalError", f"{task.input.name}: result could not be sent back: {exc}")
            conn.send(outcome)


def _limit_memory(mb: int | None) -> None:
    """Cap the worker's data segment, so an allocation storm ends in MemoryError instead of swapping the machine."""
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


class _Slot:
    """One worker process and the task it is running."""

    def __init__(self, ctx: Any, memory_limit_mb: int | None) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, memory_limit_mb), daemon=True,
                                name="planparse-worker")
        self.proc.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0
        self.ready = False  # warmed up: a task's clock starts only then (a spawned worker takes seconds)

    def started_up(self) -> None:
        """Take the worker's "ready"; a worker that dies while warming up would die on every document."""
        try:
            message = self.conn.recv() if self.conn.poll() else None
        except (EOFError, OSError):
            message = None
        if message != "ready":
            self.proc.join(5)
            raise PlanparseError(f"a worker process failed to start (exit code {self.proc.exitcode})")
        self.ready = True

    def send(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def overdue(self, now: float) -> bool:
        return self.task is not None and bool(self.task.options.timeout) and now >= self.hard_deadline()

    def hard_deadline(self) -> float:
        assert self.task is not None and self.task.options.timeout
        timeout = self.task.options.timeout
        return self.started + timeout + min(max(2.0, 0.5 * timeout), 30.0)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        with contextlib.suppress(OSError):
            self.conn.close()


def _run_pool(tasks: list[Task], workers: int, memory_limit_mb: int | None) -> Iterator[Outcome]:
    ctx = _mp_context()
    if ctx.get_start_method() == "fork":
        warm_up()  # once here; every forked worker inherits it
    pending = deque(tasks)
    slots: list[_Slot] = []
    try:
        slots.extend(_Slot(ctx, memory_limit_mb) for _ in range(min(workers, len(tasks))))
        while True:
            for slot in slots:
                if slot.ready and slot.task is None and pending:
                    slot.send(pending.popleft())
            watched = [s for s in slots if s.task is not None or not s.ready]
            if not watched:
                return
            deadlines = [s.hard_deadline() for s in watched if s.task and s.task.options.timeout]
            wait = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = set(mp_connection.wait([s.conn for s in watched] + [s.proc.sentinel for s in watched], wait))
            now = time.monotonic()
            for k, slot in enumerate(slots):
                if not slot.ready:
                    if slot.conn in ready or slot.proc.sentinel in ready:
                        slot.started_up()
                    continue
                task = slot.task
                if task is None:
                    continue
                outcome: Outcome | None = None
                replace_worker = False
                if slot.conn in ready or slot.proc.sentinel in ready:
                    try:
                        if slot.conn.poll():
                            outcome = slot.conn.recv()
                            replace_worker = outcome.error_class == "MemoryLimit"  # its heap may be wrecked
                    except (EOFError, OSError):
                        outcome = None
                    if outcome is None:  # died without an answer: a hard crash or the kernel's OOM killer
                        slot.proc.join(5)
                        outcome = _crashed(task, slot.proc.exitcode)
                        replace_worker = True
                elif slot.overdue(now):
                    slot.kill()
                    outcome = Outcome(input=task.input, index=task.index)
                    _fail(outcome, "Timeout", f"{task.input.name}: gave up after {task.options.timeout:g} s "
                                              "(--timeout); the worker was stopped")
                    outcome.seconds = now - slot.started
                    replace_worker = True
                if outcome is None:
                    continue
                slot.task = None
                if replace_worker:
                    slot.kill()
                    _sweep(task.output)
                    if pending:
                        slots[k] = _Slot(ctx, memory_limit_mb)
                yield outcome
            slots = [s for s in slots if s.task is not None or s.proc.is_alive()]
    finally:
        with _sigint_held():
            _stop(slots)


def _crashed(task: Task, exitcode: int | None) -> Outcome:
    out = Outcome(input=task.input, index=task.index)
    if exitcode is not None and exitcode < 0:
        try:
            how = signal.Signals(-exitcode).name
        except ValueError:
            how = f"signal {-exitcode}"
        hint = " (out of memory?)" if how == "SIGKILL" else ""
        _fail(out, "WorkerCrashed", f"{task.input.name}: the worker died with {how}{hint} while reading it")
    else:
        _fail(out, "WorkerCrashed", f"{task.input.name}: the worker exited ({exitcode}) while reading it")
    return out


def _stop(slots: list[_Slot]) -> None:
    """Idle workers are told to finish; busy ones get SIGTERM (they remove their temp file), then SIGKILL."""
    for slot in slots:
        try:
            if slot.task is None:
                slot.conn.send(None)
            else:
                slot.proc.terminate()
        except (OSError, ValueError):
            pass
    end = time.monotonic() + 5
    for slot in slots:
        slot.proc.join(max(0.0, end - time.monotonic()))
        if slot.proc.is_alive():
            slot.proc.kill()
            slot.proc.join(5)
        with contextlib.suppress(OSError):
            slot.conn.close()
        if slot.task is not None:
            _sweep(slot.task.output)


# Worker-side settings for the LocalCluster planparse starts. Parsing is Python-heavy and a
# laptop has few cores, so Dask's defaults cost 15-25% of a batch on 2 cores (measured with
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
    import logging

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


def _run_dask(tasks: list[Task], workers: int, client: Any, scheduler: str | None,
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
        with _sigint_held():
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
                outcome = Outcome(input=task.input, index=task.index)
                _fail(outcome, "WorkerCrashed", f"{task.input.name}: the Dask worker failed "
                                                f"({type(exc).__name__}: {exc})", traceback.format_exc())
            fut.release()
            yield outcome
    finally:
        with _sigint_held():
            if futures:
                with contextlib.suppress(Exception):
                    client.cancel(list(futures))


# -- batches ---------------------------------------------------------------------------------


class _Manifest:
    """OUTDIR/manifest.jsonl, one whole line per finished input (O_APPEND: a line is there or it is not)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    @classmethod
    def open(cls, path: Path) -> _Manifest | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o666))
        except OSError:
            return None  # the outdir is unusable: every input will fail with the same OS error, which says why

    def write(self, outcome: Outcome) -> None:
        os.write(self.fd, (json.dumps(outcome.record(), ensure_ascii=False) + "\n").encode("utf-8"))

    def close(self) -> None:
        os.close(self.fd)


def convert(inputs: list[Path], outdir: Path, password: str | None = None, max_pages: int | None = None, *,
            workers: int | None = 0, engine: str = "process", client: Any = None, scheduler: str | None = None,
            timeout: float | None = None, force: bool = False, keep_plans: bool = True, manifest: bool = True,
            memory_limit_mb: int | None = DEFAULT_MEMORY_MB) -> Iterator[Outcome]:
    """Convert inputs to OUTDIR/<name>.json, yielding an Outcome per input as it finishes.

    Inputs whose output records the same sha256 and planparse version are
    skipped (``force`` converts them again). ``workers=0`` (the default here;
    the CLI defaults to one per core) works in this process, in input order.
    OUTDIR/manifest.jsonl logs every input; closing the generator early
    (Ctrl-C) stops the workers, removes their temporary files and logs the
    inputs left undone as ``interrupted``.
    """
    names = output_names(inputs)
    options = Options(password=password, max_pages=max_pages, timeout=timeout, force=force, keep_plan=keep_plans)
    tasks = [Task(k, p, outdir / names[p], options) for k, p in enumerate(inputs)]
    log = _Manifest.open(outdir / MANIFEST) if manifest else None
    done: set[int] = set()
    stream = execute(tasks, workers=workers, engine=engine, client=client, scheduler=scheduler,
                     memory_limit_mb=memory_limit_mb)
    try:
        for outcome in stream:
            done.add(outcome.index)
            if log is not None:
                log.write(outcome)
            yield outcome
    finally:
        with _sigint_held():
            stream.close()
            for task in tasks:
                if task.index not in done:
                    _sweep(task.output)
                    if log is not None:
                        log.write(Outcome(input=task.input, index=task.index, status="interrupted",
                                          message="not converted: the run stopped first"))
            if log is not None:
                log.close()


def parse_many(paths: Iterable[str | Path] | str | Path, workers: int | None = None, client: Any = None, *,
               password: str | None = None, max_pages: int | None = None, timeout: float | None = None,
               memory_limit_mb: int | None = DEFAULT_MEMORY_MB) -> Iterator[Plan | ParseFailure]:
    """Parse many plans in parallel, yielding each Plan (or a ParseFailure) as soon as it is ready.

    ``paths``: files, folders (searched recursively) or globs. ``workers``:
    processes (default one per core; 0 parses in this process). ``client``: a
    dask.distributed Client to run on instead. Failures are yielded, not
    raised, so one bad file never ends the loop; break out of it to stop the
    workers.

        for result in planparse.parse_many(["plans/"], workers=4):
            if isinstance(result, planparse.Plan): ...
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    inputs = expand_inputs(Path(p) for p in paths)
    options = Options(password=password, max_pages=max_pages, timeout=timeout, keep_plan=True)
    tasks = [Task(k, p, None, options) for k, p in enumerate(inputs)]
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


def write_combined(outputs: list[Path], *, jsonl: Path | None = None, parquet: Path | None = None,
                   csv: Path | None = None) -> int:
    """Combined files from converted outputs (read back from disk, so up-to-date skips are included), in order.

    ``jsonl``: one plan per line; ``parquet`` / ``csv``: one row per action
    (Plan.actions_frame's columns). Each is written atomically. Returns the
    number of plans.
    """
    import pandas as pd

    from planparse.schema import ACTION_COLUMNS

    frames: list[pd.DataFrame] = []
    with contextlib.ExitStack() as stack:
        fh = None
        if jsonl is not None:
            tmp = stack.enter_context(atomic_path(jsonl))
            fh = stack.enter_context(open(tmp, "w", encoding="utf-8"))
        for path in outputs:
            plan = Plan.model_validate_json(path.read_text("utf-8"))
            if fh is not None:
                fh.write(plan.model_dump_json() + "\n")
            if parquet is not None or csv is not None:
                frames.append(plan.actions_frame())
        if fh is not None:
            fh.flush()
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=ACTION_COLUMNS)
    writers: list[tuple[Path | None, Callable[[Path], None]]] = [
        (parquet, lambda tmp: frame.to_parquet(tmp, index=False)),
        (csv, lambda tmp: frame.to_csv(tmp, index=False)),
    ]
    for target, write in writers:
        if target is not None:
            with atomic_path(target) as tmp:
                write(tmp)
    return len(outputs)


__all__ = [
    "INPUT_SUFFIXES", "MANIFEST", "DocumentTimeout", "Options", "Outcome", "ParseFailure", "Task", "atomic_path",
    "convert", "deadline", "default_workers", "execute", "expand_inputs", "existing_output", "file_sha256",
    "local_cluster",
    "output_names", "parse_many", "run_task", "summarize", "warm_up", "write_atomic", "write_combined",
]
