"""A plain (non-editable) install carries everything parse() needs: build the wheel, install it into a
fresh venv, parse a plan there. planparse ships no statistical model (README, "Entities and owners"),
so the wheel holds the rule pipeline's data: registers and lexicon."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SCRIPT = """
import json, sys
import planparse
plan = planparse.parse(sys.argv[1])
print(json.dumps({
    "module": planparse.__file__,
    "actions": len(plan.actions),
    "agencies": {e.text: e.canonical_id for e in plan.entities if e.label == "AGENCY"},
    "owners": sum(len(a.owners) for a in plan.actions),
}))
"""


def test_wheel_installs_into_a_fresh_venv_and_parses_a_plan(tmp_path: Path, write_text) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "-w", str(dist), str(ROOT)], check=True, capture_output=True)
    (wheel,) = dist.glob("planparse-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert {"planparse/data/registers/councils.csv", "planparse/data/registers/SOURCE.md",
            "planparse/data/lexicon/first_names.txt", "planparse/data/lexicon/words.json"} <= names
    assert not any(n.startswith("models/") or "/models/" in n for n in names)  # the model was removed
    assert "Requires-Dist: nicknames" in metadata

    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(fresh)
    python = fresh / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # the dependencies come from this environment (no network in tests); planparse from the wheel only
    (site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, capture_output=True)

    plan = write_text("Anytown Domestic Abuse Action Plan 2024-26\n\n"
                      "Ref\tAction\tLead\n"
                      "1.1\tAgree a referral pathway with Sussex Police.\tWokingham Borough Council / Cafcass\n")
    out = subprocess.run([str(python), "-c", _SCRIPT, str(plan)], check=True, capture_output=True, text=True,
                         cwd=tmp_path)
    result = json.loads(out.stdout)
    assert Path(result["module"]).is_relative_to(fresh)          # the installed wheel, not the source tree
    assert result["actions"] == 1 and result["owners"] == 2
    assert result["agencies"].get("Wokingham Borough Council") == "E06000041"   # the register's GSS code
    assert result["agencies"].get("Sussex Police") == "E23000033"
    assert "No statistical model" in (ROOT / "README.md").read_text("utf-8")
