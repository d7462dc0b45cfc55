"""Nodes read in tables of their own level find their parent by nomenclature code.

A workbook of a sheet per level (Program | Kegiatan | Sub Kegiatan) says a node's parent only by
its code: 7.01.02.2.04 extends 7.01.02. Interpreter._link_by_code moves a node left at the top
under the node of a higher level whose code its own extends, the longest such code.
"""

from __future__ import annotations

import pytest

from renaksi.importers import interpret_grid
from renaksi.importers.grid import Grid


def _grid(*tables: tuple[str, list[tuple[str, str]]]) -> Grid:
    grid = Grid(source="codes")
    line = 0

    def add(cells: list[str]) -> None:
        nonlocal line
        line += 1
        grid.add(line, cells)

    add(["RENCANA AKSI TAHUN 2024 KECAMATAN X"])
    for level, rows in tables:
        add([""])
        add(["KODE", level.upper(), "INDIKATOR", "SATUAN", "TARGET"])
        for code, name in rows:
            add([code, name, f"Persentase {name.lower()}", "%", "100"])
    return grid


def _tree(plan) -> list[tuple[str, str, str | None]]:
    """(level, code, parent's code) of every node."""
    out = []

    def visit(node, parent):
        out.append((node.level, node.code, parent.code if parent else None))
        for child in node.children:
            visit(child, node)

    for root in plan.nodes:
        visit(root, None)
    return out


@pytest.mark.parametrize(
    "tables, expected",
    [
        pytest.param(
            [
                ("Program", [("7.01.02", "Program Penyelenggaraan Pemerintahan")]),
                ("Kegiatan", [("7.01.02.2.04", "Koordinasi Kegiatan Pemerintahan")]),
                ("Sub Kegiatan", [("7.01.02.2.04.0001", "Peningkatan Efektivitas Kegiatan")]),
            ],
            [
                ("program", "7.01.02", None),
                ("kegiatan", "7.01.02.2.04", "7.01.02"),
                ("subkegiatan", "7.01.02.2.04.0001", "7.01.02.2.04"),
            ],
            id="a-table-per-level",
        ),
        pytest.param(
            [
                ("Sub Kegiatan", [("7.01.02.2.04.0001", "Peningkatan Efektivitas Kegiatan")]),
                ("Program", [("7.01.02", "Program Penyelenggaraan Pemerintahan")]),
            ],
            [
                ("subkegiatan", "7.01.02.2.04.0001", "7.01.02"),
                ("program", "7.01.02", None),
            ][::-1],
            id="lower-level-first-goes-under-the-nearest-code-read",
        ),
        pytest.param(
            [
                ("Program", [("7.01.02", "Program Penyelenggaraan Pemerintahan")]),
                ("Kegiatan", [("7.01.03.2.01", "Koordinasi Kegiatan Pemerintahan")]),
            ],
            [
                ("program", "7.01.02", None),
                ("kegiatan", "7.01.03.2.01", None),
            ],
            id="no-program-of-that-code-stays-at-the-top",
        ),
    ],
)
def test_link_by_code(tables, expected):
    assert _tree(interpret_grid(_grid(*tables)).plan) == expected
