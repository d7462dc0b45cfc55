"""Excel workbooks (.xlsx, .xlsm) → Grid.

Contract: the visible sheets in workbook order, hidden ones skipped; a blank row between sheets.
Each row is a row with ``line`` = its row number in the sheet and ``ref`` = the sheet's name;
runs of empty rows become one blank row, and empty rows at the start and end of a sheet are
left out, as are empty cells at the end of a row. A merged range's text is in its top-left cell
and the cells it covers are "". Values are the ones Excel last calculated (formulas are not
evaluated: one never calculated, as some programs write them, reads as empty), written as text
the rest of the system parses, in Indonesian style: 25, 0,9, 25% (for a fraction formatted as a
percentage), 2022-03-31 (dates), TRUE/FALSE. Styles: a cell's font is bold, its indent level,
and the positions a merged range covers (see ``common.py``). Corrupt files, workbooks without
any value and workbooks of more than ``common.MAX_ROWS`` rows with values raise
UnreadableDocument.

The workbook is opened read-only, which streams the cells and is faster than loading the whole
workbook (10,000 rows × 12 columns: about 1.4 s against 1.7 s when this was written). Read-only sheets do not give the merged
ranges, so those are read from the sheet's XML.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from decimal import Decimal
from pathlib import Path

from . import common
from .common import COVERED_DOWN, COVERED_RIGHT, check_zip, reason
from .grid import PLAIN, CellStyle, Grid, UnreadableDocument


def read_xlsx(path: Path) -> Grid:
    from openpyxl import load_workbook

    check_zip(path, "Excel")
    _check_cells(path)
    grid = Grid(source=path.name)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, KeyError, lxml, openpyxl errors alike
        raise UnreadableDocument(
            f"{path.name}: corrupt or unreadable Excel file ({reason(exc, path)})"
        ) from exc
    try:
        counted = 0
        for sheet in workbook.worksheets:
            if sheet.sheet_state == "visible":
                counted += _read_sheet(workbook, sheet, grid, common.MAX_ROWS - counted, path)
    except UnreadableDocument:
        raise
    except Exception as exc:
        raise UnreadableDocument(
            f"{path.name}: corrupt or unreadable Excel file ({reason(exc, path)})"
        ) from exc
    finally:
        workbook.close()  # read-only mode keeps the archive open
    if not grid.rows:
        raise UnreadableDocument(f"{path.name}: no table found")
    return grid


def _check_cells(path: Path) -> None:
    """Refuse sheets of more cells than a plan has, empty ones included, before openpyxl reads
    them: a few hundred KB of zip can declare millions of empty styled cells, which take half a
    minute and gigabytes to go through. Counted in the sheets' bytes ("<c " or "<c>" opens a
    cell)."""
    cells = common.count_in_parts(
        path,
        lambda name: name.startswith("xl/worksheets/") and name.endswith(".xml"),
        (b"<c ", b"<c>"),
    )
    if cells > common.MAX_CELLS:
        raise common.too_many_cells(path)


def _read_sheet(workbook, sheet, grid: Grid, allowed: int, path: Path) -> int:
    """Add the sheet's rows to ``grid``; the number of rows with a value."""
    # The stored dimension is sometimes wrong (written by other programs), which would cut rows
    # off; without it every row is read as far as its last cell.
    sheet.reset_dimensions()
    rows = {}  # row number → cell texts, for the rows that have a value
    styles = {}  # row number → cell styles
    known: dict[int, CellStyle] = {}  # a workbook has a few dozen cell formats: each read once
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        texts = [_text(cell) for cell in cells]
        if any(texts):
            rows[number] = texts
            styles[number] = [
                _style(c, known) if t else PLAIN for c, t in zip(cells, texts, strict=True)
            ]
            if len(rows) > allowed:
                raise common.too_many_rows(path)
    _blank_covered(rows, styles, _merged_ranges(workbook, sheet))
    previous = None
    for number, texts in rows.items():
        while texts and not texts[-1].strip():
            texts.pop()
        if not texts:
            continue
        if previous is None and grid.rows:
            grid.add(grid.rows[-1].line + 1, [""], grid.rows[-1].ref)  # between sheets
        elif previous is not None and number > previous + 1:
            grid.add(previous + 1, [""], sheet.title)  # empty rows in between: one blank row
        grid.add(number, texts, sheet.title, styles[number][: len(texts)])
        previous = number
    return len(rows)


def _style(cell, known: dict[int, CellStyle]) -> CellStyle:
    """The cell's bold and indent, looked up once per cell format (``_style_id``: the index of
    the cell's format in the workbook, as openpyxl's read-only cells keep it)."""
    key = getattr(cell, "_style_id", None)
    style = known.get(key) if key is not None else None
    if style is None:
        font, alignment = cell.font, cell.alignment
        bold = bool(font is not None and font.b)
        indent = int(alignment.indent or 0) if alignment is not None else 0
        style = CellStyle(bold=bold, indent=indent) if bold or indent else PLAIN
        if key is not None:
            known[key] = style
    return style


def _merged_ranges(workbook, sheet) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each merged range of the sheet."""
    from lxml import etree
    from openpyxl.utils.cell import range_boundaries

    # The <mergeCell> elements follow the cell data; a tag-filtered scan of the sheet's XML
    # costs about a tenth of reading the cells. ``_archive`` and ``_worksheet_path`` are how
    # openpyxl's read-only sheets find their XML.
    with workbook._archive.open(sheet._worksheet_path) as xml:
        return [
            range_boundaries(merge.get("ref"))
            for _, merge in etree.iterparse(xml, tag="{*}mergeCell")
        ]


def _blank_covered(rows: dict[int, list[str]], styles: dict[int, list[CellStyle]], ranges) -> None:
    """Empty the cells a merged range covers, other than its top-left one, and mark them covered.

    Only rows that hold values are visited: a range may span a million rows.
    """
    numbers = list(rows)  # ascending: read in order
    for min_col, min_row, max_col, max_row in ranges:
        for number in numbers[bisect_left(numbers, min_row) : bisect_right(numbers, max_row)]:
            texts, row_styles = rows[number], styles[number]
            for col in range(min_col, min(max_col, len(texts)) + 1):
                if number > min_row:
                    texts[col - 1], row_styles[col - 1] = "", COVERED_DOWN
                elif col > min_col:
                    texts[col - 1], row_styles[col - 1] = "", COVERED_RIGHT


def _text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):  # before numbers: bool is an int
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if is_percent_format(cell.number_format):
            return _number(value * 100) + "%"
        return _number(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _number(value: int | float) -> str:
    """25 → "25", 0.9 → "0,9", 1234.5 → "1234,5": decimal comma, no thousands separator.

    Rounded to 15 significant digits like Excel shows them, which also hides binary noise such
    as 0.07 * 100 = 7.000000000000001.
    """
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(f"{value:.15g}"), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text.replace(".", ",")


# Text in quotes and backslash-escaped characters are shown as they are: 0"%" or 0\% display a
# literal percent sign without multiplying by 100.
_LITERALS = re.compile(r'"[^"]*"|\\.')


def is_percent_format(number_format: str | None) -> bool:
    """Whether a cell of this number format shows its value as a percentage (0,25 as 25%)."""
    return bool(number_format) and "%" in _LITERALS.sub("", number_format)
