"""Errors a user can act on: each has a class name for manifests and a one-line message."""

from __future__ import annotations


class PlanparseError(Exception):
    """Base class: anything planparse raises on purpose."""


class InputError(PlanparseError):
    """The input cannot be parsed as a plan; ``kind`` names why (EmptyInput, BinaryInput...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class OutputError(PlanparseError):
    """An output could not be written (``kind``: DiskFull or OutputUnwritable).

    Unlike an InputError it stops a batch: every other output goes to the same
    folder, so carrying on would fail each remaining file the same way (or fill
    the disk further) and bury the one message the user needs.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return self.message
