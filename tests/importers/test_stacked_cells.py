"""Several indicators stacked in one cell, one per line, with their targets stacked alike.

Offices often write a node's indicators in one cell ("1. Persentase … / 2. Jumlah …") and each
target column with the values in the same order. The importer reads one indicator per line where
the stacks agree, and joins the lines of any other cell (a name wrapped in its cell).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from renaksi.importers import interpret_grid, read_plan
from renaksi.importers.grid import Grid

HEADER = [
    "NO",
    "PROGRAM / KEGIATAN",
    "INDIKATOR KINERJA",
    "SATUAN",
    "TW I",
    "TW II",
    "TW III",
    "TW IV",
]


def _grid(*rows: list[str]) -> Grid:
    grid = Grid(source="stacked")
    grid.add(1, ["RENCANA AKSI TAHUN 2024 KECAMATAN X"])
    grid.add(2, [""])
    grid.add(3, HEADER)
    for i, row in enumerate(rows, start=4):
        grid.add(i, row)
    return grid


def _indicators(plan):
    return [
        (node.level, node.name, ind.name, ind.unit, [ind.targets[p] for p in plan.periods])
        for node, _ in ((n, None) for root in plan.nodes for n, _p in root.walk())
        for ind in node.indicators
    ]


@pytest.mark.parametrize(
    "row, expected",
    [
        pytest.param(
            [
                "1",
                "Program Penunjang Urusan\nPemerintahan Daerah",
                "1. Persentase laporan kinerja\n2. Jumlah dokumen perencanaan",
                "%\ndokumen",
                "25\n1",
                "50\n1",
                "75\n2",
                "100\n3",
            ],
            [
                (
                    "program",
                    "Program Penunjang Urusan Pemerintahan Daerah",
                    "Persentase laporan kinerja",
                    "%",
                    [25, 50, 75, 100],
                ),
                (
                    "program",
                    "Program Penunjang Urusan Pemerintahan Daerah",
                    "Jumlah dokumen perencanaan",
                    "dokumen",
                    [1, 1, 2, 3],
                ),
            ],
            id="numbered-indicators-and-their-targets",
        ),
        pytest.param(
            [
                "1",
                "Program Penunjang Urusan Pemerintahan Daerah",
                "Persentase laporan kinerja\nJumlah dokumen perencanaan",
                "%\ndokumen",
                "25\n1",
                "50\n1",
                "75\n2",
                "100\n3",
            ],
            [
                (
                    "program",
                    "Program Penunjang Urusan Pemerintahan Daerah",
                    "Persentase laporan kinerja",
                    "%",
                    [25, 50, 75, 100],
                ),
                (
                    "program",
                    "Program Penunjang Urusan Pemerintahan Daerah",
                    "Jumlah dokumen perencanaan",
                    "dokumen",
                    [1, 1, 2, 3],
                ),
            ],
            id="unnumbered-lines-beside-four-stacked-target-columns",
        ),
        pytest.param(
            [
                "1",
                "Program Penunjang Urusan Pemerintahan Daerah",
                "Persentase laporan kinerja yang disusun\ntepat waktu",
                "%",
                "25",
                "50",
                "75",
                "100",
            ],
            [
                (
                    "program",
                    "Program Penunjang Urusan Pemerintahan Daerah",
                    "Persentase laporan kinerja yang disusun tepat waktu",
                    "%",
                    [25, 50, 75, 100],
                ),
            ],
            id="a-wrapped-indicator-is-one-indicator",
        ),
        pytest.param(
            [
                "1",
                "Program Penunjang Urusan Pemerintahan Daerah",
                "- Persentase laporan kinerja\n- Jumlah dokumen perencanaan",
                "%\ndokumen",
                "",
                "",
                "",
                "100\n3",
            ],
            [
                (
                    "program",
                    "Program Penunjang Urusan Pemerintahan Daerah",
                    "Persentase laporan kinerja",
                    "%",
                    [None, None, None, 100],
                ),
                (
                    "program",
                    "Program Penunjang Urusan Pemerintahan Daerah",
                    "Jumlah dokumen perencanaan",
                    "dokumen",
                    [None, None, None, 3],
                ),
            ],
            id="bulleted-indicators-one-stacked-column",
        ),
        pytest.param(
            [
                "1",
                "Program Penunjang Urusan Pemerintahan Daerah",
                "1. Persentase laporan kinerja\n2. Jumlah dokumen perencanaan",
                "%",
                "25",
                "50",
                "75",
                "100",
            ],
            [
                (
                    "program",
                    "Program Penunjang Urusan Pemerintahan Daerah",
                    "Persentase laporan kinerja 2. Jumlah dokumen perencanaan",
                    "%",
                    [25, 50, 75, 100],
                ),
            ],
            id="stacks-that-do-not-agree-stay-one-text",
        ),
        pytest.param(
            [
                "1",
                "Program Penunjang Urusan Pemerintahan Daerah",
                "1. Persentase laporan kinerja yang\ndisusun tepat waktu\n2. Jumlah dokumen",
                "%\ndokumen",
                "25\n1",
                "50\n1",
                "75\n2",
                "100\n3",
            ],
            [
                (
                    "program",
                    "Program Penunjang Urusan Pemerintahan Daerah",
                    "Persentase laporan kinerja yang disusun tepat waktu",
                    "%",
                    [25, 50, 75, 100],
                ),
                (
                    "program",
                    "Program Penunjang Urusan Pemerintahan Daerah",
                    "Jumlah dokumen",
                    "dokumen",
                    [1, 1, 2, 3],
                ),
            ],
            id="numbered-item-wrapped-onto-a-line-of-its-own",
        ),
    ],
)
def test_stacked_indicators(row, expected):
    plan = interpret_grid(_grid(row)).plan
    assert _indicators(plan) == expected


def test_stacked_indicators_from_excel(tmp_path: Path):
    """The same in a workbook typed with Alt+Enter inside the cells."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["RENCANA AKSI TAHUN 2024 KECAMATAN X"])
    ws.append([])
    ws.append(HEADER)
    ws.append(
        [
            "1",
            "Program Penunjang Urusan Pemerintahan Daerah",
            "1. Persentase laporan kinerja\n2. Jumlah dokumen perencanaan",
            "%\ndokumen",
            "25\n1",
            "50\n1",
            "75\n2",
            "100\n3",
        ]
    )
    path = tmp_path / "stacked.xlsx"
    wb.save(path)
    plan = read_plan(path)
    assert [(i.name, i.unit, list(i.targets.values())) for i in plan.nodes[0].indicators] == [
        ("Persentase laporan kinerja", "%", [25, 50, 75, 100]),
        ("Jumlah dokumen perencanaan", "dokumen", [1, 1, 2, 3]),
    ]


@pytest.mark.parametrize(
    "header, name",
    [
        pytest.param(
            "PROGRAM / KEGIATAN",
            "Program Penunjang Urusan\nKegiatan Administrasi Keuangan",
            id="mixed-column",
        ),
        pytest.param(
            "KEGIATAN",
            "Program Penunjang Urusan\nKegiatan Administrasi Keuangan",
            id="kegiatan-column",
        ),
    ],
)
def test_program_and_kegiatan_in_one_cell(header, name):
    grid = Grid(source="one-cell")
    grid.add(1, ["RENCANA AKSI TAHUN 2024 KECAMATAN X"])
    grid.add(2, [""])
    grid.add(3, ["NO", header, "INDIKATOR KINERJA", "TARGET"])
    grid.add(4, ["1", name, "Jumlah dokumen keuangan", "12"])
    plan = interpret_grid(grid).plan
    (program,) = plan.nodes
    assert (program.level, program.name) == ("program", "Program Penunjang Urusan")
    (kegiatan,) = program.children
    assert (kegiatan.level, kegiatan.name) == ("kegiatan", "Kegiatan Administrasi Keuangan")
    assert [(i.name, i.annual_target) for i in kegiatan.indicators] == [
        ("Jumlah dokumen keuangan", 12)
    ]
