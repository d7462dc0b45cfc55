"""Word documents (.docx) → Grid.

Contract: the body is read in order. Each paragraph line outside tables (the title "RENCANA AKSI
TAHUN 2022 / KECAMATAN X") is a single-cell row with ref None; each table row is a row with ref
"table N" (N counts the document's tables from 1); a blank row separates tables and text blocks
(see ``common.py``). ``line`` is the running number of the row in the grid. A merged cell's text
is in its top-left position and the positions it covers are "": horizontal merges (gridSpan) and
vertical merges (vMerge) alike. Corrupt files and files without a table raise
UnreadableDocument.

Styles of table cells: bold when the first run with text is bold (its own ``w:b``, else its
character style, else its paragraph's style, following ``basedOn``); indent: the left indent of
the cell's first paragraph with text (its own ``w:ind``, else its style's) in steps of 0.5 cm;
covered: "down" for the continuation of a vertical merge, "right" for the grid columns a
``gridSpan`` covers (see ``common.py``). Table styles' conditional formatting (a bold header row
that only the table style makes bold) is not followed.

The table XML is walked directly rather than through ``_Row.cells``: that API repeats a merged
cell's object for each position it covers (which would then have to be deduplicated by
``cell._tc``), ignores rows that start late (gridBefore), and finds the origin of every vertical
merge by searching the rows above, which is quadratic on long tables.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from . import common
from .common import COVERED_DOWN, COVERED_RIGHT, DocumentRows, check_zip, reason
from .grid import PLAIN, CellStyle, Grid, UnreadableDocument

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# XPath expressions are compiled once: compiling them for every cell (as python-docx's
# ``element.xpath`` does) takes most of the time on a long table.
_NS = {"w": _W}
# The text of a paragraph's runs, including runs wrapped in tracked insertions, hyperlinks,
# content controls, smart tags and simple fields (python-docx's ``Paragraph.text`` misses the
# insertions and content controls). Deleted text is w:delText, which is not matched, and text
# moved away (w:moveFrom) is read where it moved to (w:moveTo).
_RUN_PATHS = (
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:ins/w:hyperlink/w:r | ./w:moveTo/w:r"
    " | ./w:sdt/w:sdtContent/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r"
)
_TEXT = etree.XPath(
    f"({_RUN_PATHS})/*[self::w:t or self::w:tab or self::w:br or self::w:cr]", namespaces=_NS
)
_T, _P = f"{{{_W}}}t", f"{{{_W}}}p"
_RUN_BOLD = etree.XPath("./w:rPr/w:b", namespaces=_NS)
_RUN_STYLE = etree.XPath("string(./w:rPr/w:rStyle/@w:val)", namespaces=_NS)
_PARAGRAPH_STYLE = etree.XPath("string(./w:pPr/w:pStyle/@w:val)", namespaces=_NS)
_PARAGRAPH_INDENT = etree.XPath("./w:pPr/w:ind", namespaces=_NS)
_TWIPS_PER_STEP = 283  # 0.5 cm
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
    _check_paragraphs(path)
    # A cell's paragraphs are typed: an empty one in a stack of values holds a place.
    out = DocumentRows(path.name, blank_lines=True)
    try:
        document = Document(str(path))
        styles = _Styles(document.styles.element)
        _read_body(document.element.body, out, styles)
    except Exception as exc:  # python-docx raises zipfile, KeyError, lxml, ValueError... errors
        raise UnreadableDocument(
            f"{path.name}: corrupt or unreadable Word file ({reason(exc, path)})"
        ) from exc
    return out.finish()


def _check_paragraphs(path: Path) -> None:
    """Refuse a body of more paragraphs than a plan has before building its tree: five million
    empty paragraphs are 80 KB of zip and 30 MB of XML (under check_zip's limit), and their
    tree takes half a minute and most of a gigabyte. Counted in the bytes, a few milliseconds."""
    paragraphs = common.count_in_parts(
        path, lambda name: name == "word/document.xml", (b"<w:p>", b"<w:p/>", b"<w:p ")
    )
    if paragraphs > common.MAX_PARAGRAPHS:
        raise UnreadableDocument(
            f"{path.name}: more than {common.MAX_PARAGRAPHS:,} paragraphs; "
            "remove what is not the plan, or split the document"
        )


def _read_body(body, out: DocumentRows, styles: _Styles) -> None:
    tables = 0
    for element in _blocks(body):
        if _tag(element) == "p":
            out.text(_paragraph_text(element))
        else:
            tables += 1
            out.table(_table_rows(element, styles), f"table {tables}")


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


def _cell_text(tc, styles: _Styles) -> str:
    """Paragraphs of the cell, and the rows of any table nested in it, one per line."""
    lines = []
    for block in _blocks(tc):
        if _tag(block) == "p":
            lines.append(_paragraph_text(block))
        else:
            lines += [" ".join(cells) for cells, _ in _table_rows(block, styles)]
    return "\n".join(lines)


def _table_rows(tbl, styles: _Styles):
    """Each row's cells by grid column, with their styles; rows deleted with track changes on
    are left out."""
    for tr in _ROWS(tbl):
        before = _count(_GRID_BEFORE(tr), 0)  # the row starts late: empty columns first
        cells, cell_styles = [""] * before, [PLAIN] * before
        for tc in _CELLS(tr):
            v_merge = _V_MERGE(tc)
            # vMerge without val="restart" continues the cell above, whose text is already out.
            covered = bool(v_merge) and v_merge[0].get(f"{{{_W}}}val", "continue") == "continue"
            span = _count(_GRID_SPAN(tc), 1)
            if covered:
                cells += [""] * span
                cell_styles += [COVERED_DOWN] * span
                continue
            text = _cell_text(tc, styles)
            cells += [text] + [""] * (span - 1)
            cell_styles += [styles.cell(tc) if text.strip() else PLAIN]
            cell_styles += [COVERED_RIGHT] * (span - 1)
        yield cells, cell_styles


def _count(value: str, default: int) -> int:
    return min(int(value), _MAX_COLUMNS) if value else default


class _Styles:
    """What the document's styles say of bold and indentation, ``basedOn`` followed."""

    def __init__(self, element) -> None:
        self._bold: dict[str, bool | None] = {}
        self._indent: dict[str, int | None] = {}
        self._based_on: dict[str, str] = {}
        for style in element.iterchildren(f"{{{_W}}}style"):
            style_id = style.get(f"{{{_W}}}styleId")
            if not style_id:
                continue
            bold = _RUN_BOLD(style)
            self._bold[style_id] = _on(bold[0]) if bold else None
            indent = _PARAGRAPH_INDENT(style)
            self._indent[style_id] = _left_twips(indent[0]) if indent else None
            based = style.find(f"{{{_W}}}basedOn")
            if based is not None:
                self._based_on[style_id] = based.get(f"{{{_W}}}val", "")

    def _resolve(self, table: dict, style_id: str):
        seen = set()
        while style_id and style_id not in seen:  # a loop of basedOn ends here
            seen.add(style_id)
            value = table.get(style_id)
            if value is not None:
                return value
            style_id = self._based_on.get(style_id, "")
        return None

    def cell(self, tc) -> CellStyle:
        """The style of a cell with text: its first run with text, and that run's paragraph."""
        for t in tc.iter(_T):
            if not (t.text or "").strip():
                continue
            run, p = t.getparent(), t.getparent()
            while p is not None and p.tag != _P:
                p = p.getparent()
            if p is None:
                return PLAIN
            paragraph_style = _PARAGRAPH_STYLE(p)
            bold = _RUN_BOLD(run)
            if bold:
                is_bold = _on(bold[0])
            else:
                is_bold = self._resolve(self._bold, _RUN_STYLE(run))
                if is_bold is None:
                    is_bold = bool(self._resolve(self._bold, paragraph_style))
            indent = _PARAGRAPH_INDENT(p)
            twips = _left_twips(indent[0]) if indent else None
            if twips is None:
                twips = self._resolve(self._indent, paragraph_style) or 0
            steps = max(0, round(twips / _TWIPS_PER_STEP))
            return CellStyle(bold=is_bold, indent=steps) if is_bold or steps else PLAIN
        return PLAIN


def _on(element) -> bool:
    """A toggle property (w:b): on unless its value says off."""
    return element.get(f"{{{_W}}}val", "true").lower() not in ("0", "false", "off", "none")


def _left_twips(ind) -> int | None:
    value = ind.get(f"{{{_W}}}left") or ind.get(f"{{{_W}}}start")
    try:
        return int(float(value)) if value else None
    except ValueError:
        return None
