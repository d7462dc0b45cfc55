"""headers.py, table-driven: which rows are headers, and what a header band says about its columns.

Each table gives rows as lists of cell texts and what the function must answer. Cases marked
xfail(strict=True) are behaviour believed wrong today; the reason says what goes wrong.
"""

from __future__ import annotations

import pytest

from renaksi.importers.grid import CellStyle, Row
from renaksi.importers.headers import (
    align_captions,
    column_stacks,
    is_caption,
    is_column_number_row,
    is_header_cell,
    is_header_row,
    read_header,
)


def P(*args, id, bug=None):
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(*args, id=id, marks=marks)


def R(*cells: str, line: int = 1, styles: list[CellStyle] | None = None) -> Row:
    return Row(line, list(cells), styles=styles)


def band(*rows: list[str]) -> list[Row]:
    return [R(*cells, line=n) for n, cells in enumerate(rows, start=1)]


# -- cells ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        P("URAIAN", True, id="name-role"),
        P("INDIKATOR KINERJA", True, id="indicator-role"),
        P("SATUAN", True, id="unit-role"),
        P("SASARAN", True, id="level-word"),
        P("SASARAN STRATEGIS", True, id="level-heading"),
        P("PROGRAM/KEGIATAN/SUB KEGIATAN", True, id="several-levels"),
        P("TW I", True, id="quarter"),
        P("Triwulan II", True, id="quarter-long"),
        P("2025", True, id="year"),
        P("(3)", True, id="column-number"),
        P("8=(7/6)", True, id="column-formula"),
        P("Target Renja OPD tahun (n-2)", True, id="long-target-caption"),
        P("Indikator Kinerja Program (Outcomes)/Kegiatan (Output)", True, id="long-role-caption"),
        P("KINERJA", True, id="weak-role-word"),
        P("", False, id="empty"),
        P("UKURAN", False, id="caption-no-vocabulary-knows"),
        P("Program Peningkatan Kapasitas", False, id="program-name"),
        P("E. Program Peningkatan", False, id="lettered-name"),
        P("1. Program X", False, id="numbered-name"),
        P("Meningkatnya kualitas", False, id="result-statement"),
        P("25%", False, id="value"),
        P(
            "Program Peningkatan Kualitas Pelayanan Publik dengan Capaian Kinerja yang Tinggi",
            False,
            id="long-name-mentioning-a-role",
        ),
        P("Target " + "x" * 160, False, id="longer-than-any-caption"),
    ],
)
def test_is_header_cell(text, expected):
    assert is_header_cell(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        P("UKURAN", True, id="unknown-word"),
        P("Volume Satuan", True, id="two-words"),
        P("dalam jutaan Rupiah", True, id="lower-case-note"),
        P("(RP.)", True, id="parenthesised"),
        P("8=(7/6)", True, id="column-formula"),
        P("TW I", True, id="period"),
        P("Jumlah Dokumen", True, id="short-text"),
        P("", False, id="empty"),
        P("25%", False, id="value"),
        P("3.", False, id="numbering"),
        P("TW II 50%", False, id="label-with-value"),
        P("1. Program X", False, id="numbered-name"),
        P("Meningkatnya kualitas", False, id="result-statement"),
        P("satu dua tiga empat lima enam tujuh", False, id="seven-words"),
    ],
)
def test_is_caption(text, expected):
    assert is_caption(text) is expected


# -- rows ----------------------------------------------------------------------------------------

HEAD = ["URAIAN", "INDIKATOR", "TARGET"]


@pytest.mark.parametrize(
    "cells, above, expected",
    [
        # First rows of a header.
        P(["NO", "URAIAN", "INDIKATOR KINERJA", "SATUAN", "TARGET"], None, True, id="roles"),
        P(["SASARAN", "PROGRAM"], None, True, id="levels"),
        P(["SASARAN STRATEGIS", "INDIKATOR", "TARGET", "UKURAN"], None, True, id="one-unknown"),
        P(["URAIAN", ""], None, True, id="one-caption-in-a-table-row"),
        P(["TARGET KINERJA", ""], None, True, id="short-group-caption"),
        P(["URAIAN", "INDIKATOR", "UKURAN", "VOLUME KERJA"], None, False, id="half-unknown"),
        P(["URAIAN"], None, False, id="line-of-text-with-one-cell"),
        P(["RENCANA AKSI TAHUNAN PERANGKAT DAERAH", ""], None, False, id="single-long-caption"),
        P(["TARGET DAN REALISASI KINERJA", ""], None, False, id="single-four-word-caption"),
        P(["1.", "Program Peningkatan", "Indikator"], None, False, id="numbered-data-row"),
        P(["1", "URAIAN", "INDIKATOR"], None, False, id="numbering-beside-captions"),
        P(["Meningkatnya kualitas", "Persentase", "TW I"], None, False, id="data-row"),
        P(["TW I", "TW II", "TW III", "TW IV"], None, False, id="periods-alone-no-band"),
        P(["1", "2", "3", "4"], None, False, id="numbers-alone-no-band"),
        P(["2022", "2023"], None, False, id="years-alone-no-band"),
        # Continuation rows, under a band.
        P(["TW I", "TW II", "TW III", "TW IV"], [HEAD], True, id="periods-in-band"),
        P(["1", "2", "3", "4"], [HEAD], True, id="numbers-in-band"),
        P(["", "", "Volume", "Satuan"], [[*HEAD, ""]], True, id="under-group-caption"),
        P(["", "JAWAB"], [["URAIAN", "PENANGGUNG"]], True, id="wrapped-in-capitals"),
        P(["", "sasaran"], [["URAIAN", "INDIKATOR"]], True, id="wrapped-lower-case"),
        P(["", "(Rp)"], [["URAIAN", "ANGGARAN"]], True, id="wrapped-parenthesised"),
        P(["", "Jawab"], [["URAIAN", "PENANGGUNG"]], False, id="title-case-under-one-caption"),
        P(["", "Ukuran Baru"], [["URAIAN", ""]], True, id="column-first-caption"),
        P(["1.", "Ukuran"], [["URAIAN", "ANGGARAN"]], False, id="numbering-refused"),
        P(
            ["", "TW I", "TW II", "1", "2", "3"],
            [["URAIAN", "TARGET", "", "BULAN KE-", "", ""]],
            True,
            id="periods-beside-month-numbers",
        ),
        P(
            ["", "TW I", "TW II", "1", "3"],
            [["URAIAN", "TARGET", "", "BULAN KE-", ""]],
            False,
            id="numbers-not-a-run-beside-periods",
        ),
        P(["1", "TW I", "TW II"], None, False, id="month-numbers-need-a-band"),
        P(
            ["", "TW I", "TW II", "¹", "²"],
            [["URAIAN", "TARGET", "", "BULAN KE-", ""]],
            True,
            # Marks, not numbers: str.isdigit() took '¹' and int() raised (found by fuzzing).
            id="superscript-digits-are-marks-not-numbers",
        ),
    ],
)
def test_is_header_row(cells, above, expected):
    rows = band(*above) if above else None
    assert is_header_row(R(*cells), rows) is expected


@pytest.mark.parametrize(
    "cells, expected",
    [
        P(["1", "2", "3", "4"], True, id="digits"),
        P(["(1)", "(2)", "(3)"], True, id="parenthesised"),
        P(["1", "", "2", "", "3"], True, id="gaps"),
        P(["6", "7", "8=(7/6)"], True, id="formula"),
        P(["1", "2"], False, id="two-only"),
        P(["1", "2", "x"], False, id="a-text"),
        P(["1", "2", "100"], False, id="three-digits"),
    ],
)
def test_is_column_number_row(cells, expected):
    assert is_column_number_row(R(*cells)) is expected


# -- column stacks -------------------------------------------------------------------------------


def stacks(rows: list[Row], width: int | None = None) -> list[str]:
    width = width or max(len(r.cells) for r in rows)
    return [
        " / ".join(f"{label.text}[{label.start}:{label.end}]" for label in stack)
        for stack in column_stacks(rows, width)
    ]


C = CellStyle
RIGHT = C(covered="right")


@pytest.mark.parametrize(
    "rows, expected",
    [
        P(
            [R("URAIAN", "PENANGGUNG"), R("", "JAWAB")],
            ["URAIAN[0:1]", "PENANGGUNG JAWAB[1:2]"],
            id="wrapped-caption-joined",
        ),
        P(
            [R("INDIKATOR", "URAIAN"), R("KINERJA", ""), R("SASARAN", "")],
            ["INDIKATOR KINERJA SASARAN[0:1]", "URAIAN[1:2]"],
            id="three-lines-joined",
        ),
        P(
            [R("PROGRAM DAN", "X"), R("KEGIATAN", "")],
            ["PROGRAM DAN KEGIATAN[0:1]", "X[1:2]"],
            id="pdf-lines-joined",
        ),
        P(
            [R("URAIAN", "TARGET", "", ""), R("", "TW I", "TW II", "TW III")],
            [
                "URAIAN[0:1]",
                "TARGET[1:4] / TW I[1:2]",
                "TARGET[1:4] / TW II[2:3]",
                "TARGET[1:4] / TW III[3:4]",
            ],
            id="group-caption-kept-apart",
        ),
        P(
            [R("URAIAN", "TARGET", "", "", "PJ"), R("", "TW I", "TW II", "TW III", "")],
            [
                "URAIAN[0:1]",
                "TARGET[1:4] / TW I[1:2]",
                "TARGET[1:4] / TW II[2:3]",
                "TARGET[1:4] / TW III[3:4]",
                "PJ[4:5]",
            ],
            id="text-rule-stops-at-next-caption",
        ),
        P(
            [R("URAIAN", "TARGET", "", "", "PJ"), R("", "TW I", "TW II", "", "")],
            [
                "URAIAN[0:1]",
                "TARGET[1:4] / TW I[1:2]",
                "TARGET[1:4] / TW II[2:4]",
                "TARGET[1:4] / TW II[2:4]",
                "PJ[4:5]",
            ],
            id="text-rule-stops-where-a-caption-starts-higher",
        ),
        P(
            [
                R("URAIAN", "TARGET", "", "", "", styles=[C(), C(), RIGHT, C(), C()]),
                R("", "TW I", "TW II", "TW III", ""),
            ],
            [
                "URAIAN[0:1]",
                "TARGET[1:3] / TW I[1:2]",
                "TARGET[1:3] / TW II[2:3]",
                "TW III[3:4]",
                "",
            ],
            id="merge-spans-exactly-what-it-covers",
        ),
        P(
            [
                R("URAIAN", "TARGET", "", "", styles=[C(), C(), C(), C()]),
                R("", "TW I", "TW II", ""),
            ],
            [
                "URAIAN[0:1]",
                "TARGET[1:4] / TW I[1:2]",
                "TARGET[1:4] / TW II[2:4]",
                "TARGET[1:4] / TW II[2:4]",
            ],
            id="plain-styles-read-as-text",
        ),
        P(
            [R("TARGET", ""), R("2014", ""), R("Target", "Rp.")],
            ["TARGET[0:2] / 2014[0:2] / Target[0:1]", "TARGET[0:2] / 2014[0:2] / Rp.[1:2]"],
            id="year-under-caption-not-joined",
        ),
    ],
)
def test_column_stacks(rows, expected):
    assert stacks(rows) == expected


# -- read_header ---------------------------------------------------------------------------------


def blocks(layout) -> list[str]:
    """Each block as "start:end level slot@col …" (level "-" when none; "a/b" when several)."""
    out = []
    for b in layout.blocks:
        level = b.level or "/".join(b.levels) or "-"
        slots = " ".join(f"{s}@{b.slot_cols.get(s, '-')}" for s in b.slots)
        out.append(f"{b.start}:{b.end} {level} {slots}")
    return out


@pytest.mark.parametrize(
    "rows, expected",
    [
        P(
            [["NO", "URAIAN", "INDIKATOR KINERJA", "SATUAN", "TARGET"]],
            ["0:5 - name@1 indicator@2"],
            id="numbering-joins-the-block",
        ),
        P(
            [["SASARAN", "INDIKATOR", "PROGRAM", "INDIKATOR", "TW I"]],
            ["0:2 sasaran name@0 indicator@1", "2:5 program name@2 indicator@3"],
            id="level-headings-start-blocks",
        ),
        P(
            [["URAIAN", "SASARAN", "INDIKATOR", "TARGET"]],
            ["0:4 - name@0 objective@1 indicator@2"],
            id="sasaran-after-uraian-is-a-statement",
        ),
        P(
            [["NO", "URAIAN", "SASARAN PROGRAM", "INDIKATOR", "TARGET"]],
            ["0:5 - name@1 objective@2 indicator@3"],
            id="sasaran-program-is-a-statement",
        ),
        P(
            [["URAIAN", "SASARAN STRATEGIS", "INDIKATOR", "TARGET"]],
            ["0:1 - name@0 indicator@-", "1:4 sasaran name@1 indicator@2"],
            id="sasaran-strategis-is-a-level",
        ),
        P(
            [["PROGRAM/KEGIATAN/SUB KEGIATAN", "INDIKATOR", "TARGET"]],
            ["0:3 program/kegiatan/subkegiatan name@0 indicator@1"],
            id="one-block-several-levels",
        ),
        P(
            [["NO", "TINGKAT", "URAIAN", "INDIKATOR", "TW I"]],
            ["0:5 - name@2 indicator@3"],
            id="level-column-joins-the-block",
        ),
        P(
            [["SASARAN", "", "PROGRAM", "", "TARGET"], ["URAIAN", "INDIKATOR"] * 2 + [""]],
            ["0:2 sasaran name@0 indicator@1", "2:5 program name@2 indicator@3"],
            id="level-words-claimed-per-block",
        ),
        P(
            [["URAIAN", "INDIKATOR", "TARGET"], ["PROGRAM", "", ""]],
            ["0:3 program name@0 indicator@1"],
            id="level-word-below-the-caption",
        ),
        P(
            [["URAIAN", "INDIKATOR", "TARGET", "", "", ""], ["", "", "TW I", "TW II", "TW III"]],
            ["0:6 - name@0 indicator@1"],
            id="group-caption-heads-no-block",
        ),
        P(
            [["TARGET KINERJA PROGRAM", "URAIAN", "INDIKATOR"]],
            ["1:3 - name@1 indicator@2"],
            id="caption-mentioning-a-level-claims-none",
        ),
        P(
            [["INDIKATOR", "TARGET"]],
            ["0:2 - name@- indicator@-"],
            id="no-name-column-one-default-block",
        ),
        P(
            [["SASARAN", "PROGRAM", "KEGIATAN", "SUB KEGIATAN", "TUJUAN", "SASARAN"]],
            [
                "0:1 sasaran name@0 indicator@-",
                "1:2 program name@1 indicator@-",
                "2:3 kegiatan name@2 indicator@-",
                "3:4 subkegiatan name@3 indicator@-",
                "4:6 tujuan name@4 objective@5 indicator@-",
            ],
            id="five-blocks-at-most",
        ),
        P(
            [["SASARAN", "INDIKATOR SASARAN", "KODE", "PROGRAM", "INDIKATOR PROGRAM"]],
            ["0:2 sasaran name@0 indicator@1", "2:5 program name@3 indicator@4"],
            id="code-column-belongs-to-the-next-block",
        ),
        P(
            [["TUJUAN", "SASARAN", "INDIKATOR SASARAN", "TARGET"]],
            ["0:1 tujuan name@0 indicator@-", "1:4 sasaran name@1 indicator@2"],
            id="sasaran-after-tujuan-is-a-level",
        ),
    ],
)
def test_read_header_blocks(rows, expected):
    assert blocks(read_header(band(*rows))) == expected


def columns(layout) -> list[str]:
    """Each column as its role, or period/kind."""
    return [
        f"{c.period}/{c.kind}" if c.period else str(c.role)
        for _col, c in sorted(layout.columns.items())
    ]


@pytest.mark.parametrize(
    "rows, year, expected",
    [
        P(
            [["NO", "URAIAN", "INDIKATOR KINERJA", "SATUAN", "TARGET", "KET"]],
            None,
            ["number", "name", "indicator", "unit", "target", "note"],
            id="plain-roles",
        ),
        P(
            [["URAIAN", "TARGET", "", "", "", "PENANGGUNG"], ["", "TW I", "TW II", "TW III"]],
            None,
            ["name", "TW1/target", "TW2/target", "TW3/target", "TW3/target", "owner"],
            id="periods-under-group",
        ),
        P(
            [["URAIAN", "TARGET", "REALISASI"], ["", "2016", "2016"]],
            None,
            ["name", "2016/target", "2016/actual"],
            id="target-and-realisasi-years",
        ),
        P(
            [["URAIAN", "INDIKATOR", "TARGET TAHUN (n-1)"]],
            2016,
            ["name", "indicator", "2015/target"],
            id="relative-year-with-plan-year",
        ),
        P(
            [["URAIAN", "INDIKATOR", "TARGET"], ["1", "2", "3"]],
            None,
            ["name", "indicator", "target"],
            id="column-numbers-left-out",
        ),
    ],
)
def test_read_header_columns(rows, year, expected):
    assert columns(read_header(band(*rows), year)) == expected


@pytest.mark.parametrize(
    "rows, complete, wide",
    [
        P([["URAIAN", "INDIKATOR", "TARGET"]], True, False, id="names-columns"),
        P([["SASARAN", "PROGRAM"]], False, False, id="levels-only-incomplete"),
        P([["INDIKATOR", "TW I", "TW II"]], True, True, id="periods-make-it-wide"),
    ],
)
def test_read_header_complete_and_wide(rows, complete, wide):
    layout = read_header(band(*rows))
    assert (layout.complete, layout.wide) == (complete, wide)
    assert layout.line == 1
    assert layout.words == [w for r in rows for w in r if w]


# -- align_captions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head, body, expected, moves",
    [
        P(
            ["", "SASARAN", "INDIKATOR", "TW I"],
            ["Meningkatnya X", "", "Indeks", "5"],
            ["SASARAN", "", "INDIKATOR", "TW I"],
            {1: 0},
            id="moves-left",
        ),
        P(
            ["SASARAN", "", "INDIKATOR", "TW I"],
            ["", "Meningkatnya X", "Indeks", "5"],
            ["", "SASARAN", "INDIKATOR", "TW I"],
            {0: 1},
            id="moves-right",
        ),
        P(
            ["SASARAN", "", "", "INDIKATOR"],
            ["", "", "Meningkatnya X", "Indeks"],
            ["", "", "SASARAN", "INDIKATOR"],
            {0: 2},
            id="two-columns-away",
        ),
        P(
            ["SASARAN", "", "", "", "INDIKATOR"],
            ["", "", "", "Meningkatnya X", "Indeks"],
            ["SASARAN", "", "", "", "INDIKATOR"],
            {},
            id="three-away-stays",
        ),
        P(
            ["URAIAN", "INDIKATOR", "TW I"],
            ["A", "B", "5"],
            ["URAIAN", "INDIKATOR", "TW I"],
            {},
            id="every-caption-over-values",
        ),
        P(
            ["", "SASARAN", "", "INDIKATOR"],
            ["A", "", "B", "C"],
            ["SASARAN", "", "", "INDIKATOR"],
            {1: 0},
            id="left-neighbour-first",
        ),
        P(
            ["NO", "SASARAN", "", "INDIKATOR"],
            ["", "", "Meningkatnya X", "Indeks"],
            ["NO", "", "SASARAN", "INDIKATOR"],
            {1: 2},
            id="nearest-caption-takes-the-column",
        ),
    ],
)
def test_align_captions(head, body, expected, moves):
    rows, made = align_captions([R(*head)], [R(*body, line=2)])
    assert [r.cells for r in rows] == [expected]
    assert made == moves


def test_align_captions_leaves_the_grid_and_column_numbers():
    head = [R("", "SASARAN", "INDIKATOR", line=1), R("1", "2", "3", line=2)]
    rows, moves = align_captions(head, [R("Meningkatnya X", "", "Indeks", line=3)])
    assert moves == {1: 0}
    assert [r.cells for r in rows] == [["SASARAN", "", "INDIKATOR"], ["1", "2", "3"]]
    assert head[0].cells == ["", "SASARAN", "INDIKATOR"]  # copied, not changed


@pytest.mark.parametrize(
    "body, known, expected",
    [
        # A page whose rows fill fewer columns moves the captions as the first page did.
        P(["", "", "Indeks"], {1: 0}, ["SASARAN", "", "INDIKATOR"], id="moves-reused"),
        P(["Meningkatnya X", "", "Indeks"], {}, ["", "SASARAN", "INDIKATOR"], id="none-reused"),
    ],
)
def test_align_captions_reuses_known_moves(body, known, expected):
    rows, moves = align_captions([R("", "SASARAN", "INDIKATOR")], [R(*body, line=2)], known)
    assert [r.cells for r in rows] == [expected]
    assert moves is known


def test_align_captions_moves_styles_with_captions():
    bold = CellStyle(bold=True)
    head = R("", "SASARAN", "INDIKATOR", styles=[CellStyle(), bold, CellStyle()])
    rows, _ = align_captions([head], [R("Meningkatnya X", "", "Indeks", line=2)])
    assert rows[0].styles == [bold, CellStyle(), CellStyle()]
