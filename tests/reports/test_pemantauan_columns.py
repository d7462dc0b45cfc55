"""The Pemantauan's columns as an official signs it (issue 12), built from a plan by hand."""

from __future__ import annotations

import copy
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


# ---------------------------------------------------------------------------------------------
# Pengukuran: which period's realisasi it compares with the annual target


def pengukuran(actuals: dict):
    monitoring = Monitoring(indicators={"1/1": IndicatorData(actuals=actuals)})
    return REPORTS["pengukuran"].build(PLAN, monitoring)


def test_pengukuran_says_up_to_which_quarter_it_compares():
    report = pengukuran({"TW1": 20})
    header = [c.text for c in report.header[0] if c is not None]
    assert header[4:6] == ["Target Tahunan", "Realisasi s.d. TW I"]
    assert report.title[-1] == "REALISASI S.D. TRIWULAN I"
    assert "Realisasi s.d. TW I dibandingkan dengan target tahunan." in report.notes
    row = [c for c in report.body[0] if c is not None]
    assert [c.value for c in row if c.kind == NUMBER][:3] == [100, 20, 20]  # capaian 20 %


def test_pengukuran_of_the_whole_year_says_so_in_the_header_only():
    report = pengukuran({"TW1": 20, "TW4": 90})
    assert report.header[0][5].text == "Realisasi s.d. TW IV"
    assert not any("S.D." in line for line in report.title)
    assert not any("dibandingkan" in line for line in report.notes)


def test_pengukuran_without_realisasi_names_no_period():
    report = pengukuran({})
    assert report.header[0][5].text == "Realisasi"
    assert report.title == ["PENGUKURAN KINERJA", "KECAMATAN KALIGONDANG", "TAHUN 2022"]


def test_pemantauan_person_in_charge_from_the_plan():
    plan = copy.deepcopy(PLAN)
    plan.nodes[0].indicators[0].extra["person_in_charge"] = "Kasi Pemerintahan"
    report = REPORTS["pemantauan"].build(plan, Monitoring(), period="TW1")
    assert report.body[0][-1].text == "Kasi Pemerintahan"
    given = Monitoring(indicators={"1/1": IndicatorData(owner="Sekretaris Camat")})
    assert REPORTS["pemantauan"].build(plan, given, period="TW1").body[0][-1].text == (
        "Sekretaris Camat"
    )
