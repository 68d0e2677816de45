"""What goes to a worker (Task) and what comes back (Outcome), and the manifest line made from it.

Both are small and picklable on purpose: a pool or a Dask cluster sends a
Task to whichever process is free, and a CLI run of thousands sends back
an Outcome without the Plan (``keep_plan=False``), only the figures the
closing summary and the manifest need.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planparse import __version__
from planparse.errors import PlanparseError
from planparse.schema import Plan

DEFAULT_MEMORY_MB = 2048  # per worker: a decompression bomb the PDF guard misses ends as MemoryLimit, not swap
FIRST_WARNINGS = 3  # warnings quoted in a manifest line; the plan's JSON has them all
REPAIRED = "damaged PDF"  # how the PDF reader's warning about a qpdf repair begins


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
    taxonomy: str | None = None  # themes: a bundled name, a JSON path, 'none'; None chooses one per plan


@dataclass(frozen=True)
class Task:
    """One input, where its JSON goes (None: nowhere, parse_many) and how to parse it."""

    index: int
    input: Path
    output: Path | None
    options: Options = field(default_factory=Options)
    url: str | None = None  # the address the input was downloaded from, kept in the plan's source


@dataclass
class Checks:
    """What a reader of the output should look at first, for the manifest and the closing summary."""

    repaired: bool = False  # the PDF was damaged and rebuilt by qpdf before reading
    warnings: int = 0
    first_warnings: list[str] = field(default_factory=list)
    quality_score: float | None = None
    quality_flags: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, warnings: list[str], quality: dict[str, Any]) -> Checks:
        """From a plan's warnings and its ``quality`` as JSON (a fresh Plan or an output read back)."""
        score = quality.get("score")
        return cls(repaired=any(w.startswith(REPAIRED) for w in warnings), warnings=len(warnings),
                   first_warnings=list(warnings[:FIRST_WARNINGS]),
                   quality_score=round(score, 3) if isinstance(score, (int, float)) else None,
                   quality_flags=[str(f) for f in quality.get("flags") or []])

    @classmethod
    def of_plan(cls, plan: Plan) -> Checks:
        return cls.of(plan.warnings, plan.quality.model_dump())


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
    checks: Checks | None = None  # None: nothing converted to check
    worker: int | None = None  # pid of the process that ran it
    peak_mb: float | None = None  # that process's peak resident memory so far
    index: int = -1
    url: str | None = None  # the address the input came from (input is then the downloaded copy)

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "skipped") and self.error_class is None

    def record(self) -> dict[str, Any]:
        """The manifest line: what happened, and for a plan what to check in it."""
        checks = self.checks
        return {
            "input": self.url or str(self.input),  # a download's copy is in its plan's source.path
            "output": str(self.output) if self.output else None,
            "sha256": self.sha256,
            "status": self.status,
            "error_class": self.error_class,
            "message": self.message,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            "repaired": checks.repaired if checks else None,
            "warnings": checks.warnings if checks else None,
            "first_warnings": checks.first_warnings if checks else [],
            "quality_score": checks.quality_score if checks else None,
            "quality_flags": checks.quality_flags if checks else [],
            "planparse_version": __version__,
        }
