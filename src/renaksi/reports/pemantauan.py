"""Pemantauan Rencana Aksi: one period's (a quarter's) monitoring, as officials sign it.

    No | Uraian | Indikator Kinerja | Satuan | Target TW II | Realisasi s.d. TW II | Capaian (%) |
    Kategori | Kendala | Tindak Lanjut | Penanggung Jawab

One row per indicator in document order; a node's number and name span its indicator rows; a
node without indicators gets a row of its own. The target is that period's target (cumulative
as the plan gives it, or added up for per-period targets); the realisasi is the cumulative
realisation up to the period; capaian and category come from ``core.achievement``
(``period_achievement``): "-" when not measurable. Under the table (``Report.notes``): the
average capaian of the measurable indicators and how many met their target (``roll_up``), the
period's state, verifier and the verifier's note.

    build(plan, monitoring=None, *, period, signature=None) -> Report

Pure Python: no Django, no I/O.
"""

from __future__ import annotations

from ..core.achievement import roll_up
from ..core.numbers import format_number
from ..core.periods import period_label
from ..core.plan import Node, Plan
from . import HEADING, Cell, Report, Row, Signature
from .common import (
    category_cell,
    center_cell,
    number_cell,
    percent_cell,
    period_title,
    slug,
    text_cell,
)
from .data import Monitoring, indicator_key, keyed_nodes, measure_period, target_period
from .rencana_aksi import uraian

COLUMNS = (
    ("No", 5),
    ("Uraian", 32),
    ("Indikator Kinerja", 30),
    ("Satuan", 9),
    ("Target", 9),
    ("Realisasi", 10),
    ("Capaian (%)", 9),
    ("Kategori", 11),
    ("Kendala", 22),
    ("Tindak Lanjut", 22),
    ("Penanggung Jawab", 16),
)


def header(period: str) -> list[Row]:
    label = period_label(period)
    names = [name for name, _w in COLUMNS]
    names[4] = f"Target {label}"
    names[5] = f"Realisasi s.d. {label}"
    return [[Cell(name, HEADING) for name in names]]


def build(
    plan: Plan,
    monitoring: Monitoring | None = None,
    *,
    period: str | None = None,
    signature: Signature | None = None,
) -> Report:
    """The Pemantauan Rencana Aksi of ``plan`` for ``period`` (one of ``plan.periods``)."""
    if period is None or period not in plan.periods:
        raise ValueError(f"period must be one of {plan.periods}, not {period!r}")
    monitoring = monitoring or Monitoring()
    settings = monitoring.settings
    body: list[Row] = []
    measured = []
    for key, node, _parent in keyed_nodes(plan):
        body += _node_rows(plan, node, key, period, monitoring, measured)
    summary = roll_up([(m.achievement, m.rule.weight) for m in measured], settings)
    notes = []
    if summary.value is not None:
        notes.append(
            f"Rata-rata capaian: {format_number(round(summary.value, 2), 2)} % "
            f"({summary.category.label if summary.category else '-'}); "
            f"{summary.met} dari {summary.measured} indikator terukur mencapai target "
            f"({summary.total} indikator)."
        )
    state = monitoring.period(period)
    if state is not None:
        notes.append(f"Status laporan: {state.label}")
        if state.verifier:
            notes.append(f"Verifikator: {state.verifier}")
        if state.note:
            notes.append(f"Catatan verifikator: {state.note}")
    title = [
        "PEMANTAUAN RENCANA AKSI",
        period_title(period) + (f" TAHUN {plan.year}" if plan.year else ""),
    ]
    title += [plan.unit.upper()] if plan.unit else []
    report = Report(
        name=slug("pemantauan", plan.year, period.lower(), plan.unit),
        title=title,
        header=header(period),
        body=body,
        widths=[float(w) for _n, w in COLUMNS],
        signature=signature if signature is not None and not signature.empty else None,
        meta={"report": "pemantauan", "period": period},
        notes=notes,
    )
    report.check()
    return report


def _node_rows(
    plan: Plan, node: Node, key: str, period: str, monitoring: Monitoring, measured: list
) -> list[Row]:
    span = max(len(node.indicators), 1)
    first: Row = [center_cell(node.number, rowspan=span), text_cell(uraian(node), rowspan=span)]
    if not node.indicators:
        return [first + [text_cell("")] + [center_cell("")] * (len(COLUMNS) - 3)]
    rows: list[Row] = []
    for i, indicator in enumerate(node.indicators, start=1):
        data = monitoring.indicator(indicator_key(key, i))
        m = measure_period(indicator, data, plan.periods, period, monitoring.settings)
        measured.append(m)
        row: Row = first if i == 1 else [None, None]
        row += [
            text_cell(indicator.name),
            center_cell(indicator.unit),
            number_cell(target_period(indicator, m.rule, plan.periods, period)),
            number_cell(m.realisation),
            percent_cell(m.achievement.raw),
            category_cell(m.achievement),
            text_cell(data.kendala.get(period)),
            text_cell(data.tindak_lanjut.get(period)),
            text_cell(data.owner),
        ]
        rows.append(row)
    return rows
