"""Any Report → a PDF, ready to print and sign (HTML of our own, laid out by WeasyPrint).

A4 landscape (or portrait; ``paper="F4"`` for 215 × 330 mm), the title lines centred and bold,
then each table of the report: borders, a ``<thead>`` that repeats on every page, merged cells as
rowspan/colspan, a fixed layout with the report's column widths as percentages and long names
wrapped (nothing is cut off at the right). Page numbers "Halaman N dari M" at the foot of each
page. The signature block (place and date, position, space to sign, name, NIP) is never split,
nor left alone on a page: the last rows of the table go with it.

Every text printed is escaped (``html.escape``): a plan's names are imported text. Every text is
also bounded, so that the layout takes the same time whatever a plan holds (docs/security.md,
"Rendering time"): a cell prints about ``MAX_CELL_LINES`` lines of its column at most, a title
line ``MAX_TITLE_CHARS`` characters, a signature line ``MAX_SIGNATURE_CHARS``, a heading or note
``MAX_TEXT_CHARS`` ("…" ending a longer text; the .xlsx and .docx hold it whole), and a run of
characters with no place to break a line (a 3,000-character "word" took WeasyPrint's line
breaker 6 s, 30,000 took 270 s) gets an invisible break opportunity (U+200B) every
``BREAK_EVERY`` characters.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from ..core.text import shorten, strip_controls
from . import CENTER, HEADING, NUMBER, PAGE_OF, Report, Row, check_paper
from .layout import uniform_decimals

_CSS = """
@page {
  size: %(width)smm %(height)smm;
  margin: 12mm 10mm 14mm 10mm;
  @bottom-center {
    content: "%(page)s" counter(page) "%(of)s" counter(pages);
    font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
    font-size: 8pt;
  }
}
body { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; font-size: 8pt; margin: 0; }
.title { text-align: center; font-weight: bold; font-size: 12pt; margin: 0; }
.titles { margin-bottom: 5mm; }
.caption { font-weight: bold; font-size: 9pt; margin: 4mm 0 2mm 0; text-align: left; }
table:last-of-type { break-after: avoid; }
table { width: 100%%; table-layout: fixed; border-collapse: collapse; margin-bottom: 4mm; }
th, td {
  border: 0.6pt solid #000; padding: 1mm 0.7mm; vertical-align: top;
  overflow-wrap: anywhere; word-wrap: break-word; hyphens: manual;
}
thead { display: table-header-group; }
th { background: #D9E2F3; font-weight: bold; text-align: center; vertical-align: middle; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.center { text-align: center; }
td.number { text-align: right; }
td.heading { font-weight: bold; text-align: center; background: #D9E2F3; }
.note { margin: 0 0 1mm 0; font-size: 8pt; }
.signature {
  break-inside: avoid; page-break-inside: avoid; break-before: avoid; page-break-before: avoid;
  margin-left: 62%%; width: 38%%; text-align: center; margin-top: 6mm; font-size: 9pt;
}
.signature p { margin: 0; min-height: 1.2em; }
.signature .name { font-weight: bold; text-decoration: underline; }
"""


# A table's cell prints at most about MAX_CELL_LINES lines of its column (and at least
# MIN_CELL_CHARS characters), "…" ending a text that was longer: a row then always fits on a page,
# and a page takes the same time to lay out whatever the plan holds. Rows taller than a page, which
# must not split (``tr { break-inside: avoid }``), made WeasyPrint lay pages out again and again (a
# plan of six indicators with 5,000-character narratives: 53 pages, 12 s). Real texts fit whole:
# the longest name of the test corpus has 162 characters (the Rencana Aksi's Uraian prints ~670).
MAX_CELL_LINES = 20
MIN_CELL_CHARS = 200
# The title lines print at most MAX_TITLE_CHARS characters, each line of the signature block
# (never split over pages) MAX_SIGNATURE_CHARS (a head's position or name holds 200), a heading
# above a table or a note under it MAX_TEXT_CHARS (a note may hold 5,000: ``core.text``).
MAX_TITLE_CHARS = 500
MAX_SIGNATURE_CHARS = 200
MAX_TEXT_CHARS = 5000
# Runs of this many characters or more without a space get a zero-width space every
# BREAK_EVERY characters: lines break there, and nothing is drawn.
LONG_RUN = 30
BREAK_EVERY = 10
_LONG_RUN = re.compile(r"[^\s\u200b]{" + str(LONG_RUN) + ",}")


def _break_run(match: re.Match) -> str:
    run = match.group(0)
    return "\u200b".join(run[i : i + BREAK_EVERY] for i in range(0, len(run), BREAK_EVERY))


def printable(text: object, limit: int = MAX_TEXT_CHARS) -> str:
    """``text`` as the PDF prints it, before escaping: no control characters, at most ``limit``
    characters ("…" ending a longer one), long unbroken runs given break opportunities."""
    out = shorten(strip_controls(str(text)), limit)
    return _LONG_RUN.sub(_break_run, out) if len(out) >= LONG_RUN else out


def _e(text: object, limit: int = MAX_TEXT_CHARS) -> str:
    return html.escape(printable(text, limit), quote=True)


def tables(report: Report) -> list[tuple[str, list[Row], list[Row], list[float]]]:
    """(heading, header rows, body rows, widths) of each table the report holds, in order.

    ``report.tables()`` when the Report has it (the main table, then its sections), each table's
    ``heading`` printed above it; otherwise the report's one table. Figures have their
    column's decimals (``layout.uniform_decimals``).
    """
    if callable(getattr(report, "tables", None)):
        return [
            (
                getattr(t, "heading", "") or "",
                t.header,
                uniform_decimals(t.body),
                t.widths or report.widths,
            )
            for t in report.tables()
        ]
    return [("", report.header, uniform_decimals(report.body), report.widths)]


def _cell(item, tag: str, heading: bool, limit: int = MAX_TEXT_CHARS) -> str:
    attrs = []
    if item.rowspan > 1:
        attrs.append(f' rowspan="{item.rowspan}"')
    if item.colspan > 1:
        attrs.append(f' colspan="{item.colspan}"')
    if not heading:
        kind = {CENTER: "center", NUMBER: "number", HEADING: "heading"}.get(item.kind)
        if kind:
            attrs.append(f' class="{kind}"')
    return f"<{tag}{''.join(attrs)}>{_e(item.text, limit)}</{tag}>"


def _rows(rows: Iterable[Row], tag: str, heading: bool, chars: Sequence[float]) -> str:
    """The rows as HTML; ``chars``: the characters a line of each column holds."""
    out = []
    for row in rows:
        cells = "".join(
            _cell(item, tag, heading, cell_limit(chars[c : c + item.colspan]))
            for c, item in enumerate(row)
            if item is not None
        )
        out.append(f"<tr>{cells}</tr>")
    return "\n".join(out)


def cell_limit(chars: Sequence[float]) -> int:
    """The most characters a cell over columns holding ``chars`` characters a line prints."""
    return max(MIN_CELL_CHARS, int(sum(chars) * MAX_CELL_LINES))


# A table whose widths add up to more characters than this (on landscape A4, 277 mm between the
# margins) is printed smaller, down to 6 pt, so that its numbers fit their columns.
_CHARS_AT_8PT = 170
_MARGINS_MM = 20


def font_size(widths: Sequence[float], usable_mm: float) -> float:
    """Points for a table of ``widths`` (characters) on ``usable_mm`` of paper: 8, or less."""
    total = sum(widths) or 1
    fits = _CHARS_AT_8PT * usable_mm / (297 - _MARGINS_MM)
    return round(max(6.0, min(8.0, 8.0 * fits / total)), 1)


def column_chars(widths: Sequence[float], usable_mm: float) -> list[float]:
    """The characters a line of each column holds (about), at the table's font size."""
    total = sum(widths) or 1
    line = _CHARS_AT_8PT * usable_mm / (297 - _MARGINS_MM) * 8.0 / font_size(widths, usable_mm)
    return [w / total * line for w in widths]


def _table(
    heading: str,
    header: list[Row],
    body: list[Row],
    widths: Sequence[float],
    usable_mm: float = 297 - _MARGINS_MM,
) -> str:
    total = sum(widths) or 1
    cols = "".join(f'<col style="width:{w * 100 / total:.3f}%">' for w in widths)
    parts = []
    if heading:
        parts.append(f'<p class="caption">{_e(heading)}</p>')
    size = font_size(widths, usable_mm)
    style = f' style="font-size:{size}pt"' if size != 8.0 else ""
    parts.append(f"<table{style}><colgroup>{cols}</colgroup>")
    chars = column_chars(widths, usable_mm)
    if header:
        parts.append(f"<thead>\n{_rows(header, 'th', True, chars)}\n</thead>")
    parts.append(f"<tbody>\n{_rows(body, 'td', False, chars)}\n</tbody></table>")
    return "\n".join(parts)


def _signature(report: Report) -> str:
    if report.signature is None:
        return ""
    sig = report.signature
    lines = sig.lines()
    name_index = len(lines) - (2 if sig.nip else 1) if sig.name else None
    out = []
    for i, line in enumerate(lines):
        cls = ' class="name"' if i == name_index else ""
        out.append(f"<p{cls}>{_e(line, MAX_SIGNATURE_CHARS) if line else '&nbsp;'}</p>")
    return '<div class="signature">' + "".join(out) + "</div>"


def to_html(report: Report, paper: str = "A4") -> str:
    """The HTML (with its print stylesheet) that ``render`` lays out."""
    report.check()
    short, long = check_paper(paper)
    width, height = (long, short) if report.landscape else (short, long)
    css = _CSS % {"width": width, "height": height, "page": PAGE_OF[0], "of": PAGE_OF[1]}
    titles = "".join(f'<p class="title">{_e(line, MAX_TITLE_CHARS)}</p>' for line in report.title)
    body = [f'<div class="titles">{titles}</div>' if titles else ""]
    body += [_table(*table, usable_mm=width - _MARGINS_MM) for table in tables(report)]
    notes = getattr(report, "notes", None) or []
    body += [f'<p class="note">{_e(line)}</p>' for line in notes]
    body.append(_signature(report))
    # The document's title (its metadata): not laid out, so not broken up; kept short.
    doc_title = html.escape(shorten(strip_controls(" ".join(report.title) or report.name), 500))
    return (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        f"<title>{doc_title}</title><style>{css}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def render(report: Report, paper: str = "A4") -> bytes:
    """The report as a PDF on ``paper`` ("A4" or "F4"), landscape unless the report says not."""
    from weasyprint import HTML

    return HTML(string=to_html(report, paper)).write_pdf()
