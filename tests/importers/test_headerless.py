"""A table without any header: its columns' roles come from their cells."""

from __future__ import annotations

from renaksi.importers import interpret_grid, read_plan_text
from renaksi.importers.grid import Grid


def _tsv(*rows):
    return "\n".join("\t".join(r) for r in rows)


def test_a_perjanjian_kinerja_table_without_a_header():
    plan = read_plan_text(
        _tsv(
            ["PERJANJIAN KINERJA TAHUN 2023"],
            ["KECAMATAN KARANGREJA"],
            [""],
            [
                "1.",
                "Meningkatnya kualitas pelayanan publik",
                "Indeks Kepuasan Masyarakat",
                "82",
                "indeks",
            ],
            ["", "", "Persentase pengaduan yang ditindaklanjuti", "100", "%"],
            ["2.", "Meningkatnya akuntabilitas kinerja", "Nilai SAKIP Kecamatan", "70", "nilai"],
        )
    )
    assert (plan.unit, plan.year) == ("Kecamatan Karangreja", 2023)
    assert [
        (n.level, n.name, [(i.name, i.annual_target, i.unit) for i in n.indicators])
        for n in plan.nodes
    ] == [
        (
            "sasaran",
            "Meningkatnya kualitas pelayanan publik",
            [
                ("Indeks Kepuasan Masyarakat", 82, "indeks"),
                ("Persentase pengaduan yang ditindaklanjuti", 100, "%"),
            ],
        ),
        ("sasaran", "Meningkatnya akuntabilitas kinerja", [("Nilai SAKIP Kecamatan", 70, "nilai")]),
    ]


def test_quarterly_targets_and_budget_without_a_header():
    grid = Grid(source="no-header")
    grid.add(1, ["RENCANA AKSI TAHUN 2024"])
    grid.add(2, [""])
    rows = [
        [
            "Program Penunjang Urusan Pemerintahan",
            "Persentase laporan tepat waktu",
            "25%",
            "50%",
            "75%",
            "100%",
            "Rp 150.000.000",
        ],
        [
            "Program Pemberdayaan Masyarakat Desa",
            "Persentase desa mandiri",
            "10%",
            "20%",
            "30%",
            "40%",
            "Rp 90.000.000",
        ],
    ]
    for i, row in enumerate(rows, start=3):
        grid.add(i, row)
    result = interpret_grid(grid)
    plan = result.plan
    assert [(n.level, n.name, n.budget) for n in plan.nodes] == [
        ("program", "Program Penunjang Urusan Pemerintahan", 150_000_000),
        ("program", "Program Pemberdayaan Masyarakat Desa", 90_000_000),
    ]
    assert plan.nodes[0].indicators[0].targets == {"TW1": 25, "TW2": 50, "TW3": 75, "TW4": 100}
    # The preview says the roles came from the cells: no header row.
    (table,) = result.reading.tables
    assert table.header_lines == []
    assert {c.source for c in table.columns if c.role} == {"content"}


def test_rows_of_prose_are_no_table():
    """Sentences in cells are not a plan: the document is still refused."""
    import pytest

    from renaksi.importers import UnreadableDocument

    with pytest.raises(UnreadableDocument):
        read_plan_text(_tsv(["Catatan"], ["Dokumen ini berisi ringkasan", "", ""]))


def test_captions_no_vocabulary_knows_are_read_by_their_cells():
    """UKURAN KEBERHASILAN holds the indicators, VOLUME the annual targets."""
    plan = read_plan_text(
        _tsv(
            ["RENCANA AKSI TAHUN 2024 KECAMATAN X"],
            [""],
            ["NO", "URAIAN", "UKURAN KEBERHASILAN", "SATUAN", "VOLUME"],
            [
                "1",
                "Program Penunjang Urusan Pemerintahan Daerah",
                "Persentase laporan tepat waktu",
                "%",
                "100",
            ],
            ["2", "Program Pemberdayaan Masyarakat Desa", "Jumlah desa mandiri", "desa", "12"],
        )
    )
    assert [
        (n.level, [(i.name, i.annual_target, i.unit) for i in n.indicators]) for n in plan.nodes
    ] == [
        ("program", [("Persentase laporan tepat waktu", 100, "%")]),
        ("program", [("Jumlah desa mandiri", 12, "desa")]),
    ]
