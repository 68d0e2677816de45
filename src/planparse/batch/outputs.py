"""Everything a batch writes: outputs all or nothing, the manifest line by line, the combined files.

Why each piece is shaped the way it is:

- An output is written to a temporary file beside it and renamed over it, so
  a reader, a second run or a run killed mid-write never sees half a JSON.
  The temporary name carries the writer's host and pid: a later run removes
  the ones whose writer is dead (a worker killed at its time limit, a run
  killed with SIGKILL) and leaves alone those of a run still going in the same
  folder, or of a Dask worker on another machine writing to a shared disk.
- The manifest is one ``os.write`` per line on an O_APPEND descriptor, so two
  runs appending to it never interleave inside a line, and a line the disk
  had room for only part of is cut off again: every line there is whole.
- Any OSError writing here becomes an OutputError, which stops the batch.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from planparse import __version__
from planparse.errors import OutputError
from planparse.schema import Plan

MANIFEST = "manifest.jsonl"
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<host>\w+)-(?P<pid>\d+)\.\w+\.tmp$")


def output_error(exc: OSError, path: Path) -> OutputError:
    """The OutputError for an OSError writing ``path``: DiskFull (with what to do) or OutputUnwritable."""
    reason = exc.strerror or str(exc)
    if exc.errno in _DISK_FULL:
        return OutputError("DiskFull", f"cannot write {path}: {reason} (disk full); free some space and run "
                                       "the same command again, finished outputs are kept")
    return OutputError("OutputUnwritable", f"cannot write {path}: {reason} ({type(exc).__name__})")


# -- all-or-nothing files ------------------------------------------------------------------------


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside the target, then rename: readers see all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
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
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
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


def _temp_prefix(path: Path) -> str:
    return f".{path.name}.{_host()}-{os.getpid()}."


def _host() -> str:
    return re.sub(r"\W", "_", socket.gethostname())[:32] or "host"


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


def sweep_temp_files(folder: Path, output: Path | None = None) -> list[Path]:
    """Remove the temporary files in ``folder`` (only ``output``'s, if given) whose writer on this host is gone.

    A writer stopped without unwinding (killed at its time limit, SIGKILL,
    the machine going down) leaves its temporary file behind; one still
    alive, such as another run writing into the same folder, keeps it.
    """
    removed = []
    try:
        entries = [e.name for e in os.scandir(folder) if e.name.endswith(".tmp")]
    except OSError:
        return removed
    for name in entries:
        m = _TEMP.match(name)
        if not m or (output is not None and m["name"] != output.name):
            continue
        if m["host"] != _host() or _alive(int(m["pid"])):
            continue  # its writer is still going, or on another machine, where its pid means nothing here
        with contextlib.suppress(OSError):
            (folder / name).unlink()
            removed.append(folder / name)
    return removed


def _alive(pid: int) -> bool:
    """Whether the process can still write. A zombie cannot: a killed worker whose parent died too stays
    one until init reaps it, which some containers' init does late or never, and its pid still answers."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # alive, but another user's
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[-1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return True  # no /proc (macOS): the signal's answer stands


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


# -- the manifest --------------------------------------------------------------------------------


class Manifest:
    """OUTDIR/manifest.jsonl, one whole line per finished input.

    After a write fails (disk full) it writes nothing more: the lines already
    there stay whole and true, and the caller stops the batch.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.broken = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o666)
        except OSError as exc:
            raise output_error(exc, path) from None

    def write(self, record: dict[str, Any]) -> None:
        """Append one line, or raise OutputError (once) leaving no part of it behind."""
        if self.broken:
            return
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        written = 0
        try:
            while written < len(data):
                written += os.write(self.fd, data[written:])
        except OSError as exc:
            self.broken = True
            if written:  # the disk had room for part of the line: take it back
                with contextlib.suppress(OSError):
                    os.ftruncate(self.fd, os.fstat(self.fd).st_size - written)
            raise output_error(exc, self.path) from None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


# -- combined outputs ----------------------------------------------------------------------------


def write_combined(outputs: list[Path], *, jsonl: Path | None = None, parquet: Path | None = None,
                   csv: Path | None = None, sqlite: Path | None = None) -> int:
    """Combined files from converted outputs (read back from disk, so up-to-date skips are included), in order.

    ``jsonl``: one plan per line; ``parquet`` / ``csv``: one row per action
    with its plan's fields (batch.flat; Parquet keeps owners as a list);
    ``sqlite``: a database of plans, priorities, actions, owners, entities and
    tables (batch.sqlite). Each is written atomically. Returns the number of plans.
    """
    from planparse.batch.flat import flat_frame

    plans: list[Plan] = []
    with contextlib.ExitStack() as stack:
        fh = None
        if jsonl is not None:
            tmp = stack.enter_context(atomic_path(jsonl))
            fh = stack.enter_context(open(tmp, "w", encoding="utf-8"))
        for path in outputs:
            plan = Plan.model_validate_json(path.read_text("utf-8"))
            if fh is not None:
                fh.write(plan.model_dump_json() + "\n")
            if parquet is not None or csv is not None or sqlite is not None:
                plans.append(plan)
        if fh is not None:
            fh.flush()
    if parquet is not None:
        frame = flat_frame(plans, lists=True)
        with atomic_path(parquet) as tmp:
            frame.to_parquet(tmp, index=False)
    if csv is not None:
        frame = flat_frame(plans)
        with atomic_path(csv) as tmp:
            frame.to_csv(tmp, index=False)
    if sqlite is not None:
        from planparse.batch.sqlite import write_sqlite

        write_sqlite(plans, sqlite)
    return len(outputs)
