"""Paper and page numbers: every renderer lays a report out on A4 or F4 and numbers its pages.

F4 (215 × 330 mm, "folio") is what many Indonesian offices print on. Each file is opened with the
library that reads its format: openpyxl's page setup and footer, python-docx's section size and
footer fields, pdfplumber's page size and text.
"""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from renaksi.core.plan import Indicator, Node, Plan
from renaksi.reports import PAPERS, docx, rencana_aksi, xlsx

QUARTERS = ["TW1", "TW2", "TW3", "TW4"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _report(landscape: bool = True):
    node = Node(
        "program",
        "Program Penunjang Urusan Pemerintahan Daerah",
        number="1",
        indicators=[Indicator("Nilai SAKIP", unit="Angka", targets=dict.fromkeys(QUARTERS, 1))],
    )
    report = rencana_aksi.build(
        Plan(unit="Kecamatan Contoh", year=2025, periods=QUARTERS, nodes=[node])
    )
    report.landscape = landscape
    return report


@pytest.mark.parametrize(("paper", "code"), [("A4", 9), ("F4", 14)])
@pytest.mark.parametrize("landscape", [True, False])
def test_xlsx_paper_orientation_and_page_numbers(paper: str, code: int, landscape: bool) -> None:
    ws = load_workbook(io.BytesIO(xlsx.render(_report(landscape), paper))).active
    assert int(ws.page_setup.paperSize) == code
    assert ws.page_setup.orientation == ("landscape" if landscape else "portrait")
    assert ws.oddFooter.center.text == "Halaman &P dari &N"


def test_xlsx_workbook_sheets_share_the_paper() -> None:
    data = xlsx.render_workbook([("A", _report()), ("B", _report())], _report(), paper="F4")
    wb = load_workbook(io.BytesIO(data))
    assert [int(ws.page_setup.paperSize) for ws in wb.worksheets] == [14, 14, 14]
    assert all(ws.oddFooter.center.text == "Halaman &P dari &N" for ws in wb.worksheets)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("landscape", [True, False])
def test_docx_paper_orientation_and_page_numbers(paper: str, landscape: bool) -> None:
    doc = Document(io.BytesIO(docx.render(_report(landscape), paper)))
    section = doc.sections[0]
    short, long = PAPERS[paper]
    width, height = (long, short) if landscape else (short, long)
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (width, height)
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("Halaman ") and " dari " in footer.text
    fields = [f.get(f"{W}instr") for f in footer._p.iter(f"{W}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]


def test_pdf_paper_sizes() -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    pytest.importorskip("weasyprint")
    from renaksi.reports import pdf

    for paper, (short, long) in PAPERS.items():
        with pdfplumber.open(io.BytesIO(pdf.render(_report(), paper))) as document:
            page = document.pages[0]
            assert (round(page.width), round(page.height)) == (
                round(long / 25.4 * 72),
                round(short / 25.4 * 72),
            )
            assert "Halaman 1 dari 1" in page.extract_text()


@pytest.mark.parametrize("render", [xlsx.render, docx.render])
def test_unknown_paper_is_refused(render) -> None:
    with pytest.raises(ValueError, match="unknown paper 'Letter': one of A4, F4"):
        render(_report(), "Letter")
