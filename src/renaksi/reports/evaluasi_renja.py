"""Evaluasi Renja (Permendagri 86/2017 form, simplified): the year's realisasi per period.

Two header rows; K is kinerja (the indicator's value), Rp is money:

    No | Kode | Program/Kegiatan/Sub Kegiatan | Indikator Kinerja | Satuan |
    Target Renja (K, Rp) | Realisasi TW I (K, Rp) … TW IV (K, Rp) |
    Realisasi s.d. TW IV (K, Rp) | Tingkat Capaian (%) (K, Rp)

One row per indicator of every program, kegiatan and sub kegiatan (other levels are left out),
in document order; a node's number, code, name and money (pagu, spent per period, total and
serapan) span its indicator rows. Realisasi per period is what the period added
(``data.increments``: the entered value of a "sum" indicator, the change of a "last" one);
the total is the year's realisation and its ratio the annual capaian from
``core.achievement.annual_achievement`` ("-" when not measurable). Rp per period is what was
spent in it (as given for the node, empty where none is; for a node without figures of its own,
what the nodes below it spent: a program shows its sub kegiatan's spending); the Rp ratio is spent / pagu × 100.

    build(plan, monitoring=None, *, period=None, signature=None) -> Report   # period is ignored

Pure Python: no Django, no I/O.
"""

from __future__ import annotations

from ..core.periods import period_label
from ..core.plan import Node, Plan
from . import HEADING, Cell, Report, Row, Signature
from .common import (
    center_cell,
    money,
    money_cell,
    number_cell,
    outline_cell,
    outline_numbers,
    percent_cell,
    share,
    slug,
    text_cell,
    year_unit_lines,
)
from .data import Monitoring, increments, indicator_key, keyed_nodes, measure_year
from .rencana_aksi import uraian

LEVELS = ("program", "kegiatan", "subkegiatan")
FIXED = (
    ("No", 5),
    ("Kode", 12),
    ("Program/Kegiatan/Sub Kegiatan", 30),
    ("Indikator Kinerja", 28),
    ("Satuan", 8),
)
_K, _RP = 7, 13  # widths of a K and an Rp column


def header(periods: list[str]) -> list[Row]:
    last = period_label(periods[-1]) if periods else ""
    groups = ["Target Renja"]
    groups += [f"Realisasi {period_label(p)}" for p in periods]
    groups += [f"Realisasi s.d. {last}".strip(), "Tingkat Capaian (%)"]
    top: Row = [Cell(name, HEADING, rowspan=2) for name, _w in FIXED]
    bottom: Row = [None] * len(FIXED)
    for group in groups:
        top += [Cell(group, HEADING, colspan=2), None]
        bottom += [Cell("K", HEADING), Cell("Rp", HEADING)]
    return [top, bottom]


def build(
    plan: Plan,
    monitoring: Monitoring | None = None,
    *,
    period: str | None = None,
    signature: Signature | None = None,
) -> Report:
    """The Evaluasi Renja of ``plan`` for its year."""
    monitoring = monitoring or Monitoring()
    figures = money(plan, monitoring)
    by_period = {p: money(plan, monitoring, p) for p in plan.periods}
    body: list[Row] = []
    outlines = outline_numbers(plan)
    for key, node, _parent in keyed_nodes(plan):
        if node.level in LEVELS:
            own = monitoring.node(key).spent
            spent = (
                {p: own.get(p) for p in plan.periods}
                if own
                else _spent_per_period(node, plan.periods, by_period)
            )
            body += _node_rows(plan, node, key, monitoring, figures[id(node)], spent, outlines)
    groups = 3 + len(plan.periods)
    report = Report(
        name=slug("evaluasi-renja", plan.year, plan.unit),
        title=["EVALUASI RENCANA KERJA (RENJA)", *year_unit_lines(plan)],
        header=header(plan.periods),
        body=body,
        widths=[float(w) for _n, w in FIXED] + [float(_K), float(_RP)] * groups,
        signature=signature if signature is not None and not signature.empty else None,
        meta={"report": "evaluasi-renja"},
    )
    report.check()
    return report


def _spent_per_period(
    node: Node, periods: list[str], by_period: dict[str, dict]
) -> dict[str, float | None]:
    """Rupiah spent in each period by the node (or the nodes below it when it has no figures):
    the spending up to the period minus that up to the one before; None before any spending."""
    out: dict[str, float | None] = {}
    before = None
    for p in periods:
        now = by_period[p][id(node)][1]
        out[p] = None if now is None else now - (before or 0.0)
        before = now
    return out


def _node_rows(
    plan: Plan,
    node: Node,
    key: str,
    monitoring: Monitoring,
    figures: tuple[float | None, float | None],
    spent_in: dict[str, float | None],
    outlines: dict[int, str],
) -> list[Row]:
    periods = plan.periods
    span = max(len(node.indicators), 1)
    budget, spent = figures
    # The Rp cells of a node, by column offset from the first group, spanning its rows.
    money_cells = {0: money_cell(budget, rowspan=span)}
    for j, p in enumerate(periods, start=1):
        money_cells[j] = money_cell(spent_in[p], rowspan=span)
    money_cells[len(periods) + 1] = money_cell(spent, rowspan=span)
    money_cells[len(periods) + 2] = percent_cell(share(spent, budget), rowspan=span)
    first: list[Cell | None] = [
        outline_cell(outlines, node, span),
        center_cell(node.code, rowspan=span),
        text_cell(uraian(node), rowspan=span),
    ]
    rows: list[Row] = []
    indicators = node.indicators or [None]
    for i, indicator in enumerate(indicators, start=1):
        row: Row = list(first) if i == 1 else [None, None, None]
        kinerja: list[Cell]
        if indicator is None:
            row += [text_cell(""), center_cell("")]
            kinerja = [center_cell("")] * (len(periods) + 3)
        else:
            data = monitoring.indicator(indicator_key(key, i))
            m = measure_year(indicator, data, periods, monitoring.settings)
            added = increments(m.actuals, periods, m.rule.aggregation)
            row += [text_cell(indicator.name), center_cell(indicator.unit)]
            kinerja = [number_cell(indicator.annual_target)]
            kinerja += [number_cell(added[p]) for p in periods]
            kinerja += [number_cell(m.realisation), percent_cell(m.achievement.raw)]
        for j, cell in enumerate(kinerja):
            row += [cell, money_cells[j] if i == 1 else None]
        rows.append(row)
    return rows
