"""What a batch worker imports: parsing a plan does not bring pandas (70 MB a worker would hold for nothing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import sys
import planparse
plan = planparse.parse(sys.argv[1])
assert plan.actions, "the plan has actions"
print("pandas" in sys.modules)
frame = plan.actions_frame()
from planparse import compare
print("pandas" in sys.modules, len(frame) == len(plan.actions), callable(compare), callable(planparse.compare))
"""


def test_parsing_does_not_import_pandas_until_a_frame_is_asked_for() -> None:
    text = ROOT / "corpora" / "text" / "wokingham-domestic-abuse-action-plan-2021-24.txt"
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(text)], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["False", "True True True True"]
