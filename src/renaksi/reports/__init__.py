"""Reports that officials sign: data-only value objects, and renderers that know no report.

A builder (``rencana_aksi.build``) turns a core Plan into a ``Report``: title lines, header rows,
body rows of cells, column widths and a signature block. Renderers (``xlsx.render``,
``docx.render``) turn any Report into the bytes of a file. Builders never format a file;
renderers never know which report they render.

A report holds one main table (``header``/``body``, under an optional ``heading``) and may hold
further tables (``sections``: a ``Section`` each, with its own heading, header rows, body rows and
widths), printed one after the other; then ``notes`` (lines under the tables: a verifier's note)
and the signature. ``Report.tables()`` gives every table as a Section, main table first; renderers
print them all. Reports with one table never need to know that sections exist.

Rows are full-width grids: ``row[c]`` is the Cell that starts at column ``c``, or None where the
position is covered by a cell above or to the left that spans it (rowspan/colspan). Every row of
a table has the same length (``Report.width`` for the main table, ``Section.width`` for others).

The builders of each report, by name, are in ``REPORTS`` (see the bottom of this module).

Pure Python: no Django, no file I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "PAPERS",
    "REPORTS",
    "Cell",
    "Report",
    "Row",
    "Section",
    "Signature",
    "adoption_line",
    "format_date",
]

# Paper sizes every renderer knows, in millimetres (short side, long side). F4 (folio, 215 × 330)
# is what many Indonesian offices print on; A4 the default; A3 for wide forms (the Evaluasi Renja).
PAPERS: dict[str, tuple[int, int]] = {"A4": (210, 297), "F4": (215, 330), "A3": (297, 420)}


def check_paper(paper: str) -> tuple[int, int]:
    """The paper's (short, long) sides in mm; ValueError naming the choices for another name."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}: one of {', '.join(PAPERS)}")
    return PAPERS[paper]


# The file formats a report is rendered to, each by its module's ``render(report, paper)``.
FORMATS = ("xlsx", "docx", "pdf")


def renderer(fmt: str) -> Callable[[Report, str], bytes]:
    """The ``render(report, paper)`` of ``fmt``; imported when asked for (the PDF one needs
    WeasyPrint and Debian's pango). ValueError for a format not in ``FORMATS``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    from importlib import import_module

    return import_module(f"{__name__}.{fmt}").render


# Page numbers as every renderer prints them at the foot of each page.
PAGE_OF = ("Halaman ", " dari ")


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


def adoption_line(adopted_on: dt.date | None, decree_number: str | None = None) -> str:
    """The plan's state as a report prints it under its title: "Ditetapkan 3 Januari 2022, Nomor
    050/123/2022" for an adopted plan (``adopted_on`` given), else "Draf (belum ditetapkan)"."""
    if adopted_on is None:
        return "Draf (belum ditetapkan)"
    line = f"Ditetapkan {format_date(adopted_on)}"
    return f"{line}, Nomor {decree_number}" if decree_number else line


def _merges(rows: list[Row]) -> list[tuple[int, int, int, int]]:
    return [
        (r, c, cell.rowspan, cell.colspan)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row)
        if cell is not None and (cell.rowspan > 1 or cell.colspan > 1)
    ]


def _check(parts: tuple[list[Row], ...], width: int) -> None:
    for part in parts:
        covered: set[tuple[int, int]] = set()
        for r, row in enumerate(part):
            if len(row) != width:
                raise ValueError(f"row {r} has {len(row)} cells, not {width}")
            for c, cell in enumerate(row):
                if cell is None:
                    if (r, c) not in covered:
                        raise ValueError(f"row {r} column {c} is None but covered by nothing")
                    continue
                if (r, c) in covered:
                    raise ValueError(f"row {r} column {c} is covered yet holds a cell")
                if r + cell.rowspan > len(part) or c + cell.colspan > width:
                    raise ValueError(f"row {r} column {c} spans beyond the table")
                covered |= {
                    (r + i, c + j)
                    for i in range(cell.rowspan)
                    for j in range(cell.colspan)
                    if i or j
                }


@dataclass
class Section:
    """One table of a report: a heading line above it (may be empty), header rows, body rows."""

    heading: str
    header: list[Row]
    body: list[Row]
    widths: list[float]

    @property
    def width(self) -> int:
        return len(self.widths)

    def rows(self) -> list[Row]:
        """Header rows then body rows."""
        return [*self.header, *self.body]

    def merges(self) -> list[tuple[int, int, int, int]]:
        """(row, col, rowspan, colspan) of every spanning cell, rows counted over ``rows()``."""
        return _merges(self.rows())

    def check(self) -> None:
        """Raise ValueError unless every row is full width and spans cover exactly the Nones."""
        _check((self.header, self.body), self.width)


@dataclass
class Report:
    """A report as data: what to print, not how.

    ``header`` rows repeat on every printed page; ``widths`` are column widths in characters (a
    hint); ``name`` is a short slug for file names ("rencana-aksi-2022-kecamatan-kaligondang").
    ``heading`` is a line above the main table; ``sections`` are further tables after it;
    ``notes`` are lines printed under the tables, before the signature.
    """

    name: str
    title: list[str]
    header: list[Row]
    body: list[Row]
    widths: list[float]
    signature: Signature | None = None
    landscape: bool = True
    meta: dict[str, str] = field(default_factory=dict)
    heading: str = ""
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.widths)

    def rows(self) -> list[Row]:
        """Header rows then body rows (of the main table)."""
        return [*self.header, *self.body]

    def merges(self) -> list[tuple[int, int, int, int]]:
        """(row, col, rowspan, colspan) of every spanning cell of the main table."""
        return _merges(self.rows())

    def tables(self) -> list[Section]:
        """Every table, the main one first, as Sections."""
        main = Section(self.heading, self.header, self.body, self.widths)
        return [main, *self.sections]

    @property
    def max_width(self) -> int:
        """Columns of the widest table."""
        return max(t.width for t in self.tables())

    def check(self) -> None:
        """Raise ValueError unless every table's rows are full width and spans cover the Nones."""
        for table in self.tables():
            table.check()


@dataclass(frozen=True)
class ReportType:
    """One kind of report: its label, whether it is about one period, and how to build it.

    ``build(plan, monitoring=None, *, period=None, signature=None) -> Report``; ``monitoring`` is a
    ``reports.data.Monitoring`` (realisasi, narrative, budget spent, states); ``period`` ("TW2")
    is required when ``needs_period``.
    """

    key: str
    label: str
    build: Callable[..., Report]
    needs_period: bool = False
    needs_monitoring: bool = False
    # A whole-plan report that may also be made up to one period (``period`` optional).
    period_optional: bool = False


# Every report, by the name used in URLs, file names and ``renaksi export --report``.
# Adding a report: a module with a ``build`` and one line here.
from . import evaluasi_renja, pemantauan, pengukuran, perjanjian_kinerja, rencana_aksi  # noqa: E402

REPORTS: dict[str, ReportType] = {
    t.key: t
    for t in (
        ReportType("rencana-aksi", "Rencana Aksi", rencana_aksi.build_report),
        ReportType("pemantauan", "Pemantauan Rencana Aksi", pemantauan.build, True, True),
        ReportType("pengukuran", "Pengukuran Kinerja", pengukuran.build, False, True),
        ReportType("evaluasi-renja", "Evaluasi Renja", evaluasi_renja.build, False, True, True),
        ReportType("perjanjian-kinerja", "Perjanjian Kinerja", perjanjian_kinerja.build),
    )
}
