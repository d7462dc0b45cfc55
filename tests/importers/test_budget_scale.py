"""Budgets stated in thousands or millions of rupiah are read as rupiah."""

from __future__ import annotations

import pytest

from renaksi.importers import read_plan_text


def _plan(budget_caption: str):
    rows = [
        ["RENCANA KERJA TAHUN 2024 DINAS Y"],
        [""],
        ["KODE", "PROGRAM / KEGIATAN", "INDIKATOR KINERJA", "TARGET", "SATUAN", budget_caption],
        [
            "2.16.01",
            "Program Penunjang Urusan Pemerintahan Daerah Provinsi",
            "Nilai SAKIP",
            "80",
            "nilai",
            "1.250",
        ],
    ]
    return read_plan_text("\n".join("\t".join(r) for r in rows))


@pytest.mark.parametrize(
    "caption, budget",
    [
        ("PAGU INDIKATIF (Rp)", 1250),
        ("PAGU INDIKATIF (Ribuan Rp)", 1_250_000),
        ("ANGGARAN (dalam ribuan rupiah)", 1_250_000),
        ("Pagu (Rp Juta)", 1_250_000_000),
        ("ANGGARAN (Jutaan)", 1_250_000_000),
        ("Alokasi (Miliar)", 1_250_000_000_000),
    ],
)
def test_budget_caption_scale(caption, budget):
    (program,) = _plan(caption).nodes
    assert program.budget == budget
