"""roles.py, table-driven: what a caption says a column holds, and what its cells correct.

Cases marked xfail(strict=True) are behaviour believed wrong today; the reason says what goes wrong.
"""

from __future__ import annotations

import pytest

from renaksi.importers.grid import CellStyle, Row
from renaksi.importers.headers import read_header
from renaksi.importers.roles import (
    column_from_labels,
    is_unit_like,
    levels_named,
    refine_with_content,
    relative_year,
    role_of,
)
from renaksi.importers.values import tokenize


def P(*args, id, bug=None):
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(*args, id=id, marks=marks)


@pytest.mark.parametrize(
    "text, role",
    [
        P("NO", "number", id="no"),
        P("No Urut", "number", id="no-urut"),
        P("KODE REKENING", "code", id="kode"),
        P("Tingkat", "level", id="tingkat"),
        P("JENJANG", "level", id="jenjang"),
        P("CAPAIAN", "achievement", id="capaian"),
        P("%", "achievement", id="percent-sign"),
        P("REALISASI", "actual", id="realisasi"),
        P("INDIKATOR KINERJA", "indicator", id="indikator"),
        P("IKU", "indicator", id="iku"),
        P("Tolok Ukur", "indicator", id="tolok-ukur"),
        P("SATUAN", "unit", id="satuan"),
        P("PAGU INDIKATIF", "budget", id="pagu"),
        P("(Rp.)", "budget", id="rp"),
        P("TARGET TAHUNAN", "annual", id="target-tahunan"),
        P("Target 2025", "annual", id="target-year"),
        P("TARGET", "target", id="target"),
        P("Rencana Capaian", "achievement", id="capaian-wins-over-rencana"),
        P("SASARAN PROGRAM", "objective", id="sasaran-program"),
        P("URAIAN", "name", id="uraian"),
        P("Nama Kegiatan", "name", id="nama"),
        P("PENANGGUNG JAWAB", "owner", id="penanggung-jawab"),
        P("PJ", "owner", id="pj"),
        P("KETERANGAN", "note", id="keterangan"),
        P("Rencana Aksi", "note", id="rencana-aksi"),
        P("JADWAL PELAKSANAAN", "schedule", id="jadwal"),
        P("KINERJA", "value", id="kinerja-alone"),
        P("Vol.", "value", id="volume"),
        P("TRIWULAN", "quarter_group", id="triwulan"),
        P("Per Triwulan", "quarter_group", id="per-triwulan"),
        P("SASARAN", None, id="level-word-is-no-role"),
        P("PROGRAM/KEGIATAN", None, id="levels-are-no-role"),
        P("TW I", None, id="period-is-no-role"),
        P("", None, id="empty"),
    ],
)
def test_role_of(text, role):
    assert role_of(text) == role


@pytest.mark.parametrize(
    "text, levels",
    [
        P("PROGRAM/KEGIATAN/SUB KEGIATAN", ["program", "kegiatan", "subkegiatan"], id="three"),
        P("Sub Kegiatan", ["subkegiatan"], id="sub-kegiatan"),
        P("SUB-KEGIATAN", ["subkegiatan"], id="hyphen"),
        P("SUBKEGIATAN", ["subkegiatan"], id="one-word"),
        P("Kegiatan dan Sub Kegiatan", ["kegiatan", "subkegiatan"], id="both"),
        P("SASARAN/TUJUAN", ["tujuan", "sasaran"], id="cascade-order"),
        P("Sasaran Strategis", ["sasaran"], id="strategis"),
        P("URAIAN", [], id="none"),
    ],
)
def test_levels_named(text, levels):
    assert levels_named(text) == levels


# -- column_from_labels --------------------------------------------------------------------------


def shown(stack: list[str], year: int | None = None) -> str:
    """A column as "role" or "period/kind"."""
    c = column_from_labels(3, stack, year)
    assert c.col == 3 and c.labels == stack
    return f"{c.period}/{c.kind}" if c.period else str(c.role)


@pytest.mark.parametrize(
    "stack, year, expected",
    [
        # Periods.
        P(["TW I"], None, "TW1/target", id="tw"),
        P(["Triwulan II"], None, "TW2/target", id="triwulan"),
        P(["TARGET", "TW III"], None, "TW3/target", id="under-target"),
        P(["TRIWULAN", "I"], None, "TW1/target", id="roman-under-triwulan"),
        P(["TRIWULAN", "IV"], None, "TW4/target", id="roman-iv"),
        P(["TW", "III"], None, "TW3/target", id="roman-under-tw"),
        P(["KUARTAL", "II"], None, "TW2/target", id="roman-under-kuartal"),
        P(["TRIWULAN", "2"], None, "TW2/target", id="digit-under-triwulan"),
        P(["TRIWULAN", "V"], None, "quarter_group", id="no-fifth-quarter"),
        P(["I"], None, "None", id="roman-alone"),
        P(["URAIAN", "I"], None, "name", id="roman-under-no-period-caption"),
        P(["BULAN", "1"], None, "M01/target", id="month-number"),
        P(["BULAN", "12"], None, "M12/target", id="december"),
        P(["BULAN", "I"], None, "quarter_group", id="roman-under-bulan"),
        P(["BULAN", "13"], None, "quarter_group", id="no-13th-month"),
        P(["Januari"], None, "M01/target", id="month-name"),
        P(["Des"], None, "M12/target", id="month-short"),
        P(["2025"], None, "2025/target", id="year"),
        P(["TARGET", "2025"], None, "2025/target", id="year-under-target"),
        # Relative years.
        P(["Target Renja OPD tahun (n-2)"], 2016, "2014/target", id="n-minus"),
        P(["Target Renja OPD tahun (n-2)"], None, "target", id="n-minus-without-year"),
        P(["Realisasi Tahun-3"], 2016, "2013/actual", id="tahun-minus"),
        P(["Target n+1"], 2016, "2017/target", id="n-plus"),
        # A year inside a caption.
        P(["Target Renja SKPD Tahun 2014"], None, "2014/target", id="year-in-target-caption"),
        P(["Realisasi (2014)"], None, "2014/actual", id="year-in-realisasi-caption"),
        P(["Anggaran 2014"], None, "budget", id="year-in-budget-caption"),
        P(["Target 2025"], None, "annual", id="target-year-is-annual"),
        P(["Target Tahun 2025"], None, "annual", id="target-tahun-year-is-annual"),
        # Cumulative captions.
        P(["Realisasi s/d 2015"], None, "ignore", id="s-d-year"),
        P(["Realisasi s.d. tahun 2015"], None, "ignore", id="s-d-dotted"),
        P(["Realisasi sampai dengan 2015"], None, "ignore", id="sampai-dengan"),
        P(["Realisasi s/d tahun lalu"], None, "ignore", id="s-d-no-year"),
        P(["Realisasi s/d", "2015"], None, "ignore", id="s-d-over-year"),
        # Schedules.
        P(["JADWAL PELAKSANAAN"], None, "ignore", id="schedule"),
        P(["JADWAL", "TW I"], None, "TW1/ignore", id="schedule-quarter"),
        P(["Waktu Pelaksanaan", "Jan"], None, "M01/ignore", id="schedule-month"),
        # The lowest caption that says what values are decides.
        P(["REALISASI", "TW I"], None, "TW1/actual", id="realisasi-over-period"),
        P(["CAPAIAN", "TW I"], None, "TW1/ignore", id="capaian-over-period"),
        P(["ANGGARAN", "TW I"], None, "TW1/ignore", id="anggaran-over-period"),
        P(["KETERANGAN", "TW I"], None, "TW1/ignore", id="note-over-period"),
        P(["TARGET", "REALISASI", "TW I"], None, "TW1/actual", id="lowest-realisasi"),
        P(["REALISASI", "TARGET", "TW I"], None, "TW1/target", id="lowest-target"),
        P(
            ["Target dan Realisasi", "Realisasi Renja tahun (n-2)"],
            2016,
            "2014/actual",
            id="lowest-of-a-combined-caption",
        ),
        # Plain roles.
        P(["URAIAN"], None, "name", id="name"),
        P(["REALISASI"], None, "actual", id="realisasi-alone"),
        P(["ANGGARAN", "REALISASI"], None, "ignore", id="budget-realisasi"),
        P(["ANGGARAN", "CAPAIAN"], None, "ignore", id="budget-capaian"),
        P([], None, "None", id="no-caption"),
        P(
            ["Realisasi Anggaran"],
            None,
            "ignore",
            id="realisasi-anggaran-one-caption",
        ),
    ],
)
def test_column_from_labels(stack, year, expected):
    assert shown(stack, year) == expected


@pytest.mark.parametrize(
    "text, year, expected",
    [
        P("(n-2)", 2016, "2014", id="parenthesised"),
        P("tahun n-1", 2016, "2015", id="tahun-n"),
        P("Th. n-1", 2016, "2015", id="th"),
        P("Tahun-3", 2016, "2013", id="tahun-minus"),
        P("n+1", 2016, "2017", id="plus"),
        P("N+2", 2020, "2022", id="capital"),
        P("Renja n - 2", 2020, "2018", id="spaced"),
        P("(n-2)", None, None, id="no-plan-year"),
        P("Tahun 2016", 2016, None, id="absolute-year"),
        P("kegiatan-2", 2020, None, id="n-inside-a-word"),
        P("Target (n)", 2020, None, id="n-without-offset"),
    ],
)
def test_relative_year(text, year, expected):
    assert relative_year(text, year) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        P("%", True, id="percent"),
        P("Koperasi", True, id="word"),
        P("orang", True, id="lower"),
        P("Dok.", True, id="abbreviation"),
        P("Orang/Hari", True, id="slash"),
        P("Nilai (Angka)", True, id="parenthesised"),
        P("x" * 25, True, id="25-characters"),
        P("x" * 26, False, id="26-characters"),
        P("-", False, id="bullet"),
        P("Jumlah Dokumen Perencanaan", False, id="three-words"),
        P("25", False, id="number"),
        P(
            "m2",
            True,
            id="square-metres",
        ),
        P(
            "m²",
            True,
            id="square-metres-superscript",
        ),
    ],
)
def test_is_unit_like(text, expected):
    assert is_unit_like(text) is expected


# -- refine_with_content -------------------------------------------------------------------------


def refined(head: list[str], *body: list[str]) -> tuple[list[dict], list[str]]:
    layout = read_header([Row(1, head)])
    refine_with_content(layout, [tokenize(Row(n, cells)) for n, cells in enumerate(body, 2)])
    cols = [
        f"{c.period}/{c.kind}" if c.period else str(c.role)
        for _col, c in sorted(layout.columns.items())
    ]
    return [b.slot_cols for b in layout.blocks], cols


@pytest.mark.parametrize(
    "head, body, slots, cols",
    [
        P(
            ["URAIAN", "", "INDIKATOR", "TW I"],
            [["-", "Program A", "Jumlah", "5"], ["•", "Program B", "Jumlah", "5"]],
            [{"name": 1, "indicator": 2}],
            ["ignore", "name", "indicator", "TW1/target"],
            id="bullets-give-the-name-slot-away",
        ),
        P(
            ["URAIAN", "INDIKATOR", "", "TW I"],
            [["Program A", "-", "Jumlah", "5"]],
            [{"name": 0, "indicator": 2}],
            ["name", "ignore", "indicator", "TW1/target"],
            id="bullets-give-the-indicator-slot-away",
        ),
        P(
            ["URAIAN", "", "INDIKATOR", "TW I"],
            [["Program A", "B", "Jumlah", "5"]],
            [{"name": 0, "indicator": 2}],
            ["name", "name", "indicator", "TW1/target"],
            id="texts-keep-the-slot",
        ),
        P(
            ["URAIAN", "INDIKATOR", "TW I", ""],
            [["Program A", "Jumlah", "85", "%"]],
            [{"name": 0, "indicator": 1}],
            ["name", "indicator", "TW1/target", "unit"],
            id="unit-words-beside-values-under-a-period",
        ),
        P(
            ["URAIAN", "INDIKATOR", "TW III", "TW IV"],
            [["Program A", "Jumlah", "85", "WTP"]],
            [{"name": 0, "indicator": 1}],
            ["name", "indicator", "TW3/target", "TW4/target"],
            id="a-text-target-under-its-own-period-is-no-unit",
        ),
        P(
            ["URAIAN", "INDIKATOR", "TARGET", ""],
            [["Program A", "Jumlah", "85", "%"], ["Program A", "Jumlah", "3", "orang"]],
            [{"name": 0, "indicator": 1}],
            ["name", "indicator", "target", "unit"],
            id="unit-words-under-a-spanning-target",
        ),
        P(
            ["URAIAN", "INDIKATOR", "TARGET", ""],
            [["Program A", "Jumlah", "85", "Persentase capaian kinerja program"]],
            [{"name": 0, "indicator": 1}],
            ["name", "indicator", "target", "target"],
            id="long-text-is-no-unit",
        ),
        P(
            ["URAIAN", "INDIKATOR", "TARGET", "KET"],
            [["Program A", "Jumlah", "85", "%"]],
            [{"name": 0, "indicator": 1}],
            ["name", "indicator", "target", "note"],
            id="captioned-note-stays",
        ),
        P(
            ["URAIAN", "INDIKATOR", "", "TARGET"],
            [["Program A", "Jumlah", "%", "85"]],
            [{"name": 0, "indicator": 1}],
            ["name", "indicator", "indicator", "target"],
            id="unit-before-its-value-stays",
        ),
        P(
            ["URAIAN", "INDIKATOR", "TARGET", ""],
            [["Program A", "Jumlah", "500", "m2"], ["Program B", "Luas", "20", "m2"]],
            [{"name": 0, "indicator": 1}],
            ["name", "indicator", "target", "unit"],
            id="square-metres-unit-column",
        ),
    ],
)
def test_refine_with_content(head, body, slots, cols):
    assert refined(head, *body) == (slots, cols)


@pytest.mark.parametrize(
    "cells, role",
    [
        P(["Program A", "Jumlah", "5.000.000", "Rp"], "unit", id="unit-words-beside-values"),
        P(["Program A", "Jumlah", "5.000.000", "Lihat lampiran laporan"], None, id="long-text"),
        P(["Program A", "Jumlah", "", "Rp"], None, id="no-values-beside"),
    ],
)
def test_refine_uncaptioned_column(cells, role):
    """A column no caption covers (the band's merges end before it)."""
    plain, down = CellStyle(), CellStyle(covered="down")
    head = Row(1, ["URAIAN", "INDIKATOR", "ANGGARAN", ""], styles=[plain, plain, plain, down])
    layout = read_header([head])
    assert layout.columns[3].labels == [] and layout.columns[2].role == "budget"
    refine_with_content(layout, [tokenize(Row(2, cells))])
    assert layout.columns[3].role == role
