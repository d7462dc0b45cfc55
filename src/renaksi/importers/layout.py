"""A table's layout: its blocks (one per level of the cascade) and what each column holds.

A **block** is the group of columns that describes one level of the cascade: its name, result
statement and indicator columns (its *slots*) and the value columns to their right. ``Layout`` is
what a header band says (headers.read_header), or what a person's correction says
(``layout_from_roles``); ``layout_roles`` gives a layout back as one role per column, the form
the preview shows and a mapping corrects.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from .mapping import ColumnRole


@dataclass
class Column:
    """What the header says about one column."""

    col: int
    labels: list[str]
    role: str | None = None
    period: str | None = None
    kind: str = "target"  # for period columns: target | actual | ignore
    scale: int = 1  # amounts stated "(Ribuan)" or "(Jutaan)": what one unit of the cell is


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


def close_blocks(blocks: list[Block], width: int) -> list[Block]:
    """The blocks of a row ``width`` wide, each running to the next one's start (one block over
    the whole row when there is none). No cascade has more levels than LEVELS: columns beyond
    the fifth block join the last one."""
    if not blocks:
        blocks = [Block(start=0, end=width, slots=["name", "indicator"])]
    del blocks[5:]
    for a, b in itertools.pairwise(blocks):
        a.end = b.start
    blocks[-1].end = max(width, blocks[-1].start + 1)
    return blocks


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
            roles[col] = ColumnRole("annual") if column.role == "target" else ColumnRole("actual")
    return roles


def layout_from_roles(base: Layout, roles: dict) -> Layout:
    """A layout whose blocks and columns are exactly what ``roles`` (col → ColumnRole) say.

    Each ``name`` column starts a block (the numbering, code and level columns just before it
    belong to that block too); ``objective`` and ``indicator`` columns belong to the block on
    their left (or start one when there is none). Labels and the header's line come from ``base``.
    """
    width = max([len(base.columns), *(c + 1 for c in roles)])
    # A name column the header read as holding several levels (PROGRAM/KEGIATAN) keeps them
    # unless the roles give it one.
    held = {
        b.slot_cols["name"]: list(b.levels)
        for b in base.blocks
        if "name" in b.slot_cols and len(b.levels) > 1
    }
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
            elif role.role == "name":
                block.levels = held.get(col, [])
            blocks.append(block)
            current = block
        if role.role in ("name", "objective", "indicator") and current is not None:
            if role.role in current.slot_cols:  # a second indicator column: a new block
                block = Block(start=col, end=width)
                blocks.append(block)
                current = block
            current.slot_cols[role.role] = col
    blocks = close_blocks(blocks, width)
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
            if role.role in ("target", "actual") and role.period:
                column.period, column.kind = role.period, role.role
            elif role.role == "actual":
                column.role = "actual"
            elif role.role == "name":
                column.role = "name"
            else:
                column.role = role.role
        columns[col] = column
    return Layout(line=base.line, blocks=blocks, columns=columns, words=base.words, complete=True)
