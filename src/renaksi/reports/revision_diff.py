"""The revision diff as people read it: one row per change, a count per kind, a workbook.

``core.revisions.diff_plans`` says *what* changed, by JSON paths; this module says *where*, in the
words of the plan: the outline number of the node concerned ("1.2.3", ``Plan.outlines``), its
level, the name, the period of a target, and the values before and after as the plan pages show
them (numbers Indonesian style: "125.000.000", "0,5"). The page, its download and ``renaksi
diff`` all show these rows, so they list the same changes in the same words.

    rows_of(old, new, changes=None) -> list[DiffRow]      # changes default to diff_plans(old, new)
    counts(rows) -> list[tuple[kind, n]]                   # in KINDS order, kinds that occur
    build_report(rows, labels, *, old_label, new_label) -> Report   # reports.xlsx renders it

Kinds (``Change.change``) in the order they are counted and explained: added, removed, renamed,
moved, code, level, objective, unit, annual_target, target, budget.

Pure Python: no Django, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.numbers import format_number
from ..core.periods import period_label
from ..core.plan import LEVEL_LABELS, Plan
from ..core.revisions import Change, diff_plans, node_paths
from . import HEADING, Cell, Report, Row, Section
from .common import center_cell, slug, text_cell

KINDS: tuple[str, ...] = (
    "added",
    "removed",
    "renamed",
    "moved",
    "code",
    "level",
    "objective",
    "unit",
    "annual_target",
    "target",
    "budget",
)
# Values compared as numbers (shown Indonesian style); the others are texts shown as written.
NUMERIC = {"annual_target", "target", "budget"}


@dataclass(frozen=True)
class DiffRow:
    """One change as shown: where (``where``: the outline number of the node concerned, in the
    new plan, or in the old one for a removal), what, and the values before and after."""

    kind: str  # a KINDS entry
    what: str  # "node" | "indicator"
    where: str  # "1.2.3"
    level: str  # the node's level (an indicator: its node's)
    name: str  # the new name (the old one for a removal)
    period: str  # a target's period ("TW2"), else ""
    old: str  # as shown; for a move, the old place's outline number
    new: str  # as shown; for a move, the new place's outline number
    certain: bool  # False: a pair a person should confirm (the names only resemble each other)
    change: Change = field(compare=False, repr=False)

    @property
    def period_label(self) -> str:
        return period_label(self.period) if self.period else ""

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    def to_dict(self) -> dict:
        """The change as ``Change.to_dict`` gives it, with where it is and the values as shown."""
        return {
            **self.change.to_dict(),
            "where": self.where,
            "shown_old": self.old,
            "shown_new": self.new,
        }


def shown_value(kind: str, value: str) -> str:
    """A value of ``diff_plans`` as the pages show it: a number Indonesian style for the numeric
    kinds ("125000000" → "125.000.000", "0.5" → "0,5"), anything else as it is."""
    if kind not in NUMERIC or not value:
        return value
    try:
        number = float(value)
    except ValueError:
        return value  # a text target ("Baik")
    return format_number(int(number) if number.is_integer() else number)


def rows_of(old: Plan, new: Plan, changes: list[Change] | None = None) -> list[DiffRow]:
    """The changes from ``old`` to ``new`` (``diff_plans`` unless given), in its order: the new
    plan's order, then what was removed."""
    if changes is None:
        changes = diff_plans(old, new)
    old_outline, new_outline = _outlines(old), _outlines(new)

    def place(path: str | None, outlines: dict[str, str]) -> str:
        if path is None:
            return ""
        return outlines.get(path.split("#", 1)[0], "")

    rows = []
    for change in changes:
        where = place(change.new_path, new_outline) or place(change.old_path, old_outline)
        if change.change == "moved":
            before = place(change.old_path, old_outline)
            after = place(change.new_path, new_outline)
        else:
            before = shown_value(change.change, change.old)
            after = shown_value(change.change, change.new)
        rows.append(
            DiffRow(
                kind=change.change,
                what=change.what,
                where=where,
                level=change.level,
                name=change.name,
                period=change.field,
                old=before,
                new=after,
                certain=change.certain,
                change=change,
            )
        )
    return rows


def _outlines(plan: Plan) -> dict[str, str]:
    """Each node's outline number by its path."""
    by_id = plan.outlines()
    return {path: by_id[id(node)] for path, node, _parent in node_paths(plan)}


def counts(rows: list[DiffRow]) -> list[tuple[str, int]]:
    """(kind, number of rows) for the kinds that occur, in ``KINDS`` order."""
    seen: dict[str, int] = {}
    for row in rows:
        seen[row.kind] = seen.get(row.kind, 0) + 1
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(seen.items(), key=lambda item: order.get(item[0], len(order)))


@dataclass(frozen=True)
class Labels:
    """The words of the workbook: its title, column headings, a name per kind, the mark of an
    uncertain pair, a node and an indicator. Indonesian by default (the language of the reports);
    the site passes them in the reader's language."""

    title: str = "PERBANDINGAN REVISI RENCANA AKSI"
    summary: str = "Ringkasan"
    changes: str = "Perubahan"
    columns: tuple[str, ...] = (
        "No",
        "Perubahan",
        "Letak",
        "Tingkat",
        "Uraian",
        "Periode",
        "Sebelum",
        "Sesudah",
        "Pasangan",
    )
    count: str = "Jumlah"
    kinds: dict[str, str] = field(
        default_factory=lambda: {
            "added": "ditambah",
            "removed": "dihapus",
            "renamed": "diganti nama",
            "moved": "dipindah",
            "code": "kode berubah",
            "level": "tingkat berubah",
            "objective": "sasaran berubah",
            "unit": "satuan berubah",
            "annual_target": "target tahunan berubah",
            "target": "target berubah",
            "budget": "anggaran berubah",
        }
    )
    uncertain: str = "perlu dipastikan"
    indicator: str = "Indikator"
    none: str = "Tidak ada perbedaan."


WIDTHS = [5, 16, 10, 12, 48, 8, 24, 24, 12]


def build_report(rows: list[DiffRow], labels: Labels, *, old_label: str, new_label: str) -> Report:
    """The rows as a report (``reports.xlsx.render`` writes it; every text stays text): a
    title, "old → new", the table of changes, then the count per kind."""
    header: list[Row] = [[Cell(str(c), HEADING) for c in labels.columns]]
    body: list[Row] = []
    for n, row in enumerate(rows, start=1):
        name = f"{labels.indicator}: {row.name}" if row.what == "indicator" else row.name
        body.append(
            [
                center_cell(str(n)),
                text_cell(labels.kinds.get(row.kind, row.kind)),
                center_cell(row.where),
                text_cell(row.level_label),
                text_cell(name),
                center_cell(row.period_label),
                text_cell(row.old),
                text_cell(row.new),
                center_cell("" if row.certain else labels.uncertain),
            ]
        )
    if not body:
        body.append([text_cell(labels.none, colspan=len(WIDTHS)), *[None] * (len(WIDTHS) - 1)])
    summary = Section(
        heading=labels.summary,
        header=[[Cell(labels.changes, HEADING), Cell(labels.count, HEADING)]],
        body=[
            [text_cell(labels.kinds.get(kind, kind)), center_cell(str(n))]
            for kind, n in counts(rows)
        ],
        widths=[30, 10],
    )
    report = Report(
        name=slug("perbandingan", old_label, new_label)[:120] or "perbandingan",
        title=[labels.title, f"{old_label} → {new_label}"],
        header=header,
        body=body,
        widths=list(WIDTHS),
        sections=[summary] if summary.body else [],
    )
    report.check()
    return report
