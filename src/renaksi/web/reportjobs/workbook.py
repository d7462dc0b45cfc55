"""Many reports in one workbook: a summary sheet, then one sheet per report (the kabupaten's).

Minimal on purpose: titles, the table with its merged cells, bold header, borders, wrapped text,
numbers as numbers, the signature block, widths, A4 landscape fitted to the width.
"""

from __future__ import annotations

import io
import re

from ...reports import HEADING, NUMBER, Report

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet title (at most 31 characters, none of []:*?/\\)."""
    base = _FORBIDDEN.sub(" ", name).strip()[:31] or "Unit"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


def render(
    title: str, summary: list[tuple[str, str, int]], sheets: list[tuple[str, Report]]
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    taken = {"ringkasan"}
    bold = Font(bold=True)
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=12)
    for c, heading in enumerate(("Unit", "Rencana", "Jumlah Indikator"), start=1):
        ws.cell(row=3, column=c, value=heading).font = bold
    for r, (unit, plan, count) in enumerate(summary, start=4):
        ws.cell(row=r, column=1, value=unit)
        ws.cell(row=r, column=2, value=plan)
        ws.cell(row=r, column=3, value=count)
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["C"].width = 18

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for name, report in sheets:
        _write(wb.create_sheet(sheet_title(name, taken)), report, border, Alignment, Font)

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write(ws, report: Report, border, Alignment, Font) -> None:
    from openpyxl.utils import get_column_letter

    report.check()
    width = report.width
    row = 1
    for line in report.title:
        cell = ws.cell(row=row, column=1, value=line)
        cell.font = Font(bold=True, size=12)
        cell.alignment = Alignment(horizontal="center")
        if width > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    row += 1
    first = row
    for part, heading in ((report.header, True), (report.body, False)):
        for cells in part:
            for c, item in enumerate(cells, start=1):
                target = ws.cell(row=row, column=c)
                target.border = border
                if item is None:
                    continue
                if item.kind == NUMBER and item.value is not None:
                    target.value = item.value
                else:
                    target.value = item.text or None
                target.alignment = Alignment(wrap_text=True, vertical="top")
                if heading or item.kind == HEADING:
                    target.font = Font(bold=True)
                if item.rowspan > 1 or item.colspan > 1:
                    ws.merge_cells(
                        start_row=row,
                        start_column=c,
                        end_row=row + item.rowspan - 1,
                        end_column=c + item.colspan - 1,
                    )
            row += 1
        if heading and report.header:
            ws.print_title_rows = f"{first}:{row - 1}"
    if report.signature is not None:
        row += 1
        for line in report.signature.lines():
            if line:
                cell = ws.cell(row=row, column=1, value=line)
                cell.alignment = Alignment(horizontal="right")
                if width > 1:
                    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
    for c, chars in enumerate(report.widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = chars + 2
    ws.page_setup.orientation = "landscape" if report.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
