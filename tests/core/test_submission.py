"""Before submitting: which rows an operator is asked to look at once more, and lateness.

Each row of the tables is one indicator as a sheet holds it; docs/lifecycle.md ("Before
submitting", "Lateness") states the same rules.
"""

from __future__ import annotations

import datetime as dt

import pytest

from renaksi.core.achievement import IndicatorRule
from renaksi.core.submission import (
    EMPTY,
    FAR_FROM_TARGET,
    NO_EVIDENCE,
    TEXT,
    Check,
    Finding,
    Row,
    check,
    days_late,
    days_overdue,
    far_from_target,
)

P = pytest.param
PERIODS = ("TW1", "TW2", "TW3", "TW4")
POSITIVE = IndicatorRule()
NEGATIVE = IndicatorRule(polarity="negative")
STABLE = IndicatorRule(polarity="stable")
COUNT = IndicatorRule(aggregation="sum", target_mode="cumulative")
QUARTERLY = {"TW1": 25, "TW2": 50, "TW3": 75, "TW4": 100}


def kinds(rule, targets, actuals, evidence=True, period="TW1"):
    row = Row(key=1, name="x", rule=rule, targets=targets, actuals=actuals, has_evidence=evidence)
    return [f.kind for f in check([row], PERIODS, period).findings]


@pytest.mark.parametrize(
    ("rule", "targets", "actuals", "evidence", "period", "expected"),
    [
        # Nothing to say
        P(POSITIVE, QUARTERLY, {"TW1": 20}, True, "TW1", [], id="plausible-with-evidence"),
        P(POSITIVE, QUARTERLY, {"TW1": 50}, True, "TW1", [], id="exactly-twice-is-not-far"),
        P(POSITIVE, QUARTERLY, {"TW1": 0}, True, "TW1", [], id="zero-is-a-value"),
        P(POSITIVE, {"TW4": 100}, {}, False, "TW1", [], id="no-target-this-period-not-expected"),
        P(POSITIVE, {"TW1": "WTP"}, {"TW1": "WDP"}, True, "TW1", [], id="text-for-text-target"),
        # Empty: a target and no realisasi (blank text too)
        P(POSITIVE, QUARTERLY, {}, False, "TW1", [EMPTY], id="empty"),
        P(POSITIVE, QUARTERLY, {"TW1": "  "}, False, "TW1", [EMPTY], id="blank-text-is-empty"),
        P(POSITIVE, QUARTERLY, {"TW1": 20}, True, "TW2", [EMPTY], id="earlier-period-not-enough"),
        # No evidence
        P(POSITIVE, QUARTERLY, {"TW1": 20}, False, "TW1", [NO_EVIDENCE], id="value-no-evidence"),
        P(POSITIVE, {}, {"TW1": 3}, False, "TW1", [NO_EVIDENCE], id="no-target-still-evidence"),
        # Text where a number is expected
        P(POSITIVE, QUARTERLY, {"TW1": "sudah"}, True, "TW1", [TEXT], id="text-for-number"),
        P(
            POSITIVE,
            {"TW4": 100},
            {"TW1": "proses"},
            True,
            "TW1",
            [TEXT],
            id="text-other-targets-are-numbers",
        ),
        P(POSITIVE, {}, {"TW1": "proses"}, True, "TW1", [], id="text-no-target-at-all"),
        P(
            POSITIVE,
            QUARTERLY,
            {"TW1": "sudah"},
            False,
            "TW1",
            [NO_EVIDENCE, TEXT],
            id="text-and-no-evidence",
        ),
        # Far: positive, more than twice the target (capaian above 200 %)
        P(POSITIVE, QUARTERLY, {"TW1": 1250}, True, "TW1", [FAR_FROM_TARGET], id="1250-vs-25"),
        P(POSITIVE, QUARTERLY, {"TW1": 50.01}, True, "TW1", [FAR_FROM_TARGET], id="just-over-2x"),
        P(POSITIVE, QUARTERLY, {"TW1": 1}, True, "TW1", [], id="positive-far-below-is-not"),
        P(
            POSITIVE,
            QUARTERLY,
            {"TW1": 1250},
            False,
            "TW1",
            [NO_EVIDENCE, FAR_FROM_TARGET],
            id="far-and-no-evidence",
        ),
        # Far: negative (lower is better): above twice, or under half of the target
        P(NEGATIVE, {"TW1": 10}, {"TW1": 25}, True, "TW1", [FAR_FROM_TARGET], id="negative-2x"),
        P(NEGATIVE, {"TW1": 10}, {"TW1": 4}, True, "TW1", [FAR_FROM_TARGET], id="negative-half"),
        P(NEGATIVE, {"TW1": 10}, {"TW1": 5}, True, "TW1", [], id="negative-exactly-half"),
        P(NEGATIVE, {"TW1": 10}, {"TW1": 12}, True, "TW1", [], id="negative-plausible"),
        # Far: stable, above twice (capaian below 0 %)
        P(STABLE, {"TW1": 100}, {"TW1": 250}, True, "TW1", [FAR_FROM_TARGET], id="stable-far"),
        P(STABLE, {"TW1": 100}, {"TW1": 30}, True, "TW1", [], id="stable-below-not-far"),
        # A zero target is not compared
        P(POSITIVE, {"TW1": 0}, {"TW1": 7}, True, "TW1", [], id="zero-target"),
        P(NEGATIVE, {"TW1": 0}, {"TW1": 7}, True, "TW1", [], id="zero-target-negative"),
        # Compared cumulatively, as capaian is: counts add up to the cumulative target
        P(
            COUNT,
            {"TW1": 1, "TW2": 2},
            {"TW1": 1, "TW2": 1},
            True,
            "TW2",
            [],
            id="count-cumulates-to-target",
        ),
        P(
            COUNT,
            {"TW1": 1, "TW2": 2},
            {"TW1": 1, "TW2": 4},
            True,
            "TW2",
            [FAR_FROM_TARGET],
            id="count-cumulates-far",
        ),
    ],
)
def test_findings(rule, targets, actuals, evidence, period, expected):
    assert kinds(rule, targets, actuals, evidence, period) == expected


@pytest.mark.parametrize(
    ("target", "actual", "polarity", "far"),
    [
        P(25, 1250, "positive", True, id="positive-5000-percent"),
        P(25, 50, "positive", False, id="positive-200-percent"),
        P(25, 5, "positive", False, id="positive-low"),
        P(10, 21, "negative", True, id="negative-above-twice"),
        P(10, 4.9, "negative", True, id="negative-under-half"),
        P(10, 0, "negative", True, id="negative-none-at-all"),
        P(10, 5, "negative", False, id="negative-half"),
        P(100, 201, "stable", True, id="stable-above-twice"),
        P(100, 10, "stable", False, id="stable-low"),
        P(0, 10, "positive", False, id="zero-target"),
        P(-5, 10, "positive", False, id="negative-target"),
    ],
)
def test_far_from_target(target, actual, polarity, far):
    assert far_from_target(target, actual, polarity) is far


def test_a_far_finding_names_the_figures_compared():
    row = Row(1, "Dokumen", COUNT, {"TW1": 1, "TW2": 2}, {"TW1": 1, "TW2": 4}, True)
    assert check([row], PERIODS, "TW2").findings == (
        Finding(1, "Dokumen", FAR_FROM_TARGET, value=5.0, target=2.0),
    )


def test_counts_order_and_fingerprint():
    rows = [
        Row(1, "a", POSITIVE, QUARTERLY, {}),
        Row(2, "b", POSITIVE, QUARTERLY, {"TW1": 20}, has_evidence=False),
        Row(3, "c", POSITIVE, QUARTERLY, {"TW1": 1250}, has_evidence=True),
        Row(4, "d", POSITIVE, QUARTERLY, {"TW1": 20}, has_evidence=True),
        Row(5, "e", POSITIVE, QUARTERLY, {}),
    ]
    result = check(rows, PERIODS, "TW1")
    assert result.rows == 5 and not result.clean
    assert result.counts == {EMPTY: 2, NO_EVIDENCE: 1, TEXT: 0, FAR_FROM_TARGET: 1}
    assert [f.key for f in result.of(EMPTY)] == [1, 5]
    # The same findings give the same fingerprint; other findings another one.
    assert check(rows, PERIODS, "TW1").fingerprint == result.fingerprint
    fewer = check(rows[1:], PERIODS, "TW1")
    assert fewer.fingerprint != result.fingerprint
    assert len(result.fingerprint) == 16


def test_nothing_to_check():
    result = check([Row(1, "a", POSITIVE, QUARTERLY, {"TW1": 20}, True)], PERIODS, "TW1")
    assert result.clean and result.counts == dict.fromkeys(result.counts, 0)
    assert Check().clean


def test_an_unknown_period_is_refused():
    with pytest.raises(ValueError):
        check([], PERIODS, "TW5")


@pytest.mark.parametrize(
    ("submitted", "due", "late"),
    [
        P(dt.date(2022, 4, 9), dt.date(2022, 4, 10), 0, id="before"),
        P(dt.date(2022, 4, 10), dt.date(2022, 4, 10), 0, id="on-the-due-date"),
        P(dt.date(2022, 4, 11), dt.date(2022, 4, 10), 1, id="a-day-late"),
        P(dt.date(2022, 12, 10), dt.date(2022, 4, 10), 244, id="eight-months-late"),
        P(dt.date(2022, 4, 11), None, None, id="no-due-date"),
    ],
)
def test_days_late(submitted, due, late):
    assert days_late(submitted, due) == late


@pytest.mark.parametrize(
    ("today", "due", "overdue"),
    [
        P(dt.date(2022, 4, 10), dt.date(2022, 4, 10), 0, id="due-today"),
        P(dt.date(2022, 4, 30), dt.date(2022, 4, 10), 20, id="twenty-days"),
        P(dt.date(2022, 4, 1), dt.date(2022, 4, 10), 0, id="not-yet-due"),
        P(dt.date(2022, 4, 30), None, 0, id="no-due-date"),
    ],
)
def test_days_overdue(today, due, overdue):
    assert days_overdue(today, due) == overdue
