"""A plan laid out as Indonesian offices lay out a Rencana Aksi in Word, Excel and PDF.

The builders start from a core ``Plan`` (for the tests: the sample as the text importer reads it),
never from a document's text, so that the tests compare the plan read back with the plan written.
Two steps, so that a new layout or a new format is one function:

1. ``sheet_of(plan, layout)`` lays the plan out as a ``Sheet``: title lines, the header band
   (captions, TARGET over TW I–IV, a row of column numbers), the body and its merged cells, and
   the signature block under the table. A ``Layout`` says how: which levels share a column, the
   captions, bold and indentation per level, whether there is a PENANGGUNG JAWAB column.
2. A writer puts a Sheet into a file: ``write_docx`` (python-docx: merged cells are real
   w:vMerge/w:gridSpan merges), ``write_xlsx`` (openpyxl: merged ranges, percentages as fractions
   formatted "0%"), ``write_pdf`` (reportlab: drawn grid lines, spans, header repeated on every
   page), and ``docx_to_pdf`` (LibreOffice: what "Save as PDF" of the Word file gives).

The body, as offices build it: one column per level (NO, SASARAN STRATEGIS, PROGRAM, KEGIATAN,
SUB KEGIATAN; TUJUAN first when the plan has tujuan), then INDIKATOR KINERJA, SATUAN, TW I–IV and
PENANGGUNG JAWAB. Each node is written in its level's column on the first row of its block and
that cell is merged down over the rows of its indicators and of all its descendants; each
indicator has its own row with its unit and targets; a node without indicators still has its row.
A node's deeper columns are empty on its own indicator rows. When levels share a column
(``combine``), a node's cell only covers its own rows, and the formatting (bold, indentation) is
the only evidence of its level.

``plan_from_sheet`` reads a sheet back knowing its layout (the check that a layout carries the
whole plan); ``tree_diff``, ``indicator_diff`` and ``signature_in_plan`` say, one line per node
or indicator, what a plan read from a document gets wrong. ``make_long_pdf`` writes a PDF of
exactly N pages of a long plan (for timing the PDF reader).

Run ``python -m tests.importers.office_layouts DIR`` to write every layout of the sample to DIR.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from renaksi.core.plan import LEVELS, Indicator, Node, Plan

SAMPLE = (
    Path(__file__).parents[2]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)

Merge = tuple[int, int, int, int]  # (row, col, rowspan, colspan), 0-based over the table's rows

# Column captions as Rencana Aksi tables write them.
CAPTIONS: Mapping[str, str] = {
    "no": "NO",
    "tujuan": "TUJUAN",
    "sasaran": "SASARAN STRATEGIS",
    "program": "PROGRAM",
    "kegiatan": "KEGIATAN",
    "subkegiatan": "SUB KEGIATAN",
    "indicator": "INDIKATOR KINERJA",
    "unit": "SATUAN",
    "target": "TARGET",
    "responsible": "PENANGGUNG\nJAWAB",  # wrapped inside its cell (a line break)
}
PERIOD_LABELS: Mapping[str, str] = {"TW1": "TW I", "TW2": "TW II", "TW3": "TW III", "TW4": "TW IV"}

# Who answers for a node's indicators, by level: what a kecamatan writes in PENANGGUNG JAWAB.
RESPONSIBLE: Mapping[str, str] = {
    "tujuan": "Camat",
    "sasaran": "Camat",
    "program": "Sekretaris Camat",
    "kegiatan": "Kasubag Umum dan Kepegawaian",
    "subkegiatan": "Kasubag Umum dan Kepegawaian",
}

# The signature block under the table; "" is an empty line (room for the signature itself).
SIGNATURE: tuple[str, ...] = (
    "Kaligondang, 3 Januari 2022",
    "CAMAT KALIGONDANG",
    "",
    "",
    "",
    "NAMA LENGKAP, S.Sos",
    "Pembina",
    "NIP. 19700101 199003 1 005",
)


@dataclass(frozen=True)
class Layout:
    """How an office lays a plan out in a table.

    ``combine``: levels written in one column ("KEGIATAN / SUB KEGIATAN"), top level first.
    ``bold`` and ``indent`` (steps: 0.5 cm in Word, Excel's indent level) format a level's name
    cells. ``target_caption`` is the cell over TW I–IV. ``percent_sign``: a percentage target is
    written "25%" in Word and PDF (else "25", the unit being in SATUAN). ``signature``: how the
    signature block is written under the table in Word: "table" (a borderless two-column table,
    one line per row, in its right column), "cell" (the same table with one row: all lines as
    paragraphs of its right cell) or "paragraphs" (indented paragraphs).
    """

    name: str
    combine: tuple[str, ...] = ()
    captions: Mapping[str, str] = field(default_factory=lambda: dict(CAPTIONS))
    target_caption: str = "TARGET"
    responsible: bool = True
    column_numbers: bool = True
    bold: frozenset[str] = frozenset()
    indent: Mapping[str, int] = field(default_factory=dict)
    percent_sign: bool = True
    signature: str = "table"


# (1) One column per level, every node cell merged down over its block.
WORD_COLUMNS = Layout("word-columns")
# (2) Kegiatan and sub kegiatan in one column: kegiatan bold, sub kegiatan indented.
WORD_COMBINED = Layout(
    "word-combined",
    combine=("kegiatan", "subkegiatan"),
    target_caption="Target",
    bold=frozenset({"kegiatan"}),
    indent={"subkegiatan": 1},
    signature="paragraphs",
)
# (4) The Excel workbook: the columns of (1), percentages as fractions formatted "0%".
EXCEL_COLUMNS = Layout("excel-columns", target_caption="Target")


# --------------------------------------------------------------------------------------------
# The plan as a table


@dataclass
class Cell:
    """One cell: text, a number (a target) or None. ``percent``: the number is a percentage
    (25 means 25 %). ``header``: a caption (bold, centred)."""

    value: Any = None
    bold: bool = False
    indent: int = 0
    percent: bool = False
    header: bool = False
    level: str | None = None  # the level of the node named in this cell


@dataclass
class Sheet:
    """A plan laid out: title lines, the table (header rows first) and the signature lines."""

    title: list[str]
    rows: list[list[Cell]]
    merges: list[Merge]
    header_rows: int  # captions and column numbers: repeated on every page
    columns: list[str]  # what each column holds: "no", a level or "+"-joined levels, "TW1", …
    signature: list[str]
    layout: Layout

    @property
    def width(self) -> int:
        return len(self.columns)

    def covered(self) -> set[tuple[int, int]]:
        """Positions covered by a merged cell other than its top-left one."""
        return {
            (r + i, c + j)
            for r, c, rowspan, colspan in self.merges
            for i in range(rowspan)
            for j in range(colspan)
            if i or j
        }


def title_lines(plan: Plan) -> list[str]:
    return [f"RENCANA AKSI TAHUN {plan.year}", (plan.unit or "").upper()]


def level_columns(plan: Plan, layout: Layout) -> list[tuple[str, ...]]:
    """The level columns, top first: one per level the plan uses, ``combine`` levels together."""
    used = [level for level in LEVELS if plan.count(level)]
    columns: list[tuple[str, ...]] = []
    for level in used:
        if columns and level in layout.combine and columns[-1][-1] in layout.combine:
            columns[-1] = (*columns[-1], level)
        else:
            columns.append((level,))
    return columns


def sheet_of(plan: Plan, layout: Layout, signature: Sequence[str] = SIGNATURE) -> Sheet:
    """The plan laid out as ``layout`` says (see the module docstring)."""
    groups = level_columns(plan, layout)
    periods = list(plan.periods or PERIOD_LABELS)
    columns = ["no", *("+".join(g) for g in groups), "indicator", "unit", *periods]
    if layout.responsible:
        columns.append("responsible")
    col = {name: i for i, name in enumerate(columns)}
    level_col = {level: i + 1 for i, group in enumerate(groups) for level in group}
    deeper_in_column = {level for group in groups for level in group[:-1]}
    captions = layout.captions

    # Header: captions over two rows, the target caption over the periods, then column numbers.
    first = [Cell(header=True) for _ in columns]
    second = [Cell(header=True) for _ in columns]
    merges: list[Merge] = []
    for i, name in enumerate(columns):
        if name in periods:
            second[i].value = PERIOD_LABELS.get(name, name)
            continue
        caption = " / ".join(captions[level] for level in name.split("+"))
        first[i].value = caption
        merges.append((0, i, 2, 1))
    first[col[periods[0]]].value = layout.target_caption
    merges.append((0, col[periods[0]], 1, len(periods)))
    rows = [first, second]
    if layout.column_numbers:
        rows.append([Cell(str(i + 1), header=True) for i in range(len(columns))])
    header_rows = len(rows)

    def blank_row() -> list[Cell]:
        return [Cell() for _ in columns]

    def indicator_cells(row: list[Cell], indicator: Indicator | None) -> None:
        if indicator is None:
            return
        row[col["indicator"]].value = indicator.name
        row[col["unit"]].value = indicator.unit
        for period in periods:
            value = indicator.targets.get(period)
            row[col[period]] = Cell(value, percent=indicator.unit == "%" and _is_number(value))

    def emit(node: Node) -> None:
        start = len(rows)
        own = node.indicators or [None]
        for indicator in own:
            row = blank_row()
            indicator_cells(row, indicator)
            rows.append(row)
        rows[start][level_col[node.level]] = Cell(
            node.name,
            bold=node.level in layout.bold,
            indent=layout.indent.get(node.level, 0),
            level=node.level,
        )
        if layout.responsible:
            rows[start][col["responsible"]].value = RESPONSIBLE[node.level]
            _merge_down(merges, start, col["responsible"], len(own))
        for child in node.children:
            emit(child)
        # A node's cell covers its descendants' rows unless they are written in the same column.
        span = len(own) if node.level in deeper_in_column else len(rows) - start
        _merge_down(merges, start, level_col[node.level], span)

    for number, node in enumerate(plan.nodes, start=1):
        start = len(rows)
        emit(node)
        rows[start][0].value = str(number)
        _merge_down(merges, start, 0, len(rows) - start)
    return Sheet(
        title=title_lines(plan),
        rows=rows,
        merges=merges,
        header_rows=header_rows,
        columns=columns,
        signature=list(signature),
        layout=layout,
    )


def _merge_down(merges: list[Merge], row: int, col: int, rows: int) -> None:
    if rows > 1:
        merges.append((row, col, rows, 1))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def number_text(value: Any) -> str:
    """A number as Indonesian documents write it: 25, 0,5 (decimal comma)."""
    if value is None:
        return ""
    if not _is_number(value):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.15g}".replace(".", ",")


def cell_text(cell: Cell, layout: Layout) -> str:
    """A cell as Word and PDF write it: a percentage target "25%" (or "25", see Layout)."""
    text = number_text(cell.value)
    if cell.percent and layout.percent_sign and text:
        text += "%"
    return text


# Column widths in cm for F4 landscape (relative for other pages): wide enough that no word of
# the sample is broken inside a cell when LibreOffice prints it (with DejaVu Sans for Arial).
_WIDTHS = {
    "no": 0.9,
    "tujuan": 3.1,
    "sasaran": 3.1,
    "program": 3.1,
    "kegiatan": 3.3,
    "subkegiatan": 3.9,
    "indicator": 4.1,
    "unit": 1.5,
    "period": 1.25,
    "responsible": 2.5,
}


def relative_widths(sheet: Sheet) -> list[float]:
    out = []
    for name in sheet.columns:
        if name in PERIOD_LABELS or name.startswith("TW"):
            out.append(_WIDTHS["period"])
        else:  # a column of several levels: the widest of them, and some room for indentation
            levels = name.split("+")
            out.append(max(_WIDTHS[level] for level in levels) + 0.6 * (len(levels) - 1))
    return out


# --------------------------------------------------------------------------------------------
# Word


def write_docx(sheet: Sheet, path: Path) -> Path:
    """The sheet as a Word document: landscape F4 (21.5 × 33 cm), the title paragraphs, one
    table with real merged cells and its header rows repeated on each page, then the signature
    block as ``sheet.layout.signature`` says."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(33), Cm(21.5)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1))
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(7)
    normal.paragraph_format.space_after = Pt(0)

    for line in sheet.title:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold = True
        run.font.size = Pt(12)
    doc.add_paragraph()

    table = doc.add_table(rows=len(sheet.rows), cols=sheet.width)
    table.style = "Table Grid"
    table.autofit = False
    usable = 33 - 2.0
    weights = relative_widths(sheet)
    widths = [Cm(usable * w / sum(weights)) for w in weights]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    # The cells are taken before merging: a merge keeps the top-left cell's element.
    cells = [row.cells for row in table.rows]
    for r, row in enumerate(sheet.rows):
        if r < sheet.header_rows:
            _repeat_as_header(table.rows[r])
        for c, cell in enumerate(row):
            target = cells[r][c]
            target.width = widths[c]
            paragraph = target.paragraphs[0]
            text = cell_text(cell, sheet.layout)
            if cell.header or c == 0 or sheet.columns[c].startswith("TW"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if cell.header:
                target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if cell.indent:
                paragraph.paragraph_format.left_indent = Cm(0.5 * cell.indent)
            for i, line in enumerate(text.split("\n") if text else []):
                if i:
                    paragraph.runs[-1].add_break()  # a line break inside the paragraph
                run = paragraph.add_run(line)
                run.bold = cell.bold or cell.header
    for r, c, rowspan, colspan in sheet.merges:
        cells[r][c].merge(cells[r + rowspan - 1][c + colspan - 1])

    _docx_signature(doc, sheet.signature, sheet.layout.signature, Cm(usable))
    doc.save(path)
    return path


def _repeat_as_header(row) -> None:
    """Word's "Repeat as header row at the top of each page" (w:tblHeader)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _docx_signature(doc, lines: Sequence[str], style: str, usable) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    if not lines:
        return
    doc.add_paragraph()
    if style == "paragraphs":
        for line in lines:
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(20)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _signature_run(paragraph, line)
        return
    if style not in ("table", "cell"):
        raise ValueError(f"unknown signature style {style!r}")
    # A table without a style has no borders (the document's "Normal Table").
    rows = len(lines) if style == "table" else 1
    block = doc.add_table(rows=rows, cols=2)
    block.autofit = False
    for row in block.rows:
        row.cells[0].width, row.cells[1].width = usable * 0.6, usable * 0.4
    for i, line in enumerate(lines):
        cell = block.rows[i if style == "table" else 0].cells[1]
        paragraph = cell.paragraphs[0] if style == "table" or i == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _signature_run(paragraph, line)


# The signer's name with a degree ("NAMA LENGKAP, S.Sos"): bold and underlined.
_SIGNER = re.compile(r",\s*(S|M|Dr|Ir|Drs|Dra)\.")


def _emphasis(line: str) -> tuple[bool, bool]:
    """(bold, underlined) of a signature line: the office in capitals is bold, the name both."""
    is_name = bool(_SIGNER.search(line))
    return line.isupper() or is_name, is_name


def _signature_run(paragraph, line: str) -> None:
    run = paragraph.add_run(line)
    run.bold, run.underline = _emphasis(line)


# --------------------------------------------------------------------------------------------
# Excel


def write_xlsx(sheet: Sheet, path: Path) -> Path:
    """The sheet as a workbook: title rows merged over the table's width, an empty row, the
    table with merged ranges and thin borders, percentages as fractions formatted "0%" (0.25)
    and other numbers as numbers, then the signature lines under the table's right columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Rencana Aksi"
    width = sheet.width
    for i, line in enumerate(sheet.title, start=1):
        ws.cell(row=i, column=1, value=line).font = Font(bold=True, size=12)
        ws.cell(row=i, column=1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
    top = len(sheet.title) + 2  # the table's first row (one empty row after the title)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for r, row in enumerate(sheet.rows):
        for c, cell in enumerate(row):
            out = ws.cell(row=top + r, column=c + 1)
            out.border = border
            value = cell.value
            if cell.percent:
                out.value = value / 100
                out.number_format = "0%" if float(value).is_integer() else "0.0%"
            elif value not in (None, ""):
                out.value = value
            out.font = Font(bold=cell.bold or cell.header)
            out.alignment = Alignment(
                wrap_text=True,
                vertical="center" if cell.header else "top",
                horizontal="center" if cell.header or _is_number(value) else None,
                indent=cell.indent,
            )
    for r, c, rowspan, colspan in sheet.merges:
        ws.merge_cells(
            start_row=top + r,
            start_column=c + 1,
            end_row=top + r + rowspan - 1,
            end_column=c + colspan,
        )
    for c, weight in enumerate(relative_widths(sheet), start=1):
        ws.column_dimensions[get_column_letter(c)].width = 9 * weight
    ws.print_title_rows = f"{top}:{top + sheet.header_rows - 1}"
    ws.page_setup.orientation = "landscape"

    # The signature under the right columns (from TW I on), each line merged across them.
    first_col = next(i for i, name in enumerate(sheet.columns) if name.startswith("TW")) + 1
    row = top + len(sheet.rows) + 1
    for line in sheet.signature:
        row += 1
        if not line:
            continue
        out = ws.cell(row=row, column=first_col, value=line)
        out.alignment = Alignment(horizontal="center")
        bold, underlined = _emphasis(line)
        out.font = Font(bold=bold, underline="single" if underlined else None)
        ws.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=width)
    wb.save(path)
    return path


# --------------------------------------------------------------------------------------------
# PDF


def soffice() -> str | None:
    """LibreOffice's command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, outdir: Path, timeout: float = 120) -> Path:
    """The Word file as LibreOffice exports it to PDF ("Save as PDF"), in ``outdir``.

    A fresh LibreOffice profile each time: a profile in use by another LibreOffice (or left
    locked by one that was killed) makes the conversion fail silently.
    """
    command = soffice()
    if command is None:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="renaksi-soffice-") as profile:
        done = subprocess.run(
            [
                command,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(docx),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    pdf = outdir / (docx.stem + ".pdf")
    if done.returncode or not pdf.exists():
        raise RuntimeError(
            f"soffice could not convert {docx.name} (exit {done.returncode}): "
            f"{(done.stderr or done.stdout).strip()[:300]}"
        )
    return pdf


@dataclass(frozen=True)
class PdfPage:
    """The page geometry of ``write_pdf``: landscape A4 with 28 pt margins."""

    font_size: float = 6.5
    margin: float = 28

    def size(self) -> tuple[float, float]:
        from reportlab.lib.pagesizes import A4, landscape

        return landscape(A4)

    def frame(self) -> tuple[float, float]:
        """(width, height) left for the flowables: inside the margins and the frame's padding
        (6 pt on each side in reportlab's SimpleDocTemplate)."""
        width, height = self.size()
        return width - 2 * self.margin - 12, height - 2 * self.margin - 12


def paginate(sheet: Sheet, page: PdfPage | None = None, last_reserve: float = 0) -> list[range]:
    """The body rows of each page: as many as fit under the title (first page) and the header
    rows, at least one. ``last_reserve``: room (pt) the last page keeps free below the table."""
    page = page or PdfPage()
    width, height = page.frame()
    title = _pdf_title(sheet, page)
    title_height = sum(f.wrap(width, height)[1] for f in title)
    pages: list[range] = []
    start, stop = sheet.header_rows, len(sheet.rows)
    while start < stop:
        room = height - (0 if pages else title_height) - 4

        def fits(end: int, room: float = room, start: int = start) -> bool:
            table = _pdf_page_table(sheet, start, end, width, page.font_size)
            return table.wrap(width, room)[1] <= room

        # The most rows that fit, by bisection (no page holds 80 rows at these sizes).
        low, high = start + 1, min(stop, start + 80)
        while low < high:
            mid = (low + high + 1) // 2
            low, high = (mid, high) if fits(mid) else (low, mid - 1)
        if low == stop and last_reserve and not fits(stop, room - last_reserve):
            # The last rows fit, but not with the room kept below them: fewer rows here.
            low, high = start + 1, stop - 1
            while low < high:
                mid = (low + high + 1) // 2
                low, high = (mid, high) if fits(mid, room - last_reserve) else (low, mid - 1)
        pages.append(range(start, low))
        start = low
    return pages


def write_pdf(sheet: Sheet, path: Path, page: PdfPage | None = None) -> int:
    """The sheet as a landscape A4 PDF drawn by reportlab; returns the number of pages.

    Paginated here (``paginate``) rather than by reportlab, whose tables do not split inside
    spanned cells: each page has the title (first page only), the header rows and as many body
    rows as fit; a merged cell that runs over a page break continues empty on the next page, as
    Word and LibreOffice print it. The signature block follows the table, without grid lines.
    """
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    page = page or PdfPage()
    width, _height = page.frame()
    doc = SimpleDocTemplate(
        str(path),
        pagesize=page.size(),
        leftMargin=page.margin,
        rightMargin=page.margin,
        topMargin=page.margin,
        bottomMargin=page.margin,
    )
    signature = _pdf_signature(sheet, width, page.font_size)
    story: list[Any] = _pdf_title(sheet, page)
    for number, rows in enumerate(paginate(sheet, page, _height_of(signature, width))):
        if number:
            story.append(PageBreak())
        story.append(_pdf_page_table(sheet, rows.start, rows.stop, width, page.font_size))
    story += signature
    doc.build(story)
    return doc.page


def _height_of(flowables: list[Any], width: float) -> float:
    return sum(f.wrap(width, 10_000)[1] for f in flowables)


def _pdf_title(sheet: Sheet, page: PdfPage) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    heading = _pdf_styles(page.font_size)["title"]
    return [Paragraph(_escape(line), heading) for line in sheet.title] + [Spacer(1, 8)]


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False).replace("\n", "<br/>")


def _pdf_styles(font_size: float):
    from reportlab.lib.styles import ParagraphStyle

    return {
        "title": ParagraphStyle(
            "title", fontName="Helvetica-Bold", fontSize=11, leading=14, alignment=1
        ),
        "cell": ParagraphStyle(
            "cell", fontName="Helvetica", fontSize=font_size, leading=font_size + 1.5
        ),
        "bold": ParagraphStyle(
            "bold", fontName="Helvetica-Bold", fontSize=font_size, leading=font_size + 1.5
        ),
        "center": ParagraphStyle(
            "center", fontName="Helvetica", fontSize=font_size, leading=font_size + 1.5, alignment=1
        ),
        "header": ParagraphStyle(
            "header",
            fontName="Helvetica-Bold",
            fontSize=font_size,
            leading=font_size + 1.5,
            alignment=1,
        ),
    }


def _pdf_page_table(sheet: Sheet, start: int, stop: int, width: float, font_size: float):
    """One page of the table: the header rows and body rows [start, stop), spans clipped."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = _pdf_styles(font_size)
    keep = [*range(sheet.header_rows), *range(start, stop)]
    place = {r: i for i, r in enumerate(keep)}
    data = []
    for r in keep:
        out = []
        for c, cell in enumerate(sheet.rows[r]):
            text = cell_text(cell, sheet.layout)
            if cell.header:
                style = styles["header"]
            elif cell.bold:
                style = styles["bold"]
            elif c == 0 or sheet.columns[c].startswith("TW"):
                style = styles["center"]
            else:
                style = styles["cell"]
            indent = "&nbsp;" * (4 * cell.indent)
            out.append(Paragraph(indent + _escape(text), style) if text else "")
        data.append(out)
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, sheet.header_rows - 1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for r, c, rowspan, colspan in sheet.merges:
        # The part of the merged range on this page; a range begun on an earlier page continues
        # empty from the page's first body row.
        rows = [x for x in range(r, r + rowspan) if x in place]
        if len(rows) > 1 or colspan > 1:
            if rows and rows[0] != r:
                data[place[rows[0]]][c] = ""
            if rows:
                commands.append(("SPAN", (c, place[rows[0]]), (c + colspan - 1, place[rows[-1]])))
    weights = relative_widths(sheet)
    widths = [width * w / sum(weights) for w in weights]
    return PdfTable(data, colWidths=widths, style=TableStyle(commands))


def _pdf_signature(sheet: Sheet, width: float, font_size: float) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer
    from reportlab.platypus import Table as PdfTable

    styles = _pdf_styles(font_size + 1)
    lines = [
        [Paragraph(_escape(line), styles["center"]) if line else ""] for line in sheet.signature
    ]
    if not lines:
        return []
    return [Spacer(1, 14), PdfTable(lines, colWidths=[width * 0.35], hAlign="RIGHT")]


# --------------------------------------------------------------------------------------------
# A long plan and its PDF


def long_plan(units: int = 200, year: int = 2022) -> Plan:
    """A long plan in the cascade, from the national nomenclature (2022 list): a sasaran per
    bidang with its programs, their kegiatan and sub kegiatan, each with an indicator (the
    sub kegiatan's standard one where the list has it) and TW I–IV targets; about ``units``
    sub kegiatan. Deterministic."""
    from renaksi.core import nomenclature

    entries = [e for e in nomenclature.load("2022") if e.jenis == "KABKOT"]
    by_parent: dict[str, list] = {}
    for entry in entries:
        parent = entry.code.rsplit(".", 2 if entry.level == "kegiatan" else 1)[0]
        by_parent.setdefault(parent, []).append(entry)
    plan = Plan(unit="Dinas Contoh", year=year, periods=list(PERIOD_LABELS))
    count = 0
    sasaran: Node | None = None
    bidang = None
    for program in (e for e in entries if e.level == "program"):
        kegiatan = by_parent.get(program.code, [])
        if not kegiatan:
            continue
        if program.code[:4] != bidang:
            bidang = program.code[:4]
            sasaran = Node(
                "sasaran",
                f"Meningkatnya kinerja urusan {bidang}",
                number=str(len(plan.nodes) + 1),
                indicators=[_indicator(f"Indeks kinerja urusan {bidang}", "%", None)],
            )
            plan.nodes.append(sasaran)
        p = Node(
            "program",
            program.name,
            indicators=[_indicator(f"Persentase capaian {program.name.lower()}", "%", None)],
        )
        sasaran.children.append(p)
        for k in kegiatan:
            node = Node(
                "kegiatan",
                k.name,
                indicators=[_indicator(f"Persentase capaian {k.name.lower()}", "%", None)],
            )
            p.children.append(node)
            for sub in by_parent.get(k.code, []):
                if sub.level != "subkegiatan":
                    continue
                unit = sub.satuan or "Dokumen"
                name = sub.indikator or f"Jumlah dokumen {sub.name.lower()}"
                node.children.append(
                    Node("subkegiatan", sub.name, indicators=[_indicator(name, unit, sub.kinerja)])
                )
                count += 1
                if count >= units:
                    return plan
    return plan


def _indicator(name: str, unit: str, objective: str | None) -> Indicator:
    if unit == "%":
        targets = {"TW1": 25, "TW2": 50, "TW3": 75, "TW4": 100}
    else:
        targets = {"TW1": 1, "TW2": 2, "TW3": 3, "TW4": 4}
    return Indicator(name=name, objective=objective, unit=unit, targets=targets)


def truncate(plan: Plan, layout: Layout, body_rows: int) -> Plan:
    """The plan cut after its first ``body_rows`` rows as ``layout`` writes them (whole rows:
    a node with the indicators written on those rows)."""
    plan = copy.deepcopy(plan)
    left = body_rows

    def cut(nodes: list[Node]) -> list[Node]:
        nonlocal left
        kept = []
        for node in nodes:
            if left <= 0:
                break
            own = max(len(node.indicators), 1)
            node.indicators = node.indicators[:left]
            left -= min(own, left)
            node.children = cut(node.children)
            kept.append(node)
        return kept

    plan.nodes = cut(plan.nodes)
    return plan


def make_long_pdf(path: Path, pages: int = 10, layout: Layout = WORD_COLUMNS) -> Plan:
    """A PDF of exactly ``pages`` pages of a long plan (``long_plan``) laid out as ``layout``
    with merged cells, drawn by reportlab; returns the plan it shows (the long plan cut where the
    last page ends, leaving room for the signature block). For timing the PDF reader and reading
    long tables; no LibreOffice needed."""
    page = PdfPage()
    width, _height = page.frame()
    units = 16 * pages
    while True:
        plan = long_plan(units=units)
        sheet = sheet_of(plan, layout)
        laid = paginate(sheet, page)
        if len(laid) >= pages:
            break
        units *= 2
    # The rows up to the end of the last wanted page, paginated again keeping room for the
    # signature block on the last page: where that page ends, the plan is cut.
    reserve = _height_of(_pdf_signature(sheet, width, page.font_size), width)
    head = Sheet(**{**sheet.__dict__, "rows": sheet.rows[: laid[pages - 1].stop]})
    cut = paginate(head, page, reserve)[pages - 1].stop
    shown = truncate(plan, layout, cut - sheet.header_rows)
    count = write_pdf(sheet_of(shown, layout), path, page)
    if count != pages:
        raise AssertionError(f"{path.name}: {count} pages, not {pages}")
    return shown


def plan_from_sheet(sheet: Sheet, unit: str | None = None, year: int | None = None) -> Plan:
    """The plan a sheet shows, read back knowing the layout (each name cell's level): the
    check that a layout carries the whole plan, so that what an importer misses is its own.

    A node's parent is the node whose cell covers its row in a column to its left, or, in a
    column shared by several levels, the nearest node of a higher level above it in that column
    below the start of that left node; an indicator belongs to the node, among those whose cell
    covers its row, that starts last.
    """
    from renaksi.core.plan import level_rank

    periods = [name for name in sheet.columns if name.startswith("TW")]
    col = {name: i for i, name in enumerate(sheet.columns)}
    spans = {(r, c): rowspan for r, c, rowspan, _colspan in sheet.merges}
    cover: dict[tuple[int, int], tuple[int, Node]] = {}  # (row, col) → (start row, node)
    plan = Plan(unit=unit, year=year, periods=periods)
    for r in range(sheet.header_rows, len(sheet.rows)):
        row = sheet.rows[r]
        for c, cell in enumerate(row):
            if cell.level is None:
                continue
            node = Node(cell.level, cell.value, line=r)
            left = [cover[(r, x)] for x in range(c) if (r, x) in cover]
            start = left[-1][0] if left else sheet.header_rows
            above = [
                cover[(x, c)]
                for x in range(r - 1, start - 1, -1)
                if (x, c) in cover
                and cover[(x, c)][0] == x
                and level_rank(cover[(x, c)][1].level) < level_rank(cell.level)
            ]
            parent = above[0][1] if above else left[-1][1] if left else None
            (parent.children if parent else plan.nodes).append(node)
            for x in range(r, r + spans.get((r, c), 1)):
                cover[(x, c)] = (r, node)
        if row[col["indicator"]].value:
            owners = [cover[(r, c)] for c in range(len(row)) if (r, c) in cover]
            owner = max(owners, key=lambda item: item[0])[1]
            owner.indicators.append(
                Indicator(
                    name=row[col["indicator"]].value,
                    unit=row[col["unit"]].value,
                    targets={p: row[col[p]].value for p in periods},
                    line=r,
                )
            )
    return plan


# --------------------------------------------------------------------------------------------
# Comparing a plan read back with the plan written: what differs, one line per node or indicator


def normal(text: str | None) -> str | None:
    """Text with its whitespace normalised (runs of spaces, line breaks and NBSP: one space)."""
    return None if text is None else " ".join(text.replace("\u00a0", " ").split())


def _short(text: str | None, width: int = 60) -> str:
    if text is None:
        return "None"
    text = normal(text) or ""
    return repr(text if len(text) <= width else text[: width - 1] + "…")


@dataclass(frozen=True)
class TreeRow:
    """One node as the tree comparison sees it: level, name, its parent's level and name."""

    level: str
    name: str
    parent: tuple[str, str] | None
    line: int | None = None

    def show(self) -> str:
        return f"{self.level} {_short(self.name)}"

    def under(self) -> str:
        if self.parent is None:
            return "top level"
        return f"under {self.parent[0]} {_short(self.parent[1], 45)}"


def tree_rows(plan: Plan) -> list[TreeRow]:
    """Every node in document order with its level, name and parent (names normalised)."""
    return [
        TreeRow(
            node.level,
            normal(node.name) or "",
            (parent.level, normal(parent.name) or "") if parent else None,
            node.line,
        )
        for node, parent in plan.walk()
    ]


def tree_diff(got: Plan, want: Plan) -> list[str]:
    """What differs between the trees, one line per node; empty when they agree.

    The nodes are matched by name in document order. "~" a node of both whose level or parent
    differs (a parent by name: a parent read at another level is reported once, on itself);
    "-" a node of ``want`` (the sample) not read; "+" a node read that the sample does not have.
    """
    import difflib

    a, b = tree_rows(want), tree_rows(got)
    out = []
    matcher = difflib.SequenceMatcher(a=[r.name for r in a], b=[r.name for r in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for x, y in zip(a[i1:i2], b[j1:j2], strict=True):
                where = f"~ {x.show()} (sample line {x.line}, read line {y.line}):"
                if x.level != y.level:
                    out.append(f"{where} read as {y.level}")
                if (x.parent and x.parent[1]) != (y.parent and y.parent[1]):
                    out.append(f"{where} read {y.under()}, in the sample {x.under()}")
            continue
        out += [f"- {x.show()} ({x.under()}, sample line {x.line}): not read" for x in a[i1:i2]]
        out += [
            f"+ {y.show()} ({y.under()}, read line {y.line}): not in the sample" for y in b[j1:j2]
        ]
    return out


def _targets_text(indicator: Indicator, periods: Sequence[str]) -> str:
    return ", ".join(f"{p} {indicator.targets.get(p)!r}" for p in periods)


def indicator_diff(got: Plan, want: Plan, objectives: bool = True, units: bool = True) -> list[str]:
    """What differs in the indicators, node by node, one line each; empty when they agree.

    For each node of ``want`` (the sample), the node read with the same level and name (else the
    same name); their indicators are matched by name in order and compared: result statement
    (``objectives``), unit (``units``) and every period's target. An indicator missing from its
    node, or read on a node where the sample does not have it, says where the same name was
    read (or was expected) instead; the indicators of a node that was not read are listed too.
    """
    import difflib

    periods = list(want.periods)
    by_key: dict[tuple[str, str], list[Node]] = {}
    by_name: dict[str, list[Node]] = {}
    for node, _parent in got.walk():
        by_key.setdefault((node.level, normal(node.name) or ""), []).append(node)
        by_name.setdefault(normal(node.name) or "", []).append(node)
    used: set[int] = set()

    def take(candidates: list[Node]) -> Node | None:
        for node in candidates:
            if id(node) not in used:
                used.add(id(node))
                return node
        return None

    def holders(plan: Plan, name: str | None) -> str:
        found = [
            f"{node.level} {_short(node.name, 45)}" + (f" line {i.line}" if i.line else "")
            for node, i in plan.indicators()
            if normal(i.name) == normal(name)
        ]
        return "; ".join(found) or "nowhere"

    def missing(where: str, indicator: Indicator) -> str:
        return (
            f"{where}: indicator {_short(indicator.name)} missing "
            f"({_targets_text(indicator, periods)}); read on: {holders(got, indicator.name)}"
        )

    def extra(where: str, indicator: Indicator) -> str:
        return (
            f"{where}: indicator {_short(indicator.name)} read, not in the sample here "
            f"({_targets_text(indicator, periods)}, line {indicator.line}); in the sample on: "
            f"{holders(want, indicator.name)}"
        )

    out = []
    for node, _parent in want.walk():
        name = normal(node.name) or ""
        where = f"{node.level} {_short(name, 50)}"
        read = take(by_key.get((node.level, name), [])) or take(by_name.get(name, []))
        if read is None:
            out += [missing(f"{where} (node not read)", i) for i in node.indicators]
            continue
        if read.level != node.level:
            where += f" (read as {read.level})"
        names_a = [normal(i.name) for i in node.indicators]
        names_b = [normal(i.name) for i in read.indicators]
        matcher = difflib.SequenceMatcher(a=names_a, b=names_b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for x, y in zip(node.indicators[i1:i2], read.indicators[j1:j2], strict=True):
                    out += _indicator_fields(where, x, y, periods, objectives, units)
                continue
            out += [missing(where, i) for i in node.indicators[i1:i2]]
            out += [extra(where, i) for i in read.indicators[j1:j2]]
    for node, _parent in got.walk():
        if id(node) not in used:
            where = f"{node.level} {_short(node.name, 50)} (node not in the sample)"
            out += [extra(where, i) for i in node.indicators]
    return out


def _indicator_fields(where, want: Indicator, got: Indicator, periods, objectives, units):
    out = []
    label = f"{where}: indicator {_short(want.name, 50)}"
    if objectives and normal(got.objective) != normal(want.objective):
        out.append(
            f"{label}: result statement {_short(got.objective)}, sample {_short(want.objective)}"
        )
    if units and normal(got.unit) != normal(want.unit):
        out.append(f"{label}: unit {got.unit!r}, sample {want.unit!r}")
    for period in periods:
        a, b = want.targets.get(period), got.targets.get(period)
        if a != b:
            out.append(f"{label}: {period} is {b!r}, sample {a!r} (line {got.line})")
    return out


def texts_of(plan: Plan) -> list[tuple[str, str]]:
    """Every text the plan holds, with what it is: node names, indicator names, result
    statements, units and text targets."""
    out = []
    for node, _parent in plan.walk():
        out.append((f"{node.level} name", node.name))
        for i in node.indicators:
            out += [("indicator", i.name), ("result statement", i.objective), ("unit", i.unit)]
            out += [(f"{p} target of {i.name!r}", v) for p, v in i.targets.items()]
    return [(what, text) for what, text in out if isinstance(text, str) and text.strip()]


def mentions(text: str | None, line: str) -> bool:
    """Whether ``text`` holds ``line`` as whole words ("Pembina" is not in "Pembinaan")."""
    pattern = rf"(?<!\w){re.escape(normal(line) or '')}(?!\w)"
    return bool(re.search(pattern, normal(text) or "", re.IGNORECASE))


def signature_in_plan(plan: Plan, signature: Sequence[str] = SIGNATURE) -> list[str]:
    """The signature lines found in the plan's texts, and in the messages of its warnings and
    errors (a line read as a target shows there: "TW1 target … is 25 on line 61 and CAMAT
    KALIGONDANG on line 65"), each with where."""
    out = []
    for line in filter(None, signature):
        out += [
            f"{line!r} in {what} {_short(text)}"
            for what, text in texts_of(plan)
            if mentions(text, line)
        ]
        out += [
            f"{line!r} in line {f.line}: {f.severity} [{f.code}] {f.message}"
            for f in plan.findings
            if f.severity != "info" and mentions(f.message, line)
        ]
    return out


# --------------------------------------------------------------------------------------------
# Every layout of the sample, for a person to look at: python -m tests.importers.office_layouts DIR


def sample_plan() -> Plan:
    from renaksi.importers import read_plan

    return read_plan(SAMPLE)


def write_all(outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    plan = sample_plan()
    written = [
        write_docx(sheet_of(plan, WORD_COLUMNS), outdir / "word-columns.docx"),
        write_docx(sheet_of(plan, WORD_COMBINED), outdir / "word-combined.docx"),
        write_xlsx(sheet_of(plan, EXCEL_COLUMNS), outdir / "excel-columns.xlsx"),
    ]
    if soffice():
        written.append(docx_to_pdf(written[0], outdir))
    long_pdf = outdir / "long-plan-10-pages.pdf"
    make_long_pdf(long_pdf)
    written.append(long_pdf)
    return written


if __name__ == "__main__":
    for written_path in write_all(
        Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/renaksi-layouts")
    ):
        print(written_path)
