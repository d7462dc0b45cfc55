"""prose.py, table-driven: rows that are not plan rows (signatures, particulars, prose), and plan
rows that must never be taken for them.

Cases marked xfail(strict=True) are behaviour believed wrong today; the reason says what goes wrong.
"""

from __future__ import annotations

import pytest

from renaksi.importers.grid import Row
from renaksi.importers.prose import not_plan_reason


def P(*args, id, bug=None):
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(*args, id=id, marks=marks)


@pytest.mark.parametrize(
    "cells, reason",
    [
        # Place and date.
        P(["Kaligondang, 3 Januari 2022"], "signature", id="place-and-date"),
        P(["Bandung, 2017"], "signature", id="place-and-year"),
        P(["Purbalingga,     Januari 2023"], "signature", id="date-left-blank"),
        P(["Purbalingga, 12 Pebruari 2023"], "signature", id="pebruari"),
        P(["", "Kaligondang, 3 Januari 2022", ""], "signature", id="place-and-date-in-a-table"),
        P(["Kaligondang, 3 Januari 2022 CAMAT KALIGONDANG"], "signature", id="cell-goes-on"),
        # Names with titles, ranks, NIP, positions.
        P(["NAMA LENGKAP, S.Sos"], "signature", id="name-with-title"),
        P(["dr. H. DODO SUHENDAR, MM."], "signature", id="honorifics-and-title"),
        P(["Drs. Nama, M.Si"], "signature", id="drs"),
        P(["Ir. Budi Santoso"], "signature", id="honorific-only"),
        P(["Pembina Tk. I"], "signature", id="rank"),
        P(["Pembina Utama Muda"], "signature", id="rank-words"),
        P(["Penata Tingkat I (III/d)"], "signature", id="rank-and-grade"),
        P(["NIP. 19700101 199003 1 005"], "signature", id="nip"),
        P(["NIP 197001011990031005"], "signature", id="nip-no-dot"),
        P(["PIHAK KESATU,"], "signature", id="pihak-kesatu"),
        P(["PIHAK KEDUA,", "PIHAK KESATU,"], "signature", id="both-parties"),
        P(["CAMAT KALIGONDANG,"], "signature", id="position-in-capitals"),
        P(["Mengetahui,"], "signature", id="mengetahui"),
        P(["a.n. Bupati"], "signature", id="atas-nama"),
        # Particulars.
        P(["Nama : Budi"], "particulars", id="nama-one-cell"),
        P(["Nama", ":", "Budi Santoso"], "particulars", id="nama-three-cells"),
        P(["Jabatan : Camat"], "particulars", id="jabatan"),
        P(["Pangkat/Gol : Pembina"], "particulars", id="pangkat-gol"),
        P(["Unit Kerja : Kecamatan"], "particulars", id="unit-kerja"),
        P(["NIP", ":", "1970"], "particulars", id="nip-three-cells"),
        # Prose.
        P(
            [
                "Pada hari ini Senin tanggal tiga bulan Januari tahun dua ribu dua puluh dua, "
                "kami yang bertanda tangan di bawah ini sepakat"
            ],
            "prose",
            id="sentence",
        ),
    ],
)
def test_not_plan(cells, reason):
    assert not_plan_reason(Row(1, cells)) == reason


@pytest.mark.parametrize(
    "cells",
    [
        P(["Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"], id="program"),
        P(["Meningkatnya kualitas pelayanan publik"], id="result-statement"),
        P(["Jumlah Dokumen Perencanaan", "3", "Dokumen"], id="indicator-and-value"),
        P(["Penyusunan Laporan Keuangan, Kinerja dan Ikhtisar"], id="kegiatan-with-comma"),
        P(
            ["1.", "Penyusunan Laporan Keuangan, Kinerja dan Ikhtisar", "Jumlah Laporan", "4"],
            id="numbered-kegiatan-row",
        ),
        P(["Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik"], id="sub-kegiatan-comma"),
        P(["Rapat Koordinasi dan Konsultasi ke Luar Daerah, Dalam Daerah"], id="comma-then-words"),
        P(["Persentase capaian", "25%", "50%"], id="indicator-and-percentages"),
        P(["Indeks Kepuasan Masyarakat", "82,5"], id="index-value"),
        P(["Target Kinerja Tahun 2022, Semester I"], id="year-then-comma"),
        P(["Pelaksanaan Koordinasi, Monitoring dan Evaluasi 2022"], id="comma-then-year-later"),
        P(
            [
                "Penyusunan Dokumen Perencanaan Perangkat Daerah dan Evaluasi Kinerja Perangkat "
                "Daerah serta laporan capaian kinerja dan ikhtisar"
            ],
            id="long-name-under-twenty-words",
        ),
        P(["URAIAN", "INDIKATOR", "TARGET"], id="header"),
        P(["TW I", "25%"], id="label-and-value"),
        P([""], id="empty-cell"),
        P([], id="no-cells"),
        P(
            ["Sasaran", ":", "Meningkatnya kualitas pelayanan publik"],
            id="sasaran-colon-statement",
        ),
        P(
            ["Program", ":", "Program Penunjang Urusan Pemerintahan Daerah"],
            id="program-colon-name",
        ),
    ],
)
def test_plan_rows_are_not_flagged(cells):
    assert not_plan_reason(Row(1, cells)) is None
