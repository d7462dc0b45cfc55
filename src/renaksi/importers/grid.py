"""The common ground of every reader: a grid of text cells with their source positions.

Each format reader (text, csv, xlsx, docx, html, pdf) only turns its file into a Grid; one
interpreter (``interpret.py``) recovers the plan from any grid. Merged cells are given as they
appear in a document extracted to text: the text in the top-left cell, empty strings elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class UnreadableDocument(Exception):
    """The input cannot be read as a plan: unknown format, corrupt, encrypted, no table.

    The message is one line a person understands; the command prints it and exits 2.
    """


@dataclass
class Row:
    """One row of a table (or one line of text outside tables).

    ``line`` is 1-based: the line of a text file, the row number of a spreadsheet, or the running
    number of the row among all rows of a Word, HTML or PDF document. ``ref`` says where that is
    when ``line`` alone is not enough ("Sheet1", "page 2", "table 3").
    """

    line: int
    cells: list[str]
    ref: str | None = None

    def is_blank(self) -> bool:
        return not any(c.strip() for c in self.cells)


@dataclass
class Grid:
    """All rows of a document in reading order; a blank row separates tables."""

    source: str
    rows: list[Row] = field(default_factory=list)

    def add(self, line: int, cells: list[str], ref: str | None = None) -> None:
        self.rows.append(Row(line=line, cells=[clean_cell(c) for c in cells], ref=ref))


def clean_cell(text: object) -> str:
    """Cell text with whitespace collapsed and markdown emphasis markers (``**``) removed."""
    if text is None:
        return ""
    s = str(text).replace("\u00a0", " ").replace("**", "")
    return " ".join(s.split())
