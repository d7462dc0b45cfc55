"""Table headers: which rows are headers, and what a header band says about its columns.

A header band is a run of header rows ("SASARAN | PROGRAM", "URAIAN | INDIKATOR KINERJA | TARGET",
"TW I | TW II …", "1 | 2 | 3 …"). From it we learn the blocks of a table (a block is the group of
columns that describes one level of the cascade: its name, result statement, indicator, targets),
the level each block claims, and the role of each column. Headers are hints, not truth: the
interpreter checks the levels they claim against the rows below (page headers repeat and name the
wrong level; columns drift).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ..core.periods import parse_period
from .grid import Row

# Column roles a header cell may name. Order matters: the first pattern that matches wins.
_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern, re.IGNORECASE))
    for role, pattern in (
        ("number", r"^(no|nomor|no\s*urut)\.?$"),
        ("code", r"^kode\b"),
        # A column that says each row's level ("Program", "Sub Kegiatan") in a one-column cascade.
        ("level", r"^(tingkat(an)?|level|jenjang)$"),
        ("achievement", r"\bcapaian\b|^%$|^persentase\s+capaian"),
        ("actual", r"\brealisasi\b"),
        ("indicator", r"\bindikator\b|\bik[u]?\b"),
        ("unit", r"^satuan\b"),
        (
            "budget",
            r"\banggaran\b|\bpagu\b|\balokasi\b|^dana\b|^\(?rp\.?\)?$|^biaya\b|^jumlah\s*\(rp",
        ),
        ("annual", r"^target\s+(tahunan|akhir|tahun\s+\d{4}|\d{4})$"),
        ("target", r"^target\b|^rencana\s+(target|capaian)"),
        ("objective", r"^sasaran\s+(program|kegiatan|sub\s*kegiatan)$"),
        ("name", r"^uraian\b|^nama\b|^jenis\b|^urusan\b"),
        ("owner", r"penanggung\s*jawab|^pj$|^pelaksana$|^pic$"),
        ("note", r"^ket(erangan)?\.?$|bukti|kendala|hambatan|tindak\s+lanjut|faktor|^catatan"),
        ("value", r"^k$|^kinerja$|^vol(ume)?\.?$"),
        ("quarter_group", r"^(target\s+)?(per\s+)?(triwulan|tw|bulan|kuartal)(an)?$"),
    )
)
_LEVEL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("subkegiatan", re.compile(r"\bsub[\s-]*kegiatan\b", re.IGNORECASE)),
    ("kegiatan", re.compile(r"(?<!sub )(?<!sub)\bkegiatan\b", re.IGNORECASE)),
    ("program", re.compile(r"\bprogram\b", re.IGNORECASE)),
    ("sasaran", re.compile(r"\bsasaran\b", re.IGNORECASE)),
    ("tujuan", re.compile(r"\btujuan\b", re.IGNORECASE)),
)
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$|^\(?\d{1,2}\s*=\s*[\d/x+\s()-]+\)?$")
_NUMBERED = re.compile(r"^(\d{1,3}|[A-Za-z])[.)]\s+\S")
# Words that make up level headings ("SASARAN STRATEGIS", "PROGRAM/KEGIATAN/SUB KEGIATAN").
_HEADER_VOCABULARY = re.compile(
    r"\b(tujuan|sasaran|strategis|program|sub|kegiatan|subkegiatan|uraian|nama|indikator|kinerja|"
    r"dan|perangkat|daerah|pd|opd|utama|rencana|aksi)\b|[/&,()\-]",
    re.IGNORECASE,
)
_ROMAN_OR_DIGIT = re.compile(r"^(iv|iii|ii|i|[1-9]|1[0-2])$", re.IGNORECASE)


def levels_named(text: str) -> list[str]:
    """Levels of the cascade a header cell names, in cascade order ("PROGRAM/KEGIATAN" → 2)."""
    found = []
    for level, pattern in _LEVEL_PATTERNS:
        if pattern.search(text):
            found.append(level)
    # "Sub Kegiatan" alone also matches the plain "kegiatan" pattern only through "sub".
    if (
        "subkegiatan" in found
        and "kegiatan" in found
        and not re.search(r"(?<!sub )(?<!sub)(?<!sub-)\bkegiatan\b", text, re.IGNORECASE)
    ):
        found.remove("kegiatan")
    order = ("tujuan", "sasaran", "program", "kegiatan", "subkegiatan")
    return sorted(found, key=order.index)


def role_of(text: str) -> str | None:
    """The column role a header cell names, or None."""
    s = " ".join(text.split())
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(s):
            return role
    return None


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


@dataclass
class Column:
    """What the header says about one column."""

    col: int
    labels: list[str]
    role: str | None = None
    period: str | None = None
    kind: str = "target"  # for period columns: target | actual | ignore


@dataclass
class Block:
    """The columns that describe one level of the cascade in a table."""

    start: int
    end: int  # exclusive; the last block runs to the end of the row
    level: str | None = None  # the level the header claims, if one
    levels: list[str] = field(default_factory=list)  # several for "PROGRAM/KEGIATAN/SUB KEGIATAN"
    slots: list[str] = field(
        default_factory=list
    )  # text roles in order: name, objective, indicator
    slot_cols: dict[str, int] = field(default_factory=dict)

    def contains(self, col: int) -> bool:
        return self.start <= col < self.end

    def distance(self, col: int) -> int:
        if self.contains(col):
            return 0
        return self.start - col if col < self.start else col - self.end + 1


@dataclass
class Layout:
    """A header band read: its blocks and columns."""

    line: int
    blocks: list[Block]
    columns: dict[int, Column]
    words: list[str]  # the header cells as written, for messages
    complete: bool = True  # False when no row names the columns (URAIAN, INDIKATOR …)

    @property
    def wide(self) -> bool:
        """Targets in columns of their own (TW I | TW II …) rather than label rows."""
        return any(c.period for c in self.columns.values())

    def block_at(self, col: int) -> int:
        for index, block in enumerate(self.blocks):
            if block.contains(col):
                return index
        return min(range(len(self.blocks)), key=lambda i: self.blocks[i].distance(col))

    def signature(self) -> tuple:
        return tuple((b.level, tuple(b.slots)) for b in self.blocks)


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

    columns = {c: _column(c, labels[c]) for c in range(width)}
    words = [t for r in band for t in r.cells if t]
    complete = any(role_of(c) in ("name", "indicator") for r in rows for c in r.cells if c)
    return Layout(line=band[0].line, blocks=blocks, columns=columns, words=words, complete=complete)


def _column(col: int, stack: list[str]) -> Column:
    """A column's role from the labels stacked above it, most specific (lowest) last."""
    column = Column(col=col, labels=stack)
    roles = [role_of(s) for s in stack]
    period = None
    for i, text in enumerate(stack):
        p = parse_period(text, allow_year=True)
        if p is None and _ROMAN_OR_DIGIT.match(text.strip()) and i > 0:
            parent = " ".join(stack[:i]).lower()
            if re.search(r"triwulan|\btw\b|kuartal", parent):
                p = parse_period("TW " + text.strip())
            elif "bulan" in parent:
                p = f"M{int(text):02d}" if text.strip().isdigit() else None
        if p:
            period = p
    if period:
        column.period = period
        if "achievement" in roles or "note" in roles or "budget" in roles:
            column.kind = "ignore"
        elif "actual" in roles:
            column.kind = "actual"
        if period[0].isdigit() and column.kind == "target" and "annual" in roles:
            column.period, column.role = None, "annual"
        return column
    for role in reversed(roles):
        if role:
            column.role = role
            break
    if column.role in ("actual", "achievement") and "budget" in roles:
        column.role = "ignore"
    return column


# ---------------------------------------------------------------------------------------------
# Column roles: the layout as one role per column, and back (a person's correction is applied by
# changing some roles and building the layout again).

_PLAIN_ROLES = {
    "unit": "unit",
    "annual": "annual",
    "budget": "budget",
    "code": "code",
    "number": "number",
    "level": "level",
    "note": "note",
    "owner": "note",
    "achievement": "ignore",
    "ignore": "ignore",
    "value": "ignore",
    "quarter_group": "ignore",
}


def layout_roles(layout: Layout) -> dict:
    """Each column's role as a mapping names it (``mapping.ColumnRole``); unread columns left out."""
    from .mapping import ColumnRole

    roles: dict[int, ColumnRole] = {}
    for block in layout.blocks:
        level = block.level if len(block.levels) <= 1 else None
        for slot, col in block.slot_cols.items():
            roles[col] = ColumnRole("name", level=level) if slot == "name" else ColumnRole(slot)
    for col, column in layout.columns.items():
        if col in roles:
            continue
        if column.period:
            if column.kind == "ignore":
                roles[col] = ColumnRole("ignore")
            else:
                roles[col] = ColumnRole(column.kind, period=column.period)
        elif column.role in _PLAIN_ROLES:
            roles[col] = ColumnRole(_PLAIN_ROLES[column.role])
        elif column.role in ("name", "objective", "indicator"):
            roles[col] = ColumnRole(column.role)
        elif column.role in ("target", "actual"):
            # A target or realisasi column without a period: the year's one value.
            roles[col] = ColumnRole("annual") if column.role == "target" else ColumnRole("ignore")
    return roles


def layout_from_roles(base: Layout, roles: dict) -> Layout:
    """A layout whose blocks and columns are exactly what ``roles`` (col → ColumnRole) say.

    Each ``name`` column starts a block (the numbering, code and level columns just before it
    belong to that block too); ``objective`` and ``indicator`` columns belong to the block on
    their left (or start one when there is none). Labels and the header's line come from ``base``.
    """
    width = max([len(base.columns), *(c + 1 for c in roles)])
    blocks: list[Block] = []
    pending_start: int | None = None
    for col in range(width):
        role = roles.get(col)
        if role is None:
            continue
        current = blocks[-1] if blocks else None
        if role.role in ("number", "code", "level") and (
            current is None or "name" in current.slot_cols
        ):
            pending_start = col if pending_start is None else pending_start
            if current is None or role.role != "level":
                continue
        if role.role == "name" or (role.role in ("objective", "indicator") and current is None):
            start = pending_start if pending_start is not None else col
            pending_start = None
            block = Block(start=start, end=width)
            if role.level:
                block.levels = [role.level]
            blocks.append(block)
            current = block
        if role.role in ("name", "objective", "indicator") and current is not None:
            if role.role in current.slot_cols:  # a second indicator column: a new block
                block = Block(start=col, end=width)
                blocks.append(block)
                current = block
            current.slot_cols[role.role] = col
    if not blocks:
        blocks = [Block(start=0, end=width, slots=["name", "indicator"])]
    del blocks[5:]
    for a, b in itertools.pairwise(blocks):
        a.end = b.start
    blocks[-1].end = max(width, blocks[-1].start + 1)
    for block in blocks:
        order = ("name", "objective", "indicator")
        block.slots = [s for s in order if s in block.slot_cols] or ["name", "indicator"]
        if "indicator" not in block.slots:
            block.slots.append("indicator")
        if len(block.levels) == 1:
            block.level = block.levels[0]
    columns: dict[int, Column] = {}
    for col in range(width):
        old = base.columns.get(col)
        column = Column(col=col, labels=list(old.labels) if old else [])
        role = roles.get(col)
        if role is not None:
            if role.role in ("target", "actual"):
                column.period, column.kind = role.period, role.role
            elif role.role == "name":
                column.role = "name"
            else:
                column.role = role.role
        columns[col] = column
    return Layout(line=base.line, blocks=blocks, columns=columns, words=base.words, complete=True)
