"""Levels a document says only by its layout: a code split over columns, indentation."""

from __future__ import annotations

from renaksi.importers import interpret_grid
from renaksi.importers.grid import PLAIN, CellStyle, Grid


def _tree(plan):
    out = []

    def visit(node, depth):
        out.append((depth, node.level, node.name, node.code))
        for child in node.children:
            visit(child, depth + 1)

    for node in plan.nodes:
        visit(node, 0)
    return out


def test_code_split_over_columns_gives_the_level():
    """Permendagri 54 forms split the code: urusan | bidang | SKPD | program | kegiatan."""
    grid = Grid(source="split-code")
    grid.add(1, ["EVALUASI RENJA TAHUN 2016"])
    grid.add(2, [""])
    right = CellStyle(covered="right")
    grid.add(
        3,
        [
            "KODE",
            "",
            "",
            "",
            "",
            "URUSAN/BIDANG URUSAN PEMERINTAHAN DAERAH",
            "INDIKATOR KINERJA",
            "TARGET",
        ],
        styles=[PLAIN, right, right, right, right, PLAIN, PLAIN, PLAIN],
    )
    rows = [
        ["1", "", "", "", "", "Urusan Wajib", "", ""],
        ["1", "20", "", "", "", "Otonomi Daerah dan Pemerintahan Umum", "", ""],
        [
            "1",
            "20",
            "03",
            "53",
            "",
            "Pelayanan Administrasi Perkantoran",
            "Persentase layanan",
            "100",
        ],
        [
            "1",
            "20",
            "03",
            "53",
            "04",
            "Penyelenggaraan Administrasi Perkantoran",
            "Jumlah laporan",
            "12",
        ],
    ]
    for line, row in enumerate(rows, start=4):
        grid.add(line, row, styles=[PLAIN] * len(row))
    result = interpret_grid(grid)
    assert _tree(result.plan) == [
        (0, "program", "Pelayanan Administrasi Perkantoran", "1.20.03.53"),
        (1, "kegiatan", "Penyelenggaraan Administrasi Perkantoran", "1.20.03.53.04"),
    ]
    assert {4: "urusan", 5: "urusan"}.items() <= result.reading.ignored.items()


def test_indentation_tells_kegiatan_from_sub_kegiatan():
    """A KEGIATAN / SUB KEGIATAN column whose names say nothing of their level: the sub kegiatan
    are indented under their kegiatan."""
    grid = Grid(source="indent")
    grid.add(1, ["RENCANA AKSI TAHUN 2024 KECAMATAN X"])
    grid.add(2, [""])
    grid.add(3, ["KEGIATAN / SUB KEGIATAN", "INDIKATOR", "TARGET"], styles=[PLAIN] * 3)
    rows = [
        ("Pengelolaan Keuangan Perangkat Daerah", 0, "Persentase laporan", "100"),
        ("Penyusunan Laporan Keuangan Bulanan", 2, "Jumlah laporan", "12"),
        ("Koordinasi Pelaksanaan Akuntansi", 2, "Jumlah dokumen", "4"),
        ("Pelayanan Umum Perkantoran", 0, "Persentase layanan", "100"),
        ("Penyediaan Alat Tulis Kantor", 2, "Jumlah paket", "1"),
    ]
    for line, (name, indent, indicator, target) in enumerate(rows, start=4):
        grid.add(line, [name, indicator, target], styles=[CellStyle(indent=indent), PLAIN, PLAIN])
    assert [(d, level, name) for d, level, name, _code in _tree(interpret_grid(grid).plan)] == [
        (0, "kegiatan", "Pengelolaan Keuangan Perangkat Daerah"),
        (1, "subkegiatan", "Penyusunan Laporan Keuangan Bulanan"),
        (1, "subkegiatan", "Koordinasi Pelaksanaan Akuntansi"),
        (0, "kegiatan", "Pelayanan Umum Perkantoran"),
        (1, "subkegiatan", "Penyediaan Alat Tulis Kantor"),
    ]
