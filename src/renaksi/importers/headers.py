"""Table headers: which rows are headers, and what a header band says about its columns.

A header band is a run of header rows ("SASARAN | PROGRAM", "URAIAN | INDIKATOR KINERJA | TARGET",
"TW I | TW II …", "1 | 2 | 3 …"). From it we learn the blocks of a table (see layout.py), the level
each block claims, and the role of each column (roles.py). Headers are hints, not truth: the
interpreter checks the levels they claim against the rows below (page headers repeat and name the
wrong level; columns drift).
"""

from __future__ import annotations

import itertools
import re

from ..core.periods import parse_period
from .grid import Row
from .layout import Block, Layout
from .roles import column_from_labels, levels_named, role_of

_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$|^\(?\d{1,2}\s*=\s*[\d/x+\s()-]+\)?$")


_NUMBERED = re.compile(r"^(\d{1,3}|[A-Za-z])[.)]\s+\S")


# Words that make up level headings ("SASARAN STRATEGIS", "PROGRAM/KEGIATAN/SUB KEGIATAN").
_HEADER_VOCABULARY = re.compile(
    r"\b(tujuan|sasaran|strategis|program|sub|kegiatan|subkegiatan|uraian|nama|indikator|kinerja|"
    r"dan|perangkat|daerah|pd|opd|utama|rencana|aksi)\b|[/&,()\-]",
    re.IGNORECASE,
)


def is_header_cell(text: str) -> bool:
    s = text.strip()
    if not s or len(s) > 60:
        return False
    if _NUMBERED.match(s):
        return False  # "E. Program …" is a name in a data row, not a heading
    return bool(
        role_of(s)
        or (levels_named(s) and len(_HEADER_VOCABULARY.sub(" ", s).split()) <= 1)
        or parse_period(s, allow_year=True)
        or _COLUMN_NUMBER.match(s)
    )


def is_column_number_row(row: Row) -> bool:
    """A row of column numbers ("1 | 2 | 3 | 4"), as forms print under their headers."""
    cells = [c for c in row.cells if c]
    return len(cells) >= 3 and all(_COLUMN_NUMBER.match(c) for c in cells)


def is_header_row(row: Row, previous_is_header: bool) -> bool:
    """A row made only of header words. Rows of bare period labels count only inside a band,
    because a data row whose values are all missing also reads "TW II | TW II"."""
    cells = [c for c in row.cells if c]
    if not cells or not all(is_header_cell(c) for c in cells):
        return False
    if any(role_of(c) or levels_named(c) for c in cells):
        return True
    return previous_is_header


def _spans(row: Row, width: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of each header cell, a cell spanning until the next one in its row."""
    filled = [(c, t) for c, t in enumerate(row.cells) if t]
    out = []
    for i, (c, t) in enumerate(filled):
        end = filled[i + 1][0] if i + 1 < len(filled) else width
        out.append((c, end, t))
    return out


def read_header(band: list[Row]) -> Layout:
    """Read a header band into blocks and column roles."""
    width = max(len(r.cells) for r in band)
    rows = [r for r in band if not is_column_number_row(r)] or band
    labels: dict[int, list[str]] = {c: [] for c in range(width)}
    for row in rows:
        for start, end, text in _spans(row, width):
            for c in range(start, end):
                labels[c].append(text)

    # The role row: the lowest row that names a text role or a level; blocks start at its name
    # columns ("URAIAN", or a level word used as a column heading).
    role_row = next(
        (
            r
            for r in reversed(rows)
            if any(role_of(c) in ("name", "indicator") for c in r.cells if c)
        ),
        None,
    ) or next((r for r in reversed(rows) if any(levels_named(c) for c in r.cells if c)), rows[-1])

    blocks: list[Block] = []
    pending_start: int | None = None
    for col, text in enumerate(role_row.cells):
        if not text:
            continue
        role = role_of(text)
        named = levels_named(text)
        current = blocks[-1] if blocks else None
        starts_block = role == "name" or (role is None and named)
        if (
            starts_block
            and current is not None
            and named == ["sasaran"]
            and "name" in current.slots
            and "objective" not in current.slots
            and "indicator" not in current.slots
        ):
            current.slots.append("objective")
            current.slot_cols["objective"] = col
            continue
        if role == "level" and (current is not None or pending_start is not None):
            continue  # within the block around it
        if role in ("number", "level"):
            pending_start = col if pending_start is None else pending_start
            continue
        if starts_block:
            start = pending_start if pending_start is not None else col
            pending_start = None
            block = Block(start=start, end=width, slots=["name"], slot_cols={"name": col})
            if named and role is None:
                block.levels = named
            blocks.append(block)
            continue
        if current is None:
            continue
        if role == "objective" and "objective" not in current.slots:
            current.slots.append("objective")
            current.slot_cols["objective"] = col
        elif role == "indicator" and "indicator" not in current.slots:
            current.slots.append("indicator")
            current.slot_cols["indicator"] = col
    if not blocks:
        blocks = [Block(start=0, end=width, slots=["name", "indicator"])]
    # No cascade has more levels than LEVELS; columns beyond the fifth block join the last one.
    del blocks[5:]
    for a, b in itertools.pairwise(blocks):
        a.end = b.start
    blocks[-1].end = max(width, blocks[-1].start + 1)

    # Level words anywhere in the band: each belongs to the block its cell starts in.
    for row in rows:
        for col, text in enumerate(row.cells):
            if not text or role_of(text) in ("objective", "indicator", "target", "actual"):
                continue
            named = levels_named(text)
            if not named:
                continue
            index = next((i for i, b in enumerate(blocks) if b.contains(col)), None)
            if index is None:
                continue
            block = blocks[index]
            if block.slot_cols.get("objective") == col:
                continue
            if not block.levels:
                block.levels = named
    for block in blocks:
        if len(block.levels) == 1:
            block.level = block.levels[0]
        if "indicator" not in block.slots:
            block.slots.append("indicator")

    columns = {c: column_from_labels(c, labels[c]) for c in range(width)}
    words = [t for r in band for t in r.cells if t]
    complete = any(role_of(c) in ("name", "indicator") for r in rows for c in r.cells if c)
    return Layout(line=band[0].line, blocks=blocks, columns=columns, words=words, complete=complete)
