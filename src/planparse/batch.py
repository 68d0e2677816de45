"""Convert many files to JSON: one bad file never stops the batch, no partial file is ever left."""

from __future__ import annotations

import hashlib
import os
import tempfile
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from planparse.errors import InputError
from planparse.pipeline import parse
from planparse.schema import Plan

INPUT_SUFFIXES = {".txt", ".text", ".pdf"}


@dataclass
class Outcome:
    """What happened to one input: a plan and where it was written, or an error class and message."""

    input: Path
    output: Path | None = None
    plan: Plan | None = None
    error_class: str | None = None
    message: str | None = None
    detail: str | None = None  # traceback, for --debug

    @property
    def ok(self) -> bool:
        return self.error_class is None


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders searched recursively for plan files, in a stable order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES))
        else:
            out.append(p)
    return out


def output_names(inputs: list[Path]) -> dict[Path, str]:
    """<stem>.json, with a short hash of the path added where two inputs share a stem."""
    stems: dict[str, int] = {}
    for p in inputs:
        stems[p.stem] = stems.get(p.stem, 0) + 1
    names = {}
    for p in inputs:
        if stems[p.stem] > 1:
            tag = hashlib.sha1(str(p.resolve()).encode()).hexdigest()[:8]
            names[p] = f"{p.stem}-{tag}.json"
        else:
            names[p] = f"{p.stem}.json"
    return names


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside the target, then rename: readers see all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would make outputs private to this user
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def convert(inputs: list[Path], outdir: Path, password: str | None = None,
            max_pages: int | None = None) -> Iterator[Outcome]:
    names = output_names(inputs)
    for path in inputs:
        outcome = Outcome(input=path)
        try:
            plan = parse(path, password=password, max_pages=max_pages)
            target = outdir / names[path]
            write_atomic(target, plan.to_json())
            outcome.plan, outcome.output = plan, target
        except InputError as exc:
            outcome.error_class, outcome.message = exc.kind, exc.message
        except OSError as exc:
            outcome.error_class, outcome.message = type(exc).__name__, f"{path}: {exc.strerror or exc}"
            outcome.detail = traceback.format_exc()
        except Exception as exc:  # noqa: BLE001 - a bug on one file must not stop the batch
            outcome.error_class = "InternalError"
            outcome.message = f"{path.name}: {type(exc).__name__}: {exc}"
            outcome.detail = traceback.format_exc()
        yield outcome
