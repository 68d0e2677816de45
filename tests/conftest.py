"""Shared fixtures: paths into the repo's own corpora (never ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"


@pytest.fixture(scope="session")
def corpus_texts() -> list[Path]:
    return sorted((CORPORA / "text").glob("*.txt"))


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return CORPORA / "gold"


@pytest.fixture
def write_text(tmp_path: Path):
    """Write a small plan text into tmp_path and return its path."""

    def _write(text: str, name: str = "plan.txt", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return _write


@pytest.fixture(scope="session")
def pdf_generator():
    """The repo's own fixture generator (reportlab), imported from tests/fixtures/make_pdfs.py."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pdf_fixtures import load_generator

    return load_generator()


@pytest.fixture(scope="session")
def small_pdfs(pdf_generator, tmp_path_factory) -> dict[str, Path]:
    return pdf_generator.render_small_fixtures(tmp_path_factory.mktemp("small_pdfs"))


@pytest.fixture(scope="session")
def formats_generator():
    """tests/fixtures/make_formats.py: one plan as PDF, Word, HTML, Excel, CSV and OpenDocument."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from format_fixtures import load_formats

    return load_formats()


@pytest.fixture(scope="session")
def sample_formats(formats_generator, tmp_path_factory) -> dict[str, Path]:
    return formats_generator.render_all(tmp_path_factory.mktemp("formats"))
