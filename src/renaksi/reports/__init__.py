"""Reports that officials sign: data-only value objects, and renderers that know no report.

A builder (``rencana_aksi.build``) turns a core Plan into a ``Report``: title lines, header rows,
body rows of cells, column widths and a signature block. Renderers (``xlsx.render``,
``docx.render``) turn any Report into the bytes of a file. Builders never format a file;
renderers never know which report they render.

Rows are full-width grids: ``row[c]`` is the Cell that starts at column ``c``, or None where the
position is covered by a cell above or to the left that spans it (rowspan/colspan). Every row of
a table has the same length (``Report.width``).

Pure Python: no Django, no file I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "Cell",
    "Report",
    "Row",
    "Signature",
    "format_date",
]

# Cell kinds: how a renderer should show a cell (never what it means in a report).
TEXT = "text"  # wrapped text, aligned left
NUMBER = (
    "number"  # a numeric value (``Cell.value``), aligned right; ``text`` is its Indonesian form
)
CENTER = "center"  # short text centered: numbering, units, text targets
HEADING = "heading"  # a column heading: bold, centered, filled
KINDS = (TEXT, NUMBER, CENTER, HEADING)


@dataclass(frozen=True)
class Cell:
    """One cell: its text as printed, its numeric value when it is a number, its span and kind."""

    text: str = ""
    kind: str = TEXT
    value: int | float | None = None
    rowspan: int = 1
    colspan: int = 1
    decimals: int = 0  # digits after the decimal mark of a NUMBER as printed

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown cell kind {self.kind!r}")
        if self.rowspan < 1 or self.colspan < 1:
            raise ValueError("spans are at least 1")


Row = list[Cell | None]


@dataclass(frozen=True)
class Signature:
    """Who signs: "Kaligondang, 3 Januari 2022 / Camat Kaligondang / (name) / NIP. …". All optional."""

    place: str | None = None
    date: dt.date | str | None = None
    position: str | None = None
    name: str | None = None
    nip: str | None = None

    def lines(self) -> list[str]:
        """The block as printed, top to bottom; an empty line stands for the space to sign in."""
        out = []
        when = ", ".join(x for x in (self.place, format_date(self.date)) if x)
        if when:
            out.append(when)
        if self.position:
            out.append(self.position)
        if self.name or self.nip:
            out += ["", "", ""]
        if self.name:
            out.append(self.name)
        if self.nip:
            out.append(f"NIP. {self.nip}")
        return out

    @property
    def empty(self) -> bool:
        return not any((self.place, self.date, self.position, self.name, self.nip))


_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def format_date(value: dt.date | str | None) -> str:
    """3 Januari 2022 for a date; text as written; "" for None."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return str(value)


@dataclass
class Report:
    """A report as data: what to print, not how.

    ``header`` rows repeat on every printed page; ``widths`` are column widths in characters (a
    hint); ``name`` is a short slug for file names ("rencana-aksi-2022-kecamatan-kaligondang").
    """

    name: str
    title: list[str]
    header: list[Row]
    body: list[Row]
    widths: list[float]
    signature: Signature | None = None
    landscape: bool = True
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def width(self) -> int:
        return len(self.widths)

    def rows(self) -> list[Row]:
        """Header rows then body rows."""
        return [*self.header, *self.body]

    def merges(self) -> list[tuple[int, int, int, int]]:
        """(row, col, rowspan, colspan) of every spanning cell, rows counted over ``rows()``."""
        return [
            (r, c, cell.rowspan, cell.colspan)
            for r, row in enumerate(self.rows())
            for c, cell in enumerate(row)
            if cell is not None and (cell.rowspan > 1 or cell.colspan > 1)
        ]

    def check(self) -> None:
        """Raise ValueError unless every row is full width and spans cover exactly the Nones."""
        for part in (self.header, self.body):
            covered: set[tuple[int, int]] = set()
            for r, row in enumerate(part):
                if len(row) != self.width:
                    raise ValueError(f"row {r} has {len(row)} cells, not {self.width}")
                for c, cell in enumerate(row):
                    if cell is None:
                        if (r, c) not in covered:
                            raise ValueError(f"row {r} column {c} is None but covered by nothing")
                        continue
                    if (r, c) in covered:
                        raise ValueError(f"row {r} column {c} is covered yet holds a cell")
                    if r + cell.rowspan > len(part) or c + cell.colspan > self.width:
                        raise ValueError(f"row {r} column {c} spans beyond the table")
                    covered |= {
                        (r + i, c + j)
                        for i in range(cell.rowspan)
                        for j in range(cell.colspan)
                        if i or j
                    }
