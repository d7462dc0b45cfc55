"""The .xlsx renderer's layout: row heights that fit wrapped texts, and consistent decimals
(also in the .docx and PDF text: ``layout.uniform_decimals``)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from renaksi.core.numbers import format_number
from renaksi.reports import NUMBER, REPORTS, Cell
from renaksi.reports import xlsx as xlsx_renderer
from renaksi.reports.layout import uniform_decimals

from .test_docx_layout import reports  # noqa: F401  (the fixture: every report of the sample)


@pytest.mark.parametrize(
    ("text", "chars", "lines"),
    [
        ("", 10, 1),
        ("short", 10, 1),
        ("one two three", 7, 2),  # "one two" fits 7, "three" goes on
        ("one two three", 5, 3),
        ("abcdefghij", 4, 3),  # a word longer than the line breaks
        ("a\nb\nc", 40, 3),
    ],
)
def test_lines_of(text: str, chars: int, lines: int) -> None:
    assert xlsx_renderer.lines_of(text, chars) == lines


def test_row_heights_fit_texts_and_spans() -> None:
    line = xlsx_renderer.LINE_POINTS
    pad = xlsx_renderer.PAD_POINTS
    wrapped = [
        (1, 1, 1, 1, "x " * 30),  # 60 characters in a column of 10 → about 6 lines
        (2, 3, 1, 1, "y " * 100),  # spans rows 2-4; the last row takes what they lack
        (3, 1, 2, 1, "z"),
    ]
    heights = xlsx_renderer.row_heights(wrapped, {1: 10.0, 2: 10.0})
    assert heights[1] >= 5 * line
    lines = xlsx_renderer.lines_of("y " * 100, 10 * xlsx_renderer.CHARS_PER_WIDTH)
    assert heights[3] == line + pad
    assert heights.get(2, line + pad) + heights[3] + heights[4] >= lines * line


@pytest.mark.parametrize("key", list(REPORTS))
def test_every_wrapped_row_is_tall_enough(reports, key: str) -> None:  # noqa: F811
    report = reports[key]
    ws = load_workbook(io.BytesIO(xlsx_renderer.render(report))).active
    set_rows = 0
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            width = ws.column_dimensions[cell.column_letter].width
            merged = next((m for m in ws.merged_cells.ranges if cell.coordinate in m), None)
            if merged is not None:
                width = sum(
                    ws.column_dimensions[get_column_letter(c)].width
                    for c in range(merged.min_col, merged.max_col + 1)
                )
                rows = range(merged.min_row, merged.max_row + 1)
            else:
                rows = range(cell.row, cell.row + 1)
            lines = xlsx_renderer.lines_of(cell.value, width * xlsx_renderer.CHARS_PER_WIDTH)
            height = sum(ws.row_dimensions[r].height or 15 for r in rows)
            assert height >= lines * xlsx_renderer.LINE_POINTS, (cell.coordinate, cell.value)
            set_rows += ws.row_dimensions[cell.row].height is not None
    assert set_rows  # heights are set, not left to Excel


# (The sample's Rencana Aksi and Perjanjian Kinerja have no fractions.)
@pytest.mark.parametrize("key", ["pemantauan", "pengukuran", "evaluasi-renja"])
def test_fractions_share_decimals_by_row_and_column(reports, key: str) -> None:  # noqa: F811
    report = reports[key]
    ws = load_workbook(io.BytesIO(xlsx_renderer.render(report))).active
    by_row: dict[int, set[str]] = {}
    by_column: dict[int, set[str]] = {}
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, float) and not cell.value.is_integer():
                by_row.setdefault(cell.row, set()).add(cell.number_format)
                by_column.setdefault(cell.column, set()).add(cell.number_format)
    assert by_row, "the report has fractions"
    for formats in (*by_row.values(), *by_column.values()):
        assert len(formats) == 1, formats


def test_uniform_decimals() -> None:
    def fig(value: float, decimals: int) -> Cell:
        return Cell(format_number(value, decimals), NUMBER, value=value, decimals=decimals)

    body = [
        [fig(22.5, 1), fig(100, 0), fig(75.0, 2), Cell("Rp")],
        [fig(26.25, 2), fig(0.9, 1), fig(2_254_200_000, 0), Cell("x")],
    ]
    out = uniform_decimals(body)
    assert [[c.text for c in row] for row in out] == [
        ["22,50", "100", "75,00", "Rp"],  # the whole numbers are as their builder gave them
        ["26,25", "0,90", "2.254.200.000", "x"],
    ]
    assert out[0][0].decimals == 2
    assert uniform_decimals(body[:1])[0] is body[0]  # one fraction alone: nothing to change
