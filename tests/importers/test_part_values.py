"""values.py, table-driven: what a data cell holds, and a row read as texts, labels and values."""

from __future__ import annotations

import pytest

from renaksi.importers.grid import Row
from renaksi.importers.values import _classify, pair_values, row_groups, tokenize


def P(*args, id, bug=None):
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(*args, id=id, marks=marks)


@pytest.mark.parametrize(
    "text, expected",
    [
        # (kind, period, value, unit, has_value)
        P("TW I", ("period", "TW1", None, None, False), id="quarter"),
        P("Triwulan 2", ("period", "TW2", None, None, False), id="triwulan"),
        P("Januari", ("period", "M01", None, None, False), id="month"),
        P("TW I 25%", ("period", "TW1", 25, "%", True), id="label-and-value"),
        P("TW II: 50 %", ("period", "TW2", 50, "%", True), id="label-colon-value"),
        P("Trw I 100%", ("period", "TW1", 100, "%", True), id="trw"),
        P("TW III -", ("period", "TW3", None, None, True), id="label-and-dash"),
        P("TW I 3 Dokumen", ("period", "TW1", 3, "Dokumen", True), id="label-value-unit"),
        P("Januari 10", ("period", "M01", 10, None, True), id="month-and-value"),
        P("TW I WTP", ("text", None, None, None, False), id="label-and-text-is-text"),
        P("25%", ("value", None, 25, "%", False), id="percent"),
        P("88/100.000 KH", ("value", None, 88, "/100.000 KH", False), id="rate-per-base"),
        P("5,6 /1000 KH", ("value", None, 5.6, "/1000 KH", False), id="rate-decimal"),
        P("100 Persen", ("value", None, 100, "%", False), id="persen-is-percent"),
        P("0,9 Angka", ("value", None, 0.9, "Angka", False), id="decimal-with-unit"),
        P("3 Dokumen", ("value", None, 3, "Dokumen", False), id="one-word-unit"),
        P("5 Orang/Hari", ("value", None, 5, "Orang/Hari", False), id="slash-unit"),
        P("Rp5.294.655.000,00", ("value", None, 5294655000.0, "Rp", False), id="rupiah"),
        P("2025", ("value", None, 2025, None, False), id="year-in-a-data-row-is-a-value"),
        P("0", ("value", None, 0, None, False), id="zero"),
        P("-", ("value", None, None, None, False), id="dash"),
        P("–", ("value", None, None, None, False), id="en-dash"),
        P("—", ("value", None, None, None, False), id="em-dash"),
        P("--", ("value", None, None, None, False), id="double-dash"),
        P("n/a", ("value", None, None, None, False), id="n-a"),
        P("x", ("value", None, None, None, False), id="x"),
        P("3.", ("number", None, None, None, False), id="numbering"),
        P("A.", ("number", None, None, None, False), id="letter"),
        P("(2)", ("number", None, None, None, False), id="parenthesised"),
        P("IV.", ("number", None, None, None, False), id="roman"),
        P("1.2.", ("number", None, None, None, False), id="outline"),
        P("3 Fasilitas Kunjungan Tamu", ("text", None, None, None, False), id="numbered-name"),
        P("12 Laporan Kegiatan", ("text", None, None, None, False), id="two-word-unit-is-a-name"),
        P("1. Program X", ("text", None, None, None, False), id="numbered-program"),
        P("Program A", ("text", None, None, None, False), id="name"),
        P("WTP", ("text", None, None, None, False), id="text-target"),
        P("X", ("text", None, None, None, False), id="capital-x"),
        P("Semester I", ("text", None, None, None, False), id="semester-is-no-period"),
    ],
)
def test_classify(text, expected):
    assert _classify(text) == expected


def test_tokenize_keeps_columns_and_skips_empty_cells():
    tokens = tokenize(Row(4, ["1.", "", "Program A", "TW I 25%", "", "-"]))
    assert [(t.kind, t.col, t.text) for t in tokens] == [
        ("number", 0, "1."),
        ("text", 2, "Program A"),
        ("period", 3, "TW I 25%"),
        ("value", 5, "-"),
    ]
    assert (tokens[2].period, tokens[2].value, tokens[2].unit, tokens[2].has_value) == (
        "TW1",
        25,
        "%",
        True,
    )


def groups(*cells: str) -> list[dict]:
    out = []
    for g in row_groups(tokenize(Row(1, list(cells)))):
        item: dict = {"texts": [t.text for t in g.texts]}
        if g.pairs:
            item["pairs"] = [(p.period, pair_values(p)) for p in g.pairs]
        if g.loose:
            item["loose"] = [t.text for t in g.loose]
        if g.numbers:
            item["numbers"] = [t.text for t in g.numbers]
        out.append(item)
    return out


@pytest.mark.parametrize(
    "cells, expected",
    [
        P(
            ["Program A", "Jumlah", "TW I", "25%", "TW II", "50%"],
            [
                {
                    "texts": ["Program A", "Jumlah"],
                    "pairs": [("TW1", [(25, "%", 3)]), ("TW2", [(50, "%", 5)])],
                }
            ],
            id="texts-then-pairs",
        ),
        P(
            ["1.", "Program A", "Jumlah", "TW I 25%", "TW II 50%"],
            [
                {
                    "texts": ["Program A", "Jumlah"],
                    "pairs": [("TW1", [(25, "%", 3)]), ("TW2", [(50, "%", 4)])],
                    "numbers": ["1."],
                }
            ],
            id="labels-carrying-values",
        ),
        P(
            ["Program A", "Jumlah", "TW I", "WTP", "Kegiatan B"],
            [
                {"texts": ["Program A", "Jumlah"], "pairs": [("TW1", [("WTP", None, 3)])]},
                {"texts": ["Kegiatan B"]},
            ],
            id="short-text-after-a-bare-label-is-its-target",
        ),
        P(
            ["Program A", "Jumlah", "TW I", "Kegiatan B Panjang Sekali", "TW II", "5"],
            [
                {"texts": ["Program A", "Jumlah"], "pairs": [("TW1", [])]},
                {"texts": ["Kegiatan B Panjang Sekali"], "pairs": [("TW2", [(5, None, 5)])]},
            ],
            id="long-text-after-a-label-starts-a-group",
        ),
        P(
            ["Program A", "Jumlah", "TW I", "25%", "3.", "Kegiatan"],
            [
                {"texts": ["Program A", "Jumlah"], "pairs": [("TW1", [(25, "%", 3)])]},
                {"texts": ["Kegiatan"], "numbers": ["3."]},
            ],
            id="numbering-starts-a-group",
        ),
        P(
            ["Program A", "Jumlah", "25", "50"],
            [{"texts": ["Program A", "Jumlah"], "loose": ["25", "50"]}],
            id="values-without-labels-are-loose",
        ),
        P(
            ["TW I", "25%", "30%"],
            [{"texts": [], "pairs": [("TW1", [(25, "%", 1), (30, "%", 2)])]}],
            id="several-values-after-a-label",
        ),
        P(
            ["Program A", "TW I 25%", "30"],
            [{"texts": ["Program A"], "pairs": [("TW1", [(25, "%", 1), (30, None, 2)])]}],
            id="label-value-first-then-cells",
        ),
        P(
            ["Program A", "TW I", "-"],
            [{"texts": ["Program A"], "pairs": [("TW1", [(None, None, 2)])]}],
            id="dash-is-no-value",
        ),
        P(["3."], [{"texts": [], "numbers": ["3."]}], id="numbering-alone"),
        P([], [], id="empty-row"),
    ],
)
def test_row_groups(cells, expected):
    assert groups(*cells) == expected
