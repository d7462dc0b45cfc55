"""The nomenclature: loading, normal forms, codes, and matching document names (table-driven).

Names marked "sample" are written as in src/renaksi/data/samples/rencana-aksi-2022-kecamatan-
kaligondang.txt. The threshold cases pin FUZZY_THRESHOLD, WORD_THRESHOLD, MAX_OTHER_WORDS and
the first-word rule: typos match, other words do not.
"""

from __future__ import annotations

import pytest

from renaksi.core import nomenclature as nom
from renaksi.core.nomenclature import (
    FUZZY_THRESHOLD,
    MIN_PREFIX_WORDS,
    WORD_THRESHOLD,
    code_bidang,
    code_level,
    concrete_code,
    load,
    name_words,
    normalise_code,
    normalise_name,
    strip_numbering,
    word_similarity,
)

NM = load()  # combined, built once for the module


def P(*args, id):
    return pytest.param(*args, id=id)


# ---------------------------------------------------------------------------------------------
# Loading


@pytest.mark.parametrize(
    "version, level, count",
    [
        P("2022", "program", 197, id="2022-programs"),
        P("2022", "kegiatan", 384, id="2022-kegiatan"),
        P("2022", "subkegiatan", 985, id="2022-subkegiatan"),
        P("sipd", "program", 406, id="sipd-programs"),
        P("sipd", "kegiatan", 1688, id="sipd-kegiatan"),
        P("sipd", "subkegiatan", 7765, id="sipd-subkegiatan"),
        P("combined", "subkegiatan", 985 + 7765, id="combined-subkegiatan"),
    ],
)
def test_versions_hold_every_item(version, level, count):
    assert sum(1 for e in load(version) if e.level == level) == count


def test_unknown_version_is_an_error():
    with pytest.raises(ValueError, match="unknown nomenclature version"):
        load("1999")


def test_load_is_cached():
    assert load() is load("combined") is NM


def test_entries_are_one_line_and_trimmed():
    for entry in NM:
        for text in (entry.name, entry.kinerja, entry.indikator, entry.satuan):
            assert text is None or (text == " ".join(text.split()) and text), entry


def test_sipd_keeps_both_lists():
    jenis = {e.jenis for e in load("sipd")}
    assert jenis == {"KABKOT", "PROV"}
    assert {e.jenis for e in load("2022")} == {"KABKOT"}


def test_combined_fills_standard_indicator_from_sipd():
    entry = NM.by_code("7.01.01.2.02.0001")
    assert entry.version == "2022"
    assert entry.name == "Penyediaan Gaji dan Tunjangan ASN"
    assert entry.indikator == "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN"
    assert load("2022").by_code("7.01.01.2.02.0001").indikator is None


# ---------------------------------------------------------------------------------------------
# Normal forms


@pytest.mark.parametrize(
    "text, expected",
    [
        P(
            "A. Program Penunjang Urusan Pemerintah Daerah Kabupaten/ Kota",
            "penunjang urusan pemerintah daerah kabupaten/kota",
            id="sample-section-row",
        ),
        P(
            "2. Kegiatan Administrasi Keuangan Perangkat Daerah",
            "administrasi keuangan perangkat daerah",
            id="sample-kegiatan-prefix",
        ),
        P("1 Sub Kegiatan Penyediaan Gaji", "penyediaan gaji", id="sub-kegiatan-word"),
        P("Sub-Kegiatan: Penyediaan Gaji", "penyediaan gaji", id="sub-kegiatan-colon"),
        P("Keg. Sinergitas dengan Polri", "sinergitas dengan polri", id="keg-abbrev"),
        P("Progam Penunjang", "penunjang", id="typo-in-level-word"),
        P("7.01.01.2.01.0001 Penyusunan Dokumen", "penyusunan dokumen", id="leading-code"),
        P("X.XX.01 PROGRAM PENUNJANG", "penunjang", id="leading-xx-code"),
        P("(3) Fasilitasi Kunjungan Tamu", "fasilitasi kunjungan tamu", id="paren-number"),
        P("IV. Penyediaan Jasa", "penyediaan jasa", id="roman-number"),
        P("2 Penyediaan Bahan Logistik Kantor", "penyediaan bahan logistik kantor", id="bare-1"),
        P(
            "Penyediaan Komponen Instalasi Listrik /Penerangan",
            "penyediaan komponen instalasi listrik/penerangan",
            id="space-before-slash",
        ),
        P("Anak Usia Dini (PAUD)", "anak usia dini paud", id="parentheses"),
        P("Sarana & Prasarana", "sarana dan prasarana", id="ampersand"),
        P("  Peningkatan   Efektifitas \n Kegiatan ", "peningkatan efektifitas kegiatan", id="ws"),
        P("Kegiatan", "kegiatan", id="level-word-alone-kept"),
        P("Program Kegiatan", "kegiatan", id="only-first-level-word"),
        P("", "", id="empty"),
        P("3.", "3", id="number-only"),
    ],
)
def test_normalise_name(text, expected):
    assert normalise_name(text) == expected


def test_normalise_keeps_spelling():
    # Normalising only builds a key; it never corrects a word.
    assert normalise_name("Barang Miik Daerah") == "barang miik daerah"
    assert normalise_name("Efektifitas") == "efektifitas"


@pytest.mark.parametrize(
    "text, expected",
    [
        P("1. Program Penunjang", "Program Penunjang", id="dot"),
        P("A. Program", "Program", id="letter"),
        P("1.2. Kegiatan X", "Kegiatan X", id="multi-level"),
        P("3", "3", id="number-alone-kept"),
        P("2022 Target", "2022 Target", id="year-is-not-numbering"),
    ],
)
def test_strip_numbering(text, expected):
    assert strip_numbering(text) == expected


@pytest.mark.parametrize(
    "code, expected, level",
    [
        P("7.01.01.2.01.0001", "7.01.01.2.01.0001", "subkegiatan", id="standard"),
        P("7.1.1.2.1.1", "7.01.01.2.01.0001", "subkegiatan", id="unpadded"),
        P(" 7.01.01.2.01 ", "7.01.01.2.01", "kegiatan", id="spaces"),
        P("7.01.01.", "7.01.01", "program", id="trailing-dot"),
        P("x.xx.01", "X.XX.01", "program", id="lowercase-xx"),
        P("7.01", None, None, id="bidang-is-not-a-level"),
        P("7.01.01.2", None, None, id="four-segments"),
        P("7.01.01.2.01.00001", None, None, id="too-long"),
        P("X.X1.01", None, None, id="mixed-x"),
        P("abc", None, None, id="text"),
        P(None, None, None, id="none"),
    ],
)
def test_normalise_code(code, expected, level):
    assert normalise_code(code) == expected
    assert code_level(code) == level


@pytest.mark.parametrize(
    "code, bidang, expected",
    [
        P("X.XX.01.2.06.0008", "7.01", "7.01.01.2.06.0008", id="xx-in-kecamatan"),
        P("X.XX.01.2.06.0008", None, "X.XX.01.2.06.0008", id="no-bidang"),
        P("4.01.01.2.06.0008", "7.01", "4.01.01.2.06.0008", id="concrete-unchanged"),
    ],
)
def test_concrete_code(code, bidang, expected):
    assert concrete_code(code, bidang) == expected


def test_code_bidang():
    assert code_bidang("7.01.01.2.01.0001") == "7.01"
    assert code_bidang("X.XX.01") is None
    assert code_bidang("nope") is None


# ---------------------------------------------------------------------------------------------
# Codes


@pytest.mark.parametrize(
    "code, name, version",
    [
        P(
            "7.01.01.2.01.0001",
            "Penyusunan Dokumen Perencanaan Perangkat Daerah",
            "2022",
            id="kecamatan-sub",
        ),
        P("7.1.1.2.1.1", "Penyusunan Dokumen Perencanaan Perangkat Daerah", "2022", id="unpadded"),
        P(
            "7.01.02",
            "PROGRAM PENYELENGGARAAN PEMERINTAHAN DAN PELAYANAN PUBLIK",
            "2022",
            id="prog",
        ),
        P("7.01.01.2.06.0008", "Fasilitasi Kunjungan Tamu", "sipd", id="falls-back-to-xx"),
        P("X.XX.01.2.06.0008", "Fasilitasi Kunjungan Tamu", "sipd", id="xx-itself"),
        P(
            "1.01.02.3.03",
            "Pengelolaan Pendidikan Anak Usia Dini (PAUD)",
            "sipd",
            id="kabkot-before-prov",
        ),
    ],
)
def test_by_code(code, name, version):
    entry = NM.by_code(code)
    assert (entry.name, entry.version) == (name, version)
    assert entry.level == code_level(code)


@pytest.mark.parametrize("code", ["9.99.99", "7.01.01.2.01.9999", "", None, "Program"])
def test_by_code_unknown(code):
    assert NM.by_code(code) is None
    assert NM.entries_for_code(code) == ()


def test_same_code_in_both_lists_keeps_both():
    entries = NM.entries_for_code("1.01.02.3.03")
    assert [(e.jenis, e.name) for e in entries] == [
        ("KABKOT", "Pengelolaan Pendidikan Anak Usia Dini (PAUD)"),
        ("PROV", "Pengelolaan Pendidikan Khusus"),
    ]


# ---------------------------------------------------------------------------------------------
# Matching names


@pytest.mark.parametrize(
    "level, name, kind, official, code",
    [
        # Exactly official, odd official spellings included: never "corrected", never fuzzy.
        P(
            "subkegiatan",
            "Peningkatan Efektifitas Kegiatan Pemerintahan di Tingkat Kecamatan",
            "exact",
            "Peningkatan Efektifitas Kegiatan Pemerintahan di Tingkat Kecamatan",
            "7.01.02.2.01.0002",
            id="official-efektifitas",
        ),
        P(
            "kegiatan",
            "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
            "exact",
            "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
            "7.01.01.2.07",
            id="official-pemerintah",
        ),
        P(
            "kegiatan",
            "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
            "exact",
            "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
            "7.01.01.2.09",
            id="official-pemerintahan",
        ),
        P(
            "kegiatan",
            "Kegiatan Pemberdayaan Kelurahan",
            "exact",
            "Kegiatan Pemberdayaan Kelurahan",
            "7.01.03.2.02",
            id="official-name-starting-with-kegiatan",
        ),
        # Sample names.
        P(
            "kegiatan",
            "Kegiatan Administrasi Keuangan Perangkat Daerah",
            "exact",
            "Administrasi Keuangan Perangkat Daerah",
            "7.01.01.2.02",
            id="sample-kegiatan-word",
        ),
        P(
            "subkegiatan",
            "Penyediaan Komponen Instalasi Listrik/ Penerangan Bangunan Kantor",
            "exact",
            "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor",
            "7.01.01.2.06.0001",
            id="sample-slash-space",
        ),
        P(
            "program",
            "Program Penyelenggaraan Pemerintahan Dan Pelayanan Publik",
            "exact",
            "PROGRAM PENYELENGGARAAN PEMERINTAHAN DAN PELAYANAN PUBLIK",
            "7.01.02",
            id="sample-program-case",
        ),
        P(
            "program",
            "Program Penunjang Urusan Pemerintah Daerah Kabupaten/ Kota",
            "fuzzy",
            "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
            "7.01.01",
            id="sample-pemerintah-for-pemerintahan",
        ),
        P(
            "kegiatan",
            "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
            "fuzzy",
            "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
            "7.01.01.2.09",
            id="sample-kegiatan-pemerintah",
        ),
        P(
            "subkegiatan",
            "Penatausahaan Barang Miik Daerah pada SKPD",
            "fuzzy",
            "Penatausahaan Barang Milik Daerah pada SKPD",
            "X.XX.01.2.03.0006",
            id="sample-miik",
        ),
        P(
            "subkegiatan",
            "3 Fasilitas Kunjungan Tamu",
            "fuzzy",
            "Fasilitasi Kunjungan Tamu",
            "X.XX.01.2.06.0008",
            id="sample-fasilitas",
        ),
        P(
            "subkegiatan",
            "Peningkatan Efektifitas Kegiatan Pemberdayaan Masyarakat di",
            "prefix",
            "Peningkatan Efektifitas Kegiatan Pemberdayaan Masyarakat di Wilayah Kecamatan",
            "7.01.03.2.01.0003",
            id="sample-cut-at-page-break",
        ),
        P(
            "kegiatan",
            "Koordinasi Penyelenggaraan Kegiatan Pemerintahan",
            "prefix",
            "Koordinasi Penyelenggaraan Kegiatan Pemerintahan di Tingkat Kecamatan",
            "7.01.02.2.01",
            id="sample-cut-four-words",
        ),
        P(
            "subkegiatan",
            "Pelaksanaan Urusan Pemerintahan yang Terkait dengan Pelayanan",
            "prefix",
            "Pelaksanaan Urusan Pemerintahan yang Terkait dengan Pelayanan Perizinan Non Usaha",
            "7.01.02.2.04.0001",
            id="sample-cut-long",
        ),
        # Constructed variants.
        P(
            "subkegiatan",
            "Peningkatan Efektifitas Kegiatan Pemberdayaan Masyarakat di Wil",
            "prefix",
            "Peningkatan Efektifitas Kegiatan Pemberdayaan Masyarakat di Wilayah Kecamatan",
            "7.01.03.2.01.0003",
            id="cut-inside-last-word",
        ),
        P(
            "subkegiatan",
            "Peningkatan Efektifitas Kegiatan Pemberdayan Masyarakat di",
            "prefix",
            "Peningkatan Efektifitas Kegiatan Pemberdayaan Masyarakat di Wilayah Kecamatan",
            "7.01.03.2.01.0003",
            id="cut-and-typo",
        ),
        P(
            "program",
            "Progam Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
            "exact",
            "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
            "7.01.01",
            id="typo-in-level-word",
        ),
        P(
            "subkegiatan",
            "Penyediaan Perlatan Rumah Tangga",
            "fuzzy",
            "Penyediaan Peralatan Rumah Tangga",
            "X.XX.01.2.06.0003",
            id="typo-many-candidates",
        ),
        P(
            "subkegiatan",
            "Pelaksanaan Urusan Pemerintahan yang Terkait dengan Pelayanan Perizinannon Usaha",
            "fuzzy",
            "Pelaksanaan Urusan Pemerintahan yang Terkait dengan Pelayanan Perizinan Non Usaha",
            "7.01.02.2.04.0001",
            id="merged-words",
        ),
        P(
            "subkegiatan",
            "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak Perizinan Kendaraan Dinas "
            "Operasional atau Lapangan",
            "fuzzy",
            "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak dan Perizinan Kendaraan "
            "Dinas Operasional atau Lapangan",
            "7.01.01.2.09.0002",
            id="one-word-missing",
        ),
    ],
)
def test_match(level, name, kind, official, code):
    found = NM.match(level, name, prefer="7.01")
    assert found is not None, name
    assert (found.kind, found.entry.name) == (kind, official)
    assert found.entry.code == code
    assert found.entry.level == level
    if kind == "exact":
        assert found.score == 1.0 and found.is_exact
    else:
        assert FUZZY_THRESHOLD <= found.score <= 1.0 and not found.is_exact


@pytest.mark.parametrize(
    "level, name",
    [
        P("subkegiatan", "1. Jumlah Laporan Penatausahaan Barang Milik Daerah pada SKPD", id="ind"),
        P("subkegiatan", "Terlaksananya Penatausahaan Barang Milik Daerah pada SKPD", id="result"),
        P(
            "kegiatan",
            "Terpeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
            id="first-letter-differs",
        ),
        P(
            "subkegiatan",
            "Peningkatan Partisipasi Masyarakat dalam Forum Musyawarah Perencanaan Pembangunan "
            "di Kota",
            id="other-word-not-a-typo",
        ),
        P(
            "subkegiatan",
            "Pengelolaan Pendidikan Sekolah Menengah Universitas",
            id="other-word-after-prefix",
        ),
        P("subkegiatan", "Penyediaan Jasa Surat", id="cut-below-four-words"),
        P("subkegiatan", "Penyediaan Gaji ASN", id="two-words-missing"),
        P("kegiatan", "Kegiatan Rapat Koordinasi Tingkat RT Pada Bulan Purnama", id="unknown"),
        P("kegiatan", "Penyediaan Gaji dan Tunjangan ASN", id="only-at-another-level"),
        P("program", "Meningkatnya Kualitas Pelayanan Masyarakat (IKM)", id="sasaran"),
        P("subkegiatan", "TW I 25%", id="period-cell"),
        P("subkegiatan", "", id="empty"),
        P("subkegiatan", None, id="none"),
    ],
)
def test_no_match(level, name):
    assert NM.match(level, name) is None


def test_match_rejects_unknown_level():
    with pytest.raises(ValueError):
        NM.match("sasaran", "Meningkatnya Kualitas")


def test_every_official_name_matches_itself_exactly():
    for version in ("2022", "sipd"):
        for entry in load(version):
            found = NM.match(entry.level, entry.name, prefer=entry.code)
            assert found is not None and found.kind == "exact", entry
            assert normalise_name(found.entry.name) == normalise_name(entry.name)
            codes = {e.code for e in (found.entry, *found.alternatives)}
            assert entry.code in codes, entry


def test_prefer_picks_the_bidang_and_lists_alternatives():
    name = "Penyediaan Gaji dan Tunjangan ASN"
    assert NM.match("subkegiatan", name, prefer="7.01").entry.code == "7.01.01.2.02.0001"
    assert NM.match("subkegiatan", name, prefer="1.02").entry.code == "1.02.01.2.02.0001"
    found = NM.match("subkegiatan", name)
    assert found.entry.code == "1.01.01.2.02.0001"  # list order without a preference
    assert "7.01.01.2.02.0001" in {e.code for e in found.alternatives}


def test_ambiguous_prefix_lists_the_other_names():
    found = NM.match("kegiatan", "Pengelolaan Pendidikan Sekolah Menengah", prefer="1.01")
    assert found.kind == "prefix"
    names = {found.entry.name, *(e.name for e in found.alternatives)}
    assert {
        "Pengelolaan Pendidikan Sekolah Menengah Pertama",
        "Pengelolaan Pendidikan Sekolah Menengah Atas",
    } <= names


# ---------------------------------------------------------------------------------------------
# Matching with a code


@pytest.mark.parametrize(
    "name, code, kind, entry_code, score",
    [
        P(
            "Penyusunan Dokumen Perencanaan Perangkat Daerah",
            "7.01.01.2.01.0001",
            "code",
            "7.01.01.2.01.0001",
            1.0,
            id="agree",
        ),
        P(None, "7.01.01.2.01.0001", "code", "7.01.01.2.01.0001", 1.0, id="code-only"),
        P(
            "Fasilitas Kunjungan Tamu",
            "7.01.01.2.06.0008",
            "code",
            "X.XX.01.2.06.0008",
            0.97,
            id="typo-with-xx-code",
        ),
        P(
            "Peningkatan Efektifitas Kegiatan Pemberdayaan Masyarakat di",
            "7.01.03.2.01.0003",
            "code",
            "7.01.03.2.01.0003",
            0.87,
            id="cut-short-with-code",
        ),
        P(
            "Penyediaan Gaji dan Tunjangan ASN",
            "7.01.01.2.01.0001",
            "exact",
            "7.01.01.2.02.0001",
            1.0,
            id="code-names-another-item",
        ),
        P(
            "Penyusunan Dokumen Perencanaan Perangkat Daerah",
            "7.01.01.2.01.9999",
            "exact",
            "7.01.01.2.01.0001",
            1.0,
            id="unknown-code-name-decides",
        ),
    ],
)
def test_match_with_code(name, code, kind, entry_code, score):
    found = NM.match("subkegiatan", name, code=code)
    assert (found.kind, found.entry.code) == (kind, entry_code)
    assert found.score == pytest.approx(score, abs=0.01)


# ---------------------------------------------------------------------------------------------
# Levels


@pytest.mark.parametrize(
    "name, level, code",
    [
        P(
            "1. Program Penyelenggaraan Pemerintahan Dan Pelayanan Publik",
            "program",
            "7.01.02",
            id="program",
        ),
        P("Koordinasi Kegiatan Pemberdayaan Desa", "kegiatan", "7.01.03.2.01", id="kegiatan"),
        P(
            "1. Penyusunan Dokumen Perencanaan Perangkat Daerah",
            "subkegiatan",
            "1.01.01.2.01.0001",
            id="subkegiatan",
        ),
        P(
            "Penatausahaan Barang Miik Daerah pada SKPD",
            "subkegiatan",
            "X.XX.01.2.03.0006",
            id="fuzzy",
        ),
        P(
            "Penyelenggaraan Urusan Pemerintahan Umum",
            "program",
            "7.01.05",
            id="exact-program-beats-prefix-kegiatan",
        ),
        P(
            "Pengelolaan Barang Milik Daerah",
            "kegiatan",
            "5.02.03.2.01",
            id="official-at-two-levels-goes-deeper",
        ),
    ],
)
def test_guess_level(name, level, code):
    found = NM.guess_level(name)
    assert found is not None
    assert found[0] == level
    assert found[1].code == code


@pytest.mark.parametrize(
    "name",
    [
        "1. Jumlah Dokumen Perencanaan Inspektorat Daerah",
        "1. Tersusunnya Dokumen Perencanaan Tepat Waktu",
        "Presentase Dokumen Laporan yang disusun",
        "1. Meningkatnya Kualitas Pelayanan Masyarakat (IKM)",
        "Nilai SAKIP Kecamatan Kaligondang",
        "TW II",
        "25%",
        "",
    ],
)
def test_guess_level_none_for_indicators_and_statements(name):
    assert NM.guess_level(name) is None


def test_match_levels_reports_each_level():
    found = NM.match_levels("Penyelenggaraan Urusan Pemerintahan Umum")
    assert found["program"].kind == "exact"
    assert found["kegiatan"].kind == "prefix"
    assert "subkegiatan" not in found


def test_module_shortcuts_use_the_combined_list():
    assert nom.by_code("7.01.02").name.startswith("PROGRAM PENYELENGGARAAN")
    assert nom.match("kegiatan", "Administrasi Umum Perangkat Daerah").kind == "exact"
    assert nom.guess_level("Penyediaan Bahan Logistik Kantor")[0] == "subkegiatan"


# ---------------------------------------------------------------------------------------------
# Thresholds


@pytest.mark.parametrize(
    "a, b, alike",
    [
        P("miik", "milik", True, id="dropped-letter"),
        P("fasilitas", "fasilitasi", True, id="fasilitas"),
        P("pemerintah", "pemerintahan", True, id="pemerintah"),
        P("presentase", "persentase", True, id="presentase"),
        P("kepegawean", "kepegawaian", True, id="kepegawean"),
        P("perizinannon", "perizinannon", True, id="merged"),
        P("desa", "kelurahan", False, id="desa-kelurahan"),
        P("provinsi", "kabkota", False, id="provinsi-kabkota"),
        P("pertama", "atas", False, id="pertama-atas"),
        P("terpeliharaan", "pemeliharaan", True, id="close-but-first-letter-rule-applies"),
    ],
)
def test_word_threshold(a, b, alike):
    assert (nom._char_ratio(a, b) >= WORD_THRESHOLD) is alike


@pytest.mark.parametrize(
    "a, b, matches",
    [
        P("Fasilitas Kunjungan Tamu", "Fasilitasi Kunjungan Tamu", True, id="short-typo"),
        P(
            "Penyediaan Gaji dan Tunjangan",
            "Penyediaan Gaji dan Tunjangan ASN",
            True,
            id="one-short-word-missing",
        ),
        P(
            "Penyediaan Jasa Surat",
            "Penyediaan Jasa Surat Menyurat",
            False,
            id="long-word-missing-from-short-name",
        ),
        P("Pengadaan Mebel", "Pengadaan Mebel Kantor", False, id="missing-word-short-name"),
        P("Evaluasi Kelurahan", "Evaluasi Desa", False, id="replaced-word"),
        P("Jumlah Laporan Evaluasi Kinerja", "Evaluasi Kinerja", False, id="extra-words"),
    ],
)
def test_fuzzy_threshold(a, b, matches):
    wa, wb = name_words(normalise_name(a)), name_words(normalise_name(b))
    assert bool(nom._fuzzy_score(wa, wb)) is matches
    if matches:
        assert word_similarity(wa, wb) >= FUZZY_THRESHOLD


def test_prefix_needs_min_words():
    assert MIN_PREFIX_WORDS == 4
    four = "Pengelolaan Pendidikan Sekolah Menengah"
    assert NM.match("kegiatan", four).kind == "prefix"
    long = "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak dan Perizinan Kendaraan Dinas"
    assert NM.match("subkegiatan", long).kind == "prefix"
    assert NM.match("subkegiatan", "Penyediaan Jasa Pemeliharaan") is None
    # Three words are no prefix, but one short word missing is still a fuzzy match.
    found = NM.match("kegiatan", "Pengelolaan Pendidikan Sekolah")
    assert (found.kind, found.entry.name) == ("fuzzy", "Pengelolaan Pendidikan Sekolah Dasar")


@pytest.mark.parametrize(
    "a, b, expected",
    [
        P("Fasilitas Kunjungan Tamu", "Fasilitasi Kunjungan Tamu", 0.978, id="typo"),
        P("1. Program X Y", "X y", 1.0, id="same-normal-form"),
        P("", "", 0.0, id="empty"),
    ],
)
def test_similarity(a, b, expected):
    assert NM.similarity(a, b) == pytest.approx(expected, abs=0.001)
