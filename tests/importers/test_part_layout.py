"""layout.py, table-driven: a layout as one role per column, and a layout built from roles.

``layout_roles`` gives the form the preview shows and a mapping corrects; ``layout_from_roles``
builds blocks and columns back from it. A round trip keeps what the header said. Cases marked
xfail(strict=True) are behaviour believed wrong today; the reason says what goes wrong.
"""

from __future__ import annotations

import pytest

from renaksi.importers.grid import Row
from renaksi.importers.headers import read_header
from renaksi.importers.layout import Block, Column, Layout, layout_from_roles, layout_roles
from renaksi.importers.mapping import ColumnRole


def P(*args, id, bug=None):
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(*args, id=id, marks=marks)


def header(*rows: list[str]) -> Layout:
    return read_header([Row(n, cells) for n, cells in enumerate(rows, start=1)])


def blocks(layout: Layout) -> list[str]:
    """Each block as "start:end level slot@col …" (level "-" when none)."""
    out = []
    for b in layout.blocks:
        level = b.level or "/".join(b.levels) or "-"
        slots = " ".join(f"{s}@{b.slot_cols.get(s, '-')}" for s in b.slots)
        out.append(f"{b.start}:{b.end} {level} {slots}")
    return out


def keys(roles: dict) -> dict[int, str]:
    return {c: r.key for c, r in sorted(roles.items())}


@pytest.mark.parametrize(
    "rows, expected",
    [
        P(
            [["NO", "URAIAN", "INDIKATOR KINERJA", "SATUAN", "TARGET"]],
            {0: "number", 1: "name", 2: "indicator", 3: "unit", 4: "annual"},
            id="target-without-period-is-annual",
        ),
        P(
            [["SASARAN", "INDIKATOR", "PROGRAM", "INDIKATOR", "TW I", "TW II"]],
            {0: "name:sasaran", 1: "indicator", 2: "name:program", 3: "indicator"}
            | {4: "target:TW1", 5: "target:TW2"},
            id="levels-and-periods",
        ),
        P(
            [["PROGRAM/KEGIATAN", "INDIKATOR", "TW I"]],
            {0: "name", 1: "indicator", 2: "target:TW1"},
            id="several-levels-name-no-level",
        ),
        P(
            [["URAIAN", "SASARAN", "INDIKATOR", "ANGGARAN", "REALISASI", "KET"]],
            {0: "name", 1: "objective", 2: "indicator", 3: "budget", 4: "actual", 5: "note"},
            id="statement-budget-actual-without-period-note",
        ),
        P(
            [["URAIAN", "INDIKATOR", "PENANGGUNG JAWAB", "VOLUME", "TRIWULAN", "CAPAIAN"]],
            {0: "name", 1: "indicator", 2: "note", 3: "ignore", 4: "ignore", 5: "ignore"},
            id="owner-is-note-others-ignored",
        ),
        P(
            [["NO", "TINGKAT", "URAIAN", "KODE", "INDIKATOR"]],
            {0: "number", 1: "level", 2: "name", 3: "code", 4: "indicator"},
            id="number-level-code",
        ),
        P(
            [["URAIAN", "INDIKATOR", "REALISASI", "CAPAIAN"], ["", "", "TW I", "TW I"]],
            {0: "name", 1: "indicator", 2: "actual:TW1", 3: "ignore"},
            id="actual-period-and-ignored-period",
        ),
        P(
            [["URAIAN", "INDIKATOR", "UKURAN"]],
            {0: "name", 1: "indicator"},
            id="unread-column-left-out",
        ),
    ],
)
def test_layout_roles(rows, expected):
    assert keys(layout_roles(header(*rows))) == expected


@pytest.mark.parametrize(
    "rows",
    [
        P([["NO", "URAIAN", "INDIKATOR KINERJA", "SATUAN", "TARGET"]], id="one-block"),
        P([["NO", "SASARAN", "INDIKATOR", "PROGRAM", "INDIKATOR", "TW I"]], id="two-blocks"),
        P([["URAIAN", "SASARAN", "INDIKATOR", "TARGET", "ANGGARAN"]], id="with-statement"),
        P(
            [["PROGRAM/KEGIATAN/SUB KEGIATAN", "INDIKATOR", "TW I"]],
            id="several-levels",
        ),
        P([["NO", "TINGKAT", "URAIAN", "INDIKATOR", "TW I", "CAPAIAN"]], id="level-column"),
        P(
            [["URAIAN", "INDIKATOR", "TARGET", "", "", ""], ["", "", "TW I", "TW II", "TW III"]],
            id="periods-under-group",
        ),
        P(
            [["SASARAN", "", "PROGRAM", "", "KEGIATAN", ""], ["URAIAN", "INDIKATOR"] * 3],
            id="three-blocks-two-rows",
        ),
        P(
            [["KODE", "PROGRAM/KEGIATAN", "INDIKATOR", "TARGET"]],
            id="code-column-first",
        ),
    ],
)
def test_round_trip_keeps_blocks_and_roles(rows):
    layout = header(*rows)
    roles = layout_roles(layout)
    again = layout_from_roles(layout, roles)
    assert blocks(again) == blocks(layout)
    assert keys(layout_roles(again)) == keys(roles)
    assert [c.labels for c in again.columns.values()] == [c.labels for c in layout.columns.values()]


def base(width: int = 0) -> Layout:
    columns = {c: Column(c, [f"caption {c}"]) for c in range(width)}
    return Layout(line=7, blocks=[], columns=columns, words=["caption"], complete=False)


@pytest.mark.parametrize(
    "roles, expected",
    [
        P(
            {0: "number", 1: "name:sasaran", 2: "indicator", 3: "target:TW1"},
            ["0:4 sasaran name@1 indicator@2"],
            id="number-before-name-joins-its-block",
        ),
        P(
            {0: "name", 1: "objective", 2: "indicator", 3: "name", 4: "indicator"},
            ["0:3 - name@0 objective@1 indicator@2", "3:5 - name@3 indicator@4"],
            id="name-starts-a-block",
        ),
        P(
            {0: "code", 1: "name", 2: "indicator", 3: "code", 4: "name"},
            ["0:3 - name@1 indicator@2", "3:5 - name@4 indicator@-"],
            id="code-before-name-belongs-to-the-next-block",
        ),
        P(
            {0: "level", 1: "number", 2: "name"},
            ["0:3 - name@2 indicator@-"],
            id="level-and-number-before-the-first-name",
        ),
        P(
            {0: "name", 1: "level", 2: "name"},
            ["0:1 - name@0 indicator@-", "1:3 - name@2 indicator@-"],
            id="level-column-between-names",
        ),
        P(
            {0: "indicator", 1: "target:2025"},
            ["0:2 - indicator@0"],
            id="indicator-alone-starts-a-block",
        ),
        P(
            {0: "objective", 1: "indicator"},
            ["0:2 - objective@0 indicator@1"],
            id="statement-alone-starts-a-block",
        ),
        P(
            {0: "name", 1: "indicator", 2: "indicator"},
            ["0:2 - name@0 indicator@1", "2:3 - indicator@2"],
            id="second-indicator-a-new-block",
        ),
        P(
            {c: "name" for c in range(6)},
            [f"{c}:{c + 1} - name@{c} indicator@-" for c in range(4)]
            + ["4:6 - name@4 indicator@-"],
            id="five-blocks-at-most",
        ),
        P({}, ["0:1 - name@- indicator@-"], id="no-roles-one-block"),
        P(
            {0: "name:Sub Kegiatan", 1: "indicator"},
            ["0:2 subkegiatan name@0 indicator@1"],
            id="name-level",
        ),
    ],
)
def test_layout_from_roles_blocks(roles, expected):
    layout = layout_from_roles(base(), {c: ColumnRole.parse(r) for c, r in roles.items()})
    assert blocks(layout) == expected


@pytest.mark.parametrize(
    "role, period, kind, plain",
    [
        P("actual", None, "target", "actual", id="actual-without-period"),
        P("actual:TW2", "TW2", "actual", None, id="actual-with-period"),
        P("target:2025", "2025", "target", None, id="target-year"),
        P("annual", None, "target", "annual", id="annual"),
        P("name", None, "target", "name", id="name"),
        P("budget", None, "target", "budget", id="budget"),
        P("ignore", None, "target", "ignore", id="ignore"),
    ],
)
def test_layout_from_roles_columns(role, period, kind, plain):
    layout = layout_from_roles(base(3), {1: ColumnRole.parse(role)})
    column = layout.columns[1]
    assert (column.period, column.kind, column.role) == (period, kind, plain)
    assert column.labels == ["caption 1"]
    assert layout.columns[2].role is None and layout.columns[2].labels == ["caption 2"]
    assert (layout.line, layout.words, layout.complete) == (7, ["caption"], True)


@pytest.mark.parametrize(
    "start, end, col, contains, distance",
    [
        P(2, 5, 2, True, 0, id="start"),
        P(2, 5, 4, True, 0, id="inside"),
        P(2, 5, 5, False, 1, id="end-is-exclusive"),
        P(2, 5, 0, False, 2, id="before"),
        P(2, 5, 7, False, 3, id="after"),
    ],
)
def test_block_contains_and_distance(start, end, col, contains, distance):
    block = Block(start=start, end=end)
    assert (block.contains(col), block.distance(col)) == (contains, distance)


@pytest.mark.parametrize(
    "col, index",
    [
        P(0, 0, id="first"),
        P(3, 1, id="second"),
        P(9, 1, id="beyond-the-last-nearest"),
    ],
)
def test_block_at(col, index):
    layout = Layout(1, [Block(0, 2), Block(2, 5)], {}, [])
    assert layout.block_at(col) == index


def test_block_at_before_the_first_block_is_the_nearest():
    layout = Layout(1, [Block(1, 3), Block(3, 5)], {}, [])
    assert layout.block_at(0) == 0


def test_signature_names_levels_and_slots():
    layout = header(["SASARAN", "INDIKATOR", "PROGRAM", "INDIKATOR"])
    assert layout.signature() == (
        ("sasaran", ("name", "indicator")),
        ("program", ("name", "indicator")),
    )
