"""Damaged real PDFs (issue 15): council PDFs from corpora/real, damaged here by hand.

A damaged file converts (with a warning where qpdf repaired it) or fails with
an input error class, never InternalError; what a library logs about it goes
to ``logging`` and to the plan's warnings, not to the terminal.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import planparse

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "corpora" / "real"
SOURCES = [REAL / "fenland_local_development_scheme_2025.pdf"]  # 5 pages, xref and object streams


# -- two damages that used to escape, built by hand ---------------------------------------------------------


def _fenland() -> bytes:
    return SOURCES[0].read_bytes()


def test_bytes_flipped_in_an_object_dictionary_are_repaired_not_an_internal_error(tmp_path: Path) -> None:
    """' R' of a reference in page 1's resources became two stray bytes: pdfminer's error used to escape while
    the first one was handled (InternalError); qpdf rebuilds the file and it converts, saying so."""
    damaged = _fenland().replace(b"/GS8 8 0 R>>", b"/GS8 8 0\xf8\xb0>>", 1)
    assert len(damaged) == len(_fenland()) and damaged != _fenland()
    path = tmp_path / "fenland-dict.pdf"
    path.write_bytes(damaged)
    plan = planparse.parse(path)
    assert plan.source.pages == 5
    assert plan.warnings[0].startswith("damaged PDF (") and "repaired with qpdf" in plan.warnings[0]
    original = planparse.parse(SOURCES[0])  # nothing lost: only a reference in one dictionary was damaged
    assert (plan.title, plan.sections, plan.tables) == (original.title, original.sections, original.tables)


def _bad_checksum() -> bytes:
    """Page 1's content stream with the last byte of its zlib checksum flipped: pdfminer inflates it anyway and
    logs 'Data-loss while decompressing corrupted data', which used to be printed raw on the terminal."""
    data = bytearray(_fenland())
    m = re.search(rb"\n4 0 obj\s*<<[^>]*/Length (\d+)[^>]*>>\s*stream\r?\n", bytes(data))
    assert m, "fenland's page 1 content stream moved"
    data[m.end() + int(m.group(1)) - 1] ^= 0xFF
    return bytes(data)


def test_what_pdfminer_logs_goes_to_logging_and_the_plan_not_the_terminal(tmp_path: Path, caplog,
                                                                          capfd) -> None:
    path = tmp_path / "fenland-checksum.pdf"
    path.write_bytes(_bad_checksum())
    with caplog.at_level(logging.WARNING):
        plan = planparse.parse(path)
    assert "pdfminer reported: Data-loss while decompressing corrupted data" in plan.warnings
    assert not any(w.startswith("damaged PDF") for w in plan.warnings)  # read as it is, no repair needed
    assert [(r.name.split(".")[0], r.getMessage()) for r in caplog.records] == [
        ("pdfminer", "Data-loss while decompressing corrupted data")]
    captured = capfd.readouterr()  # a print or a Python warning would show here; logging's own last resort
    assert captured.err == "" and captured.out == ""  # cannot under pytest: the CLI test below checks that
