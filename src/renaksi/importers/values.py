"""Values: what a data cell holds, and a row's cells read as texts, labels and values.

Columns drift between the rows of extracted tables, so a data row is read as a sequence of
**tokens**: texts, period labels ("TW I"), values ("25%", "0,9 Angka", "Rp5.294.655.000,00", "-")
and bare numbering ("3."). A label and its value may share a cell ("TW I 25%"). ``row_groups``
splits a row's tokens into groups: texts, then the label/value pairs that follow them (the
indicator is the last text before its targets).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..core.names import is_number_only, split_label
from ..core.numbers import Quantity, parse_quantity
from ..core.periods import parse_period, split_period_value
from ..core.plan import Value
from .grid import Row


@dataclass
class Token:
    kind: str  # text | period | value | number
    col: int
    text: str
    period: str | None = None
    value: Value = None
    unit: str | None = None
    has_value: bool = False  # a period token that carries its value ("TW I 25%")


DASHES = {"-", "–", "—", "--", "n/a", "N/A", "x"}


def _value_of(text: str) -> tuple[Value, str | None] | None:
    """A target value as written: a quantity, a dash (no value), or None when it is not a value."""
    s = text.strip()
    if s in DASHES:
        return None, None
    q: Quantity | None = parse_quantity(s)
    if q is None:
        return None
    rate = bool(q.unit) and q.unit.startswith(("/", "per "))  # "88/100.000 KH"
    if q.unit and q.unit != "%" and len(q.unit.split()) > 1 and not rate:
        return None  # "3 Fasilitas Kunjungan Tamu" is a numbered name, not a value
    unit = "%" if q.is_percent else q.unit
    return q.value, unit


def tokenize(row: Row) -> list[Token]:
    """The row's non-empty cells, each read as text, period label, value or bare numbering."""
    tokens = []
    for col, text in enumerate(row.cells):
        if text:
            kind, period, value, unit, has_value = _classify(text)
            tokens.append(Token(kind, col, text, period, value, unit, has_value))
    return tokens


@lru_cache(maxsize=65536)
def _classify(text: str) -> tuple[str, str | None, Value, str | None, bool]:
    """What one cell holds. Cached: documents repeat "TW I", "25%" and the like thousands of times."""
    period = parse_period(text)
    if period:
        return "period", period, None, None, False
    pv = split_period_value(text)
    if pv:
        parsed = _value_of(pv[1])
        if parsed is not None:
            return "period", pv[0], parsed[0], parsed[1], True
    if is_number_only(text):
        return "number", None, None, None, False
    parsed = _value_of(text)
    if parsed is not None and not _looks_numbered_name(text):
        return "value", None, parsed[0], parsed[1], False
    return "text", None, None, None, False


def _looks_numbered_name(text: str) -> bool:
    label = split_label(text)
    return label.number is not None and len(label.name.split()) >= 2


@dataclass
class Pair:
    period: str
    col: int
    values: list[Token] = field(default_factory=list)
    first: Token | None = None


@dataclass
class Group:
    texts: list[Token] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    loose: list[Token] = field(default_factory=list)  # values and numbers before any pair
    numbers: list[Token] = field(default_factory=list)


def row_groups(tokens: list[Token]) -> list[Group]:
    """Split a row's tokens into groups: texts, then the label/value pairs that follow them."""
    groups: list[Group] = []
    current = Group()
    for token in tokens:
        if token.kind in ("text", "number"):
            if current.pairs:
                last = current.pairs[-1]
                # A short text right after a bare label is a text target ("WTP", "Tersedia").
                if (
                    token.kind == "text"
                    and not last.values
                    and not last.first
                    and _is_text_target(token.text)
                ):
                    last.values.append(token)
                    continue
                groups.append(current)
                current = Group()
            if token.kind == "number":
                current.numbers.append(token)
            else:
                current.texts.append(token)
        elif token.kind == "period":
            pair = Pair(period=token.period or "", col=token.col)
            if token.has_value:
                pair.first = token
            current.pairs.append(pair)
        else:  # value
            if current.pairs:
                current.pairs[-1].values.append(token)
            else:
                current.loose.append(token)
    if current.texts or current.pairs or current.loose or current.numbers:
        groups.append(current)
    return groups


def _is_text_target(text: str) -> bool:
    label = split_label(text)
    return label.number is None and len(text.split()) <= 2 and len(text) <= 20


def pair_values(pair: Pair) -> list[tuple[Value, str | None, int]]:
    """(value, unit, col) of a pair: the value in the label cell, then the value cells."""
    out = []
    if pair.first is not None:
        out.append((pair.first.value, pair.first.unit, pair.first.col))
    for token in pair.values:
        if token.kind == "value":
            out.append((token.value, token.unit, token.col))
        else:
            out.append((token.text, None, token.col))
    return out
