"""Write small documents in every supported format from the same rows, for tests.

Every builder takes the table as a list of rows (lists of cell values) and, where the format
has them, ``merges``: rectangles ``(row, col, rowspan, colspan)``, 0-based within the table's
rows. Give the merged text in the top-left cell and "" in the cells it covers — the grid a
reader returns for the document. ``title`` (lines separated by "\\n") goes above the table;
``more_tables`` (``Table(rows, merges)``) follow it, separated as the format separates tables
(an empty paragraph in Word, a new table in HTML and PDF, an empty row in xlsx/csv/text).

    build_document(tmp_path / "plan.docx", ROWS, title="RENCANA AKSI TAHUN 2022")

writes the same plan in whichever format the suffix names.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Rows = Sequence[Sequence[Any]]
Merge = tuple[int, int, int, int]  # (row, col, rowspan, colspan), 0-based


@dataclass
class Table:
    """One more table for a document (``more_tables=``): rows and merges as for the first."""

    rows: Rows
    merges: Sequence[Merge] = field(default_factory=tuple)


def _title_lines(title: str | None) -> list[str]:
    return title.split("\n") if title else []


def _covered(merges: Sequence[Merge]) -> set[tuple[int, int]]:
    """Grid positions covered by a merge other than its top-left cell."""
    return {
        (r + i, c + j)
        for r, c, rowspan, colspan in merges
        for i in range(rowspan)
        for j in range(colspan)
        if i or j
    }


# -- csv -------------------------------------------------------------------------------------


def _stacked(rows: Rows, more_tables: Sequence[Table]) -> list[list[Any]]:
    """The tables one below the other with an empty row between them."""
    out = [list(row) for row in rows]
    for table in more_tables:
        out += [[], *(list(row) for row in table.rows)]
    return out


def build_csv(
    path: Path,
    rows: Rows,
    *,
    title: str | None = None,
    more_tables: Sequence[Table] = (),
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for line in _title_lines(title):
        writer.writerow([line])
    if title:
        writer.writerow([])
    writer.writerows([["" if v is None else v for v in row] for row in _stacked(rows, more_tables)])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def build_text(
    path: Path, rows: Rows, *, title: str | None = None, more_tables: Sequence[Table] = ()
) -> Path:
    """Tab-separated text, as a table copied out of Word."""
    lines = [*_title_lines(title), *([""] if title else [])]
    lines += [
        "\t".join("" if v is None else str(v) for v in row) for row in _stacked(rows, more_tables)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- xlsx ------------------------------------------------------------------------------------


def build_xlsx(
    path: Path,
    rows: Rows,
    *,
    merges: Sequence[Merge] = (),
    title: str | None = None,
    more_tables: Sequence[Table] = (),
    sheet: str = "Rencana Aksi",
    number_formats: dict[tuple[int, int], str] | None = None,
    more_sheets: dict[str, Rows] | None = None,
    hidden_sheets: dict[str, Rows] | None = None,
    bold: Sequence[tuple[int, int]] = (),
    indents: dict[tuple[int, int], int] | None = None,
) -> Path:
    """Values are written as given: str stays text, int/float/date become Excel numbers.

    ``number_formats`` maps (row, col) of the (first) table, 0-based, to an Excel number format,
    e.g. "0%"; ``bold`` and ``indents`` (the indent level) address its cells the same way.
    ``title`` lines go above the table, then an empty row; ``more_tables`` follow on the same
    sheet after an empty row each. ``more_sheets`` and ``hidden_sheets`` are further sheets of
    plain rows.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    lines = _title_lines(title)
    for line in lines:
        ws.append([line])
    offset = len(lines) + 1 if lines else 0  # title lines and one empty row: the table's row 0
    first = offset
    for table in [Table(rows, merges), *more_tables]:
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                if value not in (None, ""):
                    ws.cell(row=offset + r + 1, column=c + 1, value=value)
        for r, c, rowspan, colspan in table.merges:
            ws.merge_cells(
                start_row=offset + r + 1,
                start_column=c + 1,
                end_row=offset + r + rowspan,
                end_column=c + colspan,
            )
        offset += len(table.rows) + 1
    for (r, c), fmt in (number_formats or {}).items():
        ws.cell(row=first + r + 1, column=c + 1).number_format = fmt
    for r, c in bold:
        ws.cell(row=first + r + 1, column=c + 1).font = Font(bold=True)
    for (r, c), indent in (indents or {}).items():
        ws.cell(row=first + r + 1, column=c + 1).alignment = Alignment(indent=indent)
    for name, sheet_rows in (more_sheets or {}).items():
        extra = wb.create_sheet(name)
        for row in sheet_rows:
            extra.append(list(row))
    for name, sheet_rows in (hidden_sheets or {}).items():
        extra = wb.create_sheet(name)
        extra.sheet_state = "hidden"
        for row in sheet_rows:
            extra.append(list(row))
    wb.save(path)
    return path


# -- xls -------------------------------------------------------------------------------------


def build_xls(
    path: Path,
    rows: Rows,
    *,
    merges: Sequence[Merge] = (),
    title: str | None = None,
    more_tables: Sequence[Table] = (),
    sheet: str = "Rencana Aksi",
    number_formats: dict[tuple[int, int], str] | None = None,
    more_sheets: dict[str, Rows] | None = None,
    hidden_sheets: dict[str, Rows] | None = None,
    bold: Sequence[tuple[int, int]] = (),
    indents: dict[tuple[int, int], int] | None = None,
) -> Path:
    """An Excel 97–2003 workbook (BIFF8, written by xlwt), laid out as ``build_xlsx`` does.

    ``number_formats``, ``bold`` and ``indents`` address cells of the (first) table by (row,
    col), 0-based. Dates get the format yyyy-mm-dd unless ``number_formats`` gives one.
    """
    import datetime as dt

    import xlwt

    styles: dict[tuple[str, bool, int], Any] = {}

    def style(fmt: str, is_bold: bool, indent: int):
        key = (fmt, is_bold, indent)
        if key not in styles:
            styles[key] = xlwt.easyxf(
                f"font: bold {'on' if is_bold else 'off'}; align: indent {indent}",
                num_format_str=fmt,
            )
        return styles[key]

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    lines = _title_lines(title)
    for r, line in enumerate(lines):
        ws.write(r, 0, line)
    offset = len(lines) + 1 if lines else 0
    first = offset
    for table in [Table(rows, merges), *more_tables]:
        covered = _covered(table.merges)
        spans = {(r, c): (rs, cs) for r, c, rs, cs in table.merges}
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                if (r, c) in covered or (value in (None, "") and (r, c) not in spans):
                    continue
                key = (r, c) if offset == first else None
                fmt = (number_formats or {}).get(key, "General")
                if isinstance(value, dt.date) and fmt == "General":
                    fmt = "yyyy-mm-dd"
                cell_style = style(fmt, key in set(bold), (indents or {}).get(key, 0))
                if (r, c) in spans:
                    rowspan, colspan = spans[r, c]
                    ws.write_merge(
                        offset + r,
                        offset + r + rowspan - 1,
                        c,
                        c + colspan - 1,
                        "" if value is None else value,
                        cell_style,
                    )
                else:
                    ws.write(offset + r, c, value, cell_style)
        offset += len(table.rows) + 1
    for names, visibility in ((more_sheets, 0), (hidden_sheets, 1)):
        for name, sheet_rows in (names or {}).items():
            extra = wb.add_sheet(name)
            extra.visibility = visibility
            for r, row in enumerate(sheet_rows):
                for c, value in enumerate(row):
                    extra.write(r, c, value)
    wb.save(str(path))
    return path


# -- OLE compound files ----------------------------------------------------------------------


def build_ole(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal OLE compound file (version 3, 512-byte sectors) holding ``streams`` at its root.

    The container of .xls, .doc and encrypted .xlsx/.docx files, for the tests that tell them
    apart: at most three streams, each padded to 4096 bytes or more (shorter streams would
    belong in the "mini stream", which this writer does not make).
    """
    import struct

    assert 1 <= len(streams) <= 3
    end, free, fat_sector = -2, -1, -3
    data = [blob + bytes(max(4096 - len(blob), 0)) for blob in streams.values()]
    data = [blob + bytes(-len(blob) % 512) for blob in data]
    fat = [fat_sector, end]  # sector 0 holds the FAT, sector 1 the directory
    starts = []
    for blob in data:
        starts.append(len(fat))
        count = len(blob) // 512
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
    assert len(fat) <= 128
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBiii", len(encoded), kind, 1, -1, right, child)
            + bytes(36)  # class id, state bits, times
            + struct.pack("<iII", start, size, 0)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, 1, -1, end, 0)
    for i, (name, blob) in enumerate(zip(names, data, strict=True)):
        right = i + 2 if i + 1 < len(names) else -1  # each stream's right sibling is the next
        directory += entry(name, 2, -1, right, starts[i], len(blob))
    directory = directory.ljust(512, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<iiiiiiiii", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109i", 0, *([free] * 108))
    )
    assert len(header) == 512
    path.write_bytes(header + struct.pack("<128i", *fat) + directory + b"".join(data))
    return path


# -- docx ------------------------------------------------------------------------------------


def build_docx(
    path: Path,
    rows: Rows,
    *,
    merges: Sequence[Merge] = (),
    title: str | None = None,
    more_tables: Sequence[Table] = (),
    between: str | None = None,
) -> Path:
    """Title paragraphs (one per line), the table, then ``more_tables``.

    Consecutive tables are separated by an empty paragraph (Word needs one, otherwise the tables
    join), or by a paragraph with the text ``between``.
    """
    from docx import Document

    doc = Document()
    for line in _title_lines(title):
        doc.add_paragraph(line)
    for number, table in enumerate([Table(rows, merges), *more_tables]):
        if number:
            doc.add_paragraph(between or "")
        _docx_table(doc, table)
    doc.save(path)
    return path


def _docx_table(doc, table: Table) -> None:
    width = max((len(row) for row in table.rows), default=1)
    out = doc.add_table(rows=len(table.rows), cols=width)
    out.style = "Table Grid"
    for r, row in enumerate(table.rows):
        cells = out.rows[r].cells
        for c, value in enumerate(row):
            if value not in (None, ""):
                cells[c].text = str(value)
    for r, c, rowspan, colspan in table.merges:
        out.cell(r, c).merge(out.cell(r + rowspan - 1, c + colspan - 1))


# -- html ------------------------------------------------------------------------------------


def build_html(
    path: Path,
    rows: Rows,
    *,
    merges: Sequence[Merge] = (),
    title: str | None = None,
    more_tables: Sequence[Table] = (),
    header_rows: int = 0,
    encoding: str = "utf-8",
) -> Path:
    """A page with the title as <h1> lines and each table; cell text is HTML-escaped here.

    The first ``header_rows`` rows of the (first) table are written in <thead> as <th> cells.
    """
    parts = [f'<!DOCTYPE html>\n<html><head><meta charset="{encoding}"><title>plan</title>']
    parts.append("<style>td { border: 1px solid }</style></head><body>")
    parts += [f"<h1>{html.escape(line)}</h1>" for line in _title_lines(title)]
    parts.append(_html_table(Table(rows, merges), header_rows))
    parts += [_html_table(table, 0) for table in more_tables]
    parts.append("</body></html>")
    path.write_bytes("\n".join(parts).encode(encoding))
    return path


def _html_table(table: Table, header_rows: int) -> str:
    covered = _covered(table.merges)
    spans = {(r, c): (rs, cs) for r, c, rs, cs in table.merges}
    out = ["<table>", "<thead>" if header_rows else "<tbody>"]
    for r, row in enumerate(table.rows):
        if r == header_rows and header_rows:
            out.append("</thead><tbody>")
        tag = "th" if r < header_rows else "td"
        cells = []
        for c, value in enumerate(row):
            if (r, c) in covered:
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
                f' colspan="{colspan}"' if colspan > 1 else ""
            )
            text = html.escape("" if value is None else str(value)).replace("\n", "<br>")
            cells.append(f"<{tag}{attrs}>{text}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>" if len(table.rows) > header_rows else "</thead></table>")
    return "\n".join(out)


# -- pdf -------------------------------------------------------------------------------------


def build_pdf(
    path: Path,
    rows: Rows,
    *,
    merges: Sequence[Merge] = (),
    title: str | None = None,
    more_tables: Sequence[Table] = (),
    repeat_rows: int = 1,
    password: str | None = None,
    font_size: float = 7,
) -> Path:
    """A landscape A4 PDF: title lines, then each table with grid lines, split over as many
    pages as it needs with its first ``repeat_rows`` rows repeated on each page. Columns are
    as wide as their longest word needs, the rest of the width shared by their text's length.

    ``password`` encrypts the file with that user password.
    """
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    heading = ParagraphStyle(
        "title", fontName="Helvetica-Bold", fontSize=12, leading=16, alignment=1
    )
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), encrypt=password)
    story: list[Any] = [Paragraph(html.escape(line), heading) for line in _title_lines(title)]
    for table in [Table(rows, merges), *more_tables]:
        story += [Spacer(1, 12), _pdf_table(table, doc.width, repeat_rows, font_size)]
    doc.build(story)
    return path


def _pdf_table(table: Table, available: float, repeat_rows: int, font_size: float):
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, TableStyle
    from reportlab.platypus import Table as PdfTable

    style = ParagraphStyle("cell", fontName="Helvetica", fontSize=font_size, leading=font_size + 2)
    texts = [["" if v is None else str(v) for v in row] for row in table.rows]
    used = [i for i in range(max(map(len, texts))) if any(i < len(r) and r[i] for r in texts)]
    width = used[-1] + 1 if used else 1
    texts = [(row + [""] * width)[:width] for row in texts]

    # A column is at least as wide as its longest word (reportlab would split the word); what is
    # left of the page width goes to the columns in proportion to their longest text.
    def longest(col: int, parts) -> float:
        return max(stringWidth(p, "Helvetica", font_size) for r in texts for p in parts(r[col]))

    words = [
        max(longest(c, lambda t: t.split() or [""]) + 14, 20) for c in range(width)
    ]  # + padding
    whole = [max(longest(c, lambda t: [t]), 1) for c in range(width)]
    spare = max(available - sum(words), 0)
    widths = [w + spare * t / sum(whole) for w, t in zip(words, whole, strict=True)]

    def cell(text: str) -> Paragraph:
        return Paragraph(html.escape(text, quote=False).replace("\n", "<br/>"), style)

    out = PdfTable(
        [[cell(t) for t in row] for row in texts], colWidths=widths, repeatRows=repeat_rows
    )
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    commands += [("SPAN", (c, r), (c + cs - 1, r + rs - 1)) for r, c, rs, cs in table.merges]
    out.setStyle(TableStyle(commands))
    return out


def build_text_pdf(path: Path, lines: Sequence[str]) -> Path:
    """A PDF with lines of text and no drawn table."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for i, line in enumerate(lines):
        c.drawString(72, 770 - 14 * i, line)
    c.save()
    return path


def build_image_pdf(path: Path) -> Path:
    """A PDF with only a drawing and no text, like a scanned page."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(72, 500, 300, 200, fill=1)
    c.save()
    return path


# -- LibreOffice -----------------------------------------------------------------------------


def convert_with_libreoffice(path: Path, suffix: str, outdir: Path) -> Path:
    """``path`` converted by LibreOffice to the format ``suffix`` names ("xls", "doc"), in
    ``outdir``; the test calling this skips when ``soffice`` is not installed."""
    import shutil
    import subprocess

    program = shutil.which("soffice") or shutil.which("libreoffice")
    assert program, "LibreOffice is not installed"
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            program,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(outdir / 'profile').as_uri()}",
            "--convert-to",
            suffix,
            "--outdir",
            str(outdir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    converted = outdir / f"{path.stem}.{suffix}"
    assert converted.is_file(), f"LibreOffice did not write {converted.name}"
    return converted


# -- any format ------------------------------------------------------------------------------

_BUILDERS = {
    ".txt": build_text,
    ".csv": build_csv,
    ".xlsx": build_xlsx,
    ".xls": build_xls,
    ".docx": build_docx,
    ".html": build_html,
    ".htm": build_html,
    ".pdf": build_pdf,
}


def build_document(
    path: Path,
    rows: Rows,
    *,
    merges: Sequence[Merge] = (),
    title: str | None = None,
    more_tables: Sequence[Table] = (),
) -> Path:
    """The tables (and title) in the format ``path``'s suffix names; csv and text have no merges."""
    builder = _BUILDERS[path.suffix.lower()]
    if builder in (build_csv, build_text):
        return builder(path, rows, title=title, more_tables=more_tables)
    return builder(path, rows, merges=merges, title=title, more_tables=more_tables)
