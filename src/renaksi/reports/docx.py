"""Any Report → a Word document (.docx), ready to print.

An A4 or F4 section (landscape unless the report says otherwise) with narrow margins and
"Halaman N dari M" (Word's PAGE and NUMPAGES fields) centred in the footer; the title lines
centered and bold; one table with borders ("Table Grid"), merged cells for spans, the header
rows bold and shaded and marked to repeat at the top of every page (w:tblHeader); then the
signature block at the right. Each table's font size and column widths come from its content
(``layout``): the largest size (8 pt down to 6 pt) at which every number and every word of a
heading stays on one line, the rest of the page shared by the report's width hints; tables are
written as XML in one pass (linear time; no python-docx merges).
Further tables (``report.sections``) follow the main one, each under its heading paragraph
(bold), with their own header rows repeated; ``report.notes`` are paragraphs under the tables.
Control characters, which a .docx cannot hold, are left out of every text (``_t``).
"""

from __future__ import annotations

import io
from dataclasses import replace
from xml.sax.saxutils import escape

from ..core.text import strip_controls
from . import CENTER, HEADING, NUMBER, PAGE_OF, Report, check_paper
from .layout import uniform_decimals

_FONT = "Arial"
_SIZE = 8
_FILL = "D9E2F3"


def _t(text: str) -> str:
    """A text as Word holds it: without the control characters XML forbids (NUL …)."""
    return strip_controls(text)


def render(report: Report, paper: str = "A4") -> bytes:
    """The report as a .docx laid out on ``paper`` ("A4" or "F4")."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    report.check()
    short_mm, long_mm = check_paper(paper)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = _FONT
    style.font.size = Pt(_SIZE + 1)
    style.paragraph_format.space_after = Pt(0)

    section = doc.sections[0]
    long_side, short_side = Cm(long_mm / 10), Cm(short_mm / 10)
    if report.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = long_side, short_side
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = short_side, long_side
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    usable = section.page_width - section.left_margin - section.right_margin
    _page_numbers(section)

    for line in report.title:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(_t(line))
        run.bold = True
        run.font.size = Pt(12)
    if report.title:
        doc.add_paragraph()

    for index, section_table in enumerate(report.tables()):
        if index and (section_table.heading or section_table.header or section_table.body):
            doc.add_paragraph()
        if section_table.heading:
            p = doc.add_paragraph()
            run = p.add_run(_t(section_table.heading))
            run.bold = True
        if index == 0 or section_table.header or section_table.body:
            _table(doc, section_table, usable)

    if report.notes:
        doc.add_paragraph()
    for line in report.notes:
        doc.add_paragraph(_t(line))

    if report.signature is not None:
        doc.add_paragraph()
        lines = report.signature.lines()
        name_index = None
        if report.signature.name:
            name_index = len(lines) - (2 if report.signature.nip else 1)
        for i, line in enumerate(lines):
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = int(usable * 0.62)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if line:
                run = p.add_run(_t(line))
                if i == name_index:
                    run.bold = True
                    run.underline = True

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc, section, usable) -> None:
    """The section as a Word table, its rows written as XML in one pass.

    python-docx's ``cell.merge`` rebuilds the table's grid for every merge (quadratic: the
    Evaluasi Renja of a plan four times the sample's took 87 s). Here each row is written once:
    a cell that starts at a position is a ``w:tc`` (``w:gridSpan`` for its columns,
    ``w:vMerge="restart"`` when it spans rows); a position covered by a cell above gets a
    ``w:tc`` continuing it (``w:vMerge``, same span); positions covered from the left get none.
    """
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import parse_xml

    section = replace(section, body=uniform_decimals(section.body))
    rows = section.rows()
    table = doc.add_table(rows=0, cols=section.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table._tbl.tblPr.append(parse_xml(_CELL_MARGINS))
    size, points = layout(section, usable / _EMU_PER_PT)
    widths = [int(pt * _EMU_PER_PT) for pt in points]
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width

    # Where a cell spanning rows continues: (row, column) → its colspan.
    continues: dict[tuple[int, int], int] = {}
    for r, c, rowspan, colspan in section.merges():
        for i in range(1, rowspan):
            continues[r + i, c] = colspan
    header_count = len(section.header)
    xml = []
    for r, items in enumerate(rows):
        heading_row = r < header_count
        xml.append("<w:tr>")
        if heading_row:
            xml.append('<w:trPr><w:cantSplit w:val="true"/><w:tblHeader w:val="true"/></w:trPr>')
        for c, item in enumerate(items):
            if item is not None:
                heading = heading_row or item.kind == HEADING
                xml.append(_tc(widths, c, item.colspan, item.rowspan > 1, heading, item, size))
            elif (r, c) in continues:
                xml.append(_tc(widths, c, continues[r, c], None, heading_row, None, size))
        xml.append("</w:tr>")
    tbl = parse_xml(f"<w:tbl {_NS}>{''.join(xml)}</w:tbl>")
    table._tbl.extend(list(tbl))


# Table cells are padded 0.1 cm left and right (Word's default is 0.19 cm): room for numbers.
_PAD_TWIPS = 57
_CELL_MARGINS = (
    f'<w:tblCellMar xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    f'<w:left w:w="{_PAD_TWIPS}" w:type="dxa"/><w:right w:w="{_PAD_TWIPS}" w:type="dxa"/>'
    "</w:tblCellMar>"
)
_EMU_PER_PT = 12700
# Font sizes a table may take, largest first: the largest at which its numbers and words fit.
SIZES = (8.0, 7.5, 7.0, 6.5, 6.0)
# Words longer than this (in a text cell) may break: a column is not widened for them.
LONGEST_WORD = 20

# Advance widths of Arial (and Liberation Sans, metric-compatible) in thousandths of an em.
_WIDTHS = dict.fromkeys("0123456789", 556)
_WIDTHS.update(dict.fromkeys(".,:;!'|il jI", 278))
_WIDTHS.update(dict.fromkeys("ftr()-[]/\\", 333))
_WIDTHS.update(dict.fromkeys("ckszvxy", 500))
_WIDTHS.update(dict.fromkeys("mMw%", 889))
_WIDTHS.update(dict.fromkeys("ABEKPSVXYCDHNRU", 722))
_WIDTHS.update(dict.fromkeys("GOQW", 778))
_WIDTHS.update(dict.fromkeys("FTZL", 611))
_DEFAULT_WIDTH = 600  # other letters (a, b, d, e …: 556) and anything else, rounded up
_BOLD = 1.1  # bold letters are up to a tenth wider; digits are not, but it is a safe margin


def text_points(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` on one line, in points, at ``size`` points (Arial's metrics)."""
    ems = sum(_WIDTHS.get(ch, _DEFAULT_WIDTH) for ch in text) / 1000
    return ems * size * (_BOLD if bold else 1.0)


def _needs(section) -> list[list[tuple[str, bool]]]:
    """Per column, the texts that must stay on one line: whole numbers, and each word of a
    heading or a text (words up to ``LONGEST_WORD`` characters), with whether bold. Cells
    spanning columns are left to the columns they span."""
    header_count = len(section.header)
    out: list[dict[tuple[str, bool], None]] = [{} for _ in range(section.width)]
    for r, row in enumerate(section.rows()):
        for c, item in enumerate(row):
            if item is None or item.colspan > 1 or not item.text:
                continue
            bold = r < header_count or item.kind == HEADING
            if item.kind == NUMBER:
                out[c][item.text.strip(), bold] = None
                continue
            for word in item.text.split():
                if len(word) <= LONGEST_WORD:
                    out[c][word, bold] = None
    return [list(texts) for texts in out]


def layout(section, usable_pt: float) -> tuple[float, list[float]]:
    """(font size, column widths in points) of a table on ``usable_pt`` points of paper.

    The largest of ``SIZES`` at which every column holds its widest number and word (plus the
    cells' padding) on one line, so that Word never breaks "2.254.200.000" or "Realisasi"
    mid-way; the smallest when nothing fits. Columns then share the rest of the width in
    proportion to the report's hints, none narrower than what it must hold.
    """
    needs = _needs(section)
    pad = 2 * _PAD_TWIPS / 20 + 1.5  # the cell's padding, and a margin for rounding
    for size in SIZES:
        least = [
            max((text_points(t, size, b) for t, b in texts), default=0) + pad for texts in needs
        ]
        if sum(least) <= usable_pt:
            break
    hints = [max(w, 0.1) for w in section.widths]
    fixed: set[int] = set()
    while True:
        free = usable_pt - sum(least[i] for i in fixed)
        share = sum(h for i, h in enumerate(hints) if i not in fixed)
        if share <= 0 or free <= 0:
            break
        scale = free / share
        narrow = {i for i, h in enumerate(hints) if i not in fixed and h * scale < least[i]}
        if not narrow:
            break
        fixed |= narrow
    widths = [
        least[i] if i in fixed or share <= 0 or free <= 0 else hints[i] * scale
        for i in range(len(hints))
    ]
    return size, widths


_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_ALIGN = {CENTER: "center", NUMBER: "right"}


def _tc(
    widths, c: int, colspan: int, restart: bool | None, heading: bool, item, size: float
) -> str:
    """One ``w:tc``: ``restart`` True starts a vertical merge, None continues one (no text)."""
    props = [f'<w:tcW w:w="{sum(widths[c : c + colspan]) // 635}" w:type="dxa"/>']
    if colspan > 1:
        props.append(f'<w:gridSpan w:val="{colspan}"/>')
    if restart is None:
        props.append("<w:vMerge/>")
    elif restart:
        props.append('<w:vMerge w:val="restart"/>')
    if heading:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{_FILL}"/>')
    paragraph = ""
    if item is not None:
        align = "center" if heading else _ALIGN.get(item.kind)
        if align:
            paragraph += f'<w:pPr><w:jc w:val="{align}"/></w:pPr>'
        if item.text:
            bold = "<w:b/>" if heading else ""
            paragraph += f'<w:r><w:rPr>{bold}<w:sz w:val="{round(size * 2)}"/></w:rPr>{_runs(item.text)}</w:r>'
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr><w:p>{paragraph}</w:p></w:tc>"


def _runs(text: str) -> str:
    """A run's content for ``text``: escaped, its line breaks and tabs as Word's."""
    out = []
    for i, line in enumerate(_t(text).split("\n")):
        if i:
            out.append("<w:br/>")
        for j, part in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if part:
                out.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return "".join(out)


def _page_numbers(section) -> None:
    """ "Halaman {PAGE} dari {NUMPAGES}" centred in the section's footer, as fields Word fills."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in ((PAGE_OF[0], "PAGE"), (PAGE_OF[1], "NUMPAGES")):
        paragraph.add_run(text).font.size = Pt(_SIZE)
        _field(paragraph, field)


def _field(paragraph, instruction: str) -> None:
    """A simple field (w:fldSimple) such as PAGE; "1" shows until Word updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(_SIZE * 2))
    props.append(size)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _repeat_header(row) -> None:
    """Mark a table row to repeat at the top of each page (w:tblHeader), and not to split."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        tr_pr.append(element)


def _shade(cell, color: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color)
    tc_pr.append(shading)
