"""interpret.py's title reading, table-driven through read_plan_text: the plan's year and unit from
the lines above the first table.

Cases marked xfail(strict=True) are behaviour believed wrong today; the reason says what goes wrong.
"""

from __future__ import annotations

import pytest

from renaksi.importers import read_plan_text


def P(*args, id, bug=None):
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(*args, id=id, marks=marks)


TABLE = [
    "URAIAN\tINDIKATOR KINERJA\tTW I\tTW II\tTW III\tTW IV",
    "Program Penunjang Urusan Pemerintahan Daerah\tPersentase dokumen\t25\t50\t75\t100",
]
PROSE = (
    "Laporan ini disusun sebagai bahan evaluasi Satuan Kerja Perangkat Daerah dalam "
    "melaksanakan tugas dan fungsi pelayanan kepada masyarakat secara berkala setiap tahun"
)


@pytest.mark.parametrize(
    "title, year, unit",
    [
        P(
            ["RENCANA AKSI KECAMATAN KALIGONDANG", "TAHUN 2022"],
            2022,
            "Kecamatan Kaligondang",
            id="sample",
        ),
        P(["Rencana Aksi Dinas Kesehatan Tahun 2023"], 2023, "Dinas Kesehatan", id="one-line"),
        P(["T.A. 2021"], 2021, None, id="t-a"),
        P(["TA 2020"], 2020, None, id="ta"),
        P(["PERJANJIAN KINERJA 2024"], 2024, None, id="bare-year"),
        P(["EVALUASI RENJA s.d. Tahun 2015 (tahun berjalan)"], 2016, None, id="up-to-current-year"),
        P(
            ["EVALUASI RENJA s.d. Tahun 2015 (tahun berjalan)", "TAHUN 2018"],
            2018,
            None,
            id="a-plain-year-wins-over-up-to",
        ),
        P(["Realisasi sampai dengan tahun 2015"], None, None, id="up-to-is-no-plan-year"),
        P(["Kecamatan Bojong"], None, "Kecamatan Bojong", id="unit-alone"),
        P(["Dinas: Pendidikan"], None, "Dinas Pendidikan", id="unit-colon"),
        P(["BADAN PENDAPATAN DAERAH", "KECAMATAN X"], None, "Badan Pendapatan Daerah", id="first"),
        P([PROSE], None, None, id="prose-names-no-unit"),
        P([PROSE, "BADAN PENDAPATAN DAERAH"], None, "Badan Pendapatan Daerah", id="prose-skipped"),
        P([], None, None, id="no-title"),
        P(
            ["Perangkat Daerah : Dinas Kesehatan"],
            None,
            "Dinas Kesehatan",
            id="field-label-before-the-unit",
        ),
    ],
)
def test_title(title, year, unit):
    plan = read_plan_text("\n".join([*title, *TABLE]), validate=False)
    assert (plan.year, plan.unit) == (year, unit)


def test_relative_years_use_the_title_year():
    """A caption "(n-1)" names a year relative to the plan's year from the title."""
    text = "\n".join(
        [
            "RENCANA KERJA DINAS KESEHATAN TAHUN 2016",
            "URAIAN\tINDIKATOR KINERJA\tTARGET TAHUN (n-1)\tTARGET TAHUN (n)",
            "Program Penunjang Urusan Pemerintahan Daerah\tPersentase dokumen\t80\t90",
        ]
    )
    plan = read_plan_text(text, validate=False)
    assert plan.year == 2016
    assert "2015" in plan.periods
