"""The reports beyond the Rencana Aksi: Pemantauan, Pengukuran Kinerja, Evaluasi Renja, Perjanjian
Kinerja, built from the sample plan and hand-made realisasi, checked as data (titles, headers,
rows, capaian as the engine gives it) and as files (xlsx and docx read back).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from renaksi.core.achievement import (
    IndicatorRule,
    annual_achievement,
    cumulate,
    period_achievement,
)
from renaksi.core.plan import Indicator, Node, Plan
from renaksi.importers import read_plan
from renaksi.reports import NUMBER, REPORTS, Report, Signature
from renaksi.reports import docx as docx_renderer
from renaksi.reports import xlsx as xlsx_renderer
from renaksi.reports.data import (
    IndicatorData,
    Monitoring,
    NodeData,
    PeriodState,
    keyed_indicators,
    keyed_nodes,
    rule_of,
)

SAMPLE = (
    Path(__file__).parents[2]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)
QUARTERS = ["TW1", "TW2", "TW3", "TW4"]
SIGNATURE = Signature(
    place="Kaligondang", date=dt.date(2022, 12, 30), position="Camat Kaligondang", name="BUDI"
)
FACTORS = (0.6, 0.8, 0.9, 1.0, 1.1, 0.5)
NOTE = "Lengkapi bukti dukung TW II"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return read_plan(SAMPLE)


def hand_monitoring(plan: Plan) -> Monitoring:
    """Realisasi for every indicator but each seventh (left without, so not measurable): its
    targets times a factor; narrative for TW II; a pagu and spending for every sub kegiatan."""
    monitoring = Monitoring(
        periods={"TW2": PeriodState("returned", verifier="Dewi Lestari", note=NOTE)}
    )
    for n, (key, _node, indicator) in enumerate(keyed_indicators(plan)):
        if n % 7 == 6:
            continue
        factor = FACTORS[n % len(FACTORS)]
        monitoring.indicators[key] = IndicatorData(
            actuals={
                p: round(t * factor, 2)
                for p, t in indicator.targets.items()
                if isinstance(t, int | float)
            },
            kendala={"TW2": f"Kendala {n}"},
            tindak_lanjut={"TW2": f"Tindak lanjut {n}"},
            owner=f"Kasi {n}",
        )
    for i, (key, node, _parent) in enumerate(keyed_nodes(plan)):
        if node.level == "subkegiatan":
            monitoring.nodes[key] = NodeData(
                budget=10_000_000 * (i + 1), spent={"TW1": 1_000_000 * i, "TW2": 500_000}
            )
    return monitoring


@pytest.fixture(scope="module")
def monitoring(plan: Plan) -> Monitoring:
    return hand_monitoring(plan)


@pytest.fixture(scope="module")
def reports(plan: Plan, monitoring: Monitoring) -> dict[str, Report]:
    return {
        key: kind.build(plan, monitoring, period="TW2", signature=SIGNATURE)
        for key, kind in REPORTS.items()
    }


def texts(row) -> list[str | None]:
    return [cell.text if cell is not None else None for cell in row]


def indicator_rows(report: Report, column: int) -> list[list]:
    """Body rows that hold an indicator (its name in ``column``)."""
    return [row for row in report.body if row[column] is not None and row[column].text]


def sasaran_indicators(plan: Plan):
    return [(k, n, i) for k, n, i in keyed_indicators(plan) if n.level == "sasaran"]


def program_nodes(plan: Plan) -> list[tuple[str, Node]]:
    return [(k, n) for k, n, _p in keyed_nodes(plan) if n.level == "program"]


def subtree_sums(node: Node, key: str, monitoring: Monitoring) -> tuple[float, float]:
    """Pagu and spending of a node with none of its own: the sum over its sub kegiatan."""
    budget = spent = 0.0
    for child_key, _child, _parent in keyed_nodes(Plan(nodes=[node])):
        data = monitoring.nodes.get(key + child_key[1:])
        if data is not None:
            budget += data.budget or 0
            spent += sum(data.spent.values())
    return budget, spent


# ---------------------------------------------------------------------------------------------
# Data


def test_registry_lists_every_report_with_a_uniform_build(plan: Plan) -> None:
    assert list(REPORTS) == [
        "rencana-aksi",
        "pemantauan",
        "pengukuran",
        "evaluasi-renja",
        "perjanjian-kinerja",
    ]
    for key, kind in REPORTS.items():
        assert kind.key == key and kind.label
        report = kind.build(plan, None, period="TW1" if kind.needs_period else None)
        report.check()
        assert report.meta["report"] == key
    assert REPORTS["pemantauan"].needs_period


# key, title lines, main header (first row), headings and first header rows of further tables
LAYOUTS = [
    (
        "pemantauan",
        ["PEMANTAUAN RENCANA AKSI", "TRIWULAN II TAHUN 2022", "KECAMATAN KALIGONDANG"],
        [
            "No",
            "Uraian",
            "Indikator Kinerja",
            "Satuan",
            "Target Tahunan",
            "Target TW II",
            "Realisasi TW II",
            "Realisasi s.d. TW II",
            "Capaian (%)",
            "Kategori",
            "Kendala",
            "Upaya / Tindak Lanjut",
            "Bukti Dukung",
            "Penanggung Jawab",
        ],
        [
            (
                "Capaian per Sasaran, Program, Kegiatan dan Sub Kegiatan",
                [
                    "No",
                    "Uraian",
                    "Jumlah Indikator",
                    "Terukur",
                    "Mencapai Target",
                    "Capaian (%)",
                    "Kategori",
                ],
            )
        ],
    ),
    (
        "pengukuran",
        ["PENGUKURAN KINERJA", "KECAMATAN KALIGONDANG", "TAHUN 2022"],
        [
            "No",
            "Sasaran",
            "Indikator Kinerja",
            "Satuan",
            "Target Tahunan",
            "Realisasi s.d. TW IV",
            "Capaian (%)",
            "Kategori",
        ],
        [("B. Realisasi Anggaran", ["No", "Program", "Anggaran (Rp)", "Realisasi (Rp)", "%"])],
    ),
    (
        "perjanjian-kinerja",
        ["PERJANJIAN KINERJA", "KECAMATAN KALIGONDANG", "TAHUN 2022"],
        ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Target"],
        [("", ["No", "Program", "Anggaran (Rp)"])],
    ),
]


@pytest.mark.parametrize(
    ("key", "title", "header", "sections"), LAYOUTS, ids=[x[0] for x in LAYOUTS]
)
def test_titles_and_headers(reports, key, title, header, sections) -> None:
    report = reports[key]
    assert report.title == title
    assert texts(report.header[0]) == header
    assert [(s.heading, texts(s.header[0])) for s in report.sections] == sections
    assert report.signature == SIGNATURE
    assert report.name.startswith(key) and report.name.endswith("kecamatan-kaligondang")
    assert "-2022-" in report.name


def test_row_counts(plan: Plan, reports) -> None:
    indicators = list(keyed_indicators(plan))
    without = [n for _k, n, _p in keyed_nodes(plan) if not n.indicators]
    assert len(reports["pemantauan"].body) == len(indicators) + len(without)
    sasaran = sasaran_indicators(plan)
    programs = program_nodes(plan)
    for key in ("pengukuran", "perjanjian-kinerja"):
        assert len(reports[key].body) == len(sasaran) == 3
        assert len(reports[key].sections[0].body) == len(programs) + 1  # and a Jumlah row
    levels = ("program", "kegiatan", "subkegiatan")
    renja = [i for _k, n, i in indicators if n.level in levels]
    renja_without = [n for n in without if n.level in levels]
    footer = 6  # rata-rata, predikat, pendorong, penghambat, two tindak lanjut
    assert len(reports["evaluasi-renja"].body) == len(renja) + len(renja_without) + footer


def _percent(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def test_pemantauan_capaian_as_the_engine_gives(plan: Plan, monitoring, reports) -> None:
    rows = indicator_rows(reports["pemantauan"], 2)
    keyed = list(keyed_indicators(plan))
    assert len(rows) == len(keyed)
    measurable = 0
    for row, (key, _node, indicator) in zip(rows, keyed, strict=True):
        data = monitoring.indicators.get(key, IndicatorData())
        rule = rule_of(indicator, data)
        expected = period_achievement(rule, indicator.targets, data.actuals, QUARTERS, "TW2")
        assert row[2].text == indicator.name
        assert row[8].text == _percent(expected.raw)
        if expected.raw is not None:
            measurable += 1
            assert row[8].kind == NUMBER and row[8].value == round(expected.raw, 2)
            assert row[7].value == cumulate(data.actuals, QUARTERS, "TW2", rule.aggregation)
            assert row[6].value == data.actuals["TW2"]  # the quarter's own realisasi
        assert row[9].text == (expected.category.label if expected.category else "-")
        assert row[10].text == data.kendala.get("TW2", "")
        assert row[11].text == data.tindak_lanjut.get("TW2", "")
        assert row[13].text == (data.owner or "")
    assert 0 < measurable < len(keyed)  # both kinds are in the table


def test_pemantauan_hand_values() -> None:
    """A "last" percentage, a "sum" count entered as increments, and a negative indicator."""
    nilai = Indicator(
        "Nilai SAKIP", unit="Nilai", annual_target=80, targets=dict.fromkeys(QUARTERS, 80)
    )
    jumlah = Indicator(
        "Jumlah Dokumen",
        unit="Dokumen",
        annual_target=4,
        targets={"TW1": 1, "TW2": 2, "TW3": 3, "TW4": 4},
    )
    kasus = Indicator(
        "Jumlah kasus", unit="Kasus", annual_target=10, targets=dict.fromkeys(QUARTERS, 10)
    )
    plan = Plan(
        unit="Kecamatan Contoh",
        year=2025,
        periods=QUARTERS,
        nodes=[
            Node(
                "sasaran", "Meningkatnya Tata Kelola", number="1", indicators=[nilai, jumlah, kasus]
            )
        ],
    )
    monitoring = Monitoring(
        indicators={
            "1/1": IndicatorData(actuals={"TW1": 50, "TW2": 64}),
            "1/2": IndicatorData(actuals={"TW1": 1, "TW2": 1}),
            "1/3": IndicatorData(
                actuals={"TW2": 12}, rule=IndicatorRule(polarity="negative", aggregation="last")
            ),
        },
        periods={"TW2": PeriodState("verified", verifier="Dewi", note=NOTE)},
    )
    report = REPORTS["pemantauan"].build(plan, monitoring, period="TW2")
    rows = [texts(row)[2:10] for row in report.body]
    assert rows == [
        ["Nilai SAKIP", "Nilai", "80", "80", "64", "64", "80,00", "Tinggi"],
        ["Jumlah Dokumen", "Dokumen", "4", "2", "1", "2", "100,00", "Sangat Tinggi"],
        ["Jumlah kasus", "Kasus", "10", "10", "12", "12", "80,00", "Tinggi"],  # (2·10 − 12) / 10
    ]
    assert report.notes == [
        "Rata-rata capaian: 86,67 % (Tinggi); 1 dari 3 indikator terukur mencapai target (3 indikator).",
        "Status laporan: Terverifikasi",
        "Verifikator: Dewi",
        f"Catatan verifikator: {NOTE}",
    ]
    # The rule may also come with the plan (Indicator.extra), as the importer keeps it.
    kasus.extra["polarity"] = "negative"
    monitoring.indicators["1/3"] = IndicatorData(actuals={"TW2": 12})
    again = REPORTS["pemantauan"].build(plan, monitoring, period="TW2")
    assert texts(again.body[2])[8] == "80,00"
    with pytest.raises(ValueError, match="period"):
        REPORTS["pemantauan"].build(plan, monitoring, period="TW5")
    with pytest.raises(ValueError, match="period"):
        REPORTS["pemantauan"].build(plan, monitoring)


def test_pemantauan_notes_name_state_and_verifier(reports) -> None:
    notes = reports["pemantauan"].notes
    assert notes[0].startswith("Rata-rata capaian: ")
    assert notes[1:] == [
        "Status laporan: Dikembalikan",
        "Verifikator: Dewi Lestari",
        f"Catatan verifikator: {NOTE}",
    ]


def test_pengukuran_capaian_and_budget(plan: Plan, monitoring, reports) -> None:
    report = reports["pengukuran"]
    for row, (key, node, indicator) in zip(report.body, sasaran_indicators(plan), strict=True):
        data = monitoring.indicators.get(key, IndicatorData())
        rule = rule_of(indicator, data)
        expected = annual_achievement(rule, indicator.annual_target, data.actuals, QUARTERS)
        assert row[1].text == node.name
        assert row[2].text == indicator.name
        assert row[4].value == indicator.annual_target
        assert row[6].text == _percent(expected.raw)
        assert row[7].text == (expected.category.label if expected.category else "-")
    budget_rows = report.sections[0].body
    total_budget = total_spent = 0.0
    for row, (key, node) in zip(budget_rows, program_nodes(plan), strict=False):
        budget, spent = subtree_sums(node, key, monitoring)
        assert row[1].text.endswith(node.name.removeprefix("Program "))
        assert row[2].value == budget and row[3].value == spent
        assert row[4].text == _percent(spent / budget * 100 if budget else None)
        total_budget += budget
        total_spent += spent
    jumlah = budget_rows[-1]
    assert jumlah[0].text == "Jumlah" and jumlah[0].colspan == 2 and jumlah[1] is None
    assert jumlah[2].value == total_budget and jumlah[3].value == total_spent
    assert report.notes and report.notes[0].startswith("Rata-rata capaian sasaran: ")


def test_perjanjian_kinerja_targets_and_pagu(plan: Plan, monitoring, reports) -> None:
    report = reports["perjanjian-kinerja"]
    assert not report.landscape
    rows = [texts(r) for r in report.body]
    assert [r[2:] for r in rows] == [
        [i.name, i.unit, str(i.annual_target)] for _k, _n, i in sasaran_indicators(plan)
    ]
    key, node = program_nodes(plan)[0]
    assert report.sections[0].body[0][2].value == subtree_sums(node, key, monitoring)[0]
    # Without a monitoring: the plan's own figures only, the budget left empty.
    bare = REPORTS["perjanjian-kinerja"].build(plan)
    assert bare.sections[0].body[0][2].text == ""


# ---------------------------------------------------------------------------------------------
# Files


def _workbook(report: Report):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(xlsx_renderer.render(report)))["Laporan"]


def _find(ws, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not in the sheet")


@pytest.mark.parametrize(
    "key", ["pemantauan", "pengukuran", "evaluasi-renja", "perjanjian-kinerja"]
)
def test_xlsx(reports, key: str) -> None:
    report = reports[key]
    ws = _workbook(report)
    assert ws["A1"].value == report.title[0]
    header_row = len(report.title) + 2 + (1 if report.heading else 0)
    if report.heading:
        assert ws.cell(header_row - 1, 1).value == report.heading
    assert ws.cell(header_row, 1).value == "No"
    assert ws.cell(header_row, 3).value == report.header[0][2].text
    merged = {str(r) for r in ws.merged_cells.ranges}
    first_body = header_row + len(report.header)
    for r, c, rowspan, colspan in report.merges():
        top = header_row + r
        from openpyxl.utils import get_column_letter

        ref = f"{get_column_letter(c + 1)}{top}:{get_column_letter(c + colspan)}{top + rowspan - 1}"
        assert ref in merged
    # The first indicator's name is where the report puts it.
    assert ws.cell(first_body, 1).value == report.body[0][0].text
    for section in report.sections:
        if section.heading:
            row = _find(ws, section.heading)[0] + 1
        else:
            row = _find(ws, section.header[0][1].text)[0]
        assert ws.cell(row, 2).value == section.header[0][1].text
        # The last row (Jumlah, Seluruh Indikator) spans No and the name, its figures after.
        last_row = row + len(section.body)
        assert ws.cell(last_row, 1).value == section.body[-1][0].text
        assert section.body[-1][0].colspan == 2
        assert f"A{last_row}:B{last_row}" in merged
        assert ws.cell(last_row, 3).value == section.body[-1][2].value
    for line in report.notes:
        _find(ws, line)
    _find(ws, "Camat Kaligondang")


def test_xlsx_values_are_numbers(reports) -> None:
    ws = _workbook(reports["pemantauan"])
    row, col = _find(ws, "Capaian (%)")
    values = [
        ws.cell(r, col).value for r in range(row + 1, row + 1 + len(reports["pemantauan"].body))
    ]
    numbers = [v for v in values if isinstance(v, float | int)]
    assert numbers and all(v in ("-", None) for v in values if v not in numbers)
    assert "-" in values  # the not measurable
    numeric = next(
        r for r in range(row + 1, row + 60) if isinstance(ws.cell(r, col).value, int | float)
    )
    assert ws.cell(numeric, col).number_format == "#,##0.00"


def _document(report: Report):
    from docx import Document

    return Document(io.BytesIO(docx_renderer.render(report)))


@pytest.mark.parametrize(
    "key", ["pemantauan", "pengukuran", "evaluasi-renja", "perjanjian-kinerja"]
)
def test_docx(reports, key: str) -> None:
    report = reports[key]
    doc = _document(report)
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[: len(report.title)] == report.title
    assert len(doc.tables) == len(report.tables())
    for table, section in zip(doc.tables, report.tables(), strict=True):
        assert len(table.rows) == len(section.rows())
        assert table.cell(0, 0).text == "No"
        assert table.cell(0, 1).text == section.header[0][1].text
        if section.heading:
            assert section.heading in paragraphs
        # A cell spanning rows reads the same from each row it covers.
        for r, c, rowspan, colspan in section.merges():
            cell = table.cell(r, c)
            assert table.cell(r + rowspan - 1, c + colspan - 1)._tc is cell._tc
    for line in report.notes:
        assert line in paragraphs
    assert "Camat Kaligondang" in paragraphs
    assert (doc.sections[0].page_width > doc.sections[0].page_height) == report.landscape


def test_docx_pemantauan_values(reports) -> None:
    report = reports["pemantauan"]
    table = _document(report).tables[0]
    for r, row in enumerate(report.body[:10], start=len(report.header)):
        assert table.cell(r, 8).text == row[8].text
        assert table.cell(r, 9).text == row[9].text


# ---------------------------------------------------------------------------------------------
# Edges


def _months_plan() -> Plan:
    opinion = Indicator("Opini BPK", unit="Predikat", annual_target="WTP", targets={"M02": "WTP"})
    index = Indicator(
        "Indeks Kepuasan", unit="Indeks", annual_target=80, targets={"M01": 70, "M02": 80}
    )
    sub = Node(
        "subkegiatan", "Penyusunan Laporan", number="1", budget=2_000_000, indicators=[index]
    )
    program = Node("program", "Program Penunjang", number="A", indicators=[opinion], children=[sub])
    return Plan(unit="Dinas Contoh", year=2025, periods=["M01", "M02"], nodes=[program])


def test_months_and_text_targets() -> None:
    plan = _months_plan()
    monitoring = Monitoring(
        indicators={
            "1/1": IndicatorData(actuals={"M02": "WDP"}),
            "1.1/1": IndicatorData(actuals={"M01": 63, "M02": 84}),
        },
        nodes={"1.1": NodeData(spent={"M01": 500_000, "M02": 1_000_000})},
    )
    pemantauan = REPORTS["pemantauan"].build(plan, monitoring, period="M02")
    assert pemantauan.title[1] == "BULAN FEBRUARI TAHUN 2025"
    assert texts(pemantauan.header[0])[5:8] == [
        "Target Februari",
        "Realisasi Februari",
        "Realisasi s.d. Februari",
    ]
    assert [[texts(r)[c] for c in (5, 7, 8, 9)] for r in pemantauan.body] == [
        ["WTP", "WDP", "75,00", "Sedang"],  # one step below on the BPK scale, as the engine says
        ["80", "84", "105,00", "Sangat Tinggi"],
    ]
    renja = REPORTS["evaluasi-renja"].build(plan, monitoring)
    assert texts(renja.header[0])[11] == "Realisasi Kinerja pada Periode"
    assert texts(renja.header[1])[11:15] == ["Januari", None, "Februari", None]
    program_row, sub_row = renja.body[:2]
    # 8 Target Renja, 9–10 the months, 13 the total: K and Rp each; 15 capaian (K, Rp).
    assert texts(program_row)[9:17] + texts(program_row)[19:21] == [
        "WTP",
        "2.000.000",
        "",
        "500.000",
        "WDP",
        "1.000.000",
        "WDP",
        "1.500.000",
        "75,00",
        "75,00",
    ]
    assert texts(sub_row)[9:17] + texts(sub_row)[19:21] == [
        "80",
        "2.000.000",
        "63",
        "500.000",
        "21",
        "1.000.000",
        "84",
        "1.500.000",
        "105,00",
        "75,00",
    ]
    pk = REPORTS["perjanjian-kinerja"].build(plan)  # no sasaran: the top level stands for it
    assert [texts(r)[1:] for r in pk.body] == [
        ["Program Penunjang", "Opini BPK", "Predikat", "WTP"]
    ]
    assert texts(pk.sections[0].body[-1]) == ["Jumlah", None, "2.000.000"]


@pytest.mark.parametrize("key", list(REPORTS))
def test_an_empty_plan_renders(key: str) -> None:
    plan = Plan(periods=list(QUARTERS))
    report = REPORTS[key].build(plan, period="TW1")
    assert report.body == [] or key in ("pengukuran", "perjanjian-kinerja", "evaluasi-renja")
    assert xlsx_renderer.render(report)[:2] == b"PK"
    assert docx_renderer.render(report)[:2] == b"PK"
