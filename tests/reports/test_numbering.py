"""One numbering for the reports: every row's No is its node's position outline ("1", "1.2",
"1.2.3"), whatever the plan numbered it, the same in each report."""

from __future__ import annotations

import pytest

from renaksi.core.plan import Node, Plan
from renaksi.importers import read_plan
from renaksi.reports import CENTER, REPORTS
from renaksi.reports.common import outline_numbers

from .test_docx_layout import SAMPLE, reports  # noqa: F401  (the fixture: every report)


def test_outline_numbers_are_positions() -> None:
    sub = Node("subkegiatan", "S", number="7")
    plan = Plan(
        nodes=[
            Node("sasaran", "A", number="2", children=[Node("program", "P", number="C")]),
            Node("sasaran", "B", number="2", children=[Node("program", "Q", children=[sub])]),
        ]
    )
    numbers = outline_numbers(plan)
    assert [numbers[id(n)] for n, _p in plan.walk()] == ["1", "1.1", "2", "2.1", "2.1.1"]


# The Rencana Aksi prints the plan's own numbers (Plan.outlines): it is the document the
# importer reads back, so it keeps what its author typed.
@pytest.mark.parametrize("key", [k for k in REPORTS if k != "rencana-aksi"])
def test_every_no_is_an_outline_number(reports, key: str) -> None:  # noqa: F811
    plan = read_plan(SAMPLE)
    outlines = set(outline_numbers(plan).values())
    seen = []
    for table in reports[key].tables():
        for row in table.body:
            first = row[0]
            if first is not None and first.kind == CENTER and first.text:
                seen.append(first.text)
                assert first.text in outlines
    assert seen
    assert not {"C", "D", "E", "F"} & set(seen)


def test_sasaran_are_numbered_alike_in_pk_and_pengukuran(reports) -> None:  # noqa: F811
    def numbers(key: str) -> list[str]:
        return [row[0].text for row in reports[key].body if row[0] is not None]

    assert numbers("perjanjian-kinerja") == numbers("pengukuran")
    assert len(set(numbers("pengukuran"))) == len(numbers("pengukuran"))  # never 1, 2, 2
