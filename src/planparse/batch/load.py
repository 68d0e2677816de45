"""Converted plans read back: a folder of <stem>.json, one JSON file, or a JSONL of plans.

A researcher converts once and analyses many times; reading the outputs
back as Plans (validated against the schema) gives the same objects
``parse`` returned, without parsing again. Other JSON in an output folder
(the manifest, an evaluation report) is skipped, with the reason.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from planparse.errors import InputError
from planparse.schema import Plan


def load(path: str | Path) -> list[Plan]:
    """Plans from a folder of converted JSON (sorted by name), a plan's .json, or a .jsonl of plans.

    Files in a folder that are not plans are skipped (see ``load_with_skipped``);
    a file named on its own that is not a plan raises InputError.
    """
    path = Path(path)
    if path.is_dir():
        return load_with_skipped(path)[0]
    if not path.exists():
        raise InputError("NotFound", f"{path} does not exist")
    plans, problems = _read(path)
    if problems:
        raise InputError("NotAPlan", f"{path}: {problems[0]}")
    return plans


def load_with_skipped(folder: Path) -> tuple[list[Plan], list[tuple[Path, str]]]:
    """Every plan in the folder's *.json and *.jsonl files, and the files skipped with why."""
    plans: list[Plan] = []
    skipped: list[tuple[Path, str]] = []
    for path in sorted([*folder.glob("*.json"), *folder.glob("*.jsonl")]):
        found, problems = _read(path)
        if problems and not found:
            skipped.append((path, problems[0]))
        plans.extend(found)
    return plans, skipped


def _read(path: Path) -> tuple[list[Plan], list[str]]:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{type(exc).__name__}: {exc}"]
    chunks = [line for line in text.splitlines() if line.strip()] if path.suffix == ".jsonl" else [text]
    plans: list[Plan] = []
    problems: list[str] = []
    for chunk in chunks:
        try:
            plans.append(Plan.model_validate_json(chunk))
        except ValidationError as exc:
            problems.append(f"not a planparse plan ({exc.error_count()} schema errors)")
        except ValueError as exc:
            problems.append(f"{type(exc).__name__}: {exc}")
    return plans, problems
