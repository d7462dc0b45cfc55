"""What every renderer does alike to a table's figures: consistent decimals.

A fraction prints with as many decimals as the most any fraction of its row (one indicator's
target, realisasi and capaian) or of its column has: "22,50" beside "26,25", "0,90 0,20 0,45"
along an indicator's quarters, never "22,5" beside "26,25". Whole numbers keep the decimals
their builder gave them (a count "1.250", whole rupiah, a capaian "100,00"): a whole number is
exact as printed, and rupiah with ",00" would only be noise. Header rows are left as they are.
The xlsx holds the same decimals in each cell's number format. Pure Python.
"""

from __future__ import annotations

from dataclasses import replace

from ..core.numbers import format_number
from . import NUMBER, Row

__all__ = ["uniform_decimals"]


def _fraction(item) -> bool:
    return (
        item is not None
        and item.kind == NUMBER
        and isinstance(item.value, int | float)
        and not float(item.value).is_integer()
    )


def uniform_decimals(body: list[Row]) -> list[Row]:
    """``body`` with every fraction printed with the most decimals of the fractions it shares a
    row or a column with, through any chain of rows and columns (the column a cell starts at), so
    that each row and each column prints one number of decimals; rows that need no change are the
    same rows."""
    columns: dict[int, int] = {}
    rows: list[int] = []
    for row in body:
        most = 0
        for c, item in enumerate(row):
            if _fraction(item):
                columns[c] = max(columns.get(c, 0), item.decimals)
                most = max(most, item.decimals)
        rows.append(most)
    # A row and a column that share a fraction must print the same decimals: raise both to the
    # larger until nothing changes (a few rounds: decimals only grow, and are few).
    changed = True
    while changed:
        changed = False
        for r, row in enumerate(body):
            for c, item in enumerate(row):
                if _fraction(item) and rows[r] != columns[c]:
                    rows[r] = columns[c] = max(rows[r], columns[c])
                    changed = True
    out = []
    for row, most in zip(body, rows, strict=True):
        wanted = {
            c: max(most, columns[c])
            for c, item in enumerate(row)
            if _fraction(item) and item.decimals != max(most, columns[c])
        }
        if not wanted:
            out.append(row)
            continue
        out.append(
            [
                replace(item, text=format_number(item.value, wanted[c]), decimals=wanted[c])
                if c in wanted
                else item
                for c, item in enumerate(row)
            ]
        )
    return out
