"""The Pemantauan's columns as an official signs it (issue 12), built from a plan by hand."""

from __future__ import annotations

from decimal import Decimal

from renaksi.core.plan import Indicator, Node, Plan
from renaksi.reports import NUMBER, REPORTS
from renaksi.reports.data import IndicatorData, Monitoring

PLAN = Plan(
    unit="Kecamatan Kaligondang",
    year=2022,
    periods=["TW1", "TW2", "TW3", "TW4"],
    nodes=[
        Node(
            "sasaran",
            "Meningkatnya Tata Kelola",
            number="1",
            indicators=[
                Indicator(
                    "Nilai SAKIP",
                    unit="%",
                    targets={"TW1": 25, "TW2": 50, "TW3": 75, "TW4": 100},
                    annual_target=100,
                )
            ],
        )
    ],
)


def indicator_row(monitoring: Monitoring, period: str = "TW1") -> list:
    report = REPORTS["pemantauan"].build(PLAN, monitoring, period=period)
    return next(row for row in report.body if any(c and c.text == "Nilai SAKIP" for c in row))


def test_a_decimal_realisasi_is_a_number_with_a_capaian():
    row = indicator_row(
        Monitoring(indicators={"1/1": IndicatorData(actuals={"TW1": Decimal("22.50")})})
    )
    numbers = [c for c in row if c is not None and c.kind == NUMBER]
    assert 22.5 in [c.value for c in numbers]
    assert 90 in [c.value for c in numbers]
    assert "22.50" not in [c.text for c in row if c is not None]
