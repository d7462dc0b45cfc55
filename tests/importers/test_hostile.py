"""Hostile documents are refused quickly, with one line saying why, whatever their kind.

Each file is built here: a few hundred KB that inflate to gigabytes, a workbook of a million rows,
a PDF of a thousand pages, text of half a million lines. Each must be refused (UnreadableDocument)
within seconds, never read for minutes; the limits are in importers/common.py and
docs/security.md.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from renaksi.importers import UnreadableDocument, common, read_plan

# Generous on a loaded 2-core machine; a refused bomb takes a fraction of it.
SECONDS = 5


def _refused(path: Path, words: str) -> None:
    start = time.perf_counter()
    with pytest.raises(UnreadableDocument) as refused:
        read_plan(path)
    assert time.perf_counter() - start < SECONDS
    assert words in str(refused.value)
    assert "\n" not in str(refused.value)


def _zip(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def test_docx_that_inflates_to_gigabytes(tmp_path):
    # 200 MB of spaces in word/document.xml: about 200 KB of zip.
    path = _zip(
        tmp_path / "bomb.docx",
        {"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": b" " * (200 * 1024 * 1024)},
    )
    assert path.stat().st_size < 1024 * 1024
    _refused(path, "inflates to more than")


def test_xlsx_of_two_million_rows(tmp_path):
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 2_000_001))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    )
    path = _zip(
        tmp_path / "rows.xlsx",
        {"[Content_Types].xml": _CONTENT_TYPES, "xl/worksheets/sheet1.xml": sheet},
    )
    _refused(path, "inflates to more than")


def test_xlsx_of_more_rows_than_a_plan_has(tmp_path, monkeypatch):
    """Below the inflation limit, the row limit refuses it (kept small here to stay fast)."""
    from openpyxl import Workbook

    monkeypatch.setattr(common, "MAX_ROWS", 200)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Rencana Aksi")
    for i in range(300):
        ws.append([f"Program {i}", "Indikator", 25])
    path = tmp_path / "many.xlsx"
    wb.save(path)
    _refused(path, "more than 200 rows")


def test_pdf_of_a_thousand_pages(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "pages.pdf"
    pdf = canvas.Canvas(str(path))
    for page in range(common.MAX_PAGES + 1):
        pdf.drawString(72, 720, f"page {page}")
        pdf.showPage()
    pdf.save()
    _refused(path, f"more than {common.MAX_PAGES:,} pages")


def test_text_of_half_a_million_lines(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("URAIAN\tINDIKATOR\tTARGET\n" + "Program\tIndikator\t25%\n" * 500_000)
    _refused(path, f"more than {common.MAX_ROWS:,} lines")


def test_csv_of_half_a_million_rows(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("URAIAN,INDIKATOR,TARGET\n" + "Program,Indikator,25\n" * 500_000)
    _refused(path, f"more than {common.MAX_ROWS:,} rows")


def test_html_of_a_hundred_thousand_rows(tmp_path):
    path = tmp_path / "rows.html"
    body = "<tr><td>Program</td><td>Indikator</td><td>25%</td></tr>" * 100_000
    path.write_text(
        f"<table><tr><th>URAIAN</th><th>INDIKATOR</th><th>TARGET</th></tr>{body}</table>"
    )
    _refused(path, f"more than {common.MAX_ROWS:,} rows")


def test_zip_of_too_many_parts(tmp_path):
    parts = {"[Content_Types].xml": _CONTENT_TYPES}
    parts.update({f"word/part{i}.xml": "" for i in range(common.MAX_MEMBERS + 1)})
    _refused(_zip(tmp_path / "parts.docx", parts), "inflates to more than")
