"""The preview's correction panel: the document's rows as read, with the controls to correct the
reading (header row, column roles, row levels, rows left out), and the form it posts, parsed.

What a posted form means for the reading is ``corrections.apply_correction``'s; here only what the
page shows (a part of the document's rows at a time: the SQL queries do not depend on it, the
document is in the pending import) and what the form sends, checked for form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ...core import plan as core
from ...core.periods import period_label
from ...importers import Mapping, Reading
from ...importers.grid import Grid
from ...importers.mapping import COLUMN_ROLES, MAX_COLUMNS, MAX_LINE, PERIOD_ROLES
from . import corrections
from .corrections import Correction
from .models import LEVEL_CHOICES, LEVEL_LABELS, ImportSession

PANEL_ROWS = 100  # rows of the document per page of the panel
PANEL_COLUMNS = 60  # cells shown per row (a wider document is corrected with renaksi parse)
PANEL_CELL = 80  # characters of a cell shown (the whole text in its title)
MAX_FORM_ROWS = 1_000  # rows one correction form may name (a page shows PANEL_ROWS)


@dataclass
class PanelColumn:
    col: int
    label: str
    role: str  # the role key read ("" not read)
    corrected: bool  # given by a correction


@dataclass
class PanelRow:
    line: int
    ref: str | None
    cells: list[tuple[str, str]]  # (shown, whole)
    header: bool  # the (lowest) header row of a table
    in_header: bool  # a row of a table's header
    excluded: bool
    level: str  # the level its select shows ("" automatic)
    read_as: str  # what the importer made of it
    ruled: bool  # a correction decides its level or exclusion
    columns: list[PanelColumn] | None = None  # the table's columns, on its header row


@dataclass
class Panel:
    rows: list[PanelRow]
    width: int
    page: int
    pages: int
    total: int
    role_choices: list[tuple[str, str]]
    level_choices: list[tuple[str, str]]
    too_wide: bool

    @property
    def role_keys(self) -> set[str]:
        return {key for key, _label in self.role_choices}

    @property
    def page_numbers(self) -> range:
        return range(1, self.pages + 1)


def role_choices(document: core.Plan, reading: Reading) -> list[tuple[str, str]]:
    """The roles a column may be given, with their labels, in the order of COLUMN_ROLES."""
    periods = list(dict.fromkeys(["TW1", "TW2", "TW3", "TW4", *document.periods]))
    for table in reading.tables:
        for column in table.columns:
            role, _sep, qualifier = (column.role or "").partition(":")
            if role in PERIOD_ROLES and qualifier and qualifier not in periods:
                periods.append(qualifier)
    labels = {
        "name": _("Name (any level)"),
        "objective": _("Sasaran (result statement)"),
        "indicator": _("Indicator"),
        "unit": _("Unit of measure (satuan)"),
        "annual": _("Annual target"),
        "budget": _("Budget"),
        "code": _("Code"),
        "number": _("Number (No.)"),
        "level": _("Level (tingkat)"),
        "note": _("Note"),
        "ignore": _("Ignore"),
    }
    choices = [("", _("— not read"))]
    for role in COLUMN_ROLES:
        if role == "target":
            choices += [
                (f"target:{p}", _("Target %(period)s") % {"period": period_label(p)})
                for p in periods
            ]
        elif role == "actual":
            choices += [
                (f"actual:{p}", _("Realisasi %(period)s") % {"period": period_label(p)})
                for p in periods
            ]
        else:
            choices.append((role, labels[role]))
        if role == "name":
            choices += [
                (f"name:{level}", _("Name: %(level)s") % {"level": label})
                for level, label in LEVEL_CHOICES
            ]
    return choices


def build_panel(
    session: ImportSession, document: core.Plan, reading: Reading, grid: Grid, page: int
) -> Panel:
    mapping = Mapping.from_dict(session.mapping or {})
    rows = [row for row in grid.rows if not row.is_blank()]
    pages = max(1, -(-len(rows) // PANEL_ROWS))
    page = min(max(page, 1), pages)
    shown = rows[(page - 1) * PANEL_ROWS : page * PANEL_ROWS]
    tables = {t.header_line: t for t in reading.tables if t.header_line is not None}
    in_header = {line for t in reading.tables for line in t.header_lines}
    body = {line for t in reading.tables for line in t.body_lines}
    width = min(max((len(r.cells) for r in shown), default=0), PANEL_COLUMNS)
    too_wide = any(len(r.cells) > PANEL_COLUMNS for r in shown)
    out = []
    for row in shown:
        rule = mapping.row_rule(row.line, row.cells)
        excluded = row.line in reading.excluded
        level = corrections.shown_level(mapping, reading, row)
        table = tables.get(row.line)
        columns = None
        if table is not None:
            columns = [
                PanelColumn(c.col, c.label, c.role or "", c.source == "mapping")
                for c in table.columns[:width]
            ]
            columns += [PanelColumn(col, "", "", False) for col in range(len(columns), width)]
        out.append(
            PanelRow(
                line=row.line,
                ref=row.ref,
                cells=[
                    (c if len(c) <= PANEL_CELL else c[: PANEL_CELL - 1] + "…", c)
                    for c in (row.cells[:width] + [""] * (width - len(row.cells)))
                ],
                header=table is not None,
                in_header=row.line in in_header,
                excluded=excluded,
                level=level,
                read_as=_read_as(row.line, reading, in_header, body, table is not None),
                ruled=rule is not None,
                columns=columns,
            )
        )
    return Panel(
        rows=out,
        width=width,
        page=page,
        pages=pages,
        total=len(rows),
        role_choices=role_choices(document, reading),
        level_choices=[("", _("automatic"))] + [(c, str(label)) for c, label in LEVEL_CHOICES],
        too_wide=too_wide,
    )


def _read_as(line: int, reading: Reading, in_header: set, body: set, header: bool) -> str:
    if line in reading.excluded:
        return _("left out")
    if header:
        return _("header row")
    if line in in_header:
        return _("header")
    if line in reading.levels:
        return str(LEVEL_LABELS.get(reading.levels[line], reading.levels[line]))
    if line in reading.ignored:
        return _("not part of the plan")
    if line in body:
        return _("in the table")
    return _("not read")


def _lines(values: list[str]) -> list[int]:
    """Line numbers posted by the form; anything else is a form not made by the page."""
    lines = []
    for value in values[:MAX_FORM_ROWS]:
        if not value.isdigit() or not 1 <= int(value) <= MAX_LINE:
            raise ValueError(value)
        lines.append(int(value))
    return lines


_ROLE_FIELD = re.compile(r"^role-(\d{1,8})-(\d{1,3})$")


def parse_correction(post) -> Correction:
    """The correction form, as posted (the service checks what it means). Raises ValueError."""
    rows = _lines(post.getlist("row"))
    tables = _lines(post.getlist("table"))
    shown = set(tables)
    roles = {}
    for key in post:
        match = _ROLE_FIELD.match(key)
        if match and int(match[1]) in shown and int(match[2]) < MAX_COLUMNS:
            roles[(int(match[1]), int(match[2]))] = post[key][:40]
    return Correction(
        rows=rows,
        headers=set(_lines(post.getlist("header"))),
        excluded=set(_lines(post.getlist("exclude"))),
        levels={line: post[f"level-{line}"][:20] for line in rows if f"level-{line}" in post},
        tables=tables,
        roles=roles,
    )
