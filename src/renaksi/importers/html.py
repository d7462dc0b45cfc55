"""HTML pages (.html, .htm: a table saved from Word, Excel or a web application) → Grid.

Contract: headings and paragraphs outside tables are single-cell rows (one per line: <br>
breaks the line) with ref None; each table row is a row with ref "table N" (tables numbered
from 1 in the order they start); a blank row separates tables and text blocks (see
``blocks.py``). ``line`` is the running number of the row in the grid. rowspan/colspan are
expanded into a rectangular grid: the text in the top-left position, "" in the positions the
cell covers. th and td are alike; thead/tbody/tfoot are read in document order. Cell text is
plain text with entities decoded (``&lt;b&gt;`` is the text "<b>"; the caller escapes it);
tags inside cells (<b>, <br>, <p>) only separate words. Script, style and the like are
ignored. A table nested in a cell comes out as a table of its own, before the table holding
it (layout tables around the real one then vanish: they have no text of their own). Pages
without a table raise UnreadableDocument.

Parsed with the standard library's html.parser, which accepts any markup, so end tags that
HTML allows to be left out (</td>, </tr>) are inferred here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .common import DocumentRows, reason
from .grid import Grid, UnreadableDocument
from .text import decode

# Content that is not shown as text.
_HIDDEN = {"script", "style", "template", "noscript", "title", "svg", "math"}
# Elements that start a new line of text (outside tables) or a new word (inside a cell).
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "header", "footer", "main", "nav", "aside", "blockquote", "pre",
    "address", "figure", "figcaption", "hr", "br", "form", "fieldset", "center",
}  # fmt: skip
_MAX_SPAN = 1000  # the HTML limit for colspan; keeps a broken rowspan="99999999" harmless


@dataclass
class _Table:
    ref: str
    rows: list[list[str]] = field(default_factory=list)
    carry: dict[int, int] = field(default_factory=dict)  # column → further rows a rowspan covers
    row: dict[int, str] | None = None  # the open row: column → text
    cell: list[str] | None = None  # the open cell's text pieces
    column: int = 0  # where the open cell sits


class _Parser(HTMLParser):
    def __init__(self, out: DocumentRows) -> None:
        super().__init__(convert_charrefs=True)  # entities arrive decoded in handle_data
        self.out = out
        self.text: list[str] = []  # text outside tables, up to the next block boundary
        self.tables: list[_Table] = []  # the open tables, innermost last
        self.count = 0
        self.hidden = 0  # depth inside script, style...
        self.caption: list[str] | None = None  # the open <caption>'s text

    # -- tags ------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "table":
            self._flush_text()
            self.count += 1
            self.tables.append(_Table(ref=f"table {self.count}"))
        elif self.tables and tag == "tr":
            self._end_row(self.tables[-1])
            self._start_row(self.tables[-1])
        elif self.tables and tag in ("td", "th"):
            table = self.tables[-1]
            self._end_cell(table)
            if table.row is None:  # <td> without <tr>
                self._start_row(table)
            self._start_cell(table, dict(attrs))
        elif self.tables and tag == "caption":
            self.caption = []
        elif tag in _BLOCK:
            self._boundary()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <td/>...: an element that is never closed.
        self.handle_starttag(tag, attrs)
        if tag in _HIDDEN or tag in ("table", "td", "th", "tr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "table" and self.tables:
            table = self.tables.pop()
            self._end_row(table)
            self.out.table(_rectangle(table.rows), table.ref)
        elif self.tables and tag in ("td", "th"):
            self._end_cell(self.tables[-1])
        elif self.tables and tag in ("tr", "thead", "tbody", "tfoot"):
            self._end_row(self.tables[-1])
        elif self.tables and tag == "caption" and self.caption is not None:
            # The table comes out when it ends: its caption, emitted now, goes before it.
            self.out.text(" ".join("".join(self.caption).split()))
            self.caption = None
        elif tag in _BLOCK:
            self._boundary()

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.tables:
            table = self.tables[-1]
            if table.cell is not None:
                table.cell.append(data)
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

    # -- text outside tables ---------------------------------------------------------------

    def _boundary(self) -> None:
        if self.tables:
            cell = self.tables[-1].cell
            if cell is not None:
                cell.append("\n")  # "a<br>b", "<p>a</p><p>b</p>" in a cell: two words
        else:
            self._flush_text()

    def _flush_text(self) -> None:
        text = "".join(self.text)
        self.text = []
        if text.strip():
            self.out.text(" ".join(text.split()))

    # -- tables ----------------------------------------------------------------------------

    def _start_row(self, table: _Table) -> None:
        # Columns covered by a rowspan from a row above are "" here and cells skip them.
        table.row = {column: "" for column in table.carry}
        table.carry = {column: n - 1 for column, n in table.carry.items() if n > 1}
        table.column = 0

    def _end_row(self, table: _Table) -> None:
        self._end_cell(table)
        if table.row is not None:
            width = max(table.row, default=-1) + 1
            table.rows.append([table.row.get(column, "") for column in range(width)])
            table.row = None

    def _start_cell(self, table: _Table, attrs: dict[str, str | None]) -> None:
        assert table.row is not None
        column = table.column
        while column in table.row:  # taken by a rowspan from above
            column += 1
        rowspan, colspan = _span(attrs.get("rowspan")), _span(attrs.get("colspan"))
        for offset in range(colspan):
            table.row[column + offset] = ""
            if rowspan > 1:
                table.carry[column + offset] = rowspan - 1
        table.column = column
        table.cell = []

    def _end_cell(self, table: _Table) -> None:
        if table.cell is not None and table.row is not None:
            table.row[table.column] = "".join(table.cell)
            table.column += 1
            while table.column in table.row:  # past the positions a colspan covers
                table.column += 1
        table.cell = None


def _span(value: str | None) -> int:
    # Browsers read the leading digits ("2px" is 2) and take anything else, or 0, as 1.
    digits = re.match(r"\s*(\d+)", value or "")
    return min(max(int(digits.group(1)), 1), _MAX_SPAN) if digits else 1


def _rectangle(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]


def read_html(path: Path) -> Grid:
    data = path.read_bytes()
    # Word's "Unicode" web pages are UTF-16; anything else is UTF-8 or Windows-1252.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        text = decode(data, path.name)
    out = DocumentRows(path.name)
    parser = _Parser(out)
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is for the unforeseen
        raise UnreadableDocument(f"{path.name}: unreadable HTML ({reason(exc)})") from exc
    return out.finish()
