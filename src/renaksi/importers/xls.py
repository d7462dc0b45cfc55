"""Excel 97–2003 workbooks (.xls, BIFF) → Grid.

Contract, as for .xlsx (``xlsx.py``): the visible sheets in workbook order, hidden ones skipped;
a blank row between sheets. Each row is a row with ``line`` = its row number in the sheet and
``ref`` = the sheet's name; runs of empty rows become one blank row, and empty rows at the start
and end of a sheet are left out, as are empty cells at the end of a row. A merged range's text is
in its top-left cell and the cells it covers are "". Values are the ones Excel last calculated,
written as the rest of the system parses them: 25, 0,9, 25% (a fraction formatted as a
percentage), 2022-03-31 (dates), TRUE/FALSE, #DIV/0! (errors). Styles: a cell's font is bold,
its indent level, and the positions a merged range covers (see ``common.py``).
Corrupt, encrypted and empty workbooks, and workbooks of more than ``common.MAX_ROWS`` rows with
values, raise UnreadableDocument.

Read with xlrd, ``on_demand`` (one sheet parsed at a time) and with the formatting records,
which hold the number formats, fonts and merged ranges.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from . import common
from .common import COVERED_DOWN, COVERED_RIGHT, reason
from .grid import PLAIN, CellStyle, Grid, UnreadableDocument
from .xlsx import _number, is_percent_format


def read_xls(path: Path) -> Grid:
    import xlrd

    grid = Grid(source=path.name)
    try:
        # xlrd writes its warnings to ``logfile`` (stdout by default): they are not for the
        # person importing. Some programs write workbooks whose streams xlrd calls corrupt
        # although Excel opens them; ``ignore_workbook_corruption`` reads them as Excel does.
        book = xlrd.open_workbook(
            str(path),
            logfile=io.StringIO(),
            formatting_info=True,
            on_demand=True,
            ignore_workbook_corruption=True,
        )
    except Exception as exc:  # XLRDError, CompDocError, struct.error... alike
        raise _unreadable(path, exc) from exc
    try:
        counted = 0
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.visibility == 0:  # 1 hidden, 2 "very hidden"
                counted += _read_sheet(book, sheet, grid, common.MAX_ROWS - counted, path)
            book.unload_sheet(index)
    except UnreadableDocument:
        raise
    except Exception as exc:
        raise _unreadable(path, exc) from exc
    finally:
        book.release_resources()  # on_demand keeps the file mapped
    if not grid.rows:
        raise UnreadableDocument(f"{path.name}: no table found")
    return grid


def _unreadable(path: Path, exc: Exception) -> UnreadableDocument:
    if "encrypted" in str(exc).lower():
        return UnreadableDocument(
            f"{path.name}: the workbook is password-protected; "
            "save it again without a password (as .xlsx or .xls)"
        )
    return UnreadableDocument(
        f"{path.name}: corrupt or unreadable Excel .xls file ({reason(exc, path)})"
    )


def _read_sheet(book, sheet, grid: Grid, allowed: int, path: Path) -> int:
    """Add the sheet's rows to ``grid``; the number of rows with a value."""
    covered = _covered(sheet.merged_cells)
    previous = None
    counted = 0
    for number in range(sheet.nrows):
        texts, styles = _row(book, sheet, number, covered)
        while texts and not texts[-1].strip():
            texts.pop()
        if not texts:
            continue
        counted += 1
        if counted > allowed:
            raise common.too_many_rows(path)
        line = number + 1
        if previous is None and grid.rows:
            grid.add(grid.rows[-1].line + 1, [""], grid.rows[-1].ref)  # between sheets
        elif previous is not None and line > previous + 1:
            grid.add(previous + 1, [""], sheet.name)  # empty rows in between: one blank row
        grid.add(line, texts, sheet.name, styles[: len(texts)])
        previous = line
    return counted


def _covered(merged_cells) -> dict[tuple[int, int], CellStyle]:
    """The positions merged ranges cover (0-based row, column), other than their top-left.

    xlrd gives the ranges as (first row, row after, first column, column after).
    """
    covered: dict[tuple[int, int], CellStyle] = {}
    for rlo, rhi, clo, chi in merged_cells:
        for row in range(rlo, rhi):
            for col in range(clo, chi):
                if row > rlo:
                    covered[row, col] = COVERED_DOWN
                elif col > clo:
                    covered[row, col] = COVERED_RIGHT
    return covered


def _row(book, sheet, number: int, covered) -> tuple[list[str], list[CellStyle]]:
    texts: list[str] = []
    styles: list[CellStyle] = []
    types = sheet.row_types(number)
    values = sheet.row_values(number)
    for col, (ctype, value) in enumerate(zip(types, values, strict=True)):
        position = covered.get((number, col))
        if position is not None:  # a value left in a covered cell is not shown by Excel
            texts.append("")
            styles.append(position)
            continue
        xf = book.xf_list[sheet.cell_xf_index(number, col)]
        text = _text(book, xf, ctype, value)
        texts.append(text)
        styles.append(_style(book, xf) if text else PLAIN)
    return texts, styles


def _style(book, xf) -> CellStyle:
    font = book.font_list[xf.font_index] if xf.font_index < len(book.font_list) else None
    bold = bool(font and (font.bold or font.weight >= 600))
    indent = xf.alignment.indent_level if xf.alignment else 0
    return CellStyle(bold=bold, indent=indent) if bold or indent else PLAIN


def _text(book, xf, ctype: int, value) -> str:
    import xlrd

    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if ctype == xlrd.XL_CELL_TEXT:
        return str(value)
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#N/A")
    if ctype == xlrd.XL_CELL_DATE:
        try:
            return _date(xlrd.xldate_as_datetime(value, book.datemode), value)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            pass  # a number out of the date range: shown as the number
    fmt = book.format_map.get(xf.format_key)
    if fmt is not None and is_percent_format(fmt.format_str):
        return _number(value * 100) + "%"
    return _number(value)


def _date(value: dt.datetime, serial: float) -> str:
    if serial < 1:  # a time of day without a date
        return value.time().isoformat()
    if value.time() == dt.time():
        return value.date().isoformat()
    return value.isoformat(sep=" ", timespec="minutes")
