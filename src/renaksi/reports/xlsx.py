"""Any Report → an Excel workbook (.xlsx), ready to print.

Title lines merged across the table, an empty row, the header (bold, filled, bordered, repeated on
every printed page), the body with merged cells for spans, wrapped text and borders, then the
signature block under the right-hand columns. Every row holding a wrapped text is as high as
its text needs (``row_heights``: lines estimated from the column widths), so nothing overlaps the
next row when printed; a fraction has as many decimals as its row's or column's most
(``layout.uniform_decimals``). A4 or F4 (Excel's "Folio", 8.5 × 13 in), landscape
(or portrait), fitted to the page width, "Halaman N dari M" in the footer. Numbers are Excel
numbers with a thousands-separated format; text stays text.

Text is never a formula: every text is written as a string cell (openpyxl would make "=…" a live
formula and "#N/A" an error), and a text that starts like a formula ("=", "+", "-", "@", tab,
carriage return) also gets Excel's quote prefix, so that editing the cell keeps it text. Neither
changes what a reader sees. Control characters XML cannot hold are left out, and a text longer
than Excel's 32,767 characters per cell is cut with "…" (docs/security.md).

``render_workbook`` puts several reports in one workbook, a sheet each (a kabupaten's units).
"""

from __future__ import annotations

import io
from copy import copy

from ..core.text import shorten, strip_controls
from . import CENTER, HEADING, NUMBER, PAGE_OF, Cell, Report, check_paper
from .layout import uniform_decimals

_FONT = "Arial"
_SIZE = 9
_FILL = "D9E2F3"


def _number_format(cell: Cell) -> str:
    return "#,##0" + ("." + "0" * cell.decimals if cell.decimals else "")


# Excel holds at most this many characters in a cell (a longer one makes Excel repair the file).
MAX_CELL_CHARS = 32_767
# What a text cell must not start with to be taken as a formula (or a DDE command) when a
# person edits it, or when the sheet is saved as CSV and opened again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(text: str) -> str:
    """``text`` as an Excel cell holds it: no control character but tab and line breaks, at
    most 32,767 characters ("…" ending a text that was longer)."""
    return shorten(strip_controls(text), MAX_CELL_CHARS)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def put_text(cell, text: str | None) -> None:
    """Write ``text`` in ``cell`` as a string, never a formula (``cell_text`` of it; None or
    "" leaves the cell empty). A text that starts like a formula gets the quote prefix (Excel
    shows no apostrophe, and keeps the text a text when the cell is edited)."""
    if text is None or text == "":
        cell.value = None
        return
    text = cell_text(text)
    cell.value = text
    cell.data_type = "s"  # openpyxl reads "=…" as a formula, "#N/A" as an error: a string it is
    if looks_like_formula(text):
        cell.quotePrefix = True


# Excel's paper size codes (pageSetup/@paperSize): 9 is A4, 14 Folio (8.5 × 13 in, the F4 sheet),
# 8 A3.
_PAPER_SIZES = {"A4": "9", "F4": "14", "A3": "8"}


def render(report: Report, paper: str = "A4") -> bytes:
    """The report as an .xlsx of one sheet, set up to print on ``paper`` ("A4" or "F4")."""
    from openpyxl import Workbook

    check_paper(paper)
    wb = Workbook()
    ws = wb.active
    ws.title = "Laporan"
    write_sheet(ws, report, paper)
    return _save(wb)


def render_workbook(
    reports: list[tuple[str, Report]], summary: Report | None = None, paper: str = "A4"
) -> bytes:
    """Several reports in ONE workbook: the summary's sheet first ("Ringkasan") when given, then
    one sheet per ``(sheet name, report)`` in order, each laid out and set up to print as
    ``render`` does its one sheet. Names are made valid for Excel (``sheet_title``).
    """
    from openpyxl import Workbook

    check_paper(paper)
    wb = Workbook()
    sheets = [("Ringkasan", summary)] if summary is not None else []
    sheets += list(reports)
    used: set[str] = set()
    for i, (name, report) in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = sheet_title(name, used)
        write_sheet(ws, report, paper)
    if not sheets:
        wb.active.title = "Laporan"
    return _save(wb)


_BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(name: str, used: set[str]) -> str:
    """``name`` as an Excel sheet name: without []:*?/\\, at most 31 characters, not quote-ended,
    "Laporan" when empty, and unlike every name in ``used`` (case-insensitively: " (2)", " (3)" …
    added); the name is added to ``used``.
    """
    base = " ".join(strip_controls(name).translate(_BAD_SHEET_CHARS).split()).strip("'")
    base = base or "Laporan"
    title = base[:31].rstrip(" '")
    n = 1
    while title.casefold() in used:
        n += 1
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)].rstrip(" '") + suffix
    used.add(title.casefold())
    return title


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_sheet(ws, report: Report, paper: str = "A4") -> None:
    """Write ``report`` on the empty worksheet ``ws`` and set the sheet up to print on ``paper``."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    report.check()
    width = report.max_width
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    plain = Font(name=_FONT, size=_SIZE)
    bold = Font(name=_FONT, size=_SIZE, bold=True)
    fill = PatternFill("solid", fgColor=_FILL)

    row = 1
    for line in report.title:
        cell = ws.cell(row=row, column=1)
        put_text(cell, line)
        cell.font = Font(name=_FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        if width > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    if report.title:
        row += 1  # an empty row between the title and the table

    # Wrapped texts: (first row, rows spanned, first column, columns spanned, text), for the
    # row heights set at the end (Excel does not grow a row for a wrapped text when printing).
    wrapped: list[tuple[int, int, int, int, str]] = []
    styles: dict[tuple | None, object] = {}
    for index, table in enumerate(report.tables()):
        if index and (table.heading or table.header or table.body):
            row += 1  # an empty row between tables
        if table.heading:
            cell = ws.cell(row=row, column=1)
            put_text(cell, table.heading)
            cell.font = bold
            cell.alignment = Alignment(horizontal="left", vertical="center")
            if table.width > 1:
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=table.width)
            row += 1
        first_header = row
        for part, heading in ((table.header, True), (uniform_decimals(table.body), False)):
            for cells in part:
                for c, item in enumerate(cells, start=1):
                    target = ws.cell(row=row, column=c)
                    # Cells of one kind share one style, copied: openpyxl hashes every style it
                    # is given, which made a kabupaten's workbook (30,000 cells) take seconds.
                    key = None if item is None else _style_key(item, heading)
                    style = styles.get(key)
                    if style is None:
                        target.border = border  # covered cells too: merged ranges keep borders
                        if item is not None:
                            font = bold if heading or item.kind == HEADING else plain
                            _fill_cell(target, item, font)
                            if heading:
                                target.fill = fill
                        styles[key] = copy(target._style)
                    else:
                        target._style = copy(style)
                        if item is not None:
                            _put_value(target, item)
                    if item is None:
                        continue
                    if item.text and not (item.kind == NUMBER and item.value is not None):
                        wrapped.append((row, item.rowspan, c, item.colspan, item.text))
                    if item.rowspan > 1 or item.colspan > 1:
                        _merge(ws, row, c, item.rowspan, item.colspan)
                row += 1
            if heading and table.header and index == 0:
                # Only the main table's header repeats on printed pages and stays frozen.
                ws.print_title_rows = f"{first_header}:{row - 1}"
                ws.freeze_panes = ws.cell(row=row, column=1)

    if report.notes:
        row += 1
        for line in report.notes:
            cell = ws.cell(row=row, column=1)
            put_text(cell, line)
            cell.font = plain
            cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
            if width > 1:
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            wrapped.append((row, 1, 1, width, line))
            row += 1

    if report.signature is not None:
        lines = report.signature.lines()
        # The block sits at the right, but its cells start in the first column (merged across
        # the table): the importer ignores a text in the "No" column, so the report reads back.
        start_col = 1
        row += 1
        for line in lines:
            if line:
                cell = ws.cell(row=row, column=start_col)
                put_text(cell, line)
                cell.font = plain
                cell.alignment = Alignment(horizontal="right", indent=3)
                if width > start_col:
                    ws.merge_cells(
                        start_row=row, start_column=start_col, end_row=row, end_column=width
                    )
            row += 1
        if report.signature.name:
            name_row = row - 1 - (1 if report.signature.nip else 0)
            ws.cell(row=name_row, column=start_col).font = Font(
                name=_FONT, size=_SIZE, bold=True, underline="single"
            )

    widths: dict[int, float] = {}
    for table in report.tables():
        for c, chars in enumerate(table.widths, start=1):
            widths[c] = max(widths.get(c, 0.0), chars)
    for c, chars in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = chars + 2
    for r, height in row_heights(wrapped, {c: w + 2 for c, w in widths.items()}).items():
        ws.row_dimensions[r].height = height

    ws.page_setup.orientation = "landscape" if report.landscape else "portrait"
    ws.page_setup.paperSize = _PAPER_SIZES[paper]
    ws.oddFooter.center.text = f"{PAGE_OF[0]}&P{PAGE_OF[1]}&N"
    ws.oddFooter.center.size = 8
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


# A line of 9 pt Arial is about 12 points high; a column of Excel width w (characters of the
# default 11 pt font) holds about w * CHARS_PER_WIDTH characters of it; each cell has some
# padding. Conservative: a row a little too tall prints well, one too short hides text.
LINE_POINTS = 12.0
CHARS_PER_WIDTH = 1.15
PAD_POINTS = 3.0
MAX_ROW_POINTS = 409.0  # Excel's highest row


def lines_of(text: str, chars: float) -> int:
    """The lines ``text`` takes wrapped in a cell holding ``chars`` characters a line (words
    kept whole where they fit; a longer word broken)."""
    chars = max(int(chars), 1)
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > chars:
                count += 1
                used = 0
            if used:
                used += 1
            while len(word) > chars:  # a word longer than the line breaks where it must
                count += 1
                word = word[chars:]
            used += len(word)
    return count


def row_heights(
    wrapped: list[tuple[int, int, int, int, str]], widths: dict[int, float]
) -> dict[int, float]:
    """Points per sheet row so that each wrapped text fits: ``wrapped`` holds (first row, rows
    spanned, first column, columns spanned, text), ``widths`` Excel's width of each column.
    A text spanning rows adds what the rows lack to the last of them."""
    heights: dict[int, float] = {}
    default = LINE_POINTS + PAD_POINTS
    spanning = []
    for row, rowspan, column, colspan, text in wrapped:
        chars = sum(widths.get(c, 10.0) for c in range(column, column + colspan)) * CHARS_PER_WIDTH
        need = lines_of(text, chars) * LINE_POINTS + PAD_POINTS
        if rowspan > 1:
            spanning.append((row, rowspan, need))
        else:
            heights[row] = max(heights.get(row, default), need)
    for row, rowspan, need in spanning:
        rows = range(row, row + rowspan)
        have = sum(heights.get(r, default) for r in rows)
        if need > have:
            last = row + rowspan - 1
            heights[last] = heights.get(last, default) + need - have
    return {r: min(round(h, 1), MAX_ROW_POINTS) for r, h in heights.items()}


def _merge(ws, row: int, column: int, rowspan: int, colspan: int) -> None:
    """``ws.merge_cells`` for a table's span, without openpyxl redrawing the range's borders
    (a new style for each covered cell: most of a large workbook's time). The covered cells are
    written after this, each with the table's border, as ``write_sheet`` visits them.
    """
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.merge import MergedCellRange

    span = CellRange(
        min_col=column, min_row=row, max_col=column + colspan - 1, max_row=row + rowspan - 1
    )
    ws.merged_cells.add(MergedCellRange(ws, span.coord))
    for r in range(row, row + rowspan):
        for c in range(column, column + colspan):
            if (r, c) != (row, column):
                ws._cells[r, c] = MergedCell(ws, row=r, column=c)


def _style_key(item: Cell, heading: bool) -> tuple:
    """What a cell's style depends on: two cells with one key look alike (a text that starts
    like a formula has the quote prefix in its style)."""
    number = item.kind == NUMBER and item.value is not None
    quoted = not number and looks_like_formula(item.text)
    return (heading, item.kind, number, item.decimals if number else 0, quoted)


def _put_value(target, item: Cell) -> None:
    """The cell's number, or its text as a string (``put_text``)."""
    if item.kind == NUMBER and item.value is not None:
        target.value = item.value
    else:
        put_text(target, item.text)


def _fill_cell(target, item: Cell, font) -> None:
    from openpyxl.styles import Alignment

    target.font = font
    if item.kind == NUMBER and item.value is not None:
        target.value = item.value
        target.number_format = _number_format(item)
        target.alignment = Alignment(horizontal="right", vertical="top")
        return
    put_text(target, item.text)
    target.number_format = "@"  # text stays text ("01", "1.250" typed as a code)
    horizontal = "center" if item.kind in (CENTER, HEADING) else "left"
    vertical = "center" if item.kind == HEADING else "top"
    target.alignment = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=True)
