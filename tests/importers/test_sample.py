"""The sample Rencana Aksi (Kecamatan Kaligondang 2022) read in detail.

The expected tree below was checked by hand against the document, row by row: it is what the
document means (levels, links, merged program, targets), including its defects, which must come out
as findings with their lines rather than as invented values.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from renaksi.core.plan import Plan
from renaksi.importers import read_plan

SAMPLE = (
    Path(__file__).parents[2]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)

# (depth, level, number, name, line, [(indicator name, (TW1, TW2, TW3, TW4)), ...]) in document order.
EXPECTED = [
    (
        0,
        "tujuan",
        "1",
        "Meningkatnya Kualitas Pelayanan Masyarakat (IKM)",
        9,
        [("Hasil Pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan", (30, None, 50, 100))],
    ),
    (
        1,
        "sasaran",
        "1",
        "Meningkatnya Kualitas kelembagaan Kecamatan Kaligondang",
        9,
        [("Nilai SAKIP Kecamatan Kaligondang", (25, 50, 75, 100))],
    ),
    (
        2,
        "program",
        "1",
        "Program Penunjang Urusan Pemerintah Daerah Kabupaten/Kota",
        21,
        [
            ("Presentase Ketersediaan Laporan Capaian Kinerja", (25, 50, 75, 100)),
            ("Prosentase Temuan Pengelolaan Anggaran yang ditindaklanjuti", (25, 50, 75, 100)),
            (
                "Persentase Ketersediaan layanan kepegawaian, administrasi umum dan jasa penunjang urusan pemerintahan daerah",
                (25, 50, 75, 100),
            ),
            (
                "Prosentase Pengelolaan Administrasi Aset milik daerah sesuai ketentuan",
                (25, 50, 75, 100),
            ),
            ("Persentase pemeliharaan barang milik daerah", (25, 50, 75, 100)),
            (
                "Persentase Administrasi Kepegawean, Administrasi Umum dan Jasa Penunjang",
                (25, 50, 75, 100),
            ),
        ],
    ),
    (
        3,
        "kegiatan",
        "1",
        "Kegiatan Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        64,
        [
            (
                "Presentase Dokumen Perencanaan yang diserahkan tepat waktu sesuai ketentuan",
                (25, 50, 75, 100),
            ),
            ("Presentase Dokumen Laporan yang disusun", (25, 50, 75, 100)),
        ],
    ),
    (
        4,
        "subkegiatan",
        "1",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        64,
        [("Jumlah Dokumen Perencanaan Inspektorat Daerah", (25, 50, 75, 100))],
    ),
    (
        4,
        "subkegiatan",
        "2",
        "Evaluasi Kinerja Perangkat Daerah",
        68,
        [("Jumlah Laporan Evaluasi Kinerja Perangkat Daerah", (25, 50, 75, 100))],
    ),
    (
        3,
        "kegiatan",
        "2",
        "Kegiatan Administrasi Keuangan Perangkat Daerah",
        76,
        [
            (
                "Presentase Dokumen Administrasi Keuangan yang Disusun sesuai Ketentuan",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        4,
        "subkegiatan",
        "1",
        "Penyediaan Gaji dan Tunjangan ASN",
        76,
        [("Jumlah Orang yang Menerima Gaji dan Tunjangan ASN", (25, 50, 75, 100))],
    ),
    (
        4,
        "subkegiatan",
        "2",
        "Penyediaan Administrasi Pelaksanaan Tugas ASN",
        80,
        [("Jumlah Dokumen Hasil Penyediaan Administrasi Pelaksanaan Tugas ASN", (25, 50, 75, 100))],
    ),
    (
        4,
        "subkegiatan",
        "3",
        "Koordinasi dan Pelaksanaan Akuntansi SKPD",
        84,
        [("Jumlah Dokumen Koordinasi dan Pelaksanaan Akuntansi SKPD", (25, 50, None, None))],
    ),
    (
        3,
        "kegiatan",
        "3",
        "Administrasi Barang Milik Daerah",
        86,
        [("Tersusunnya Laporan Penatausahaan Barang Milik Daerah", (25, 50, 75, 100))],
    ),
    (
        4,
        "subkegiatan",
        "1",
        "Penatausahaan Barang Miik Daerah pada SKPD",
        86,
        [("Jumlah Laporan Penatausahaan Barang Milik Daerah pada SKPD", (25, 50, 75, 100))],
    ),
    (
        3,
        "kegiatan",
        "4",
        "Kegiatan Administrasi Umum Perangkat Daerah",
        90,
        [("Terlaksananya Administrasi Umum penunjang operasional kantor", (25, 50, 75, 100))],
    ),
    (
        4,
        "subkegiatan",
        "1",
        "Penyediaan Komponen Instalasi Listrik/ Penerangan Bangunan Kantor",
        90,
        [
            (
                "Jumlah Paket Komponen Instalasi Listrik/Penerangan Bangunan Kantor yang Disediakan",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        4,
        "subkegiatan",
        "2",
        "Penyediaan Bahan Logistik Kantor",
        94,
        [("Jumlah Paket Bahan Logistik Kantor yang Disediakan", (25, 50, 75, 100))],
    ),
    (
        4,
        "subkegiatan",
        "3",
        "Fasilitas Kunjungan Tamu",
        102,
        [
            (
                "Jumlah Dokumen Bahan Bacaan dan Peraturan Perundang-Undangan yang Disediakan",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        4,
        "subkegiatan",
        "4",
        "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
        106,
        [
            (
                "Jumlah Laporan Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        4,
        "subkegiatan",
        "5",
        "Dukungan Pelaksanaan Sistem Pemerintahan Berbasis Elektronik pada SKPD",
        110,
        [
            (
                "Jumlah Dokumen Dukungan Pelaksanaan Sistem Pemerintahan Berbasis Elektronik pada SKPD",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        3,
        "kegiatan",
        "5",
        "Penyediaan Jasa Penunjang Urusan Pemerintah Daerah",
        114,
        [("Tersedianya jasa penunjang urusan pemerintah daerah", (25, 50, 75, 100))],
    ),
    (
        4,
        "subkegiatan",
        "1",
        "Penyediaan Jasa Surat Menyurat",
        114,
        [("Jumlah Laporan Penyediaan Jasa Surat Menyurat", (25, 50, 75, 100))],
    ),
    (
        4,
        "subkegiatan",
        "2",
        "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
        118,
        [
            (
                "Jumlah Laporan Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik yang Disediakan",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        4,
        "subkegiatan",
        "3",
        "Penyediaan Jasa Pelayanan Umum Kantor",
        122,
        [
            (
                "Jumlah Laporan Penyediaan Jasa Pelayanan Umum Kantor yang Disediakan",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        3,
        "kegiatan",
        "6",
        "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
        130,
        [("Jumlah Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah", (25, 50, 75, 100))],
    ),
    (
        4,
        "subkegiatan",
        "1",
        "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak dan Perizinan Kendaraan Dinas Operasional atau Lapangan",
        130,
        [
            (
                "Jumlah Kendaraan Dinas Operasional atau Lapangan yang Dipelihara dan dibayarkan Pajak dan Perizinannya",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        4,
        "subkegiatan",
        "2",
        "Pemeliharaan Peralatan dan Mesin Lainnya",
        134,
        [("Jumlah Peralatan dan Mesin Lainnya yang Dipelihara", (25, 50, 75, 100))],
    ),
    (
        4,
        "subkegiatan",
        "3",
        "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya",
        138,
        [
            (
                "Jumlah Sarana dan Prasarana Pendukung Gedung Kantor atau Bangunan Lainnya yang Dipelihara/Direhabilitasi",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        1,
        "sasaran",
        "2",
        "Meningkatnya kualitas Pelayanan Kecamatan",
        13,
        [("Hasil Pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan", (30, 50, 70, 100))],
    ),
    (
        0,
        "sasaran",
        "2",
        "Meningkatnya kualitas pengawasan penyelenggaraan pemerintahan",
        49,
        [
            (
                "Presentase Rekomendasi Hasil Pemeriksaan Yang Selesai Ditindaklanjuti",
                (30, 50, 70, 100),
            )
        ],
    ),
    (
        1,
        "program",
        "2",
        "Program Penyelenggaraan Pemerintahan Dan Pelayanan Publik",
        49,
        [
            ("Persentase Keaktifan Lembaga Desa", (25, 50, 75, 100)),
            (
                "Persentase Laporan Kejadian Ketentraman dan Ketertiban Umum Kecamatan",
                (25, 50, 75, 100),
            ),
            ("Nilai MCP Korsupgah", (25, 50, 75, 100)),
        ],
    ),
    (
        2,
        "kegiatan",
        "1",
        "Koordinasi Penyelenggaraan Kegiatan Pemerintahan",
        144,
        [
            (
                "Jumlah Rekomendasi Terkait Penyelenggaraan Kegiatan Pemerintahan di Tingkat Kecamatan",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        3,
        "subkegiatan",
        "1",
        "Peningkatan Efektifitas Kegiatan Pemerintahan di Tingkat Kecamatan",
        144,
        [
            (
                "Jumlah Dokumen Peningkatan Efektifitas Kegiatan Pemerintahan di Tingkat Kecamatan Pemerintah Daerah",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        2,
        "kegiatan",
        "2",
        "Pelaksanaan Urusan Pemerintahan yang Dilimpahkan kepada Camat",
        148,
        [("Jumlah Dokumen Perizinannon Usaha yang dilaksanakan", (25, 50, 75, 100))],
    ),
    (
        3,
        "subkegiatan",
        "1",
        "Pelaksanaan Urusan Pemerintahan yang Terkait dengan Pelayanan",
        148,
        [
            (
                "Jumlah Dokumen Pemerintahan yang Terkait dengan Pelayanan Perizinan Non Usaha",
                (25, 50, 75, 100),
            )
        ],
    ),
    (0, "program", "C", "Program Pemberdayaan Masyarakat Desa Dan Kelurahan", 152, []),
    (
        1,
        "kegiatan",
        "1",
        "Koordinasi Kegiatan Pemberdayaan Desa",
        153,
        [("Prosentase Keaktifan Lembaga Desa", (25, 50, 75, 100))],
    ),
    (
        2,
        "subkegiatan",
        "1",
        "Peningkatan Partisipasi Masyarakat dalam Forum Musyawarah Perencanaan Pembangunan di Desa",
        153,
        [
            (
                "Jumlah Laporan Peningkatan Partisipasi Masyarakat dalam Forum Musyawarah Perencanaan Pembangunan di Desa",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        2,
        "subkegiatan",
        "2",
        "Peningkatan Efektifitas Kegiatan Pemberdayaan Masyarakat di",
        157,
        [
            (
                "Jumlah Laporan Peningkatan Efektifitas Kegiatan Pemberdayaan Masyarakat di Wilayah Kecamatan",
                (25, 50, 75, None),
            )
        ],
    ),
    (0, "program", "D", "Program Koordinasi Ketentraman Dan Ketertiban Umum", 160, []),
    (
        1,
        "kegiatan",
        "1",
        "Koordinasi Upaya Penyelenggaraan Ketenteraman dan Ketertiban Umum",
        165,
        [
            (
                "Jumlah Laporan Kejadian Gangguan Ketenteraman dan Ketertiban Umum yang dilaporkan",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        2,
        "subkegiatan",
        "1",
        "Sinergitas dengan Kepolisian Negara Republik Indonesia, Tentara Nasional Indonesia dan Instansi Vertikal di Wilayah Kecamatan",
        165,
        [
            (
                "Jumlah Laporan Hasil Sinergitas dengan Kepolisian Negara Republik Indonesia, Tentara Nasional Indonesia dan Instansi Vertikal di Wilayah Kecamatan",
                (25, 50, 75, 100),
            )
        ],
    ),
    (
        2,
        "subkegiatan",
        "2",
        "Harmonisasi Hubungan dengan Tokoh Agama dan Tokoh Masyarakat",
        169,
        [
            (
                "Jumlah Laporan Pelaksanaan Harmonisasi Hubungan dengan Tokoh Agama dan Tokoh Masyarakat",
                (25, 50, 75, 100),
            )
        ],
    ),
    (0, "program", "E", "Program Penyelenggaraan Urusan Pemerintahan Umum", 173, []),
    (
        1,
        "kegiatan",
        "1",
        "Penyelenggaraan Urusan Pemerintahan Umum Sesuai Penugasan Kepala Daerah",
        174,
        [("Persentase Potensi Konflik", (25, 50, 75, 100))],
    ),
    (
        2,
        "subkegiatan",
        "1",
        "Pembinaan Persatuan dan Kesatuan Bangsa",
        174,
        [
            (
                "Jumlah Orang yang mengikuti Pembinaan persatuan dan Kesatuan Bangsa",
                (25, 50, 75, 100),
            )
        ],
    ),
    (0, "program", "F", "Program Pembinaan Dan Pengawasan Pemerintahan Desa", 178, []),
    (
        1,
        "kegiatan",
        "1",
        "Fasilitasi, Rekomendasi dan Koordinasi Pembinaan dan Pengawasan Pemerintahan Desa",
        179,
        [("Presentase Cakupan Desa Yang melaksanakan Tertib Administrasi", (25, 50, 75, 100))],
    ),
    (
        2,
        "subkegiatan",
        "1",
        "Fasilitasi Administrasi Tata Pemerintahan Desa",
        179,
        [
            (
                "Jumlah Dokumen yang difasilitasi dalam Rangka Administrasi Tata Pemerintahan Desa",
                (25, 50, 75, 100),
            )
        ],
    ),
]


@pytest.fixture(scope="module")
def plan() -> Plan:
    return read_plan(SAMPLE)


def flatten(plan: Plan):
    out = []

    def visit(node, depth):
        out.append(
            (
                depth,
                node.level,
                node.number,
                node.name,
                node.line,
                [(i.name, tuple(i.targets[p] for p in plan.periods)) for i in node.indicators],
            )
        )
        for child in node.children:
            visit(child, depth + 1)

    for node in plan.nodes:
        visit(node, 0)
    return out


def test_header_of_the_document(plan):
    assert plan.unit == "Kecamatan Kaligondang"
    assert plan.year == 2022
    assert plan.periods == ["TW1", "TW2", "TW3", "TW4"]


def test_counts(plan):
    assert plan.count("tujuan") == 1
    assert plan.count("sasaran") == 3
    assert plan.count("program") == 6
    assert plan.count("kegiatan") == 12
    assert plan.count("subkegiatan") == 25
    assert sum(1 for _ in plan.indicators()) == 51


@pytest.mark.parametrize(
    "index", range(len(EXPECTED)), ids=lambda i: f"{EXPECTED[i][1]}@{EXPECTED[i][4]}"
)
def test_tree_node_by_node(plan, index):
    assert flatten(plan)[index] == EXPECTED[index]


def test_tree_has_nothing_more(plan):
    assert len(flatten(plan)) == len(EXPECTED)


def test_program_in_two_tables_is_one_node(plan):
    programs = [n for n, _ in plan.walk() if n.level == "program"]
    penunjang = [p for p in programs if p.name.startswith("Program Penunjang")]
    assert len(penunjang) == 1
    # Its indicators come from the program table, its kegiatan from the kegiatan table (section "A.").
    assert len(penunjang[0].indicators) == 6
    assert [k.number for k in penunjang[0].children] == ["1", "2", "3", "4", "5", "6"]


def test_programs_linked_to_the_sasaran_they_serve(plan):
    parents = {node.name: parent for node, parent in plan.walk()}
    assert parents["Program Penunjang Urusan Pemerintah Daerah Kabupaten/Kota"].name == (
        "Meningkatnya Kualitas kelembagaan Kecamatan Kaligondang"
    )
    assert parents["Program Penyelenggaraan Pemerintahan Dan Pelayanan Publik"].name == (
        "Meningkatnya kualitas pengawasan penyelenggaraan pemerintahan"
    )
    # Programs C–F appear only in the kegiatan table: no sasaran is named for them.
    for name in (
        "Program Pemberdayaan Masyarakat Desa Dan Kelurahan",
        "Program Koordinasi Ketentraman Dan Ketertiban Umum",
        "Program Penyelenggaraan Urusan Pemerintahan Umum",
        "Program Pembinaan Dan Pengawasan Pemerintahan Desa",
    ):
        assert parents[name] is None


def test_result_statements_kept_on_indicators(plan):
    node = next(
        n for n, _ in plan.walk() if n.name == "Penyusunan Dokumen Perencanaan Perangkat Daerah"
    )
    indicator = node.indicators[0]
    assert indicator.objective == "Tersusunnya Dokumen Perencanaan Inspektorat Daerah"
    assert indicator.unit == "%"
    assert indicator.annual_target == 100


def test_missing_quarters_stay_empty(plan):
    node = next(n for n, _ in plan.walk() if n.line == 84 and n.level == "subkegiatan")
    assert node.indicators[0].targets == {"TW1": 25, "TW2": 50, "TW3": None, "TW4": None}
    assert node.indicators[0].annual_target is None  # never invented


def findings(plan, code):
    return [(f.line, f.severity) for f in plan.findings if f.code == code]


def test_conflicting_quarter_reported_with_its_line(plan):
    assert findings(plan, "conflicting-target") == [(13, "error")]
    conflict = next(f for f in plan.findings if f.code == "conflicting-target")
    assert (
        "TW3" in conflict.message
        and "line 11" in conflict.message
        and "line 13" in conflict.message
    )
    assert conflict.subject == 9  # the tujuan's indicator, whose TW III was first given on line 11


def test_repeated_page_headers_naming_the_wrong_level(plan):
    assert [line for line, _ in findings(plan, "header-level-mismatch")] == [6, 73, 99, 127, 162]


def test_other_document_defects_reported(plan):
    assert findings(plan, "stray-number") == [(53, "warning")]
    assert findings(plan, "name-variant") == [(21, "info")]
    assert findings(plan, "sasaran-not-listed") == [(49, "warning")]
    assert findings(plan, "truncated-name") == [(157, "warning")]


def test_findings_sorted_by_line(plan):
    lines = [f.line or 0 for f in plan.findings]
    assert lines == sorted(lines)
