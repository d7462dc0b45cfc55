"""One column of several levels: the level from a level column, the parent from outline numbers.

Documents (and the Rencana Aksi report Renaksi writes) that list the whole cascade in one Uraian
column say each row's place in two ways the importer reads:
- a level column ("Tingkat", "Level", "Jenjang") names each row's level, so names need no level
  word and keep their spelling;
- outline numbers in the No column ("1", "1.1", "1.1.2", "C.1") name the parent: the row whose
  number is this one's without its last part. A row numbered with one part only is at the top,
  which is how a program under no sasaran is written.
Tables without outline numbers keep the rule they always had: a row hangs under the latest row of
the level above.

Each case is a table written by hand (not by the report renderer) and the tree it must give:
(level, number, name, parent's name).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from renaksi.core.names import outline_of, outline_splits
from renaksi.importers import read_plan_text

HEAD = [
    "No",
    "Tingkat",
    "Uraian",
    "Indikator Kinerja",
    "Satuan",
    "TW I",
    "TW II",
    "TW III",
    "TW IV",
]
HEAD_NO_LEVEL = ["No", "Uraian (Sasaran/Program/Kegiatan)", "Indikator Kinerja", "TW I", "TW IV"]


def _tsv(*rows: list[str]) -> str:
    return "RENCANA AKSI TAHUN 2025\nKECAMATAN CONTOH\n\n" + "\n".join("\t".join(r) for r in rows)


@dataclass
class Case:
    id: str
    text: str
    tree: list[tuple[str, str | None, str, str | None]]


CASES = [
    Case(
        "level-column-and-outline",
        _tsv(
            HEAD,
            ["1", "Sasaran", "Meningkatnya Pelayanan Publik", "IKM", "Indeks", "70", "75", "80", "85"],
            ["1.1", "Program", "Penunjang Urusan Pemerintahan", "Persentase Laporan", "%", "25", "50", "75", "100"],
            ["1.1.1", "Kegiatan", "Administrasi Keuangan", "Jumlah Dokumen", "Dokumen", "1", "2", "3", "4"],
            ["C", "Program", "Pemberdayaan Masyarakat Desa", "Persentase Desa", "%", "25", "50", "75", "100"],
            ["C.1", "Kegiatan", "Koordinasi Pemberdayaan Desa", "Jumlah Laporan", "Laporan", "1", "2", "3", "4"],
        ),
        [
            ("sasaran", "1", "Meningkatnya Pelayanan Publik", None),
            ("program", "1", "Penunjang Urusan Pemerintahan", "Meningkatnya Pelayanan Publik"),
            ("kegiatan", "1", "Administrasi Keuangan", "Penunjang Urusan Pemerintahan"),
            # One part: at the top, although a sasaran stands above it in the table.
            ("program", "C", "Pemberdayaan Masyarakat Desa", None),
            ("kegiatan", "1", "Koordinasi Pemberdayaan Desa", "Pemberdayaan Masyarakat Desa"),
        ],
    ),
    Case(
        # The level column keeps names exactly: "Kegiatan …" here is part of the name.
        "names-beginning-with-a-level-word",
        _tsv(
            HEAD,
            ["1", "Program", "Program Penunjang Urusan", "Persentase Laporan", "%", "25", "50", "75", "100"],
            ["1.1", "Kegiatan", "Kegiatan Perencanaan Kinerja", "Jumlah Dokumen", "Dokumen", "1", "2", "3", "4"],
            ["1.1.1", "Sub Kegiatan", "Penyusunan Dokumen Perencanaan", "Jumlah Dokumen", "Dokumen", "1", "2", "3", "4"],
        ),
        [
            ("program", "1", "Program Penunjang Urusan", None),
            ("kegiatan", "1", "Kegiatan Perencanaan Kinerja", "Program Penunjang Urusan"),
            ("subkegiatan", "1", "Penyusunan Dokumen Perencanaan", "Kegiatan Perencanaan Kinerja"),
        ],
    ),
    Case(
        # A node's own number may hold a dot: the longest start that is a row met is its parent.
        "dotted-own-numbers",
        _tsv(
            HEAD,
            ["2", "Program", "Penyelenggaraan Pemerintahan", "Persentase Laporan", "%", "25", "50", "75", "100"],
            ["2.1.1", "Kegiatan", "Koordinasi Penyelenggaraan", "Jumlah Rekomendasi", "Rekomendasi", "1", "2", "3", "4"],
            ["2.1.2", "Kegiatan", "Pelaksanaan Urusan Pemerintahan", "Jumlah Dokumen", "Dokumen", "1", "2", "3", "4"],
        ),
        [
            ("program", "2", "Penyelenggaraan Pemerintahan", None),
            ("kegiatan", "1.1", "Koordinasi Penyelenggaraan", "Penyelenggaraan Pemerintahan"),
            ("kegiatan", "1.2", "Pelaksanaan Urusan Pemerintahan", "Penyelenggaraan Pemerintahan"),
        ],
    ),
    Case(
        # No level column: outline numbers are recognised because "1.1" extends "1".
        "outline-without-level-column",
        _tsv(
            HEAD_NO_LEVEL,
            ["1", "Meningkatnya Pelayanan Publik", "IKM", "70", "85"],
            ["1.1", "Program Penunjang Urusan", "Persentase Laporan", "25", "100"],
            ["1.1.1", "Kegiatan Administrasi Keuangan", "Jumlah Dokumen", "1", "4"],
            ["2", "Program Pemberdayaan Masyarakat Desa", "Persentase Desa", "25", "100"],
            ["2.1", "Kegiatan Koordinasi Pemberdayaan Desa", "Jumlah Laporan", "1", "4"],
        ),
        [
            ("sasaran", "1", "Meningkatnya Pelayanan Publik", None),
            ("program", "1", "Program Penunjang Urusan", "Meningkatnya Pelayanan Publik"),
            ("kegiatan", "1", "Kegiatan Administrasi Keuangan", "Program Penunjang Urusan"),
            ("program", "2", "Program Pemberdayaan Masyarakat Desa", None),
            ("kegiatan", "1", "Kegiatan Koordinasi Pemberdayaan Desa", "Program Pemberdayaan Masyarakat Desa"),
        ],
    ),
    Case(
        # Numbering per level (each level counts from 1): no outline, the latest row above is
        # the parent, as before.
        "numbering-per-level-is-not-an-outline",
        _tsv(
            HEAD_NO_LEVEL,
            ["1", "Meningkatnya Pelayanan Publik", "IKM", "70", "85"],
            ["1", "Program Penunjang Urusan", "Persentase Laporan", "25", "100"],
            ["1", "Kegiatan Administrasi Keuangan", "Jumlah Dokumen", "1", "4"],
            ["2", "Kegiatan Administrasi Umum", "Jumlah Paket", "1", "4"],
            ["2", "Program Pemberdayaan Masyarakat Desa", "Persentase Desa", "25", "100"],
        ),
        [
            ("sasaran", "1", "Meningkatnya Pelayanan Publik", None),
            ("program", "1", "Program Penunjang Urusan", "Meningkatnya Pelayanan Publik"),
            ("kegiatan", "1", "Kegiatan Administrasi Keuangan", "Program Penunjang Urusan"),
            ("kegiatan", "2", "Kegiatan Administrasi Umum", "Program Penunjang Urusan"),
            ("program", "2", "Program Pemberdayaan Masyarakat Desa", "Meningkatnya Pelayanan Publik"),
        ],
    ),
    Case(
        # A row without a number hangs under the latest row of the level above; the outline of
        # its children starts afresh ("1", "2") and they hang under it.
        "unnumbered-row-and-its-children",
        _tsv(
            HEAD,
            ["1", "Sasaran", "Meningkatnya Pelayanan Publik", "IKM", "Indeks", "70", "75", "80", "85"],
            ["", "Program", "Penunjang Urusan Pemerintahan", "Persentase Laporan", "%", "25", "50", "75", "100"],
            ["1", "Kegiatan", "Administrasi Keuangan", "Jumlah Dokumen", "Dokumen", "1", "2", "3", "4"],
            ["2", "Kegiatan", "Administrasi Umum", "Jumlah Paket", "Paket", "1", "2", "3", "4"],
        ),
        [
            ("sasaran", "1", "Meningkatnya Pelayanan Publik", None),
            ("program", None, "Penunjang Urusan Pemerintahan", "Meningkatnya Pelayanan Publik"),
            ("kegiatan", "1", "Administrasi Keuangan", "Penunjang Urusan Pemerintahan"),
            ("kegiatan", "2", "Administrasi Umum", "Penunjang Urusan Pemerintahan"),
        ],
    ),
    Case(
        # A level column with numbering that restarts per level ("1" sasaran, "1" program under
        # it): not an outline; the latest row of the level above is the parent.
        "level-column-with-numbering-per-level",
        _tsv(
            HEAD,
            ["1", "Sasaran", "Meningkatnya Pelayanan Publik", "IKM", "Indeks", "70", "75", "80", "85"],
            ["1", "Program", "Penunjang Urusan Pemerintahan", "Persentase Laporan", "%", "25", "50", "75", "100"],
            ["1", "Kegiatan", "Administrasi Keuangan", "Jumlah Dokumen", "Dokumen", "1", "2", "3", "4"],
            ["2", "Kegiatan", "Administrasi Umum", "Jumlah Paket", "Paket", "1", "2", "3", "4"],
            ["2", "Program", "Pemberdayaan Masyarakat Desa", "Persentase Desa", "%", "25", "50", "75", "100"],
        ),
        [
            ("sasaran", "1", "Meningkatnya Pelayanan Publik", None),
            ("program", "1", "Penunjang Urusan Pemerintahan", "Meningkatnya Pelayanan Publik"),
            ("kegiatan", "1", "Administrasi Keuangan", "Penunjang Urusan Pemerintahan"),
            ("kegiatan", "2", "Administrasi Umum", "Penunjang Urusan Pemerintahan"),
            ("program", "2", "Pemberdayaan Masyarakat Desa", "Meningkatnya Pelayanan Publik"),
        ],
    ),
    Case(
        # A level column and top-level rows only (no number to extend): an outline, each row at
        # the top, as the report of a plan whose nodes have no parents prints it.
        "level-column-top-level-rows-only",
        _tsv(
            HEAD,
            ["1", "Sasaran", "Meningkatnya Pelayanan Publik", "IKM", "Indeks", "70", "75", "80", "85"],
            ["2", "Program", "Penunjang Urusan Pemerintahan", "Persentase Laporan", "%", "25", "50", "75", "100"],
            ["3", "Kegiatan", "Administrasi Keuangan", "Jumlah Dokumen", "Dokumen", "1", "2", "3", "4"],
        ),
        [
            ("sasaran", "1", "Meningkatnya Pelayanan Publik", None),
            ("program", "2", "Penunjang Urusan Pemerintahan", None),
            ("kegiatan", "3", "Administrasi Keuangan", None),
        ],
    ),
    Case(
        # "Level" in English, the level column after the name, levels in English-free words.
        "level-column-named-level",
        _tsv(
            ["No", "Uraian", "Level", "Indikator Kinerja", "Target"],
            ["A", "Penunjang Urusan Pemerintahan", "Program", "Persentase Laporan", "100"],
            ["A.1", "Administrasi Keuangan", "Kegiatan", "Jumlah Dokumen", "4"],
        ),
        [
            ("program", "A", "Penunjang Urusan Pemerintahan", None),
            ("kegiatan", "1", "Administrasi Keuangan", "Penunjang Urusan Pemerintahan"),
        ],
    ),
]  # fmt: skip


def test_codes_in_the_number_column_stay_codes() -> None:
    """Nomenclature codes in a No column look like outline numbers ("7.01.01" then
    "7.01.01.2.01") but are codes: each node keeps its code, and the level comes from it."""
    plan = read_plan_text(
        _tsv(
            ["No", "Uraian (Program/Kegiatan/Sub Kegiatan)", "Indikator Kinerja", "TW I", "TW IV"],
            [
                "7.01.01",
                "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH",
                "Persentase Laporan",
                "25",
                "100",
            ],
            [
                "7.01.01.2.01",
                "Perencanaan dan Evaluasi Kinerja Perangkat Daerah",
                "Jumlah Dokumen",
                "1",
                "4",
            ],
            ["7.01.01.2.01.0001", "Penyusunan Dokumen Perencanaan", "Jumlah Dokumen", "1", "4"],
        )
    )
    assert [(n.level, n.code, n.number, p and p.code) for n, p in plan.walk()] == [
        ("program", "7.01.01", None, None),
        ("kegiatan", "7.01.01.2.01", None, "7.01.01"),
        ("subkegiatan", "7.01.01.2.01.0001", None, "7.01.01.2.01"),
    ]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_outline_and_level_column(case: Case) -> None:
    plan = read_plan_text(case.text)
    got = [
        (node.level, node.number, node.name, parent and parent.name) for node, parent in plan.walk()
    ]
    assert got == case.tree
    assert not plan.has_errors(), [f for f in plan.findings if f.severity == "error"]


def test_level_column_is_not_read_as_a_name_or_indicator() -> None:
    plan = read_plan_text(CASES[0].text)
    sasaran = plan.nodes[0]
    (indicator,) = sasaran.indicators
    assert (indicator.name, indicator.unit, indicator.targets["TW4"]) == ("IKM", "Indeks", 85)


def test_periods_of_the_header_without_values() -> None:
    """A plan whose targets are all still empty has the periods its header names."""
    plan = read_plan_text(
        _tsv(HEAD, ["1", "Program", "Penunjang Urusan Pemerintahan", "Persentase Laporan", "%"])
    )
    assert plan.periods == ["TW1", "TW2", "TW3", "TW4"]
    assert plan.nodes[0].indicators[0].targets == dict.fromkeys(plan.periods)


def test_empty_annual_target_cell_stays_empty() -> None:
    """A Target Tahunan column left empty is not filled from TW IV: nothing is invented. Without
    such a column the annual target is the last quarter's."""
    head = ["No", "Tingkat", "Uraian", "Indikator Kinerja", "Target Tahunan", "TW I", "TW IV"]
    with_column = read_plan_text(
        _tsv(
            head,
            ["1", "Program", "Penunjang Urusan", "Persentase Laporan", "", "25", "100"],
            ["2", "Program", "Pemberdayaan Desa", "Persentase Desa", "90", "25", "100"],
        )
    )
    assert [n.indicators[0].annual_target for n in with_column.nodes] == [None, 90]
    without = read_plan_text(
        _tsv(
            HEAD,
            [
                "1",
                "Program",
                "Penunjang Urusan",
                "Persentase Laporan",
                "%",
                "25",
                "50",
                "75",
                "100",
            ],
        )
    )
    assert without.nodes[0].indicators[0].annual_target == 100


@pytest.mark.parametrize(
    ("parent", "number", "outline"),
    [
        (None, "1", "1"),
        ("1", "2", "1.2"),
        ("1.2", "C", "1.2.C"),
        ("1", None, None),
        (None, None, None),
    ],
)
def test_outline_of(parent, number, outline) -> None:
    assert outline_of(parent, number) == outline


@pytest.mark.parametrize(
    ("outline", "splits"),
    [
        ("1", []),
        ("1.2", [("1", "2")]),
        ("1.2.3", [("1.2", "3"), ("1", "2.3")]),
        ("C.1", [("C", "1")]),
    ],
)
def test_outline_splits(outline, splits) -> None:
    assert outline_splits(outline) == splits
