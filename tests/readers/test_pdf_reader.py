"""The PDF reader on generated fixtures with the hard cases, and on hostile inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

import planparse
from planparse.errors import InputError
from planparse.readers import read


def test_rag_comes_from_cell_fill_and_text_wins(small_pdfs: dict[str, Path]) -> None:
    plan = planparse.parse(small_pdfs["rag_colours"])
    by_ref = {a.ref: a for a in plan.actions}
    assert set(by_ref) == {"1.1", "1.2", "1.3", "1.4"}
    assert by_ref["1.1"].status.rag is None  # no fill, no text
    assert by_ref["1.2"].status.rag == "G"  # green fill
    assert by_ref["1.3"].status.rag == "A"  # red fill, but the cell says "Amber"
    assert by_ref["1.4"].status.rag == "A"  # amber fill
    assert by_ref["1.2"].timescale.raw == "Q2 2024/25"


def test_pdf_actions_carry_page_and_cell_bbox(small_pdfs: dict[str, Path]) -> None:
    plan = planparse.parse(small_pdfs["rag_colours"])
    for a in plan.actions:
        assert a.provenance.page == 1
        x0, top, x1, bottom = a.provenance.bbox
        assert 0 <= x0 < x1 <= 842 and 0 <= top < bottom <= 842
    tops = [a.provenance.bbox[1] for a in plan.actions]
    assert tops == sorted(tops)  # rows read top to bottom
    assert plan.priorities[0].provenance.page == 1 and plan.priorities[0].provenance.bbox


def test_two_column_page_reads_left_column_first_and_outline_sets_levels(small_pdfs: dict[str, Path]) -> None:
    layout = read(small_pdfs["two_column_outline"])
    texts = [b.text for b in layout.blocks if b.kind in ("heading", "paragraph")]
    first_right = next(i for i, t in enumerate(texts) if t.startswith("every quarter"))
    last_left = max(i for i, t in enumerate(texts) if "first column" in t or t.startswith("1.1"))
    assert last_left < first_right
    headings = {b.text: b.level for b in layout.blocks if b.kind == "heading"}
    assert headings["1. Working with schools"] == 1
    assert headings["1.1 Early help"] == 2
    # left-column heading must not fuse with right-column text on the same baseline
    assert not any("Working with schools every" in t for t in texts)


def test_banded_rows_without_rules_become_a_table(small_pdfs: dict[str, Path]) -> None:
    plan = planparse.parse(small_pdfs["banded"])
    assert [a.ref for a in plan.actions] == [str(k) for k in range(1, 9)]
    assert plan.actions[2].owners[0].name == "Team C Manager"
    assert plan.actions[2].timescale.raw == "Q4 2025"


def test_running_headers_and_page_numbers_are_furniture(pdf_generator, corpus_texts, tmp_path: Path) -> None:
    text = next(p for p in corpus_texts if p.stem.startswith("west-berkshire"))
    pdf = pdf_generator.render_text_plan(text, tmp_path / "wb.pdf", ruled=True)
    layout = read(pdf)
    content = [b.text for b in layout.blocks if b.kind in ("heading", "paragraph", "list_item")]
    assert not any(t.startswith("Page ") and t[5:].isdigit() for t in content)
    furniture = [b.text for b in layout.blocks if b.kind == "furniture"]
    assert sum(1 for t in furniture if t.startswith("Page ")) == layout.pages


def test_image_only_pdf_is_refused_as_scanned(small_pdfs: dict[str, Path]) -> None:
    with pytest.raises(InputError) as err:
        planparse.parse(small_pdfs["image_only"])
    assert err.value.kind == "NoTextLayer"
    assert "scanned" in str(err.value)


def test_encrypted_pdf_needs_its_password(pdf_generator, tmp_path: Path) -> None:
    path = pdf_generator.encrypted_pdf(tmp_path / "locked.pdf", "s3cret")
    with pytest.raises(InputError) as err:
        planparse.parse(path)
    assert err.value.kind == "EncryptedPDF"
    plan = planparse.parse(path, password="s3cret")
    assert plan.doc_type == "improvement_plan"


@pytest.mark.parametrize("content,kind", [
    (b"", "EmptyInput"),
    (b"<html><body>Not a plan</body></html>", "NotAPDF"),
    (b"PK\x03\x04" + b"\x00" * 64, "NotAPDF"),
])
def test_files_named_pdf_that_are_not_pdfs(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        planparse.parse(path)
    assert err.value.kind == kind


def test_truncated_pdf_fails_cleanly_or_keeps_what_it_can(small_pdfs: dict[str, Path], tmp_path: Path) -> None:
    data = small_pdfs["rag_colours"].read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    try:
        plan = planparse.parse(path)
    except InputError as err:
        assert err.kind in ("CorruptPDF", "NoTextLayer")
        assert "\n" not in str(err)
    else:
        assert plan.source.format == "pdf"


def test_horizontal_rules_only_with_group_rows_and_merged_owner(small_pdfs: dict[str, Path]) -> None:
    plan = planparse.parse(small_pdfs["hrules_grouped"])
    assert [a.ref for a in plan.actions] == ["A1", "A2", "B1", "B2"]  # group rows are not actions
    by_ref = {a.ref: a for a in plan.actions}
    assert by_ref["A2"].group == "Theme A: Healthy places"
    assert by_ref["B1"].group == "Theme B: Healthy people"
    assert [o.name for o in by_ref["A2"].owners] == ["Parks Team"]  # merged cell filled down...
    assert "owner" in by_ref["A2"].inherited  # ...and flagged
    assert "owner" not in by_ref["A1"].inherited
    assert by_ref["B2"].timescale.raw == "Q3 2025/26"


def test_designed_cover_grid_is_not_a_table_and_its_display_type_is_the_title(small_pdfs) -> None:
    layout = read(small_pdfs["designed_cover"])
    assert not [b for b in layout.blocks if b.page == 1 and b.kind == "table_row"]
    plan = planparse.parse(small_pdfs["designed_cover"])
    # three lines of display type set tighter than their size are one title; not the bold heading on page 2
    assert plan.title == "Sample Borough Homelessness Prevention Strategy 2024-2027"
    assert plan.organisation.name == "Sample Borough Council"
    assert (plan.period.start_year, plan.period.end_year) == (2024, 2027)
    assert [a.text for a in plan.actions][:1] == ["Open a single homelessness prevention hub"]


def test_letter_spaced_display_type_reads_as_words(small_pdfs) -> None:
    texts = [b.text for b in read(small_pdfs["designed_cover"]).blocks if b.page == 1]
    assert "Draft for consultation" in texts


def test_columns_of_single_letters_are_not_joined() -> None:
    from planparse.readers.pdf_tables import group_lines

    def word(text: str, x0: float) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + 6, "top": 100.0, "bottom": 110.0, "size": 10.0,
                "fontname": "Helvetica"}

    (line,) = group_lines([word(t, 50 + 60 * k) for k, t in enumerate(["Y", "N", "Y", "N", "Y", "A"])])
    assert line.text == "Y N Y N Y A"
    (spaced,) = group_lines([word(t, 50 + 8 * k + (6 if k >= 2 else 0)) for k, t in enumerate("ofthe")])
    assert spaced.text == "of the"
