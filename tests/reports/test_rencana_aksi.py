"""The Rencana Aksi report: rows as data, rendered to .xlsx and .docx, and read back by the importer.

The report of a plan, written as a file and imported again, must give the plan it was made from:
the same nodes (level and name) in the same order, the same indicators (result statement, name,
unit) and the same targets, numbers compared as numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import time
from pathlib import Path

import pytest

from renaksi.core.plan import Indicator, Node, Plan
from renaksi.importers import read_plan
from renaksi.reports import NUMBER, Signature, format_date, rencana_aksi
from renaksi.reports import docx as docx_renderer
from renaksi.reports import xlsx as xlsx_renderer

SAMPLE = (
    Path(__file__).parents[2]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)
QUARTERS = ["TW1", "TW2", "TW3", "TW4"]
SIGNATURE = Signature(
    place="Kaligondang",
    date=dt.date(2022, 1, 3),
    position="Camat Kaligondang",
    name="Drs. BUDI SANTOSO, M.Si",
    nip="19700101 199003 1 005",
)
RENDERERS = {"xlsx": xlsx_renderer.render, "docx": docx_renderer.render}


@pytest.fixture(scope="module")
def sample() -> Plan:
    return read_plan(SAMPLE)


def small_plan() -> Plan:
    """Every level once, a node with three indicators (two share their sasaran), a node without
    indicators, thousands, decimals, a text target, a missing target and annual targets."""
    sub = Node(
        "subkegiatan",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        number="1",
        indicators=[
            Indicator(
                "Jumlah Dokumen Perencanaan",
                objective="Tersusunnya Dokumen Perencanaan",
                unit="Dokumen",
                annual_target=1250,
                targets={"TW1": 100, "TW2": 500, "TW3": 1000, "TW4": 1250},
            ),
            Indicator(
                "Jumlah Laporan Evaluasi",
                objective="Tersusunnya Dokumen Perencanaan",
                unit="Laporan",
                annual_target=4,
                targets={"TW1": 1, "TW2": 2, "TW3": 3, "TW4": 4},
            ),
            Indicator(
                "Opini BPK",
                objective="Terwujudnya Akuntabilitas Keuangan",
                unit="Predikat",
                annual_target="WTP",
                targets={"TW1": None, "TW2": None, "TW3": None, "TW4": "WTP"},
            ),
        ],
    )
    kegiatan = Node(
        "kegiatan",
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        number="1",
        children=[sub],
    )
    program = Node(
        "program",
        "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
        number="1",
        indicators=[
            Indicator(
                "Nilai SAKIP",
                objective="Meningkatnya Akuntabilitas Kinerja",
                unit="Angka",
                annual_target=0.9,
                targets={"TW1": 0.2, "TW2": 0.45, "TW3": 0.6, "TW4": 0.9},
            )
        ],
        children=[kegiatan],
    )
    sasaran = Node(
        "sasaran",
        "Meningkatnya Kualitas Pelayanan Publik",
        number="1",
        indicators=[
            Indicator(
                "Indeks Kepuasan Masyarakat",
                unit="%",
                annual_target=80,
                targets={"TW1": 25, "TW2": 50, "TW3": 75, "TW4": 80},
            )
        ],
        children=[program],
    )
    tujuan = Node("tujuan", "Meningkatnya Tata Kelola Pemerintahan", number="1", children=[sasaran])
    return Plan(unit="Kecamatan Contoh", year=2024, periods=list(QUARTERS), nodes=[tujuan])


# -- the report as data ----------------------------------------------------------------------


def test_title_and_header(sample: Plan) -> None:
    report = rencana_aksi.build(sample)
    assert report.title == ["RENCANA AKSI TAHUN 2022", "KECAMATAN KALIGONDANG"]
    assert [c.text for c in report.header[0]] == [
        "No",
        "Tingkat",
        "Uraian",
        "Sasaran",
        "Indikator Kinerja",
        "Satuan",
        "Target Tahunan",
        "TW I",
        "TW II",
        "TW III",
        "TW IV",
    ]
    assert report.width == len(report.widths) == 11
    assert report.name == "rencana-aksi-2022-kecamatan-kaligondang"


def test_header_names_months_and_years() -> None:
    plan = small_plan()
    plan.periods = ["M01", "M02", "M12"]
    assert [c.text for c in rencana_aksi.build(plan).header[0][7:]] == [
        "Januari",
        "Februari",
        "Desember",
    ]
    plan.periods = ["2025", "2026"]
    assert [c.text for c in rencana_aksi.build(plan).header[0][7:]] == ["2025", "2026"]


def test_one_row_per_indicator_and_one_per_node_without(sample: Plan) -> None:
    report = rencana_aksi.build(sample)
    expected = sum(max(len(node.indicators), 1) for node, _ in sample.walk())
    assert len(report.body) == expected
    small = rencana_aksi.build(small_plan())
    # tujuan (no indicator) 1, sasaran 1, program 1, kegiatan (no indicator) 1, sub kegiatan 3
    assert len(small.body) == 7
    tujuan_row = small.body[0]
    assert [c.text for c in tujuan_row[:5]] == [
        "1",
        "Tujuan",
        "Meningkatnya Tata Kelola Pemerintahan",
        "",
        "",
    ]


def test_node_spans_its_indicator_rows() -> None:
    report = rencana_aksi.build(small_plan())
    first, second, third = report.body[4:7]
    assert [c.text for c in first[:3]] == [
        "1.1.1.1.1",
        "Sub Kegiatan",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
    ]
    assert (first[0].rowspan, first[1].rowspan, first[2].rowspan) == (3, 3, 3)
    assert second[:3] == [None, None, None] and third[:3] == [None, None, None]
    # The sasaran is repeated, not merged, even when two indicators share it.
    assert first[3].text == second[3].text == "Tersusunnya Dokumen Perencanaan"
    assert first[3].rowspan == second[3].rowspan == 1
    assert third[3].text == "Terwujudnya Akuntabilitas Keuangan" and third[3].rowspan == 1
    assert [c.text if c else None for c in second[4:]] == [
        "Jumlah Laporan Evaluasi",
        "Laporan",
        "4",
        "1",
        "2",
        "3",
        "4",
    ]
    # merges() counts the header row: body row 4 is row 5
    assert report.merges() == [(5, 0, 3, 1), (5, 1, 3, 1), (5, 2, 3, 1)]


def test_names_as_stored_with_level_and_outline_beside_them() -> None:
    """The Uraian is the name as stored; the level and the place in the tree have columns."""
    report = rencana_aksi.build(small_plan())
    assert [[c.text for c in row[:3]] for row in report.body if row[0] is not None] == [
        ["1", "Tujuan", "Meningkatnya Tata Kelola Pemerintahan"],
        ["1.1", "Sasaran", "Meningkatnya Kualitas Pelayanan Publik"],
        ["1.1.1", "Program", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"],
        ["1.1.1.1", "Kegiatan", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"],
        ["1.1.1.1.1", "Sub Kegiatan", "Penyusunan Dokumen Perencanaan Perangkat Daerah"],
    ]


def test_outline_of_nodes_without_parent_or_number() -> None:
    """A top-level program starts its own outline; a node without a number takes its place
    among its siblings (the second root here), so that no row is left without one."""
    plan = small_plan()
    kegiatan = Node("kegiatan", "Koordinasi Kegiatan Pemberdayaan Desa", number="1")
    program = Node("program", "Program Pemberdayaan Masyarakat", children=[kegiatan])
    plan.nodes.append(program)
    plan.nodes[0].children[0].number = "A"
    report = rencana_aksi.build(plan)
    assert [row[0].text for row in report.body if row[0] is not None] == [
        "1",
        "1.A",
        "1.A.1",
        "1.A.1.1",
        "1.A.1.1.1",
        "2",
        "2.1",
    ]


def test_values_indonesian_style() -> None:
    body = rencana_aksi.build(small_plan()).body
    thousands = body[4]
    assert [c.text for c in thousands[6:]] == ["1.250", "100", "500", "1.000", "1.250"]
    assert thousands[6].kind == NUMBER and thousands[6].value == 1250
    decimals = body[2]
    assert [c.text for c in decimals[6:]] == ["0,9", "0,2", "0,45", "0,6", "0,9"]
    assert (decimals[7].value, decimals[8].decimals) == (0.2, 2)
    text = body[6]
    assert [c.text for c in text[6:]] == ["WTP", "", "", "", "WTP"]
    assert text[6].kind != NUMBER and text[7].value is None


def test_signature_lines() -> None:
    assert SIGNATURE.lines() == [
        "Kaligondang, 3 Januari 2022",
        "Camat Kaligondang",
        "",
        "",
        "",
        "Drs. BUDI SANTOSO, M.Si",
        "NIP. 19700101 199003 1 005",
    ]
    assert Signature(position="Camat").lines() == ["Camat"]
    assert format_date("Desember 2022") == "Desember 2022"
    assert rencana_aksi.build(small_plan(), Signature()).signature is None


def test_reports_do_not_import_django() -> None:
    code = (
        "import sys, renaksi.reports.rencana_aksi, renaksi.reports.xlsx, renaksi.reports.docx;"
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- xlsx ------------------------------------------------------------------------------------


def _workbook(plan: Plan, signature: Signature | None = SIGNATURE):
    from openpyxl import load_workbook

    data = xlsx_renderer.render(rencana_aksi.build(plan, signature))
    return load_workbook(io.BytesIO(data)).active


def test_xlsx_title_header_rows_and_values() -> None:
    ws = _workbook(small_plan())
    assert (ws["A1"].value, ws["A2"].value, ws["A3"].value) == (
        "RENCANA AKSI TAHUN 2024",
        "KECAMATAN CONTOH",
        None,
    )
    assert "A1:K1" in {str(r) for r in ws.merged_cells.ranges}
    header = [c.value for c in ws[4]]
    assert header[:3] == ["No", "Tingkat", "Uraian"]
    assert header[7:] == ["TW I", "TW II", "TW III", "TW IV"]
    assert ws["A4"].font.bold and ws["A4"].fill.fgColor.rgb.endswith("D9E2F3")
    assert ws["A4"].border.left.style == "thin"
    # Body: rows 5..11; the sub kegiatan with three indicators starts on row 9.
    assert (ws["A9"].value, ws["B9"].value, ws["C9"].value) == (
        "1.1.1.1.1",
        "Sub Kegiatan",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
    )
    assert ws["C9"].alignment.wrap_text
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A9:A11", "B9:B11", "C9:C11"} <= merged and "D9:D10" not in merged
    assert ws["D9"].value == ws["D10"].value == "Tersusunnya Dokumen Perencanaan"
    assert ws["G9"].value == 1250 and ws["G9"].number_format == "#,##0"
    # The indicator's fractions share its most decimals (0,45): 0,20 beside 0,45.
    assert ws["H7"].value == 0.2 and ws["H7"].number_format == "#,##0.00"
    assert ws["I7"].value == 0.45 and ws["I7"].number_format == "#,##0.00"
    assert ws["G11"].value == "WTP" and ws["H11"].value is None and ws["K11"].value == "WTP"
    assert ws["F5"].value is None  # tujuan without indicators: an empty row beside it
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width


def test_xlsx_print_setup() -> None:
    ws = _workbook(small_plan())
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$4:$4"


def test_xlsx_signature_under_the_table() -> None:
    ws = _workbook(small_plan())
    below = [ws.cell(row=r, column=1).value for r in range(12, ws.max_row + 1)]
    assert [v for v in below if v] == [
        "Kaligondang, 3 Januari 2022",
        "Camat Kaligondang",
        "Drs. BUDI SANTOSO, M.Si",
        "NIP. 19700101 199003 1 005",
    ]
    name_row = 12 + below.index("Drs. BUDI SANTOSO, M.Si")
    assert ws.cell(row=name_row, column=1).font.bold
    assert f"A{name_row}:K{name_row}" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.cell(row=name_row, column=1).alignment.horizontal == "right"


def test_xlsx_of_the_sample(sample: Plan) -> None:
    ws = _workbook(sample)
    rows = sum(max(len(node.indicators), 1) for node, _ in sample.walk())
    last = [node for node, _ in sample.walk()][-1]
    assert ws.cell(row=4 + rows, column=5).value == last.indicators[-1].name
    assert [ws.cell(row=5, column=c).value for c in (1, 2, 3)] == [
        "1",
        "Tujuan",
        "Meningkatnya Kualitas Pelayanan Masyarakat (IKM)",
    ]
    assert ws.cell(row=5, column=8).value == 30 and ws.cell(row=5, column=9).value is None
    assert ws.cell(row=4 + rows + 1, column=1).value is None  # an empty row before the signature


# -- docx ------------------------------------------------------------------------------------


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _document(plan: Plan, signature: Signature | None = SIGNATURE):
    from docx import Document

    return Document(io.BytesIO(docx_renderer.render(rencana_aksi.build(plan, signature))))


def test_docx_page_title_and_table() -> None:
    from docx.enum.section import WD_ORIENT

    doc = _document(small_plan())
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert round(section.page_width.cm, 1) == 29.7
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == ["RENCANA AKSI TAHUN 2024", "KECAMATAN CONTOH"]
    (table,) = doc.tables
    assert len(table.rows) == 1 + 7
    assert [c.text for c in table.rows[0].cells][-4:] == ["TW I", "TW II", "TW III", "TW IV"]
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert table.rows[1]._tr.find(f"{W}trPr/{W}tblHeader") is None
    row = [c.text for c in table.rows[5].cells]
    assert row[:3] == [
        "1.1.1.1.1",
        "Sub Kegiatan",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
    ]
    assert row[6:] == ["1.250", "100", "500", "1.000", "1.250"]
    # As printed, the indicator's fractions share its most decimals (0,45).
    assert [c.text for c in table.rows[3].cells][6:] == ["0,90", "0,20", "0,45", "0,60", "0,90"]


def test_docx_merged_cells() -> None:
    doc = _document(small_plan())
    table = doc.tables[0]
    # One cell object covers the three rows of the sub kegiatan's number, level and name.
    assert table.cell(5, 2)._tc is table.cell(7, 2)._tc
    assert table.cell(5, 1)._tc is table.cell(7, 1)._tc
    assert table.cell(5, 0)._tc is table.cell(6, 0)._tc
    assert table.cell(5, 3)._tc is not table.cell(6, 3)._tc
    v_merge = table.rows[6]._tr.findall(f"{W}tc/{W}tcPr/{W}vMerge")
    assert len(v_merge) == 3  # No, Tingkat and Uraian continue from the row above


def test_docx_signature_after_the_table() -> None:
    doc = _document(small_plan())
    texts = [p.text for p in doc.paragraphs]
    tail = [t for t in texts[texts.index("KECAMATAN CONTOH") + 1 :] if t]
    assert tail == [
        "Kaligondang, 3 Januari 2022",
        "Camat Kaligondang",
        "Drs. BUDI SANTOSO, M.Si",
        "NIP. 19700101 199003 1 005",
    ]
    body = doc.element.body
    assert body.index(doc.tables[0]._tbl) < body.index(doc.paragraphs[-1]._p)
    name = next(p for p in doc.paragraphs if p.text == "Drs. BUDI SANTOSO, M.Si")
    assert name.runs[0].bold and name.runs[0].underline


# -- the round trip --------------------------------------------------------------------------


def flat(plan: Plan) -> list[tuple]:
    """Nodes (level, number, name) in document order, each with its indicators and targets."""
    return [
        (
            node.level,
            node.number,
            node.name,
            [
                (
                    i.objective,
                    i.name,
                    i.unit,
                    i.annual_target,
                    {p: i.targets.get(p) for p in plan.periods},
                )
                for i in node.indicators
            ],
        )
        for node, _parent in plan.walk()
    ]


def tree(plan: Plan) -> list[tuple]:
    """Each node with its parent's level and name (None at the top)."""
    return [
        (node.level, node.name, parent and (parent.level, parent.name))
        for node, parent in plan.walk()
    ]


def _written(tmp_path: Path, plan: Plan, fmt: str) -> Plan:
    report = rencana_aksi.build(plan, SIGNATURE)
    path = tmp_path / f"{report.name}.{fmt}"
    path.write_bytes(RENDERERS[fmt](report))
    return read_plan(path)


def test_the_sample_has_what_the_round_trip_must_keep(sample: Plan) -> None:
    """The sample is a hard case: nodes without parents below the top level, names beginning with
    their level word and names without it, numbers that are letters, a missing target."""
    top = [(n.level, n.number) for n in sample.nodes]
    assert ("sasaran", "2") in top and ("program", "C") in top
    names = [n.name for n, _ in sample.walk()]
    assert any(name.startswith("Kegiatan ") for name in names)
    assert any(
        n.level == "kegiatan" and not n.name.startswith("Kegiatan") for n, _ in sample.walk()
    )
    assert any(v is None for _n, i in sample.indicators() for v in i.targets.values())


@pytest.mark.parametrize("fmt", RENDERERS)
def test_sample_round_trips(tmp_path: Path, sample: Plan, fmt: str) -> None:
    """The sample's Rencana Aksi, written and read back: the same tree, nodes, numbers, names,
    indicators and targets, and no error."""
    again = _written(tmp_path, sample, fmt)
    assert (again.unit, again.year, again.periods) == (sample.unit, sample.year, sample.periods)
    assert tree(again) == tree(sample)
    assert flat(again) == flat(sample)
    assert not again.has_errors(), [f for f in again.findings if f.severity == "error"]


@pytest.mark.parametrize("fmt", RENDERERS)
def test_small_plan_round_trips_whole(tmp_path: Path, fmt: str) -> None:
    plan = small_plan()
    again = _written(tmp_path, plan, fmt)
    assert (again.unit, again.year, again.periods) == (plan.unit, plan.year, plan.periods)
    assert flat(again) == flat(plan)
    assert tree(again) == tree(plan)


def test_sample_sizes_and_timings(sample: Plan) -> None:
    """Rendering the sample (51 indicators) is quick and the files are small."""
    for fmt, render in RENDERERS.items():
        start = time.perf_counter()
        data = render(rencana_aksi.build(sample, SIGNATURE))
        elapsed = time.perf_counter() - start
        assert len(data) < 200_000, fmt
        assert elapsed < 5, fmt


@pytest.mark.parametrize("fmt", RENDERERS)
def test_plan_of_top_level_nodes_only_round_trips(tmp_path: Path, fmt: str) -> None:
    """No node has a parent: no outline has two parts, and the level column tells the importer
    that the numbers are outlines all the same (each row at the top)."""
    nodes = [
        Node("sasaran", "Meningkatnya Kualitas Pelayanan Publik", number="1"),
        Node("program", "Program Penunjang Urusan Pemerintahan", number="2"),
        Node("kegiatan", "Administrasi Keuangan Perangkat Daerah"),  # no number: its place, 3
    ]
    for node in nodes:
        node.indicators.append(
            Indicator(f"Persentase {node.name}", unit="%", targets=dict.fromkeys(QUARTERS, 25))
        )
    plan = Plan(unit="Kecamatan Contoh", year=2024, periods=list(QUARTERS), nodes=nodes)
    again = _written(tmp_path, plan, fmt)
    assert tree(again) == tree(plan)
    assert [n.number for n, _ in again.walk()] == ["1", "2", "3"]


@pytest.mark.parametrize("fmt", RENDERERS)
def test_outline_that_looks_like_a_code_round_trips(tmp_path: Path, fmt: str) -> None:
    """ "1.10.10" is the outline of program 10 under sasaran "1.10", and also the form of a
    program's nomenclature code: it extends a row met before, so it is read as the outline."""
    program = Node("program", "Program Penyediaan Layanan", number="10")
    program.indicators.append(Indicator("Persentase Layanan", unit="%", targets={"TW4": 100}))
    sasaran = Node("sasaran", "Meningkatnya Pelayanan Publik", number="10", children=[program])
    tujuan = Node("tujuan", "Meningkatnya Tata Kelola", children=[sasaran])  # no number: 1
    plan = Plan(unit="Kecamatan Contoh", year=2024, periods=list(QUARTERS), nodes=[tujuan])
    for _node, indicator in plan.indicators():
        for period in QUARTERS:
            indicator.targets.setdefault(period, None)
    again = _written(tmp_path, plan, fmt)
    assert tree(again) == tree(plan)
    assert [(n.number, n.code) for n, _ in again.walk()] == [
        ("1", None),
        ("10", None),
        ("10", None),
    ]
