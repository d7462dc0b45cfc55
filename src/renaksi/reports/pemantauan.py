"""Pemantauan Rencana Aksi: one period's (a quarter's) monitoring, as officials sign it.

    No | Uraian | Indikator Kinerja | Satuan | Target Tahunan | Target TW II | Realisasi TW II |
    Realisasi s.d. TW II | Capaian (%) | Kategori | Kendala | Upaya / Tindak Lanjut |
    Bukti Dukung | Penanggung Jawab

One row per indicator in document order; a node's outline number ("1.2.1", as in the section
below) and name span its indicator rows; a node without indicators gets a row of its own. The
annual target is the plan's; the period's target is that period's target (cumulative as the plan
gives it, or added up for per-period targets); "Realisasi TW II" is the realisasi entered for the
period alone (for a "sum" indicator what the quarter added, for a "last" one its value at the end
of the quarter), "Realisasi s.d. TW II" the cumulative realisation up to the period, which the
capaian compares with the period's target; capaian and category come from ``core.achievement``
(``period_achievement``): "-" when not measurable. Upaya / Tindak Lanjut is the follow-up entered
with the realisasi; Bukti Dukung lists the period's evidence (link URLs and file names), one a
line; Penanggung Jawab is the monitoring's owner, else the plan's
``Indicator.extra["person_in_charge"]``.

Section "Capaian per Sasaran, Program, Kegiatan dan Sub Kegiatan" (when the plan has indicators):

    No | Uraian | Jumlah Indikator | Terukur | Mencapai Target | Capaian (%) | Kategori

one row per node that has indicators in it or below it, in document order, numbered by its outline
("1.2.1"): the roll-up of those indicators (``core.achievement.plan_roll_ups``: weighted mean of
the capped capaian of the measurable ones, "-" when none is measurable), and a last row
"Seluruh Indikator" with the plan's. Under the tables (``Report.notes``): the average capaian of
the measurable indicators and how many met their target (``roll_up``), the period's state,
verifier (name and position) and the verifier's note — or, for a period an administrator reopened, "Dibuka kembali
oleh <name> (<date>): <reason>" instead (the verification it undid no longer stands).

    build(plan, monitoring=None, *, period, signature=None) -> Report

Pure Python: no Django, no I/O.
"""

from __future__ import annotations

from ..core.achievement import RollUp, plan_roll_ups, roll_up
from ..core.numbers import format_number
from ..core.periods import period_label
from ..core.plan import Indicator, Node, Plan
from . import HEADING, Cell, Report, Row, Section, Signature, format_date
from .common import (
    category_cell,
    center_cell,
    number_cell,
    outline_numbers,
    percent_cell,
    period_title,
    slug,
    text_cell,
)
from .data import (
    Measured,
    Monitoring,
    indicator_key,
    keyed_nodes,
    measure_period,
    target_period,
)
from .rencana_aksi import uraian

COLUMNS = (
    ("No", 7),  # outline numbers ("1.1.2.1") on one line
    ("Uraian", 26),
    ("Indikator Kinerja", 26),
    ("Satuan", 8),
    ("Target Tahunan", 9),
    ("Target", 9),
    ("Realisasi", 9),
    ("Realisasi s.d.", 10),
    ("Capaian (%)", 9),
    ("Kategori", 10),
    ("Kendala", 20),
    ("Upaya / Tindak Lanjut", 20),
    ("Bukti Dukung", 18),
    ("Penanggung Jawab", 14),
)
ROLL_UP_HEADING = "Capaian per Sasaran, Program, Kegiatan dan Sub Kegiatan"
ROLL_UP_COLUMNS = (
    ("No", 8),
    ("Uraian", 60),
    ("Jumlah Indikator", 12),
    ("Terukur", 10),
    ("Mencapai Target", 12),
    ("Capaian (%)", 12),
    ("Kategori", 14),
)
ALL_INDICATORS = "Seluruh Indikator"


def header(period: str) -> list[Row]:
    label = period_label(period)
    names = [name for name, _w in COLUMNS]
    names[5] = f"Target {label}"
    names[6] = f"Realisasi {label}"
    names[7] = f"Realisasi s.d. {label}"
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
    measured: dict[int, Measured] = {}  # by id(indicator), in document order
    outlines = outline_numbers(plan)  # the No of every node, as in the roll-up section
    for key, node, _parent in keyed_nodes(plan):
        body += _node_rows(plan, node, outlines[id(node)], key, period, monitoring, measured)
    items = {k: (m.achievement, m.rule.weight) for k, m in measured.items()}
    summary = roll_up(list(items.values()), settings)
    sections = [roll_up_section(plan, plan_roll_ups(plan, items, settings), summary)]
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
        if state.reopened:
            # The verification was undone: its verifier and note no longer stand.
            when = f" ({format_date(state.reopened_on)})" if state.reopened_on else ""
            notes.append(
                f"Dibuka kembali oleh {state.reopened_by or '-'}{when}: {state.reopen_reason or '-'}"
            )
        else:
            if state.verifier:
                position = f", {state.verifier_position}" if state.verifier_position else ""
                notes.append(f"Verifikator: {state.verifier}{position}")
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
        sections=[s for s in sections if s.body],
        notes=notes,
    )
    report.check()
    return report


def roll_up_section(plan: Plan, roll_ups: dict[int, RollUp], summary: RollUp) -> Section:
    """No | Uraian | Jumlah Indikator | Terukur | Mencapai Target | Capaian (%) | Kategori: every
    node with indicators in it or below it (``roll_ups`` by ``id(node)``), then the whole plan's
    (``summary``). No rows at all for a plan without indicators."""
    outlines = outline_numbers(plan)
    body: list[Row] = [
        [center_cell(outlines[id(node)]), text_cell(uraian(node)), *_figures(roll_ups[id(node)])]
        for node, _parent in plan.walk()
        if id(node) in roll_ups
    ]
    if body:
        body.append([Cell(ALL_INDICATORS, HEADING, colspan=2), None, *_figures(summary)])
    return Section(
        heading=ROLL_UP_HEADING,
        header=[[Cell(name, HEADING) for name, _w in ROLL_UP_COLUMNS]],
        body=body,
        widths=[float(w) for _n, w in ROLL_UP_COLUMNS],
    )


def _figures(roll: RollUp) -> list[Cell | None]:
    return [
        number_cell(roll.total),
        number_cell(roll.measured),
        number_cell(roll.met),
        percent_cell(roll.value),
        category_cell(roll),
    ]


def _node_rows(
    plan: Plan,
    node: Node,
    outline: str,
    key: str,
    period: str,
    monitoring: Monitoring,
    measured: dict[int, Measured],
) -> list[Row]:
    span = max(len(node.indicators), 1)
    first: Row = [center_cell(outline, rowspan=span), text_cell(uraian(node), rowspan=span)]
    if not node.indicators:
        return [first + [text_cell("")] + [center_cell("")] * (len(COLUMNS) - 3)]
    rows: list[Row] = []
    for i, indicator in enumerate(node.indicators, start=1):
        data = monitoring.indicator(indicator_key(key, i))
        m = measure_period(indicator, data, plan.periods, period, monitoring.settings)
        measured[id(indicator)] = m
        row: Row = first if i == 1 else [None, None]
        own = m.actuals.get(period)
        row += [
            text_cell(indicator.name),
            center_cell(indicator.unit),
            number_cell(indicator.annual_target),
            number_cell(target_period(indicator, m.rule, plan.periods, period)),
            number_cell(None if own == "" else own),
            number_cell(m.realisation),
            percent_cell(m.achievement.raw),
            category_cell(m.achievement),
            text_cell(data.kendala.get(period)),
            text_cell(data.tindak_lanjut.get(period)),
            text_cell("\n".join(data.evidence.get(period, []))),
            text_cell(data.owner or _person_in_charge(indicator)),
        ]
        rows.append(row)
    return rows


def _person_in_charge(indicator: Indicator) -> str | None:
    """The penanggung jawab the plan gives (kept by the importer and the plan JSON)."""
    value = indicator.extra.get("person_in_charge")
    return value if isinstance(value, str) else None
