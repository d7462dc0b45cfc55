"""Evaluasi Renja: the form "Evaluasi terhadap Hasil Renja Perangkat Daerah" of Permendagri 86/2017.

Columns as the form numbers them (docs/reports.md sets them against the regulation); K is kinerja
(the indicator's value), Rp is money:

    1 No | 2 Sasaran | 3 Kode | 4 Program/Kegiatan | 5 Indikator Kinerja |
    6 Target Renstra PD (akhir periode) (K, Rp) | 7 Realisasi Renstra s.d. Renja tahun lalu (K, Rp) |
    8 Target Renja tahun berjalan (K, Rp) | 9–12 Realisasi Triwulan I–IV (K, Rp) |
    13 Realisasi Renja yang dievaluasi (K, Rp) | 14 Realisasi Renstra s.d. tahun ini = 7 + 13 |
    15 Tingkat capaian Renja (%) = 13 / 8 × 100 | 16 Tingkat capaian Renstra (%) = 14 / 6 × 100 |
    17 Perangkat Daerah Penanggung Jawab

then footer rows: Rata-rata capaian kinerja (%), Predikat kinerja, Faktor pendorong keberhasilan
pencapaian, Faktor penghambat pencapaian kinerja, Tindak lanjut yang diperlukan dalam triwulan
berikutnya, Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya.

One row per indicator of every program, kegiatan and sub kegiatan (other levels are left out),
in document order, numbered as an outline (1, 1.1, 1.1.1); a node's number, sasaran, code, name
and money span its indicator rows. A node without a code of its own prints the code the
nomenclature gives its name (``core.rules.suggest_codes``, exact and whole-name matches only).

``period`` ("TW2") is the end of the evaluated span (None: the plan's last period): realisasi of
later periods is left empty, and 13, 14, 15 and 16 are up to it. Realisasi per period is what the
period added (``data.increments``); 13 is the realisation up to the period (``cumulate``) and 15
its capaian against the annual target (``core.achievement.annual_achievement`` over the periods up
to it); Rp per period is what was spent in it (for a node without figures of its own, what the
nodes below it spent), 13 Rp what was spent up to the period, 15 Rp that share of the pagu.

Renstra figures are per indicator: ``Indicator.extra["renstra_target"]`` (6 K) and
``["renstra_realised"]`` (7 K). 14 K is 7 + 13 for a "sum" indicator, otherwise the latest of 13
and 7 (a rate or a state is not added up); 16 K is 14 against 6 by the indicator's rule
(``core.achievement.compute``). Where a Renstra figure is absent its columns say "belum diisi"
(never 0); the Rp of 6 and 7 (and so 14 and 16 Rp) are not yet entered anywhere and say so.

Footer: the average of the measurable capaian of 15 K (``core.achievement.roll_up``, capped as
the kabupaten's settings say) and its band as predikat; faktor pendorong / penghambat are the
realisasi narratives (``faktor_pendukung`` / ``kendala``) of the periods up to the one evaluated,
each text once; tindak lanjut of the evaluated period goes to "triwulan berikutnya", or, for the
year's last period, to "Renja berikutnya".

    build(plan, monitoring=None, *, period=None, signature=None) -> Report

Pure Python: no Django, no I/O.
"""

from __future__ import annotations

from dataclasses import replace

from ..core.achievement import (
    Achievement,
    annual_achievement,
    compute,
    cumulate,
    not_measurable,
    roll_up,
)
from ..core.periods import period_label
from ..core.plan import Indicator, Node, Plan, Value
from ..core.text import VALUE_LENGTH
from . import CENTER, HEADING, TEXT, Cell, Report, Row, Signature
from .common import (
    center_cell,
    money,
    money_cell,
    number_cell,
    outline_numbers,
    percent_cell,
    period_title,
    share,
    slug,
    text_cell,
)
from .data import Monitoring, actuals_of, increments, indicator_key, keyed_nodes, rule_of
from .rencana_aksi import uraian

LEVELS = ("program", "kegiatan", "subkegiatan")
# Where a Renstra figure has not been entered (never shown as 0).
ABSENT = "belum diisi"
FIXED = (
    ("No", 6),
    ("Sasaran", 16),
    ("Kode", 12),
    ("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan", 26),
    ("Indikator Kinerja Program (outcome)/Kegiatan (output)", 26),
)
RESPONSIBLE = "Perangkat Daerah Penanggung Jawab"
_K, _RP = 8, 13  # widths of a K and an Rp column
FOOTER = (
    "Rata-rata capaian kinerja (%)",
    "Predikat kinerja",
    "Faktor pendorong keberhasilan pencapaian",
    "Faktor penghambat pencapaian kinerja",
    "Tindak lanjut yang diperlukan dalam triwulan berikutnya",
    "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya",
)
_ROMAN = ("I", "II", "III", "IV")


def group_names(year: int | None, upto: str | None) -> dict[int, str]:
    """The form's K/Rp column groups by their number (9–12 are the periods)."""
    this = f"Tahun {year}" if year else "Tahun Berjalan"
    last = f"Tahun Lalu ({year - 1})" if year else "Tahun Lalu"
    until = f" s.d. {period_label(upto)}" if upto else ""
    return {
        6: "Target Renstra Perangkat Daerah pada Akhir Periode Renstra",
        7: f"Realisasi Capaian Kinerja Renstra Perangkat Daerah s.d. Renja Perangkat Daerah {last}",
        8: f"Target Kinerja dan Anggaran Renja Perangkat Daerah {this} yang Dievaluasi",
        13: f"Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi{until}",
        14: f"Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s.d. {this}",
        15: f"Tingkat Capaian Kinerja dan Realisasi Anggaran Renja Perangkat Daerah {this} (%)",
        16: f"Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah s.d. {this} (%)",
    }


def _period_name(period: str, index: int) -> str:
    if period.startswith("TW") and index < len(_ROMAN):
        return _ROMAN[index]
    return period_label(period)


def header(periods: list[str], year: int | None = None, upto: str | None = None) -> list[Row]:
    """Four rows: the groups, the periods under "Realisasi Kinerja pada Triwulan", K/Rp, and the
    row of column numbers (1 … 17 for a quarterly plan)."""
    names = group_names(year, upto)
    n = len(periods)
    top: Row = [Cell(name, HEADING, rowspan=3) for name, _w in FIXED]
    middle: Row = [None] * len(FIXED)
    bottom: Row = [None] * len(FIXED)
    numbers: Row = [Cell(str(i), HEADING) for i in range(1, len(FIXED) + 1)]
    number = len(FIXED) + 1
    for g in (6, 7, 8):
        top += [Cell(names[g], HEADING, rowspan=2, colspan=2), None]
        middle += [None, None]
    if n:
        label = (
            "Realisasi Kinerja pada Triwulan"
            if all(p.startswith("TW") for p in periods)
            else "Realisasi Kinerja pada Periode"
        )
        top += [Cell(label, HEADING, colspan=2 * n)] + [None] * (2 * n - 1)
        for i, p in enumerate(periods):
            middle += [Cell(_period_name(p, i), HEADING, colspan=2), None]
    for g in (13, 14, 15, 16):
        top += [Cell(names[g], HEADING, rowspan=2, colspan=2), None]
        middle += [None, None]
    for _g in range(3 + n + 4):
        bottom += [Cell("K", HEADING), Cell("Rp", HEADING)]
        numbers += [Cell(str(number), HEADING, colspan=2), None]
        number += 1
    top.append(Cell(RESPONSIBLE, HEADING, rowspan=3))
    middle.append(None)
    bottom.append(None)
    numbers.append(Cell(str(number), HEADING))
    return [top, middle, bottom, numbers]


def build(
    plan: Plan,
    monitoring: Monitoring | None = None,
    *,
    period: str | None = None,
    signature: Signature | None = None,
) -> Report:
    """The Evaluasi Renja of ``plan`` up to ``period`` (the whole year when None).

    ValueError for a period the plan does not have."""
    monitoring = monitoring or Monitoring()
    periods = list(plan.periods)
    if period is not None and period not in periods:
        raise ValueError(f"the plan has no period {period!r}: one of {', '.join(periods)}")
    upto = period or (periods[-1] if periods else None)
    evaluated = periods[: periods.index(upto) + 1] if upto else []
    budgets = money(plan, monitoring)
    by_period = {p: money(plan, monitoring, p) for p in periods}
    codes = _known_codes(plan)
    parents = {id(node): parent for _key, node, parent in keyed_nodes(plan)}
    numbers = outline_numbers(plan)
    body: list[Row] = []
    sasaran_of: list[Node | None] = []
    achievements: list[Achievement] = []
    for key, node, _parent in keyed_nodes(plan):
        if node.level not in LEVELS:
            continue
        own = monitoring.node(key).spent
        spent_in = (
            {p: own.get(p) for p in periods} if own else _spent_per_period(node, periods, by_period)
        )
        budget = budgets[id(node)][0]
        spent = by_period[upto][id(node)][1] if upto else None
        rows, measured = _node_rows(
            plan,
            node,
            key,
            monitoring,
            evaluated,
            (budget, spent),
            spent_in,
            numbers[id(node)],
            codes.get(id(node)) or node.code,
        )
        body += rows
        achievements += measured
        sasaran_of += [_sasaran(node, parents)] * len(rows)
    _merge_sasaran(body, sasaran_of)
    width = len(FIXED) + 2 * (3 + len(periods) + 4) + 1
    body += _footer(plan, monitoring, evaluated, achievements, width)
    title = [
        "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH",
        *([plan.unit.upper()] if plan.unit else []),
    ]
    if period is not None:
        title.append(f"PERIODE PELAKSANAAN: {period_title(period)} TAHUN {plan.year or ''}".strip())
    elif plan.year:
        title.append(f"PERIODE PELAKSANAAN: TAHUN {plan.year}")
    report = Report(
        name=slug("evaluasi-renja", plan.year, (period or "").lower(), plan.unit),
        title=title,
        header=header(periods, plan.year, upto),
        body=body,
        widths=[float(w) for _n, w in FIXED]
        + [float(_K), float(_RP)] * (3 + len(periods) + 4)
        + [14.0],
        signature=signature if signature is not None and not signature.empty else None,
        meta={"report": "evaluasi-renja", "period": upto or ""},
    )
    report.check()
    return report


def _known_codes(plan: Plan) -> dict[int, str]:
    """The code of each node without one whose name the nomenclature knows exactly (or whole),
    as the plan's bidang writes it."""
    from ..core.nomenclature import concrete_code
    from ..core.rules import plan_bidang, suggest_codes

    if all(node.code for node, _p in plan.walk() if node.level in LEVELS):
        return {}
    bidang = plan_bidang(plan)
    out = {}
    for key, found in suggest_codes(plan).items():
        if found.kind in ("code", "exact", "prefix") and found.score >= 1.0:
            out[key] = concrete_code(found.entry.code, bidang)
    return out


def _sasaran(node: Node, parents: dict[int, Node | None]) -> Node | None:
    parent = parents.get(id(node))
    while parent is not None and parent.level != "sasaran":
        parent = parents.get(id(parent))
    return parent


def _merge_sasaran(body: list[Row], sasaran_of: list[Node | None]) -> None:
    """Column 2: one cell per run of rows under the same sasaran."""
    start = 0
    while start < len(body):
        end = start
        while end + 1 < len(body) and sasaran_of[end + 1] is sasaran_of[start]:
            end += 1
        node = sasaran_of[start]
        body[start][1] = text_cell(
            _cut(node.name, _NAME_CHARS) if node else "", rowspan=end - start + 1
        )
        for r in range(start + 1, end + 1):
            body[r][1] = None
        start = end + 1


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


def _renstra(indicator: Indicator, key: str) -> Value:
    value = (indicator.extra or {}).get(key)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    return None if value == "" else value


def _k(value: Value) -> Cell:
    """A kinerja figure; a text one cut at the length a stored value may have (older plans may
    hold longer ones, which would only make the narrow K columns pages tall)."""
    if isinstance(value, str):
        value = _cut(value, VALUE_LENGTH)
    return number_cell(value)


def _absent(rowspan: int = 1) -> Cell:
    return Cell(ABSENT, CENTER, rowspan=rowspan)


def _node_rows(
    plan: Plan,
    node: Node,
    key: str,
    monitoring: Monitoring,
    evaluated: list[str],
    figures: tuple[float | None, float | None],
    spent_in: dict[str, float | None],
    number: str,
    code: str | None,
) -> tuple[list[Row], list[Achievement]]:
    periods = plan.periods
    span = max(len(node.indicators), 1)
    budget, spent = figures
    # The Rp cells of a node by group (0 = column 6), spanning its rows.
    money_cells: dict[int, Cell] = {0: _absent(span), 1: _absent(span), 2: money_cell(budget, span)}
    for j, p in enumerate(periods, start=3):
        money_cells[j] = money_cell(spent_in[p] if p in evaluated else None, rowspan=span)
    after = 3 + len(periods)
    money_cells[after] = money_cell(spent, rowspan=span)
    money_cells[after + 1] = _absent(span)
    money_cells[after + 2] = percent_cell(share(spent, budget), rowspan=span)
    money_cells[after + 3] = _absent(span)
    first: list[Cell | None] = [
        center_cell(number, rowspan=span),
        None,  # the sasaran, merged over its rows afterwards
        center_cell(code, rowspan=span),
        text_cell(uraian(node), rowspan=span),
    ]
    rows: list[Row] = []
    measured: list[Achievement] = []
    for i, indicator in enumerate(node.indicators or [None], start=1):
        row: Row = list(first) if i == 1 else [None, None, None, None]
        kinerja: list[Cell]
        if indicator is None:
            row.append(text_cell(""))
            kinerja = [center_cell("")] * (after + 4)
        else:
            data = monitoring.indicator(indicator_key(key, i))
            rule = rule_of(indicator, data)
            actuals = {p: v for p, v in actuals_of(indicator, data).items() if p in evaluated}
            added = increments(actuals, periods, rule.aggregation)
            done = (
                cumulate(actuals, periods, evaluated[-1], rule.aggregation) if evaluated else None
            )
            year = (
                annual_achievement(
                    rule, indicator.annual_target, actuals, evaluated, monitoring.settings
                )
                if evaluated
                else not_measurable("no periods")
            )
            measured.append(year)
            target = _renstra(indicator, "renstra_target")
            before = _renstra(indicator, "renstra_realised")
            total = _renstra_total(before, done, rule.aggregation)
            row.append(text_cell(indicator.name))
            kinerja = [
                _absent() if target is None else _k(target),
                _absent() if before is None else _k(before),
                _k(indicator.annual_target),
            ]
            kinerja += [_k(added[p] if p in evaluated else None) for p in periods]
            kinerja += [
                _k(done),
                _absent() if before is None else _k(total),
                percent_cell(year.raw),
                _absent()
                if target is None or before is None
                else percent_cell(_renstra_achievement(rule, target, total, monitoring).raw),
            ]
        for j, cell in enumerate(kinerja):
            row += [cell, money_cells[j] if i == 1 else None]
        row.append(
            center_cell(_cut(plan.unit or "", _NAME_CHARS), rowspan=span) if i == 1 else None
        )
        rows.append(row)
    return rows, measured


def _renstra_total(before: Value, done: Value, aggregation: str) -> Value:
    """Column 14 (K): realisasi of the Renstra up to this year. A "sum" indicator adds this
    year's realisation to the earlier years' (7 + 13); a rate or a state is its latest value."""
    if before is None:
        return None
    numeric = all(isinstance(v, int | float) for v in (before, done) if v is not None)
    if aggregation == "sum" and numeric:
        return round(float(before) + float(done or 0), 6)
    return done if done is not None else before


def _renstra_achievement(rule, target: Value, total: Value, monitoring: Monitoring) -> Achievement:
    return compute(
        target,
        total,
        polarity=rule.polarity,
        formula=rule.formula,
        baseline=rule.baseline,
        settings=monitoring.settings,
    )


def _narratives(plan: Plan, monitoring: Monitoring, field: str, periods: list[str]) -> str:
    """Each distinct text of ``field`` over the indicators and periods given, in order."""
    seen: dict[str, None] = {}
    for key, node, _parent in keyed_nodes(plan):
        if node.level not in LEVELS:
            continue
        for i, _indicator in enumerate(node.indicators, start=1):
            texts = getattr(monitoring.indicators.get(indicator_key(key, i)), field, None) or {}
            for p in periods:
                text = (texts.get(p) or "").strip()
                if text:
                    seen.setdefault(text, None)
    out = "; ".join(_cut(t, _TEXT_CHARS) for t in seen)
    return _cut(out, _FOOTER_CHARS)


# A footer row gathers the narratives of every indicator: each text, and the row, are cut to
# these lengths (with "…") so one row never outgrows a printed page.
_TEXT_CHARS = 500
# The sasaran (repeated from the plan's other reports) and the unit, printed beside every node.
_NAME_CHARS = 300
_FOOTER_CHARS = 1_500


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _footer(
    plan: Plan,
    monitoring: Monitoring,
    evaluated: list[str],
    achievements: list[Achievement],
    width: int,
) -> list[Row]:
    """The form's six footer rows: a label over columns 1–5, its content over the rest."""
    overall = roll_up([(a, 1.0) for a in achievements], monitoring.settings)
    average = percent_cell(overall.value)
    last = bool(evaluated) and evaluated[-1] == plan.periods[-1]
    follow_up = _narratives(plan, monitoring, "tindak_lanjut", evaluated[-1:])
    contents = [
        replace(average, colspan=width - len(FIXED)),
        Cell(overall.category.label if overall.category else "-", CENTER),
        Cell(_narratives(plan, monitoring, "faktor_pendukung", evaluated), TEXT),
        Cell(_narratives(plan, monitoring, "kendala", evaluated), TEXT),
        Cell("" if last else follow_up, TEXT),
        Cell(follow_up if last else "", TEXT),
    ]
    rows: list[Row] = []
    for label, content in zip(FOOTER, contents, strict=True):
        row: Row = [Cell(label, TEXT, colspan=len(FIXED))] + [None] * (len(FIXED) - 1)
        row += [replace(content, colspan=width - len(FIXED))]
        row += [None] * (width - len(FIXED) - 1)
        rows.append(row)
    return rows
