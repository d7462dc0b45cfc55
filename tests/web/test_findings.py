"""A finding's message in the reader's language, from its code and params (plans/findings.py).

Table-driven: one case per code and form of its message, in Bahasa Indonesia and English; every
code the importer (FINDINGS) and the validator (RULES) can report has a template; what the
importer and the validator really produce fills its template; a finding without params (a plan
stored before they existed), with an unknown code or with params that do not fit shows its stored
English message. Then the pages: the sample's conflicting TW III target of line 13 on the plan
page and in the import preview, in each language, and a stored finding without params.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from renaksi.core import rules
from renaksi.core.plan import Finding
from renaksi.importers import UnreadableDocument, read_plan_text
from renaksi.importers.interpret import FINDINGS
from renaksi.web.plans.findings import MESSAGES, finding_message, join, render, template_for
from renaksi.web.plans.models import Plan

from ..core import test_rules
from ..importers import test_fuzz, test_variants
from .conftest import SAMPLE, login

INDICATOR = "Hasil Pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan"
CONFLICT_ID = (
    f"Target TW III untuk indikator “{INDICATOR}” tertulis 50 pada baris 11 dan 70 pada baris 13; "
    "yang digunakan 50"
)
CONFLICT_EN = f"Q3 target of “{INDICATOR}” is 50 on line 11 and 70 on line 13; 50 kept"
CONFLICT_STORED = f"TW3 target of '{INDICATOR}' is 50 on line 11 and 70 on line 13; 50 kept"

# (code, params, Bahasa Indonesia, English): every code, every form of its message.
CASES = [
    (
        "conflicting-target",
        {"variant": "target", "period": "TW3", "indicator": "Jumlah Dokumen", "first": 50,
         "first_line": 11, "second": 70, "second_line": 13},
        "Target TW III untuk indikator “Jumlah Dokumen” tertulis 50 pada baris 11 dan 70 pada "
        "baris 13; yang digunakan 50",
        "Q3 target of “Jumlah Dokumen” is 50 on line 11 and 70 on line 13; 50 kept",
    ),
    (
        "conflicting-target",
        {"variant": "actual", "period": "TW1", "indicator": "Jumlah Dokumen", "first": 0.9,
         "first_line": 5, "second": None, "second_line": 6},
        "Realisasi TW I untuk indikator “Jumlah Dokumen” tertulis 0,9 pada baris 5 dan kosong "
        "pada baris 6; yang digunakan 0,9",
        "Q1 realisasi of “Jumlah Dokumen” is 0,9 on line 5 and empty on line 6; 0,9 kept",
    ),
    (
        "duplicate-target",
        {"variant": "target", "period": "TW3", "indicator": "Jumlah Dokumen", "first_line": 140,
         "second_line": 141},
        "Target TW III untuk indikator “Jumlah Dokumen” tertulis dua kali dengan nilai yang sama, "
        "pada baris 140 dan 141",
        "Q3 target of “Jumlah Dokumen” is given twice, on lines 140 and 141, with the same value",
    ),
    (
        "duplicate-target",
        {"variant": "target-one-line", "period": "TW2", "indicator": "Jumlah Dokumen",
         "first_line": 81, "second_line": 81},
        "Target TW II untuk indikator “Jumlah Dokumen” tertulis dua kali dengan nilai yang sama "
        "pada baris 81",
        "Q2 target of “Jumlah Dokumen” is given twice on line 81, with the same value",
    ),
    (
        "duplicate-target",
        {"variant": "actual", "period": "M02", "indicator": "Jumlah Dokumen", "first_line": 7,
         "second_line": 8},
        "Realisasi Februari untuk indikator “Jumlah Dokumen” tertulis dua kali dengan nilai yang "
        "sama, pada baris 7 dan 8",
        "February realisasi of “Jumlah Dokumen” is given twice, on lines 7 and 8, with the same "
        "value",
    ),
    (
        "duplicate-target",
        {"variant": "actual-one-line", "period": "TW4", "indicator": "Jumlah Dokumen",
         "first_line": 7, "second_line": 7},
        "Realisasi TW IV untuk indikator “Jumlah Dokumen” tertulis dua kali dengan nilai yang sama "
        "pada baris 7",
        "Q4 realisasi of “Jumlah Dokumen” is given twice on line 7, with the same value",
    ),
    (
        "header-level-mismatch",
        {"header": "SASARAN | PROGRAM", "rows": "KEGIATAN | SUBKEGIATAN"},
        "Judul tabel menyebut SASARAN | PROGRAM, tetapi baris di bawahnya adalah KEGIATAN | "
        "SUBKEGIATAN: dibaca sesuai isi barisnya (judul halaman yang terulang dari tabel lain?)",
        "The header names SASARAN | PROGRAM, but the rows below it are KEGIATAN | SUBKEGIATAN: "
        "read as the rows are (a page header repeated from another table?)",
    ),
    (
        "name-variant",
        {"level": "program", "name": "Program Penunjang Urusan", "line": 21,
         "existing": "Program Penunjang", "existing_line": 9},
        "Program “Program Penunjang Urusan” (baris 21) dibaca sebagai “Program Penunjang” "
        "(baris 9)",
        "Program “Program Penunjang Urusan” (line 21) read as “Program Penunjang” (line 9)",
    ),
    (
        "name-continued",
        {"text": "Kecamatan", "level": "kegiatan", "name": "Administrasi Umum Kecamatan"},
        "“Kecamatan” dibaca sebagai akhir nama kegiatan “Administrasi Umum Kecamatan” (terpotong "
        "oleh pergantian baris atau halaman)",
        "“Kecamatan” read as the end of kegiatan “Administrasi Umum Kecamatan” (cut at a row or "
        "page break)",
    ),
    (
        "name-continued",
        {"variant": "page", "text": "Disediakan", "name": "Jumlah Paket Bahan Logistik yang"},
        "“Disediakan” dibaca sebagai akhir dari “Jumlah Paket Bahan Logistik yang” (terpotong "
        "oleh pergantian halaman)",
        "“Disediakan” read as the end of “Jumlah Paket Bahan Logistik yang” (cut at a page break)",
    ),
    (
        "sasaran-not-listed",
        {"name": "Meningkatnya kualitas pengawasan"},
        "Sasaran “Meningkatnya kualitas pengawasan” tidak tercantum dalam daftar sasaran pada "
        "dokumen",
        "Sasaran “Meningkatnya kualitas pengawasan” is not in the document's list of sasaran",
    ),
    (
        "truncated-name",
        {"level": "subkegiatan", "name": "Pemberdayaan Masyarakat di"},
        "Nama sub kegiatan “Pemberdayaan Masyarakat di” tampaknya terpotong",
        "The name of sub kegiatan “Pemberdayaan Masyarakat di” looks cut short",
    ),
    (
        "stray-number",
        {"number": "3."},
        "Penomoran “3.” tanpa nama",
        "Numbering “3.” without a name",
    ),
    (
        "stray-value",
        {"text": "Rp1.000"},
        "Nilai “Rp1.000” tidak termasuk dalam kolom mana pun",
        "Value “Rp1.000” belongs to no column",
    ),
    (
        "extra-text",
        {"text": "Keterangan"},
        "Teks tidak dapat ditempatkan pada kolom mana pun: “Keterangan”",
        "Text not placed in any column: “Keterangan”",
    ),
    (
        "extra-value",
        {"period": "TW2", "value": 1250},
        "TW II: nilai “1.250” tidak dapat ditempatkan",
        "Q2: value “1.250” not placed",
    ),
    (
        "missing-indicator",
        {"objective": "Tersusunnya Dokumen"},
        "Pernyataan hasil (sasaran) “Tersusunnya Dokumen” tidak memiliki indikator",
        "Result statement “Tersusunnya Dokumen” has no indicator",
    ),
    (
        "value-without-indicator",
        {"period": "TW1"},
        "Nilai TW I pada baris ini tidak termasuk indikator mana pun",
        "Q1 value on this row belongs to no indicator",
    ),
    (
        "value-without-indicator",
        {"variant": "value", "period": "2025", "text": "25%"},
        "Nilai 2025 “25%” tidak termasuk indikator mana pun",
        "2025 value “25%” belongs to no indicator",
    ),
    (
        "indicator-without-node",
        {"indicator": "Jumlah Dokumen", "level": "sasaran"},
        "Indikator “Jumlah Dokumen” tidak berada di bawah sasaran mana pun",
        "Indicator “Jumlah Dokumen” has no sasaran above it",
    ),
    (
        "indicator-without-node",
        {"variant": "bare"},
        "Indikator tidak berada di bawah sasaran, program, kegiatan, atau sub kegiatan mana pun",
        "An indicator has no sasaran, program, kegiatan or sub kegiatan above it",
    ),
    (
        "missing-target",
        {"periods": ["TW3"], "count": 1, "indicator": "Jumlah Dokumen"},
        "Target TW III belum diisi untuk indikator “Jumlah Dokumen”",
        "Q3 target missing for “Jumlah Dokumen”",
    ),
    (
        "missing-target",
        {"periods": ["TW1", "TW3", "TW4"], "count": 3, "indicator": "Jumlah Dokumen"},
        "Target TW I, TW III, dan TW IV belum diisi untuk indikator “Jumlah Dokumen”",
        "Q1, Q3 and Q4 targets missing for “Jumlah Dokumen”",
    ),
    (
        "target-decreasing",
        {"period": "TW3", "value": 40, "previous_period": "TW2", "previous": 50.5,
         "indicator": "Jumlah Dokumen"},
        "Target TW III (40) lebih rendah daripada target TW II (50,5) untuk indikator “Jumlah "
        "Dokumen” (target bersifat kumulatif)",
        "Q3 target 40 is lower than Q2 target 50,5 for “Jumlah Dokumen” (targets are cumulative)",
    ),
    (
        "target-not-annual",
        {"period": "TW4", "value": 90, "annual": 1250, "indicator": "Jumlah Dokumen"},
        "Target TW IV (90) berbeda dengan target tahunan (1.250) untuk indikator “Jumlah Dokumen”",
        "Q4 target 90 differs from the annual target 1.250 for “Jumlah Dokumen”",
    ),
    (
        "unit-stem-mismatch",
        {"variant": "percent", "indicator": "Persentase Dokumen", "unit": "Dokumen"},
        "Indikator “Persentase Dokumen” berupa persentase, tetapi satuannya “Dokumen”",
        "“Persentase Dokumen” is a percentage but its unit is “Dokumen”",
    ),
    (
        "unit-stem-mismatch",
        {"variant": "count-percent", "indicator": "Jumlah Dokumen", "unit": "%", "targets": []},
        "Indikator “Jumlah Dokumen” berupa jumlah, tetapi satuannya “%”",
        "“Jumlah Dokumen” is a count but its unit is “%”",
    ),
    (
        "unit-stem-mismatch",
        {"variant": "count-percent-targets", "indicator": "Jumlah Dokumen", "unit": "%",
         "targets": [25, 50, 75, 100]},
        "Indikator “Jumlah Dokumen” berupa jumlah, tetapi satuannya “%” (target 25, 50, 75, 100)",
        "“Jumlah Dokumen” is a count but its unit is “%” (targets 25, 50, 75, 100)",
    ),
    (
        "unit-stem-mismatch",
        {"variant": "count-progress", "indicator": "Jumlah Dokumen", "unit": "",
         "targets": [0.5, 0.75, 100]},
        "Indikator “Jumlah Dokumen” berupa jumlah, tetapi targetnya tampak seperti persentase "
        "(0,5; 0,75; 100)",
        "“Jumlah Dokumen” is a count but its targets look like percentages (0,5; 0,75; 100)",
    ),
    (
        "objective-equals-indicator",
        {"indicator": "Tersusunnya Laporan"},
        "Sasaran dan indikator bertuliskan sama, “Tersusunnya Laporan”: indikator seharusnya "
        "menyebutkan apa yang diukur",
        "Sasaran and indicator have the same text “Tersusunnya Laporan”: the indicator should say "
        "what is measured",
    ),
    (
        "polarity-unset",
        {"indicator": "Jumlah Kasus Stunting", "term": "stunting"},
        "Indikator “Jumlah Kasus Stunting” terbaca sebagai semakin rendah semakin baik "
        "(“stunting”): tetapkan polaritasnya",
        "“Jumlah Kasus Stunting” reads as lower-is-better (“stunting”): set its polarity",
    ),
    (
        "text-target",
        {"periods": ["TW1"], "texts": ["WTP"], "count": 1, "indicator": "Opini BPK"},
        "Target TW I “WTP” berupa teks, sedangkan target lainnya berupa angka, untuk indikator "
        "“Opini BPK”",
        "Q1 “WTP” target is text while the other targets are numbers for “Opini BPK”",
    ),
    (
        "text-target",
        {"periods": ["TW1", "TW2"], "texts": ["WTP", "Tersedia"], "count": 2,
         "indicator": "Opini BPK"},
        "Target TW I “WTP” dan TW II “Tersedia” berupa teks, sedangkan target lainnya berupa "
        "angka, untuk indikator “Opini BPK”",
        "Q1 “WTP” and Q2 “Tersedia” targets are text while the other targets are numbers for "
        "“Opini BPK”",
    ),
    (
        "duplicate-node",
        {"variant": "under", "level": "kegiatan", "name": "Administrasi Umum",
         "parent": "Program Penunjang", "first_line": None},
        "Kegiatan “Administrasi Umum” tercantum dua kali di bawah “Program Penunjang”",
        "Kegiatan “Administrasi Umum” appears twice under “Program Penunjang”",
    ),
    (
        "duplicate-node",
        {"variant": "under-line", "level": "kegiatan", "name": "Administrasi Umum",
         "parent": "Program Penunjang", "first_line": 12},
        "Kegiatan “Administrasi Umum” tercantum dua kali di bawah “Program Penunjang” (juga pada "
        "baris 12)",
        "Kegiatan “Administrasi Umum” appears twice under “Program Penunjang” (also line 12)",
    ),
    (
        "duplicate-node",
        {"variant": "top", "level": "program", "name": "Program Penunjang", "parent": None,
         "first_line": None},
        "Program “Program Penunjang” tercantum dua kali pada tingkat teratas",
        "Program “Program Penunjang” appears twice at the top level",
    ),
    (
        "duplicate-node",
        {"variant": "top-line", "level": "program", "name": "Program Penunjang", "parent": None,
         "first_line": 3},
        "Program “Program Penunjang” tercantum dua kali pada tingkat teratas (juga pada baris 3)",
        "Program “Program Penunjang” appears twice at the top level (also line 3)",
    ),
    (
        "nomenclature-code-unknown",
        {"variant": "not-a-code", "level": "program", "name": "Program Penunjang", "code": "A.B"},
        "Kode A.B pada program “Program Penunjang” bukan kode nomenklatur",
        "Code A.B of program “Program Penunjang” is not a nomenclature code",
    ),
    (
        "nomenclature-code-unknown",
        {"variant": "not-a-code-name-matches", "level": "program", "name": "Program Penunjang",
         "code": "A.B", "official_code": "7.01.01", "official_name": "PROGRAM PENUNJANG"},
        "Kode A.B pada program “Program Penunjang” bukan kode nomenklatur; namanya sesuai dengan "
        "7.01.01 “PROGRAM PENUNJANG”",
        "Code A.B of program “Program Penunjang” is not a nomenclature code; the name matches "
        "7.01.01 “PROGRAM PENUNJANG”",
    ),
    (
        "nomenclature-code-unknown",
        {"variant": "unknown", "level": "subkegiatan", "name": "Rapat",
         "code": "7.01.01.2.99.0001"},
        "Kode 7.01.01.2.99.0001 pada sub kegiatan “Rapat” tidak terdapat dalam nomenklatur",
        "Code 7.01.01.2.99.0001 of sub kegiatan “Rapat” is unknown",
    ),
    (
        "nomenclature-code-unknown",
        {"variant": "unknown-name-matches", "level": "subkegiatan", "name": "Rapat",
         "code": "7.01.01.2.99.0001", "official_code": "7.01.01.2.01.0001",
         "official_name": "Rapat Koordinasi"},
        "Kode 7.01.01.2.99.0001 pada sub kegiatan “Rapat” tidak terdapat dalam nomenklatur; "
        "namanya sesuai dengan 7.01.01.2.01.0001 “Rapat Koordinasi”",
        "Code 7.01.01.2.99.0001 of sub kegiatan “Rapat” is unknown; the name matches "
        "7.01.01.2.01.0001 “Rapat Koordinasi”",
    ),
    (
        "nomenclature-code-mismatch",
        {"variant": "code", "level": "kegiatan", "name": "Administrasi Keuangan",
         "code": "7.01.01.2.01", "code_name": "Perencanaan"},
        "Kode 7.01.01.2.01 adalah “Perencanaan”, tetapi kegiatan ini bernama “Administrasi "
        "Keuangan”",
        "Code 7.01.01.2.01 is “Perencanaan”, but the kegiatan is named “Administrasi Keuangan”",
    ),
    (
        "nomenclature-code-mismatch",
        {"variant": "code-name-matches", "level": "kegiatan", "name": "Administrasi Keuangan",
         "code": "7.01.01.2.01", "code_name": "Perencanaan", "official_code": "7.01.01.2.02",
         "official_name": "Administrasi Keuangan Perangkat Daerah"},
        "Kode 7.01.01.2.01 adalah “Perencanaan”, tetapi kegiatan ini bernama “Administrasi "
        "Keuangan”; nama tersebut adalah 7.01.01.2.02 “Administrasi Keuangan Perangkat Daerah”",
        "Code 7.01.01.2.01 is “Perencanaan”, but the kegiatan is named “Administrasi Keuangan”; "
        "that name is 7.01.01.2.02 “Administrasi Keuangan Perangkat Daerah”",
    ),
    (
        "nomenclature-level",
        {"variant": "code", "level": "kegiatan", "name": "Rapat", "code": "7.01.01.2.01.0001",
         "code_level": "subkegiatan", "code_name": "Rapat Koordinasi"},
        "Kode 7.01.01.2.01.0001 pada kegiatan “Rapat” adalah kode sub kegiatan (“Rapat "
        "Koordinasi”)",
        "Code 7.01.01.2.01.0001 of kegiatan “Rapat” is a sub kegiatan code (“Rapat Koordinasi”)",
    ),
    (
        "nomenclature-level",
        {"variant": "name", "level": "kegiatan", "name": "Rapat Koordinasi",
         "other_level": "subkegiatan", "official_code": "7.01.01.2.01.0001",
         "official_name": "Rapat Koordinasi"},
        "Kegiatan “Rapat Koordinasi” sesuai dengan sub kegiatan 7.01.01.2.01.0001 “Rapat "
        "Koordinasi”, bukan kegiatan",
        "Kegiatan “Rapat Koordinasi” matches the sub kegiatan 7.01.01.2.01.0001 “Rapat "
        "Koordinasi”, not a kegiatan",
    ),
    (
        "nomenclature-differs",
        {"variant": "code", "level": "program", "name": "Program Penunjang Urusan",
         "code": "7.01.01", "official_name": "PROGRAM PENUNJANG URUSAN PEMERINTAHAN"},
        "Nama program “Program Penunjang Urusan” berbeda dari nama resmi “PROGRAM PENUNJANG "
        "URUSAN PEMERINTAHAN” untuk kode 7.01.01",
        "Program “Program Penunjang Urusan” differs from the official name “PROGRAM PENUNJANG "
        "URUSAN PEMERINTAHAN” of code 7.01.01",
    ),
    (
        "nomenclature-differs",
        {"variant": "cut", "level": "kegiatan", "name": "Administrasi Barang",
         "official_code": "7.01.01.2.03", "official_name": "Administrasi Barang Milik Daerah"},
        "Nama kegiatan “Administrasi Barang” merupakan potongan dari nama resmi 7.01.01.2.03 "
        "“Administrasi Barang Milik Daerah”",
        "Kegiatan “Administrasi Barang” is cut short from the official 7.01.01.2.03 "
        "“Administrasi Barang Milik Daerah”",
    ),
    (
        "nomenclature-differs",
        {"variant": "name", "level": "program", "name": "Program Penunjang Urusan Pemerintah",
         "official_code": "7.01.01", "official_name": "PROGRAM PENUNJANG URUSAN PEMERINTAHAN"},
        "Nama program “Program Penunjang Urusan Pemerintah” berbeda dari nama resmi 7.01.01 "
        "“PROGRAM PENUNJANG URUSAN PEMERINTAHAN”",
        "Program “Program Penunjang Urusan Pemerintah” differs from the official 7.01.01 "
        "“PROGRAM PENUNJANG URUSAN PEMERINTAHAN”",
    ),
    (
        "text-cut",
        {"variant": "name", "text": "Program Penunjang…", "limit": 2000, "length": 2001},
        "Nama “Program Penunjang…” dipotong menjadi 2.000 karakter (semula 2.001)",
        "The name “Program Penunjang…” was cut to 2.000 characters (it had 2.001)",
    ),
    (
        "text-cut",
        {"variant": "indicator", "text": "Persentase Dokumen…", "limit": 2000, "length": 2001},
        "Indikator “Persentase Dokumen…” dipotong menjadi 2.000 karakter (semula 2.001)",
        "The indicator “Persentase Dokumen…” was cut to 2.000 characters (it had 2.001)",
    ),
    (
        "text-cut",
        {"variant": "objective", "text": "Tersusunnya Dokumen…", "limit": 2000, "length": 2001},
        "Pernyataan hasil (sasaran) “Tersusunnya Dokumen…” dipotong menjadi 2.000 karakter (semula 2.001)",
        "The result statement “Tersusunnya Dokumen…” was cut to 2.000 characters (it had 2.001)",
    ),
    (
        "text-cut",
        {"variant": "unit", "text": "Dokumen Perencanaan…", "limit": 100, "length": 101},
        "Satuan “Dokumen Perencanaan…” dipotong menjadi 100 karakter (semula 101)",
        "The unit “Dokumen Perencanaan…” was cut to 100 characters (it had 101)",
    ),
    (
        "text-cut",
        {"variant": "code", "text": "7.01.01.2.01.0001…", "limit": 40, "length": 41},
        "Kode “7.01.01.2.01.0001…” dipotong menjadi 40 karakter (semula 41)",
        "The code “7.01.01.2.01.0001…” was cut to 40 characters (it had 41)",
    ),
    (
        "text-cut",
        {"variant": "number", "text": "1.1.1.1.1.1.1.1.1.…", "limit": 20, "length": 21},
        "Penomoran “1.1.1.1.1.1.1.1.1.…” dipotong menjadi 20 karakter (semula 21)",
        "The numbering “1.1.1.1.1.1.1.1.1.…” was cut to 20 characters (it had 21)",
    ),
    (
        "text-cut",
        {"variant": "value", "text": "Tersedia dan…", "limit": 100, "length": 101},
        "Nilai teks “Tersedia dan…” dipotong menjadi 100 karakter (semula 101)",
        "The text value “Tersedia dan…” was cut to 100 characters (it had 101)",
    ),
    (
        "text-cut",
        {"variant": "document-unit", "text": "Kecamatan…", "limit": 200, "length": 35000},
        "Unit kerja yang disebut pada judul, “Kecamatan…”, dipotong menjadi 200 karakter "
        "(semula 35.000)",
        "The unit named in the title, “Kecamatan…”, was cut to 200 characters (it had 35.000)",
    ),
    (
        "nomenclature-unknown",
        {"level": "subkegiatan", "name": "Senam Pagi"},
        "Sub kegiatan “Senam Pagi” tidak terdapat dalam nomenklatur",
        "Sub kegiatan “Senam Pagi” is not in the nomenclature",
    ),
]  # fmt: skip

REGISTERED = set(FINDINGS) | {r.code for r in rules.RULES}


def finding(code: str, params: dict | None, message: str = "the stored English message"):
    return Finding("warning", code, message, 3, params=params)


def in_language(language: str, f: Finding) -> str | None:
    with translation.override(language):
        return render(f)


# ---------------------------------------------------------------------------------------------
# The table


def test_every_registered_code_has_a_template():
    """A new code in FINDINGS or RULES without a template here fails."""
    assert REGISTERED - set(MESSAGES) == set()
    assert set(MESSAGES) - REGISTERED == set()  # no template for a code that no longer exists


def test_every_form_of_every_code_has_a_case():
    forms = {(code, variant) for code, variants in MESSAGES.items() for variant in variants}
    cased = {(code, params.get("variant", "")) for code, params, _id, _en in CASES}
    assert forms == cased


@pytest.mark.parametrize(
    ("code", "params", "indonesian", "english"),
    CASES,
    ids=[f"{c[0]}-{c[1].get('variant', '')}" for c in CASES],
)
def test_message_in_each_language(code, params, indonesian, english):
    f = finding(code, params)
    assert in_language("id", f) == indonesian
    assert in_language("en", f) == english
    with translation.override("id"):
        assert finding_message(f) == indonesian


@pytest.mark.parametrize(
    ("items", "indonesian", "english"),
    [
        ([], "", ""),
        (["TW I"], "TW I", "TW I"),
        (["TW I", "TW II"], "TW I dan TW II", "TW I and TW II"),
        (["TW I", "TW II", "TW IV"], "TW I, TW II, dan TW IV", "TW I, TW II and TW IV"),
    ],
)
def test_lists_are_joined_the_way_the_language_does(items, indonesian, english):
    with translation.override("id"):
        assert join(items) == indonesian
    with translation.override("en"):
        assert join(items) == english


# ---------------------------------------------------------------------------------------------
# Fallback: the stored English message


@pytest.mark.parametrize(
    ("code", "params"),
    [
        pytest.param("conflicting-target", None, id="stored-before-params"),
        pytest.param("conflicting-target", {}, id="empty-params"),
        pytest.param("no-such-code", {"name": "X"}, id="unknown-code"),
        pytest.param("setting-to-confirm", {"name": "X"}, id="code-without-template"),
        pytest.param(
            "duplicate-node", {"variant": "sideways", "level": "program"}, id="unknown-form"
        ),
        pytest.param("missing-target", {"periods": ["TW3"], "count": 1}, id="param-missing"),
        pytest.param("missing-target", {"periods": ["TW3"], "indicator": "X"}, id="no-count"),
    ],
)
def test_without_a_template_that_fits_the_stored_message_is_shown(code, params):
    f = finding(code, params)
    for language in ("id", "en"):
        assert in_language(language, f) is None
        with translation.override(language):
            assert finding_message(f) == "the stored English message"


def test_a_stored_finding_without_params_reads_back_and_falls_back():
    stored = {"severity": "error", "code": "conflicting-target", "message": CONFLICT_STORED,
              "line": 13, "field": "TW3", "subject": 9}  # fmt: skip
    f = Finding.from_dict(stored)
    assert f.params is None and template_for(f) is None
    assert f.to_dict() == stored  # no "params" key is added
    with translation.override("id"):
        assert finding_message(f) == CONFLICT_STORED


# ---------------------------------------------------------------------------------------------
# What the importer and the validator produce fills its template


def under_a_header(rows: list[list[str]]) -> str:
    return test_fuzz.SMALL_PLAN + "\n".join("\t".join(row) for row in rows)


def produced_findings() -> list[Finding]:
    """Findings of the sample and its layout variants (importer and validator), and of the
    validator's own test plans (every rule, every nomenclature case)."""
    found: list[Finding] = []
    sample = SAMPLE.read_text(encoding="utf-8")
    for case in test_variants.CASES:
        if case.read_xfail:
            continue
        text = case.make(sample)
        if isinstance(text, str):
            found += read_plan_text(text).findings
    nomenclature_cases = test_rules.test_nomenclature_fires.pytestmark[0].args[1]
    for case in nomenclature_cases:
        found += rules.validate(test_rules.nomenclature_plan(case.values[0]))
    return found


def test_every_finding_produced_has_params_that_fill_its_template():
    found = produced_findings()
    assert {f.code for f in found} >= {"conflicting-target", "nomenclature-code-unknown"}
    for f in found:
        assert f.params, f
        for language in ("id", "en"):
            text = in_language(language, f)
            assert text is not None, (language, f)
            assert "%(" not in text


@test_fuzz.FUZZ
@given(st.one_of(test_fuzz.grids(), test_fuzz.body_rows.map(under_a_header)))
def test_findings_of_any_document_fill_their_templates(text: str) -> None:
    try:
        plan = read_plan_text(text, "fuzz.txt")
    except UnreadableDocument:
        return
    for f in plan.findings:
        assert in_language("id", f) is not None, f


def test_every_rule_fills_its_template():
    plan = test_rules.Plan(
        periods=test_rules.Q,
        nodes=[test_rules.program(test_rules.PEMERINTAHAN_PROGRAM, 1)],
    )
    plan.nodes[0].indicators = [
        test_rules.ind("Jumlah Dokumen", targets=(25, None, 75, 100), unit="%", line=10),
        test_rules.ind("Jumlah Laporan", targets=(25, 50, 75, 100), unit=None, line=11),
        test_rules.ind(
            "Persentase Konflik",
            targets=(25, 20, "Ada", 90),
            annual=100,
            unit="Kasus",
            line=12,
            objective="Persentase Konflik",
        ),
    ]
    found = rules.validate(plan)
    assert {f.code for f in found} >= {
        "missing-target", "target-decreasing", "target-not-annual", "unit-stem-mismatch",
        "objective-equals-indicator", "polarity-unset", "text-target",
    }  # fmt: skip
    for f in found:
        assert in_language("id", f) is not None, f


# ---------------------------------------------------------------------------------------------
# The pages


def test_plan_page_in_indonesian(client, alice, plan):
    html = login(client, alice).get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert CONFLICT_ID in html
    assert CONFLICT_EN not in html and "50 kept" not in html
    # the validator's findings too: the missing quarters of line 84
    assert "belum diisi untuk indikator" in html


def test_plan_page_in_english(client, alice, plan):
    login(client, alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert CONFLICT_EN in html
    assert "tertulis 50 pada baris 11" not in html
    assert "targets missing for" in html


def test_plan_page_of_a_plan_stored_before_params_shows_the_stored_message(client, alice, plan):
    stored = [{k: v for k, v in f.items() if k != "params"} for f in plan.import_findings]
    assert stored != plan.import_findings  # the import saved params
    Plan.objects.filter(pk=plan.pk).update(import_findings=stored)
    html = login(client, alice).get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert CONFLICT_STORED.replace("'", "&#x27;") in html
    assert CONFLICT_ID not in html
    # the validator's findings are made afresh, with params: in Indonesian
    assert "belum diisi untuk indikator" in html


def test_json_download_keeps_the_params(client, alice, plan):
    login(client, alice)
    data = client.get(reverse("plan_json", args=[plan.pk])).json()
    conflict = next(f for f in data["findings"] if f["code"] == "conflicting-target")
    assert conflict["message"] == CONFLICT_STORED
    assert conflict["params"] == {
        "variant": "target", "period": "TW3", "indicator": INDICATOR,
        "first_line": 11, "second_line": 13, "first": 50, "second": 70,
    }  # fmt: skip
    missing = next(f for f in data["findings"] if f["code"] == "missing-target")
    assert missing["params"]["periods"]


def test_import_preview_in_each_language(client, alice, kaligondang):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, alice)
    upload = SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes(), content_type="text/plain")
    response = client.post(
        reverse("import_upload", args=[kaligondang.pk]),
        {"file": upload, "year": "2022", "version": "murni"},
    )
    assert response.status_code == 302
    preview = response["Location"]
    html = client.get(preview).content.decode()
    assert CONFLICT_ID in html and CONFLICT_EN not in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(preview).content.decode()
    assert CONFLICT_EN in html and CONFLICT_ID not in html
