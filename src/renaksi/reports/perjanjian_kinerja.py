"""Perjanjian Kinerja: the sasaran, indicators and annual targets a head signs, and the budget.

Main table:

    No | Sasaran | Indikator Kinerja | Satuan | Target

one row per indicator of every sasaran node (or of the top level when the plan has no sasaran),
the sasaran spanning its rows; the target is the annual target (text targets as written).

Section:

    No | Program | Anggaran (Rp)

one row per program (pagu from the plan, else the monitoring, else the sum of the nodes below)
and a "Jumlah" row. Printed portrait.

    build(plan, monitoring=None, *, period=None, signature=None) -> Report   # period is ignored

Pure Python: no Django, no I/O.
"""

from __future__ import annotations

from ..core.plan import Plan
from . import HEADING, Cell, Report, Row, Section, Signature
from .common import (
    center_cell,
    money,
    money_cell,
    number_cell,
    outline_cell,
    outline_numbers,
    slug,
    text_cell,
    year_unit_lines,
)
from .data import Monitoring, keyed_nodes
from .pengukuran import goal_nodes
from .rencana_aksi import uraian

COLUMNS = (("No", 5), ("Sasaran", 36), ("Indikator Kinerja", 36), ("Satuan", 10), ("Target", 10))
BUDGET_COLUMNS = (("No", 5), ("Program", 62), ("Anggaran (Rp)", 20))


def build(
    plan: Plan,
    monitoring: Monitoring | None = None,
    *,
    period: str | None = None,
    signature: Signature | None = None,
) -> Report:
    """The Perjanjian Kinerja of ``plan`` for its year."""
    monitoring = monitoring or Monitoring()
    body: list[Row] = []
    outlines = outline_numbers(plan)
    for _key, node in goal_nodes(plan):
        span = max(len(node.indicators), 1)
        first: Row = [outline_cell(outlines, node, span), text_cell(node.name, rowspan=span)]
        if not node.indicators:
            body.append([*first, text_cell(""), center_cell(""), center_cell("")])
            continue
        for i, indicator in enumerate(node.indicators):
            row: Row = first if i == 0 else [None, None]
            row += [
                text_cell(indicator.name),
                center_cell(indicator.unit),
                number_cell(indicator.annual_target),
            ]
            body.append(row)

    figures = money(plan, monitoring)
    programs = [n for _k, n, _p in keyed_nodes(plan) if n.level == "program"]
    budget_rows: list[Row] = []
    total = None
    for node in programs:
        budget = figures[id(node)][0]
        budget_rows.append(
            [outline_cell(outlines, node), text_cell(uraian(node)), money_cell(budget)]
        )
        if budget is not None:
            total = (total or 0.0) + budget
    budget_rows.append([Cell("Jumlah", HEADING, colspan=2), None, money_cell(total)])

    report = Report(
        name=slug("perjanjian-kinerja", plan.year, plan.unit),
        title=["PERJANJIAN KINERJA", *year_unit_lines(plan)],
        header=[[Cell(name, HEADING) for name, _w in COLUMNS]],
        body=body,
        widths=[float(w) for _n, w in COLUMNS],
        signature=signature if signature is not None and not signature.empty else None,
        landscape=False,
        meta={"report": "perjanjian-kinerja"},
        sections=[
            Section(
                heading="",
                header=[[Cell(name, HEADING) for name, _w in BUDGET_COLUMNS]],
                body=budget_rows,
                widths=[float(w) for _n, w in BUDGET_COLUMNS],
            )
        ],
    )
    report.check()
    return report
