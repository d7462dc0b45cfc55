"""Capaian (achievement): formulas, cumulation, roll-ups and category bands.

Pure Python, no Django. The rules and their sources are in docs/capaian.md (from DOMAIN.md):

- positive polarity: R / T × 100;
- negative polarity (lower is better), a per-indicator formula: default ``(2T − R) / T × 100``
  (PermenPANRB 6/2022 "kondisi khusus"), or ``T / R × 100``, or baseline-relative
  ``(B − R) / (B − T) × 100``;
- stable (optimum): R ≤ T → R / T × 100, R > T → (2T − R) / T × 100;
- T = 0: R = 0 → 100 %; under negative polarity R > 0 → 0 %; under positive polarity R ≥ 0 → 100 %
  (any result meets a zero target);
- no target or no realisation → not measurable (None), never 0;
- text targets ("WTP", "BB") are met when the realisation is the same text, or is at least as good
  on a known ordinal scale (BPK opinions, SAKIP grades);
- the raw value is kept (it may exceed 100 %); roll-ups and categories use a capped value.

Quarterly capaian compares the cumulative realisation with the cumulative target of that quarter;
annual capaian compares the year's realisation with the annual target. How periods cumulate depends
on the indicator's aggregation (sum: increments add up; last: the latest value is the value;
average: the mean so far) and its target mode (cumulative targets already include earlier periods;
per-period targets are added up like realisations).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from .plan import Plan, Value

N = TypeVar("N")  # a node of a tree, whatever holds it (core Node, a database row)
K = TypeVar("K")  # what a node's roll-up is filed under

POLARITIES = ("positive", "negative", "stable")
NEGATIVE_FORMULAS = ("2t-r", "t/r", "baseline")
AGGREGATIONS = ("sum", "last", "average")
TARGET_MODES = ("cumulative", "per_period")


@dataclass(frozen=True)
class Band:
    """A category: values at or above ``minimum`` (and below the next band) fall in it."""

    minimum: float
    key: str
    label: str


# Permendagri 86/2017 evaluation scale, as LKjIPs use it: ≥91, 76–90, 66–75, 51–65, ≤50.
DEFAULT_BANDS: tuple[Band, ...] = (
    Band(91, "sangat-tinggi", "Sangat Tinggi"),
    Band(76, "tinggi", "Tinggi"),
    Band(66, "sedang", "Sedang"),
    Band(51, "rendah", "Rendah"),
    Band(float("-inf"), "sangat-rendah", "Sangat Rendah"),
)

# Ordinal text targets: better first. A realisation at least as good as its target meets it.
ORDINAL_SCALES: tuple[tuple[str, ...], ...] = (
    ("WTP", "WDP", "TW", "TMP"),  # BPK audit opinion
    ("AA", "A", "BB", "B", "CC", "C", "D"),  # SAKIP grade
)


@dataclass(frozen=True)
class Settings:
    """Kabupaten-wide settings of the engine."""

    cap: float = 100.0  # capped value used for averages and categories
    bands: tuple[Band, ...] = DEFAULT_BANDS

    def __post_init__(self) -> None:
        minimums = [b.minimum for b in self.bands]
        if not self.bands or minimums != sorted(minimums, reverse=True):
            raise ValueError("bands must be given from the highest minimum down")
        if self.bands[-1].minimum != float("-inf"):
            raise ValueError("the last band must catch every value (minimum -inf)")


@dataclass(frozen=True)
class Achievement:
    """The capaian of one indicator for one period (or the year)."""

    raw: float | None  # percent, may exceed 100; None when not measurable
    capped: float | None
    category: Band | None
    reason: str | None = None  # why it is not measurable

    @property
    def measurable(self) -> bool:
        return self.raw is not None

    @property
    def met(self) -> bool | None:
        return None if self.raw is None else self.raw >= 100 - 1e-9


def category(value: float | None, settings: Settings = Settings()) -> Band | None:
    if value is None:
        return None
    for band in settings.bands:
        if value >= band.minimum:
            return band
    return settings.bands[-1]  # unreachable: the last band's minimum is -inf


def not_measurable(reason: str) -> Achievement:
    return Achievement(raw=None, capped=None, category=None, reason=reason)


def _result(raw: float, settings: Settings) -> Achievement:
    raw = round(raw, 6)
    capped = min(raw, settings.cap)
    return Achievement(raw=raw, capped=capped, category=category(capped, settings))


def _number(value: Value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def _text_achievement(target: str, actual: Value, settings: Settings) -> Achievement:
    if actual is None or actual == "":
        return not_measurable("no realisation")
    t, r = str(target).strip().upper(), str(actual).strip().upper()
    if t == r:
        return _result(100.0, settings)
    for scale in ORDINAL_SCALES:
        if t in scale and r in scale:
            # Better is earlier on the scale; below target scales down by rank.
            if scale.index(r) <= scale.index(t):
                return _result(100.0, settings)
            worst = len(scale)
            return _result(100.0 * (worst - scale.index(r)) / (worst - scale.index(t)), settings)
    return not_measurable("text target and realisation cannot be compared")


def compute(
    target: Value,
    actual: Value,
    *,
    polarity: str = "positive",
    formula: str = "2t-r",
    baseline: float | None = None,
    settings: Settings = Settings(),
) -> Achievement:
    """Capaian of one realisation against one target. See the module docstring for the rules."""
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}")
    if formula not in NEGATIVE_FORMULAS:
        raise ValueError(f"unknown negative formula {formula!r}")
    if target is None or target == "":
        return not_measurable("no target")
    if isinstance(target, str):
        return _text_achievement(target, actual, settings)
    t = _number(target)
    r = _number(actual)
    if actual is None or actual == "":
        return not_measurable("no realisation")
    if t is None or r is None:
        return not_measurable("text realisation against a numeric target")
    if t == 0:
        if r == 0:
            return _result(100.0, settings)
        if polarity == "positive":
            return _result(100.0, settings)
        return _result(0.0, settings)  # any case/conflict against a target of none
    if polarity == "positive":
        return _result(r / t * 100, settings)
    if polarity == "stable":
        return _result((r / t if r <= t else (2 * t - r) / t) * 100, settings)
    # negative: lower is better
    if formula == "2t-r":
        return _result((2 * t - r) / t * 100, settings)
    if formula == "t/r":
        if r == 0:
            return _result(100.0, settings)  # none at all: perfect, where T/R has no finite value
        return _result(t / r * 100, settings)
    if baseline is None:
        return not_measurable("the baseline formula needs a baseline")
    if baseline == t:
        return not_measurable("baseline equals target")
    return _result((baseline - r) / (baseline - t) * 100, settings)


# ---------------------------------------------------------------------------------------------
# Periods: cumulative values


def cumulate(
    values: dict[str, Value], periods: Sequence[str], upto: str, aggregation: str
) -> Value:
    """The value of a series up to and including ``upto``: sum, last or average of what is given.

    Text values (and ``last``) take the latest value given. Periods without a value are skipped;
    when none has a value, None.
    """
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {aggregation!r}")
    given = [values.get(p) for p in periods[: periods.index(upto) + 1]]
    given = [v for v in given if v is not None and v != ""]
    if not given:
        return None
    if aggregation == "last" or any(isinstance(v, str) for v in given):
        return given[-1]
    numbers = [float(v) for v in given]
    if aggregation == "sum":
        return sum(numbers)
    return sum(numbers) / len(numbers)


@dataclass(frozen=True)
class IndicatorRule:
    """How one indicator's capaian is computed."""

    polarity: str = "positive"
    formula: str = "2t-r"
    aggregation: str = "last"
    target_mode: str = "cumulative"
    baseline: float | None = None
    weight: float = 1.0


def target_upto(
    rule: IndicatorRule, targets: dict[str, Value], periods: Sequence[str], upto: str
) -> Value:
    """The target to compare with at the end of ``upto``.

    Cumulative targets are read as given; per-period targets cumulate like realisations.
    A missing target for that period is missing (never carried from an earlier one).
    """
    if rule.target_mode == "cumulative" or rule.aggregation == "last":
        return targets.get(upto)
    if targets.get(upto) is None:
        return None
    return cumulate(targets, periods, upto, rule.aggregation)


def period_achievement(
    rule: IndicatorRule,
    targets: dict[str, Value],
    actuals: dict[str, Value],
    periods: Sequence[str],
    upto: str,
    settings: Settings = Settings(),
) -> Achievement:
    """Capaian at the end of a period: cumulative realisation against that period's target."""
    if actuals.get(upto) in (None, ""):
        return not_measurable("no realisation for this period")
    return compute(
        target_upto(rule, targets, periods, upto),
        cumulate(actuals, periods, upto, rule.aggregation),
        polarity=rule.polarity,
        formula=rule.formula,
        baseline=rule.baseline,
        settings=settings,
    )


def annual_achievement(
    rule: IndicatorRule,
    annual_target: Value,
    actuals: dict[str, Value],
    periods: Sequence[str],
    settings: Settings = Settings(),
) -> Achievement:
    """Capaian of the year: the realisation over all periods given, against the annual target."""
    if not periods:
        return not_measurable("no periods")
    return compute(
        annual_target,
        cumulate(actuals, periods, periods[-1], rule.aggregation),
        polarity=rule.polarity,
        formula=rule.formula,
        baseline=rule.baseline,
        settings=settings,
    )


# ---------------------------------------------------------------------------------------------
# Roll-ups


@dataclass(frozen=True)
class RollUp:
    """Capaian of a group of indicators (a sasaran, program, kegiatan, unit)."""

    value: float | None  # weighted mean of capped capaian of measurable indicators
    category: Band | None
    measured: int  # indicators with a capaian
    total: int  # indicators in the group
    met: int  # indicators that reached their target (raw ≥ 100)

    @property
    def share_met(self) -> float | None:
        return None if not self.measured else self.met / self.measured * 100


_FIXED = 1074  # every finite float is a whole multiple of 2**-1074


def _fixed(x: float) -> int:
    """``x`` × 2**1074, exactly, as an int: sums of these are exact in any order or grouping."""
    numerator, denominator = float(x).as_integer_ratio()  # the denominator is a power of 2
    return numerator << (_FIXED - denominator.bit_length() + 1)


class _Tally:
    """What a roll-up adds up, exactly: capped capaian × weight and the weights of the measured
    (as whole multiples of 2**-1074, so that any grouping of the same items gives the same
    sums), and the counts. ``roll_up`` and ``tree_roll_ups`` both finish through ``result``."""

    __slots__ = ("measured", "met", "total", "weight", "weighted")

    def __init__(self) -> None:
        self.weighted = 0
        self.weight = 0
        self.measured = self.total = self.met = 0

    def add(self, achievement: Achievement, weight: float) -> None:
        self.total += 1
        if not achievement.measurable:
            return
        self.measured += 1
        self.weighted += _fixed(achievement.capped * weight)  # type: ignore[operator]
        self.weight += _fixed(weight)
        if achievement.met:
            self.met += 1

    def merge(self, other: _Tally) -> None:
        self.weighted += other.weighted
        self.weight += other.weight
        self.measured += other.measured
        self.total += other.total
        self.met += other.met

    def result(self, settings: Settings) -> RollUp:
        value = (
            round(self.weighted / self.weight, 6)  # the quotient of the exact sums, rounded once
            if self.measured and self.weight > 0
            else None
        )
        return RollUp(
            value=value,
            category=category(value, settings),
            measured=self.measured,
            total=self.total,
            met=self.met,
        )


def roll_up(items: Sequence[tuple[Achievement, float]], settings: Settings = Settings()) -> RollUp:
    """Mean of capped capaian (weighted), ignoring the not measurable, and the share that met target."""
    tally = _Tally()
    for achievement, weight in items:
        tally.add(achievement, weight)
    return tally.result(settings)


def tree_roll_ups(
    roots: Iterable[N],
    children: Callable[[N], Iterable[N]],
    items: Callable[[N], Iterable[tuple[Achievement, float]]],
    key: Callable[[N], K],
    settings: Settings = Settings(),
) -> dict[K, RollUp]:
    """The roll-up of every node of a tree: the indicators of the node and of all nodes below it.

    ``children(node)`` lists a node's children, ``items(node)`` its own indicators as
    (achievement, weight), ``key(node)`` what to file its roll-up under. One pass: each node's
    tally is its own items plus its children's tallies, so the work grows with nodes + indicators
    whatever the depth. A node with no indicator in it or below it has no roll-up (it is left out
    of the result, never given 0); one whose indicators are all not measurable has a roll-up
    with value None. Each node's roll-up is exactly ``roll_up`` of the indicators below it.
    Keys come in document order (depth first).
    """
    order: list[tuple[N, int | None]] = []  # depth first, each node with its parent's index
    stack: list[tuple[N, int | None]] = [(root, None) for root in reversed(list(roots))]
    while stack:
        node, parent = stack.pop()
        order.append((node, parent))
        here = len(order) - 1
        stack.extend((child, here) for child in reversed(list(children(node))))
    tallies = [_Tally() for _ in order]
    # Every node comes after its parent in ``order``: walking it backwards finishes each node's
    # tally (its children merged) before it is merged into its parent.
    for index in range(len(order) - 1, -1, -1):
        node, parent = order[index]
        tally = tallies[index]
        for achievement, weight in items(node):
            tally.add(achievement, weight)
        if parent is not None:
            tallies[parent].merge(tally)
    return {
        key(node): tally.result(settings)
        for (node, _parent), tally in zip(order, tallies, strict=True)
        if tally.total
    }


def plan_roll_ups(
    plan: Plan,
    measured: Mapping[int, tuple[Achievement, float]],
    settings: Settings = Settings(),
) -> dict[int, RollUp]:
    """Every node's roll-up (``tree_roll_ups``) by ``id(node)``, as ``Plan.outlines`` keys them.

    ``measured`` gives each indicator's (achievement, weight) by ``id(indicator)``; an indicator
    missing from it counts in its groups' totals as not measurable.
    """
    missing = (not_measurable("not measured"), 1.0)
    return tree_roll_ups(
        plan.nodes,
        lambda node: node.children,
        lambda node: [measured.get(id(i), missing) for i in node.indicators],
        id,
        settings,
    )


# ---------------------------------------------------------------------------------------------
# Inferring an indicator's rule from its wording (on import)

_SUM_STEMS = ("jumlah", "banyaknya", "total")
_LAST_STEMS = (
    "persentase", "presentase", "prosentase", "porsentase", "persen", "indeks", "index", "nilai",
    "rasio", "rata-rata", "tingkat", "angka", "skor", "predikat", "opini", "cakupan", "capaian",
    "prevalensi", "proporsi", "hasil",
)  # fmt: skip


@dataclass
class Inference:
    """An indicator rule guessed from its wording, and what of it is uncertain (to confirm)."""

    rule: IndicatorRule
    uncertain: list[str] = field(default_factory=list)


def infer_rule(name: str, unit: str | None = None) -> Inference:
    """Guess aggregation and polarity from the indicator's words.

    "Jumlah …" → sum; "Persentase/Indeks/Nilai …" → last; wording with kasus, konflik,
    kemiskinan … → negative (rules.lower_is_better_term). What the words do not settle is
    listed in ``uncertain`` so that a person confirms it.
    """
    from .rules import lower_is_better_term

    words = name.strip().casefold().split()
    first = words[0] if words else ""
    uncertain: list[str] = []
    if first in _SUM_STEMS:
        aggregation = "sum"
    elif first in _LAST_STEMS or (unit or "").strip() in (
        "%",
        "Persen",
        "persen",
        "Indeks",
        "Nilai",
    ):
        aggregation = "last"
    else:
        aggregation = "last"
        uncertain.append("aggregation")
    polarity = "positive"
    if lower_is_better_term(name):
        polarity = "negative"
        uncertain.append("polarity")  # the word suggests it; the unit confirms
    return Inference(IndicatorRule(polarity=polarity, aggregation=aggregation), uncertain)
