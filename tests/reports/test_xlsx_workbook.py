"""Several reports in one workbook (a kabupaten's units): a sheet each, the summary first."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from renaksi.importers import read_plan
from renaksi.reports import CENTER, HEADING, NUMBER, Cell, Report, rencana_aksi
from renaksi.reports.xlsx import render_workbook, sheet_title

SAMPLE = (
    Path(__file__).parents[2]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)


def _summary(units: list[tuple[str, int]]) -> Report:
    return Report(
        name="ringkasan",
        title=["RINGKASAN RENCANA AKSI"],
        header=[[Cell("No", HEADING), Cell("Unit", HEADING), Cell("Indikator", HEADING)]],
        body=[
            [Cell(str(i), CENTER), Cell(name), Cell(str(n), NUMBER, value=n)]
            for i, (name, n) in enumerate(units, start=1)
        ],
        widths=[5, 40, 10],
    )


def test_one_sheet_per_unit_and_the_summary_first() -> None:
    report = rencana_aksi.build(read_plan(SAMPLE))
    units = [("Kecamatan Kaligondang", report), ("Kecamatan Kalimanah", report)]
    data = render_workbook(units, _summary([("Kecamatan Kaligondang", 59), ("Kalimanah", 59)]))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Ringkasan", "Kecamatan Kaligondang", "Kecamatan Kalimanah"]
    assert wb["Ringkasan"]["A1"].value == "RINGKASAN RENCANA AKSI"
    assert wb["Ringkasan"]["C4"].value == 59
    for name in units:
        ws = wb[name[0]]
        assert ws["A1"].value == "RENCANA AKSI TAHUN 2022"
        assert ws.print_title_rows  # each sheet's header repeats on its printed pages
        assert ws.page_setup.orientation == "landscape"
        assert ws.max_row > len(report.body)


def test_without_summary_and_empty() -> None:
    report = rencana_aksi.build(read_plan(SAMPLE))
    wb = load_workbook(io.BytesIO(render_workbook([("Satu", report)], None)))
    assert wb.sheetnames == ["Satu"]
    wb = load_workbook(io.BytesIO(render_workbook([], None)))
    assert wb.sheetnames == ["Laporan"]


def test_sheet_titles_are_valid_and_unique() -> None:
    used: set[str] = set()
    long = "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Purbalingga"
    assert sheet_title(long, used) == long[:31].rstrip()
    second = sheet_title(long, used)
    assert second.endswith(" (2)") and len(second) <= 31
    assert sheet_title("Bagian: Umum/Keuangan [1]?*", used) == "Bagian Umum Keuangan 1"
    assert sheet_title("", used) == "Laporan"
    assert sheet_title("laporan", used) == "laporan (2)"  # Excel compares names without case
    assert sheet_title("'Kutip'", used) == "Kutip"
