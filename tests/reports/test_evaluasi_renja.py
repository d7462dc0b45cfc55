"""The Evaluasi Renja as Permendagri 86/2017's form: every column (1–17, K and Rp) and footer row,
read back from the built report and from each file (xlsx with openpyxl, docx with python-docx,
pdf with pdfplumber); ``period`` changes the figures in the right cells; Renstra figures entered
or imported per indicator, "belum diisi" where absent; A3 offered.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from renaksi.cli import main
from renaksi.core.plan import Indicator, Node, Plan
from renaksi.reports import PAPERS, REPORTS, Signature, renderer
from renaksi.reports.data import IndicatorData, Monitoring, NodeData
from renaksi.reports.evaluasi_renja import ABSENT, FOOTER, RESPONSIBLE, group_names

QUARTERS = ["TW1", "TW2", "TW3", "TW4"]
SIGNATURE = Signature(place="Kaligondang", position="Camat Kaligondang", name="BUDI")
# Column indexes of the report's grid: 1 No … 5 Indikator, then K/Rp pairs from 6 on.
K = {6: 5, 7: 7, 8: 9, 9: 11, 10: 13, 11: 15, 12: 17, 13: 19, 14: 21, 15: 23, 16: 25}
RESPONSIBLE_COLUMN = 27


def _plan() -> Plan:
    dokumen = Indicator(
        "Jumlah Dokumen Perencanaan",
        unit="Dokumen",
        annual_target=4,
        targets=dict(zip(QUARTERS, (1, 2, 3, 4), strict=True)),
        extra={"renstra_target": 20, "renstra_realised": 12, "aggregation": "sum"},
    )
    persen = Indicator(
        "Persentase Laporan Tepat Waktu",
        unit="%",
        annual_target=100,
        targets=dict.fromkeys(QUARTERS, 100),
        extra={"aggregation": "last"},
    )
    sub = Node(
        "subkegiatan",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        indicators=[dokumen, persen],
    )
    kegiatan = Node(
        "kegiatan",
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        children=[sub],
    )
    program = Node(
        "program",
        "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
        children=[kegiatan],
    )
    sasaran = Node("sasaran", "Meningkatnya Kualitas Perencanaan", children=[program])
    return Plan(unit="Kecamatan Kaligondang", year=2022, periods=list(QUARTERS), nodes=[sasaran])


def _monitoring() -> Monitoring:
    return Monitoring(
        indicators={
            "1.1.1.1/1": IndicatorData(
                actuals={"TW1": 1, "TW2": 1, "TW3": 1, "TW4": 2},
                faktor_pendukung={"TW1": "Dukungan camat"},
                kendala={"TW2": "Data terlambat"},
                tindak_lanjut={"TW2": "Jadwal pengumpulan data", "TW4": "Renja 2023 dipercepat"},
            ),
            "1.1.1.1/2": IndicatorData(actuals={"TW1": 80, "TW2": 90, "TW3": 95, "TW4": 100}),
        },
        nodes={
            "1.1.1.1": NodeData(
                budget=10_000_000,
                spent={"TW1": 1_000_000, "TW2": 2_000_000, "TW3": 3_000_000, "TW4": 4_000_000},
            )
        },
    )


def _build(period: str | None):
    return REPORTS["evaluasi-renja"].build(
        _plan(), _monitoring(), period=period, signature=SIGNATURE
    )


def texts(row) -> list[str | None]:
    return [c.text if c is not None else None for c in row]


def _sub_rows(report):
    return [r for r in report.body if r[4] is not None and r[4].text.startswith(("Jumlah", "Pers"))]


# ---------------------------------------------------------------------------------------------
# The form as data


def test_every_column_of_the_form_in_order() -> None:
    report = _build("TW2")
    top, quarters, kr, numbers = (texts(r) for r in report.header)
    names = group_names(2022, "TW2")
    assert [t for t in top if t] == [
        "No",
        "Sasaran",
        "Kode",
        "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
        "Indikator Kinerja Program (outcome)/Kegiatan (output)",
        names[6],
        names[7],
        names[8],
        "Realisasi Kinerja pada Triwulan",
        names[13],
        names[14],
        names[15],
        names[16],
        RESPONSIBLE,
    ]
    assert [t for t in quarters if t] == ["I", "II", "III", "IV"]
    assert [t for t in kr if t] == ["K", "Rp"] * 11
    assert [t for t in numbers if t] == [str(n) for n in range(1, 18)]
    assert "Tahun Lalu (2021)" in names[7] and "Tahun 2022" in names[8]
    assert report.width == 28


def test_tw2_and_tw4_differ_in_the_right_cells() -> None:
    tw2, tw4 = _build("TW2"), _build("TW4")
    assert tw2.title[-1] == "PERIODE PELAKSANAAN: TRIWULAN II TAHUN 2022"
    assert tw4.title[-1] == "PERIODE PELAKSANAAN: TRIWULAN IV TAHUN 2022"
    (d2, p2), (d4, p4) = _sub_rows(tw2), _sub_rows(tw4)
    # Realisasi per quarter: what each quarter added; later quarters empty up to TW II.
    assert texts(d2)[K[9] : K[12] + 2] == ["1", "1.000.000", "1", "2.000.000", "", "", "", ""]
    assert texts(d4)[K[9] : K[12] + 2] == [
        "1",
        "1.000.000",
        "1",
        "2.000.000",
        "1",
        "3.000.000",
        "2",
        "4.000.000",
    ]
    # 13: up to the period; 14 = 7 + 13; 15 = 13 / 8; 16 = 14 / 6.
    assert texts(d2)[K[13] : K[16] + 2] == [
        "2",
        "3.000.000",
        "14",
        ABSENT,
        "50,00",
        "30,00",
        "70,00",
        ABSENT,
    ]
    assert texts(d4)[K[13] : K[16] + 2] == [
        "5",
        "10.000.000",
        "17",
        ABSENT,
        "125,00",
        "100,00",
        "85,00",
        ABSENT,
    ]
    # A rate ("last") is not added up; without Renstra figures its columns say so.
    assert texts(p2)[K[13]] == "90" and texts(p4)[K[13]] == "100"
    assert [texts(p2)[K[c]] for c in (6, 7, 14, 16)] == [ABSENT] * 4
    # The fixed columns: outline number, sasaran, code the nomenclature knows, unit.
    first = texts(d2)
    # The No is the outline of every report (common.outline_numbers: under tujuan and sasaran).
    assert first[0] == "1.1.1.1" and first[1] is None  # the sasaran spans from the program's row
    program = next(r for r in tw2.body if r[3] is not None and r[3].text.startswith("Program"))
    assert program[1].text == "Meningkatnya Kualitas Perencanaan" and program[1].rowspan == 4
    assert program[0].text == "1.1" and program[2].text  # a code, though the plan gives none
    assert first[2] and first[2].count(".") == 5
    assert first[RESPONSIBLE_COLUMN] == "Kecamatan Kaligondang"
    assert texts(d2)[K[6] : K[8] + 2] == ["20", ABSENT, "12", ABSENT, "4", "10.000.000"]


def test_footer_rows() -> None:
    tw2, tw4 = _build("TW2"), _build("TW4")
    for report in (tw2, tw4):
        assert [r[0].text for r in report.body[-6:]] == list(FOOTER)
    footer2 = [r[5].text for r in tw2.body[-6:]]
    footer4 = [r[5].text for r in tw4.body[-6:]]
    # Capaian this year of both indicators (50 and 90 up to TW II; 125 capped at 100 and 100).
    assert footer2[:2] == ["70,00", "Sedang"]
    assert footer4[:2] == ["100,00", "Sangat Tinggi"]
    assert footer2[2:] == [
        "Dukungan camat",
        "Data terlambat",
        "Jadwal pengumpulan data",
        "",
    ]
    assert footer4[4:] == ["", "Renja 2023 dipercepat"]


def test_the_whole_year_without_a_period_and_an_unknown_period() -> None:
    assert texts(_sub_rows(_build(None))[0]) == texts(_sub_rows(_build("TW4"))[0])
    with pytest.raises(ValueError, match="no period"):
        _build("TW5")


# ---------------------------------------------------------------------------------------------
# Files


def _all_labels(report) -> list[str]:
    heads = [c.text for row in report.header for c in row if c is not None]
    return [*heads, *FOOTER]


def test_xlsx_every_header_and_footer_and_the_period(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sheets = {}
    for period in ("TW2", "TW4"):
        report = _build(period)
        ws = load_workbook(io.BytesIO(renderer("xlsx")(report, "A3"))).active
        values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
        for label in _all_labels(report):
            assert label in values, label
        assert ABSENT in values and "Kecamatan Kaligondang" in values
        assert str(ws.page_setup.paperSize) == "8"  # A3
        sheets[period] = ws
    # The TW III realisasi: empty up to TW II, given at TW IV; the same cell.
    row = next(r for r in sheets["TW4"].iter_rows() if r[4].value == "Jumlah Dokumen Perencanaan")
    cell = row[K[11]]
    assert cell.value == 1
    assert sheets["TW2"].cell(cell.row, cell.column).value in (None, "")


def test_docx_every_header_and_footer() -> None:
    from docx import Document

    for period, capaian in (("TW2", "50,00"), ("TW4", "125,00")):
        report = _build(period)
        document = Document(io.BytesIO(renderer("docx")(report, "A3")))
        cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
        for label in _all_labels(report):
            assert label in cells, label
        assert capaian in cells and ABSENT in cells
        section = document.sections[0]
        assert round(section.page_width.mm) == 420 and round(section.page_height.mm) == 297


def test_pdf_every_footer_row_on_a3() -> None:
    pytest.importorskip("weasyprint")
    pdfplumber = pytest.importorskip("pdfplumber")
    report = _build("TW2")
    with pdfplumber.open(io.BytesIO(renderer("pdf")(report, "A3"))) as pdf:
        page = pdf.pages[0]
        assert round(page.width / 72 * 25.4) == 420 and round(page.height / 72 * 25.4) == 297
        text = " ".join((p.extract_text() or "") for p in pdf.pages).replace("\n", " ")
    squeezed = " ".join(text.split())
    for label in ("Rata-rata capaian kinerja (%)", "Predikat kinerja", "Perangkat Daerah"):
        assert label in squeezed, label
    for word in ("pendorong", "penghambat", "triwulan berikutnya", "Renja Perangkat Daerah"):
        assert word in squeezed, word
    assert "belum" in squeezed and "TRIWULAN II" in squeezed


def test_a3_is_a_paper() -> None:
    assert PAPERS["A3"] == (297, 420)


# ---------------------------------------------------------------------------------------------
# Command line: --period changes the file; Renstra figures from the plan JSON


def test_cli_period_changes_the_file(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = _plan()
    for indicator, values in zip(
        plan.nodes[0].children[0].children[0].children[0].indicators,
        ({"TW1": 1, "TW2": 1, "TW3": 1, "TW4": 2}, {"TW1": 80, "TW2": 90, "TW3": 95, "TW4": 100}),
        strict=True,
    ):
        indicator.actuals = values
    source = tmp_path / "plan.json"
    source.write_text(plan.to_json())
    assert (
        json.loads(source.read_text())["nodes"][0]["children"][0]["children"][0]["children"][0][
            "indicators"
        ][0]["renstra_target"]
        == 20
    )
    files = {}
    for period in ("TW2", "TW4"):
        out = tmp_path / f"{period}.xlsx"
        args = ["export", str(source), "--report", "evaluasi-renja", "--period", period]
        assert main([*args, "--paper", "A3", "-o", str(out)]) == 0
        files[period] = out.read_bytes()
        ws = load_workbook(out).active
        values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
        assert 14 in values if period == "TW2" else 17 in values  # 14 = 7 + 13
    assert files["TW2"] != files["TW4"]
