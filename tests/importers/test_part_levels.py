"""levels.py, table-driven: a header's claim weighed against its rows, and outline numbering.

Cases marked xfail(strict=True) are behaviour believed wrong today; the reason says what goes wrong.
"""

from __future__ import annotations

import pytest

from renaksi.core.names import split_label
from renaksi.importers.grid import Row
from renaksi.importers.headers import read_header
from renaksi.importers.levels import (
    CODE_DEPTH,
    choose_levels,
    is_code,
    name_evidence,
    numbers_are_outlines,
    numbers_restart_per_level,
)
from renaksi.importers.values import tokenize


def P(*args, id, bug=None):
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(*args, id=id, marks=marks)


def tokens(*rows: list[str]) -> list:
    return [tokenize(Row(n, cells)) for n, cells in enumerate(rows, start=2)]


RESULT = {"tujuan": 2, "sasaran": 2, "program": -2, "kegiatan": -2, "subkegiatan": -2}


@pytest.mark.parametrize(
    "name, nomenclature, expected",
    [
        P("Program Penunjang Urusan", None, {"program": 3}, id="level-word"),
        P("Kegiatan Administrasi", None, {"kegiatan": 3}, id="kegiatan-word"),
        P("Sub Kegiatan Penyediaan", None, {"subkegiatan": 3}, id="sub-kegiatan-word"),
        P("1. Program X", None, {"program": 3}, id="numbered"),
        P("Sasaran Strategis: Meningkatnya X", None, {"sasaran": 3}, id="sasaran-word"),
        P("7.01.01 Program Penunjang", None, {"program": 7}, id="code-and-word"),
        P("X.XX.01 Penunjang", None, {"program": 4}, id="generic-program-code"),
        P("7.01.01.2.01 Perencanaan", None, {"kegiatan": 4}, id="kegiatan-code"),
        P("7.01.01.2.01.0001 Penyusunan", None, {"subkegiatan": 4}, id="sub-kegiatan-code"),
        P("Meningkatnya kualitas pelayanan", None, RESULT, id="result-statement"),
        P("Penyusunan Laporan", None, {}, id="no-evidence"),
        P("Penyusunan Laporan", lambda name: "kegiatan", {"kegiatan": 2}, id="nomenclature"),
        P("Program X", lambda name: "kegiatan", {"program": 3}, id="word-before-nomenclature"),
        P("Penyusunan Laporan", lambda name: None, {}, id="nomenclature-unknown"),
    ],
)
def test_name_evidence(name, nomenclature, expected):
    assert name_evidence(name, nomenclature) == expected


@pytest.mark.parametrize(
    "number, expected",
    [
        P("7.01.01", True, id="program-code"),
        P("7.01.01.", True, id="trailing-dot"),
        P("7.01.01.2.01", True, id="kegiatan-code"),
        P("X.XX.01.2.01.0001", True, id="generic-sub-kegiatan-code"),
        P("1.2", False, id="outline"),
        P("1.1.1", False, id="three-part-outline"),
        P("1", False, id="number"),
        P("7.01", False, id="two-parts"),
    ],
)
def test_is_code(number, expected):
    assert is_code(number) is expected


@pytest.mark.parametrize(
    "code, level",
    [
        P("7.01.01", "program", id="program"),
        P("7.01.01.2.01", "kegiatan", id="kegiatan"),
        P("7.01.01.2.01.0001", "subkegiatan", id="subkegiatan"),
    ],
)
def test_code_depth(code, level):
    label = split_label(f"{code} Nama")
    assert label.code == code
    assert CODE_DEPTH[len(code.split("."))] == level


# -- choose_levels -------------------------------------------------------------------------------

SASARAN_PROGRAM = ["SASARAN", "INDIKATOR", "PROGRAM", "INDIKATOR"]
URAIAN = ["URAIAN", "INDIKATOR", "TARGET"]


def wide_rows(n: int) -> list[list[str]]:
    """Rows of a sasaran | program table with a column per quarter."""
    return [
        [
            f"Meningkatnya kualitas {i}",
            f"Indeks {i}",
            f"Program Penunjang {i}",
            f"Jumlah {i}",
            "25",
            "50",
        ]
        for i in range(n)
    ]


@pytest.mark.parametrize(
    "head, rows, previous, repeated, expected",
    [
        # The header's claim, when the rows say nothing against it.
        P(SASARAN_PROGRAM, [["A", "B", "C", "D"]], None, False, ("sasaran", "program"), id="claim"),
        P(
            [*SASARAN_PROGRAM, "TW I", "TW II"],
            wide_rows(1),
            None,
            False,
            ("sasaran", "program"),
            id="claim-and-rows-agree",
        ),
        # Level words, codes, result statements, nomenclature.
        P(URAIAN, [["Kegiatan A", "Jumlah", "5"]], None, False, ("kegiatan",), id="level-word"),
        P(
            URAIAN,
            [["Meningkatnya A", "Jumlah", "5"]],
            None,
            False,
            ("sasaran",),
            id="statement-ties-go-to-sasaran",
        ),
        P(
            URAIAN,
            [["7.01.01.2.01.0001 Penyediaan A", "Jumlah", "5"]],
            None,
            False,
            ("subkegiatan",),
            id="code",
        ),
        P(
            ["SASARAN STRATEGIS", "INDIKATOR", "TARGET"],
            [["Kegiatan B", "Jumlah", "5"]],
            None,
            False,
            ("sasaran",),
            id="claim-outweighs-one-level-word",
        ),
        P(
            ["SASARAN STRATEGIS", "INDIKATOR", "TARGET"],
            [["Kegiatan B", "Jumlah", "5"]],
            None,
            True,
            ("kegiatan",),
            id="repeated-claim-worth-less",
        ),
        P(
            SASARAN_PROGRAM,
            [["Program Y", "Persentase", "TW I", "5", "Kegiatan Z", "Jumlah", "TW I", "5"]],
            None,
            True,
            ("program", "kegiatan"),
            id="repeated-page-header-over-kegiatan",
        ),
        P(
            SASARAN_PROGRAM,
            [["A", "B", "C", "D"]],
            ("program", "kegiatan"),
            True,
            ("program", "kegiatan"),
            id="repeated-band-continues-the-table-before",
        ),
        # Section rows name the level above the table's.
        P(
            URAIAN,
            [["A. Program Penunjang"], ["Penyediaan A", "Jumlah", "5"]],
            None,
            False,
            ("kegiatan",),
            id="program-section-rows",
        ),
        P(
            URAIAN,
            [["A. Kegiatan Penunjang"], ["Penyediaan A", "Jumlah", "5"]],
            None,
            False,
            ("subkegiatan",),
            id="kegiatan-section-rows",
        ),
        P(
            URAIAN,
            [["Penyediaan A", "Jumlah", "5"]],
            ("kegiatan",),
            False,
            ("kegiatan",),
            id="prev",
        ),
        # Three texts are the shape of programs and below.
        P(
            URAIAN,
            [["Penyediaan A", "Meningkatnya B", "Jumlah", "5"]],
            None,
            False,
            ("program",),
            id="three-texts",
        ),
        P(
            [*SASARAN_PROGRAM, "TW I", "TW II"],
            wide_rows(5),
            None,
            False,
            ("sasaran", "program"),
            id="wide-two-block-rows",
        ),
    ],
)
def test_choose_levels(head, rows, previous, repeated, expected):
    layout = read_header([Row(1, head)])
    assert choose_levels(layout, tokens(*rows), previous, None, repeated) == expected


def test_choose_levels_asks_the_nomenclature():
    layout = read_header([Row(1, URAIAN)])
    rows = tokens(["Penyediaan A", "Jumlah", "5"])
    assert choose_levels(layout, rows, None, lambda name: "subkegiatan", False) == ("subkegiatan",)


# -- numbering -----------------------------------------------------------------------------------

NO_HEAD = ["NO", "URAIAN", "INDIKATOR"]


@pytest.mark.parametrize(
    "head, numbers, expected",
    [
        P(NO_HEAD, ["1", "1.1", "1.1.1"], True, id="outline"),
        P(NO_HEAD, ["C", "C.1"], True, id="letter-outline"),
        P(NO_HEAD, ["1.", "1.1."], True, id="dotted"),
        P(NO_HEAD, ["1", "2", "3"], False, id="plain-numbers"),
        P(NO_HEAD, ["1.2", "2.1"], False, id="no-number-extends-another"),
        P(NO_HEAD, ["7.01.01", "7.01.01.2.01"], False, id="codes-are-no-outline"),
        P(["KODE", "URAIAN", "INDIKATOR"], ["1", "1.1"], False, id="no-number-column"),
    ],
)
def test_numbers_are_outlines(head, numbers, expected):
    layout = read_header([Row(1, head)])
    rows = [[number, f"Nama {i}", "Jumlah"] for i, number in enumerate(numbers)]
    assert numbers_are_outlines(layout, tokens(*rows)) is expected


LEVEL_HEAD = ["NO", "TINGKAT", "URAIAN", "INDIKATOR"]


@pytest.mark.parametrize(
    "rows, expected",
    [
        P([["1", "Sasaran"], ["1", "Program"]], True, id="first-child-numbered-1"),
        P([["A", "Program"], ["A", "Kegiatan"]], True, id="first-child-lettered"),
        P([["I", "Sasaran"], ["I", "Program"]], True, id="first-child-roman"),
        P([["1", "Sasaran"], ["2", "Program"]], False, id="numbers-go-on"),
        P([["1", "Sasaran"], ["1.1", "Program"]], False, id="outline"),
        P([["1", "Program"], ["2", "Program"], ["1", "Sasaran"]], False, id="upward-restart"),
        P([["1", "Program"]], False, id="one-row"),
    ],
)
def test_numbers_restart_per_level(rows, expected):
    layout = read_header([Row(1, LEVEL_HEAD)])
    body = [[number, level, f"Nama {i}", "Jumlah"] for i, (number, level) in enumerate(rows)]
    assert numbers_restart_per_level(layout, tokens(*body)) is expected
