"""Load the fixture generator (tests/fixtures/make_pdfs.py) as a module for the PDF tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

GENERATOR = Path(__file__).resolve().parent / "fixtures" / "make_pdfs.py"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_pdfs", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
