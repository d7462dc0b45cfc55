"""Comma-, semicolon- or tab-separated values (.csv) → Grid.

Contract: each record is a row whose ``line`` is the line its record starts on (a quoted cell
may span lines; its line breaks become spaces) and ``ref`` is None; an empty line is a blank
row. The delimiter is guessed from the start of the file — "," normally, ";" from Excel set to
Indonesian (where "," is the decimal separator), or a tab — and Excel's "sep=;" first line is
honoured; a file with a single column uses ",". The text is UTF-8 (with or without BOM) or Windows-1252. Files without any value raise
UnreadableDocument.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

from .common import MAX_ROWS
from .grid import Grid, UnreadableDocument
from .text import decode

DELIMITERS = ",;\t"
_SAMPLE = 64 * 1024  # characters given to the sniffer: enough rows, and fast
# Excel writes and reads a first line "sep=;" naming the delimiter.
_SEP_LINE = re.compile(r'"?sep=(.)"?(?:\r\n|\n|\r|\Z)')


def read_csv(path: Path) -> Grid:
    text = decode(path.read_bytes(), path.name)
    grid = Grid(source=path.name)
    first_line = 1
    hint = _SEP_LINE.match(text)
    if hint:
        delimiter = hint.group(1)
        text = text[hint.end() :]
        first_line = 2
    else:
        delimiter = _delimiter(text)
    # newline="" keeps line breaks inside quoted cells, as the csv module requires.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1  # line of the next record: reader.line_num counts the lines read so far
    try:
        for cells in reader:
            if len(grid.rows) >= MAX_ROWS:
                raise UnreadableDocument(
                    f"{path.name}: more than {MAX_ROWS:,} rows; remove what is not the plan"
                )
            grid.add(first_line + start - 1, cells or [""])
            start = reader.line_num + 1
    except csv.Error as exc:  # e.g. a cell longer than the csv module's field size limit
        line = first_line + start - 1
        raise UnreadableDocument(f"{path.name}: line {line}: unreadable CSV ({exc})") from exc
    if all(row.is_blank() for row in grid.rows):
        raise UnreadableDocument(f"{path.name}: no table found")
    return grid


def _delimiter(text: str) -> str:
    """The candidate that splits most records of the sample into the same number of cells > 1;
    on a tie, the one giving more cells.

    csv.Sniffer is not used: it prefers "," whenever commas are as regular as the real
    delimiter, which they are in Indonesian files where every row has decimals ("0,25") in the
    same columns of a ";"-separated table.
    """
    sample = text[:_SAMPLE]
    if len(text) > _SAMPLE and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # whole lines only
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = Counter(
            len(cells)
            for cells in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            if cells
        )
        width, records = max(widths.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        score = (records, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best
