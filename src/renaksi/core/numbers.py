"""Indonesian numbers: "25%", "0,9", "1.250", "Rp5.294.655.000,00", "100,00 Persen", "0,9 Angka".

Indonesian writes "." between thousands and "," before decimals. Documents are not always
consistent, so the rules are: the last of "." and "," that appears together with the other is the
decimal mark; a lone "," is decimal; a lone "." is a thousands separator when every group after it
has exactly three digits ("1.250", "5.294.655"), else decimal ("1.5", "12.75").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_NUMBER = re.compile(
    r"""^\s*
    (?P<rp>rp\.?\s*)?
    (?P<sign>[-+−])?\s*
    (?P<num>\d[\d.,\s]*\d|\d)
    \s*(?P<rest>.*?)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Words a unit may be made of: "%", "Persen", "Dokumen", "Orang/Hari", "Angka", "m2", "Rp".
_UNIT = re.compile(r"^(%|[A-Za-z][A-Za-z0-9/.\-²³]*)(\s+[A-Za-z][A-Za-z0-9/.\-²³]*){0,2}$")
_PERCENT_WORDS = {"%", "persen", "prosen"}
# A rate: "88/100.000 KH", "5,6 /1000 KH", "2 per 1.000 penduduk": the number, per a base.
_RATE = re.compile(r"^(?:/|per\s+)\s*\d[\d.,]{2,}(?:\s+[A-Za-z][\w./-]*){0,3}$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A number as written, with its unit ("%", "Dokumen", "Rp") or None."""

    value: int | float
    unit: str | None = None

    @property
    def is_percent(self) -> bool:
        return self.unit is not None and self.unit.lower() in _PERCENT_WORDS


def _to_number(digits: str) -> int | float | None:
    s = re.sub(r"\s+", "", digits)
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        if s.count(decimal) > 1:
            return None
        s = s.replace(thousands, "").replace(decimal, ".")
    elif has_comma:
        if s.count(",") > 1:
            # "1,250,000": English thousands
            groups = s.split(",")
            if all(len(g) == 3 for g in groups[1:]):
                s = s.replace(",", "")
            else:
                return None
        else:
            s = s.replace(",", ".")
    elif has_dot:
        groups = s.split(".")
        # "0.125" is a decimal: a thousands group never follows a lone 0.
        if (len(groups) > 2 or len(groups[-1]) == 3) and groups[0] != "0":
            if not all(len(g) == 3 for g in groups[1:]):
                return None
            s = s.replace(".", "")
    try:
        value = float(s)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None  # a 400-digit "number" is noise, and Infinity is not JSON
    return int(value) if value.is_integer() and "." not in s else value


def parse_quantity(text: str | None) -> Quantity | None:
    """Read a number with an optional unit, or None when the text is not a quantity.

    >>> parse_quantity("25%")
    Quantity(value=25, unit='%')
    >>> parse_quantity("Rp5.294.655.000,00")
    Quantity(value=5294655000.0, unit='Rp')
    """
    if not text:
        return None
    m = _NUMBER.match(text.replace("\u00a0", " "))
    if not m:
        return None
    value = _to_number(m.group("num"))
    if value is None:
        return None
    if m.group("sign") in ("-", "−"):
        value = -value
    rest = m.group("rest").strip()
    if rest in (",-", ".-", ",00-", "-"):
        rest = ""  # "5.000.000,-": the accountants' way of closing an amount
    unit: str | None = None
    if m.group("rp"):
        if rest and rest not in ("-", ",-", ".-"):
            return None
        unit = "Rp"
    elif rest:
        rest = rest.rstrip(".").strip()
        if rest.startswith("%"):
            if rest != "%":
                return None
            unit = "%"
        elif _UNIT.match(rest) and not rest[0].isdigit():
            unit = rest
        elif _RATE.match(rest):
            unit = " ".join(rest.split())
        else:
            return None
    if isinstance(value, float) and value.is_integer() and unit != "Rp":
        value = int(value)
    return Quantity(value=value, unit=unit)


def parse_number(text: str | None) -> int | float | None:
    """The numeric value of ``text`` ("0,9" → 0.9, "25%" → 25), or None."""
    q = parse_quantity(text)
    return q.value if q else None


def parse_rupiah(text: str | None) -> float | None:
    """An amount of money in rupiah: "Rp5.294.655.000,00", "125.000.000", "Rp 1,5 M" is not handled."""
    q = parse_quantity(text)
    if q is None or (q.unit not in (None, "Rp")):
        return None
    return float(q.value)


def format_number(value: int | float | None, decimals: int | None = None) -> str:
    """Indonesian style: 1250 → "1.250", 0.9 → "0,9", 1234.5 → "1.234,5"."""
    if value is None:
        return ""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if decimals is None:
        if isinstance(value, int) or float(value).is_integer():
            decimals = 0
        else:
            text = f"{value:.6f}".rstrip("0")
            decimals = len(text.split(".")[1])
    formatted = f"{value:,.{decimals}f}"
    return formatted.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
