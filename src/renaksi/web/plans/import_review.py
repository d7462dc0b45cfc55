"""What the preview says first about a reading, and the checks before it is saved. No database.

``summarize`` gives the counts per level, the numbers of errors and warnings, and a plain verdict:
the reasons to think the reading is wrong (no indicators, nodes without indicator or target, a
level missing between others, most table rows unread, more problems than nodes). ``mismatch``
compares the unit and year the document names with those it is being saved for; names are
compared loosely (case, spacing, a "Kecamatan"/"Kec." prefix).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ...core import plan as core
from ...core.plan import LEVELS
from ...importers import Reading
from ...importers.grid import Grid
from .models import LEVEL_CHOICES, LEVEL_LABELS

SEVERITIES = ("error", "warning", "info")


@dataclass
class Summary:
    counts: list[tuple[str, str, int]]  # (level, label, count) of the levels read
    nodes: int
    indicators: int
    errors: int
    warnings: int
    notes: int
    reasons: list[str] = field(default_factory=list)  # why the reading looks wrong

    @property
    def looks_wrong(self) -> bool:
        return bool(self.reasons)


def summarize(
    document: core.Plan, reading: Reading | None = None, grid: Grid | None = None
) -> Summary:
    nodes = [node for node, _parent in document.walk()]
    indicators = [indicator for _node, indicator in document.indicators()]
    severities = {s: sum(1 for f in document.findings if f.severity == s) for s in SEVERITIES}
    summary = Summary(
        counts=[
            (level, str(label), document.count(level))
            for level, label in LEVEL_CHOICES
            if document.count(level)
        ],
        nodes=len(nodes),
        indicators=len(indicators),
        errors=severities["error"],
        warnings=severities["warning"],
        notes=severities["info"],
    )
    reasons = summary.reasons
    if not nodes:
        reasons.append(_("No plan rows were read."))
        return summary
    if not indicators:
        reasons.append(_("No indicators were read."))
    lowest = [n for n in nodes if not n.children]
    bare = sum(1 for n in lowest if not n.indicators)
    if indicators and bare * 2 > len(lowest):
        reasons.append(
            _("%(count)s of the %(total)s lowest rows of the cascade have no indicator.")
            % {"count": bare, "total": len(lowest)}
        )
    untargeted = sum(1 for i in indicators if not _has_target(i))
    if indicators and untargeted * 2 > len(indicators):
        reasons.append(
            _("%(count)s of the %(total)s indicators have no target.")
            % {"count": untargeted, "total": len(indicators)}
        )
    present = [level for level in LEVELS if document.count(level)]
    if present:
        first, last = LEVELS.index(present[0]), LEVELS.index(present[-1])
        missing = [level for level in LEVELS[first : last + 1] if level not in present]
        if missing:
            reasons.append(
                _("No %(missing)s was read between %(above)s and %(below)s.")
                % {
                    "missing": ", ".join(str(LEVEL_LABELS[m]) for m in missing),
                    "above": LEVEL_LABELS[present[0]],
                    "below": LEVEL_LABELS[present[-1]],
                }
            )
    if reading is not None and grid is not None:
        unread, rows = unread_rows(reading, grid)
        if unread * 2 > rows:
            reasons.append(
                _("%(count)s of the document's %(total)s table rows were not read.")
                % {"count": unread, "total": rows}
            )
    problems = summary.errors + summary.warnings
    if problems > len(nodes):
        reasons.append(
            _("More problems were found (%(problems)s) than cascade rows read (%(nodes)s).")
            % {"problems": problems, "nodes": len(nodes)}
        )
    return summary


def _has_target(indicator: core.Indicator) -> bool:
    values = [indicator.annual_target, *indicator.targets.values()]
    return any(v is not None and v != "" for v in values)


def unread_rows(reading: Reading, grid: Grid) -> tuple[int, int]:
    """(rows not read, rows): the grid's rows of two or more cells (table rows), and how many of
    them are in no table the importer read, nor left out by a person or by the importer."""
    read = set(reading.excluded) | set(reading.ignored)
    for table in reading.tables:
        read.update(table.header_lines)
        read.update(table.body_lines)
    rows = [row.line for row in grid.rows if sum(1 for c in row.cells if c) >= 2]
    return sum(1 for line in rows if line not in read), len(rows)


# ---------------------------------------------------------------------------------------------
# The document's unit and year against those chosen


_PREFIX = {"kecamatan", "kec"}


def unit_key(name: str) -> str:
    """A unit's name compared loosely: no case, spacing, punctuation or "Kecamatan"/"Kec." prefix."""
    words = re.findall(r"[^\W_]+", name.lower())
    while words and words[0] in _PREFIX:
        words = words[1:]
    return "".join(words)


def same_unit(document_unit: str, unit: str) -> bool:
    """Does the document's unit name the chosen unit? A longer name that starts with the other
    ("Kecamatan Kaligondang Kabupaten Purbalingga") is the same unit."""
    a, b = unit_key(document_unit), unit_key(unit)
    if not a or not b:
        return True
    return a == b or a.startswith(b) or b.startswith(a)


@dataclass
class Mismatch:
    """The document names another unit or year than the one it is saved for."""

    document_unit: str | None
    document_year: int | None
    unit: str
    year: int
    unit_differs: bool
    year_differs: bool

    @property
    def document_text(self) -> str:
        return _describe(self.document_unit, self.document_year)

    @property
    def target_text(self) -> str:
        return _describe(self.unit, self.year)

    def statement(self) -> str:
        """What a person ticks to save it anyway: both named."""
        return _("I am sure: this document names %(document)s, and is saved for %(target)s.") % {
            "document": self.document_text,
            "target": self.target_text,
        }


def _describe(unit: str | None, year: int | None) -> str:
    if unit and year:
        return _("%(unit)s year %(year)s") % {"unit": unit, "year": year}
    if unit:
        return unit
    return _("the year %(year)s") % {"year": year}


def mismatch(document: core.Plan, unit: str, year: int) -> Mismatch | None:
    unit_differs = bool(document.unit) and not same_unit(document.unit or "", unit)
    year_differs = bool(document.year) and int(document.year or 0) != int(year)
    if not unit_differs and not year_differs:
        return None
    return Mismatch(
        document_unit=document.unit,
        document_year=int(document.year) if document.year else None,
        unit=unit,
        year=int(year),
        unit_differs=unit_differs,
        year_differs=year_differs,
    )
