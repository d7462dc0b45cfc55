"""Periods: parse_period, split_period_value and the small helpers (table-driven).

Cases marked xfail(strict=True) are bugs found while writing these tables; they are reported,
not fixed here (periods.py belongs to the foundation).
"""

from __future__ import annotations

import pytest

from renaksi.core.periods import (
    MONTHS,
    QUARTERS,
    parse_period,
    period_kind,
    period_label,
    sort_periods,
    split_period_value,
)


def P(*args, id, bug=None):
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(*args, id=id, marks=marks)


@pytest.mark.parametrize(
    "text, expected",
    [
        P("TW I", "TW1", id="tw-roman"),
        P("TW. II", "TW2", id="tw-dot"),
        P("TW-III", "TW3", id="tw-dash"),
        P("TW:II", "TW2", id="tw-colon"),
        P("Tw.IV", "TW4", id="tw-mixed-case"),
        P("TW1", "TW1", id="tw-digit-glued"),
        P("TW 1 ", "TW1", id="tw-digit-trailing-space"),
        P("tw 4", "TW4", id="lowercase"),
        P("TRW-IV", "TW4", id="trw"),
        P("Triwulan 3", "TW3", id="triwulan-digit"),
        P("TRIWULAN I", "TW1", id="triwulan-upper"),
        P("Triwulan IV:", "TW4", id="trailing-colon"),
        P("Triwulan-2", "TW2", id="triwulan-dash"),
        P("Tri Wulan II", "TW2", id="tri-wulan"),
        P("Kuartal 2", "TW2", id="kuartal"),
        P("Q1", "TW1", id="q"),
        P("Q 3", "TW3", id="q-space"),
        P("Januari", "M01", id="januari"),
        P("Januari:", "M01", id="januari-colon"),
        P("Pebruari", "M02", id="pebruari"),
        P("Mei", "M05", id="mei"),
        P("Jun", "M06", id="jun"),
        P("Juni", "M06", id="juni"),
        P("Jul.", "M07", id="jul-dot"),
        P("Agt", "M08", id="agt"),
        P("Agustus", "M08", id="agustus"),
        P("Sept", "M09", id="sept"),
        P("Nop", "M11", id="nop"),
        P("Des.", "M12", id="des-dot"),
        # Not periods.
        P("TW V", None, id="no-fifth-quarter"),
        P("TW IIII", None, id="bad-roman"),
        P("TW 0", None, id="quarter-zero"),
        P("TW 5", None, id="quarter-five"),
        P("Desa", None, id="desa-is-not-des"),
        P("Maret 2022", None, id="month-and-year"),
        P("Triwulan Pertama", None, id="ordinal-word-not-read"),
        P("Semester I", None, id="semester"),
        P("Bulan Januari", None, id="prefixed-month"),
        P("I", None, id="roman-alone"),
        P("TW I 25%", None, id="label-and-value"),
        P("2025", None, id="year-needs-allow-year"),
        P("", None, id="empty"),
        P(None, None, id="none"),
    ],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        P("2025", "2025", id="year"),
        P("Th. 2025", "2025", id="th"),
        P("Tahun 2026", "2026", id="tahun"),
        P("TW II", "TW2", id="quarters-still"),
        P("20250", None, id="five-digits"),
        P("1999", "1999", id="nineteen"),
        P("2025/2026", None, id="two-years"),
    ],
)
def test_parse_period_with_years(text, expected):
    assert parse_period(text, allow_year=True) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        P("TW I 25%", ("TW1", "25%"), id="sample-cell"),
        P("TW I: 25 %", ("TW1", "25 %"), id="colon"),
        P("TW II=50", ("TW2", "50"), id="equals"),
        P("TW IV 100%", ("TW4", "100%"), id="tw4"),
        P("TWI 25%", ("TW1", "25%"), id="glued-label"),
        P("TW 1 25%", ("TW1", "25%"), id="digit-label"),
        P("Q2 75", ("TW2", "75"), id="q"),
        P("Januari 10", ("M01", "10"), id="month"),
        P("Jan 25%", ("M01", "25%"), id="month-short"),
        P("Mei: 5 Dokumen", ("M05", "5 Dokumen"), id="value-with-unit"),
        P(
            "TW I - 25%",
            ("TW1", "25%"),
            id="dash-separator",
        ),
        P("TW III", None, id="label-only"),
        P("Desa 50%", None, id="not-a-label"),
        P("TW-I25%", None, id="label-glued-to-value"),
        P("25%", None, id="value-only"),
        P("", None, id="empty"),
        P(None, None, id="none"),
    ],
)
def test_split_period_value(text, expected):
    assert split_period_value(text) == expected


@pytest.mark.parametrize(
    "period, kind, label",
    [
        P("TW1", "quarter", "TW I", id="tw1"),
        P("TW4", "quarter", "TW IV", id="tw4"),
        P("M01", "month", "Januari", id="m01"),
        P("M12", "month", "Desember", id="m12"),
        P("2025", "year", "2025", id="year"),
    ],
)
def test_kind_and_label(period, kind, label):
    assert period_kind(period) == kind
    assert period_label(period) == label


@pytest.mark.parametrize(
    "periods, expected",
    [
        P(["TW3", "TW1", "TW2", "TW1"], ["TW1", "TW2", "TW3"], id="quarters-deduplicated"),
        P(["M12", "M02", "M01"], ["M01", "M02", "M12"], id="months"),
        P(["2026", "TW2", "M01", "TW1", "2025"], ["TW1", "TW2", "M01", "2025", "2026"], id="mixed"),
        P(set(), [], id="empty"),
    ],
)
def test_sort_periods(periods, expected):
    assert sort_periods(periods) == expected


def test_every_period_label_parses_back():
    for period in QUARTERS + MONTHS:
        assert parse_period(period_label(period)) == period
