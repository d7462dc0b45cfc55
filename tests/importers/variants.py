"""Variants of a tab-separated Rencana Aksi text: the same plan, laid out differently.

Each variant is a general transformation of the text (not a hand edit of the sample): it takes the
text and returns text (or bytes, for the encodings), and it never changes what the document means.
The variants are what copying a table out of Word or a PDF does to it: cells drift left or right,
page headers repeat (or were removed), pages break inside an indicator's TW I–IV block, numbering
is written "1." or "1 " or "1)" or "A.", a period label and its value share one cell or not, "TW I"
is written "Triwulan I" or "TW 1", whitespace and line endings vary, Word saves Windows-1252.

Line bookkeeping: a variant either keeps every line where it was (line n of the variant is line n of
the original), or inserts/removes whole lines; then the tests find a line again by its content.

This module only looks at the text; it deliberately does not use the importer's own header or
label rules, so that a variant does not inherit the bugs it is meant to reveal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

Variant = Callable[[str], str]

# --------------------------------------------------------------------------------------------
# Rows: the text as lines of cells, and which lines are headers or data.

# Header words of Rencana Aksi tables, as the sample and most documents write them.
HEADER_WORDS = frozenset(
    {
        "TUJUAN",
        "SASARAN",
        "PROGRAM",
        "KEGIATAN",
        "SUB KEGIATAN",
        "URAIAN",
        "INDIKATOR",
        "INDIKATOR KINERJA",
        "TARGET",
        "SATUAN",
        "NO",
        "NO.",
        "KODE",
        "ANGGARAN",
    }
)
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


def split_rows(text: str) -> list[list[str]]:
    """The text as rows of cells; ``join_rows`` gives the same text back."""
    return [line.split("\t") for line in text.split("\n")]


def join_rows(rows: Iterable[list[str]]) -> str:
    return "\n".join("\t".join(cells) for cells in rows)


def _filled(cells: list[str]) -> list[str]:
    return [c.strip() for c in cells if c.strip()]


def is_blank(cells: list[str]) -> bool:
    return not _filled(cells)


def is_header(cells: list[str]) -> bool:
    """A row of header words ("SASARAN | PROGRAM", "URAIAN | INDIKATOR KINERJA | TARGET")."""
    filled = [c.strip("* ").upper() for c in _filled(cells)]
    return bool(filled) and all(c in HEADER_WORDS for c in filled)


def is_column_numbers(cells: list[str]) -> bool:
    """A row of column numbers ("1 | 2 | 3 …") under a header."""
    filled = _filled(cells)
    return len(filled) >= 3 and all(_COLUMN_NUMBER.match(c) for c in filled)


def header_bands(text: str) -> list[tuple[int, int]]:
    """(start, end) of each header band, 0-based row indexes, end exclusive."""
    rows = split_rows(text)
    bands = []
    i = 0
    while i < len(rows):
        if is_header(rows[i]):
            j = i + 1
            while j < len(rows) and (is_header(rows[j]) or is_column_numbers(rows[j])):
                j += 1
            bands.append((i, j))
            i = j
        else:
            i += 1
    return bands


def data_lines(text: str) -> list[int]:
    """1-based numbers of the data rows: non-blank rows below the first header, not headers."""
    bands = header_bands(text)
    if not bands:
        return []
    in_band = {i for start, end in bands for i in range(start, end)}
    rows = split_rows(text)
    return [
        i + 1 for i in range(bands[0][0], len(rows)) if i not in in_band and not is_blank(rows[i])
    ]


def band_above(text: str, line: int) -> tuple[int, int]:
    """The header band that governs 1-based ``line``: the nearest band above it."""
    above = [band for band in header_bands(text) if band[1] <= line - 1]
    if not above:
        raise ValueError(f"line {line} has no header above it")
    return above[-1]


# Cells of a data row.
_PERIOD = re.compile(r"^TW\s+(IV|III|II|I)\b")
_VALUE = re.compile(r"^-?\d[\d.,]*\s*%?$|^Rp\.?\s*\d[\d.,]*$")


def is_period_label(cell: str) -> bool:
    return bool(_PERIOD.match(cell.strip())) and _PERIOD.sub("", cell.strip()) == ""


def is_value(cell: str) -> bool:
    return bool(_VALUE.match(cell.strip()))


def is_name_row(cells: list[str]) -> bool:
    """A data row with some text besides period labels and values (a name, an indicator)."""
    return any(
        not is_period_label(c) and not is_value(c) and not _PERIOD.match(c.strip())
        for c in _filled(cells)
    )


# --------------------------------------------------------------------------------------------
# Drift: cells of chosen rows shifted right or left.

Selector = Callable[[int, list[str]], bool]  # (1-based line, cells) -> chosen


def every_data_row(_line: int, _cells: list[str]) -> bool:
    return True


def name_rows(_line: int, cells: list[str]) -> bool:
    """Rows that start a node or an indicator."""
    return is_name_row(cells)


def continuation_rows(_line: int, cells: list[str]) -> bool:
    """Rows that only continue an indicator's targets ("TW II | 50%")."""
    return not is_name_row(cells)


def every_nth(n: int, offset: int = 0) -> Selector:
    """Every n-th data row (counted over the whole document)."""
    counter = {"i": -1}

    def select(_line: int, _cells: list[str]) -> bool:
        counter["i"] += 1
        return counter["i"] % n == offset

    return select


def shift_cells(text: str, k: int, select: Selector = every_data_row) -> str:
    """Shift all cells of the chosen data rows right (k > 0) or left (k < 0) by |k| columns.

    A right shift puts |k| empty cells in front; a left shift drops |k| leading cells, only in rows
    whose first |k| cells are empty (other rows stay as they are: nothing is lost).
    """
    rows = split_rows(text)
    for line in data_lines(text):
        cells = rows[line - 1]
        if not select(line, cells):
            continue
        if k > 0:
            rows[line - 1] = [""] * k + cells
        elif k < 0 and all(not c.strip() for c in cells[:-k]) and len(cells) > -k:
            rows[line - 1] = cells[-k:]
    return join_rows(rows)


# --------------------------------------------------------------------------------------------
# Page headers: removed where they repeat, or repeated more often; pages broken inside a block.


def _band_kind(rows: list[list[str]], band: tuple[int, int]) -> tuple[str, ...]:
    """What a header band names: the words of its first row ("SASARAN", "PROGRAM")."""
    return tuple(c.strip("* ").upper() for c in _filled(rows[band[0]]))


def drop_repeated_headers(text: str) -> str:
    """Remove every header band that repeats an earlier one of its kind, with the blank lines
    before it (the page break): only the first header of each kind stays."""
    rows = split_rows(text)
    seen: set[tuple[str, ...]] = set()
    drop: set[int] = set()
    for band in header_bands(text):
        kind = _band_kind(rows, band)
        if kind not in seen:
            seen.add(kind)
            continue
        drop.update(range(*band))
        i = band[0] - 1
        while i >= 0 and is_blank(rows[i]):
            drop.add(i)
            i -= 1
    return join_rows(row for i, row in enumerate(rows) if i not in drop)


def page_break(text: str, before: int) -> str:
    """A page break before 1-based line ``before``: a blank line and a copy of the header band
    that governs that line, as a document printed with repeating header rows shows it."""
    rows = split_rows(text)
    start, end = band_above(text, before)
    band = [list(r) for r in rows[start:end]]
    return join_rows([*rows[: before - 1], [""], *band, *rows[before - 1 :]])


def repeat_header(text: str, every: int) -> str:
    """A page break (blank line and a copy of the current header band) before every ``every``-th
    data row of each table, counted from the table's first data row."""
    rows = split_rows(text)
    bands = header_bands(text)
    starts = {start: (start, end) for start, end in bands}
    out: list[list[str]] = []
    current: tuple[int, int] | None = None
    count = 0
    for i, row in enumerate(rows):
        if i in starts:
            current = starts[i]
            count = 0
        elif current is not None and i >= current[1] and not is_blank(row):
            if count and count % every == 0:
                out.append([""])
                out.extend(list(r) for r in rows[current[0] : current[1]])
            count += 1
        out.append(row)
    return join_rows(out)


def target_block_breaks(text: str, position: int = 2) -> list[int]:
    """Lines where a page break falls inside an indicator's TW I–IV block: the line holding the
    ``position``-th label (2 → before "TW II") of each block, when that line continues the block."""
    wanted = ("TW I", "TW II", "TW III", "TW IV")[position - 1]
    out = []
    for line in data_lines(text):
        cells = split_rows(text)[line - 1]
        labels = [c.strip() for c in cells if is_period_label(c)]
        if labels and labels[0] == wanted and not is_name_row(cells):
            out.append(line)
    return out


# --------------------------------------------------------------------------------------------
# Numbering: "1." ↔ "1 " ↔ "1)" ↔ "A." ↔ "a.", consistently for every numbered name.

_NUMBERING = re.compile(r"^(\s*)(?:(\d{1,2})[.)]?|([A-Z])[.)])[ \t]+(?=\S)")
NUMBERING_STYLES = ("dot", "space", "paren", "upper", "lower")


def _format_number(n: int, style: str) -> str:
    if style == "dot":
        return f"{n}. "
    if style == "space":
        return f"{n} "
    if style == "paren":
        return f"{n}) "
    if style in ("upper", "lower"):
        if not 1 <= n <= 26:
            raise ValueError(f"no letter for item {n}")
        letter = chr(ord("A") + n - 1)
        return f"{letter if style == 'upper' else letter.lower()}. "
    raise ValueError(f"unknown numbering style {style!r}")


def renumber(text: str, style: str) -> str:
    """Write the numbering of every numbered name ("1. Program …", "2 Hasil …", "A. Program …")
    in one style. The number stays the same (A = 1); numbering alone in a cell ("3.") is kept."""

    def one(cell: str) -> str:
        if is_period_label(cell) or _PERIOD.match(cell.strip()):
            return cell
        m = _NUMBERING.match(cell)
        if not m:
            return cell
        n = int(m.group(2)) if m.group(2) else ord(m.group(3)) - ord("A") + 1
        return m.group(1) + _format_number(n, style) + cell[m.end() :]

    rows = split_rows(text)
    for line in data_lines(text):
        rows[line - 1] = [one(c) for c in rows[line - 1]]
    return join_rows(rows)


# --------------------------------------------------------------------------------------------
# Period labels and values: one cell or two; "TW I", "Triwulan I", "TW 1" …


def merge_label_value(text: str) -> str:
    """Put each period label and the value that follows it in one cell ("TW I" + "25%" →
    "TW I 25%"); the value's cell becomes empty, so no other cell moves."""
    rows = split_rows(text)
    for line in data_lines(text):
        cells = rows[line - 1]
        for col, cell in enumerate(cells):
            if not is_period_label(cell):
                continue
            nxt = next((j for j in range(col + 1, len(cells)) if cells[j].strip()), None)
            if nxt is not None and is_value(cells[nxt]):
                cells[col] = f"{cell.strip()} {cells[nxt].strip()}"
                cells[nxt] = ""
    return join_rows(rows)


def split_label_value(text: str) -> str:
    """Split cells that hold a label and its value ("TW I 25%") into two: the value goes into the
    next cell when it is empty, else a cell is inserted."""
    rows = split_rows(text)
    for line in data_lines(text):
        cells = rows[line - 1]
        out: list[str] = []
        i = 0
        while i < len(cells):
            cell = cells[i]
            m = _PERIOD.match(cell.strip())
            rest = cell.strip()[m.end() :].strip() if m else ""
            if m and rest and is_value(rest):
                out.extend([m.group(0), rest])
                if i + 1 < len(cells) and not cells[i + 1].strip():
                    i += 1  # the empty cell after it now holds the value
            else:
                out.append(cell)
            i += 1
        rows[line - 1] = out
    return join_rows(rows)


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
PERIOD_STYLES = {
    "triwulan": lambda r: f"Triwulan {r}",
    "tw-arabic": lambda r: f"TW {_ROMAN[r]}",
    "triwulan-arabic": lambda r: f"Triwulan {_ROMAN[r]}",
    "tw-dot": lambda r: f"TW. {r}",
    "trw": lambda r: f"TRW {r}",
    "q": lambda r: f"Q{_ROMAN[r]}",
    "lower": lambda r: f"tw {r.lower()}",
}


def period_style(text: str, style: str) -> str:
    """Write every period label ("TW III", also in "TW III 75%") in another style."""
    write = PERIOD_STYLES[style]
    rows = split_rows(text)
    for line in data_lines(text):
        rows[line - 1] = [
            _PERIOD.sub(lambda m: write(m.group(1)), c.strip()) if _PERIOD.match(c.strip()) else c
            for c in rows[line - 1]
        ]
    return join_rows(rows)


# --------------------------------------------------------------------------------------------
# Whitespace, line endings, encodings.


def pad_cells(text: str) -> str:
    """Leading and trailing spaces around every non-empty cell."""
    return join_rows([[f"  {c} " if c.strip() else c for c in row] for row in split_rows(text)])


def trailing_whitespace(text: str) -> str:
    """Spaces and a tab at the end of every line (blank lines become whitespace only)."""
    return "\n".join(line + " \t  " for line in text.split("\n"))


def leading_whitespace(text: str) -> str:
    """Spaces at the start of every line (inside the first cell)."""
    return "\n".join("   " + line for line in text.split("\n"))


def nbsp(text: str) -> str:
    """Non-breaking spaces instead of spaces inside cells, as Word writes them."""
    return text.replace(" ", "\u00a0")


def crlf(text: str) -> str:
    """Windows line endings."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def final_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def compose(*variants: Variant) -> Variant:
    """Variants applied left to right."""

    def run(text: str) -> str:
        for variant in variants:
            text = variant(text)
        return text

    return run


def cp1252(text: str) -> bytes:
    """The text as Word on Windows saves it ("ANSI")."""
    return text.encode("cp1252")


def utf8_bom(text: str) -> bytes:
    return text.encode("utf-8-sig")


def utf16(text: str) -> bytes:
    """The text as Excel's "Unicode Text" export writes it: UTF-16 LE with a BOM."""
    return text.encode("utf-16")
