"""HTML pages (.html, .htm: a table saved from Word, Excel or a web application) → Grid.

Contract: headings and paragraphs outside tables are single-cell rows (one per line: <br>
breaks the line) with ref None; each table row is a row with ref "table N" (tables numbered
from 1 in the order they start); a blank row separates tables and text blocks (see
``common.py``). ``line`` is the running number of the row in the grid. rowspan/colspan are
expanded into a rectangular grid: the text in the top-left position, "" in the positions the
cell covers. th and td are alike; thead/tbody/tfoot are read in document order. Cell text is
plain text with entities decoded (``&lt;b&gt;`` is the text "<b>"; the caller escapes it);
tags inside cells (<b>, <br>, <p>) only separate words. Script, style and the like are
ignored. A table nested in a cell comes out as a table of its own, before the table holding
it (layout tables around the real one then vanish: they have no text of their own). Pages
without a table raise UnreadableDocument.

What is not shown is not read: content styled ``display:none`` or ``mso-hide:all`` (inline or
by a class of the page's <style>), rows so styled, and the columns a ``<col>`` hides — which is
how Excel's "Save as Web Page" writes hidden rows and columns. Its other markup gives no text
either: conditional comments (``<!--[if gte mso 9]><xml>…</xml><![endif]-->``) are comments,
``<![if …]>``/``<![endif]>`` are declarations (what they enclose is read: a browser shows it),
XML islands (<xml>) are skipped, ``x:str``/``x:num`` attributes only repeat the cell's value,
and a ``colspan`` marked ``mso-ignore:colspan`` is text running over empty cells, not a merge.

Styles: a cell is bold when its first text is (th, b, strong, or font-weight 600 and above,
inline or by class as Excel writes it); its indent is Excel's ``mso-char-indent-count``, else
the left margin of its first paragraph in steps of 0.5 cm (as Word writes it); positions a
rowspan or colspan covers are "down"/"right" (see ``common.py``).

Parsed with the standard library's html.parser, which accepts any markup, so end tags that
HTML allows to be left out (</td>, </tr>) are inferred here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from . import common
from .common import COVERED_DOWN, COVERED_RIGHT, DocumentRows, reason
from .grid import MAX_COLUMNS, PLAIN, CellStyle, Grid, UnreadableDocument
from .text import decode

# Content that is not shown as text (<xml>: the data islands of Office's web pages).
_HIDDEN = {"script", "style", "template", "noscript", "title", "svg", "math", "xml"}
# Elements that start a new line of text (outside tables) or a new word (inside a cell).
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "header", "footer", "main", "nav", "aside", "blockquote", "pre",
    "address", "figure", "figcaption", "hr", "br", "form", "fieldset", "center",
}  # fmt: skip
# Elements without content: never on the stack of open elements.
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
_MAX_SPAN = 1000  # the HTML limit for colspan; keeps a broken rowspan="99999999" harmless
_INDENT_STEP_PT = 14.17  # 0.5 cm


@dataclass
class _Element:
    """An open element: what it passes on to its content."""

    tag: str
    bold: bool
    hidden: bool
    indent: int | None = None  # a paragraph's left margin, in steps


@dataclass
class _Table:
    ref: str
    depth: int  # the stack's length with the <table> element on it
    hidden: bool = False  # the whole table is not shown
    rows: list[list[str]] = field(default_factory=list)
    styles: list[list[CellStyle]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    columns: int = 0  # columns the <col> elements so far describe
    carry: dict[int, int] = field(default_factory=dict)  # column → further rows a rowspan covers
    row: dict[int, str] | None = None  # the open row: column → text
    row_styles: dict[int, CellStyle] = field(default_factory=dict)
    row_hidden: bool = False
    row_depth: int | None = None  # the stack's length with the open <tr> on it
    cell: list[str] | None = None  # the open cell's text pieces
    cell_bold: bool | None = None  # whether the cell's first text is bold
    cell_indent: int | None = None  # Excel's indent of the open cell
    paragraph_indent: int | None = None  # the left margin of the first paragraph with text
    column: int = 0  # where the open cell sits


class _Parser(HTMLParser):
    def __init__(self, out: DocumentRows) -> None:
        super().__init__(convert_charrefs=True)  # entities arrive decoded in handle_data
        self.out = out
        self.text: list[str] = []  # text outside tables, up to the next block boundary
        self.tables: list[_Table] = []  # the open tables, innermost last
        self.rows_read = 0  # table rows of the whole page, against MAX_ROWS
        self.count = 0
        self.hidden = 0  # depth inside script, style...
        self.caption: list[str] | None = None  # the open <caption>'s text
        self.stack: list[_Element] = []  # open elements (not void ones)
        self.css: list[str] = []  # the text of <style> elements
        self.classes: dict[str, dict[str, str]] = {}  # class → its CSS properties
        self.in_style = False

    # -- tags ------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in _HIDDEN:
            self.hidden += 1
            self.in_style = tag == "style"
            return
        properties = self._properties(attributes)
        if tag == "table":
            self._flush_text()
            self.count += 1
            element = self._push(tag, properties)
            table = _Table(ref=f"table {self.count}", depth=len(self.stack))
            table.hidden = element.hidden
            self.tables.append(table)
            return
        table = self.tables[-1] if self.tables else None
        if table is not None and tag == "tr":
            self._end_row(table)
            del self.stack[table.depth :]
            element = self._push(tag, properties)
            table.row_depth = len(self.stack)
            self._start_row(table, hidden=element.hidden)
        elif table is not None and tag in ("td", "th"):
            self._end_cell(table)
            if table.row is None:  # <td> without <tr>
                table.row_depth = len(self.stack)
                self._start_row(table, hidden=False)
            del self.stack[table.row_depth or table.depth :]
            element = self._push(tag, properties)
            self._start_cell(table, attributes, properties, element)
        elif table is not None and tag == "col":
            self._col(table, attributes, properties)
        elif table is not None and tag == "caption":
            self.caption = []
            self._push(tag, properties)
        else:
            if tag in _BLOCK:
                self._boundary()
            if tag not in _VOID:
                element = self._push(tag, properties)
                if table is not None and table.cell is not None and tag in ("p", "div"):
                    element.indent = _margin_steps(properties)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <td/>...: an element that is never closed.
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
            if tag == "style" and self.in_style:
                self.in_style = False
                self.classes.update(_classes("".join(self.css)))
                self.css = []
            return
        table = self.tables[-1] if self.tables else None
        if tag == "table" and table is not None:
            self.tables.pop()
            self._end_row(table)
            del self.stack[table.depth - 1 :]
            self._close_table(table)
            return
        if table is not None and tag in ("td", "th"):
            self._end_cell(table)
            del self.stack[table.row_depth or table.depth :]
        elif table is not None and tag in ("tr", "thead", "tbody", "tfoot"):
            self._end_row(table)
            del self.stack[table.depth :]
        elif table is not None and tag == "caption" and self.caption is not None:
            # The table comes out when it ends: its caption, emitted now, goes before it.
            self.out.text(" ".join("".join(self.caption).split()))
            self.caption = None
            self._pop(tag, table)
        else:
            if tag in _BLOCK:
                self._boundary()
            self._pop(tag, table)

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.css.append(data)
            return
        if self.hidden or (self.stack and self.stack[-1].hidden):
            return
        if self.tables:
            table = self.tables[-1]
            if table.cell is not None:
                # Line breaks in the markup are spaces; only <br> and block tags break lines.
                table.cell.append(" ".join(data.split("\n")) if "\n" in data else data)
                if table.cell_bold is None and data.strip():
                    top = self.stack[-1] if self.stack else None
                    table.cell_bold = bool(top and top.bold)
                    table.paragraph_indent = next(
                        (e.indent for e in reversed(self.stack) if e.indent is not None), None
                    )
            elif self.caption is not None:
                self.caption.append(data)
            # other text between cells (whitespace, stray text) is not part of the table
        else:
            self.text.append(data)

    def close(self) -> None:
        super().close()
        while self.tables:  # a page cut off inside a table
            self.handle_endtag("table")
        self._flush_text()

    # -- open elements and their styles ----------------------------------------------------

    def _properties(self, attributes: dict[str, str | None]) -> dict[str, str]:
        """The element's CSS properties: its classes' rules, then its own style attribute."""
        properties: dict[str, str] = {}
        for name in (attributes.get("class") or "").split():
            properties.update(self.classes.get(name, {}))
        properties.update(_declarations(attributes.get("style") or ""))
        return properties

    def _push(self, tag: str, properties: dict[str, str]) -> _Element:
        parent = self.stack[-1] if self.stack else _Element("", bold=False, hidden=False)
        bold = parent.bold or tag in ("b", "strong", "th")
        weight = properties.get("font-weight")
        if weight:
            bold = _is_bold(weight, bold)
        hidden = parent.hidden or _is_hidden(properties)
        element = _Element(tag, bold=bold, hidden=hidden)
        self.stack.append(element)
        return element

    def _pop(self, tag: str, table: _Table | None) -> None:
        """Close the innermost open ``tag``, never past the open table's own element."""
        floor = table.depth if table is not None else 0
        for index in range(len(self.stack) - 1, floor - 1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    # -- text outside tables ---------------------------------------------------------------

    def _boundary(self) -> None:
        if self.tables:
            cell = self.tables[-1].cell
            if cell is not None:
                cell.append("\n")  # "a<br>b", "<p>a</p><p>b</p>" in a cell: two lines
        else:
            self._flush_text()

    def _flush_text(self) -> None:
        text = "".join(self.text)
        self.text = []
        if text.strip():
            self.out.text(" ".join(text.split()))

    # -- tables ----------------------------------------------------------------------------

    def _col(self, table: _Table, attributes: dict[str, str | None], properties) -> None:
        parent = self.stack[-1] if self.stack else None
        hidden = bool(parent and parent.hidden) or _is_hidden(properties)
        span = _span(attributes.get("span"))
        if hidden:
            table.hidden_columns.update(range(table.columns, table.columns + span))
        table.columns += span

    def _start_row(self, table: _Table, hidden: bool) -> None:
        # Columns covered by a rowspan from a row above are "" here and cells skip them.
        table.row = {column: "" for column in table.carry}
        table.row_styles = {column: COVERED_DOWN for column in table.carry}
        table.row_hidden = hidden
        table.carry = {column: n - 1 for column, n in table.carry.items() if n > 1}
        table.column = 0

    def _end_row(self, table: _Table) -> None:
        self._end_cell(table)
        if table.row is not None:
            width = max(table.row, default=-1) + 1
            if table.row_hidden:
                table.hidden_rows.add(len(table.rows))
            self.rows_read += 1
            if self.rows_read > common.MAX_ROWS:  # before the rest of a huge page is parsed
                raise UnreadableDocument(
                    f"{self.out.grid.source}: more than {common.MAX_ROWS:,} rows; "
                    "remove what is not the plan, or split the document"
                )
            table.rows.append([table.row.get(column, "") for column in range(width)])
            table.styles.append([table.row_styles.get(column, PLAIN) for column in range(width)])
            table.row = None
            table.row_depth = None

    def _start_cell(
        self, table: _Table, attributes: dict[str, str | None], properties, element: _Element
    ) -> None:
        assert table.row is not None
        if table.column > MAX_COLUMNS:
            raise UnreadableDocument(
                f"{self.out.grid.source}: a table row has more than {MAX_COLUMNS:,} cells; "
                "it is not a plan table"
            )
        column = table.column
        while column in table.row:  # taken by a rowspan from above
            column += 1
        rowspan, colspan = _span(attributes.get("rowspan")), _span(attributes.get("colspan"))
        # Excel writes text running over empty neighbours as a colspan it marks to be ignored.
        merged = "colspan" not in properties.get("mso-ignore", "")
        for offset in range(colspan):
            table.row[column + offset] = ""
            table.row_styles[column + offset] = COVERED_RIGHT if offset and merged else PLAIN
            if rowspan > 1:
                table.carry[column + offset] = rowspan - 1
        table.column = column
        table.cell = []
        table.cell_bold = None
        table.paragraph_indent = None
        count = properties.get("mso-char-indent-count", "")
        table.cell_indent = _number(count)

    def _end_cell(self, table: _Table) -> None:
        if table.cell is not None and table.row is not None:
            text = "".join(table.cell)
            table.row[table.column] = text
            if text.strip():
                indent = table.cell_indent or table.paragraph_indent or 0
                style = CellStyle(bold=bool(table.cell_bold), indent=max(0, round(indent)))
                table.row_styles[table.column] = style
            table.column += 1
            while table.column in table.row:  # past the positions a colspan covers
                table.column += 1
        table.cell = None

    def _close_table(self, table: _Table) -> None:
        if table.hidden:
            return
        rows, styles = _drop_columns(table.rows, table.styles, table.hidden_columns)
        shown = [
            (cells, cell_styles)
            for number, (cells, cell_styles) in enumerate(zip(rows, styles, strict=True))
            if number not in table.hidden_rows
        ]
        width = max((len(cells) for cells, _ in shown if any(c.strip() for c in cells)), default=0)
        self.out.table(
            (
                ((cells + [""] * width)[:width], (cell_styles + [PLAIN] * width)[:width])
                for cells, cell_styles in shown
            ),
            table.ref,
        )


def _drop_columns(rows, styles, hidden: set[int]):
    """The rows without the hidden columns; a merged cell's text starting in a hidden column
    moves to the first shown position the merge covers."""
    if not hidden:
        return rows, styles
    out_rows, out_styles = [], []
    for cells, cell_styles in zip(rows, styles, strict=True):
        cells, cell_styles = list(cells), list(cell_styles)
        for column in sorted(hidden):
            following = column + 1
            while following in hidden:
                following += 1
            if (
                column < len(cells)
                and cells[column].strip()
                and following < len(cells)
                and cell_styles[following] == COVERED_RIGHT
            ):
                cells[following], cell_styles[following] = cells[column], cell_styles[column]
        keep = [i for i in range(len(cells)) if i not in hidden]
        out_rows.append([cells[i] for i in keep])
        out_styles.append([cell_styles[i] for i in keep])
    return out_rows, out_styles


# -- CSS, as much as tells what is shown and bold ---------------------------------------------

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASS_SELECTOR = re.compile(r"^[a-zA-Z0-9]*\.([\w-]+)$")
_COMMENT = re.compile(r"/\*.*?\*/|<!--|-->", re.S)


def _classes(css: str) -> dict[str, dict[str, str]]:
    """Rules for a single class (``.xl65``, ``td.xl65``) from a style sheet; others ignored."""
    classes: dict[str, dict[str, str]] = {}
    for selectors, body in _RULE.findall(_COMMENT.sub(" ", css)):
        declarations = _declarations(body)
        for selector in selectors.split(","):
            match = _CLASS_SELECTOR.match(selector.strip())
            if match:
                classes.setdefault(match.group(1), {}).update(declarations)
    return classes


def _declarations(style: str) -> dict[str, str]:
    out = {}
    for declaration in style.split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            value = value.replace("!important", "")
            out[name.strip().lower()] = " ".join(value.split()).lower()
    return out


def _is_hidden(properties: dict[str, str]) -> bool:
    return properties.get("display") == "none" or properties.get("mso-hide") == "all"


def _is_bold(weight: str, inherited: bool) -> bool:
    if weight in ("bold", "bolder"):
        return True
    if weight in ("normal", "lighter"):
        return False
    number = _number(weight)
    return inherited if number is None else number >= 600


def _number(text: str) -> float | None:
    match = re.match(r"\s*(-?\d+(?:\.\d+)?)", text or "")
    return float(match.group(1)) if match else None


_LENGTH_PT = {"pt": 1.0, "px": 0.75, "cm": 28.35, "mm": 2.835, "in": 72.0, "em": 12.0}


def _margin_steps(properties: dict[str, str]) -> int | None:
    """A paragraph's left margin (Word: ``margin-left:36.0pt``) in steps of 0.5 cm."""
    value = properties.get("margin-left") or properties.get("mso-para-margin-left")
    match = re.match(r"(-?\d+(?:\.\d+)?)\s*(pt|px|cm|mm|in|em)", value or "")
    if not match:
        return None
    points = float(match.group(1)) * _LENGTH_PT[match.group(2)]
    return max(0, round(points / _INDENT_STEP_PT))


def _span(value: str | None) -> int:
    # Browsers read the leading digits ("2px" is 2) and take anything else, or 0, as 1.
    digits = re.match(r"\s*(\d+)", value or "")
    return min(max(int(digits.group(1)), 1), _MAX_SPAN) if digits else 1


_ROW_TAG = re.compile(r"<tr[\s>]", re.I)
_CELL_TAG = re.compile(r"<t[dh][\s>/]", re.I)


def read_html(path: Path) -> Grid:
    data = path.read_bytes()
    # Word's "Unicode" web pages are UTF-16; anything else is UTF-8 or Windows-1252.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        text = decode(data, path.name)
    # The parser is pure Python (about 20,000 table rows a second): a page of far more rows or
    # cells than a plan has is refused from a count of its tags, before it is parsed.
    if sum(1 for _ in _ROW_TAG.finditer(text)) > common.MAX_ROWS:
        raise UnreadableDocument(
            f"{path.name}: more than {common.MAX_ROWS:,} rows; "
            "remove what is not the plan, or split the document"
        )
    if sum(1 for _ in _CELL_TAG.finditer(text)) > common.MAX_CELLS:
        raise common.too_many_cells(path)
    out = DocumentRows(path.name)
    parser = _Parser(out)
    try:
        parser.feed(text)
        parser.close()
    except UnreadableDocument:
        raise  # a limit, already one line
    except Exception as exc:  # html.parser is lenient; this is for the unforeseen
        raise UnreadableDocument(f"{path.name}: unreadable HTML ({reason(exc)})") from exc
    return out.finish()
