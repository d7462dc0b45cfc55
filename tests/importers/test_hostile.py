"""Hostile documents are refused quickly, with one line saying why, whatever their kind.

Each file is built here: a few hundred KB that inflate to gigabytes, a workbook of millions of
rows or cells, a PDF of a thousand pages or whose page inflates to a gigabyte, a Word body of
five million paragraphs, text of half a million lines or of rows a hundred thousand cells wide.
Each must be refused (UnreadableDocument) within 5 seconds using under 300 MB, never read for
minutes; the limits are in importers/common.py and grid.py, and docs/security.md lists them.

The reading runs in a child process of its own (as the web application reads uploads), without
the isolated reader's memory limit, so that its peak memory is its own and measured: the limits
themselves keep it small, not an rlimit.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from renaksi.importers import UnreadableDocument, common, grid, read_plan

# What the issue asks of each refusal, on a loaded 2-core machine.
SECONDS = 5
MEGABYTES = 300

_CHILD = """
import json, re, sys, time
from pathlib import Path
from renaksi.importers import UnreadableDocument, read_plan
start = time.perf_counter()
try:
    read_plan(sys.argv[1])
    error = None
except UnreadableDocument as exc:
    error = str(exc)
print(json.dumps({
    "seconds": time.perf_counter() - start,
    # The peak resident memory of this program since it started (ru_maxrss would count the
    # parent's, which forked it).
    "megabytes": int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text())[1]) / 1024,
    "error": error,
}))
"""


def _refused(path: Path, words: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["error"] is not None, f"{path.name} was read, not refused"
    assert words in result["error"]
    assert "\n" not in result["error"]
    assert result["seconds"] < SECONDS, result
    assert result["megabytes"] < MEGABYTES, result


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
    """Below the inflation limit, the row limit refuses it (kept small here to stay fast, so
    read in this process, where the smaller limit is set)."""
    from openpyxl import Workbook

    monkeypatch.setattr(common, "MAX_ROWS", 200)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Rencana Aksi")
    for i in range(300):
        ws.append([f"Program {i}", "Indikator", 25])
    path = tmp_path / "many.xlsx"
    wb.save(path)
    with pytest.raises(UnreadableDocument, match="more than 200 rows"):
        read_plan(path)


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


def test_docx_of_five_million_paragraphs(tmp_path):
    # 30 MB of "<w:p/>": under the inflation limit, about 80 KB of zip.
    import docx

    base = tmp_path / "base.docx"
    document = docx.Document()
    document.add_paragraph("x")
    document.save(str(base))
    path = tmp_path / "paragraphs.docx"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode()
                at = text.index("<w:body>") + len("<w:body>")
                data = (text[:at] + "<w:p/>" * 5_000_000 + text[at:]).encode()
            out.writestr(item, data)
    assert path.stat().st_size < 1024 * 1024
    _refused(path, f"more than {common.MAX_PARAGRAPHS:,} paragraphs")


def _pdf(objects: list[bytes]) -> bytes:
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_pdf_whose_page_inflates_to_a_gigabyte(tmp_path):
    inflater = zlib.compressobj(9)
    block = b" " * (1024 * 1024)
    data = b"".join(inflater.compress(block) for _ in range(1024)) + inflater.flush()
    path = tmp_path / "inflates.pdf"
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data)
                + data
                + b"\nendstream",
            ]
        )
    )
    assert path.stat().st_size < 2 * 1024 * 1024
    _refused(path, "inflate to more than")


def test_xlsx_of_millions_of_empty_cells(tmp_path):
    from openpyxl import Workbook

    base = tmp_path / "base.xlsx"
    workbook = Workbook()
    workbook.active.append(["x"])
    workbook.save(base)
    row = '<c r="A1" s="0"/>' * 2000
    rows = "".join(f'<row r="{i}">{row}</row>' for i in range(1, 1501))
    path = tmp_path / "cells.xlsx"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<sheetData>") + len("<sheetData>")
                data = (text[:start] + rows + text[text.index("</sheetData>") :]).encode()
            out.writestr(item, data)
    _refused(path, f"more than {common.MAX_CELLS:,} cells")


def test_html_row_of_two_million_cells(tmp_path):
    path = tmp_path / "wide.html"
    path.write_text("<table><tr>" + "<td>a</td>" * 2_000_000 + "</tr></table>")
    _refused(path, f"more than {common.MAX_CELLS:,} cells")


def test_html_row_wider_than_a_plan(tmp_path):
    path = tmp_path / "wide.html"
    path.write_text("<table><tr>" + "<td>a</td>" * (grid.MAX_COLUMNS + 10) + "</tr></table>")
    with pytest.raises(UnreadableDocument, match=f"more than {grid.MAX_COLUMNS:,} cells"):
        read_plan(path)


def test_text_of_rows_a_hundred_thousand_cells_wide(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_text(("URAIAN\tINDIKATOR" + "\t25" * 100_000 + "\n") * 50)
    _refused(path, f"more than {grid.MAX_COLUMNS:,} cells")


@pytest.mark.parametrize("width", [grid.MAX_COLUMNS, grid.MAX_COLUMNS + 50])
def test_a_row_is_as_wide_as_its_last_value(width):
    """Empty cells past the limit are no reason to refuse (a sheet formatted to column XFD)."""
    rows = grid.Grid(source="t")
    rows.add(1, ["URAIAN", *[""] * (width - 1)])
    assert rows.rows[0].cells[0] == "URAIAN"
