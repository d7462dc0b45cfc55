"""Pengukuran Kinerja (LKjIP chapter III): the year's capaian of the sasaran, then the budget.

Main table, "A. Capaian Kinerja Sasaran":

    No | Sasaran | Indikator Kinerja | Satuan | Target | Realisasi | Capaian (%) | Kategori

one row per indicator of every sasaran node (or of the top level of the plan when it has no
sasaran), the sasaran's number and name spanning its rows. Target is the annual target
("Target Tahunan"); realisasi the year's so far (cumulated by the indicator's aggregation),
headed by the latest period that has any ("Realisasi s.d. TW I"); capaian and category from
``core.achievement.annual_achievement`` ("-" when not measurable). When that period is not the
year's last, the title says so ("REALISASI S.D. TRIWULAN I") and a note says that the realisasi
so far is compared with the annual target.

Section "B. Realisasi Anggaran":

    No | Program | Anggaran (Rp) | Realisasi (Rp) | %

one row per program (pagu from the plan, else the monitoring, else the sum of its kegiatan and
sub kegiatan; realisasi the year's spending likewise), and a "Jumlah" row. Under the tables
(``Report.notes``): the average capaian of the sasaran indicators and how many met their target.

    build(plan, monitoring=None, *, period=None, signature=None) -> Report   # period is ignored

Pure Python: no Django, no I/O.
"""

from __future__ import annotations

from ..core.achievement import roll_up
from ..core.numbers import format_number
from ..core.periods import period_label
from ..core.plan import Node, Plan
from . import HEADING, Cell, Report, Row, Section, Signature
from .common import (
    category_cell,
    center_cell,
    money,
    money_cell,
    number_cell,
    outline_cell,
    outline_numbers,
    percent_cell,
    period_title,
    share,
    slug,
    text_cell,
    year_unit_lines,
)
from .data import Measured, Monitoring, indicator_key, keyed_nodes, measure_year
from .rencana_aksi import uraian

COLUMNS = (
    ("No", 5),
    ("Sasaran", 34),
    ("Indikator Kinerja", 34),
    ("Satuan", 9),
    ("Target Tahunan", 10),
    ("Realisasi", 10),
    ("Capaian (%)", 10),
    ("Kategori", 12),
)
BUDGET_COLUMNS = (
    ("No", 5),
    ("Program", 50),
    ("Anggaran (Rp)", 18),
    ("Realisasi (Rp)", 18),
    ("%", 9),
)
HEADINGS = ("A. Capaian Kinerja Sasaran", "B. Realisasi Anggaran")


def goal_nodes(plan: Plan) -> list[tuple[str, Node]]:
    """(key, node) of the sasaran, or of the plan's top level when it has no sasaran."""
    nodes = [(k, n) for k, n, _p in keyed_nodes(plan) if n.level == "sasaran"]
    if nodes:
        return nodes
    return [(k, n) for k, n, p in keyed_nodes(plan) if p is None]


def budget_section(plan: Plan, monitoring: Monitoring, heading: str) -> Section:
    """No | Program | Anggaran (Rp) | Realisasi (Rp) | %, and a Jumlah row."""
    figures = money(plan, monitoring)
    programs = [n for _k, n, _p in keyed_nodes(plan) if n.level == "program"]
    outlines = outline_numbers(plan)
    body: list[Row] = []
    total_budget = total_spent = None
    for node in programs:
        budget, spent = figures[id(node)]
        body.append(
            [
                outline_cell(outlines, node),
                text_cell(uraian(node)),
                money_cell(budget),
                money_cell(spent),
                percent_cell(share(spent, budget)),
            ]
        )
        if budget is not None:
            total_budget = (total_budget or 0.0) + budget
        if spent is not None:
            total_spent = (total_spent or 0.0) + spent
    body.append(
        [
            Cell("Jumlah", HEADING, colspan=2),
            None,
            money_cell(total_budget),
            money_cell(total_spent),
            percent_cell(share(total_spent, total_budget)),
        ]
    )
    return Section(
        heading=heading,
        header=[[Cell(name, HEADING) for name, _w in BUDGET_COLUMNS]],
        body=body,
        widths=[float(w) for _n, w in BUDGET_COLUMNS],
    )


def build(
    plan: Plan,
    monitoring: Monitoring | None = None,
    *,
    period: str | None = None,
    signature: Signature | None = None,
) -> Report:
    """The Pengukuran Kinerja of ``plan`` for its year."""
    monitoring = monitoring or Monitoring()
    settings = monitoring.settings
    body: list[Row] = []
    measured = []
    outlines = outline_numbers(plan)
    for key, node in goal_nodes(plan):
        span = max(len(node.indicators), 1)
        first: Row = [outline_cell(outlines, node, span), text_cell(node.name, rowspan=span)]
        if not node.indicators:
            body.append(first + [text_cell("")] + [center_cell("")] * (len(COLUMNS) - 3))
            continue
        for i, indicator in enumerate(node.indicators, start=1):
            data = monitoring.indicator(indicator_key(key, i))
            m = measure_year(indicator, data, plan.periods, settings)
            measured.append(m)
            row: Row = first if i == 1 else [None, None]
            row += [
                text_cell(indicator.name),
                center_cell(indicator.unit),
                number_cell(indicator.annual_target),
                number_cell(m.realisation),
                percent_cell(m.achievement.raw),
                category_cell(m.achievement),
            ]
            body.append(row)
    summary = roll_up([(m.achievement, m.rule.weight) for m in measured], settings)
    upto = latest_period(plan.periods, measured)
    header = [Cell(name, HEADING) for name, _w in COLUMNS]
    title = ["PENGUKURAN KINERJA", *year_unit_lines(plan)]
    notes = []
    if upto is not None:
        header[5] = Cell(f"Realisasi s.d. {period_label(upto)}", HEADING)
        if upto != plan.periods[-1]:
            title.append(f"REALISASI S.D. {period_title(upto)}")
            notes.append(f"Realisasi s.d. {period_label(upto)} dibandingkan dengan target tahunan.")
    if summary.value is not None:
        notes.insert(
            0,
            f"Rata-rata capaian sasaran: {format_number(round(summary.value, 2), 2)} % "
            f"({summary.category.label if summary.category else '-'}); "
            f"{summary.met} dari {summary.measured} indikator terukur mencapai target.",
        )
    report = Report(
        name=slug("pengukuran-kinerja", plan.year, plan.unit),
        title=title,
        header=[header],
        body=body,
        widths=[float(w) for _n, w in COLUMNS],
        signature=signature if signature is not None and not signature.empty else None,
        meta={"report": "pengukuran"},
        heading=HEADINGS[0],
        sections=[budget_section(plan, monitoring, HEADINGS[1])],
        notes=notes,
    )
    report.check()
    return report


def latest_period(periods: list[str], measured: list[Measured]) -> str | None:
    """The last of ``periods`` for which any of the indicators has a realisasi (None: none has)."""
    given = {p for m in measured for p, v in m.actuals.items() if v not in (None, "")}
    return next((p for p in reversed(periods) if p in given), None)
