"""The Pemantauan's section "Capaian per Sasaran, Program, Kegiatan dan Sub Kegiatan": every node
with indicators in it or below it, with the roll-up of those indicators (count, measured, met,
capaian, category), and the whole plan's; checked as data, and in the xlsx, docx and PDF files the
renderers make of it."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from docx import Document
from openpyxl import load_workbook

from renaksi.core.achievement import IndicatorRule, roll_up
from renaksi.core.plan import Indicator, Node, Plan
from renaksi.importers import read_plan
from renaksi.reports import HEADING, NUMBER, REPORTS, Report
from renaksi.reports import docx as docx_renderer
from renaksi.reports import pdf as pdf_renderer
from renaksi.reports import xlsx as xlsx_renderer
from renaksi.reports.common import outline_numbers
from renaksi.reports.data import IndicatorData, Monitoring, keyed_indicators, measure_period

from .test_builders import SAMPLE, SIGNATURE, hand_monitoring

QUARTERS = ["TW1", "TW2", "TW3", "TW4"]
HEADER = [
    "No",
    "Uraian",
    "Jumlah Indikator",
    "Terukur",
    "Mencapai Target",
    "Capaian (%)",
    "Kategori",
]


def percent(name: str, targets) -> Indicator:
    return Indicator(
        f"Persentase {name}",
        unit="%",
        annual_target=targets[-1],
        targets=dict(zip(QUARTERS, targets, strict=True)),
    )


def hand_plan() -> tuple[Plan, Monitoring]:
    """Sasaran 1 (one indicator) › Program 1.1 (one, weight 3) › Kegiatan 1.1.1 (two: one not
    measurable) and an empty Kegiatan 1.1.2; Sasaran 2 with one indicator and no realisasi."""
    kegiatan = Node(
        "kegiatan",
        "Penyusunan Dokumen",
        number="1",
        indicators=[
            percent("Dokumen Tersusun", [25, 50, 75, 100]),
            percent("Laporan Tepat Waktu", [25, 50, 75, 100]),
        ],
    )
    empty = Node("kegiatan", "Kegiatan Tanpa Indikator", number="2")
    program = Node(
        "program",
        "Program Penunjang",
        number="1",
        indicators=[percent("Layanan Administrasi", [100, 100, 100, 100])],
        children=[kegiatan, empty],
    )
    sasaran = Node(
        "sasaran",
        "Meningkatnya Tata Kelola",
        number="1",
        indicators=[percent("Nilai Tata Kelola", [80, 80, 80, 80])],
        children=[program],
    )
    other = Node(
        "sasaran",
        "Meningkatnya Pelayanan",
        number="2",
        indicators=[percent("Kepuasan", [90, 90, 90, 90])],
    )
    plan = Plan(unit="Kecamatan Contoh", year=2025, periods=QUARTERS, nodes=[sasaran, other])
    last = IndicatorRule(aggregation="last")
    monitoring = Monitoring(
        indicators={
            "1/1": IndicatorData(actuals={"TW1": 60, "TW2": 76}, rule=last),  # 76/80 → 95 %
            "1.1/1": IndicatorData(
                actuals={"TW2": 120},  # 120 % → capped 100, met
                rule=IndicatorRule(aggregation="last", weight=3.0),
            ),
            "1.1.1/1": IndicatorData(actuals={"TW2": 30}, rule=last),  # 30/50 → 60 %
            "1.1.1/2": IndicatorData(actuals={"TW1": 20}, rule=last),  # no TW II → not measurable
        }
    )
    return plan, monitoring


EXPECTED = [
    # No, Uraian, indicators, measured, met, capaian, category
    ["1", "Sasaran Meningkatnya Tata Kelola", "4", "3", "1", "91,00", "Sangat Tinggi"],
    ["1.1", "Program Penunjang", "3", "2", "1", "90,00", "Tinggi"],  # (3·100 + 60) / 4
    ["1.1.1", "Kegiatan Penyusunan Dokumen", "2", "1", "0", "60,00", "Rendah"],
    ["2", "Sasaran Meningkatnya Pelayanan", "1", "0", "0", "-", "-"],
    ["Seluruh Indikator", None, "5", "3", "1", "91,00", "Sangat Tinggi"],
]  # (95 + 3·100 + 60) / 5 = 91; the empty kegiatan 1.1.2 has no row


@pytest.fixture(scope="module")
def report() -> Report:
    plan, monitoring = hand_plan()
    return REPORTS["pemantauan"].build(plan, monitoring, period="TW2", signature=SIGNATURE)


def texts(row) -> list[str | None]:
    return [cell.text if cell is not None else None for cell in row]


def test_the_section_holds_each_nodes_roll_up(report: Report) -> None:
    (section,) = report.sections
    assert section.heading == "Capaian per Sasaran, Program, Kegiatan dan Sub Kegiatan"
    assert texts(section.header[0]) == HEADER
    assert [texts(row) for row in section.body] == EXPECTED
    assert section.body[1][5].kind == NUMBER and section.body[1][5].value == 90.0
    assert section.body[1][2].kind == NUMBER and section.body[1][2].value == 3
    total = section.body[-1][0]
    assert (total.kind, total.colspan) == (HEADING, 2)
    # The plan's line agrees with the notes, as before.
    assert report.notes[0].startswith("Rata-rata capaian: 91,00 % (Sangat Tinggi); 1 dari 3")
    report.check()


def test_the_main_table_is_unchanged(report: Report) -> None:
    assert len(report.body) == 5 + 1  # five indicators, the empty kegiatan's own row
    assert [texts(row)[8] for row in report.body] == ["95,00", "120,00", "60,00", "-", "", "-"]


def test_main_table_and_section_number_nodes_alike(report: Report) -> None:
    """Both tables number a node by its outline, so a row of one is found in the other."""
    (section,) = report.sections
    main = {row[1].text: row[0].text for row in report.body if row[0] is not None}
    numbered = {row[1].text: row[0].text for row in section.body[:-1]}
    assert numbered and all(main[name] == number for name, number in numbered.items())
    assert any("." in number for number in numbered.values())


def _grid(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_xlsx_has_the_figures(report: Report) -> None:
    ws = load_workbook(io.BytesIO(xlsx_renderer.render(report)))["Laporan"]
    grid = _grid(ws)
    top = next(r for r, row in enumerate(grid) if row[0] == report.sections[0].heading)
    assert grid[top + 1][:7] == HEADER
    got = [row[:7] for row in grid[top + 2 : top + 2 + len(EXPECTED)]]
    assert got == [
        ["1", "Sasaran Meningkatnya Tata Kelola", 4, 3, 1, 91, "Sangat Tinggi"],
        ["1.1", "Program Penunjang", 3, 2, 1, 90, "Tinggi"],
        ["1.1.1", "Kegiatan Penyusunan Dokumen", 2, 1, 0, 60, "Rendah"],
        ["2", "Sasaran Meningkatnya Pelayanan", 1, 0, 0, "-", "-"],
        ["Seluruh Indikator", None, 5, 3, 1, 91, "Sangat Tinggi"],
    ]
    last = top + 2 + len(EXPECTED)  # 1-based row of "Seluruh Indikator"
    assert f"A{last}:B{last}" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.cell(top + 3, 6).number_format == "#,##0.00"


def test_docx_has_the_figures(report: Report) -> None:
    doc = Document(io.BytesIO(docx_renderer.render(report)))
    assert len(doc.tables) == 2
    assert report.sections[0].heading in [p.text for p in doc.paragraphs]
    table = doc.tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == HEADER
    for got, expected in zip(rows[1:], EXPECTED, strict=True):
        assert got[2:] == expected[2:]
        assert got[0] == expected[0]
    assert rows[-1][:2] == ["Seluruh Indikator", "Seluruh Indikator"]  # merged


def test_pdf_has_the_figures(report: Report) -> None:
    with pdfplumber.open(io.BytesIO(pdf_renderer.render(report))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert report.sections[0].heading in text
    lines = text.splitlines()
    for expected in EXPECTED:
        figures = " ".join(expected[2:])
        assert any(line.endswith(figures) for line in lines), figures
    assert "Kegiatan Tanpa Indikator" in text  # in the main table only
    assert text.count("Kegiatan Tanpa Indikator") == 1


def test_the_sample_each_row_is_the_roll_up_of_its_subtree() -> None:
    """The sample plan with hand realisasi: each node's row against ``roll_up`` over the
    indicators below it, walked naively."""
    plan = read_plan(SAMPLE)
    monitoring = hand_monitoring(plan)
    report = REPORTS["pemantauan"].build(plan, monitoring, period="TW2")
    keys = {id(i): k for k, _n, i in keyed_indicators(plan)}

    def item(indicator):
        data = monitoring.indicator(keys[id(indicator)])
        m = measure_period(indicator, data, plan.periods, "TW2", monitoring.settings)
        return m.achievement, m.rule.weight

    outlines = outline_numbers(plan)  # the reports' No: positions
    expected = []
    for node, _parent in plan.walk():
        below = [item(i) for n, _p in node.walk() for i in n.indicators]
        if below:
            expected.append((outlines[id(node)], roll_up(below)))
    (section,) = report.sections
    assert len(section.body) == len(expected) + 1
    measured = 0
    for row, (outline, roll) in zip(section.body, expected, strict=False):
        assert row[0].text == outline
        assert [c.value for c in row[2:5]] == [roll.total, roll.measured, roll.met]
        if roll.value is None:
            assert (row[5].text, row[6].text) == ("-", "-")
        else:
            measured += 1
            assert row[5].value == round(roll.value, 2)
            assert row[6].text == roll.category.label
    assert measured > 10 and any(row[5].text == "-" for row in section.body)
    whole = roll_up([item(i) for _n, i in plan.indicators()])
    assert section.body[-1][5].value == round(whole.value, 2)
    assert section.body[-1][2].value == len(list(plan.indicators()))


def test_a_plan_without_indicators_has_no_section() -> None:
    plan = Plan(periods=QUARTERS, nodes=[Node("sasaran", "Tanpa Indikator")])
    assert REPORTS["pemantauan"].build(plan, Monitoring(), period="TW1").sections == []
    assert REPORTS["pemantauan"].build(Plan(periods=QUARTERS), period="TW1").sections == []
