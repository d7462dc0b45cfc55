"""A quarter's realisasi sheet as an Excel workbook to fill in offline, and that workbook read back.

``write_workbook`` writes one row per indicator of the plan for the period, in the sheet's order:
the context (number, level and name of the node, the indicator, its satuan, the period's target)
locked, the editable cells (realisasi, kendala, faktor pendukung, tindak lanjut) unlocked and
coloured; the sheet is protected without a password (it says what not to edit, it is no secret).
A second sheet holds the budget spent of the nodes that have one on the page. Every text goes
through the reports' formula-safe writer (``reports.xlsx.put_text``): a text starting with = + - @
stays a text. Numbers are numbers, with a thousands-separated format that Excel shows in the
reader's own style (1.250,5 in Indonesian).

What identifies the rows is hidden: column A holds each row's key (``i:<indicator>:<version>:…``
or ``n:<node>:<version>:…``: the version its realisation or budget spent had at the download and
a short digest of each editable cell as written, signed with the site's secret), a hidden row
names the columns (so that a moved column is still read right), and a hidden sheet holds the plan
and period, signed too: a workbook of another plan or period, or a key typed by hand, is refused.
The digests tell which cells a person edited: a row left as downloaded changes nothing, even if
the page changed it since; a row edited offline and on the page since the download (its version
differs) is a conflict.

``read_workbook`` reads an uploaded workbook within the importers' limits (the file's size, what
its zip inflates to and how many members it has, how many cells its sheets declare, how many rows
are read) and gives each keyed row's editable cells as read, with the cells that cannot be values
(a formula, an error, a date) and the rows that were added by hand as errors; it never evaluates
anything. Parsing a cell into a value (``parse_value``, ``parse_narrative``, ``parse_spent``)
follows the page's rules: what the page accepts, the workbook accepts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django import forms
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...core import plan as core
from ...core.text import has_nul, shorten, strip_controls
from ...importers import common
from ...importers.grid import UnreadableDocument
from ...importers.xlsx import is_percent_format
from ...reports.xlsx import put_text
from ..plans.forms import MAX_BUDGET, MAX_TARGET, format_value, parse_value, period_heading
from ..plans.models import LEVEL_LABELS, Node, Plan
from ..plans.selectors import decimal_to_number
from ..plans.services import checked_text
from .forms import RowError, parse_amount

FORMAT = "renaksi-realisasi"
FORMAT_VERSION = "1"
MARKER_SHEET = "renaksi"
KEY_TOKEN = "renaksi:key"  # column A of the hidden row that names the columns
_SALT = "renaksi.monitoring.workbook"

# An uploaded sheet is a plan's indicators (a few hundred to a few thousand rows): far below
# these, which keep reading it to a second or two whatever the file holds.
MAX_BYTES = 5 * 1024 * 1024
MAX_CELLS = 200_000  # declared in the sheets' XML, empty ones included
MAX_ROWS = common.MAX_ROWS
MAX_COLUMNS = 30  # columns read of each row (the sheet has 11): a wide sheet costs nothing

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str  # names the column in the hidden row
    label: object  # the heading (lazy: in the language of the download)
    width: int
    editable: bool = False
    field: str = ""  # the service's name of an editable column's value


REALISATION_SHEET = "Realisasi"
SPENT_SHEET = "Anggaran"
REALISATION_COLUMNS = (
    Column("key", "", 4),
    Column("number", gettext_lazy("No."), 8),
    Column("level", gettext_lazy("Level"), 14),
    Column("node", gettext_lazy("Name"), 40),
    Column("indicator", gettext_lazy("Performance indicator"), 45),
    Column("unit", gettext_lazy("Unit of measure"), 12),
    Column("target", gettext_lazy("Target"), 14),
    Column("value", gettext_lazy("Realisasi"), 16, True, "value"),
    Column("obstacles", gettext_lazy("Obstacles"), 40, True, "obstacles"),
    Column("factors", gettext_lazy("Supporting factors"), 40, True, "supporting_factors"),
    Column("followup", gettext_lazy("Follow-up"), 40, True, "follow_up"),
)
SPENT_COLUMNS = (
    Column("key", "", 4),
    Column("number", gettext_lazy("No."), 8),
    Column("level", gettext_lazy("Level"), 14),
    Column("node", gettext_lazy("Name"), 50),
    Column("budget", gettext_lazy("Budget (Rp)"), 20),
    Column("spent", gettext_lazy("Budget spent (Rp)"), 20, True, "spent"),
)
# The service's field → its column's heading (for the preview and the messages)
FIELD_LABELS = {c.field: c.label for c in (*REALISATION_COLUMNS, *SPENT_COLUMNS) if c.field}
_TITLE_ROWS = 3  # title, plan, what to fill in; then the hidden row of column keys, the headings
_KEYS_ROW = _TITLE_ROWS + 1
_HEADING_ROW = _KEYS_ROW + 1

_EDITABLE_FILL = "FFF2CC"
_HEADING_FILL = "D9E2F3"
_CONTEXT_FONT = "595959"


class WorkbookError(Exception):
    """An upload that is not this sheet's workbook, or cannot be read; nothing was kept."""


# ---------------------------------------------------------------------------------------------
# Keys


def _sign(plan_id: int, period: str, body: str) -> str:
    return salted_hmac(_SALT, f"{plan_id}:{period}:{body}").hexdigest()[:20]


def row_key(
    plan_id: int, period: str, kind: str, pk: int, version: int | None, cells: list[object]
) -> str:
    """A row's hidden key: what the row is (``kind`` "i" an indicator, "n" a node), the version
    of its realisasi or budget spent at the download, a digest of each editable cell as written
    (``cell_digest``: which cells a person edited), and their signature."""
    digests = ".".join(cell_digest(_as_written(c) if isinstance(c, str) else c) for c in cells)
    body = f"{kind}:{pk}:{'' if version is None else version}:{digests}"
    return f"{body}:{_sign(plan_id, period, body)}"


@dataclass(frozen=True)
class Key:
    kind: str
    pk: int
    version: int | None
    digests: tuple[str, ...]  # of the editable cells as written, in the columns' order


def _read_key(text: str, plan_id: int, period: str) -> Key | None:
    """The key of a row, if it is one signed for this plan and period; else None."""
    parts = text.split(":")
    if len(parts) != 5 or parts[0] not in ("i", "n"):
        return None
    kind, pk, version, digests, signature = parts
    if (
        not pk.isdigit()
        or len(pk) > 12
        or (version and (not version.isdigit() or len(version) > 9))
    ):
        return None
    body = f"{kind}:{pk}:{version}:{digests}"
    if not constant_time_compare(signature, _sign(plan_id, period, body)):
        return None
    return Key(kind, int(pk), int(version) if version else None, tuple(digests.split(".")))


def cell_digest(value: object) -> str:
    """A short digest of what a cell holds (a number by its value: 5 and 5.0 are one; a text
    as ``_normal`` leaves it): the same for a cell read back untouched as for it written."""
    value = _normal(value)
    if value is None:
        text = ""
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        text = "n" + (str(int(number)) if number.is_integer() else repr(number))
    else:
        text = "s" + str(value)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


# ---------------------------------------------------------------------------------------------
# What a cell holds


def number_cell(value: int | float | Decimal | None) -> int | float | str | None:
    """A number as the workbook holds it: an Excel number when one holds it exactly (15
    significant digits), else its Indonesian text ("1.234.567.890.123,4568"), which reads back
    as the same number."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = decimal_to_number(value)
    if isinstance(value, int) and abs(value) < 10**15:
        return value
    if isinstance(value, float) and math.isfinite(value) and float(f"{value:.15g}") == value:
        return value
    return format_value(value)


def value_cell(value: core.Value) -> int | float | str | None:
    """A realisasi or target as the workbook holds it: a number, or its text."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_cell(value)
    return str(value)


def realisation_cells(realisation) -> dict[str, object]:
    """The editable cells the download writes for a realisation (None: no realisation yet)."""
    if realisation is None:
        return {"value": None, "obstacles": None, "factors": None, "followup": None}
    return {
        "value": value_cell(stored_value(realisation)),
        "obstacles": realisation.obstacles or None,
        "factors": realisation.supporting_factors or None,
        "followup": realisation.follow_up or None,
    }


def spent_cells(spent) -> dict[str, object]:
    return {"spent": number_cell(spent.amount) if spent is not None else None}


def edited(raw: object, digest: str) -> bool:
    """Was a cell edited since the download? (``raw``: as read; ``digest``: from the row's key)"""
    return not constant_time_compare(cell_digest(raw), digest)


def _as_written(text: str) -> str:
    """A text as ``put_text`` leaves it in the cell (no control character; Excel's limit)."""
    from ...reports.xlsx import cell_text

    return _normal(cell_text(text)) or ""


def _normal(value: object) -> object:
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip() or None
    return value


# ---------------------------------------------------------------------------------------------
# Writing


@dataclass
class IndicatorRow:
    """One indicator of the sheet, with its node, as the download writes it."""

    node: Node
    indicator: object
    target: core.Value
    realisation: object | None


@dataclass
class SpentRow:
    node: Node
    spent: object | None  # BudgetSpent


def workbook_name(plan: Plan, period: str) -> str:
    from django.utils.text import slugify

    unit = slugify(plan.unit.name)[:60] or "unit"
    return f"realisasi-{plan.year}-{period.lower()}-{unit}.xlsx"


def write_workbook(
    *, plan: Plan, period: str, rows: list[IndicatorRow], spent: list[SpentRow]
) -> bytes:
    """The sheet's workbook (see the module's docstring)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = REALISATION_SHEET
    _title(
        sheet,
        plan,
        period,
        _(
            "Fill in the yellow columns only. Do not add rows or change the others: each row is saved to its indicator by a hidden key."
        ),
    )
    _headings(sheet, REALISATION_COLUMNS)
    for number, row in enumerate(rows, start=_HEADING_ROW + 1):
        indicator, node = row.indicator, row.node
        editable = realisation_cells(row.realisation)
        context = {
            "key": row_key(
                plan.pk,
                period,
                "i",
                indicator.pk,
                row.realisation.version if row.realisation else None,
                [editable[c.key] for c in REALISATION_COLUMNS if c.editable],
            ),
            "number": node.number,
            "level": str(LEVEL_LABELS.get(node.level, node.level)),
            "node": node.name,
            "indicator": indicator.name,
            "unit": indicator.unit,
            "target": value_cell(row.target),
        }
        _row(sheet, number, REALISATION_COLUMNS, {**context, **editable})
    _finish(sheet, REALISATION_COLUMNS, len(rows))
    if spent:
        budget = workbook.create_sheet(SPENT_SHEET)
        _title(
            budget,
            plan,
            period,
            _("Fill in the yellow column only: the budget spent up to this period, in rupiah."),
        )
        _headings(budget, SPENT_COLUMNS)
        for number, row in enumerate(spent, start=_HEADING_ROW + 1):
            node = row.node
            editable = spent_cells(row.spent)
            cells = {
                "key": row_key(
                    plan.pk,
                    period,
                    "n",
                    node.pk,
                    row.spent.version if row.spent else None,
                    [editable["spent"]],
                ),
                "number": node.number,
                "level": str(LEVEL_LABELS.get(node.level, node.level)),
                "node": node.name,
                "budget": number_cell(node.budget),
                **editable,
            }
            _row(budget, number, SPENT_COLUMNS, cells)
        _finish(budget, SPENT_COLUMNS, len(spent))
    marker = workbook.create_sheet(MARKER_SHEET)
    marker.sheet_state = "veryHidden"
    label = _plan_label(plan, period)
    for number, text in enumerate(
        (FORMAT, FORMAT_VERSION, str(plan.pk), period, _sign(plan.pk, period, "sheet"), label),
        start=1,
    ):
        put_text(marker.cell(row=number, column=1), text)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _plan_label(plan: Plan, period: str) -> str:
    return f"{plan.unit.name}, {plan.year}, {period_heading(period)}"


def _title(sheet, plan: Plan, period: str, help_text: str) -> None:
    from openpyxl.styles import Font

    put_text(
        sheet.cell(row=1, column=2),
        _("Realisasi %(period)s %(year)s") % {"period": period_heading(period), "year": plan.year},
    )
    sheet.cell(row=1, column=2).font = Font(bold=True, size=13)
    put_text(
        sheet.cell(row=2, column=2),
        f"{plan.unit.name} · {plan.get_version_display()} · "
        + _("revision %(revision)s") % {"revision": plan.revision},
    )
    put_text(sheet.cell(row=3, column=2), help_text)
    sheet.cell(row=3, column=2).font = Font(italic=True, color=_CONTEXT_FONT)


def _headings(sheet, columns) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for index, column in enumerate(columns, start=1):
        put_text(sheet.cell(row=_KEYS_ROW, column=index), KEY_TOKEN if index == 1 else column.key)
        cell = sheet.cell(row=_HEADING_ROW, column=index)
        put_text(cell, str(column.label))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.fill = PatternFill(
            "solid", fgColor=_EDITABLE_FILL if column.editable else _HEADING_FILL
        )
    sheet.row_dimensions[_KEYS_ROW].hidden = True


def _row(sheet, number: int, columns, cells: dict[str, object]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=number, column=index)
        value = cells.get(column.key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            cell.value = value
            cell.number_format = _number_format(value)
        else:
            put_text(cell, value)
        cell.alignment = Alignment(wrap_text=column.width >= 30, vertical="top")
        if column.editable:
            cell.protection = Protection(locked=False)
            cell.fill = PatternFill("solid", fgColor=_EDITABLE_FILL)
        elif index > 1:
            cell.font = Font(color=_CONTEXT_FONT)


def _number_format(value: int | float) -> str:
    """Thousands separated, as many decimals as the number has (at most six)."""
    if isinstance(value, int) or float(value).is_integer():
        return "#,##0"
    decimals = len(f"{value:.6f}".rstrip("0").split(".")[1])
    return "#,##0." + "0" * decimals


def _finish(sheet, columns, count: int) -> None:
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.column_dimensions["A"].hidden = True
    sheet.freeze_panes = sheet.cell(row=_HEADING_ROW + 1, column=2)
    # Locked cells cannot be changed, nor rows and columns added or removed; widths and heights
    # may be changed. No password: the protection says what not to edit, it guards nothing.
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass
class CellError:
    """What cannot be read, where: the row, the column's heading ("" for the whole row), and the
    sheet when it is not the realisasi sheet (the budget's rows are numbered on their own)."""

    row: int
    column: str
    message: str
    sheet: str = ""

    def to_dict(self) -> dict:
        found = {"row": self.row, "column": self.column, "message": self.message}
        return {**found, "sheet": self.sheet} if self.sheet else found


@dataclass
class KeyedRow:
    """A row of the uploaded workbook with a valid key: its editable cells as read."""

    row: int
    pk: int
    version: int | None
    digests: dict[str, str] = field(default_factory=dict)  # column key → digest at the download
    cells: dict[str, object] = field(default_factory=dict)  # column key → value as read
    bad: set[str] = field(default_factory=set)  # the column keys whose cell is an error


@dataclass
class WorkbookRead:
    """What an uploaded workbook holds: its indicator rows, its budget rows, what is wrong."""

    rows: list[KeyedRow] = field(default_factory=list)
    spent: list[KeyedRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


def too_large() -> WorkbookError:
    from django.template.defaultfilters import filesizeformat

    return WorkbookError(
        _("The file is larger than %(size)s: it is not a realisasi sheet; nothing was read.")
        % {"size": filesizeformat(MAX_BYTES)}
    )


def save_upload(upload, directory: str) -> Path:
    """Write an uploaded file to ``directory``; WorkbookError if it is larger than MAX_BYTES."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise too_large()
    path = Path(directory) / "upload.xlsx"
    written = 0
    with path.open("wb") as out:
        for chunk in upload.chunks():
            written += len(chunk)
            if written > MAX_BYTES:
                raise too_large()
            out.write(chunk)
    return path


def read_upload(upload, *, plan: Plan, period: str) -> WorkbookRead:
    """An uploaded file read as this plan's and period's workbook (``read_workbook``)."""
    with tempfile.TemporaryDirectory(prefix="renaksi-sheet-") as directory:
        return read_workbook(save_upload(upload, directory), plan=plan, period=period)


def read_workbook(path: Path, *, plan: Plan, period: str) -> WorkbookRead:
    """The workbook at ``path`` read as the sheet of ``plan`` for ``period``.

    Raises WorkbookError (nothing was read) for a file that is not an Excel workbook, exceeds
    the limits, is not a Renaksi realisasi sheet, or is the sheet of another plan or period.
    """
    from openpyxl import load_workbook

    if path.stat().st_size > MAX_BYTES:
        raise too_large()
    _check_zip(path)
    cells = common.count_in_parts(
        path,
        lambda name: name.startswith("xl/worksheets/") and name.endswith(".xml"),
        (b"<c ", b"<c>"),
    )
    if cells > MAX_CELLS:
        raise WorkbookError(
            _("The workbook has more than %(cells)s cells: it is not a realisasi sheet.")
            % {"cells": f"{MAX_CELLS:,}".replace(",", ".")}
        )
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # zipfile, KeyError, XML and openpyxl errors alike
        raise WorkbookError(
            _("The file is not an Excel workbook (.xlsx), or it is damaged.")
        ) from exc
    try:
        _check_marker(workbook, plan, period)
        result = WorkbookRead()
        if REALISATION_SHEET not in workbook.sheetnames:
            raise WorkbookError(
                _("The workbook has no sheet “%(name)s”.") % {"name": REALISATION_SHEET}
            )
        seen: set[tuple[str, int]] = set()
        _read_sheet(
            workbook[REALISATION_SHEET],
            "i",
            REALISATION_COLUMNS,
            plan,
            period,
            result.rows,
            result.errors,
            seen,
        )
        if SPENT_SHEET in workbook.sheetnames:
            _read_sheet(
                workbook[SPENT_SHEET],
                "n",
                SPENT_COLUMNS,
                plan,
                period,
                result.spent,
                result.errors,
                seen,
            )
    except WorkbookError:
        raise
    except Exception as exc:  # a part openpyxl cannot read
        raise WorkbookError(
            _("The file is not an Excel workbook (.xlsx), or it is damaged.")
        ) from exc
    finally:
        workbook.close()  # read-only mode keeps the archive open
    return result


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_zip(path: Path) -> None:
    """The importers' check of a zip archive (``common.check_zip``: a whole archive, of at most
    ``common.MAX_MEMBERS`` parts inflating to at most ``common.MAX_INFLATED``), said in the
    person's language."""
    with path.open("rb") as file:
        head = file.read(len(_OLE_MAGIC))
    if head == _OLE_MAGIC:
        raise WorkbookError(
            _(
                "The file is password-protected or in the old Excel format (.xls): save it as "
                ".xlsx without a password and upload it again."
            )
        )
    try:
        common.check_zip(path, "Excel")
    except UnreadableDocument as exc:
        if "inflates" in str(exc):
            raise WorkbookError(
                _("The file inflates to more than %(size)s MB: it is not a realisasi sheet.")
                % {"size": common.MAX_INFLATED // (1024 * 1024)}
            ) from exc
        raise WorkbookError(
            _("The file is not an Excel workbook (.xlsx), or it is damaged.")
        ) from exc


def _check_marker(workbook, plan: Plan, period: str) -> None:
    """Refuse a workbook that is not a Renaksi realisasi sheet, or is another plan's or period's."""
    if MARKER_SHEET not in workbook.sheetnames:
        raise WorkbookError(
            _(
                "This workbook is not a realisasi sheet downloaded from Renaksi: download the sheet (“Download the sheet (xlsx)”), fill it in and upload it."
            )
        )
    values = []
    for row in workbook[MARKER_SHEET].iter_rows(min_row=1, max_row=6, max_col=1, values_only=True):
        values.append("" if row[0] is None else str(row[0])[:300])
    values += [""] * (6 - len(values))
    format_, version, plan_id, marked_period, signature, label = values
    if format_ != FORMAT:
        raise WorkbookError(
            _(
                "This workbook is not a realisasi sheet downloaded from Renaksi: download the sheet (“Download the sheet (xlsx)”), fill it in and upload it."
            )
        )
    if version != FORMAT_VERSION:
        raise WorkbookError(
            _("This workbook was made by another version of Renaksi: download the sheet again.")
        )
    if plan_id != str(plan.pk) or marked_period != period:
        raise WorkbookError(
            _(
                "This workbook is the sheet of %(other)s, not of %(this)s: download this sheet's workbook, or upload it on its own sheet."
            )
            % {
                "other": shorten(strip_controls(label), 120) or "?",
                "this": _plan_label(plan, period),
            }
        )
    if not constant_time_compare(signature, _sign(plan.pk, period, "sheet")):
        raise WorkbookError(
            _(
                "This workbook's hidden marks were changed or were not made by this site: download the sheet again."
            )
        )


def _read_sheet(sheet, kind, columns, plan, period, rows: list, errors: list, seen: set) -> None:
    """Append the sheet's keyed rows to ``rows``, what is wrong to ``errors``."""
    labels = {c.key: str(c.label) for c in columns}
    editable = [c.key for c in columns if c.editable]
    where = sheet.title if kind == "n" else ""
    positions: dict[str, int] | None = None  # column key → index in the row, from the hidden row
    heading_row = 0
    sheet.reset_dimensions()  # the stored dimension may be wrong (written by other programs)
    for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        if number > MAX_ROWS:
            raise WorkbookError(
                _("The sheet “%(sheet)s” has more than %(rows)s rows: it is not a realisasi sheet.")
                % {"sheet": sheet.title, "rows": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        first = cells[0].value if cells else None
        if positions is None:
            if first == KEY_TOKEN:
                positions = {
                    str(c.value): i for i, c in enumerate(cells) if isinstance(c.value, str)
                }
                heading_row = number + 1
                missing = [labels[k] for k in editable if k not in positions]
                if missing:
                    raise WorkbookError(
                        _(
                            "The sheet “%(sheet)s” lacks the column %(column)s: download the sheet again."
                        )
                        % {"sheet": sheet.title, "column": missing[0]}
                    )
            continue
        if number == heading_row:
            continue  # the headings, in the language of the download
        row_cells = {k: cells[i] if i < len(cells) else None for k, i in positions.items()}
        key = _read_key(first, plan.pk, period) if isinstance(first, str) else None
        if key is None or key.kind != kind or len(key.digests) != len(editable):
            if first is not None and str(first).strip() and str(first) != KEY_TOKEN:
                errors.append(
                    CellError(
                        number,
                        "",
                        _("this row's hidden key was changed; the row was not read"),
                        where,
                    )
                )
                continue
            if not any(_has_value(row_cells.get(k)) for k in editable):
                continue  # an empty row
            errors.append(
                CellError(
                    number,
                    "",
                    _(
                        "a row added to the sheet cannot be read (it belongs to no indicator); enter it on the page"
                    ),
                    where,
                )
            )
            continue
        pk = key.pk
        if (kind, pk) in seen:
            errors.append(
                CellError(
                    number, "", _("this row appears twice in the sheet (copied?); keep one"), where
                )
            )
            continue
        seen.add((kind, pk))
        keyed = KeyedRow(
            row=number,
            pk=pk,
            version=key.version,
            digests=dict(zip(editable, key.digests, strict=True)),
        )
        for column in editable:
            try:
                keyed.cells[column] = _cell_value(row_cells.get(column))
            except RowError as exc:
                keyed.bad.add(column)
                errors.append(CellError(number, labels[column], str(exc), where))
        rows.append(keyed)
    if positions is None:
        raise WorkbookError(
            _(
                "The sheet “%(sheet)s” is not a realisasi sheet of Renaksi (its hidden row of columns is missing): download the sheet again."
            )
            % {"sheet": sheet.title}
        )


def _has_value(cell) -> bool:
    return cell is not None and cell.value is not None and str(cell.value).strip() != ""


def _cell_value(cell) -> object:
    """What an editable cell holds: None, a number, a text; RowError for what is no value."""
    if cell is None or cell.value is None:
        return None
    value = cell.value
    if cell.data_type == "f":
        raise RowError(_("a formula: type the value itself (or paste it as a value)"))
    if cell.data_type == "e":
        raise RowError(
            _("an error value (%(value)s): type the value itself")
            % {"value": shorten(str(value), 20)}
        )
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise RowError(_("not a number Renaksi can keep"))
        if is_percent_format(cell.number_format):
            return _percent(value)
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        raise RowError(
            _(
                "a date (the spreadsheet may have turned what was typed into one): type the value as text or a number"
            )
        )
    return _normal(str(value))


def _percent(value: int | float) -> int | float:
    """A fraction shown as a percentage, as the percentage (0,25 → 25) at 15 significant digits."""
    number = float(f"{value * 100:.15g}")
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


# ---------------------------------------------------------------------------------------------
# Values as an upload keeps them (JSON) and as the services take them


def value_to_json(value: core.Value):
    """A realisasi as an upload keeps it: {"number": "0.9"}, {"text": "WTP"} or None."""
    from ..plans.services import to_decimal

    number, text = to_decimal(value)
    if number is not None:
        return {"number": format(number.normalize(), "f")}
    return {"text": text} if text else None


def value_from_json(data) -> core.Value:
    if not data:
        return None
    if "number" in data:
        return decimal_to_number(Decimal(str(data["number"])))
    return str(data.get("text") or "") or None


def stored_value(realisation) -> core.Value:
    """A stored realisasi as the services take it: a number, a text, or None."""
    if realisation is None:
        return None
    if realisation.value is not None:
        return decimal_to_number(realisation.value)
    return realisation.text or None


def amount_number(amount: Decimal | None) -> int | float | None:
    return decimal_to_number(amount) if amount is not None else None


# ---------------------------------------------------------------------------------------------
# A cell read → a value, as the page reads what is typed


def parse_realisasi(raw: object) -> core.Value:
    """A realisasi cell: a number, a text (what the page accepts), or None; RowError if not."""
    if raw is None:
        return None
    if isinstance(raw, int | float):
        if abs(Decimal(str(raw))) >= MAX_TARGET:
            raise RowError(_("This number is too large."))
        return raw
    try:
        return parse_value(str(raw))
    except forms.ValidationError as exc:
        raise RowError(" ".join(exc.messages)) from exc


def parse_narrative(raw: object, label: str) -> str:
    """A kendala, faktor pendukung or tindak lanjut cell (``checked_text``: the page's limits)."""
    if raw is None:
        return ""
    text = raw if isinstance(raw, str) else format_value(raw)
    if has_nul(text):
        raise RowError(_("Null characters are not allowed."))
    return checked_text(text, "note", RowError, what=label)


def parse_spent(raw: object) -> Decimal | None:
    """A budget spent cell: rupiah (a number, or "Rp1.500.000" as the page reads it), or None."""
    if raw is None:
        return None
    if isinstance(raw, int | float):
        try:
            amount = Decimal(str(raw)).quantize(Decimal("0.01"))
        except InvalidOperation as exc:
            raise RowError(_("This number is too large.")) from exc
        if amount < 0:
            raise RowError(_("Enter an amount in rupiah, for example 125.000.000."))
        if amount >= MAX_BUDGET:
            raise RowError(_("This number is too large."))
        return amount
    return parse_amount(str(raw))
