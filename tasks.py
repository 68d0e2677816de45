#!/usr/bin/env python3
"""Set-up and the project's two jobs, with nothing but Python 3.11+ on the machine.

    python3 tasks.py run    # make .venv, install planparse, convert corpora/ to out/, print summary, accuracy
                            # and the comparison across plans
    python3 tasks.py test   # make .venv, install planparse with test extras, run the test suite
    python3 tasks.py test --slow   # ... and the slow tests too (also: PLANPARSE_SLOW=1), e.g. hundreds of
                                   # damaged PDFs; the default run (and CI) leaves them out

Installs only when pyproject.toml changed since the last install (a stamp in .venv).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def _setup(extras: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"planparse needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PY.exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / ".planparse-installed"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"installing planparse{extras} into .venv ...", flush=True)
    _run([str(PY), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", f".{extras}"])
    stamp.write_text(digest)


def _run(cmd: list[str]) -> None:
    code = subprocess.call(cmd, cwd=ROOT)
    if code:
        sys.exit(code)


def run() -> None:
    _setup("[dev]")
    out = ROOT / "out"
    code = subprocess.call([str(BIN / "planparse"), "convert", "corpora", "-o", str(out), "--quiet"], cwd=ROOT)
    print("\nAccuracy against corpora/gold:")
    _run([str(BIN / "planparse"), "evaluate", str(out), "corpora/gold"])
    print("\nAcross plans (also written to out/compare.html):")
    _run([str(BIN / "planparse"), "compare", str(out), "--html", str(out / "compare.html")])
    sys.exit(code)


def test() -> None:
    _setup("[dev]")
    args = sys.argv[2:]
    if "--slow" in args or os.environ.get("PLANPARSE_SLOW") == "1":
        args = [a for a in args if a != "--slow"] + ["-m", "slow or not slow"]  # overrides pyproject's -m 'not slow'
    _run([str(PY), "-m", "pytest", "-q", *args])


if __name__ == "__main__":
    jobs = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in jobs:
        sys.exit(f"usage: python3 tasks.py {{{'|'.join(jobs)}}} [pytest args]")
    jobs[sys.argv[1]]()
