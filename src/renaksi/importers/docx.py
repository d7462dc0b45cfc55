"""Word documents (.docx) → Grid.

Contract: the body is read in order. Each paragraph line outside tables (the title "RENCANA AKSI
TAHUN 2022 / KECAMATAN X") is a single-cell row with ref None; each table row is a row with ref
"table N" (N counts the document's tables from 1); a blank row separates tables and text blocks
(see ``common.py``). ``line`` is the running number of the row in the grid. A merged cell's text
is in its top-left position and the positions it covers are "": horizontal merges (gridSpan) and
vertical merges (vMerge) alike. Corrupt files and files without a table raise
UnreadableDocument.

The table XML is walked directly rather than through ``_Row.cells``: that API repeats a merged
cell's object for each position it covers (which would then have to be deduplicated by
``cell._tc``), ignores rows that start late (gridBefore), and finds the origin of every vertical
merge by searching the rows above, which is quadratic on long tables.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .common import DocumentRows, check_zip, reason
from .grid import Grid, UnreadableDocument

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# XPath expressions are compiled once: compiling them for every cell (as python-docx's
# ``element.xpath`` does) takes most of the time on a long table.
_NS = {"w": _W}
# The text of a paragraph's runs, including runs wrapped in tracked insertions, hyperlinks,
# content controls, smart tags and simple fields (python-docx's ``Paragraph.text`` misses the
# insertions and content controls). Deleted text is w:delText, which is not matched, and text
# moved away (w:moveFrom) is read where it moved to (w:moveTo).
_TEXT = etree.XPath(
    "(./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:ins/w:hyperlink/w:r | ./w:moveTo/w:r"
    " | ./w:sdt/w:sdtContent/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r)"
    "/*[self::w:t or self::w:tab or self::w:br or self::w:cr]",
    namespaces=_NS,
)
_ROWS = etree.XPath("(./w:tr | ./w:sdt/w:sdtContent/w:tr)[not(w:trPr/w:del)]", namespaces=_NS)
_CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc", namespaces=_NS)
_GRID_BEFORE = etree.XPath("string(./w:trPr/w:gridBefore/@w:val)", namespaces=_NS)
_GRID_SPAN = etree.XPath("string(./w:tcPr/w:gridSpan/@w:val)", namespaces=_NS)
_V_MERGE = etree.XPath("./w:tcPr/w:vMerge", namespaces=_NS)
_MAX_COLUMNS = (
    64  # Word allows 63; a larger span is a broken file, not a reason to run out of memory
)


def read_docx(path: Path) -> Grid:
    from docx import Document

    check_zip(path, "Word")
    out = DocumentRows(path.name)
    try:
        _read_body(Document(str(path)).element.body, out)
    except Exception as exc:  # python-docx raises zipfile, KeyError, lxml, ValueError... errors
        raise UnreadableDocument(
            f"{path.name}: corrupt or unreadable Word file ({reason(exc, path)})"
        ) from exc
    return out.finish()


def _read_body(body, out: DocumentRows) -> None:
    tables = 0
    for element in _blocks(body):
        if _tag(element) == "p":
            out.text(_paragraph_text(element))
        else:
            tables += 1
            out.table(_table_rows(element), f"table {tables}")


def _tag(element) -> str:
    return element.tag.rpartition("}")[2]


def _blocks(container):
    """Paragraphs and tables in document order, looking inside block-level content controls."""
    for child in container.iterchildren(tag=etree.Element):  # not comments
        tag = _tag(child)
        if tag in ("p", "tbl"):
            yield child
        elif tag == "sdt":
            for content in child.iterchildren(f"{{{_W}}}sdtContent"):
                yield from _blocks(content)


def _paragraph_text(p) -> str:
    # Tabs become spaces and line breaks new lines (separate rows outside tables).
    return "".join(el.text or "" if _tag(el) == "t" else _BREAKS[_tag(el)] for el in _TEXT(p))


_BREAKS = {"tab": "\t", "br": "\n", "cr": "\n"}


def _cell_text(tc) -> str:
    """Paragraphs of the cell, and the rows of any table nested in it, one per line."""
    lines = []
    for block in _blocks(tc):
        if _tag(block) == "p":
            lines.append(_paragraph_text(block))
        else:
            lines += [" ".join(cells) for cells in _table_rows(block)]
    return "\n".join(lines)


def _table_rows(tbl):
    """Each row's cells by grid column; rows deleted with track changes on are left out."""
    for tr in _ROWS(tbl):
        cells = [""] * _count(_GRID_BEFORE(tr), 0)  # the row starts late: empty columns first
        for tc in _CELLS(tr):
            v_merge = _V_MERGE(tc)
            # vMerge without val="restart" continues the cell above, whose text is already out.
            covered = bool(v_merge) and v_merge[0].get(f"{{{_W}}}val", "continue") == "continue"
            cells.append("" if covered else _cell_text(tc))
            cells += [""] * (_count(_GRID_SPAN(tc), 1) - 1)
        yield cells


def _count(value: str, default: int) -> int:
    return min(int(value), _MAX_COLUMNS) if value else default
