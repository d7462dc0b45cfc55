"""The common ground of every reader: a grid of text cells with their source positions.

Each format reader (text, csv, xlsx, xls, docx, html, pdf) only turns its file into a Grid; one
interpreter (``interpret.py``) recovers the plan from any grid. Merged cells are given as they
appear in a document extracted to text: the text in the top-left cell, empty strings elsewhere.

Readers that see formatting may also give each row its cells' ``styles`` (bold, indentation,
which positions a merged cell covers). The interpreter takes them as evidence only (a bold row in
a column holding program and kegiatan is the program), so a grid without styles reads the same
way as before; a reader that has none leaves ``styles`` None.

A Grid round-trips through ``to_dict``/``from_dict`` (plain JSON), so that a document read once
can be read again with a person's corrections without opening the file a second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.text import strip_controls

# Cells of a row up to its last value: a plan's widest tables (K | % | Rp for twelve months beside
# its names) have under a hundred; a row of a million cells takes minutes to read.
MAX_COLUMNS = 1_000


class UnreadableDocument(Exception):
    """The input cannot be read as a plan: unknown format, corrupt, encrypted, no table.

    The message is one line a person understands; the command prints it and exits 2.
    """


@dataclass(frozen=True)
class CellStyle:
    """What a reader saw of one cell's formatting.

    ``bold``: the cell's text is bold (all of it, or its first run). ``indent``: indentation
    steps (Excel's indent level; Word's left indent in steps of about 0.5 cm; a PDF cell's text
    offset from the column's left edge in steps of about 2 characters). ``covered``: the position
    is covered by a merged cell that starts above it ("down", a vertical merge) or to its left
    ("right"); its text is "" in ``Row.cells``.
    """

    bold: bool = False
    indent: int = 0
    covered: str | None = None  # None | "down" | "right"

    def to_list(self) -> list:
        return [int(self.bold), self.indent, self.covered or ""]

    @classmethod
    def from_list(cls, data: list) -> CellStyle:
        bold, indent, covered = [*data, 0, 0, ""][:3]
        return cls(bold=bool(bold), indent=int(indent), covered=covered or None)


PLAIN = CellStyle()


@dataclass
class Row:
    """One row of a table (or one line of text outside tables).

    ``line`` is 1-based: the line of a text file, the row number of a spreadsheet, or the running
    number of the row among all rows of a Word, HTML or PDF document. ``ref`` says where that is
    when ``line`` alone is not enough ("Sheet1", "page 2", "table 3"). ``styles``, when the
    reader gives them, has one CellStyle per cell.
    """

    line: int
    cells: list[str]
    ref: str | None = None
    styles: list[CellStyle] | None = None

    def is_blank(self) -> bool:
        return not any(c.strip() for c in self.cells)

    def style(self, col: int) -> CellStyle:
        """The style of the cell at ``col`` (PLAIN where the reader gave none)."""
        if self.styles is None or col >= len(self.styles):
            return PLAIN
        return self.styles[col]


@dataclass
class Grid:
    """All rows of a document in reading order; a blank row separates tables."""

    source: str
    rows: list[Row] = field(default_factory=list)
    # Keep the empty lines inside cells (see clean_cell): set by readers of typed paragraphs.
    blank_lines: bool = False

    def add(
        self,
        line: int,
        cells: list[str],
        ref: str | None = None,
        styles: list[CellStyle] | None = None,
    ) -> None:
        if len(cells) > MAX_COLUMNS and any(str(c).strip() for c in cells[MAX_COLUMNS:]):
            raise UnreadableDocument(
                f"{self.source}: line {line} has more than {MAX_COLUMNS:,} cells; "
                "it is not a plan table"
            )
        cleaned = [clean_cell(c, blank_lines=self.blank_lines) for c in cells]
        if styles is not None:
            # Kept even when all plain: "no merge here" is evidence too (an empty cell that no
            # merge covers is a level left empty, not the cell above continued).
            styles = (list(styles) + [PLAIN] * len(cleaned))[: len(cleaned)]
        self.rows.append(Row(line=line, cells=cleaned, ref=ref, styles=styles))

    def to_dict(self) -> dict[str, Any]:
        """The grid as plain JSON: {"source", "rows": [[line, ref, cells, styles?], ...]}; styles
        is 1 for a row the reader saw formatting of, all plain."""
        rows = []
        for row in self.rows:
            item: list[Any] = [row.line, row.ref, row.cells]
            if row.styles is not None:
                plain = all(s == PLAIN for s in row.styles)
                item.append(1 if plain else [s.to_list() for s in row.styles])
            rows.append(item)
        return {"source": self.source, "rows": rows}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Grid:
        grid = cls(source=str(data.get("source") or ""))
        for item in data.get("rows") or []:
            line, ref, cells = item[0], item[1], item[2]
            styles = None
            if len(item) > 3:
                # 1: the reader saw formatting, all of it plain (see to_dict)
                styles = (
                    [PLAIN] * len(cells)
                    if item[3] == 1
                    else [CellStyle.from_list(s) for s in item[3]]
                )
            grid.rows.append(
                Row(line=int(line), cells=[str(c) for c in cells], ref=ref, styles=styles)
            )
        return grid


def clean_cell(text: object, *, blank_lines: bool = False) -> str:
    """Cell text with spacing collapsed within each line, empty lines dropped and markdown
    emphasis markers (``**``) removed. Line breaks inside a cell stay: several indicators stacked
    in one cell, one per line, are told apart by them (the interpreter joins other lines).
    With ``blank_lines`` (a reader whose lines are paragraphs someone typed, Word's), one empty
    line before or between lines stays where there were any: in a stack of values it is a
    place without a value.

    Control characters go (``core.text.strip_controls``): NUL and the other C0 controls but tab
    and line breaks are removed, those that separate words become a space. Every reader's text
    passes here, so no control character of a document reaches the plan."""
    if text is None:
        return ""
    s = strip_controls(str(text)).replace("\u00a0", " ").replace("**", "")
    lines = [
        " ".join(line.split()) for line in s.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    if not blank_lines:
        return "\n".join(line for line in lines if line)
    # One empty line stays for a run of them before or between lines ("" / "25" beside two
    # indicators); trailing ones go, and so does a cell of empty lines only.
    kept: list[str] = []
    for line in lines:
        if line or not kept or kept[-1]:
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)
