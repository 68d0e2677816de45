"""The built wheel carries everything planparse reads at run time: installed in a fresh venv, it converts
a PDF, a Word file, a web page and an Excel tracker made by the repo's generator.

The wheel is built offline from a copy of the source (pip wheel --no-build-isolation, so no build
requirement is fetched) and installed with --no-deps into a new venv. Its dependencies are the ones
this test environment already has, made visible to the new venv through a .pth line: the point is
what the wheel itself holds (modules, taxonomies, header synonyms, gazetteers, plan vocabulary), so
no registry is needed. The conversion runs from a folder outside the repository, and the test checks
that planparse was imported from the new venv, not from the source tree.
"""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{cmd[:3]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


def test_the_wheel_installs_and_converts_four_formats(sample_formats: dict[str, Path], tmp_path: Path) -> None:
    src = tmp_path / "src-copy"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
          "-w", str(dist), str(src)], cwd=tmp_path)
    wheel = next(dist.glob("planparse-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ("planparse/data/fields.json", "planparse/data/plan_language.json", "planparse/data/owner_words.json",
                 "planparse/data/first_names.txt", "planparse/data/gazetteer/agencies.txt",
                 *(f"planparse/data/themes/{t}.json" for t in ("domestic_abuse", "health_wellbeing",
                                                                "community_safety", "climate"))):
        assert data in names, data

    fresh = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=True).create(fresh)
    python = fresh / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], cwd=tmp_path)
    fresh_site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           cwd=tmp_path).stdout.strip())
    (fresh_site / "zz-test-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", "utf-8")

    work = tmp_path / "work"
    work.mkdir()
    inputs = [shutil.copy(sample_formats[f], work / f"plan.{f}") for f in ("pdf", "docx", "html", "xlsx")]
    where = _run([str(python), "-c", "import planparse; print(planparse.__file__)"], cwd=work).stdout.strip()
    assert Path(where).is_relative_to(fresh_site), where  # the installed wheel, not the source tree
    _run([str(fresh / "bin" / "planparse"), "convert", *map(str, inputs), "-o", str(work / "out"),
          "--workers", "0", "--quiet"], cwd=work)
    plans = [json.loads(p.read_text("utf-8")) for p in sorted((work / "out").glob("plan*.json"))]
    assert sorted(p["source"]["format"] for p in plans) == ["docx", "html", "pdf", "xlsx"]
    for plan in plans:
        assert [a["ref"] for a in plan["actions"]] == ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2"]
        assert len(plan["priorities"]) == 3
        assert plan["taxonomy"]["id"] == "domestic_abuse"  # the bundled taxonomies came with the wheel
        assert {p["theme"] for p in plan["priorities"]} == {"prevention", "victim_support", "perpetrators"}
