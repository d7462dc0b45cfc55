"""The whole importer on real files of every format, built by the tests themselves.

The sample plan is written as .xlsx, .docx, .html, .csv and .pdf and must give the same plan as
the text the kecamatan extracted; small hand-made documents in the layouts other units use (a
Perjanjian Kinerja with a merged TARGET header, a Renja with codes and budgets in one column, a
table whose names span several rows) must give the plans they mean.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from renaksi.core.plan import Plan
from renaksi.importers import read_plan
from tests.builders import (
    Table,
    build_document,
    build_docx,
    build_html,
    build_xlsx,
    convert_with_libreoffice,
)

SAMPLE = (
    Path(__file__).parents[2]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)


def sample_tables() -> tuple[list[str], list[list[list[str]]]]:
    """The sample's title lines and its tables (blank lines separate them)."""
    title: list[str] = []
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("\t")]
        if not any(cells):
            if current:
                tables.append(current)
                current = []
            continue
        if len(cells) == 1 and not tables and not current:
            title.append(cells[0].replace("*", ""))
            continue
        current.append(cells)
    if current:
        tables.append(current)
    width = max(len(r) for t in tables for r in t)
    tables = [[r + [""] * (width - len(r)) for r in t] for t in tables]
    return title, tables


def projection(plan: Plan):
    out = []
    for node, parent in plan.walk():
        out.append(
            (
                node.level,
                node.number,
                node.name,
                parent.name if parent else None,
                [(i.objective, i.name, i.targets) for i in node.indicators],
            )
        )
    return out


@pytest.fixture(scope="module")
def expected():
    return read_plan(SAMPLE)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".docx", ".html", ".csv", ".pdf"])
def test_the_sample_in_every_format_gives_the_same_plan(tmp_path, expected, suffix):
    title, tables = sample_tables()
    path = build_document(
        tmp_path / f"rencana-aksi{suffix}",
        tables[0],
        title="\n".join(title),
        more_tables=[Table(t) for t in tables[1:]],
    )
    plan = read_plan(path)
    assert (plan.unit, plan.year) == ("Kecamatan Kaligondang", 2022)
    assert projection(plan) == projection(expected)
    assert "conflicting-target" in {f.code for f in plan.findings}


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed: the .doc cannot be made or read",
)
def test_the_sample_as_an_old_word_doc_gives_the_same_plan(tmp_path, expected):
    from docx import Document

    title, tables = sample_tables()
    docx = build_document(
        tmp_path / "rencana-aksi.docx",
        tables[0],
        title="\n".join(title),
        more_tables=[Table(t) for t in tables[1:]],
    )
    document = Document(str(docx))
    document.add_paragraph("")  # Word ends a document with a paragraph, never a table
    document.save(docx)
    plan = read_plan(convert_with_libreoffice(docx, "doc", tmp_path / "doc"))
    assert (plan.unit, plan.year) == ("Kecamatan Kaligondang", 2022)
    assert projection(plan) == projection(expected)


PK_ROWS = [
    [
        "No",
        "Sasaran Strategis",
        "Indikator Kinerja",
        "Satuan",
        "Target",
        "Target Triwulan",
        "",
        "",
        "",
    ],
    ["", "", "", "", "", "TW I", "TW II", "TW III", "TW IV"],
    [
        "1",
        "Meningkatnya kualitas pelayanan publik",
        "Indeks Kepuasan Masyarakat",
        "Indeks",
        82,
        80,
        80.5,
        81,
        82,
    ],
    ["", "", "Persentase pengaduan yang ditindaklanjuti", "%", 1, 0.25, 0.5, 0.75, 1],
    [
        "2",
        "Meningkatnya akuntabilitas kinerja",
        "Nilai SAKIP",
        "Predikat",
        "BB",
        "B",
        "B",
        "BB",
        "BB",
    ],
]
PK_MERGES = [
    (0, 0, 2, 1),
    (0, 1, 2, 1),
    (0, 2, 2, 1),
    (0, 3, 2, 1),
    (0, 4, 2, 1),
    (0, 5, 1, 4),
    (2, 1, 2, 1),
]


def test_xlsx_performance_agreement_with_merged_headers(tmp_path):
    path = build_xlsx(
        tmp_path / "pk.xlsx",
        PK_ROWS,
        merges=PK_MERGES,
        title="PERJANJIAN KINERJA TAHUN 2024\nDINAS KOMUNIKASI DAN INFORMATIKA",
        number_formats={(3, c): "0%" for c in range(4, 9)},
    )
    plan = read_plan(path)
    assert (plan.unit, plan.year) == ("Dinas Komunikasi Dan Informatika", 2024)
    assert plan.periods == ["TW1", "TW2", "TW3", "TW4"]
    first, second = plan.nodes
    assert (first.level, first.number, first.name) == (
        "sasaran",
        "1",
        "Meningkatnya kualitas pelayanan publik",
    )
    ikm, pengaduan = first.indicators
    assert (ikm.unit, ikm.annual_target, ikm.targets) == (
        "Indeks",
        82,
        {"TW1": 80, "TW2": 80.5, "TW3": 81, "TW4": 82},
    )
    assert (pengaduan.unit, pengaduan.annual_target) == ("%", 100)
    assert pengaduan.targets == {"TW1": 25, "TW2": 50, "TW3": 75, "TW4": 100}
    sakip = second.indicators[0]
    assert (sakip.annual_target, sakip.targets["TW1"], sakip.targets["TW4"]) == ("BB", "B", "BB")


RENJA_ROWS = [
    [
        "Kode",
        "Program/Kegiatan/Sub Kegiatan",
        "Indikator Kinerja",
        "Satuan",
        "Target",
        "Pagu Anggaran (Rp)",
    ],
    [
        "7.01.01",
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
        "Persentase layanan penunjang",
        "%",
        "100",
        "1.250.000.000",
    ],
    [
        "7.01.01.2.01",
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        "Jumlah dokumen perencanaan",
        "Dokumen",
        "5",
        "25.000.000",
    ],
    [
        "7.01.01.2.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Jumlah Dokumen Perencanaan Perangkat Daerah",
        "Dokumen",
        "3",
        "10.000.000",
    ],
    [
        "7.01.01.2.01.0006",
        "Koordinasi dan Penyusunan Laporan Capaian Kinerja",
        "Jumlah Laporan Capaian Kinerja",
        "Laporan",
        "4",
        "15.000.000",
    ],
    [
        "7.01.02",
        "PROGRAM PENYELENGGARAAN PEMERINTAHAN DAN PELAYANAN PUBLIK",
        "Persentase layanan",
        "%",
        "100",
        "300.000.000",
    ],
]


def test_docx_renja_with_codes_and_budgets_in_one_column(tmp_path):
    path = build_docx(
        tmp_path / "renja.docx", RENJA_ROWS, title="RENJA TAHUN 2025\nKECAMATAN CONTOH"
    )
    plan = read_plan(path)
    assert (plan.unit, plan.year) == ("Kecamatan Contoh", 2025)
    shape = [
        (n.level, n.code, parent.code if parent else None, n.budget) for n, parent in plan.walk()
    ]
    assert shape == [
        ("program", "7.01.01", None, 1250000000),
        ("kegiatan", "7.01.01.2.01", "7.01.01", 25000000),
        ("subkegiatan", "7.01.01.2.01.0001", "7.01.01.2.01", 10000000),
        ("subkegiatan", "7.01.01.2.01.0006", "7.01.01.2.01", 15000000),
        ("program", "7.01.02", None, 300000000),
    ]
    indicators = [(i.name, i.unit, i.annual_target) for _n, i in plan.indicators()]
    assert indicators[2] == ("Jumlah Dokumen Perencanaan Perangkat Daerah", "Dokumen", 3)


SPAN_ROWS = [
    ["Program", "Sasaran Program", "Indikator", "Satuan", "TW I", "TW II", "TW III", "TW IV"],
    [
        "A. Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
        "Tersedianya layanan administrasi",
        "Persentase layanan administrasi",
        "%",
        "25%",
        "50%",
        "75%",
        "100%",
    ],
    ["", "", "Jumlah laporan keuangan", "Laporan", "3", "6", "9", "12"],
    [
        "",
        "Terpeliharanya barang milik daerah",
        "Persentase BMD terpelihara",
        "%",
        "25%",
        "50%",
        "75%",
        "100%",
    ],
]


def test_html_names_spanning_rows(tmp_path):
    path = build_html(
        tmp_path / "plan.html",
        SPAN_ROWS,
        merges=[(1, 0, 3, 1), (1, 1, 2, 1)],
        title="Rencana Aksi 2023",
    )
    plan = read_plan(path)
    (program,) = plan.nodes
    assert program.level == "program" and program.number == "A"
    assert [(i.objective, i.name, i.unit) for i in program.indicators] == [
        ("Tersedianya layanan administrasi", "Persentase layanan administrasi", "%"),
        (None, "Jumlah laporan keuangan", "Laporan"),
        ("Terpeliharanya barang milik daerah", "Persentase BMD terpelihara", "%"),
    ]
    assert program.indicators[1].targets == {"TW1": 3, "TW2": 6, "TW3": 9, "TW4": 12}


def text_table(*rows: list[str]) -> str:
    return "\n".join("\t".join(r) for r in rows)


def test_monthly_plan():
    from renaksi.importers import read_plan_text

    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
    plan = read_plan_text(
        text_table(
            ["RENCANA AKSI BULANAN TAHUN 2023"],
            [],
            ["Program/Kegiatan", "Indikator", "Satuan", "Target", *months],
            ["Program Penunjang Urusan Pemerintahan Daerah", "Persentase administrasi", "%", "100"]
            + [str(round(100 * m / 12)) for m in range(1, 13)],
        )
    )
    assert plan.year == 2023
    assert plan.periods == [f"M{m:02d}" for m in range(1, 13)]
    indicator = plan.nodes[0].indicators[0]
    assert indicator.targets["M01"] == 8 and indicator.targets["M12"] == 100
    assert indicator.annual_target == 100


def test_multi_year_renstra_table():
    from renaksi.importers import read_plan_text

    plan = read_plan_text(
        text_table(
            [
                "Tujuan",
                "Sasaran",
                "Indikator Kinerja",
                "Satuan",
                "2025",
                "2026",
                "2027",
                "2028",
                "2029",
            ],
            [
                "Meningkatnya kualitas pelayanan publik",
                "Meningkatnya kepuasan masyarakat",
                "IKM",
                "Indeks",
                "80",
                "81",
                "82",
                "83",
                "84,5",
            ],
        )
    )
    assert plan.periods == ["2025", "2026", "2027", "2028", "2029"]
    (tujuan,) = plan.nodes
    assert tujuan.level == "tujuan"
    indicator = tujuan.indicators[0]
    assert (indicator.objective, indicator.name, indicator.unit) == (
        "Meningkatnya kepuasan masyarakat",
        "IKM",
        "Indeks",
    )
    assert indicator.targets == {"2025": 80, "2026": 81, "2027": 82, "2028": 83, "2029": 84.5}


def test_annual_target_with_its_unit_in_one_cell():
    from renaksi.importers import read_plan_text

    plan = read_plan_text(
        text_table(
            ["Sasaran Strategis", "Indikator Kinerja", "Target"],
            ["Meningkatnya akuntabilitas", "Nilai SAKIP", "0,9 Angka"],
            ["Meningkatnya kesejahteraan", "Persentase penduduk miskin", "9,5%"],
        )
    )
    sakip, miskin = (n.indicators[0] for n in plan.nodes)
    assert (sakip.annual_target, sakip.unit) == (0.9, "Angka")
    assert miskin.annual_target == 9.5
    assert "polarity-unset" in {f.code for f in plan.findings}  # kemiskinan: lower is better


def test_realisasi_columns_under_their_heading():
    from renaksi.importers import read_plan_text

    plan = read_plan_text(
        text_table(
            ["Sasaran", "Indikator", "Satuan", "Target", "", "", "", "Realisasi", "", "", ""],
            ["", "", "", "TW I", "TW II", "TW III", "TW IV", "TW I", "TW II", "TW III", "TW IV"],
            [
                "1. Meningkatnya pelayanan",
                "Indeks Kepuasan Masyarakat",
                "Indeks",
                "78",
                "79",
                "80",
                "80",
                "77",
                "79,5",
                "",
                "",
            ],
        )
    )
    indicator = plan.nodes[0].indicators[0]
    assert indicator.targets == {"TW1": 78, "TW2": 79, "TW3": 80, "TW4": 80}
    assert indicator.actuals == {"TW1": 77, "TW2": 79.5, "TW3": None, "TW4": None}
