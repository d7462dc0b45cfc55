"""What reports need beyond the plan: realisasi, narrative, budget spent, states and rules.

``Monitoring`` is a plain input the caller fills (the web app from its database, a test by hand):

- ``indicators[key]`` an ``IndicatorData``: realisasi per period (``actuals``, as entered: for a
  "sum" indicator the period's increment, for a "last" indicator the value at the end of the
  period), ``kendala`` / ``faktor_pendukung`` / ``tindak_lanjut`` (upaya / solusi) per period,
  ``evidence`` per period (bukti dukung: link URLs and file names), ``owner`` (the penanggung
  jawab; else the plan's ``Indicator.extra["person_in_charge"]``) and the ``rule`` (polarity,
  formula, aggregation, target mode: ``core.achievement.IndicatorRule``);
- ``nodes[key]`` a ``NodeData``: ``spent`` per period (rupiah spent in that period, an increment)
  and ``budget`` (the pagu) when the plan's node has none;
- ``periods[period]`` a ``PeriodState``: the report state ("draft", "submitted", "returned",
  "verified"), the verifier's name, position and note, or who reopened a verified period, when and why;
- ``settings``: the engine's ``core.achievement.Settings`` (cap, category bands).

Keys are positions in the plan, stable for a given plan: ``node_key`` "1.3.2" is the path of
1-based positions from the top ("the 2nd child of the 3rd child of the 1st top node"), and
``indicator_key`` is the node's key, "/" and the 1-based position of the indicator in that node
("1.3.2/1"). ``keyed_indicators(plan)`` and ``keyed_nodes(plan)`` list them in document order, so
a caller that has its own ids maps them once. Anything missing is simply missing: no realisasi
makes a capaian "not measurable", never 0.

An indicator without a rule in ``Monitoring`` takes the one its ``Indicator.extra`` names
("polarity", "aggregation", "target_mode", "formula", "baseline") and otherwise the one its
wording suggests (``core.achievement.infer_rule``). Capaian is always computed by
``core.achievement``.

Pure Python: no Django, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from decimal import Decimal

from ..core.achievement import (
    Achievement,
    IndicatorRule,
    Settings,
    annual_achievement,
    cumulate,
    infer_rule,
    period_achievement,
    target_upto,
)
from ..core.plan import Indicator, Node, Plan, Value

__all__ = [
    "STATE_LABELS",
    "IndicatorData",
    "Monitoring",
    "NodeData",
    "PeriodState",
    "increments",
    "indicator_key",
    "keyed_indicators",
    "keyed_nodes",
    "measure_period",
    "measure_year",
    "rule_of",
    "target_period",
]

STATE_LABELS = {
    "draft": "Draf",
    "submitted": "Diajukan",
    "returned": "Dikembalikan",
    "verified": "Terverifikasi",
}


@dataclass
class IndicatorData:
    """Monitoring of one indicator: realisasi and narrative per period, owner, rule."""

    actuals: dict[str, Value] = field(default_factory=dict)
    kendala: dict[str, str] = field(default_factory=dict)
    faktor_pendukung: dict[str, str] = field(default_factory=dict)
    tindak_lanjut: dict[str, str] = field(default_factory=dict)
    owner: str | None = None
    rule: IndicatorRule | None = None
    # Bukti dukung per period: each link's URL or each file's name, as the report prints them.
    evidence: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class NodeData:
    """Budget of one node (program, kegiatan, sub kegiatan): spent per period, pagu if not in plan."""

    spent: dict[str, float] = field(default_factory=dict)
    budget: float | None = None


@dataclass
class PeriodState:
    """The unit's report for one period: its state and the verifier's name and note; or, when
    an administrator reopened a verified period and nobody reviewed it since, who reopened it,
    on which day and why (``reopened_by``, ``reopened_on``, ``reopen_reason``): the verifier's
    note then belongs to a verification that no longer stands."""

    state: str = "draft"
    verifier: str | None = None
    note: str | None = None
    verifier_position: str | None = None  # the verifier's jabatan, printed after the name
    reopened_by: str | None = None
    reopened_on: dt.date | None = None
    reopen_reason: str | None = None

    @property
    def reopened(self) -> bool:
        return bool(self.reopened_by or self.reopened_on or self.reopen_reason)

    @property
    def label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


@dataclass
class Monitoring:
    """Everything reports need beyond the plan, keyed by ``indicator_key`` / ``node_key``."""

    indicators: dict[str, IndicatorData] = field(default_factory=dict)
    nodes: dict[str, NodeData] = field(default_factory=dict)
    periods: dict[str, PeriodState] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)

    def indicator(self, key: str) -> IndicatorData:
        return self.indicators.get(key) or IndicatorData()

    def node(self, key: str) -> NodeData:
        return self.nodes.get(key) or NodeData()

    def period(self, period: str) -> PeriodState | None:
        return self.periods.get(period)


def indicator_key(node_key: str, position: int) -> str:
    """ "1.3.2/1": the first indicator (1-based) of the node at ``node_key``."""
    return f"{node_key}/{position}"


def _walk(node: Node, key: str, parent: Node | None) -> Iterator[tuple[str, Node, Node | None]]:
    yield key, node, parent
    for i, child in enumerate(node.children, start=1):
        yield from _walk(child, f"{key}.{i}", node)


def keyed_nodes(plan: Plan) -> Iterator[tuple[str, Node, Node | None]]:
    """(key, node, parent) of every node, depth first in document order (as ``Plan.walk``)."""
    for i, node in enumerate(plan.nodes, start=1):
        yield from _walk(node, str(i), None)


def keyed_indicators(plan: Plan) -> Iterator[tuple[str, Node, Indicator]]:
    """(key, node, indicator) of every indicator in document order (as ``Plan.indicators``)."""
    for key, node, _parent in keyed_nodes(plan):
        for i, indicator in enumerate(node.indicators, start=1):
            yield indicator_key(key, i), node, indicator


_RULE_FIELDS = {f.name for f in fields(IndicatorRule)}


def rule_of(indicator: Indicator, data: IndicatorData | None = None) -> IndicatorRule:
    """The indicator's rule: given in the monitoring, else in ``Indicator.extra``, else inferred."""
    if data is not None and data.rule is not None:
        return data.rule
    inferred = infer_rule(indicator.name, indicator.unit).rule
    given = {k: v for k, v in indicator.extra.items() if k in _RULE_FIELDS and v is not None}
    if not given:
        return inferred
    return IndicatorRule(**{**inferred.__dict__, **given})


def actuals_of(indicator: Indicator, data: IndicatorData) -> dict[str, Value]:
    """Realisasi per period: the monitoring's, else those the plan carries (``Indicator.actuals``).
    A ``Decimal`` (as a database gives it) is taken as the number it is, never as a text."""
    given = data.actuals or indicator.actuals or {}
    return {p: float(v) if isinstance(v, Decimal) else v for p, v in given.items()}


@dataclass(frozen=True)
class Measured:
    """One indicator measured for a report: its rule, realisasi and capaian."""

    rule: IndicatorRule
    actuals: dict[str, Value]
    achievement: Achievement
    realisation: Value  # the realisation compared (cumulated up to the period, or the year's)


def measure_period(
    indicator: Indicator, data: IndicatorData, periods: list[str], period: str, settings: Settings
) -> Measured:
    """Capaian at the end of ``period`` (cumulative realisation against that period's target)."""
    rule = rule_of(indicator, data)
    actuals = actuals_of(indicator, data)
    achievement = period_achievement(rule, indicator.targets, actuals, periods, period, settings)
    realisation = (
        cumulate(actuals, periods, period, rule.aggregation)
        if actuals.get(period) not in (None, "")
        else None
    )
    return Measured(rule, actuals, achievement, realisation)


def measure_year(
    indicator: Indicator, data: IndicatorData, periods: list[str], settings: Settings
) -> Measured:
    """Capaian of the year (the year's realisation against the annual target)."""
    rule = rule_of(indicator, data)
    actuals = actuals_of(indicator, data)
    achievement = annual_achievement(rule, indicator.annual_target, actuals, periods, settings)
    realisation = cumulate(actuals, periods, periods[-1], rule.aggregation) if periods else None
    return Measured(rule, actuals, achievement, realisation)


def target_period(
    indicator: Indicator, rule: IndicatorRule, periods: list[str], period: str
) -> Value:
    """The target capaian compares with at the end of ``period`` (``core.achievement.target_upto``)."""
    return target_upto(rule, indicator.targets, periods, period)


def increments(actuals: dict[str, Value], periods: list[str], aggregation: str) -> dict[str, Value]:
    """What each period added: the cumulated value (``core.achievement.cumulate``) at its end
    minus the one at the end of the period before; a text realisation as written; None where
    the period has no realisation. For a "sum" indicator that is the value entered."""
    out: dict[str, Value] = {}
    before: Value = None
    for period in periods:
        value = actuals.get(period)
        now = cumulate(actuals, periods, period, aggregation)
        if value is None or value == "":
            out[period] = None
        elif isinstance(now, str) or isinstance(before, str):
            out[period] = value
        else:
            out[period] = round(float(now) - float(before or 0), 6)  # type: ignore[arg-type]
        before = now
    return out


def budget_of(node: Node, data: NodeData) -> float | None:
    """The node's pagu: the plan's, else the monitoring's."""
    return node.budget if node.budget is not None else data.budget


def spent_upto(data: NodeData, periods: list[str], upto: str | None = None) -> float | None:
    """Rupiah spent up to and including ``upto`` (the whole year when None); None if nothing given."""
    if not periods:
        return None
    last = upto or periods[-1]
    given = [data.spent.get(p) for p in periods[: periods.index(last) + 1]]
    given = [v for v in given if v is not None]
    return float(sum(given)) if given else None
