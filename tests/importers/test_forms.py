"""Forms other offices use, each read as a careful reader reads it (layout rules, no strings of
one document): an IKU table with its formula column, monthly targets, a monitoring form with
T | R | % under each quarter, realisasi K | % | Rp per quarter."""

from __future__ import annotations

from renaksi.importers import read_plan_text


def _read(*rows):
    return read_plan_text("\n".join("\t".join(r) for r in rows))


def _indicators(plan):
    return [
        (
            node.level,
            ind.name,
            ind.annual_target,
            {k: v for k, v in ind.targets.items() if v is not None},
            ind.actuals,
        )
        for root in plan.nodes
        for node, _ in root.walk()
        for ind in node.indicators
    ]


def test_iku_table_formula_and_data_source_are_notes():
    plan = _read(
        ["INDIKATOR KINERJA UTAMA (IKU)"],
        ["DINAS PENDIDIKAN KABUPATEN BANYUMAS TAHUN 2022"],
        [""],
        [
            "NO",
            "SASARAN STRATEGIS",
            "INDIKATOR KINERJA UTAMA",
            "FORMULASI / PENJELASAN",
            "SUMBER DATA",
            "PENANGGUNG JAWAB",
        ],
        [
            "1",
            "Meningkatnya akses pendidikan dasar",
            "Angka Partisipasi Murni SD",
            "Jumlah siswa usia 7-12 tahun dibagi jumlah penduduk usia 7-12 tahun x 100%",
            "Dapodik",
            "Bidang SD",
        ],
        [
            "",
            "",
            "Angka Partisipasi Murni SMP",
            "Jumlah siswa usia 13-15 dibagi penduduk usia 13-15 x 100%",
            "Dapodik",
            "Bidang SMP",
        ],
    )
    assert (plan.unit, plan.year) == ("Dinas Pendidikan Kabupaten Banyumas", 2022)
    assert [(n.level, n.name) for n in plan.nodes] == [
        ("sasaran", "Meningkatnya akses pendidikan dasar")
    ]
    assert [i.name for i in plan.nodes[0].indicators] == [
        "Angka Partisipasi Murni SD",
        "Angka Partisipasi Murni SMP",
    ]


def test_monthly_targets():
    plan = _read(
        ["RENCANA AKSI BULANAN TAHUN 2023"],
        ["PUSKESMAS KEMBARAN I"],
        [""],
        [
            "NO",
            "KEGIATAN",
            "INDIKATOR",
            "TARGET",
            "JAN",
            "FEB",
            "MAR",
            "APR",
            "MEI",
            "JUN",
            "JUL",
            "AGT",
            "SEP",
            "OKT",
            "NOV",
            "DES",
        ],
        [
            "1",
            "Pelayanan Kesehatan Ibu Hamil",
            "Cakupan K4",
            "95%",
            "8",
            "16",
            "24",
            "32",
            "40",
            "48",
            "56",
            "64",
            "72",
            "80",
            "88",
            "95",
        ],
    )
    assert plan.periods == [f"M{m:02d}" for m in range(1, 13)]
    ((level, name, annual, targets, _actuals),) = _indicators(plan)
    assert (level, name, annual, targets["M01"], targets["M12"]) == (
        "kegiatan",
        "Cakupan K4",
        95,
        8,
        95,
    )


def test_monitoring_form_target_realisasi_capaian_per_quarter():
    plan = _read(
        ["LAPORAN MONEV RENCANA AKSI TAHUN 2023"],
        ["KECAMATAN SUMBANG"],
        [""],
        [
            "NO",
            "SASARAN",
            "INDIKATOR KINERJA",
            "TARGET TAHUN 2023",
            "TRIWULAN I",
            "",
            "",
            "TRIWULAN II",
            "",
            "",
            "KET",
        ],
        ["", "", "", "", "T", "R", "%", "T", "R", "%", ""],
        [
            "1",
            "Meningkatnya kualitas pelayanan",
            "Indeks Kepuasan Masyarakat",
            "82",
            "20",
            "21",
            "105",
            "40",
            "38",
            "95",
            "",
        ],
    )
    ((level, name, annual, targets, actuals),) = _indicators(plan)
    assert (level, name, annual) == ("sasaran", "Indeks Kepuasan Masyarakat", 82)
    assert targets == {"TW1": 20, "TW2": 40}
    assert {k: v for k, v in actuals.items() if v is not None} == {"TW1": 21, "TW2": 38}
    assert not [f for f in plan.findings if f.code == "conflicting-target"]


def test_realisasi_k_percent_rp_per_quarter():
    plan = _read(
        ["RENCANA AKSI DAN REALISASI TAHUN 2023 DINAS X"],
        [""],
        [
            "NO",
            "PROGRAM/KEGIATAN/SUB KEGIATAN",
            "INDIKATOR",
            "SATUAN",
            "TARGET",
            "REALISASI TRIWULAN",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        ["", "", "", "", "", "TW I", "", "", "TW II", "", "", "TW III", "", "", "TW IV", "", ""],
        ["", "", "", "", "", "K", "%", "Rp", "K", "%", "Rp", "K", "%", "Rp", "K", "%", "Rp"],
        [
            "1",
            "Program Penunjang Urusan Pemerintahan Daerah",
            "Persentase laporan",
            "%",
            "100",
            "25",
            "25",
            "1.000.000",
            "50",
            "50",
            "2.000.000",
            "75",
            "75",
            "3.000.000",
            "100",
            "100",
            "4.000.000",
        ],
    )
    ((level, name, annual, _targets, actuals),) = _indicators(plan)
    assert (level, name, annual) == ("program", "Persentase laporan", 100)
    assert actuals == {"TW1": 25, "TW2": 50, "TW3": 75, "TW4": 100}
