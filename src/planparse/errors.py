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
