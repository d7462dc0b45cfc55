"""grid.py, table-driven: cells cleaned, styles kept, and a grid round-tripped through JSON."""

from __future__ import annotations

import json

import pytest

from renaksi.importers.grid import PLAIN, CellStyle, Grid, Row, clean_cell
from renaksi.importers.interpret import join_lines


def P(*args, id, bug=None):
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(*args, id=id, marks=marks)


@pytest.mark.parametrize(
    "text, expected",
    [
        P(None, "", id="none"),
        P("", "", id="empty"),
        P("  a   b  ", "a b", id="spaces-collapsed"),
        P("a\u00a0b", "a b", id="no-break-space"),
        P("line\nbreak", "line\nbreak", id="newline"),
        P("  a  b \n\n  c ", "a b\nc", id="empty-lines-dropped"),
        P("a\r\nb\rc", "a\nb\nc", id="windows-and-mac-breaks"),
        P("\t tab", "tab", id="tab"),
        P("**Program**", "Program", id="markdown-bold"),
        P("** Program **", "Program", id="markdown-bold-spaced"),
        P(12, "12", id="int"),
        P(1.5, "1.5", id="float"),
    ],
)
def test_clean_cell(text, expected):
    assert clean_cell(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        P("  a  b \n\n\n  c \n\n", "a b\n\nc", id="run-of-empty-lines-is-one-trailing-dropped"),
        P("\n\n25", "\n25", id="leading-empty-line-kept"),
        P("\n \n", "", id="empty-lines-only"),
        P("a\nb", "a\nb", id="no-empty-line"),
    ],
)
def test_clean_cell_keeping_blank_lines(text, expected):
    assert clean_cell(text, blank_lines=True) == expected


B, I2, RIGHT, DOWN = (
    CellStyle(bold=True),
    CellStyle(indent=2),
    CellStyle(covered="right"),
    CellStyle(covered="down"),
)


@pytest.mark.parametrize(
    "rows, stored",
    [
        P([(1, ["A", "B"], None, None)], [[1, None, ["A", "B"]]], id="no-styles"),
        P([(2, ["x", "y"], "page 2", [PLAIN, PLAIN])], [[2, "page 2", ["x", "y"], 1]], id="plain"),
        P(
            [(3, ["x", "y", "z"], "table 1", [B, I2, RIGHT])],
            [[3, "table 1", ["x", "y", "z"], [[1, 0, ""], [0, 2, ""], [0, 0, "right"]]]],
            id="styles",
        ),
        P(
            [(4, ["x", "y"], "Sheet1", [DOWN])],
            [[4, "Sheet1", ["x", "y"], [[0, 0, "down"], [0, 0, ""]]]],
            id="styles-padded-to-the-cells",
        ),
        P(
            [(5, ["x"], None, [B, B, B])],
            [[5, None, ["x"], [[1, 0, ""]]]],
            id="styles-cut-to-the-cells",
        ),
        P([(6, [], None, [])], [[6, None, [], 1]], id="empty-row-with-styles"),
    ],
)
def test_grid_round_trip(rows, stored):
    grid = Grid("plan.docx")
    for line, cells, ref, styles in rows:
        grid.add(line, cells, ref, styles)
    data = grid.to_dict()
    assert data == {"source": "plan.docx", "rows": stored}
    again = Grid.from_dict(json.loads(json.dumps(data)))
    assert again == grid
    assert again.to_dict() == data


def test_add_cleans_cells():
    grid = Grid("x")
    grid.add(1, [" a  b", None, "**c**"])
    assert grid.rows == [Row(1, ["a b", "", "c"])]


@pytest.mark.parametrize(
    "data, rows",
    [
        P({}, [], id="empty"),
        P({"source": None, "rows": None}, [], id="nulls"),
        P({"rows": [[1, None, ["a", 2]]]}, [Row(1, ["a", "2"])], id="cells-as-text"),
        P({"rows": [["3", "p", ["a"]]]}, [Row(3, ["a"], "p")], id="line-as-int"),
        P(
            {"rows": [[1, None, ["a", "b"], 1]]},
            [Row(1, ["a", "b"], None, [PLAIN, PLAIN])],
            id="plain-styles-per-cell",
        ),
        P(
            {"rows": [[1, None, ["a"], [[1]]]]},
            [Row(1, ["a"], None, [B])],
            id="short-style-list",
        ),
    ],
)
def test_grid_from_dict(data, rows):
    assert Grid.from_dict(data).rows == rows


@pytest.mark.parametrize(
    "data, style",
    [
        P([], PLAIN, id="empty"),
        P([1], B, id="bold-only"),
        P([0, 3], CellStyle(indent=3), id="indent"),
        P([1, 2, "down"], CellStyle(True, 2, "down"), id="all"),
        P([0, 0, ""], PLAIN, id="not-covered"),
    ],
)
def test_cell_style_from_list(data, style):
    assert CellStyle.from_list(data) == style
    assert CellStyle.from_list(style.to_list()) == style


@pytest.mark.parametrize(
    "row, col, style",
    [
        P(Row(1, ["a", "b"]), 0, PLAIN, id="no-styles"),
        P(Row(1, ["a", "b"], styles=[B, I2]), 1, I2, id="given"),
        P(Row(1, ["a", "b"], styles=[B]), 1, PLAIN, id="beyond-the-styles"),
    ],
)
def test_row_style(row, col, style):
    assert row.style(col) == style


@pytest.mark.parametrize(
    "cells, blank",
    [
        P([], True, id="no-cells"),
        P(["", " "], True, id="blank-cells"),
        P(["", "x"], False, id="one-text"),
    ],
)
def test_row_is_blank(cells, blank):
    assert Row(1, cells).is_blank() is blank


@pytest.mark.parametrize(
    "text, expected",
    [
        P("one line", "one line", id="one-line"),
        P("Meningkatnya\nkualitas", "Meningkatnya kualitas", id="lines-joined-by-a-space"),
        P("Perundang-\nundangan", "Perundang-undangan", id="hyphen-broken-word"),
        P("Perundang-\nUndangan", "Perundang-Undangan", id="hyphen-broken-capitalised"),
        P("Pagu -\nRp 5", "Pagu - Rp 5", id="spaced-dash-is-not-a-hyphen"),
        P("Reali\nsasi", "Realisasi", id="header-word-broken"),
        P("TRIWULAN I\nReali\nsasi", "TRIWULAN I Realisasi", id="header-word-broken-after-words"),
        P("SATUA\nN", "SATUAN", id="header-word-last-letter"),
        P("N\nO", "NO", id="two-letter-header-word"),
        P("TARGET\nKINERJA", "TARGET KINERJA", id="two-header-words-stay-apart"),
        P("Dokume\nn", "Dokumen", id="last-letter-alone"),
        P("Lembag\na", "Lembaga", id="last-letter-alone-2"),
        P("dilaksanakan\ndi", "dilaksanakan di", id="short-word-not-a-break"),
        P("Jumlah\nkm", "Jumlah km", id="unit-abbreviation-not-a-break"),
        P("orang\nper hari", "orang per hari", id="line-of-words-not-a-break"),
        P("Program\nA", "Program A", id="capital-letter-not-a-break"),
    ],
)
def test_join_lines(text, expected):
    assert join_lines(text) == expected
