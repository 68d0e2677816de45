"""A plain (non-editable) install carries everything planparse reads at run time.

The wheel is built once, offline, from a copy of the source (pip wheel
--no-build-isolation, so no build requirement is fetched) and installed
with --no-deps into a fresh venv. Its dependencies are the ones this test
environment already has, made visible to the new venv through a .pth line:
the point is what the wheel itself holds (modules, registers, lexicon,
taxonomies, header synonyms, plan vocabulary), so no registry is needed.
Each test runs from a folder outside the repository and checks that
planparse was imported from the new venv, not from the source tree.
planparse ships no statistical model (README, "Entities and owners").
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ("planparse/data/fields.json", "planparse/data/plan_language.json",
        "planparse/data/registers/councils.csv", "planparse/data/registers/SOURCE.md",
        "planparse/data/registers/LICENSE-mysociety.txt", "planparse/data/lexicon/first_names.txt",
        "planparse/data/lexicon/words.json",
        *(f"planparse/data/themes/{t}.json" for t in ("domestic_abuse", "health_wellbeing", "community_safety",
                                                       "climate")))

_PARSE = """
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


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{cmd[:3]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src-copy"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    dist = tmp / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
          "-w", str(dist), str(src)], cwd=tmp)
    return next(dist.glob("planparse-*.whl"))


@pytest.fixture(scope="module")
def fresh(wheel: Path, tmp_path_factory) -> Path:
    """A new venv holding only the wheel (its dependencies seen through a .pth line)."""
    env = tmp_path_factory.mktemp("venv") / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=env).stdout.strip())
    (site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "--quiet",
          str(wheel)], cwd=env)
    return env


def test_the_wheel_holds_the_data_and_no_model(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(next(n for n in names if n.endswith("METADATA"))).decode()
    missing = [d for d in DATA if d not in names]
    assert not missing
    assert not any(n.startswith("models/") or "/models/" in n for n in names)  # the model was removed
    assert "Requires-Dist: nicknames" in metadata
    assert "No statistical model" in (ROOT / "README.md").read_text("utf-8")


def test_installed_wheel_parses_a_plan_with_register_codes(fresh: Path, tmp_path: Path, write_text) -> None:
    plan = write_text("Anytown Domestic Abuse Action Plan 2024-26\n\n"
                      "Ref\tAction\tLead\n"
                      "1.1\tAgree a referral pathway with Sussex Police.\tWokingham Borough Council / Cafcass\n")
    out = _run([str(fresh / "bin" / "python"), "-c", _PARSE, str(plan)], cwd=tmp_path)
    result = json.loads(out.stdout)
    assert Path(result["module"]).is_relative_to(fresh)          # the installed wheel, not the source tree
    assert result["actions"] == 1 and result["owners"] == 2
    assert result["agencies"].get("Wokingham Borough Council") == "E06000041"   # the register's GSS code
    assert result["agencies"].get("Sussex Police") == "E23000033"


def test_installed_wheel_converts_four_formats(fresh: Path, sample_formats: dict[str, Path], tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    inputs = [shutil.copy(sample_formats[f], work / f"plan.{f}") for f in ("pdf", "docx", "html", "xlsx")]
    _run([str(fresh / "bin" / "planparse"), "convert", *map(str, inputs), "-o", str(work / "out"),
          "--workers", "0", "--quiet"], cwd=work)
    plans = [json.loads(p.read_text("utf-8")) for p in sorted((work / "out").glob("plan*.json"))]
    assert sorted(p["source"]["format"] for p in plans) == ["docx", "html", "pdf", "xlsx"]
    for plan in plans:
        assert [a["ref"] for a in plan["actions"]] == ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2"]
        assert len(plan["priorities"]) == 3
        assert plan["taxonomy"]["id"] == "domestic_abuse"  # the bundled taxonomies came with the wheel
        assert {p["theme"] for p in plan["priorities"]} == {"prevention", "victim_support", "perpetrators"}
