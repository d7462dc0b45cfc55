"""Table headers: which rows are headers, and what a header band says about its columns.

A header band is a run of header rows ("SASARAN | PROGRAM", "URAIAN | INDIKATOR KINERJA | TARGET",
"TW I | TW II …", "1 | 2 | 3 …"). From it we learn the blocks of a table (see layout.py), the level
each block claims, and the role of each column (roles.py). Headers are hints, not truth: the
interpreter checks the levels they claim against the rows below (page headers repeat and name the
wrong level; columns drift).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.names import is_number_only, is_result_statement, level_word, split_label
from ..core.numbers import parse_quantity
from ..core.periods import parse_period, split_period_value
from .grid import PLAIN, Row
from .layout import Block, Layout, close_blocks
from .roles import column_from_labels, levels_named, role_of

_ASCII_DIGITS = re.compile(r"[0-9]+")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$|^\(?\d{1,2}\s*=\s*[\d/x+\s()-]+\)?$")


_NUMBERED = re.compile(r"^(\d{1,3}|[A-Za-z])[.)]\s+\S")


# Words that make up level headings ("SASARAN STRATEGIS", "PROGRAM/KEGIATAN/SUB KEGIATAN").
_HEADER_VOCABULARY = re.compile(
    r"\b(tujuan|sasaran|strategis|program|sub|kegiatan|subkegiatan|uraian|nama|indikator|kinerja|"
    r"dan|perangkat|daerah|pd|opd|utama|rencana|aksi)\b|[/&,()\-]",
    re.IGNORECASE,
)


def is_header_cell(text: str) -> bool:
    """A cell a header is made of: a caption naming a role or level, a period, a column number.

    Captions naming a role may be long ("Indikator Kinerja Program (Outcomes)/Kegiatan (Output)",
    "Target Renja OPD tahun (n-2)"); other captions are short.
    """
    s = text.strip()
    if not s or len(s) > _MAX_CAPTION:
        return False
    if _NUMBERED.match(s):
        return False  # "E. Program …" is a name in a data row, not a heading
    if len(s) > 60:
        # A long caption names a role; a long name that mentions one ("Program Peningkatan
        # … Capaian Kinerja") starts with its level word.
        return bool(role_of(s)) and not is_result_statement(s) and not level_word(s)
    return bool(
        role_of(s)
        or (levels_named(s) and len(_HEADER_VOCABULARY.sub(" ", s).split()) <= 1)
        or parse_period(s, allow_year=True)
        or _COLUMN_NUMBER.match(s)
    )


# The longest caption a header cell holds; longer text is a data cell.
_MAX_CAPTION = 160


def is_caption(text: str) -> bool:
    """A cell that may stand in a header although no vocabulary knows it ("UKURAN", "Volume
    Satuan", "dalam jutaan Rupiah", "(RP.)", "8=(7/6)"): short, not a value, not a numbered or
    result-statement name."""
    s = text.strip()
    if not s or len(s) > 60 or len(s.split()) > 6:
        return False
    if _NUMBERED.match(s) or is_result_statement(s) or split_label(s).number is not None:
        return False
    if _COLUMN_NUMBER.match(s) or parse_period(s, allow_year=True):
        return True
    if split_period_value(s):
        return False  # "TW II 50%": a label with its value
    return parse_quantity(s) is None and not is_number_only(s)


def is_column_number_row(row: Row) -> bool:
    """A row of column numbers ("1 | 2 | 3 | 4"), as forms print under their headers."""
    cells = [c for c in row.cells if c]
    return len(cells) >= 3 and all(_COLUMN_NUMBER.match(c) for c in cells)


def is_header_row(row: Row, band: list[Row] | None = None) -> bool:
    """A row of a table's header; ``band`` holds the header rows above it, if any.

    The first row of a header names roles or levels: most of its cells are header words
    (URAIAN, INDIKATOR, TARGET, SASARAN, TW I …), the rest short captions. Below it, a row may
    hold captions no vocabulary knows, where a header has them: a caption wrapped onto the next
    line (in capitals, or starting in lower case), a caption under a group caption that spans
    several columns ("Volume | Satuan" under TARGET), or a column's first caption. Rows of bare
    period labels count only inside a band, because a data row whose values are all missing also
    reads "TW II | TW II".
    """
    cells = [c for c in row.cells if c]
    if not cells or (not band and len(row.cells) < 2):
        return False  # a header has columns: a line of text is a title or a note
    if not band and len(cells) == 1 and len(cells[0].split()) > 3:
        return False  # one caption alone opens a header only as a short group caption
    known = [c for c in cells if is_header_cell(c)]
    numbering = [
        c
        for c in cells
        if is_number_only(c) or (_ASCII_DIGITS.fullmatch(c.strip()) and len(c.strip()) <= 3)
    ]
    if numbering and len(numbering) < len(cells) and not (band and _sub_captions(cells, numbering)):
        return False  # a data row's "1." beside its texts
    if len(known) < len(cells):
        if not all(is_caption(c) for c in cells if c not in known):
            return False
        if not band:
            # A first header row: at least two header words, twice as many known captions as
            # unknown ones, and no numbering (a data row's "1.").
            naming = [c for c in known if role_of(c) or levels_named(c)]
            unknown = len(cells) - len(known)
            return len(naming) >= 2 and len(known) >= 2 * unknown
        return _fits_band(row, band)
    if any(role_of(c) or levels_named(c) for c in cells):
        return True
    return bool(band)


def _sub_captions(cells: list[str], numbers: list[str]) -> bool:
    """A header row of period labels beside a run of numbers 1, 2, 3 … (the quarters under
    TARGET, the months under BULAN KE-): sub captions, not a data row's numbering."""
    # Plain digits only: str.isdigit() also takes "¹" and other digits int() refuses.
    run = [
        int(n.strip().rstrip("."))
        for n in numbers
        if _ASCII_DIGITS.fullmatch(n.strip().rstrip("."))
    ]
    others = [c for c in cells if c not in numbers]
    return (
        len(run) == len(numbers) >= 2
        and run == list(range(1, len(run) + 1))
        and all(parse_period(c, allow_year=True) for c in others)
    )


def _fits_band(row: Row, band: list[Row]) -> bool:
    """Whether each caption of ``row`` no vocabulary knows can continue the header above."""
    width = max(len(row.cells), *(len(r.cells) for r in band))
    rows = [r for r in band if not is_column_number_row(r)]
    stacks = column_stacks(rows, width) if rows else [[] for _ in range(width)]
    for col, text in enumerate(row.cells):
        if not text or is_header_cell(text):
            continue
        if is_number_only(text):
            return False  # numbering: a data row
        stack = stacks[col]
        if not stack:
            continue  # the column's first caption
        if any(label.end - label.start > 1 for label in stack):
            continue  # under a group caption
        words = text.strip("()").strip()
        if words.isupper() or words[:1].islower() or text.startswith("("):
            continue  # a caption wrapped onto the next line
        return False
    return True


@dataclass(frozen=True)
class Label:
    """One header caption over a column: its text, the band row it stands in, and the columns
    it spans (``start`` inclusive, ``end`` exclusive)."""

    text: str
    row: int
    start: int
    end: int


def _spans(
    row: Row, width: int, starts: set[int] | frozenset = frozenset(), merged: bool = False
) -> list[tuple[int, int, str]]:
    """(start, end, text) of each header cell.

    Where the header has merged cells (``merged``: the reader saw some in the band), a cell
    spans exactly the positions it covers to its right. Otherwise (text copied out of a document, where a merge leaves empty
    cells), a cell spans until the next filled cell of its row, or until a column whose caption
    starts in a row above (``starts``): that column's caption is merged down, not a part of this
    one ("Trw IV" under TARGET ends before the PROGRAM column beside TARGET).
    """
    filled = [(c, t) for c, t in enumerate(row.cells) if t]
    out = []
    for i, (c, t) in enumerate(filled):
        if merged:
            end = c + 1
            while end < width and row.style(end).covered == "right" and not _cell(row, end):
                end += 1
        else:
            limit = filled[i + 1][0] if i + 1 < len(filled) else width
            end = c + 1
            while end < limit and end not in starts:
                end += 1
        out.append((c, end, t))
    return out


def _cell(row: Row, col: int) -> str:
    return row.cells[col] if col < len(row.cells) else ""


def column_stacks(rows: list[Row], width: int) -> list[list[Label]]:
    """Per column, the captions stacked over it, top to bottom.

    A caption wrapped over several rows of the band (PENANGGUNG / JAWAB, a PDF's "PROGRAM DAN" /
    "KEGIATAN", lines apart when the caption is centred in a tall cell) is one label: labels one
    above the other over exactly the same columns are joined. A
    group caption over several columns (TARGET over TW I … TW IV) stays a label of its own above
    the columns' captions.
    """
    stacks: list[list[Label]] = [[] for _ in range(width)]
    starts: set[int] = set()
    merged = any(row.styles and any(s.covered for s in row.styles) for row in rows)
    for index, row in enumerate(rows):
        spans = _spans(row, width, starts, merged)
        starts.update(start for start, _end, _text in spans)
        for start, end, text in spans:
            for c in range(start, min(end, width)):
                stack = stacks[c]
                below = stack[-1] if stack else None
                if (
                    below is not None
                    and below.start == start
                    and below.end == end
                    and _wraps(below.text, text)
                ):
                    stack[-1] = Label(f"{below.text} {text}", index, start, end)
                else:
                    stack.append(Label(text, index, start, end))
    return stacks


def _wraps(upper: str, lower: str) -> bool:
    """Whether ``lower`` continues the caption ``upper`` (a word wrapped onto the next line)
    rather than naming a part of it (TARGET over TW I; 2014 over Target and Rp.)."""
    if parse_period(lower, allow_year=True) or parse_period(upper, allow_year=True):
        return False
    if _COLUMN_NUMBER.match(lower.strip()):
        return False
    upper_role, lower_role = role_of(upper), role_of(lower)
    if upper_role in _WEAK_ROLES or lower_role in _WEAK_ROLES:
        return True  # "INDIKATOR" / "KINERJA": a word that alone would read as a role
    return not (upper_role and lower_role and upper_role != lower_role)


# Roles a single word reads as but a caption continued by it is not ("KINERJA", "VOLUME").
_WEAK_ROLES = ("value", "quarter_group")


def read_header(band: list[Row], year: int | None = None) -> Layout:
    """Read a header band into blocks and column roles (``year``: the plan's, for captions
    naming years relative to it)."""
    width = max(len(r.cells) for r in band)
    rows = [r for r in band if not is_column_number_row(r)] or band
    stacks = column_stacks(rows, width)
    labels: dict[int, list[str]] = {c: [label.text for label in stacks[c]] for c in range(width)}

    # Each column's heading: its lowest caption when that names a text role (URAIAN, INDIKATOR)
    # or a level. Blocks start at name headings; a label spanning several columns counts once,
    # at the column where it starts.
    # Levels an indicator caption says its indicators are of ("INDIKATOR SASARAN"): a column of
    # that level is the level's, not a result statement beside another level's name.
    indicated = {
        level
        for stack in stacks
        for label in stack
        if role_of(label.text) == "indicator"
        for level in levels_named(label.text)
    }
    # Where columns are headed by levels (PROGRAM | KEGIATAN), an URUSAN column beside them
    # holds the government affair the programs belong to: context, not a level of the plan.
    headed_by_levels = any(
        stack and levels_named(stack[-1].text) and _is_heading(stack[-1].text) for stack in stacks
    )
    context: set[int] = set()
    blocks: list[Block] = []
    pending_start: int | None = None
    for col in range(width):
        if not stacks[col]:
            continue
        label = stacks[col][-1]
        if headed_by_levels and _URUSAN.match(label.text) and not levels_named(label.text):
            context.add(col)
            continue
        if label.start != col:
            continue
        if any(stacks[c][-1] != label for c in range(col, min(label.end, width))):
            continue  # a group caption over columns with captions of their own
        text = label.text
        role = role_of(text)
        named = levels_named(text)
        current = blocks[-1] if blocks else None
        starts_block = role == "name" or (role is None and named and _is_heading(text))
        if (
            starts_block
            and current is not None
            and named == ["sasaran"]
            and not _STRATEGIC.search(text)
            and "sasaran" not in indicated
            and "name" in current.slots
            and "objective" not in current.slots
            and "indicator" not in current.slots
        ):
            current.slots.append("objective")
            current.slot_cols["objective"] = col
            continue
        if role == "level" and (current is not None or pending_start is not None):
            continue  # within the block around it
        if role in ("number", "level") or (role == "code" and _name_follows(stacks, col)):
            # Numbering, a level column, or a code just before a name: that name's block.
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
    blocks = close_blocks(blocks, width)

    # Level words anywhere in the band: each belongs to the block its caption starts in.
    for col in range(width):
        for label in stacks[col]:
            if label.start != col:
                continue
            text = label.text
            if role_of(text) in ("objective", "indicator", "target", "actual"):
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

    columns = {c: column_from_labels(c, labels[c], year) for c in range(width)}
    for col in context:
        columns[col].role = "note"
    words = [t for r in band for t in r.cells if t]
    complete = any(
        role_of(label.text) in ("name", "indicator") for stack in stacks for label in stack
    )
    return Layout(line=band[0].line, blocks=blocks, columns=columns, words=words, complete=complete)


_URUSAN = re.compile(r"^(urusan|bidang)\b", re.IGNORECASE)
# "SASARAN STRATEGIS": the level, never a program's result statement.
_STRATEGIC = re.compile(r"\bstrategis\b", re.IGNORECASE)


def _name_follows(stacks: list[list[Label]], col: int) -> bool:
    """Whether the next captioned column after ``col`` is a name column (URAIAN, a level)."""
    for stack in stacks[col + 1 :]:
        if not stack:
            continue
        text = stack[-1].text
        if role_of(text) == "code":
            continue  # a code split over several columns
        return role_of(text) == "name" or (
            role_of(text) is None and bool(levels_named(text)) and _is_heading(text)
        )
    return False


def _is_heading(text: str) -> bool:
    """A caption made of level words ("SASARAN STRATEGIS", "PROGRAM/KEGIATAN"), not a longer
    caption that mentions a level ("TARGET KINERJA PROGRAM", "JADWAL KEGIATAN")."""
    return len(_HEADER_VOCABULARY.sub(" ", text).split()) <= 1


def align_captions(
    band: list[Row], body: list[Row], known: dict[int, int] | None = None
) -> tuple[list[Row], dict[int, int]]:
    """The band with each caption moved over the column its values stand in.

    A PDF cut in narrow columns puts a caption centred over a merged cell in a column of its own,
    beside the column its cells' texts start in ("SASARAN" over column 1, the sasaran in column
    0). A caption over a column no body row fills moves to the nearest column (at most two away)
    that body rows fill and no caption names. Rows are copied; the grid is left as it is.
    ``known`` are the moves made under the same header on an earlier page (whose rows showed
    more columns); the moves made are returned with the rows.
    """
    width = max(len(r.cells) for r in [*band, *body])
    if known is not None:
        return _moved(band, known, width), known
    if not body:
        return band, {}
    captioned = {c for r in band if not is_column_number_row(r) for c, t in enumerate(r.cells) if t}
    filled = {c for r in body for c, t in enumerate(r.cells) if t}
    moves: dict[int, int] = {}
    free = filled - captioned
    # Nearest first: a caption one column away takes its column before one two columns away.
    options = sorted(
        (abs(col - c), c > col, col, c)
        for col in captioned - filled
        for c in free
        if abs(col - c) <= 2
    )
    for _distance, _right, col, target in options:
        if col not in moves and target in free:
            moves[col] = target
            free.discard(target)
    return _moved(band, moves, width), moves


def _moved(band: list[Row], moves: dict[int, int], width: int) -> list[Row]:
    if not moves:
        return band
    out = []
    for row in band:
        cells = list(row.cells) + [""] * (width - len(row.cells))
        styles = None
        if row.styles is not None:
            styles = [row.style(c) for c in range(width)]
        if not is_column_number_row(row):
            for src, dst in moves.items():
                if cells[src] and not cells[dst]:
                    cells[dst], cells[src] = cells[src], ""
                    if styles is not None:
                        styles[dst], styles[src] = styles[src], PLAIN
        out.append(Row(line=row.line, cells=cells, ref=row.ref, styles=styles))
    return out
