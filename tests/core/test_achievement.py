"""Capaian engine: every formula, polarity, aggregation, target mode and edge, with worked numbers.

Each row says what an auditor would compute by hand; docs/capaian.md shows the same examples.
"""

from __future__ import annotations

import pytest

from renaksi.core.achievement import (
    DEFAULT_BANDS,
    Band,
    IndicatorRule,
    Settings,
    annual_achievement,
    category,
    compute,
    cumulate,
    infer_rule,
    period_achievement,
    roll_up,
)

P = pytest.param


@pytest.mark.parametrize(
    ("target", "actual", "polarity", "formula", "baseline", "raw"),
    [
        # positive: R / T × 100
        P(100, 80, "positive", "2t-r", None, 80, id="positive-under"),
        P(80, 100, "positive", "2t-r", None, 125, id="positive-over-kept-raw"),
        P(0.9, 0.72, "positive", "2t-r", None, 80, id="positive-decimals"),
        P(4, 4, "positive", "2t-r", None, 100, id="positive-exact"),
        # negative, default (2T − R) / T × 100 (PermenPANRB 6/2022)
        P(10, 8, "negative", "2t-r", None, 120, id="negative-2t-r-better"),
        P(10, 12, "negative", "2t-r", None, 80, id="negative-2t-r-worse"),
        P(10, 25, "negative", "2t-r", None, -50, id="negative-2t-r-far-worse-negative-raw"),
        # negative, T / R × 100
        P(10, 8, "negative", "t/r", None, 125, id="negative-t-over-r-better"),
        P(10, 20, "negative", "t/r", None, 50, id="negative-t-over-r-worse"),
        P(10, 0, "negative", "t/r", None, 100, id="negative-t-over-r-none-at-all"),
        # negative, baseline-relative (B − R) / (B − T) × 100
        P(10, 12, "negative", "baseline", 20, 80, id="negative-baseline"),
        P(10, 10, "negative", "baseline", 20, 100, id="negative-baseline-exact"),
        # stable: R ≤ T → R/T; R > T → (2T − R)/T
        P(100, 90, "stable", "2t-r", None, 90, id="stable-below"),
        P(100, 110, "stable", "2t-r", None, 90, id="stable-above"),
        P(100, 100, "stable", "2t-r", None, 100, id="stable-exact"),
        # T = 0
        P(0, 0, "positive", "2t-r", None, 100, id="zero-target-zero-result"),
        P(0, 0, "negative", "2t-r", None, 100, id="zero-target-zero-cases"),
        P(0, 3, "negative", "2t-r", None, 0, id="zero-target-some-cases-negative"),
        P(0, 3, "positive", "2t-r", None, 100, id="zero-target-positive-met"),
        # text targets
        P("WTP", "WTP", "positive", "2t-r", None, 100, id="text-equal"),
        P("WTP", "wtp ", "positive", "2t-r", None, 100, id="text-equal-case-space"),
        P("BB", "A", "positive", "2t-r", None, 100, id="sakip-grade-better"),
        P("BB", "B", "positive", "2t-r", None, 80, id="sakip-grade-worse-by-rank"),
        P("WTP", "WDP", "positive", "2t-r", None, 75, id="opinion-worse-by-rank"),
    ],
)
def test_formulas(target, actual, polarity, formula, baseline, raw):
    result = compute(target, actual, polarity=polarity, formula=formula, baseline=baseline)
    assert result.raw == pytest.approx(raw)
    assert result.capped == pytest.approx(min(raw, 100))


@pytest.mark.parametrize(
    ("target", "actual", "kwargs", "reason"),
    [
        P(None, 5, {}, "no target", id="no-target"),
        P(10, None, {}, "no realisation", id="no-realisation"),
        P(10, "", {}, "no realisation", id="empty-realisation"),
        P(10, "baik", {}, "text realisation against a numeric target", id="text-against-number"),
        P(
            "Tersedia",
            "Belum",
            {},
            "text target and realisation cannot be compared",
            id="free-text",
        ),
        P(
            10,
            12,
            {"polarity": "negative", "formula": "baseline"},
            "the baseline formula needs a baseline",
            id="baseline-missing",
        ),
        P(
            10,
            12,
            {"polarity": "negative", "formula": "baseline", "baseline": 10},
            "baseline equals target",
            id="baseline-equals-target",
        ),
    ],
)
def test_not_measurable_is_never_zero(target, actual, kwargs, reason):
    result = compute(target, actual, **kwargs)
    assert (result.raw, result.capped, result.category, result.met) == (None, None, None, None)
    assert result.reason == reason


@pytest.mark.parametrize(
    ("value", "key"),
    [
        P(100, "sangat-tinggi", id="100"),
        P(91, "sangat-tinggi", id="91-lower-bound"),
        P(90.99, "tinggi", id="just-below-91"),
        P(76, "tinggi", id="76"),
        P(75.5, "sedang", id="75.5"),
        P(66, "sedang", id="66"),
        P(65, "rendah", id="65"),
        P(51, "rendah", id="51"),
        P(50, "sangat-rendah", id="50"),
        P(-20, "sangat-rendah", id="negative"),
    ],
)
def test_permendagri_86_bands(value, key):
    assert category(value).key == key


def test_category_uses_the_capped_value():
    result = compute(80, 100)  # 125 %
    assert result.raw == 125 and result.capped == 100 and result.category.key == "sangat-tinggi"
    generous = Settings(cap=120)
    assert compute(80, 100, settings=generous).capped == 120


def test_bands_are_configurable_per_kabupaten():
    bands = (
        Band(85, "baik", "Baik"),
        Band(60, "cukup", "Cukup"),
        Band(float("-inf"), "kurang", "Kurang"),
    )
    settings = Settings(bands=bands)
    assert compute(100, 86, settings=settings).category.key == "baik"
    assert compute(100, 70, settings=settings).category.key == "cukup"
    with pytest.raises(ValueError):
        Settings(bands=(Band(50, "a", "A"), Band(90, "b", "B"), Band(float("-inf"), "c", "C")))
    with pytest.raises(ValueError):
        Settings(bands=(Band(50, "a", "A"),))
    assert Settings().bands == DEFAULT_BANDS


PERIODS = ["TW1", "TW2", "TW3", "TW4"]


@pytest.mark.parametrize(
    ("values", "upto", "aggregation", "expected"),
    [
        P({"TW1": 2, "TW2": 3, "TW3": 1}, "TW3", "sum", 6, id="sum-increments"),
        P({"TW1": 2, "TW2": 3, "TW3": 1}, "TW2", "sum", 5, id="sum-up-to-tw2"),
        P({"TW1": 60, "TW2": 70, "TW3": 65}, "TW3", "last", 65, id="last-latest"),
        P({"TW1": 60, "TW3": 80}, "TW3", "average", 70, id="average-skips-missing"),
        P({"TW1": 60}, "TW3", "last", 60, id="last-carries-latest-given"),
        P({}, "TW4", "sum", None, id="nothing-given"),
        P({"TW1": "B", "TW2": "BB"}, "TW2", "sum", "BB", id="text-takes-latest"),
    ],
)
def test_cumulate(values, upto, aggregation, expected):
    assert cumulate(values, PERIODS, upto, aggregation) == expected


@pytest.mark.parametrize(
    ("rule", "targets", "actuals", "upto", "raw"),
    [
        # A count reported as quarterly increments against cumulative targets 1/2/3/4 documents.
        P(
            IndicatorRule(aggregation="sum"),
            {"TW1": 1, "TW2": 2, "TW3": 3, "TW4": 4},
            {"TW1": 1, "TW2": 0, "TW3": 1},
            "TW3",
            2 / 3 * 100,
            id="sum-cumulative-targets",
        ),
        # The same count with per-period targets 1/1/1/1: targets cumulate too.
        P(
            IndicatorRule(aggregation="sum", target_mode="per_period"),
            {"TW1": 1, "TW2": 1, "TW3": 1, "TW4": 1},
            {"TW1": 1, "TW2": 0, "TW3": 1},
            "TW3",
            2 / 3 * 100,
            id="sum-per-period-targets",
        ),
        # A percentage: the latest value against that quarter's target (25/50/75/100).
        P(
            IndicatorRule(aggregation="last"),
            {"TW1": 25, "TW2": 50, "TW3": 75, "TW4": 100},
            {"TW1": 20, "TW2": 45},
            "TW2",
            90,
            id="last-percent",
        ),
        # Lower is better: cases per quarter summed, against a cumulative ceiling.
        P(
            IndicatorRule(aggregation="sum", polarity="negative"),
            {"TW1": 5, "TW2": 10},
            {"TW1": 3, "TW2": 4},
            "TW2",
            130,
            id="negative-sum",
        ),
    ],
)
def test_quarterly_capaian_is_cumulative(rule, targets, actuals, upto, raw):
    assert period_achievement(rule, targets, actuals, PERIODS, upto).raw == pytest.approx(raw)


def test_quarter_without_realisation_or_target_is_not_measurable():
    rule = IndicatorRule(aggregation="sum")
    assert not period_achievement(rule, {"TW1": 1}, {"TW1": None}, PERIODS, "TW1").measurable
    assert (
        period_achievement(rule, {"TW2": 2}, {"TW1": 1, "TW2": 1}, PERIODS, "TW1").reason
        == "no target"
    )


def test_annual_capaian():
    rule = IndicatorRule(aggregation="sum")
    result = annual_achievement(rule, 12, {"TW1": 3, "TW2": 3, "TW3": 3, "TW4": 2}, PERIODS)
    assert result.raw == pytest.approx(11 / 12 * 100)
    last = annual_achievement(
        IndicatorRule(aggregation="last"), 100, {"TW1": 30, "TW4": 95}, PERIODS
    )
    assert last.raw == 95


def test_roll_up_mean_of_capped_with_weights_and_share_met():
    items = [
        (compute(100, 150), 1.0),  # 150 raw, capped 100: one over-achiever cannot hide …
        (compute(100, 40), 1.0),  # … an under-achiever
        (compute(100, None), 1.0),  # not measurable: left out, still counted in total
    ]
    result = roll_up(items)
    assert result.value == pytest.approx(70)  # (100 + 40) / 2, not (150 + 40) / 2 = 95
    assert (result.measured, result.total, result.met) == (2, 3, 1)
    assert result.share_met == pytest.approx(50)
    assert result.category.key == "sedang"
    weighted = roll_up([(compute(100, 100), 3.0), (compute(100, 60), 1.0)])
    assert weighted.value == pytest.approx(90)
    assert roll_up([(compute(None, 1), 1.0)]).value is None


@pytest.mark.parametrize(
    ("name", "unit", "aggregation", "polarity", "uncertain"),
    [
        P("Jumlah Dokumen Perencanaan", "Dokumen", "sum", "positive", [], id="jumlah-sum"),
        P(
            "Persentase Potensi Konflik",
            "%",
            "last",
            "negative",
            ["polarity"],
            id="konflik-negative",
        ),
        P("Indeks Kepuasan Masyarakat", "Indeks", "last", "positive", [], id="indeks-last"),
        P("Nilai SAKIP", None, "last", "positive", [], id="nilai-last"),
        P("Angka Kemiskinan", "%", "last", "negative", ["polarity"], id="kemiskinan"),
        P(
            "Persentase kasus yang ditangani",
            "%",
            "last",
            "positive",
            [],
            id="handled-cases-positive",
        ),
        P(
            "Terlaksananya rapat koordinasi",
            "Kali",
            "last",
            "positive",
            ["aggregation"],
            id="unclear",
        ),
    ],
)
def test_rule_inferred_from_wording(name, unit, aggregation, polarity, uncertain):
    inference = infer_rule(name, unit)
    assert (inference.rule.aggregation, inference.rule.polarity) == (aggregation, polarity)
    assert inference.uncertain == uncertain


def test_unknown_settings_are_refused():
    with pytest.raises(ValueError):
        compute(1, 1, polarity="upward")
    with pytest.raises(ValueError):
        compute(1, 1, formula="r/t")
    with pytest.raises(ValueError):
        cumulate({}, PERIODS, "TW1", "median")
