"""Load the one-plan-in-every-format generator (tests/fixtures/make_formats.py) as a module."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

GENERATOR = Path(__file__).resolve().parent / "fixtures" / "make_formats.py"


def load_formats() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_formats", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
