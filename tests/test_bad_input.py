"""parse() on inputs that are not (good) plans: clear InputErrors, never a crash."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import planparse
from planparse import InputError, PlanparseError

MINI = """Sample Borough Council Domestic Abuse Action Plan 2023-2026

Priority 1: Prevention and early intervention

Ref\tAction\tLead\tTimescale
1.1\tDeliver awareness training for frontline staff in caf\u00e9s and schools.\tThames Valley Police / Berkshire Women\u2019s Aid\tMarch 2024
1.2\tReview referral pathways \u2013 including the MASH front door.\tGemma Walsh and Nick Caprara\tAutumn 2024
"""

BINARY = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def _assert_one_line_input_error(exc: InputError, kind: str, name: str) -> None:
    assert isinstance(exc, PlanparseError)
    assert exc.kind == kind
    assert "\n" not in str(exc)
    assert str(exc).startswith(f"{kind}: ")
    assert name in exc.message
    assert "Traceback" not in str(exc)


@pytest.mark.parametrize(("content", "kind"), [
    (b"", "EmptyInput"),
    (b"   \r\n\n\t \n", "EmptyInput"),
    (BINARY, "BinaryInput"),
    (b"\x7fELF\x02\x01\x01" + bytes(200) + b"\x03\x00\x3e\x00" * 50, "BinaryInput"),
])
def test_bad_bytes(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        planparse.parse(path)
    _assert_one_line_input_error(info.value, kind, "plan.txt")


def test_binary_that_looks_like_utf16_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"\x00\x01\x02\x03" * 300)  # decodes as UTF-16-BE to U+0001 U+0203 ...
    with pytest.raises(InputError) as info:
        planparse.parse(path)
    assert info.value.kind == "BinaryInput"


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        planparse.parse(tmp_path / "nowhere.txt")
    _assert_one_line_input_error(info.value, "NotFound", "nowhere.txt")


def test_directory_path(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    with pytest.raises(InputError) as info:
        planparse.parse(tmp_path / "plans")
    _assert_one_line_input_error(info.value, "NotAFile", "plans")


def test_accepts_str_paths(write_text) -> None:
    path = write_text(MINI)
    assert planparse.parse(str(path)) == planparse.parse(path)


def test_presentation_is_unsupported_and_the_line_names_what_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.pptx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ppt/presentation.xml", "<p:presentation/>")
    with pytest.raises(InputError) as info:
        planparse.parse(path)
    _assert_one_line_input_error(info.value, "UnsupportedFormat", "plan.pptx")
    assert "PowerPoint" in info.value.message
    assert all(f in info.value.message for f in ("PDF", ".docx", ".odt", ".html", ".xlsx", "CSV"))


def test_damaged_word_package_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")  # no [Content_Types].xml: not a whole package
    with pytest.raises(InputError) as info:
        planparse.parse(path)
    _assert_one_line_input_error(info.value, "CorruptDocument", "plan.docx")


def test_html_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_text("<!DOCTYPE html><html><body>Access denied</body></html>", "utf-8")
    with pytest.raises(InputError) as info:
        planparse.parse(path)
    _assert_one_line_input_error(info.value, "NotAPDF", "plan.pdf")
    assert "HTML" in info.value.message


def test_empty_pdf(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"")
    with pytest.raises(InputError) as info:
        planparse.parse(path)
    _assert_one_line_input_error(info.value, "EmptyInput", "plan.pdf")


def test_truncated_pdf(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    with pytest.raises(InputError) as info:
        planparse.parse(path)
    _assert_one_line_input_error(info.value, "CorruptPDF", "plan.pdf")


def test_text_without_tables_gives_a_plan_with_a_warning(write_text) -> None:
    path = write_text("Our Domestic Abuse Strategy\n\nWe will work with Thames Valley Police to keep people safe.\n")
    plan = planparse.parse(path)
    assert plan.actions == [] and plan.tables == []
    assert any(w.startswith("no actions found") for w in plan.warnings)
    assert plan.source.format == "text"


def test_utf8_plan_has_no_warnings(write_text) -> None:
    plan = planparse.parse(write_text(MINI))
    assert plan.warnings == []
    assert len(plan.actions) == 2


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "cp1252"])
def test_other_encodings_parse_like_utf8(write_text, encoding: str) -> None:
    reference = planparse.parse(write_text(MINI, "ref.txt"))
    plan = planparse.parse(write_text(MINI, f"plan-{encoding}.txt", encoding=encoding))
    assert plan.source.encoding == encoding
    strip = {"source": True, "actions": {"__all__": {"id"}}, "planparse_version": True}
    assert plan.model_dump(exclude=strip) == reference.model_dump(exclude=strip)
    assert plan.actions[0].text.endswith("caf\u00e9s and schools.")
    assert plan.actions[0].owners[1].name == "Berkshire Women\u2019s Aid"


def test_utf16_without_bom_is_detected(write_text) -> None:
    plan = planparse.parse(write_text(MINI, encoding="utf-16-le"))
    assert plan.source.encoding == "utf-16-le"
    assert [a.ref for a in plan.actions] == ["1.1", "1.2"]


def test_crlf_line_endings_parse_like_lf(write_text) -> None:
    reference = planparse.parse(write_text(MINI, "lf.txt"))
    plan = planparse.parse(write_text(MINI.replace("\n", "\r\n"), "crlf.txt"))
    assert [(a.ref, a.text, [o.name for o in a.owners]) for a in plan.actions] == [
        (a.ref, a.text, [o.name for o in a.owners]) for a in reference.actions]


def test_real_pdf_is_read(tmp_path: Path) -> None:
    """The brief says PDFs raise UnsupportedFormat; the current reader parses them (pdfplumber)."""
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    path = tmp_path / "plan.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(72, 760, "Sample Borough Council Domestic Abuse Strategy 2023-2026")
    c.drawString(72, 730, "We will work with Thames Valley Police to keep people safe.")
    c.save()
    plan = planparse.parse(path)
    assert plan.source.format == "pdf"
    assert plan.source.pages == 1
    assert plan.actions == []
    assert any(w.startswith("no actions found") for w in plan.warnings)
