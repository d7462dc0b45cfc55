"""What the readers share: the layout of documents mixing text and tables, error messages.

``reason`` turns a library's exception into a phrase for UnreadableDocument; ``check_zip``
refuses an .xlsx or .docx that is not a zip archive with a message a person understands.

``DocumentRows`` is used by the docx, html and pdf readers so that they agree on the grid:

- rows are numbered 1, 2, 3... in reading order (blank rows included);
- each line of text outside tables is a single-cell row;
- exactly one blank row separates a table from the text or table before and after it, and runs
  of empty lines collapse into one blank row;
- a table's empty rows are left out: a blank row means "a table ends here", which an empty
  spacer row inside a table does not.

Readers that see formatting give a table's rows with their cells' styles (``CellStyle``). A
position a merged cell covers is "right" in the merged cell's first row and "down" in the rows
below it (the whole row continues the cell above), whichever way the merge extends: a 2×2 merge
covers one position "right" and two "down".
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .grid import CellStyle, Grid, UnreadableDocument

# Beyond these a file is a data dump, not a plan (which has hundreds of rows and a few dozen
# pages), and reading it would take minutes: it is refused at once.
MAX_ROWS = 20_000  # rows with a value: all sheets of a workbook, all tables of a document
MAX_PAGES = 500  # pages of a PDF
# Cells of a workbook's sheets or a web page's tables, empty ones included.
MAX_CELLS = 500_000
# Paragraphs of a Word body, cells' included: 20,000 rows of ten one-paragraph cells.
MAX_PARAGRAPHS = 200_000
# What the parts of an .xlsx or .docx may inflate to: a plan's document.xml is a few MB; a few
# hundred KB of zip that inflate to gigabytes are a bomb.
MAX_INFLATED = 50 * 1024 * 1024
MAX_MEMBERS = 10_000

COVERED_RIGHT = CellStyle(covered="right")
COVERED_DOWN = CellStyle(covered="down")

# A table row: its cell texts, or a pair (cell texts, one CellStyle per cell or None).
TableRow = list[str] | tuple[Sequence[str], Sequence[CellStyle] | None]


class DocumentRows:
    """Collects text and tables into a Grid (see the module docstring)."""

    def __init__(self, source: str, *, blank_lines: bool = False) -> None:
        self.grid = Grid(source=source, blank_lines=blank_lines)
        self.tables = 0  # tables that contributed at least one row

    def _add(
        self, cells: list[str], ref: str | None = None, styles: list[CellStyle] | None = None
    ) -> None:
        if len(self.grid.rows) >= MAX_ROWS:
            raise UnreadableDocument(
                f"{self.grid.source}: more than {MAX_ROWS:,} rows; "
                "remove what is not the plan, or split the document"
            )
        self.grid.add(len(self.grid.rows) + 1, cells, ref, styles)

    def blank(self) -> None:
        """End the current block (one blank row, never two, never at the start)."""
        if self.grid.rows and not self.grid.rows[-1].is_blank():
            self._add([""])

    def text(self, text: str, ref: str | None = None) -> None:
        """Text outside tables: one row per line; an empty line ends the block."""
        for line in text.splitlines() or [""]:
            if line.strip():
                self._add([line], ref)
            else:
                self.blank()

    def table(self, rows: Iterable[TableRow], ref: str) -> None:
        """A table; blank rows around it, its empty rows dropped.

        Each row is a list of cell texts, or a tuple ``(cells, styles)`` whose ``styles`` has
        one CellStyle per cell (or is None: the reader saw no formatting in that row).
        """
        self.blank()
        added = False
        for row in rows:
            cells, styles = row if isinstance(row, tuple) else (row, None)
            if any(c.strip() for c in cells):
                self._add(list(cells), ref, None if styles is None else list(styles))
                added = True
        if added:
            self.tables += 1
            self.blank()

    def finish(self) -> Grid:
        """The grid; UnreadableDocument if no table had any text."""
        if not self.tables:
            raise UnreadableDocument(f"{self.grid.source}: no table found")
        while self.grid.rows and self.grid.rows[-1].is_blank():
            self.grid.rows.pop()
        return self.grid


def too_many_rows(path: Path) -> UnreadableDocument:
    return UnreadableDocument(
        f"{path.name}: more than {MAX_ROWS:,} rows with values; "
        "split the workbook or remove what is not the plan"
    )


def reason(exc: BaseException, path: Path | None = None) -> str:
    """A library's exception as a short phrase for a one-line message (``path`` shortened to
    its name: the message already starts with it)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if path is not None:
        text = text.replace(str(path), path.name)
    return text if len(text) <= 120 else text[:117] + "..."


# Encrypted Office files are OLE compound files (as are the old .xls/.doc), not zip archives.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def too_many_cells(path: Path) -> UnreadableDocument:
    return UnreadableDocument(
        f"{path.name}: more than {MAX_CELLS:,} cells; remove what is not the plan, or split the "
        "document"
    )


def count_in_parts(path: Path, names: Callable[[str], bool], tags: tuple[bytes, ...]) -> int:
    """How often ``tags`` occur in the zip parts whose names ``names`` accepts, read a megabyte
    at a time (check_zip bounds what they inflate to). A tag cut between two chunks is missed:
    the count is low by at most one per megabyte, which no limit notices."""
    found = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if names(member.filename):
                    with archive.open(member) as part:
                        while chunk := part.read(1024 * 1024):
                            found += sum(chunk.count(tag) for tag in tags)
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0  # the reader says what is wrong with the file
    return found


def check_zip(path: Path, kind: str) -> None:
    """Raise UnreadableDocument unless ``path`` is a whole zip archive, as .xlsx/.docx are.

    ``kind`` names the format in the message: "Excel", "Word".
    """
    with path.open("rb") as file:
        head = file.read(len(_OLE_MAGIC))
    if head == _OLE_MAGIC:
        raise UnreadableDocument(
            f"{path.name}: the file is password-protected (encrypted) or in the old binary "
            f"{kind} format; save it again as {path.suffix or 'a new file'} without a password"
        )
    if not zipfile.is_zipfile(path):  # the zip directory is at the end: also truncated files
        raise UnreadableDocument(
            f"{path.name}: corrupt or truncated {kind} file (not a complete zip archive)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableDocument(f"{path.name}: corrupt {kind} file ({reason(exc, path)})") from exc
    # The sizes the directory declares: a part that inflates further fails to read (zipfile
    # checks each member's size), so no part is ever read beyond what was checked here.
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_INFLATED:
        raise UnreadableDocument(
            f"{path.name}: the {kind} file inflates to more than "
            f"{MAX_INFLATED // (1024 * 1024)} MB; it is not a plan document (or it is damaged)"
        )
