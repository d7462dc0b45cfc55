"""Periods: quarters (TW1…TW4), months (M01…M12) and years ("2025").

Documents write them in many ways: "TW I", "TW. II", "Triwulan 3", "TRW-IV", "Q1", "Januari",
"Pebruari", "Agt", "2025". ``parse_period`` reads one label; ``split_period_value`` reads a cell
that holds a label and a value together ("TW I 25%").
"""

from __future__ import annotations

import re

QUARTERS: tuple[str, ...] = ("TW1", "TW2", "TW3", "TW4")
MONTHS: tuple[str, ...] = tuple(f"M{m:02d}" for m in range(1, 13))

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER = re.compile(
    r"^(?:tw|trw|triwulan|tri\s+wulan|kuartal|q)\s*[-.:]?\s*(iv|iii|ii|i|[1-4])(?![a-z0-9])",
    re.IGNORECASE,
)
_MONTH_NAMES = {
    1: ("januari", "jan", "january"),
    2: ("februari", "pebruari", "feb", "peb", "february"),
    3: ("maret", "mar", "march"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "jun", "june"),
    7: ("juli", "jul", "july"),
    8: ("agustus", "agt", "agu", "agst", "aug", "august"),
    9: ("september", "sep", "sept"),
    10: ("oktober", "okt", "oct", "october"),
    11: ("november", "nov", "nopember", "nop"),
    12: ("desember", "des", "dec", "december"),
}
_MONTH_BY_NAME = {name: m for m, names in _MONTH_NAMES.items() for name in names}
_MONTH = re.compile(
    r"^(" + "|".join(sorted(_MONTH_BY_NAME, key=len, reverse=True)) + r")\.?(?![a-z])",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:tahun\s+|th\.?\s*)?((?:19|20)\d\d)(?!\d)", re.IGNORECASE)


def _match(text: str, allow_year: bool) -> tuple[str, int] | None:
    """The period at the start of ``text`` and the length of its label, or None."""
    s = text.strip()
    m = _QUARTER.match(s)
    if m:
        token = m.group(1).lower()
        number = _ROMAN.get(token) or int(token)
        return QUARTERS[number - 1], m.end()
    m = _MONTH.match(s)
    if m:
        return MONTHS[_MONTH_BY_NAME[m.group(1).lower()] - 1], m.end()
    if allow_year:
        m = _YEAR.match(s)
        if m:
            return m.group(1), m.end()
    return None


def parse_period(text: str | None, allow_year: bool = False) -> str | None:
    """The period a cell names when the whole cell is a period label, else None.

    Years are only read when ``allow_year`` (in a header row: a bare "2025" in a data row is a value).
    """
    if not text:
        return None
    s = text.strip().rstrip(":").strip()
    found = _match(s, allow_year)
    if found and found[1] == len(s):
        return found[0]
    return None


def split_period_value(text: str | None) -> tuple[str, str] | None:
    """("TW1", "25%") for "TW I 25%" or "TW I: 25 %"; None when the cell is not label + value."""
    if not text:
        return None
    s = text.strip()
    found = _match(s, allow_year=False)
    if not found:
        return None
    period, end = found
    # "TW I: 25%", "TW I = 25%", "TW I - 25%": a separator, not a minus sign ("TW I -5" is one).
    rest = re.sub(r"^(?:[:=]\s*|[-–—]\s+)", "", s[end:].strip()).strip()
    if not rest:
        return None
    return period, rest


def period_kind(period: str) -> str:
    """ "quarter", "month" or "year"."""
    if period in QUARTERS:
        return "quarter"
    if period in MONTHS:
        return "month"
    return "year"


def sort_periods(periods: set[str] | list[str]) -> list[str]:
    """Quarters, then months, then years, each in calendar order."""
    order = {p: i for i, p in enumerate(QUARTERS + MONTHS)}
    return sorted(set(periods), key=lambda p: (order.get(p, 100), p))


def period_label(period: str, lang: str = "id") -> str:
    """A label for people: "TW I", "Januari", "2025"."""
    if period in QUARTERS:
        return "TW " + ("I", "II", "III", "IV")[QUARTERS.index(period)]
    if period in MONTHS:
        return _MONTH_NAMES[MONTHS.index(period) + 1][0].capitalize()
    return period
