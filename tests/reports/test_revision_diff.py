"""The revision diff as people read it (reports/revision_diff.py): where, what, before → after."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from renaksi.core.plan import Indicator, Node, Plan
from renaksi.importers import read_plan
from renaksi.reports import renderer
from renaksi.reports.revision_diff import Labels, build_report, counts, rows_of, shown_value
from tests.revision_copies import CHANGES, changed_copy, shown

SAMPLE = (
    Path(__file__).parents[2]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)


@pytest.fixture(scope="module")
def sample():
    return read_plan(SAMPLE)


def test_the_changed_copy_lists_exactly_the_changes_made(sample):
    rows = rows_of(sample, changed_copy(sample))
    assert shown(rows) == CHANGES
    assert len(rows) == len(CHANGES)
    assert all(row.certain for row in rows)
    assert counts(rows) == [
        ("removed", 1),
        ("renamed", 1),
        ("moved", 1),
        ("target", 1),
        ("budget", 1),
    ]


def test_a_plan_against_itself_has_no_rows(sample):
    assert rows_of(sample, copy.deepcopy(sample)) == []
    assert counts([]) == []


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("budget", "125000000", "125.000.000"),
        ("target", "0.5", "0,5"),
        ("annual_target", "1250.75", "1.250,75"),
        ("target", "Baik", "Baik"),
        ("target", "", ""),
        ("renamed", "1000", "1000"),  # a name is text, whatever it looks like
        ("unit", "%", "%"),
    ],
)
def test_values_are_shown_as_the_pages_show_them(kind, value, expected):
    assert shown_value(kind, value) == expected


def _plan(*nodes: Node) -> Plan:
    return Plan(unit="Kecamatan Contoh", year=2023, periods=["TW1"], nodes=list(nodes))


def test_added_and_removed_are_placed_in_their_own_plan():
    old = _plan(Node("program", "Program A", number="1"), Node("program", "Program B", number="2"))
    new = _plan(
        Node(
            "program",
            "Program A",
            number="1",
            indicators=[Indicator("Jumlah desa", unit="Desa", targets={"TW1": 3})],
        ),
    )
    rows = rows_of(old, new)
    assert [(r.kind, r.what, r.where, r.name) for r in rows] == [
        ("added", "indicator", "1", "Jumlah desa"),
        ("removed", "node", "2", "Program B"),
    ]
    assert rows[1].to_dict()["where"] == "2" and rows[1].to_dict()["old_path"] == "1"


def test_the_workbook_keeps_every_text_a_text():
    old = _plan(Node("program", "Program A", number="1"))
    new = _plan(
        Node("program", "Program A", number="1"),
        Node("program", '=HYPERLINK("http://x","klik")', number="2"),
        Node("program", "@SUM(1)", number="3"),
    )
    rows = rows_of(old, new)
    report = build_report(rows, Labels(), old_label="r1", new_label="=r2")
    sheet = load_workbook(io.BytesIO(renderer("xlsx")(report, "A4"))).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    for text in ('=HYPERLINK("http://x","klik")', "@SUM(1)", "r1 → =r2"):
        assert cells[text].data_type == "s"
    assert cells['=HYPERLINK("http://x","klik")'].quotePrefix
    assert "ditambah" in cells and "Ringkasan" in cells
    assert "PERBANDINGAN REVISI RENCANA AKSI" in cells


def test_an_empty_diff_still_makes_a_workbook(sample):
    report = build_report([], Labels(), old_label="r1", new_label="r2")
    sheet = load_workbook(io.BytesIO(renderer("xlsx")(report, "A4"))).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "Tidak ada perbedaan." in values


def test_the_docs_name_every_kind_in_order_with_its_indonesian_label():
    """docs/lifecycle.md, "Revision diff": the table of kinds is the code's, in its order."""
    import re

    from renaksi.reports.revision_diff import KINDS

    text = (Path(__file__).parents[2] / "docs/lifecycle.md").read_text(encoding="utf-8")
    section = re.search(r"^## Revision diff\n(.*?)(?=^## |\Z)", text, re.M | re.S).group(1)
    table = re.findall(r"^\| `(\w+)` \| ([^|]+) \|", section, re.M)
    assert [kind for kind, _label in table] == list(KINDS)
    assert {kind: label.strip() for kind, label in table} == Labels().kinds
