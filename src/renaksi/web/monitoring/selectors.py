"""Reads of quarterly monitoring: a quarter's sheet with live capaian, late units, history.

``quarter_sheet`` reads a plan's indicators, targets, realisations, evidence and budget spent for
one period in a constant number of queries and computes each indicator's capaian with the domain
core's engine (``renaksi.core.achievement``), so the page, the reports and the API agree.
``period_summaries`` gives the same roll-up for every period of several plans at once (a unit's
overview), also in a constant number of queries: never a sheet per plan and period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F

from ...core import achievement as engine
from ...core import submission
from ...core.plan import Value
from ..accounts.models import Unit
from ..plans.models import Indicator, Node, Plan, Target
from ..plans.selectors import db_value, decimal_to_number
from .models import AchievementSettings, BudgetSpent, Deadline, Evidence, Realisation, Report


def engine_settings(kabupaten: Unit | None) -> engine.Settings:
    """The kabupaten's capaian settings (cap, bands), or the defaults."""
    stored = AchievementSettings.objects.filter(kabupaten=kabupaten).first() if kabupaten else None
    if stored is None:
        return engine.Settings()
    bands = (
        tuple(
            engine.Band(float("-inf") if minimum is None else float(minimum), key, label)
            for minimum, key, label in stored.bands
        )
        or engine.DEFAULT_BANDS
    )
    return engine.Settings(cap=float(stored.cap), bands=bands)


def rule_of(indicator: Indicator) -> engine.IndicatorRule:
    """The engine's rule for an indicator, from its settings (defaults where unset)."""
    return engine.IndicatorRule(
        polarity=indicator.polarity or "positive",
        aggregation=indicator.aggregation or "last",
        target_mode=indicator.target_mode or "cumulative",
        weight=float(indicator.weight or 1),
    )


def realisation_value(realisation: Realisation | None) -> Value:
    if realisation is None:
        return None
    if realisation.value is not None:
        return decimal_to_number(realisation.value)
    return realisation.text or None


@dataclass
class SheetRow:
    """One indicator on a quarter's sheet."""

    node: Node
    indicator: Indicator
    target: Value  # the target of this period
    realisation: Realisation | None
    value: Value  # this period's realisasi
    achievement: engine.Achievement
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Sheet:
    plan: Plan
    period: str
    report: Report | None
    rows: list[SheetRow]
    spent: dict[int, BudgetSpent]  # node id → budget spent up to the period
    roll_up: engine.RollUp
    # node id → the roll-up of the indicators in the node and below it; a node with none has none
    node_roll_ups: dict[int, engine.RollUp] = field(default_factory=dict)

    @property
    def state(self) -> str:
        return self.report.state if self.report else Report.State.DRAFT

    @property
    def locked(self) -> bool:
        return bool(self.report and self.report.locked)


def quarter_sheet(plan: Plan, period: str, settings: engine.Settings | None = None) -> Sheet:
    """Every indicator of the plan for one period, with capaian; six queries whatever the size."""
    settings = settings or engine_settings(plan.unit.parent)
    periods = list(plan.periods)
    nodes = {n.pk: n for n in Node.objects.filter(plan=plan)}
    indicators = list(
        Indicator.objects.filter(node__plan=plan).order_by(
            "node__position", "node_id", "position", "id"
        )
    )
    targets: dict[int, dict[str, Value]] = defaultdict(dict)
    for t in Target.objects.filter(indicator__node__plan=plan, kind=Target.Kind.TARGET):
        targets[t.indicator_id][t.period] = db_value(t)
    realisations: dict[int, dict[str, Realisation]] = defaultdict(dict)
    for r in Realisation.objects.filter(indicator__node__plan=plan):
        realisations[r.indicator_id][r.period] = r
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for e in Evidence.objects.filter(plan=plan, realisation__period=period).order_by("uploaded_at"):
        evidence[e.realisation_id].append(e)
    spent = {s.node_id: s for s in BudgetSpent.objects.filter(node__plan=plan, period=period)}
    # Who submitted and who reviewed are on the page: read with the report, not after it.
    report = (
        Report.objects.select_related("submitted_by", "reviewed_by", "unlocked_by")
        .filter(plan=plan, period=period)
        .first()
    )

    order = _document_order(nodes)
    indicators.sort(key=lambda i: (order.get(i.node_id, 0), i.position, i.pk))
    rows = []
    for indicator in indicators:
        mine = realisations.get(indicator.pk, {})
        result = _achievement(indicator, targets, realisations, periods, period, settings)
        current = mine.get(period)
        rows.append(
            SheetRow(
                node=nodes[indicator.node_id],
                indicator=indicator,
                target=targets.get(indicator.pk, {}).get(period),
                realisation=current,
                value=realisation_value(current),
                achievement=result,
                evidence=evidence.get(current.pk, []) if current else [],
            )
        )
    total = engine.roll_up(
        [(r.achievement, float(r.indicator.weight or 1)) for r in rows], settings
    )
    return Sheet(
        plan=plan,
        period=period,
        report=report,
        rows=rows,
        spent=spent,
        roll_up=total,
        node_roll_ups=node_roll_ups(nodes, rows, settings),
    )


def node_roll_ups(
    nodes: dict[int, Node], rows: list[SheetRow], settings: engine.Settings
) -> dict[int, engine.RollUp]:
    """Each node's roll-up (node id → ``RollUp``) from the rows already read: the engine's
    ``tree_roll_ups`` over the nodes' parent links, in one pass and no query."""
    children: dict[int | None, list[Node]] = defaultdict(list)
    for n in nodes.values():
        children[n.parent_id if n.parent_id in nodes else None].append(n)
    items: dict[int, list[tuple[engine.Achievement, float]]] = defaultdict(list)
    for r in rows:
        items[r.indicator.node_id].append((r.achievement, float(r.indicator.weight or 1)))
    return engine.tree_roll_ups(
        children[None],
        lambda n: children.get(n.pk, []),
        lambda n: items.get(n.pk, []),
        lambda n: n.pk,
        settings,
    )


def _achievement(
    indicator: Indicator,
    targets: dict[int, dict[str, Value]],
    realisations: dict[int, dict[str, Realisation]],
    periods: list[str],
    period: str,
    settings: engine.Settings,
) -> engine.Achievement:
    """One indicator's capaian in a period from its targets and realisations (by indicator id)."""
    actuals = {p: realisation_value(r) for p, r in realisations.get(indicator.pk, {}).items()}
    return engine.period_achievement(
        rule_of(indicator), targets.get(indicator.pk, {}), actuals, periods, period, settings
    )


@dataclass
class PeriodSummary:
    """A period of a plan as the overview shows it: where its report stands, the plan's capaian."""

    report: Report | None
    roll_up: engine.RollUp

    @property
    def state(self) -> str:
        return self.report.state if self.report else Report.State.DRAFT


def period_summaries(
    plans: list[Plan], settings: engine.Settings
) -> dict[int, dict[str, PeriodSummary]]:
    """Each plan's periods (plan id → period → summary) with the roll-up ``quarter_sheet`` gives,
    in four queries whatever the number of plans, periods and indicators (a unit's overview).

    The roll-up adds up exactly (``engine.roll_up``), so the indicators' order does not matter.
    """
    ids = [p.pk for p in plans]
    if not ids:
        return {}
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for i in Indicator.objects.filter(node__plan_id__in=ids).annotate(plan_pk=F("node__plan_id")):
        indicators[i.plan_pk].append(i)
    targets: dict[int, dict[str, Value]] = defaultdict(dict)
    for t in Target.objects.filter(indicator__node__plan_id__in=ids, kind=Target.Kind.TARGET):
        targets[t.indicator_id][t.period] = db_value(t)
    realisations: dict[int, dict[str, Realisation]] = defaultdict(dict)
    for r in Realisation.objects.filter(indicator__node__plan_id__in=ids):
        realisations[r.indicator_id][r.period] = r
    reports = {(r.plan_id, r.period): r for r in Report.objects.filter(plan_id__in=ids)}

    summaries: dict[int, dict[str, PeriodSummary]] = {}
    for plan in plans:
        periods = list(plan.periods or [])
        mine = indicators.get(plan.pk, [])
        summaries[plan.pk] = {
            period: PeriodSummary(
                report=reports.get((plan.pk, period)),
                roll_up=engine.roll_up(
                    [
                        (
                            _achievement(i, targets, realisations, periods, period, settings),
                            float(i.weight or 1),
                        )
                        for i in mine
                    ],
                    settings,
                ),
            )
            for period in periods
        }
    return summaries


def submission_check(plan: Plan, period: str) -> submission.Check:
    """What the operator is asked to look at before submitting ``period`` (the core's
    ``submission.check``: empty rows, realisasi without evidence, text for a number, far from
    the target), the indicators in the sheet's order; five queries whatever the size."""
    nodes = {n.pk: n for n in Node.objects.filter(plan=plan)}
    order = _document_order(nodes)
    indicators = sorted(
        Indicator.objects.filter(node__plan=plan),
        key=lambda i: (order.get(i.node_id, 0), i.position, i.pk),
    )
    targets: dict[int, dict[str, Value]] = defaultdict(dict)
    for t in Target.objects.filter(indicator__node__plan=plan, kind=Target.Kind.TARGET):
        targets[t.indicator_id][t.period] = db_value(t)
    actuals: dict[int, dict[str, Value]] = defaultdict(dict)
    for r in Realisation.objects.filter(indicator__node__plan=plan):
        actuals[r.indicator_id][r.period] = realisation_value(r)
    with_evidence = set(
        Evidence.objects.filter(plan=plan, realisation__period=period).values_list(
            "realisation__indicator_id", flat=True
        )
    )
    rows = [
        submission.Row(
            key=i.pk,
            name=i.name,
            rule=rule_of(i),
            targets=targets.get(i.pk, {}),
            actuals=actuals.get(i.pk, {}),
            has_evidence=i.pk in with_evidence,
        )
        for i in indicators
    ]
    return submission.check(rows, list(plan.periods), period)


def _document_order(nodes: dict[int, Node]) -> dict[int, int]:
    """Each node's place in document order (depth first by position)."""
    children: dict[int | None, list[Node]] = defaultdict(list)
    for n in nodes.values():
        children[n.parent_id].append(n)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.position, n.pk))
    order: dict[int, int] = {}
    stack = list(reversed(children[None]))
    while stack:
        n = stack.pop()
        order[n.pk] = len(order)
        stack.extend(reversed(children[n.pk]))
    return order


def live_achievement(indicator: Indicator, period: str, value: Value) -> engine.Achievement:
    """Capaian if ``value`` were this period's realisasi (for the entry page, as one types)."""
    plan = indicator.node.plan
    periods = list(plan.periods)
    targets = {
        t.period: db_value(t)
        for t in Target.objects.filter(indicator=indicator, kind=Target.Kind.TARGET)
    }
    actuals = {
        r.period: realisation_value(r) for r in Realisation.objects.filter(indicator=indicator)
    }
    actuals[period] = value
    return engine.period_achievement(
        rule_of(indicator), targets, actuals, periods, period, engine_settings(plan.unit.parent)
    )


@dataclass
class UnitStatus:
    """One unit's report of one period as the late-units page and the reminders see it.

    Lateness (docs/lifecycle.md, "Lateness"): a report never submitted is overdue once the due
    date has passed (``days_overdue``, counted to today); a report first submitted after the
    due date then in force stays late by the days recorded at that submission
    (``Report.days_late``), whatever happens to it afterwards.
    """

    unit: Unit
    plan: Plan | None
    report: Report | None
    due: dt.date | None

    @property
    def state(self) -> str:
        if self.plan is None:
            return "no-plan"
        return self.report.state if self.report else Report.State.DRAFT

    @property
    def submitted(self) -> bool:
        """Was the period ever submitted (it may have been returned or unlocked since)?"""
        return bool(self.report and self.report.first_submitted_at)

    def days_overdue(self, today: dt.date) -> int:
        """Days past the due date of a period never submitted (0 once submitted)."""
        return 0 if self.submitted else submission.days_overdue(today, self.due)

    @property
    def days_late(self) -> int:
        """Days late of the first submission (0 when on time, not submitted or no due date)."""
        return (self.report.days_late or 0) if self.submitted else 0

    def late(self, today: dt.date) -> bool:
        """Not submitted by the due date, or first submitted after it."""
        return bool(self.days_overdue(today) or self.days_late)


def unit_statuses(kabupaten: Unit, year: int, period: str) -> list[UnitStatus]:
    """Every unit of the kabupaten with its current plan and this period's report state (4 queries)."""
    units = list(Unit.objects.filter(parent=kabupaten).order_by("name"))
    plans = {
        p.unit_id: p
        for p in Plan.objects.filter(unit__parent=kabupaten, year=year, is_current=True).order_by(
            "version"
        )
    }
    reports = {
        r.plan_id: r
        for r in Report.objects.filter(plan__in=list(plans.values()), period=period).select_related(
            "unlocked_by"
        )  # the reminders say who unlocked a report
    }
    deadline = Deadline.objects.filter(kabupaten=kabupaten, year=year, period=period).first()
    due = deadline.due if deadline else None
    return [
        UnitStatus(
            unit=u,
            plan=plans.get(u.pk),
            report=reports.get(plans[u.pk].pk) if u.pk in plans else None,
            due=due,
        )
        for u in units
    ]


def as_decimal(value: Value) -> Decimal | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    return None
