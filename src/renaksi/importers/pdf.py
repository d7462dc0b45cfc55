"""PDF documents with a text layer (printed or exported from Word/Excel) → Grid.

Contract: page by page, the lines of text above the page's first table (the title, a repeated
heading) are single-cell rows, then each table's rows; every row's ``ref`` is "page N" and
``line`` is the running number of the row in the grid. A blank row separates tables and text
blocks (see ``common.py``), so a table continued on the next page comes out as a second table,
usually starting with the repeated header row. Text below or between tables (page numbers,
signatures) is left out. A merged cell's text is in its top-left position, "" in the positions
it covers. Tables are found from their ruling lines; on a page without any, from the alignment
of the text. Encrypted, corrupt and scanned (image-only) PDFs raise UnreadableDocument.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .common import DocumentRows, reason
from .grid import Grid, UnreadableDocument

# Tables without ruling lines: columns and rows from the alignment of words.
_TEXT_STRATEGY = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def read_pdf(path: Path) -> Grid:
    import pdfplumber

    # pdfminer logs every oddity of a producer's PDF as a warning on stderr; what matters to the
    # person importing is reported as findings or as one UnreadableDocument line.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    out = DocumentRows(path.name)
    has_text = False
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                has_text = _read_page(page, f"page {number}", out) or has_text
                page.close()  # drop the page's parsed objects: long documents stay small
    except Exception as exc:  # pdfminer raises many types, wrapped or not in PdfminerException
        if _is_encryption(exc):
            raise UnreadableDocument(
                f"{path.name}: the PDF is password-protected; "
                "save or print it again as a PDF without a password"
            ) from exc
        raise UnreadableDocument(f"{path.name}: corrupt or unreadable PDF ({reason(exc)})") from exc
    if not has_text:
        raise UnreadableDocument(
            f"{path.name}: the PDF has no text layer (a scanned image?); "
            "OCR is needed, or use the original Word/Excel document"
        )
    return out.finish()


def _read_page(page, ref: str, out: DocumentRows) -> bool:
    """Add the page's title lines and tables; False if the page has no text at all."""
    if not page.chars:
        return False
    # Some programs draw bold text twice, slightly offset: "RReennccaannaa" without this.
    page = page.dedupe_chars()
    tables = page.find_tables() or page.find_tables(_TEXT_STRATEGY)
    tables.sort(key=lambda table: (table.bbox[1], table.bbox[0]))  # reading order
    x0, top, x1, bottom = page.bbox
    first_top = tables[0].bbox[1] if tables else bottom
    if first_top > top:
        # Only characters wholly above the table: not the tops of its first row's letters.
        out.text(page.within_bbox((x0, top, x1, first_top)).extract_text(), ref)
    for table in tables:
        # None marks a position covered by a merged cell.
        out.table((["" if cell is None else cell for cell in row] for row in table.extract()), ref)
    return True


def _is_encryption(exc: BaseException) -> bool:
    """Whether the error, or one it wraps, is pdfminer's refusal of an encrypted file."""
    from pdfminer.pdfdocument import PDFEncryptionError

    seen: list[BaseException] = []
    pending: list[object] = [exc]
    while pending:
        error = pending.pop()
        if not isinstance(error, BaseException) or any(error is e for e in seen):
            continue
        seen.append(error)
        if isinstance(error, PDFEncryptionError) or "password" in str(error).lower():
            return True
        pending += [error.__cause__, error.__context__, *error.args]
    return False
