"""One plan published six ways (tests/fixtures/make_formats.py) reads as the same plan from each.

The fixture has priorities, an action table with a full-width row per
priority, a lead and a timescale merged over two rows, and a RAG column that
is colour alone (words in the CSV). Every reader lays merged cells out as
the PDF's table reader does (text in the first cell, the covered ones empty),
so the same extractors give the same actions, owners, priorities and RAG.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import planparse

FORMATS = ["docx", "html", "xlsx", "csv", "odt"]


def _summary(plan: planparse.Plan) -> dict[str, object]:
    return {
        "priorities": [(p.key, p.title) for p in plan.priorities],
        "actions": [(a.ref, a.priority_key, a.text) for a in plan.actions],
        "owners": [[(o.name, o.kind) for o in a.owners] for a in plan.actions],
        "timescales": [(a.timescale.raw, a.timescale.end) if a.timescale else None for a in plan.actions],
        "rag": [a.status.rag for a in plan.actions],
    }


@pytest.fixture(scope="module")
def pdf_plan(sample_formats: dict[str, Path]) -> planparse.Plan:
    return planparse.parse(sample_formats["pdf"])


def test_the_pdf_reads_as_the_plan_that_was_written(pdf_plan: planparse.Plan, formats_generator) -> None:
    """The yardstick itself: the PDF gives the generator's priorities, actions, leads and RAG."""
    assert [f"Priority {p.key}: {p.title}" for p in pdf_plan.priorities] == formats_generator.priorities()
    want = formats_generator.expected()
    assert [(a.ref, a.text, a.status.rag) for a in pdf_plan.actions] == [(r, t, g) for r, t, _, _, g in want]
    for action, (ref, _, lead, timescale, _) in zip(pdf_plan.actions, want):
        merged = any(row.ref == ref and (row.lead is None or row.timescale is None)
                     for row in formats_generator.actions())
        if not merged:  # rows under a merged cell: see the module docstring
            assert action.owners and all(o.name in lead for o in action.owners)
            assert action.timescale is not None and action.timescale.raw == timescale


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_gives_the_same_plan_as_the_pdf(fmt: str, sample_formats: dict[str, Path],
                                                    pdf_plan: planparse.Plan) -> None:
    plan = planparse.parse(sample_formats[fmt])
    assert plan.source.format == fmt
    assert _summary(plan) == _summary(pdf_plan)
    assert plan.period == pdf_plan.period and plan.doc_type == pdf_plan.doc_type
    assert all(a.provenance.line or a.provenance.page for a in plan.actions)
    assert not plan.warnings


def test_the_web_page_keeps_its_site_out_of_the_plan(sample_formats: dict[str, Path]) -> None:
    from planparse.readers import read

    layout = read(sample_formats["html"])
    texts = " ".join(b.text for b in layout.blocks if b.kind != "furniture")
    assert "Cookie settings" not in texts and "Home" not in texts  # nav and footer are furniture
    assert "console.log" not in texts and "not text" not in texts and "page body starts" not in texts
    headings = [(b.level, b.text) for b in layout.blocks if b.kind == "heading"]
    assert headings[0][0] == 1 and headings[0][1].startswith("Sample Borough Council")
    assert all(b.line for b in layout.blocks)  # source lines


def test_html_tables_follow_colspan_and_rowspan(tmp_path: Path) -> None:
    from planparse.readers.html import parse_html

    page = """<html><body><h1>Plan</h1><table>
    <tr><th>Ref</th><th>Action</th><th>Lead</th><th>Due</th></tr>
    <tr><td>1</td><td><p>Map provision.</p><p>Report gaps.</p></td><td rowspan="2">Team A</td><td>2025</td></tr>
    <tr><td>2</td><td>We will:<ul><li>Train staff</li><li>Audit cases</li></ul></td><td>2026</td></tr>
    <tr><td colspan="4" class="rag-amber">Priority 2: Safer homes</td></tr>
    <tr><td>3</td><td title="a > b">Fit <!-- no > --> locks</td><td>Team B<script>x = 1 > 0</script></td>
        <td style="background-color: rgb(46, 139, 87)">2027</td></tr>
    </table></body></html>"""
    rows = [b for b in parse_html(page).blocks if b.kind == "table_row"]
    assert [[c.text for c in r.cells] for r in rows] == [
        ["Ref", "Action", "Lead", "Due"],
        ["1", "Map provision. Report gaps.", "Team A", "2025"],
        ["2", "We will: Train staff; Audit cases", "", "2026"],
        ["Priority 2: Safer homes", "", "", ""],
        ["3", "Fit locks", "Team B", "2027"],
    ]
    assert rows[2].cells[1].items == ("Train staff", "Audit cases") and rows[2].cells[1].lead == "We will:"
    assert rows[3].cells[0].fill is not None and rows[4].cells[3].fill is not None
    assert rows[0].after_break and not rows[1].after_break


def test_html_nested_lists_and_xhtml_declaration() -> None:
    from planparse.readers.html import parse_html

    page = ('<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
            "<h2>Goals</h2><ul><li>Reduce harm<ul><li>Fund outreach</li></ul></li><li>Support carers</li></ul>"
            "<div>Loose text <b>in a div</b><p>A paragraph.</p>tail text</div></body></html>")
    blocks = [(b.kind, b.text) for b in parse_html(page).blocks]
    assert blocks == [("heading", "Goals"), ("list_item", "Reduce harm"), ("list_item", "Fund outreach"),
                      ("list_item", "Support carers"), ("paragraph", "Loose text in a div"),
                      ("paragraph", "A paragraph."), ("paragraph", "tail text")]


def test_word_headings_lists_merges_and_shading(sample_formats: dict[str, Path]) -> None:
    from planparse.readers import read

    layout = read(sample_formats["docx"])
    kinds = [(b.kind, b.text) for b in layout.blocks if b.kind != "table_row"]
    assert kinds[0] == ("heading", "Sample Borough Council Domestic Abuse Action Plan 2024-2027")
    assert ("list_item", "Priority 2: Support for victims and their children") in kinds
    rows = [b for b in layout.blocks if b.kind == "table_row"]
    assert {r.width for r in rows} == {5}
    assert [c.text for c in rows[1].cells] == ["Priority 1: Prevention and early intervention", "", "", "", ""]
    assert rows[3].cells[2].empty  # under the merged lead cell
    assert rows[2].cells[4].fill is not None and rows[2].cells[4].fill[1] > 0.5  # green


def test_word_list_paragraphs_in_a_cell_are_items(tmp_path: Path) -> None:
    from docx import Document

    from planparse.readers.docx import read_docx

    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Action", "Lead"
    cell = table.cell(1, 0)
    cell.text = "We will:"
    cell.add_paragraph("Train staff", style="List Bullet")
    cell.add_paragraph("Audit cases", style="List Bullet")
    table.cell(1, 1).text = "Team A"
    doc.save(str(tmp_path / "cells.docx"))
    row = [b for b in read_docx(tmp_path / "cells.docx").blocks if b.kind == "table_row"][1]
    assert row.cells[0].lead == "We will:" and row.cells[0].items == ("Train staff", "Audit cases")


def test_spreadsheet_header_found_below_the_title_and_dates_written_out(tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    from planparse.readers.sheet import read_xlsx

    wb = Workbook()
    ws = wb.active
    ws.append(["Community Safety Partnership: action tracker"])
    ws.append([])
    ws.append(["Ref", "Action", "Owner", "Due date"])
    ws.append([1, "Publish the annual strategic assessment", "CSP Manager", datetime(2025, 3, 31)])
    hidden = wb.create_sheet("Lookups")
    hidden.append(["secret", "values"])
    hidden.sheet_state = "hidden"
    wb.save(str(tmp_path / "tracker.xlsx"))
    layout = read_xlsx(tmp_path / "tracker.xlsx")
    assert [(b.kind, b.line) for b in layout.blocks] == [("heading", 1), ("table_row", 3), ("table_row", 4)]
    assert [c.text for c in layout.blocks[2].cells] == ["1", "Publish the annual strategic assessment",
                                                        "CSP Manager", "31 March 2025"]
    assert layout.pages == 1  # the hidden sheet is not read


def test_csv_delimiter_and_encoding_are_found(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_bytes("Ref;Action;Lead;Due\n1;Open a caf\u00e9 hub for carers;Carers Team;March 2025\n"
                     .encode("cp1252"))
    plan = planparse.parse(path)
    assert [a.text for a in plan.actions] == ["Open a caf\u00e9 hub for carers"]
    assert [o.name for o in plan.actions[0].owners] == ["Carers Team"]


def test_odt_headings_keep_their_levels(sample_formats: dict[str, Path]) -> None:
    from planparse.readers import read

    layout = read(sample_formats["odt"])
    assert [(b.level, b.text) for b in layout.blocks if b.kind == "heading"][:2] == [
        (1, "Sample Borough Council Domestic Abuse Action Plan 2024-2027"), (2, "Our priorities")]
    rows = [b for b in layout.blocks if b.kind == "table_row"]
    assert [c.text for c in rows[-1].cells][:4] == ["3.2", "Review the MARAC referral pathway with partners",
                                                    "Sample Police", ""]  # the covered timescale cell


@pytest.mark.parametrize("name, content, kind", [
    ("slides.pptx", "zip:ppt/presentation.xml", "UnsupportedFormat"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "UnsupportedFormat"),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "UnsupportedFormat"),
    ("sheet.ods", "zip:mimetype=application/vnd.oasis.opendocument.spreadsheet", "UnsupportedFormat"),
    ("fake.xlsx", b"Ref,Action\n1,Do it\n", "CorruptDocument"),
    ("empty.odt", b"", "EmptyInput"),
    ("broken.html", b"<html><body><script>only a script</script></body></html>", "EmptyInput"),
])
def test_unreadable_files_get_one_line_naming_the_formats(tmp_path: Path, name: str, content: object,
                                                          kind: str) -> None:
    import zipfile

    path = tmp_path / name
    if isinstance(content, str):
        spec = content[4:]
        with zipfile.ZipFile(path, "w") as zf:
            if spec.startswith("mimetype="):
                zf.writestr("mimetype", spec.split("=", 1)[1])
            else:
                zf.writestr(spec, "<x/>")
    else:
        path.write_bytes(content)
    with pytest.raises(planparse.InputError) as info:
        planparse.parse(path)
    assert info.value.kind == kind and name in info.value.message and "\n" not in str(info.value)
    if kind == "UnsupportedFormat":
        assert "planparse reads PDF, Word (.docx)" in info.value.message


def test_owner_cells_split_on_their_own_paragraphs_in_every_format(tmp_path: Path) -> None:
    """Regression (issue 11): an owner cell of two paragraphs read as one party, "Community Safety Housing"."""
    from docx import Document
    from openpyxl import Workbook

    action = "Agree a joint protocol for survivors placed out of area"
    html = tmp_path / "plan.html"
    html.write_text("<html><body><h1>Safer Streets action plan</h1><table><tr><th>Action</th><th>Lead</th>"
                    f"<th>Due</th></tr><tr><td>{action}</td><td><p>Community Safety</p><p>Housing Options</p></td>"
                    "<td>March 2026</td></tr></table></body></html>", "utf-8")
    doc = Document()
    doc.add_heading("Safer Streets action plan", 1)
    table = doc.add_table(rows=2, cols=3)
    for i, text in enumerate(["Action", "Lead", "Due"]):
        table.cell(0, i).text = text
    table.cell(1, 0).text, table.cell(1, 2).text = action, "March 2026"
    table.cell(1, 1).text = "Community Safety"
    table.cell(1, 1).add_paragraph("Housing Options")
    doc.save(str(tmp_path / "plan.docx"))
    wb = Workbook()
    wb.active.append(["Action", "Lead", "Due"])
    wb.active.append([action, "Community Safety\nHousing Options", "March 2026"])
    wb.save(str(tmp_path / "plan.xlsx"))
    for name in ("plan.html", "plan.docx", "plan.xlsx"):
        (found,) = planparse.parse(tmp_path / name).actions
        assert [o.name for o in found.owners] == ["Community Safety", "Housing Options"], name
