"""The .docx renderer's tables: built in one pass (no python-docx merge, linear time), merged
cells as Word reads them, and every report's table read back cell by cell.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document

from renaksi.importers import read_plan
from renaksi.reports import REPORTS, Report, Signature
from renaksi.reports import docx as docx_renderer
from renaksi.reports.data import IndicatorData, Monitoring, NodeData, keyed_indicators, keyed_nodes

SAMPLE = (
    Path(__file__).parents[2]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)
SIGNATURE = Signature(place="Kaligondang", date=dt.date(2022, 12, 30), position="Camat", name="B")


def _monitoring(plan) -> Monitoring:
    out = Monitoring()
    for n, (key, _node, indicator) in enumerate(keyed_indicators(plan)):
        out.indicators[key] = IndicatorData(
            actuals={
                p: round(t * (0.5 + n % 4 * 0.25), 2)
                for p, t in indicator.targets.items()
                if isinstance(t, int | float) and not isinstance(t, bool)
            }
        )
    for i, (key, node, _parent) in enumerate(keyed_nodes(plan)):
        if node.level == "subkegiatan":
            out.nodes[key] = NodeData(budget=2_254_200_000 + i, spent={"TW1": 1_000_000 * i})
    return out


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    plan = read_plan(SAMPLE)
    data = _monitoring(plan)
    return {
        key: kind.build(
            plan, data, period="TW2" if kind.needs_period else None, signature=SIGNATURE
        )
        for key, kind in REPORTS.items()
    }


@pytest.mark.parametrize("key", list(REPORTS))
def test_every_cell_reads_back_and_spans_are_one_cell(reports, key: str, monkeypatch) -> None:
    from docx.table import _Cell

    def no_merge(*args, **kwargs):  # the quadratic path must not be taken
        raise AssertionError("python-docx's merge rebuilds the grid: quadratic")

    monkeypatch.setattr(_Cell, "merge", no_merge)
    report = reports[key]
    doc = Document(io.BytesIO(docx_renderer.render(report)))
    assert len(doc.tables) == len(report.tables())
    for table, section in zip(doc.tables, report.tables(), strict=True):
        rows = section.rows()
        assert len(table.rows) == len(rows)
        assert len(table.columns) == section.width
        cells = table._cells  # table.cell(r, c) rebuilds this list on every call
        width = section.width

        def cell(r: int, c: int, cells=cells, width=width):
            return cells[r * width + c]

        for r, row in enumerate(rows):
            for c, item in enumerate(row):
                if item is not None:
                    assert cell(r, c).text == item.text
        for r, c, rowspan, colspan in section.merges():
            first = cell(r, c)._tc
            for i in range(rowspan):
                for j in range(colspan):
                    assert cell(r + i, c + j)._tc is first
